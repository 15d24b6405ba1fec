"""Load the governance records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo).

Meetings, items, decisions, advice, assignments and attachments of seeds 001 and 004, with the
adjusters their minutes name (nobody: the board approves the previous minutes at its next meeting);
the business plan 2025 of seed 000 with its operational goals, and an illustrative plan 2026 started
from it (labelled so in its introduction); the process leader's reports; requisitions per party; the
archived minutes attached to their meetings.
"""

import hashlib
from datetime import time

from samsyn.archive.demo import demo_file
from samsyn.archive.models import Document
from samsyn.core.agreement import payment_due_date
from samsyn.core.demo import parse_date
from samsyn.core.models import Organization, Person
from samsyn.portfolio.models import Initiative

from .models import (
    Advice,
    AgendaItem,
    Assignment,
    Attachment,
    Attendance,
    BusinessPlan,
    Decision,
    GoalActivity,
    LeaderReport,
    LeaderReportGoal,
    Meeting,
    OperationalGoal,
    Requisition,
)
from .services.plans import plan_start


def _time(text):
    return time.fromisoformat(text) if text else None


def _person(people, partnership, entry):
    """A person by key; one a seed names but core's demo lacks is added from the entry."""
    if isinstance(entry, dict):
        person, _ = Person.objects.update_or_create(
            partnership=partnership,
            key=entry["key"],
            defaults={"name": entry["name"], "title": entry.get("title") or ""},
        )
        people[person.key] = person
        return person
    return people[entry] if entry else None


