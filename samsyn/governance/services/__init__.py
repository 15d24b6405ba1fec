"""Writes of the governance app, one module per part: each service checks the policy, writes and
records its audit entry in one transaction."""

from . import calendar_tokens, goals, meetings, notices, plans, reports, requisitions, spending

__all__ = ["calendar_tokens", "goals", "meetings", "notices", "plans", "reports", "requisitions", "spending"]
