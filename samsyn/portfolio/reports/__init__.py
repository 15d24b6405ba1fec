"""Portfolio's reports; importing the package registers their kinds in the report registry."""

from . import levels, matrix, proposals  # noqa: F401
