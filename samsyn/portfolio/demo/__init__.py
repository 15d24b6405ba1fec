"""Load a partnership's portfolio from its demo data file (see samsyn.core.demo)."""

from importlib import import_module
from importlib.util import find_spec

from samsyn.core.demo import demo_data, parse_date
from samsyn.core.models import FocusArea, Organization, Person

from ..models import Discipline, Initiative, Perspective, PhaseChange, Portfolio, SocietalGoal, Testbed

# Parts of the portfolio with their own loader (demo/<part>.py) and data file (demo_data/<slug>_<part>.json).
PARTS = ["matrix", "proposals", "learning"]


def load(partnership, data):
    P = {"partnership": partnership}
    for fa in data["focus_areas"]:
        FocusArea.objects.update_or_create(
            **P,
            slug=fa["slug"],
            defaults={
                "name": fa["name"],
                "former_name": fa.get("former_name") or "",
                "description": fa.get("description") or "",
                "order": fa.get("order", 0),
            },
        )
    areas = {fa.slug: fa for fa in FocusArea.objects.filter(**P)}
    for i, g in enumerate(data["societal_goals"]):
        SocietalGoal.objects.update_or_create(
            **P,
            key=g["key"],
            defaults={"focus_area": areas[g["focus_area"]], "text": g["text"], "order": g.get("order", i)},
        )
    goals = {g.key: g for g in SocietalGoal.objects.filter(**P)}
    for i, p in enumerate(data["perspectives"]):
        Perspective.objects.update_or_create(
            **P,
            slug=p["slug"],
            defaults={"name": p["name"], "board_priority": bool(p.get("board_priority")), "order": p.get("order", i)},
        )
    perspectives = {p.slug: p for p in Perspective.objects.filter(**P)}
    orgs = {o.key: o for o in Organization.objects.filter(**P)}
    for t in data["testbeds"]:
        Testbed.objects.update_or_create(
            **P,
            slug=t["slug"],
            defaults={
                "name": t["name"],
                "place": t.get("place") or "",
                "description": t.get("description") or "",
                "focus_area": areas.get(t.get("focus_area")),
                "organization": orgs.get(t.get("organization")),
            },
        )
    testbeds = {t.slug: t for t in Testbed.objects.filter(**P)}
    for name in data.get("disciplines", []):
        Discipline.objects.get_or_create(**P, name=name)
    disciplines = {d.name: d for d in Discipline.objects.filter(**P)}
    people = {p.key: p for p in Person.objects.filter(**P)}
    for item in data["initiatives"]:
        initiative, _ = Initiative.objects.update_or_create(
            **P,
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "description": item.get("description") or "",
                "phase": item["phase"],
                "owner": people.get(item.get("owner")),
                "testbed": testbeds.get(item.get("testbed")),
                "start": parse_date(item.get("start")),
                "end": parse_date(item.get("end")),
                "source": (item.get("source") or "")[:300],
            },
        )
        initiative.focus_areas.set([areas[s] for s in item.get("focus_areas", [])])
        initiative.societal_goals.set([goals[k] for k in item.get("societal_goals", [])])
        initiative.perspectives.set([perspectives[s] for s in item.get("perspectives", [])])
        initiative.parties.set([orgs[k] for k in item.get("parties", [])])
        initiative.partners.set([orgs[k] for k in item.get("partners", [])])
        initiative.disciplines.set([disciplines[d] for d in item.get("disciplines", [])])
        for step in item.get("history", []):
            PhaseChange.objects.get_or_create(
                **P,
                initiative=initiative,
                date=parse_date(step["date"]),
                phase=step["phase"],
                defaults={"source": (step.get("source") or "")[:300], "decision": (step.get("decision") or "")[:300]},
            )
    initiatives = {i.slug: i for i in Initiative.objects.filter(**P)}
    for pf in data["portfolios"]:
        Portfolio.objects.update_or_create(
            **P,
            slug=pf["slug"],
            defaults={
                "name": pf["name"],
                "level": pf["level"],
                "owner": pf["owner"],
                "focus_area": areas.get(pf.get("focus_area")),
                "testbed": testbeds.get(pf.get("testbed")),
                "initiative": initiatives.get(pf.get("initiative")),
            },
        )

    for part in PARTS:
        if find_spec(f"samsyn.portfolio.demo.{part}") is not None:
            import_module(f"samsyn.portfolio.demo.{part}").load(
                partnership, demo_data("samsyn.portfolio", f"{partnership.slug}_{part}")
            )
