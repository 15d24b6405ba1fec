"""Portfolio's reports; importing the package registers their kinds in the report registry."""

from . import learning, levels, matrix, proposals  # noqa: F401
