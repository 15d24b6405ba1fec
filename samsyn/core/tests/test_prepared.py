"""A prepared query returns what its queryset returns, whatever the values, on SQLite and PostgreSQL
alike (the suite runs on both), and refuses a build whose arguments do not reach its parameters."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samsyn.core.lib.prepared import Prepared, prepared
from samsyn.core.models import Partnership, RoleAssignment
from samsyn.portfolio.models import Initiative


def initiatives_of(partnership_id, phase):
    return (
        Initiative.objects.filter(partnership_id=partnership_id, phase=phase)
        .select_related("owner", "testbed")
        .annotate(n_areas=Count("focus_areas"))
        .order_by("name", "pk")
    )


def roles_on(partnership_id, day):
    return (
        RoleAssignment.objects.filter(partnership_id=partnership_id, start__lte=day)
        .values("person_id", "role")
        .order_by("person_id", "role", "pk")
    )


@pytest.mark.django_db
def test_rows_are_those_of_the_queryset_for_every_value(shk):
    query = Prepared(initiatives_of)
    other = Partnership.objects.exclude(pk=shk.pk).first()
    for partnership_id in [shk.pk] + ([other.pk] if other else []):
        for phase in ("idea", "ongoing", "completed"):
            expected = list(initiatives_of(partnership_id, phase))
            got = query(partnership_id, phase)
            assert [(i.pk, i.name, i.n_areas) for i in got] == [(i.pk, i.name, i.n_areas) for i in expected]
            assert [i.owner.name if i.owner else None for i in got] == [
                i.owner.name if i.owner else None for i in expected
            ]
    assert query(shk.pk, "ongoing"), "the demo has ongoing initiatives"


@pytest.mark.django_db
def test_dates_and_values_rows(shk):
    query = prepared(roles_on)
    today = timezone.localdate()
    for day in (dt.date(2000, 1, 1), today, today - dt.timedelta(days=400)):
        assert query(shk.pk, day) == list(roles_on(shk.pk, day))
    assert query(shk.pk, today)


@pytest.mark.django_db
def test_one_query_each_time_and_compiled_once(shk, monkeypatch):
    query = Prepared(roles_on)
    query(shk.pk, timezone.localdate())
    built = []
    monkeypatch.setattr(query, "build", lambda *args: built.append(args))
    with CaptureQueriesContext(connection) as captured:
        query(shk.pk, timezone.localdate())
    assert len(captured) == 1
    assert built == []


@pytest.mark.django_db
def test_an_argument_that_is_rewritten_or_not_a_value_is_refused(shk):
    with pytest.raises(ValueError, match="does not reach"):
        Prepared(lambda name: Initiative.objects.filter(name__icontains=name))("x")
    with pytest.raises(TypeError):
        Prepared(lambda flag: Initiative.objects.filter(pk=1) if flag else Initiative.objects.none())(True)
    with pytest.raises(TypeError):
        Prepared(lambda pk: Initiative.objects.filter(owner_id=pk))(None)
