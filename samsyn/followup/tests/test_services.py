"""The services check the policy themselves: role × write action, focus areas, other partnerships;
and what they record in the audit."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samsyn.core.models import AuditEntry, FocusArea, Partnership, Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.followup import services
from samsyn.followup.models import (
    Ballot,
    Evaluation,
    Event,
    FollowupPlanItem,
    ImpactStory,
    Kpi,
    Measurement,
    Statement,
)

from .test_policy import EXPECTED

# The KPIs' targets of a year are part of the year's business plan, written under governance's
# "plan.change": the process support office.
ALLOWED = {**EXPECTED, "plan.change": {Role.ADMINISTRATOR, Role.PROCESS_LEADER, Role.DEPUTY_PROCESS_LEADER}}


@dataclass
class World:
    shk: Partnership
    aldre: FocusArea
    barn: FocusArea
    kpi: Kpi
    evaluation: Evaluation
    story: ImpactStory
    event: Event
    plan_item: FollowupPlanItem
    person: Person


@pytest.fixture
def world(shk):
    aldre = FocusArea.objects.get(partnership=shk, slug="aldre")
    barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
    kpi = Kpi.objects.get(partnership=shk, key="antal-piloter")
    story = ImpactStory.objects.filter(partnership=shk).first()
    event = Event.objects.filter(partnership=shk).first()
    for obj in (kpi, story, event):
        obj.focus_area = aldre
        obj.save()
    evaluation = Evaluation.objects.create(partnership=shk, key="ny-2024", title="Ny", year=2024, audience="link")
    return World(
        shk=shk,
        aldre=aldre,
        barn=barn,
        kpi=kpi,
        evaluation=evaluation,
        story=story,
        event=event,
        plan_item=FollowupPlanItem.objects.filter(partnership=shk).first(),
        person=Person.objects.filter(partnership=shk).first(),
    )


def actor_of(world, role, focus_area=None):
    """An actor holding one role in the partnership; a Core Team member in the older people's focus area."""
    if role == Role.CORE_TEAM_MEMBER:
        focus_area = focus_area or world.aldre
    return Actor(
        partnership_id=world.shk.pk,
        person_id=world.person.pk,
        grants=frozenset({Grant(role, focus_area.pk if focus_area else None)}),
    )


def _followed(plan_item):
    """`plan_item` with a row after it in its year, so that moving it down moves something."""
    FollowupPlanItem.objects.get_or_create(
        partnership=plan_item.partnership,
        key="efter",
        defaults={"year": plan_item.year, "order": plan_item.order + 1000, "question": "?"},
    )
    return plan_item


