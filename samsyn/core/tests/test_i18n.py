"""Swedish first, English switchable; the compiled catalogue matches its source."""

import gettext
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
# The project catalogue and each domain app's own.
CATALOGUES = sorted(p.parents[2] for p in ROOT.glob("**/locale/sv/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("lang", ["sv"])
@pytest.mark.parametrize("locale", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_is_translated_and_compiled(lang, locale):
    LOCALE = locale
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()]
    with open(LOCALE / lang / "LC_MESSAGES" / "django.mo", "rb") as f:
        mo = gettext.GNUTranslations(f)
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert mo.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr_plural[0]
        else:
            assert mo.gettext(entry.msgid) == entry.msgstr, f"{entry.msgid!r}: run `make messages`"


def test_swedish_is_the_default(client_as):
    html = client_as("lasare").get("/shk/initiativ/").content.decode()
    assert '<html lang="sv"' in html
    assert "Hoppa till innehållet" in html
    assert "Rensa filter" in html


def test_english_can_be_chosen(client_as):
    client = client_as("lasare")
    response = client.post("/sprak/", {"language": "en", "next": "/shk/initiativ/"})
    assert response.status_code == 302
    html = client.get("/shk/initiativ/").content.decode()
    assert '<html lang="en"' in html
    assert "Skip to content" in html
    assert "Clear filters" in html


def test_no_swedish_hard_coded_in_python():
    """User-facing Swedish lives in the catalogue and the data files, not in code."""
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts or path.name == "formats.py":
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.strip()
            if stripped.startswith("#") or stripped.startswith('"""'):
                continue
            # "öre" is the English name of the unit too.
            if any(ch in line.replace("öre", "") for ch in "åäöÅÄÖ") and (
                "_(" in line or "messages." in line or "stdout" in line
            ):
                offenders.append(f"{path.relative_to(root)}:{n}")
    assert not offenders
