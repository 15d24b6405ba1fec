"""Load the whole-portfolio matrix from demo_data/<slug>_matrix.json (see samsyn.portfolio.demo).

An item is matched on its portfolio and title, so loading again puts every demo item
back in the cell the seed gives it and changes nothing else.
"""

from samsyn.core.models import FocusArea

from ..models import Initiative, MatrixItem, Portfolio


def load(partnership, data):
    P = {"partnership": partnership}
    portfolio = Portfolio.objects.get(**P, slug=data["portfolio"])
    areas = {fa.slug: fa for fa in FocusArea.objects.filter(**P)}
    initiatives = {i.slug: i for i in Initiative.objects.filter(**P)}
    for order, item in enumerate(data["items"]):
        MatrixItem.objects.update_or_create(
            **P,
            portfolio=portfolio,
            title=item["title"],
            defaults={
                "kind": item["kind"],
                "initiative": initiatives[item["initiative"]] if item.get("initiative") else None,
                "focus_area": areas[item["focus_area"]] if item.get("focus_area") else None,
                "layer": item["layer"],
                "ring": item["ring"],
                "stage": item.get("stage") or "",
                "description": item.get("description") or "",
                "order": order,
            },
        )
