"""Load the economy records of a demo partnership from demo_data/<slug>.json (see samsyn.core.demo).

Amounts in the JSON are whole kronor as printed in the seeds; records are stored in öre. Demo pilot
grants are historical decisions and are loaded without the spending check.
"""

from datetime import date

from samsyn.core.models import Agreement, Organization
from samsyn.portfolio.models import Initiative

from .models import (
    Academy,
    BudgetAllocation,
    CostLine,
    Financing,
    Forecast,
    GrantApplication,
    Leverage,
    LeverageTarget,
    Outcome,
    PilotGrant,
    PrintedFigure,
    PrintedTable,
    ResearchAllocation,
)


def _d(value):
    return date.fromisoformat(value) if value else None


def _ore(kronor):
    return None if kronor is None else int(kronor) * 100


def load(partnership, data):
    """Idempotent: loading twice changes nothing."""
    p = partnership
    orgs = {o.key: o for o in Organization.objects.filter(partnership=p)}
    agreements = {a.key: a for a in Agreement.objects.filter(partnership=p)}
    for row in data.get("cost_lines", []):
        CostLine.objects.update_or_create(
            partnership=p,
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "other_names": row.get("other_names", []),
                "group": row["group"],
                "order": row["order"],
            },
        )
    lines = {c.slug: c for c in CostLine.objects.filter(partnership=p)}
    for row in data.get("financing", []):
        Financing.objects.update_or_create(
            partnership=p,
            agreement=agreements[row["agreement"]],
            kind=row["kind"],
            organization=orgs.get(row["organization"]),
            year=row["year"],
            defaults={"amount_ore": _ore(row["amount"]), "source": row.get("source", "")},
        )
    for row in data.get("allocations", []):
        BudgetAllocation.objects.update_or_create(
            partnership=p,
            cost_line=lines[row["cost_line"]],
            year=row["year"],
            decided_on=_d(row["decided_on"]),
            defaults={
                "amount_ore": _ore(row["amount"]),
                "decision_ref": row.get("decision_ref", ""),
                "source": row.get("source", ""),
            },
        )
    for row in data.get("outcomes", []):
        Outcome.objects.update_or_create(
            partnership=p,
            import_key=f"demo:{row['key']}",
            defaults={
                "cost_line": lines[row["cost_line"]],
                "date": _d(row["date"]),
                "category": row["category"],
                "amount_ore": _ore(row["amount"]),
                "text": row.get("text", ""),
                "source_file": row.get("source", ""),
            },
        )
    for row in data.get("forecasts", []):
        Forecast.objects.update_or_create(
            partnership=p,
            cost_line=lines[row["cost_line"]],
            year=row["year"],
            round=row["round"],
            defaults={
                "made_on": _d(row["made_on"]),
                "amount_ore": _ore(row["amount"]),
                "source": row.get("source", ""),
            },
        )
    initiatives = {i.slug: i for i in Initiative.objects.filter(partnership=p)}
    for row in data.get("pilot_grants", []):
        PilotGrant.objects.update_or_create(
            partnership=p,
            key=row["key"],
            defaults={
                "title": row["title"],
                "area": row.get("area", ""),
                "amount_ore": _ore(row["amount"]),
                "decided_on": _d(row["decided_on"]),
                "decision_ref": row.get("decision_ref", ""),
                "source": row.get("source", ""),
                # The initiative a grant went to, where SHK 2024/1 names the grant as the initiative is named.
                "initiative": initiatives.get(row.get("initiative")),
            },
        )
    for row in data.get("applications", []):
        application, _ = GrantApplication.objects.update_or_create(
            partnership=p,
            key=row["key"],
            defaults={
                "funder": row["funder"],
                "call": row.get("call", ""),
                "title": row["title"],
                "amount_applied_ore": _ore(row.get("amount_applied")),
                "amount_granted_ore": _ore(row.get("amount_granted")),
                "start_year": row.get("start_year"),
                "end_year": row.get("end_year"),
                "status": row["status"],
                "decided_on": _d(row.get("decided_on")),
                "source": row.get("source", ""),
            },
        )
        application.applicants.set([orgs[k] for k in row.get("applicants", [])])
        if row.get("leverage"):
            Leverage.objects.update_or_create(
                partnership=p,
                key=f"application-{row['key']}",
                defaults={
                    "kind": row["leverage"]["kind"],
                    "source_name": row["funder"],
                    "title": row["title"],
                    "year": row["leverage"]["year"],
                    "amount_ore": _ore(row["amount_granted"]),
                    "decided_on": _d(row.get("decided_on")),
                    "application": application,
                    "source": row.get("source", ""),
                },
            )
    for row in data.get("leverage", []):
        Leverage.objects.update_or_create(
            partnership=p,
            key=row["key"],
            defaults={
                "kind": row["kind"],
                "source_name": row["source_name"],
                "title": row["title"],
                "year": row["year"],
                "amount_ore": _ore(row["amount"]),
                "decided_on": _d(row.get("decided_on")),
                "source": row.get("source", ""),
            },
        )
    for row in data.get("leverage_targets", []):
        LeverageTarget.objects.update_or_create(
            partnership=p,
            year=row["year"],
            defaults={"amount_ore": _ore(row["amount"]), "source": row.get("source", "")},
        )
    for row in data.get("academies", []):
        Academy.objects.update_or_create(
            partnership=p, code=row["code"], defaults={"name": row["name"], "order": row["order"]}
        )
    academies = {a.code: a for a in Academy.objects.filter(partnership=p)}
    for row in data.get("research", []):
        ResearchAllocation.objects.update_or_create(
            partnership=p,
            academy=academies[row["academy"]],
            year=row["year"],
            defaults={
                "budget_ore": _ore(row["budget"]),
                "booked_ore": _ore(row["booked"]),
                "recorded_on": _d(row.get("recorded_on")),
                "source": row.get("source", ""),
            },
        )
    for row in data.get("printed_figures", []):
        PrintedFigure.objects.update_or_create(
            partnership=p,
            key=row["key"],
            defaults={
                "document": row["document"],
                "label": row["label"],
                "as_of": _d(row["as_of"]),
                "measure": row["measure"],
                "printed_ore": _ore(row["printed"]),
                "explanation": row.get("explanation", ""),
            },
        )
    for row in data.get("printed_tables", []):
        PrintedTable.objects.update_or_create(
            partnership=p,
            key=row["key"],
            defaults={
                "document": row["document"],
                "title": row["title"],
                "as_of": _d(row["as_of"]),
                "columns": row["columns"],
                "rows": [
                    {"label": r["label"], "values": [_ore(v) for v in r["values"]], "kind": r["kind"]}
                    for r in row["rows"]
                ],
                "row_sums": row.get("row_sums", []),
                "explanation": row.get("explanation", ""),
                "compares_with": row.get("compares_with", ""),
                "column_map": row.get("column_map", []),
                "row_map": row.get("row_map", {}),
                "notes": row.get("notes", []),
            },
        )
