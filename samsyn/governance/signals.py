"""What governance tells the apps above it, which it does not import."""

from django.dispatch import Signal

# Sent inside plan_start's transaction when a year's plan is started from the year before's, with
# partnership, from_year, to_year, actor, user and check (False when the server's own loader starts it). Follow-up, which owns the KPIs, copies the
# previous year's KPI targets; a receiver returns how many records it copied (an exception raised
# there undoes the whole start).
plan_started = Signal()
