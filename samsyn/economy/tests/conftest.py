"""Fixtures of the economy tests: a demo login as the services see it."""

import pytest

from samsyn.core.policy import actor_load


@pytest.fixture
def login(shk, django_user_model):
    """login("ekonomi") -> (user, actor): the demo user and the roles they hold in SHK today."""

    def make(username):
        user = django_user_model.objects.get(username=username)
        return user, actor_load(user, shk)

    return make
