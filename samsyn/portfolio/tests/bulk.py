"""Many initiatives in a few queries, for the tests that show a page's query count does not grow with the data."""

from collections.abc import Iterable, Mapping
from typing import Any

from samsyn.portfolio.models import Initiative


def initiatives_bulk_create(
    shk: Any, n: int, *, name: str, relations: Mapping[str, Iterable[Any]], **fields: Any
) -> list[Initiative]:
    """Create `n` initiatives "extra-0".."extra-<n-1>" with `fields`, each related to every object of
    `relations` (many-to-many field name -> objects), through bulk inserts rather than one save each."""
    created = Initiative.objects.bulk_create(
        Initiative(partnership=shk, slug=f"extra-{k}", name=name.format(k=k), **fields) for k in range(n)
    )
    for field, targets in relations.items():
        through = getattr(Initiative, field).through
        source, target = (f.attname for f in through._meta.get_fields() if f.many_to_one)
        through.objects.bulk_create(through(**{source: i.pk, target: t.pk}) for i in created for t in list(targets))
    return created
