"""What the portfolio tells the apps above it, which it does not import."""

from django.dispatch import Signal

# Sent inside the decision's transaction when a proposal item with a budget is approved, with
# item, actor, user, on and board_item. Governance records the spending decision it is (and
# refuses one without the authority by raising ValidationError, which undoes the approval).
proposal_item_approved = Signal()
