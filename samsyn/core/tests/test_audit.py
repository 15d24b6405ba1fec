"""The audit history in words: who did what to which thing, never an action code."""

import pytest
from django.utils import translation

from samsyn.core.audit import audit_describe, audit_describe_access, audit_name, audit_verb
from samsyn.core.models import AuditEntry, Partnership
from samsyn.core.selectors import audit_recent


@pytest.mark.parametrize(
    "action, verb",
    [
        ("initiative.create", "lade till"),
        ("document.add", "lade till"),
        ("initiative.change", "ändrade"),
        ("kpi.save", "ändrade"),
        ("matrix.remove", "tog bort"),
        ("kpi.move", "flyttade"),
        ("proposal.item_move", "flyttade"),
        ("initiative.move_phase", "bytte fas för"),
        ("minutes.approve", "justerade"),
        ("report.send", "skickade"),
        ("outcome.import", "importerade"),
        ("person.invitation_send", "skickade en inbjudan till"),
        ("something.unheard_of", "ändrade"),
        ("nodot", "ändrade"),
    ],
)
def test_verbs(action, verb):
    with translation.override("sv"):
        assert audit_verb(action) == verb


@pytest.mark.parametrize(
    "after, before, name",
    [
        ({"name": "Cornerstone Indicators"}, None, "Cornerstone Indicators"),
        ({"title": " Protokoll "}, None, "Protokoll"),
        (None, {"name": "Borttagen"}, "Borttagen"),
        ({"phase": "ongoing"}, None, ""),
        ("not a dict", None, ""),
        (None, None, ""),
    ],
)
def test_names(after, before, name):
    assert audit_name(after, before) == name


def test_a_sentence():
    with translation.override("sv"):
        text = audit_describe(who="Emma Mossberg", action="initiative.move_phase", kind="initiativ", name="Co-working")
        assert text == "Emma Mossberg bytte fas för initiativ ”Co-working”"
        assert audit_describe(who="Emma", action="kpi.save", kind="nyckeltal", name="") == "Emma ändrade nyckeltal"


def test_the_start_page_says_changes_in_words(db, client_as, django_assert_max_num_queries):
    shk = Partnership.objects.get(slug="shk")
    user = client_as("processledare").get("/shk/").wsgi_request.user
    for n in range(3):
        AuditEntry.objects.create(
            partnership=shk,
            user=user,
            action="initiative.move_phase",
            object_type="portfolio.initiative",
            object_id=str(n),
            after={"name": f"Initiativ {n}"},
        )
    AuditEntry.objects.create(
        partnership=shk, user=None, action="document.add", object_type="archive.document", object_id="1"
    )
    with translation.override("sv"):
        with django_assert_max_num_queries(3):
            lines = audit_recent(shk, limit=4)
        texts = [line.description for line in lines]
    assert texts[0] == "Någon utan inloggning lade till handling"
    assert texts[1].endswith("bytte fas för initiativ ”Initiativ 2”")
    assert not texts[1].startswith("processledare")
    with translation.override("sv"):
        page = client_as("processledare").get("/shk/").content.decode()
    assert "bytte fas för initiativ ”Initiativ 2”" in page
    assert "initiative.move_phase" not in page


@pytest.mark.parametrize(
    "action, sentence",
    [
        ("login.invitation_accept", "Anna Berg tog emot inbjudan och valde ett lösenord"),
        ("login.password_reset", "Anna Berg valde ett nytt lösenord via en länk i e-post"),
        ("login.password_change", "Anna Berg bytte lösenord"),
        ("initiative.change", None),
    ],
)
def test_password_entries_read_as_what_happened(action, sentence):
    with translation.override("sv"):
        assert audit_describe_access(who="Anna Berg", action=action, after={}) == sentence
