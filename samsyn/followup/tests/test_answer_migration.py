"""The migration that moves answers into ballots, on a database of the suite's engine made for it:
answers of anonymous evaluations end with no link to their respondents, named ones keep theirs."""

import json
import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.db import connection

SAMSYN = shutil.which("samsyn") or os.path.join(os.path.dirname(sys.executable), "samsyn")

# Run in a process of its own: the answers are written as they were before ballots, by the models of
# that migration state, then the rest of the migrations run, and what they left is printed as JSON.
SCRIPT = """
import json
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

call_command("migrate", "followup", "0003", verbosity=0)
old = MigrationExecutor(connection).loader.project_state(("followup", "0003_statement_theme_as_written")).apps
Partnership = old.get_model("core", "Partnership")
Person = old.get_model("core", "Person")
Evaluation = old.get_model("followup", "Evaluation")
Statement = old.get_model("followup", "Statement")
Respondent = old.get_model("followup", "Respondent")
Response = old.get_model("followup", "Response")
p = Partnership.objects.create(slug="p", name="P")
person = Person.objects.create(partnership=p, key="anna", name="Anna Andersson")
for key, anonymous in (("anon", True), ("named", False)):
    ev = Evaluation.objects.create(partnership=p, key=key, title=key, year=2024, anonymous=anonymous, code=key)
    s = Statement.objects.create(partnership=p, evaluation=ev, order=1, text="S")
    invited = Respondent.objects.create(
        partnership=p, evaluation=ev, key="p-anna", person=person, name=person.name, token=key + "-t1"
    )
    visitor = Respondent.objects.create(partnership=p, evaluation=ev, key="link-1", invited=False, token=key + "-t2")
    Respondent.objects.create(partnership=p, evaluation=ev, key="p-none", token=key + "-t3")
    Response.objects.create(partnership=p, statement=s, respondent=invited, colour="red", comment="Anna sa")
    Response.objects.create(partnership=p, statement=s, respondent=visitor, colour="green", comment="")
call_command("migrate", verbosity=0)

from samsyn.followup.models import Ballot, Respondent, Response

out = {}
for key in ("anon", "named"):
    out[key] = {
        "ballots": Ballot.objects.filter(evaluation__key=key).count(),
        "named_ballots": sorted(
            b.respondent.name for b in Ballot.objects.filter(evaluation__key=key, respondent__isnull=False)
        ),
        "colours": sorted(Response.objects.filter(statement__evaluation__key=key).values_list("colour", flat=True)),
        "comments": sorted(
            c for c in Response.objects.filter(statement__evaluation__key=key).values_list("comment", flat=True) if c
        ),
        "invitations": sorted(
            (r.key, r.answered) for r in Respondent.objects.filter(evaluation__key=key)
        ),
    }
print(json.dumps(out))
"""


@pytest.fixture
def scratch_database(tmp_path, db):
    """DATABASE_URL of an empty database of the suite's engine, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'answers.sqlite3'}"
        return
    name = f"samsyn_migration_{uuid.uuid4().hex[:8]}"
    settings = connection.settings_dict
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{settings['USER']}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_anonymous_answers_leave_their_respondents_when_migrated(scratch_database):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SAMSYN_", "DJANGO_"))}
    env["DATABASE_URL"] = scratch_database
    result = subprocess.run(
        [SAMSYN, "shell", "--no-imports", "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    # Both answers of each evaluation are kept, as ballots; the open link's visitor is no longer a respondent.
    for key in ("anon", "named"):
        assert out[key]["ballots"] == 2 and out[key]["colours"] == ["green", "red"]
        assert out[key]["comments"] == ["Anna sa"]
        assert out[key]["invitations"] == [["p-anna", True], ["p-none", False]]
    assert out["anon"]["named_ballots"] == []
    assert out["named"]["named_ballots"] == ["Anna Andersson"]
