"""Models of the economy app."""
from django.db import models  # noqa: F401
