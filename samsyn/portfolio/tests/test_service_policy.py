"""Every write service of the portfolio asks the policy itself: each role × each service.

The views no longer refuse a POST; the services do. A refused call raises PermissionDenied and
writes nothing (not even an audit entry); an allowed one goes through. The services take plain
keyword data, so these tests call them as a loader or a command would, without a form.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samsyn.core.models import AuditEntry, FocusArea, Partnership, Person
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.portfolio.models import (
    Colour,
    DecisionProposal,
    Initiative,
    LearningEntry,
    MatrixItem,
    Phase,
    Portfolio,
    ProposalItem,
    Relation,
)
from samsyn.portfolio.services import initiatives, learning, matrix, proposals
from samsyn.portfolio.services.proposals import ProposalItemFields

pytestmark = pytest.mark.django_db
ON = date(2024, 5, 20)
R = Role
STAFF = {R.ADMINISTRATOR, R.PROCESS_LEADER, R.DEPUTY_PROCESS_LEADER}
# Roles whose right reaches the initiatives they own.
OWNERS = {R.INITIATIVE_OWNER, R.PROJECT_LEADER}


class Objects:
    """An initiative of Barn och unga owned by `owner`, related to another, with a matrix item, a
    board item (no focus area) and a proposal with one item, all of Barn och unga."""

    def __init__(self, shk):
        self.shk = shk
        self.barn = FocusArea.objects.get(partnership=shk, slug="barn-och-unga")
        self.aldre = FocusArea.objects.get(partnership=shk, slug="aldre")
        self.owner, self.stranger = Person.objects.filter(partnership=shk).order_by("pk")[:2]
        self.initiative = self._initiative("policytest-egen", owner=self.owner)
        self.other = self._initiative("policytest-annan")
        self.relation = Relation.objects.create(
            partnership=shk, source=self.initiative, target=self.other, kind=Relation.Kind.BUILDS_ON
        )
        self.portfolio = Portfolio.objects.filter(partnership=shk, level=Portfolio.Level.MACRO).first()
        self.item = self._matrix_item("Barns post", self.barn)
        self.board_item = self._matrix_item("Styrelsens post", None)
        self.proposal = DecisionProposal.objects.create(
            partnership=shk, focus_area=self.barn, title="Policytest", date=ON, period="ht 2024"
        )
        self.proposal_item = ProposalItem.objects.create(
            partnership=shk, proposal=self.proposal, order=1, kind=ProposalItem.Kind.NEW, name="Ny insats"
        )

    def _initiative(self, slug, owner=None):
        initiative = Initiative.objects.create(partnership=self.shk, slug=slug, name=slug.title(), owner=owner)
        initiative.focus_areas.set([self.barn])
        return initiative

    def _matrix_item(self, title, area):
        return MatrixItem.objects.create(
            partnership=self.shk,
            portfolio=self.portfolio,
            title=title,
            kind="competence",
            focus_area=area,
            layer="competence",
            ring="individual",
        )


def _matrix_fields(p, **changes):
    fields = {
        "title": "Läxhjälp",
        "kind": "competence",
        "initiative": None,
        "focus_area": p.barn,
        "layer": "competence",
        "ring": "individual",
        "stage": "explore",
        "description": "",
    }
    return {**fields, **changes}


i, m, pr, le = initiatives, matrix, proposals, learning
ITEM: ProposalItemFields = {
    "kind": ProposalItem.Kind.NEW,
    "name": "Läxhjälp",
    "budget_ore": None,
    "target_phase": Phase.PHASE_1,
}
# service name -> (roles allowed on Barn och unga's objects and the owner's initiative, call(objects, actor))
CASES = {
    "initiative_create": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: i.initiative_create(
            actor=a, user=None, partnership=p.shk, name="Läxhjälp i Skultuna", focus_areas=[p.barn]
        ),
    ),
    "initiative_change": (
        STAFF | {R.CORE_TEAM_MEMBER} | OWNERS,
        lambda p, a: i.initiative_change(actor=a, user=None, initiative=p.initiative, description="Ändrad"),
    ),
    "initiative_move_phase": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: i.initiative_move_phase(
            actor=a, user=None, initiative=p.initiative, phase=Phase.ONGOING, on=ON, decision="Beslut"
        ),
    ),
    "matrix_item_create": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: m.matrix_item_create(actor=a, user=None, portfolio=p.portfolio, **_matrix_fields(p)),
    ),
    "matrix_item_change": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: m.matrix_item_change(actor=a, user=None, item=p.item, description="Ändrad"),
    ),
    "matrix_item_move": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: m.matrix_item_move(
            actor=a, user=None, item=p.item, layer="culture", ring="wider_network", stage=""
        ),
    ),
    "matrix_item_remove": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: m.matrix_item_remove(actor=a, user=None, item=p.item),
    ),
    "proposal_create": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_create(
            actor=a, user=None, partnership=p.shk, focus_area=p.barn, title="Nytt underlag", date=ON
        ),
    ),
    "proposal_change": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_change(actor=a, user=None, proposal=p.proposal, title="Ändrat"),
    ),
    "proposal_item_create": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_item_create(actor=a, user=None, proposal=p.proposal, **ITEM),
    ),
    "proposal_item_change": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_item_change(actor=a, user=None, item=p.proposal_item, budget_ore=100),
    ),
    "proposal_funding_set": (
        STAFF | {R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_funding_set(actor=a, user=None, proposal=p.proposal, amounts={"ordinary": 100}),
    ),
    "proposal_item_decide": (
        {R.ADMINISTRATOR, R.PROCESS_LEADER, R.CORE_TEAM_MEMBER},
        lambda p, a: pr.proposal_item_decide(
            actor=a, user=None, item=p.proposal_item, decision=ProposalItem.Decision.REJECTED, on=ON
        ),
    ),
    "relation_add": (
        STAFF | {R.CORE_TEAM_MEMBER} | OWNERS,
        lambda p, a: le.relation_add(
            actor=a, user=None, source=p.initiative, target=p.other, kind=Relation.Kind.LEARNS_FROM
        ),
    ),
    "relation_remove": (
        STAFF | {R.CORE_TEAM_MEMBER} | OWNERS,
        lambda p, a: le.relation_remove(actor=a, user=None, relation=p.relation),
    ),
    "learning_entry_add": (
        STAFF | {R.CORE_TEAM_MEMBER, R.RESEARCHER} | OWNERS,
        lambda p, a: le.learning_entry_add(
            actor=a, user=None, initiative=p.initiative, kind=LearningEntry.Kind.LESSON, on=ON, text="Lärdom"
        ),
    ),
    "status_update_add": (
        STAFF | {R.CORE_TEAM_MEMBER} | OWNERS,
        lambda p, a: le.status_update_add(
            actor=a, user=None, initiative=p.initiative, colour=Colour.YELLOW, on=ON, text="Väntar"
        ),
    ),
}


def actor_as(p, role, focus_area=None, person=None):
    person = person or p.owner
    grant = Grant(role, focus_area.pk if focus_area else None)
    return Actor(partnership_id=p.shk.pk, person_id=person.pk, grants=frozenset({grant}))


@pytest.mark.parametrize("service", sorted(CASES))
@pytest.mark.parametrize("role", list(Role))
def test_service_asks_the_policy(shk, service, role):
    allowed, call = CASES[service]
    p = Objects(shk)
    # A Core Team member's right reaches their own focus area: here, Barn och unga's.
    actor = actor_as(p, role, p.barn if role == R.CORE_TEAM_MEMBER else None)
    audited = AuditEntry.objects.count()
    if role in allowed:
        call(p, actor)
        assert AuditEntry.objects.count() > audited
    else:
        with pytest.raises(PermissionDenied):
            call(p, actor)
        assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("service", sorted(CASES))
def test_a_right_reaches_only_its_own_focus_area_and_initiatives(shk, service):
    """The other focus area's Core Team member, and an owner of other initiatives, are refused."""
    __, call = CASES[service]
    p = Objects(shk)
    audited = AuditEntry.objects.count()
    for actor in (
        actor_as(p, R.CORE_TEAM_MEMBER, p.aldre),
        actor_as(p, R.INITIATIVE_OWNER, person=p.stranger),
        actor_as(p, R.PROJECT_LEADER, person=p.stranger),
    ):
        with pytest.raises(PermissionDenied):
            call(p, actor)
    assert AuditEntry.objects.count() == audited


