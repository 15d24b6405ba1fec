"""How an entry of the audit history reads for people: who did what to which thing, in words.

The history stores actions as codes ("initiative.move_phase", "document.add"); the start page and
other summaries say them in plain language. Pure: the caller passes the object's kind in words.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

# The last part of an action code, by what it did. Codes not listed read as a change.
VERBS: dict[str, str] = {
    "create": "added",
    "add": "added",
    "place": "added",
    "record": "added",
    "item_add": "added",
    "import": "imported",
    "change": "changed",
    "save": "changed",
    "revise": "changed",
    "item_change": "changed",
    "funding": "changed",
    "statements": "changed",
    "status": "changed",
    "remove": "removed",
    "delete": "removed",
    "move": "moved",
    "item_move": "moved",
    "move_phase": "changed the phase of",
    "approve": "approved",
    "decide": "decided",
    "send": "sent",
    "invite": "invited respondents to",
    "renew": "renewed",
    "view": "read",
}


def audit_verb(action: str) -> str:
    """The action's verb in the current language ("ändrade"), from the part after the dot."""
    code = action.split(".", 1)[-1]
    key = VERBS.get(code, "changed")
    words = {
        "added": _("added"),
        "imported": _("imported"),
        "changed": _("changed"),
        "removed": _("removed"),
        "moved": _("moved"),
        "changed the phase of": _("changed the phase of"),
        "approved": _("approved"),
        "decided": _("decided"),
        "sent": _("sent"),
        "invited respondents to": _("invited respondents to"),
        "renewed": _("renewed"),
        "read": _("read"),
    }
    return words[key]


def audit_name(after: Any, before: Any = None) -> str:
    """The thing's own name as the entry recorded it, if it did."""
    for data in (after, before):
        if isinstance(data, dict):
            for field in ("name", "title", "text"):
                value = data.get(field)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return ""


def audit_describe(*, who: str, action: str, kind: str, name: str) -> str:
    """'Emma Mossberg ändrade initiativet ”Cornerstone Indicators”' and the like."""
    what = f"{kind} ”{name}”" if name else kind
    return _("%(who)s %(verb)s %(what)s") % {"who": who, "verb": audit_verb(action), "what": what}
