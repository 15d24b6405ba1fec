"""The demo: a partnership's own data, transcribed from its documents into data files.

Each app loads its part from its own `demo_data/<slug>.json`; loading is idempotent
(records are matched on their natural keys), so loading twice changes nothing.
"""

import json
import secrets
from datetime import date
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction

from .models import (
    Agreement,
    FeeBand,
    FocusArea,
    Membership,
    Organization,
    Partnership,
    Person,
    RoleAssignment,
    SignInService,
)

DEMO_USERNAMES = [
    "admin",
    "processledare",
    "ekonomi",
    "styrelse",
    "coreteam-barn",
    "coreteam-aldre",
    "initiativagare",
    "lasare",
]


def demo_apps() -> list[str]:
    """The apps above core with a demo loader (`<app>.demo`), in INSTALLED_APPS order, which is their
    dependency order: governance links economy records, follow-up and the archive link both."""
    return [
        config.name
        for config in apps.get_app_configs()
        if config.name.startswith("samsyn.") and config.name != "samsyn.core" and find_spec(f"{config.name}.demo")
    ]


def _demo_path(app: str, name: str) -> Path:
    # An app is a package: its directory is the first entry of its __path__.
    return Path(import_module(app).__path__[0]) / "demo_data" / f"{name}.json"


def demo_data(app: str, slug: str) -> dict:
    return json.loads(_demo_path(app, slug).read_text(encoding="utf-8"))


def demo_data_exists(app: str, name: str) -> bool:
    return _demo_path(app, name).exists()


def parse_date(value):
    return date.fromisoformat(value) if value else None


def load_core(data) -> Partnership:
    p = data["partnership"]
    partnership, _ = Partnership.objects.update_or_create(
        slug=p["slug"],
        defaults={k: p.get(k, "") or "" for k in ("name", "short_name", "vision", "mission")},
    )
    for o in data["organizations"]:
        Organization.objects.update_or_create(
            partnership=partnership,
            key=o["key"],
            defaults={
                "name": o["name"],
                "short_name": o.get("short_name") or "",
                "former_names": o.get("former_names") or [],
                "kind": o["kind"],
                "org_number": o.get("org_number") or "",
                "population": o.get("population"),
            },
        )
    orgs = {o.key: o for o in Organization.objects.filter(partnership=partnership)}
    for m in data["memberships"]:
        Membership.objects.update_or_create(
            partnership=partnership,
            organization=orgs[m["organization"]],
            start=parse_date(m.get("start")),
            defaults={"end": parse_date(m.get("end"))},
        )
    for a in data["agreements"]:
        agreement, _ = Agreement.objects.update_or_create(
            partnership=partnership,
            key=a["key"],
            defaults={"title": a["title"], "start": parse_date(a.get("start")), "end": parse_date(a.get("end"))},
        )
        agreement.parties.set([orgs[k] for k in a.get("parties", [])])
        if "municipal_fees_cap" in a:
            agreement.municipal_fees_cap_ore = a["municipal_fees_cap"] * 100
            agreement.save(update_fields=["municipal_fees_cap_ore"])
        for band in a.get("fee_bands", []):
            FeeBand.objects.update_or_create(
                partnership=partnership,
                agreement=agreement,
                min_population=band["min_population"],
                defaults={"fee_ore": band["fee"] * 100, "floor_ore": band["floor"] * 100},
            )
    for person in data["people"]:
        Person.objects.update_or_create(
            partnership=partnership,
            key=person["key"],
            defaults={
                "name": person["name"],
                "title": person.get("title") or "",
                "email": person.get("email") or "",
                "organization": orgs.get(person.get("organization")),
            },
        )
    return partnership


def load_signin_services(partnership, data):
    """The demo's sign-in services: an example, switched off (its provider is no real one)."""
    for service in data.get("signin_services", []):
        SignInService.objects.update_or_create(
            partnership=partnership,
            name=service["name"],
            defaults={
                k: service[k]
                for k in ("issuer", "client_id", "client_secret", "email_claim", "email_domains", "active")
            },
        )


def _role_assign(partnership, person, role, focus_areas):
    RoleAssignment.objects.update_or_create(
        partnership=partnership,
        person=person,
        role=role["role"],
        focus_area=focus_areas.get(role.get("focus_area")) if role.get("focus_area") else None,
        start=parse_date(role.get("start")),
        defaults={"end": parse_date(role.get("end")), "source": role.get("source") or ""},
    )


def load_roles(partnership, data):
    focus_areas = {fa.slug: fa for fa in FocusArea.objects.filter(partnership=partnership)}
    people = {p.key: p for p in Person.objects.filter(partnership=partnership)}
    for role in data["roles"]:
        _role_assign(partnership, people[role["person"]], role, focus_areas)
    return focus_areas, people


def load_demo_users(partnership, data, password=None):
    """Create the demo logins, one per role. Returns the password set, or None when
    the users existed and no password was asked for (their passwords stay as they were)."""
    User = get_user_model()
    focus_areas = {fa.slug: fa for fa in FocusArea.objects.filter(partnership=partnership)}
    people = {p.key: p for p in Person.objects.filter(partnership=partnership)}
    existing = set(
        User.objects.filter(username__in=[u["username"] for u in data["demo_users"]]).values_list("username", flat=True)
    )
    if password is None and len(existing) < len(data["demo_users"]):
        password = secrets.token_urlsafe(9)
    for entry in data["demo_users"]:
        user, _created = User.objects.get_or_create(username=entry["username"])
        if password is not None:
            user.set_password(password)
            user.save()
        person = people.get(entry.get("person"))
        if person is None:
            person, _ = Person.objects.update_or_create(
                partnership=partnership,
                key=f"demo-{entry['username']}",
                defaults={"name": entry.get("name") or entry["username"]},
            )
        if person.user_id != user.pk:
            Person.objects.filter(partnership=partnership, user=user).exclude(pk=person.pk).update(user=None)
            person.user = user
            person.save(update_fields=["user"])
        if not user.first_name:
            first, _, last = person.name.partition(" ")
            user.first_name, user.last_name = first, last
            user.save(update_fields=["first_name", "last_name"])
        for role in entry.get("roles") or []:
            _role_assign(partnership, person, role, focus_areas)
    return password


@transaction.atomic
def demo_load(slug="shk", password=None):
    """Load the demo partnership `slug` with its demo users; returns (partnership, password)."""
    core = demo_data("samsyn.core", slug)
    partnership = load_core(core)
    for app in demo_apps():
        loader = import_module(f"{app}.demo")
        loader.load(partnership, demo_data(app, slug))
        # Each app's illustrative current year follows its facts, kept apart from them and labelled
        # as an example where people see it, so that every "today" view of the demo has something
        # to show. (Before the apps above: the search app's loader indexes what is there by then.)
        if demo_data_exists(app, f"{slug}_illustrative"):
            loader.load(partnership, demo_data(app, f"{slug}_illustrative"))
    load_roles(partnership, core)
    load_signin_services(partnership, core)
    password = load_demo_users(partnership, core, password)
    return partnership, password
