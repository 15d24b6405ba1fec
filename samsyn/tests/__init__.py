"""Tests across every app: the demo as a whole and the partnerships kept apart in every app."""
