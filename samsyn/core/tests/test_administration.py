"""The administrator's registers: every one listed, added to, changed and removed in the UI, under the
policy, with the history kept, in a constant number of queries."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samsyn.core import administration
from samsyn.core.administration import key_for, snapshot
from samsyn.core.models import (
    Agreement,
    AuditEntry,
    FeeBand,
    FocusArea,
    Membership,
    Organization,
    Partnership,
    Person,
    RoleAssignment,
)
from samsyn.core.roles import Role
from samsyn.core.selectors import deletion_effects, fee_table

DEMO_ROLES = ("processledare", "ekonomi", "styrelse", "coreteam-barn", "coreteam-aldre", "initiativagare", "lasare")


@pytest.mark.parametrize(
    "text,taken,expected",
    [
        ("Västerås stad", [], "vasteras-stad"),
        ("Västerås stad", ["vasteras-stad"], "vasteras-stad-2"),
        ("Västerås stad", ["vasteras-stad", "vasteras-stad-2"], "vasteras-stad-3"),
        ("Örebro läns landsting", [], "orebro-lans-landsting"),
        ("", [], "post"),
        ("!!!", ["post"], "post-2"),
        ("a" * 60, [], "a" * 50),
        ("a" * 60, ["a" * 50], "a" * 48 + "-2"),
    ],
)
def test_a_key_is_made_from_the_name_and_never_repeats_one_taken(text, taken, expected):
    assert key_for(text, taken) == expected


def test_every_register_has_a_list_a_form_and_a_removal_page_for_the_administrator(client_as, shk):
    client = client_as("admin")
    paths = [r.path for r in administration.registers()]
    # Core's, the portfolio's, the economy's and the archive's registers are all there.
    for path in ("personer", "roller", "organisationer", "medlemskap", "avtal", "avgiftstabell", "fokusomraden"):
        assert path in paths
    assert {"samhallsmal", "perspektiv", "testbaddar", "finansiering", "diarieserier"} <= set(paths)
    index = client.get(f"/{shk.slug}/administration/").content.decode()
    for register in administration.registers():
        assert f'href="/{shk.slug}/administration/{register.path}/"' in index
        listing = client.get(f"/{shk.slug}/administration/{register.path}/")
        assert listing.status_code == 200
        edit = re.search(rf'href="(/{shk.slug}/administration/{register.path}/\d+/)"', listing.content.decode())
        assert edit, f"{register.path} lists no entry in the demo"
        form = client.get(edit.group(1))
        assert form.status_code == 200
        # Removal is asked on the entry's own page (or the page says what keeps the entry).
        assert 'id="remove-h"' in form.content.decode()
        assert client.get(f"/{shk.slug}/administration/{register.path}/ny/").status_code == 200


@pytest.mark.parametrize("username", DEMO_ROLES)
def test_only_the_administrator_keeps_the_registers(client_as, shk, username):
    client = client_as(username)
    person = Person.objects.filter(partnership=shk).first()
    assert client.get(f"/{shk.slug}/administration/").status_code == 403
    assert client.get(f"/{shk.slug}/administration/personer/").status_code == 403
    assert client.get(f"/{shk.slug}/administration/personer/{person.pk}/").status_code == 403
    before = Person.objects.count()
    response = client.post(f"/{shk.slug}/administration/personer/ny/", {"name": "Ny Person"})
    assert response.status_code == 403
    assert Person.objects.count() == before
    assert client.post(f"/{shk.slug}/administration/personer/{person.pk}/ta-bort/").status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    assert client.post(f"/{shk.slug}/administration/partnerskapet/", {"name": "X"}).status_code == 403
    with_login = Person.objects.filter(partnership=shk, user__isnull=False).first()
    response = client.post(f"/{shk.slug}/administration/personer/{with_login.pk}/inloggning/ta-bort/")
    assert response.status_code == 403
    assert Person.objects.get(pk=with_login.pk).user_id is not None
    # And nothing on their pages leads there.
    assert f'href="/{shk.slug}/administration' not in client.get(f"/{shk.slug}/").content.decode()


def test_the_administrator_adds_a_person_whose_key_is_made_and_the_history_says_so(client_as, shk):
    client = client_as("admin")
    org = Organization.objects.get(partnership=shk, key="vasteras")
    response = client.post(
        f"/{shk.slug}/administration/personer/ny/",
        {"name": "Åsa Öberg", "title": "Utvecklingsledare", "email": "asa.oberg@example.se", "organization": org.pk},
    )
    assert response.status_code == 302
    person = Person.objects.get(partnership=shk, name="Åsa Öberg")
    assert person.key == "asa-oberg"
    assert person.organization == org
    entry = AuditEntry.objects.get(partnership=shk, action="person.create", object_id=str(person.pk))
    assert entry.after["organization"] == org.name
    history = client.get(f"/{shk.slug}/historik/").content.decode()
    assert "Demo Administratör lade till person ”Åsa Öberg”" in history
    # A second person of the same name gets a key of their own.
    client.post(f"/{shk.slug}/administration/personer/ny/", {"name": "Åsa Öberg"})
    assert sorted(Person.objects.filter(partnership=shk, name="Åsa Öberg").values_list("key", flat=True)) == [
        "asa-oberg",
        "asa-oberg-2",
    ]


def test_a_role_is_given_for_a_period_with_a_focus_area_and_a_party(client_as, shk):
    client = client_as("admin")
    person = Person.objects.get(partnership=shk, key="emma-mossberg")
    area = FocusArea.objects.filter(partnership=shk).first()
    party = Organization.objects.get(partnership=shk, key="eskilstuna")
    # A Core Team member without a focus area is refused in words, and nothing is saved.
    refused = client.post(
        f"/{shk.slug}/administration/roller/ny/",
        {"person": person.pk, "role": Role.CORE_TEAM_MEMBER, "start": "2026-01-01"},
    )
    assert refused.status_code == 200
    assert "en Core Team-medlem hör alltid till ett fokusområde" in refused.content.decode()
    assert not RoleAssignment.objects.filter(person=person, role=Role.CORE_TEAM_MEMBER).exists()
    response = client.post(
        f"/{shk.slug}/administration/roller/ny/",
        {
            "person": person.pk,
            "role": Role.CORE_TEAM_MEMBER,
            "focus_area": area.pk,
            "party": party.pk,
            "start": "2026-01-01",
            "end": "2026-12-31",
        },
    )
    assert response.status_code == 302
    role = RoleAssignment.objects.get(partnership=shk, person=person, role=Role.CORE_TEAM_MEMBER, focus_area=area)
    assert role.party == party
    assert str(role.end) == "2026-12-31"
    entry = AuditEntry.objects.get(action="roleassignment.create", object_id=str(role.pk))
    assert entry.after["focus_area"] == area.name
    assert entry.after["party"] == party.name


def test_lists_offer_only_the_partnership_s_own_records(client_as, shk):
    other = Partnership.objects.create(slug="annan", name="Annat partnerskap")
    foreign = Organization.objects.create(partnership=other, key="x", name="Främmande organisation", kind="other")
    client = client_as("admin")
    page = client.get(f"/{shk.slug}/administration/personer/ny/").content.decode()
    assert "Främmande organisation" not in page
    response = client.post(
        f"/{shk.slug}/administration/personer/ny/", {"name": "Fel Organisation", "organization": foreign.pk}
    )
    assert response.status_code == 200
    assert not Person.objects.filter(name="Fel Organisation").exists()
    # Another partnership's records are not found at all.
    assert client.get(f"/{shk.slug}/administration/organisationer/{foreign.pk}/").status_code == 404
    assert client.post(f"/{shk.slug}/administration/organisationer/{foreign.pk}/ta-bort/").status_code == 404
    assert Organization.objects.filter(pk=foreign.pk).exists()


def test_a_repeated_entry_is_refused_in_words_not_by_the_database(client_as, shk):
    client = client_as("admin")
    area = FocusArea.objects.filter(partnership=shk).first()
    response = client.post(f"/{shk.slug}/administration/fokusomraden/ny/", {"name": area.name})
    # A focus area's key is made from its name: a second with the same name gets its own key.
    assert response.status_code == 302
    agreement = Agreement.objects.get(partnership=shk, key="2022-2025")
    response = client.post(
        f"/{shk.slug}/administration/avgiftstabell/ny/",
        {"agreement": agreement.pk, "min_population": "75000", "fee_ore": "1 000 000", "floor_ore": "800 000"},
    )
    assert response.status_code == 200
    assert "Avgiftstabell har redan en post med samma avtal och från invånarantal." in response.content.decode()


def test_money_is_typed_in_kronor_and_kept_in_ore(client_as, shk):
    client = client_as("admin")
    agreement = Agreement.objects.get(partnership=shk, key="2026-2029")
    form = client.get(f"/{shk.slug}/administration/avtal/{agreement.pk}/").content.decode()
    # The limit is shown in kronor (200 000 kr), never in öre.
    assert 'value="200\xa0000"' in form
    response = client.post(
        f"/{shk.slug}/administration/avgiftstabell/ny/",
        {"agreement": agreement.pk, "min_population": "0", "fee_ore": "600 000,50", "floor_ore": "400 000"},
    )
    assert response.status_code == 302
    band = FeeBand.objects.get(agreement=agreement, min_population=0)
    assert (band.fee_ore, band.floor_ore) == (60_000_050, 40_000_000)
    refused = client.post(
        f"/{shk.slug}/administration/avgiftstabell/ny/",
        {"agreement": agreement.pk, "min_population": "1", "fee_ore": "100", "floor_ore": "200"},
    )
    assert "Den lägsta avgiften kan inte vara högre än avgiften." in refused.content.decode()


def test_an_agreement_s_period_parties_and_limits_are_changed_and_recorded(client_as, shk):
    client = client_as("admin")
    agreement = Agreement.objects.get(partnership=shk, key="2026-2029")
    parties = list(agreement.parties.order_by("name"))
    response = client.post(
        f"/{shk.slug}/administration/avtal/{agreement.pk}/",
        {
            "title": agreement.title,
            "start": "2026-01-01",
            "end": "2029-12-31",
            "parties": [p.pk for p in parties[:2]],
            "limit_project_leader_ore": "60 000",
            "limit_process_leader_ore": "250 000",
            "municipal_fees_cap_ore": "",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.limit_process_leader_ore == 25_000_000
    assert sorted(agreement.parties.values_list("pk", flat=True)) == sorted(p.pk for p in parties[:2])
    entry = AuditEntry.objects.get(action="agreement.change", object_id=str(agreement.pk))
    assert entry.before["limit_process_leader_ore"] == 20_000_000
    assert entry.after["parties"] == sorted(p.name for p in parties[:2])
    history = client.get(f"/{shk.slug}/historik/").content.decode()
    assert "200\xa0000\xa0kr till 250\xa0000\xa0kr" in history


def test_a_stale_form_does_not_overwrite_a_change_made_meanwhile(client_as, shk):
    client = client_as("admin")
    org = Organization.objects.get(partnership=shk, key="vasteras")
    form = client.get(f"/{shk.slug}/administration/organisationer/{org.pk}/").content.decode()
    version = re.search(r'name="read_version" value="([^"]*)"', form)
    assert version
    Organization.objects.filter(pk=org.pk).update(population=160_000)
    response = client.post(
        f"/{shk.slug}/administration/organisationer/{org.pk}/",
        {"name": org.name, "kind": org.kind, "population": "150000", "read_version": version.group(1)},
    )
    assert response.status_code == 200
    assert "Någon annan har ändrat det här medan du skrev" in response.content.decode()
    org.refresh_from_db()
    assert org.population == 160_000


def test_removing_asks_first_and_says_what_goes_with_it(client_as, shk):
    client = client_as("admin")
    person = Person.objects.create(partnership=shk, key="tillfallig", name="Tillfällig Person")
    RoleAssignment.objects.create(partnership=shk, person=person, role=Role.READER)
    page = client.get(f"/{shk.slug}/administration/personer/{person.pk}/").content.decode()
    assert "Tillfällig Person tas bort. Det går inte att ångra" in page
    assert "Detta tas också bort: 1 rolltilldelning." in page
    # Asking is all a GET does.
    assert client.get(f"/{shk.slug}/administration/personer/{person.pk}/ta-bort/").status_code == 405
    assert Person.objects.filter(pk=person.pk).exists()
    response = client.post(f"/{shk.slug}/administration/personer/{person.pk}/ta-bort/")
    assert response.status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not RoleAssignment.objects.filter(person_id=person.pk).exists()
    entry = AuditEntry.objects.get(action="person.delete", object_id=str(person.pk))
    assert entry.before["name"] == "Tillfällig Person"


def test_a_record_others_need_is_not_removed_and_the_page_says_why(client_as, shk):
    client = client_as("admin")
    person = Person.objects.get(partnership=shk, key="emma-mossberg")
    page = client.get(f"/{shk.slug}/administration/personer/{person.pk}/").content.decode()
    # Her attendance at the demo's meetings keeps her.
    assert re.search(r"Emma Mossberg kan inte tas bort så länge andra uppgifter hänvisar till den: \d+ närvaro\.", page)
    assert "Ja, ta bort" not in page
    response = client.post(f"/{shk.slug}/administration/personer/{person.pk}/ta-bort/", follow=True)
    assert "Emma Mossberg kan inte tas bort så länge andra uppgifter hänvisar till den." in response.content.decode()
    assert Person.objects.filter(pk=person.pk).exists()
    assert not AuditEntry.objects.filter(action="person.delete", object_id=str(person.pk)).exists()


def test_deletion_effects_count_what_cascades(shk):
    org = Organization.objects.create(partnership=shk, key="ny-part", name="Ny part", kind="municipality")
    for year in (2026, 2027):
        Membership.objects.create(partnership=shk, organization=org, start=f"{year}-01-01")
    effects = deletion_effects(org)
    memberships = 2
    assert ("medlemskap", memberships) in effects.removed
    assert effects.blocked_by == ()


def test_the_partnership_s_name_vision_and_mission_are_the_administrator_s(client_as, shk):
    client = client_as("admin")
    response = client.post(
        f"/{shk.slug}/administration/partnerskapet/",
        {"name": shk.name, "short_name": "SHK", "vision": "En ny vision.", "mission": shk.mission},
    )
    assert response.status_code == 302
    shk.refresh_from_db()
    assert shk.vision == "En ny vision."
    entry = AuditEntry.objects.get(partnership=shk, action="partnership.change")
    assert entry.after["vision"] == "En ny vision."


def test_a_login_is_removed_from_the_partnership_and_the_person_stays(client_as, shk):
    client = client_as("admin")
    user = get_user_model().objects.get(username="lasare")
    person = Person.objects.get(partnership=shk, user=user)
    page = client.get(f"/{shk.slug}/administration/personer/{person.pk}/").content.decode()
    assert "Ta bort inloggningen" in page
    response = client.post(f"/{shk.slug}/administration/personer/{person.pk}/inloggning/ta-bort/")
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is None
    assert AuditEntry.objects.filter(action="person.login_remove", object_id=str(person.pk)).exists()
    # The login no longer opens the partnership.
    assert client_as("lasare").get(f"/{shk.slug}/").status_code == 404


@pytest.mark.parametrize("path", ["personer", "roller", "avtal", "organisationer"])
def test_a_register_s_list_takes_the_same_queries_however_long(client_as, shk, path):
    client = client_as("admin")
    url = f"/{shk.slug}/administration/{path}/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    org = Organization.objects.get(partnership=shk, key="vasteras")
    area = FocusArea.objects.filter(partnership=shk).first()
    for n in range(6):
        person = Person.objects.create(partnership=shk, key=f"extra-{n}", name=f"Extra {n}", organization=org)
        RoleAssignment.objects.create(
            partnership=shk, person=person, role=Role.CORE_TEAM_MEMBER, focus_area=area, party=org
        )
        extra_org = Organization.objects.create(partnership=shk, key=f"org-{n}", name=f"Org {n}", kind="other")
        agreement = Agreement.objects.create(partnership=shk, key=f"avtal-{n}", title=f"Avtal {n}")
        agreement.parties.set([org, extra_org])
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_the_fee_table_is_the_agreement_s_data(shk):
    table = fee_table(shk)
    assert table is not None
    assert table.agreement.key == "2022-2025"
    assert [b.min_population for b in table.bands] == [100_001, 75_000, 50_000, 20_000, 0]
    assert str(table.cap) == "15000000"
    FeeBand.objects.filter(agreement=table.agreement, min_population=100_001).update(fee_ore=600_000_000)
    assert fee_table(shk).bands[0].fee == 6_000_000


def test_a_snapshot_names_related_records_by_their_names(shk):
    role = RoleAssignment.objects.filter(partnership=shk, focus_area__isnull=False).select_related("person").first()
    data = snapshot(role, ("person", "role", "focus_area", "start"))
    assert data["person"] == role.person.name
    assert data["focus_area"] == role.focus_area.name
    assert isinstance(data["name"], str) and role.person.name in data["name"]