# Each write service with the action it checks, called as a view would call it.
CALLS = {
    "kpi_create": (
        "kpi.manage",
        lambda a, w: services.kpi_create(actor=a, user=None, partnership=w.shk, name="Ny", focus_area=None),
    ),
    "kpi_change": ("kpi.manage", lambda a, w: services.kpi_change(actor=a, user=None, kpi=w.kpi, name="Nytt namn")),
    "measurement_record": (
        "measurement.record",
        lambda a, w: services.measurement_record(
            actor=a, user=None, kpi=w.kpi, period_start=date(2024, 1, 1), value=Decimal("3")
        ),
    ),
    "measurement_import": (
        "measurement.record",
        lambda a, w: services.measurement_import(
            actor=a, user=None, partnership=w.shk, data=b"kpi;period;value\nantal-piloter;2024;3\n"
        ),
    ),
    "evaluation_create": (
        "evaluation.manage",
        lambda a, w: services.evaluation_create(actor=a, user=None, partnership=w.shk, title="E", year=2025),
    ),
    "evaluation_change": (
        "evaluation.manage",
        lambda a, w: services.evaluation_change(actor=a, user=None, evaluation=w.evaluation, title="Annan"),
    ),
    "statements_set": (
        "evaluation.manage",
        lambda a, w: services.statements_set(actor=a, user=None, evaluation=w.evaluation, texts=["Ett"]),
    ),
    "respondents_invite": (
        "evaluation.manage",
        lambda a, w: services.respondents_invite(actor=a, user=None, evaluation=w.evaluation, people=[w.person]),
    ),
    "evaluation_status_set": (
        "evaluation.manage",
        lambda a, w: services.evaluation_status_set(actor=a, user=None, evaluation=w.evaluation, status="open"),
    ),
    "story_create": (
        "story.change",
        lambda a, w: services.story_create(
            actor=a, user=None, partnership=w.shk, person_name="N N", text="T", focus_area=w.aldre
        ),
    ),
    "story_change": ("story.change", lambda a, w: services.story_change(actor=a, user=None, story=w.story, text="T2")),
    "event_create": (
        "event.change",
        lambda a, w: services.event_create(
            actor=a, user=None, partnership=w.shk, date=date(2024, 5, 1), title="Ny", focus_area=w.aldre
        ),
    ),
    "event_change": ("event.change", lambda a, w: services.event_change(actor=a, user=None, event=w.event, title="X")),
    "plan_item_create": (
        "followup_plan.change",
        lambda a, w: services.plan_item_create(actor=a, user=None, partnership=w.shk, year=2025, question="?"),
    ),
    "plan_item_change": (
        "followup_plan.change",
        lambda a, w: services.plan_item_change(actor=a, user=None, plan_item=w.plan_item, question="Ny fråga?"),
    ),
    "plan_item_move": (
        "followup_plan.change",
        lambda a, w: services.plan_item_move(actor=a, user=None, plan_item=_followed(w.plan_item), direction="down"),
    ),
    "kpi_targets_set": (
        "plan.change",
        lambda a, w: services.kpi_targets_set(
            actor=a, user=None, partnership=w.shk, year=2031, targets={w.kpi.pk: Decimal("7")}
        ),
    ),
    "kpi_targets_copy": (
        "plan.change",
        # The demo's illustrative 2026 sets four targets.
        lambda a, w: services.kpi_targets_copy(actor=a, user=None, partnership=w.shk, from_year=2026, to_year=2031),
    ),
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("name", sorted(CALLS))
def test_service_checks_the_policy(world, name, role):
    action, call = CALLS[name]
    audits = AuditEntry.objects.count()
    if role in ALLOWED[action]:
        call(actor_of(world, role), world)
        assert AuditEntry.objects.count() > audits
    else:
        with pytest.raises(PermissionDenied):
            call(actor_of(world, role), world)
        assert AuditEntry.objects.count() == audits


@pytest.mark.parametrize("name", sorted(CALLS))
def test_nobody_and_other_partnerships_are_refused(world, name):
    _action, call = CALLS[name]
    with pytest.raises(PermissionDenied):
        call(None, world)
    stranger = Actor(partnership_id=world.shk.pk + 1000, person_id=None, grants=frozenset({Grant(Role.ADMINISTRATOR)}))
    with pytest.raises(PermissionDenied):
        call(stranger, world)


@pytest.mark.parametrize("name", ["story_change", "event_change", "measurement_record"])
def test_core_team_of_another_focus_area_is_refused(world, name):
    _action, call = CALLS[name]
    with pytest.raises(PermissionDenied):
        call(actor_of(world, Role.CORE_TEAM_MEMBER, world.barn), world)


def test_core_team_may_not_choose_another_focus_area(world):
    core_team = actor_of(world, Role.CORE_TEAM_MEMBER)
    with pytest.raises(ValidationError) as error:
        services.story_create(
            actor=core_team,
            user=None,
            partnership=world.shk,
            key="ny",
            person_name="N",
            text="T",
            focus_area=world.barn,
        )
    assert error.value.message_dict == {"focus_area": ["Du kan bara välja ditt eget fokusområde."]}
    with pytest.raises(ValidationError):
        services.event_change(actor=core_team, user=None, event=world.event, focus_area=world.barn)
    world.event.refresh_from_db()
    assert world.event.focus_area == world.aldre
    assert not ImpactStory.objects.filter(partnership=world.shk, key="ny").exists()


def test_import_refuses_a_kpi_outside_the_focus_area(world):
    with pytest.raises(ValidationError) as error:
        services.measurement_import(
            actor=actor_of(world, Role.CORE_TEAM_MEMBER, world.barn),
            user=None,
            partnership=world.shk,
            data=b"kpi;period;value\nantal-piloter;2024;3\n",
        )
    assert "2" in error.value.messages[0] and "kpi" in error.value.messages[0]
    assert not Measurement.objects.filter(kpi=world.kpi, period_start__year=2024).exists()


def test_values_from_another_partnership_are_refused(world):
    other = Partnership.objects.create(slug="annan", name="Annan")
    foreign = FocusArea.objects.create(partnership=other, slug="x", name="X")
    with pytest.raises(ValidationError) as error:
        services.kpi_change(actor=actor_of(world, Role.ADMINISTRATOR), user=None, kpi=world.kpi, focus_area=foreign)
    assert set(error.value.message_dict) == {"focus_area"}
    stranger = Person.objects.create(partnership=other, key="s", name="S")
    with pytest.raises(ValidationError):
        services.respondents_invite(
            actor=actor_of(world, Role.ADMINISTRATOR), user=None, evaluation=world.evaluation, people=[stranger]
        )
    world.kpi.refresh_from_db()
    assert world.kpi.focus_area == world.aldre


def test_change_audits_the_stored_values_before(world):
    world.kpi.name = "Ändrad i minnet"  # as a ModelForm leaves the instance it validated
    stored = Kpi.objects.get(pk=world.kpi.pk).name
    kpi = services.kpi_change(actor=actor_of(world, Role.PROCESS_LEADER), user=None, kpi=world.kpi, name="Nytt")
    entry = AuditEntry.objects.filter(action="kpi.save", object_id=str(kpi.pk)).latest("pk")
    assert entry.before["name"] == stored and entry.after["name"] == "Nytt"


def test_many_to_many_values_are_set_and_audited(world):
    evaluation = Evaluation.objects.get(partnership=world.shk, key="utvardering-2023")
    item = services.plan_item_change(
        actor=actor_of(world, Role.RESEARCHER),
        user=None,
        plan_item=world.plan_item,
        kpis=Kpi.objects.filter(pk=world.kpi.pk),
        evaluations=[evaluation],
    )
    assert list(item.kpis.all()) == [world.kpi] and list(item.evaluations.all()) == [evaluation]
    entry = AuditEntry.objects.filter(action="followup_plan.save", object_id=str(item.pk)).latest("pk")
    assert entry.after["kpis"] == [world.kpi.pk] and entry.after["evaluations"] == [evaluation.pk]


def test_unknown_status_is_refused(world):
    with pytest.raises(ValidationError):
        services.evaluation_status_set(
            actor=actor_of(world, Role.PROCESS_LEADER), user=None, evaluation=world.evaluation, status="gone"
        )


def test_an_invited_only_evaluation_takes_no_answer_without_an_invitation(world):
    Statement.objects.create(partnership=world.shk, evaluation=world.evaluation, order=1, text="Ett")
    world.evaluation.status = Evaluation.Status.OPEN
    world.evaluation.save()
    answers = {world.evaluation.statements.get().pk: ("green", "", "")}
    assert services.responses_submit(evaluation=world.evaluation, answers=answers)  # the open link's secret
    world.evaluation.audience = Evaluation.Audience.INVITED
    world.evaluation.save()
    with pytest.raises(PermissionDenied):
        services.responses_submit(evaluation=world.evaluation, answers=answers)
    assert Ballot.objects.filter(evaluation=world.evaluation).count() == 1


# What the pages do with a post the service refuses.
FORM_PAGES = [
    "/shk/uppfoljning/nyckeltal/ny/",
    "/shk/uppfoljning/nyckeltal/antal-piloter/andra/",
    "/shk/uppfoljning/nyckeltal/import/",
    "/shk/uppfoljning/utvarderingar/ny/",
    "/shk/uppfoljning/utvarderingar/utvardering-2023/",
    "/shk/uppfoljning/berattelser/ny/",
    "/shk/uppfoljning/evenemang/nytt/",
    "/shk/uppfoljning/plan/ny/",
]


@pytest.mark.parametrize("url", FORM_PAGES)
def test_reader_posting_to_a_form_page_is_refused(shk, client_as, url):
    """Whether the post is complete or not: 403, and nothing is written but the two refusals."""
    changes = AuditEntry.objects.exclude(action="access.deny")
    audits = changes.count()
    reader = client_as("lasare")
    assert reader.post(url, {}).status_code == 403
    assert reader.post(url, {"status": "open"}).status_code == 403
    assert changes.count() == audits
    assert AuditEntry.objects.filter(action="access.deny").count() == 2


def test_reader_posting_a_complete_form_is_refused_by_the_service(shk, client_as):
    data = {"name": "Ny kpi", "unit": "count", "direction": "up", "periodicity": "year"}
    assert client_as("lasare").post("/shk/uppfoljning/nyckeltal/ny/", data).status_code == 403
    assert not Kpi.objects.filter(key="ny-kpi").exists()
    response = client_as("processledare").post("/shk/uppfoljning/nyckeltal/ny/", data)
    assert response.status_code == 302 and Kpi.objects.filter(key="ny-kpi").exists()


def test_public_answer_needs_no_login(shk):
    ev = Evaluation.objects.create(partnership=shk, key="oppen", title="Öppen", year=2024, audience="link")
    services.statements_set(
        actor=Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)})),
        user=None,
        evaluation=ev,
        texts=["Ett"],
    )
    ev.status = "open"
    ev.save()
    statement = ev.statements.get()
    response = Client().post(f"/svara/{ev.code}/", {f"s{statement.pk}-colour": "green"})
    assert response.status_code == 302 and ev.ballots.get().responses.get().colour == "green"
