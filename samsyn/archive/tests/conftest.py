import pytest

from samsyn.archive.testing import registrar


@pytest.fixture
def register(shk):
    return registrar(shk)
