"""The SHK demo: transcribed from the seeds, loaded idempotently, one login per role."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from samsyn.core.demo import DEMO_USERNAMES, demo_load
from samsyn.core.models import Agreement, FocusArea, Organization, Person, RoleAssignment
from samsyn.core.roles import Role
from samsyn.portfolio import models as portfolio_models
from samsyn.portfolio.models import Initiative, Perspective, Phase


def table_snapshot():
    snapshot = {}
    for model in apps.get_models():
        if model._meta.app_label in {"core", "portfolio", "auth"} and model._meta.model_name not in {
            "permission",
            "group",
        }:
            rows = list(model.objects.order_by("pk").values())
            for row in rows:
                row.pop("last_login", None)
            snapshot[model._meta.label] = rows
    return snapshot


def test_loading_twice_changes_nothing(db, shk):
    before = table_snapshot()
    demo_load("shk", None)
    assert table_snapshot() == before


def test_the_three_parties_with_organisation_numbers(shk):
    parties = {o.key: o for o in Organization.objects.filter(partnership=shk, memberships__isnull=False).distinct()}
    assert {"mdu", "vasteras", "eskilstuna"} <= set(parties)
    assert parties["eskilstuna"].org_number == "212000-0357"
    assert parties["vasteras"].org_number == "218000-2180"
    assert parties["mdu"].kind == Organization.Kind.UNIVERSITY
    assert parties["vasteras"].kind == Organization.Kind.MUNICIPALITY


def test_agreement_2022_2025(shk):
    agreement = Agreement.objects.get(partnership=shk, key="2022-2025")
    assert (agreement.start.isoformat(), agreement.end.isoformat()) == ("2022-01-01", "2025-12-31")
    assert agreement.parties.count() == 3


def test_focus_areas_perspectives_testbeds(shk):
    names = set(FocusArea.objects.filter(partnership=shk).values_list("name", flat=True))
    assert names == {"Alla barn och unga lyckas", "Välmående och självständiga äldre"}
    assert Perspective.objects.filter(partnership=shk).count() == 9
    assert Perspective.objects.filter(partnership=shk, board_priority=True).count() == 3
    testbeds = " ".join(portfolio_models.Testbed.objects.filter(partnership=shk).values_list("name", flat=True))
    for place in ["Skultuna", "Zetterberg", "Mötesplatser", "Ängsgärdet"]:
        assert place in testbeds


def test_every_initiative_the_seeds_name(shk):
    names = set(Initiative.objects.filter(partnership=shk).values_list("name", flat=True))
    assert len(names) >= 25
    for expected in [
        "Demokratisk infrastruktur",
        "Physical literacy",
        "Cornerstone Indicators",
        "Måltider och möten",
        "Hälsofrämjande team",
        "Framtidens äldreboende",
        "Studentcoacher",
        "Normförskjutning",
        "Perspektivskifte tidiga insatser",
        "Samverkansmöjligheter för fler i förskolan",
    ]:
        assert any(n.lower().startswith(expected.lower()) for n in names), expected


def test_vt_2024_decision_moved_three_initiatives_into_phase_2(shk):
    in_phase_2 = set(Initiative.objects.filter(partnership=shk, phase=Phase.PHASE_2).values_list("slug", flat=True))
    assert {"demokratisk-infrastruktur", "pa-barn-och-ungas-villkor", "cornerstone-indicators"} <= in_phase_2


def test_people_with_roles(shk):
    emma = Person.objects.get(partnership=shk, name="Emma Mossberg")
    assert emma.roles.filter(role=Role.PROCESS_LEADER).exists()
    assert RoleAssignment.objects.filter(partnership=shk, role=Role.BOARD_MEMBER).count() >= 4


@pytest.mark.parametrize(
    "username,role",
    [
        ("admin", Role.ADMINISTRATOR),
        ("processledare", Role.PROCESS_LEADER),
        ("ekonomi", Role.ECONOMY_CONTROLLER),
        ("styrelse", Role.BOARD_MEMBER),
        ("coreteam-barn", Role.CORE_TEAM_MEMBER),
        ("coreteam-aldre", Role.CORE_TEAM_MEMBER),
        ("initiativagare", Role.INITIATIVE_OWNER),
        ("lasare", Role.READER),
    ],
)
def test_one_demo_login_per_role(shk, username, role):
    person = Person.objects.get(partnership=shk, user__username=username)
    assert person.roles.filter(role=role).exists()


def test_core_team_logins_belong_to_their_focus_areas(shk):
    barn = RoleAssignment.objects.get(person__user__username="coreteam-barn", role=Role.CORE_TEAM_MEMBER)
    aldre = RoleAssignment.objects.get(person__user__username="coreteam-aldre", role=Role.CORE_TEAM_MEMBER)
    assert barn.focus_area.slug == "barn-och-unga"
    assert aldre.focus_area.slug == "aldre"


def test_initiative_owner_owns_an_initiative(shk):
    assert Initiative.objects.filter(owner__user__username="initiativagare").exists()


def test_demo_password_is_set(shk):
    from samsyn.conftest import DEMO_PASSWORD

    User = get_user_model()
    for username in DEMO_USERNAMES:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
