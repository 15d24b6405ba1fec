"""An imported amount is bounded as a typed one is (samsyn.core.money.MAX_KRONOR), number cells too."""

import pytest

from samsyn.economy.rules.imports import parse_amount


@pytest.mark.parametrize("cell", [10**12, 10**20, -(10**20), 1e30, -1e30, "99999999999999999"])
def test_an_imported_amount_past_the_bound_is_refused(cell):
    with pytest.raises(ValueError):
        parse_amount(cell)