@pytest.mark.parametrize("service", sorted(CASES))
def test_no_actor_or_an_actor_of_another_partnership_is_refused(shk, service):
    __, call = CASES[service]
    p = Objects(shk)
    stranger = Actor(partnership_id=shk.pk + 1000, person_id=None, grants=frozenset({Grant(R.ADMINISTRATOR)}))
    for actor in (None, stranger):
        with pytest.raises(PermissionDenied):
            call(p, actor)


# --- as it was and as it will be -------------------------------------------------------------------


def test_an_owner_cannot_take_over_an_initiative_by_naming_themselves_owner(shk):
    p = Objects(shk)
    owner = actor_as(p, R.INITIATIVE_OWNER, person=p.stranger)
    with pytest.raises(PermissionDenied):
        i.initiative_change(actor=owner, user=None, initiative=p.initiative, owner=p.stranger)
    p.initiative.refresh_from_db()
    assert p.initiative.owner == p.owner


def test_an_owner_changes_their_initiative_but_not_its_phase(shk):
    p = Objects(shk)
    owner = actor_as(p, R.INITIATIVE_OWNER)
    i.initiative_change(actor=owner, user=None, initiative=p.initiative, description="Ny text")
    with pytest.raises(PermissionDenied):
        i.initiative_change(actor=owner, user=None, initiative=p.initiative, phase=Phase.COMPLETED)
    p.initiative.refresh_from_db()
    assert p.initiative.description == "Ny text" and p.initiative.phase == Phase.EXPLORING


