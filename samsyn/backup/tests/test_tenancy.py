"""A backup holds every row of its partnership and nothing of another's."""

import json
import zipfile

from django.apps import apps
from django.contrib.auth import get_user_model

from samsyn.backup.partnership import partnership_export
from samsyn.backup.tenancy import DERIVED, partnership_parts, partnership_user_ids
from samsyn.core.models import Organization, Partnership
from samsyn.economy.models import PilotGrant
from samsyn.followup.models import Attempt
from samsyn.governance.models import PilotGrantDecision
from samsyn.search.models import SearchEntry, SearchVector


def test_every_model_of_the_apps_is_in_a_backup_except_the_search_index_and_the_attempt_counters():
    labels = {part.label for part in partnership_parts()}
    samsyn_models = {m._meta.label for m in apps.get_models() if m._meta.app_config.name.startswith("samsyn.")}
    left_out = {SearchEntry._meta.label, SearchVector._meta.label, Attempt._meta.label}
    assert samsyn_models - labels == {m._meta.label for m in DERIVED} == left_out
    # A model without a partnership key goes by the record it hangs off.
    paths = {part.model: part.path for part in partnership_parts()}
    assert paths[PilotGrantDecision] in ("pilot_grant__partnership", "board_item__partnership")
    assert paths[PilotGrant] == "partnership"


def test_the_logins_are_those_the_partnership_names(shk):
    outsider = get_user_model().objects.create_user("utomstaende", password="x")
    usernames = set(
        get_user_model()
        .objects.filter(pk__in=partnership_user_ids(shk, partnership_parts()))
        .values_list("username", flat=True)
    )
    assert {"admin", "processledare", "lasare"} <= usernames
    assert outsider.username not in usernames


def test_another_partnership_stays_out(shk, tmp_path):
    other = Partnership.objects.create(slug="annat", name="Ett annat partnerskap")
    Organization.objects.create(partnership=other, key="grannkommun", name="Grannkommunen", kind="municipality")
    manifest = partnership_export(shk, tmp_path / "shk.zip")
    with zipfile.ZipFile(tmp_path / "shk.zip") as z:
        organizations = json.loads(z.read("data/002-core.organization.json"))
        partnerships = json.loads(z.read("data/001-core.partnership.json"))
    assert [p["fields"]["slug"] for p in partnerships] == ["shk"]
    assert "Grannkommunen" not in {o["fields"]["name"] for o in organizations}
    assert {o["fields"]["partnership"] for o in organizations} == {shk.pk}
    counts = {entry["model"]: entry["count"] for entry in manifest["data"]}
    assert counts["core.Organization"] == Organization.objects.filter(partnership=shk).count()