def _documents(partnership, files):
    """The archive's demo documents by the files the archive's demo registered (matched on checksum)."""
    sums = [hashlib.sha256(demo_file(name)).hexdigest() for name in files]
    return Document.objects.filter(partnership=partnership, versions__number=1, versions__sha256__in=sums)


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    if not data:
        return
    P = {"partnership": partnership}
    people = {p.key: p for p in Person.objects.filter(**P)}
    meetings: dict[str, Meeting] = {}
    for m in data.get("meetings", []):
        meeting, _ = Meeting.objects.update_or_create(
            **P,
            key=m["key"],
            defaults={
                "kind": m["kind"],
                "title": m["title"],
                "date": parse_date(m["date"]),
                "start_time": _time(m.get("start")),
                "end_time": _time(m.get("end")),
                "place": m.get("place", ""),
                "status": m.get("status", Meeting.Status.PLANNED),
                "opening": m.get("opening", ""),
                "previous": meetings.get(m.get("previous")),
                "previous_minutes_approved": m.get("previous_minutes_approved", False),
                "next_meeting_date": parse_date(m.get("next_meeting_date")),
                "next_meeting_note": m.get("next_meeting_note", ""),
                "minutes_status": m.get("minutes_status", Meeting.MinutesStatus.DRAFT),
                "minutes_approved_on": parse_date(m.get("minutes_approved_on")),
                "source": m.get("source", ""),
            },
        )
        meetings[meeting.key] = meeting
        if "documents" in m:
            # The archive has loaded before governance (samsyn.core.demo loads in the apps' order).
            meeting.documents.set(_documents(partnership, m["documents"]))
        if "adjusters" in m:
            # Those the seed's minutes name as adjusters (justerare), and nobody when they name none.
            meeting.adjusters.set([_person(people, partnership, entry) for entry in m["adjusters"]])
        for order, a in enumerate(m.get("attendance", []), 1):
            Attendance.objects.update_or_create(
                **P,
                meeting=meeting,
                person=_person(people, partnership, a["person"]),
                defaults={
                    "role": a.get("role", "member"),
                    "substitutes_for": _person(people, partnership, a.get("substitutes_for")),
                    "order": order,
                },
            )
        items = {}
        for it in m.get("items", []):
            item, _ = AgendaItem.objects.update_or_create(
                **P,
                meeting=meeting,
                number=it["number"],
                defaults={
                    "kind": it.get("kind", AgendaItem.Kind.REGULAR),
                    "title": it["title"],
                    "presenter": _person(people, partnership, it.get("presenter")),
                    "text": it.get("text", ""),
                },
            )
            items[item.number] = item
            for order, text in enumerate(it.get("decisions", []), 1):
                Decision.objects.update_or_create(**P, item=item, order=order, defaults={"text": text})
            for order, text in enumerate(it.get("advice", []), 1):
                Advice.objects.update_or_create(**P, item=item, order=order, defaults={"text": text})
            for order, a in enumerate(it.get("assignments", []), 1):
                Assignment.objects.update_or_create(
                    **P,
                    item=item,
                    order=order,
                    defaults={
                        "assignee": _person(people, partnership, a.get("who")),
                        "assignee_text": a.get("who_text", ""),
                        "text": a["text"],
                        "due": parse_date(a.get("due")),
                        "status": a.get("status", "open"),
                        "done_on": parse_date(a.get("done_on")),
                        "note": a.get("note", ""),
                    },
                )
        for att in m.get("attachments", []):
            Attachment.objects.update_or_create(
                **P,
                meeting=meeting,
                number=att["number"],
                defaults={
                    "title": att["title"],
                    "item": items.get(att.get("item")),
                    "report_kind": att.get("report_kind", ""),
                    "report_date": parse_date(att.get("report_date")),
                    "url": att.get("url", ""),
                },
            )
    goals: dict[tuple[int, int], OperationalGoal] = {}
    for g in data.get("goals", []):
        goal, _ = OperationalGoal.objects.update_or_create(
            **P,
            year=g["year"],
            number=g["number"],
            defaults={"title": g["title"], "text": g["text"], "target_ore": g.get("target_ore")},
        )
        goals[(goal.year, goal.number)] = goal
        for order, text in enumerate(g.get("activities", []), 1):
            GoalActivity.objects.update_or_create(**P, goal=goal, order=order, defaults={"text": text})
    for plan in data.get("plans", []):
        _plan_load(partnership, people, plan)
    for r in data.get("leader_reports", []):
        meeting = meetings[r["meeting"]]
        report, _ = LeaderReport.objects.update_or_create(
            **P,
            meeting=meeting,
            defaults={
                "introduction": r.get("introduction", ""),
                "since": parse_date(r.get("since")),
                "status": r.get("status", "draft"),
                "sent_on": parse_date(r.get("sent_on")),
            },
        )
        for g in r["goals"]:
            goal_of_row = goals.get((meeting.date.year, g["number"]))
            row = LeaderReportGoal.objects.update_or_create(
                **P,
                report=report,
                number=g["number"],
                defaults={
                    "goal": goal_of_row,
                    "heading": goal_of_row.text if goal_of_row else g.get("heading", ""),
                    "colour": g.get("colour", ""),
                    "bullets": "\n".join(g.get("bullets", [])),
                    "figures": g.get("figures", {}),
                },
            )[0]
            if g.get("initiatives"):
                row.initiatives.set(Initiative.objects.filter(**P, slug__in=g["initiatives"]))
    orgs = {o.key: o for o in Organization.objects.filter(**P)}
    for q in data.get("requisitions", []):
        requisition_date = parse_date(q["requisition_date"])
        Requisition.objects.update_or_create(
            **P,
            organization=orgs[q["organization"]],
            year=q["year"],
            half=q["half"],
            defaults={
                "amount_ore": q["amount_ore"],
                "requisition_date": requisition_date,
                "due_date": payment_due_date(q["year"], q["half"], requisition_date),
                "paid_on": parse_date(q.get("paid_on")),
            },
        )


def _plan_load(partnership, people, entry):
    """A year's business plan: written out (2025, from seed 000), or started from the year before
    the way a process leader starts one (the illustrative 2026), with what the entry adds on top."""
    year = entry["year"]
    started_from = entry.get("started_from")
    if started_from is not None and not OperationalGoal.objects.filter(partnership=partnership, year=year).exists():
        plan_start(actor=None, user=None, partnership=partnership, year=year, check=False)
    plan, _ = BusinessPlan.objects.get_or_create(partnership=partnership, year=year)
    if started_from is not None:
        source = BusinessPlan.objects.filter(partnership=partnership, year=started_from).first()
        introduction = source.introduction if source else ""
        plan.introduction = f"{entry['introduction_note']}\n\n{introduction}".strip()
        plan.vision = source.vision if source else ""
    else:
        plan.introduction, plan.vision = entry.get("introduction", ""), entry.get("vision", "")
    plan.adopted_on = parse_date(entry.get("adopted_on"))
    plan.source = entry.get("source", "")
    plan.save()
    for number, key in entry.get("responsible", {}).items():
        OperationalGoal.objects.filter(partnership=partnership, year=year, number=int(number)).update(
            responsible=people[key]
        )
