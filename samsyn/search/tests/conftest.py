"""Fixtures of the search tests: documents registered as the archive's services do it (and so indexed)."""

import pytest

from samsyn.archive.testing import registrar


@pytest.fixture
def register(shk):
    return registrar(shk)
