"""Load the followup records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo).

The JSON holds the transcription of the seeds; this loader is generic and idempotent: every
record is matched on its natural key (update_or_create), so loading twice changes nothing.
"""

from datetime import date
from decimal import Decimal

from samsyn.core.models import FocusArea, Organization, Person
from samsyn.portfolio.models import Initiative

from .models import (
    Ballot,
    Evaluation,
    Event,
    EventFigure,
    FollowupPlanItem,
    ImpactStory,
    Kpi,
    KpiTarget,
    Measurement,
    Response,
    Statement,
)
from .rules import ballot_secret_hash, ballot_secret_new


def _date(value):
    return date.fromisoformat(value) if value else None


def _dec(value):
    return Decimal(value) if value not in (None, "") else None


def _description(e):
    quotes = e.get("closing_quotes") or []
    text = e.get("description", "")
    if quotes:
        text += "\n\n" + "\n".join(f"”{q}”" for q in quotes)
    return text


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    p = partnership
    orgs = {o.key: o for o in Organization.objects.filter(partnership=p)}
    people = {x.key: x for x in Person.objects.filter(partnership=p)}
    areas = {f.slug: f for f in FocusArea.objects.filter(partnership=p)}
    initiatives = {i.slug: i for i in Initiative.objects.filter(partnership=p)}

    kpis = {}
    for order, k in enumerate(data.get("kpis", []), start=1):
        kpis[k["key"]], _ = Kpi.objects.update_or_create(
            partnership=p,
            key=k["key"],
            defaults={
                "name": k["name"],
                "group": k.get("group", ""),
                "description": k.get("description", ""),
                "unit": k.get("unit", Kpi.Unit.COUNT),
                "direction": k.get("direction", Kpi.Direction.UP),
                "target": _dec(k.get("target")),
                "periodicity": k.get("periodicity", Kpi.Periodicity.YEAR),
                "focus_area": areas.get(k.get("focus_area")),
                "initiative": initiatives.get(k.get("initiative")),
                "order": k.get("order", order),
                "counted_from": k.get("counted_from", ""),
                "source": k.get("source", "dnr SHK 2022/1, bilaga 1, avsnitt 5"),
            },
        )
    for t in data.get("kpi_targets", []):
        KpiTarget.objects.update_or_create(
            partnership=p,
            kpi=kpis[t["kpi"]],
            year=t["year"],
            defaults={"target": Decimal(t["target"]), "source": t.get("source", "")},
        )
    for m in data.get("measurements", []):
        Measurement.objects.update_or_create(
            partnership=p,
            kpi=kpis[m["kpi"]],
            period_start=_date(m["period_start"]),
            defaults={"value": Decimal(m["value"]), "note": m.get("note", ""), "source": m.get("source", "")},
        )

    evaluations = {}
    for e in data.get("evaluations", []):
        evaluation, _ = Evaluation.objects.update_or_create(
            partnership=p,
            key=e["key"],
            defaults={
                "title": e["title"],
                "year": e["year"],
                "held_on": _date(e.get("held_on")),
                "description": _description(e),
                "audience": e.get("audience", "invited"),
                "anonymous": e.get("anonymous", True),
                "status": e.get("status", "closed"),
                "code": e["code"],
                "organiser": people.get(e.get("organiser")),
                "source": e.get("source", ""),
            },
        )
        evaluations[e["key"]] = evaluation
        # The seed gives counts of answers, not people: each answer is a ballot that names nobody,
        # its secret drawn and forgotten (nobody changes the seed's answers). Kept on reloads.
        ballots = list(evaluation.ballots.order_by("pk"))
        while len(ballots) < e.get("respondents", 0):
            ballots.append(
                Ballot.objects.create(
                    partnership=p, evaluation=evaluation, secret_hash=ballot_secret_hash(ballot_secret_new())
                )
            )
        for s in e.get("statements", []):
            statement, _ = Statement.objects.update_or_create(
                partnership=p,
                evaluation=evaluation,
                order=s["order"],
                defaults={"text": s["text"], "theme": s.get("theme", "")},
            )
            # The seed reports each colour's count and one summary of what that group said:
            # the summary goes with the first respondent of the group.
            index = 0
            for group in s.get("groups", []):
                for i in range(group["count"]):
                    Response.objects.update_or_create(
                        partnership=p,
                        statement=statement,
                        ballot=ballots[index],
                        defaults={
                            "colour": group["colour"],
                            "comment": group.get("comment", "") if i == 0 else "",
                            "move_up": group.get("move_up", "") if i == 0 else "",
                        },
                    )
                    index += 1

    for s in data.get("stories", []):
        ImpactStory.objects.update_or_create(
            partnership=p,
            key=s["key"],
            defaults={
                "title": s.get("title", ""),
                "person_name": s["person_name"],
                "role": s.get("role", ""),
                "organisation": s.get("organisation", ""),
                "organization": orgs.get(s.get("organization")),
                "initiative": initiatives.get(s.get("initiative")),
                "focus_area": areas.get(s.get("focus_area")),
                "year": s.get("year"),
                "text": s["text"],
                # Published in the annual report 2023: consent is taken as given with the report.
                "consent_to_publish": s.get("consent_to_publish", True),
                "consent_date": _date(s.get("consent_date", "2024-03-01")),
                "source": s.get("source", "dnr SHK 2023/2, verksamhetsberättelse 2023"),
            },
        )

    for ev in data.get("events", []):
        event, _ = Event.objects.update_or_create(
            partnership=p,
            key=ev["key"],
            defaults={
                "date": _date(ev["date"]),
                "title": ev["title"],
                "kind": ev.get("kind", "other"),
                "description": ev.get("description", ""),
                "organisers": ev.get("organisers", ""),
                "focus_area": areas.get(ev.get("focus_area")),
                "registrations": ev.get("registrations"),
                "attendance": ev.get("attendance"),
                "evaluation_respondents": ev.get("evaluation_respondents"),
                "source": ev.get("source", "dnr SHK 2023/2, verksamhetsberättelse 2023"),
            },
        )
        event.organizations.set([orgs[k] for k in ev.get("organizations", []) if k in orgs])
        event.initiatives.set([initiatives[k] for k in ev.get("initiatives", []) if k in initiatives])
        for order, f in enumerate(ev.get("figures", []), start=1):
            EventFigure.objects.update_or_create(
                partnership=p,
                event=event,
                key=f["key"],
                defaults={"label": f["label"], "percent": Decimal(f["percent"]), "order": order},
            )

    for item in data.get("plan", []):
        row, _ = FollowupPlanItem.objects.update_or_create(
            partnership=p,
            key=item["key"],
            defaults={
                "year": item["year"],
                "order": item.get("order", 0),
                "question": item["question"],
                "method": item.get("method", ""),
                "responsible": item.get("responsible", ""),
                "responsible_person": people.get(item.get("responsible_person")),
                "timing": item.get("timing", ""),
                "status": item.get("status", "planned"),
                "note": item.get("note", ""),
                "source": item.get("source", ""),
            },
        )
        row.kpis.set([kpis[k] for k in item.get("kpis", [])])
        row.evaluations.set([evaluations[k] for k in item.get("evaluations", []) if k in evaluations])
