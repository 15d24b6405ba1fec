"""Test helpers shared between apps (pytest plugins live here)."""
