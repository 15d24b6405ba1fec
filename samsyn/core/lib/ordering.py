"""Places in a list that users set by moving an entry up or down, never by typing a number.

A new entry goes last (the highest number + 1); moving swaps an entry with its neighbour, so the
numbers stay those the list already had ("§ 3", "Bilaga 2"), only which entry holds them changes.
"""

from __future__ import annotations

from django.db.models import Max, Model, QuerySet

UP, DOWN = "up", "down"
DIRECTIONS = (UP, DOWN)


def place_next(siblings: QuerySet, *, field: str) -> int:
    """The number after the last of `siblings`: 1 for the first."""
    return (siblings.aggregate(last=Max(field))["last"] or 0) + 1


def neighbour_swap(siblings: QuerySet, obj: Model, *, field: str, direction: str) -> Model | None:
    """Swap `obj`'s number with that of its neighbour in `siblings` above (up) or below (down).

    Returns the neighbour, or None when `obj` is already first (up) or last (down). The caller
    holds the transaction. Both rows are locked first; the numbers are unique in the list, so one
    of them passes through 0, which no entry holds."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    own = getattr(obj, field)
    if direction == UP:
        neighbours = siblings.filter(**{f"{field}__lt": own}).order_by(f"-{field}")
    else:
        neighbours = siblings.filter(**{f"{field}__gt": own}).order_by(field)
    neighbour = neighbours.select_for_update().first()
    if neighbour is None:
        return None
    theirs = getattr(neighbour, field)
    model = type(obj)._default_manager
    model.filter(pk=obj.pk).update(**{field: 0})
    model.filter(pk=neighbour.pk).update(**{field: own})
    model.filter(pk=obj.pk).update(**{field: theirs})
    setattr(obj, field, theirs)
    setattr(neighbour, field, own)
    return neighbour
