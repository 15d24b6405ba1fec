"""The demo's meetings name as adjusters (justerare) exactly the people their seed minutes name."""

import json
import re
from pathlib import Path

import pytest

from samsyn.archive.demo import demo_file
from samsyn.governance.models import Meeting

DEMO = Path(__file__).resolve().parents[1] / "demo_data" / "shk.json"

# A line that names the adjusters: "Justerare: Anna A, Bo B", "**Justeras av** Anna A och Bo B",
# or "Justeras" alone with the names on the next line (a signature block).
NAMING = re.compile(r"^[\s*#_-]*(?:justerare|justeras)(?:\s+av)?\b[\s*:_]*(?P<names>.*)$", re.IGNORECASE)


def seed_adjusters(text: str) -> set[str]:
    """The names a seed's minutes give as adjusters."""
    lines = [line.strip() for line in text.splitlines()]
    found: set[str] = set()
    for n, line in enumerate(lines):
        match = NAMING.match(line)
        if match is None:
            continue
        names = match["names"] or next((later for later in lines[n + 1 :] if later), "")
        found.update(name.strip(" *_.") for name in re.split(r",|\s+och\s+", names) if name.strip(" *_."))
    return found


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Justerare: Helene Öhrling, Tommy Malm", {"Helene Öhrling", "Tommy Malm"}),
        ("**Justeras av** Martin Hellström och Per-Inge Hellman", {"Martin Hellström", "Per-Inge Hellman"}),
        ("Justeras\n\nHelene Öhrling\n", {"Helene Öhrling"}),
        # Seed 004's decision on the communication goals: a word, not a signature.
        ("- dock behöver formuleringar under målen justeras. Återkom till styrelsen.", set()),
    ],
)
def test_seed_adjusters_reads_what_minutes_name(text, names):
    assert seed_adjusters(text) == names


def test_the_demos_meetings_have_the_seeds_adjusters(shk):
    """Seeds 001 and 004 name nobody (the board approves the previous minutes at its next meeting):
    no demo meeting names an adjuster the seeds do not."""
    entries = json.loads(DEMO.read_text(encoding="utf-8"))["meetings"]
    held = [e for e in entries if e.get("status") == Meeting.Status.HELD]
    assert held, "the demo has held meetings"
    for entry in held:
        named = set().union(*(seed_adjusters(demo_file(f).decode("utf-8")) for f in entry.get("documents", [])))
        meeting = Meeting.objects.get(partnership=shk, key=entry["key"])
        assert set(meeting.adjusters.values_list("name", flat=True)) == named, entry["key"]
    assert not Meeting.objects.filter(partnership=shk, adjusters__isnull=False).exists()