def test_core_team_member_cannot_move_an_initiative_or_item_to_the_other_focus_area(shk):
    p = Objects(shk)
    member = actor_as(p, R.CORE_TEAM_MEMBER, p.barn)
    with pytest.raises(PermissionDenied):
        i.initiative_change(actor=member, user=None, initiative=p.initiative, focus_areas=[p.aldre])
    with pytest.raises(PermissionDenied):
        m.matrix_item_change(actor=member, user=None, item=p.item, focus_area=p.aldre)
    with pytest.raises(PermissionDenied):
        m.matrix_item_change(actor=member, user=None, item=p.item, focus_area=None)
    with pytest.raises(PermissionDenied):
        m.matrix_item_move(actor=member, user=None, item=p.board_item, layer="culture", ring="individual", stage="")
    assert list(p.initiative.focus_areas.all()) == [p.barn]
    p.item.refresh_from_db()
    assert p.item.focus_area == p.barn


# --- plain data, checked by the service --------------------------------------------------------------


def test_initiative_create_makes_the_short_name_and_opens_the_phase_history(shk):
    p = Objects(shk)
    admin = actor_as(p, R.ADMINISTRATOR)
    created = i.initiative_create(
        actor=admin, user=None, partnership=shk, name="Läxhjälp i Skultuna", phase=Phase.PHASE_1, focus_areas=[p.barn]
    )
    assert created.slug == "laxhjalp-i-skultuna" and created.phase == Phase.PHASE_1
    assert list(created.phase_changes.values_list("phase", flat=True)) == [Phase.PHASE_1]
    assert AuditEntry.objects.filter(action="initiative.create", object_id=str(created.pk)).exists()


def test_initiative_create_makes_a_free_short_name_and_a_rename_keeps_it(shk):
    p = Objects(shk)
    admin = actor_as(p, R.ADMINISTRATOR)
    first = i.initiative_create(actor=admin, user=None, partnership=shk, name="Policytest Egen", focus_areas=[p.barn])
    second = i.initiative_create(actor=admin, user=None, partnership=shk, name="Policytest Egen", focus_areas=[p.barn])
    assert (first.slug, second.slug) == ("policytest-egen-2", "policytest-egen-3")
    renamed = i.initiative_change(actor=admin, user=None, initiative=first, name="Ett annat namn")
    assert renamed.slug == "policytest-egen-2"


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"name": "Ny", "slug": "policytest-egen"}, "slug"),  # a loader's own key must be free
        ({"name": "Ny", "start": date(2024, 5, 1), "end": date(2024, 1, 1)}, "end"),
        ({"name": ""}, "name"),
        ({"name": "Ny", "phase": "nope"}, "phase"),
    ],
)
def test_initiative_create_refuses_bad_data_and_saves_nothing(shk, fields, field):
    p = Objects(shk)
    count = Initiative.objects.count()
    with pytest.raises(ValidationError) as refused:
        i.initiative_create(actor=actor_as(p, R.ADMINISTRATOR), user=None, partnership=shk, **fields)
    assert field in refused.value.message_dict
    assert Initiative.objects.count() == count


def test_a_matrix_item_standing_for_an_initiative_takes_its_name(shk):
    p = Objects(shk)
    item = m.matrix_item_create(
        actor=actor_as(p, R.CORE_TEAM_MEMBER, p.barn),
        user=None,
        portfolio=p.portfolio,
        **_matrix_fields(p, title="", kind="initiative", initiative=p.initiative),
    )
    assert item.title == p.initiative.name
    entry = AuditEntry.objects.get(action="matrix.place", object_id=str(item.pk))
    assert entry.after["initiative"] == p.initiative.pk


def test_a_proposal_item_links_only_an_initiative_of_its_focus_area(shk):
    p = Objects(shk)
    aldre_initiative = Initiative.objects.filter(partnership=shk, focus_areas=p.aldre).first()
    with pytest.raises(ValidationError) as refused:
        pr.proposal_item_create(
            actor=actor_as(p, R.ADMINISTRATOR), user=None, proposal=p.proposal, initiative=aldre_initiative, **ITEM
        )
    assert "initiative" in refused.value.message_dict
    item = pr.proposal_item_create(
        actor=actor_as(p, R.ADMINISTRATOR), user=None, proposal=p.proposal, initiative=p.initiative, **ITEM
    )
    assert item.order == 2 and item.initiative == p.initiative


def test_a_write_never_names_another_partnerships_object(shk):
    p = Objects(shk)
    other = Partnership.objects.create(slug="annat", name="Ett annat partnerskap")
    foreign = FocusArea.objects.create(partnership=other, slug="annat", name="Annat")
    admin = actor_as(p, R.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        i.initiative_change(actor=admin, user=None, initiative=p.initiative, focus_areas=[foreign])
    with pytest.raises(PermissionDenied):
        m.matrix_item_change(actor=admin, user=None, item=p.board_item, focus_area=foreign)
    assert list(p.initiative.focus_areas.all()) == [p.barn]
