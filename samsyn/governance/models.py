"""Models of the governance app."""
from django.db import models  # noqa: F401
