"""A prepared query returns what its queryset returns, whatever the values, on SQLite and PostgreSQL
alike (the suite runs on both), and refuses a build whose arguments do not reach its parameters."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samsyn.core.lib.prepared import Prepared, prepared
from samsyn.core.models import AuditEntry, Partnership, Person, RoleAssignment


def people_with(partnership_id, role):
    return (
        Person.objects.filter(partnership_id=partnership_id, roles__role=role)
        .select_related("user")
        .annotate(n_roles=Count("roles"))
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
    query = Prepared(people_with)
    other = Partnership.objects.exclude(pk=shk.pk).first()
    for partnership_id in [shk.pk] + ([other.pk] if other else []):
        for role in ("process_leader", "core_team_member", "administrator"):
            expected = list(people_with(partnership_id, role))
            got = query(partnership_id, role)
            assert [(p.pk, p.name, p.n_roles) for p in got] == [(p.pk, p.name, p.n_roles) for p in expected]
            assert [p.user.username if p.user else None for p in got] == [
                p.user.username if p.user else None for p in expected
            ]
    assert query(shk.pk, "core_team_member"), "the demo has Core Team members"


@pytest.mark.django_db
def test_dates_and_values_rows(shk):
    query = prepared(roles_on)
    today = timezone.localdate()
    for day in (dt.date(2000, 1, 1), today, today - dt.timedelta(days=400)):
        assert query(shk.pk, day) == list(roles_on(shk.pk, day))
    assert query(shk.pk, today)


def audit_since(partnership_id, since):
    return AuditEntry.objects.filter(partnership_id=partnership_id, at__gte=since).order_by("-at", "-pk")[:20]


@pytest.mark.django_db
def test_values_are_converted_alike_on_every_run(shk):
    """The columns' converters (aware date and time, JSON) are found once and serve every run."""
    query = prepared(audit_since)
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    expected = [(e.pk, e.at, e.before, e.after) for e in audit_since(shk.pk, since)]
    assert expected, "the demo has an audit history"
    assert any(isinstance(after, dict) for *__, after in expected)
    for __ in range(3):
        got = [(e.pk, e.at, e.before, e.after) for e in query(shk.pk, since)]
        assert got == expected
        assert all(at.tzinfo is not None for __, at, *__ in got)


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
        Prepared(lambda name: Person.objects.filter(name__icontains=name))("x")
    with pytest.raises(TypeError):
        Prepared(lambda flag: Person.objects.filter(pk=1) if flag else Person.objects.none())(True)
    with pytest.raises(TypeError):
        Prepared(lambda pk: Person.objects.filter(user_id=pk))(None)


@pytest.mark.django_db
def test_keyword_arguments_are_the_shape_compiled_once_each(shk):
    query = Prepared(lambda pk, *, limit: Person.objects.filter(partnership_id=pk).order_by("name", "pk")[:limit])
    assert len(query(shk.pk, limit=2)) == 2
    assert len(query(shk.pk, limit=3)) == 3
    assert [i.pk for i in query(shk.pk, limit=3)] == [
        i.pk for i in Person.objects.filter(partnership=shk).order_by("name", "pk")[:3]
    ]


@pytest.mark.django_db
def test_the_compiled_shapes_are_bounded(shk, monkeypatch):
    # A list's page from a request is a shape (its offset): paging far must not keep every one compiled.
    monkeypatch.setattr("samsyn.core.lib.prepared.SHAPES_MAX", 3)
    query = Prepared(lambda pk, *, offset: Person.objects.filter(partnership_id=pk).order_by("pk")[offset : offset + 1])
    for offset in range(10):
        assert [p.pk for p in query(shk.pk, offset=offset)] == [
            p.pk for p in Person.objects.filter(partnership=shk).order_by("pk")[offset : offset + 1]
        ]
        assert len(query._compiled) <= 3
