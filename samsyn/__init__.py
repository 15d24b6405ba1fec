"""Samsyn: one source of truth for mission-oriented partnerships."""
