"""Models of the archive app."""
from django.db import models  # noqa: F401
