"""How an entry of the audit history reads for people: who did what to which thing, in words.

The history stores actions as codes ("initiative.move_phase", "document.add"); the start page and
other summaries say them in plain language. Pure: the caller passes the object's kind in words.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# The verbs in words, translated when one is read (not all twelve for every entry).
WORDS: dict[str, Any] = {
    "added": gettext_lazy("added"),
    "imported": gettext_lazy("imported"),
    "changed": gettext_lazy("changed"),
    "removed": gettext_lazy("removed"),
    "moved": gettext_lazy("moved"),
    "changed the phase of": gettext_lazy("changed the phase of"),
    "approved": gettext_lazy("approved"),
    "decided": gettext_lazy("decided"),
    "sent": gettext_lazy("sent"),
    "invited respondents to": gettext_lazy("invited respondents to"),
    "renewed": gettext_lazy("renewed"),
    "read": gettext_lazy("read"),
}


def audit_verb(action: str) -> str:
    """The action's verb in the current language ("ändrade"), from the part after the dot."""
    code = action.split(".", 1)[-1]
    return str(WORDS[VERBS.get(code, "changed")])


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
