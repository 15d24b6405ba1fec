"""What the economy tells the apps above it, which it does not import."""

from django.dispatch import Signal

# Sent inside the recording's transaction when pilot money is recorded against an item of a board
# meeting, with grant, board_item, actor and user. Governance, which owns the meeting items, keeps
# the link from the grant to the item (an exception raised there undoes the grant).
pilot_grant_recorded = Signal()
