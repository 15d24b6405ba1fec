"""The API's operations, a module per area; each registers its router on the API when imported."""

from . import archive, economy, followup, governance, portfolio, search

__all__ = ["archive", "economy", "followup", "governance", "portfolio", "search"]
