"""How an entry of the audit history reads for people: who did what to which thing, in words.

The history stores actions as codes ("initiative.move_phase", "document.add"); the start page and
other summaries say them in plain language. Pure: the caller passes the object's kind in words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .lib.numbers import format_kronor

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
    "invitation_send": "sent an invitation to",
    "notice_send": "sent the notice of",
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
    "sent an invitation to": gettext_lazy("sent an invitation to"),
    "sent the notice of": gettext_lazy("sent the notice of"),
    "renewed": gettext_lazy("renewed"),
    "read": gettext_lazy("read"),
}


def audit_verb(action: str) -> str:
    """The action's verb in the current language ("ändrade"), from the part after the dot."""
    code = action.split(".", 1)[-1]
    return str(WORDS[VERBS.get(code, "changed")])


# What someone was not allowed to do, by the last part of the refused action's code: whole
# sentences, so that each language can put the words in its own order.
_READ = gettext_lazy("%(who)s was not allowed to read the page %(path)s")
_CHANGE = gettext_lazy("%(who)s was not allowed to make changes on the page %(path)s")
_ADD = gettext_lazy("%(who)s was not allowed to add anything on the page %(path)s")
_DECIDE = gettext_lazy("%(who)s was not allowed to decide on the page %(path)s")
REFUSED: dict[str, Any] = {
    "view": _READ,
    "history": _READ,
    "results": _READ,
    "view_unpublished": _READ,
    "search": _READ,
    "change": _CHANGE,
    "manage": _CHANGE,
    "move_phase": _CHANGE,
    "renew": _CHANGE,
    "create": _ADD,
    "add": _ADD,
    "record": _ADD,
    "delete": gettext_lazy("%(who)s was not allowed to remove anything on the page %(path)s"),
    "approve": _DECIDE,
    "decide": _DECIDE,
}
REFUSED_OTHER = gettext_lazy("%(who)s was refused on the page %(path)s")


def audit_name(after: Any, before: Any = None) -> str:
    """The thing's own name as the entry recorded it, if it did; a document read goes by its diary number."""
    for data in (after, before):
        if isinstance(data, dict):
            for field in ("name", "title", "text", "diary_number"):
                value = data.get(field)
                if isinstance(value, str) and value.strip():
                    return value.strip()
    return ""


# Who did what to which record: one sentence, so that each language can order its words.
DESCRIBE = gettext_lazy("%(who)s %(verb)s %(what)s")


def audit_describe(*, who: str, action: str, kind: str, name: str) -> str:
    """'Emma Mossberg ändrade initiativet ”Cornerstone Indicators”' and the like."""
    return audit_sentence(str(DESCRIBE), who=who, verb=audit_verb(action), kind=kind, name=name)


def audit_sentence(pattern: str, *, who: str, verb: str, kind: str, name: str) -> str:
    """DESCRIBE, already in the language, filled in: the kind of record, with its name if it has one."""
    what = f"{kind} ”{name}”" if name else kind
    return pattern % {"who": who, "verb": verb, "what": what}


# A password chosen or changed: what happened, not a changed record.
PASSWORD_SENTENCES = {
    "login.invitation_accept": gettext_lazy("%(who)s accepted the invitation and chose a password"),
    "login.password_reset": gettext_lazy("%(who)s chose a new password through a link sent by e-mail"),
    "login.password_change": gettext_lazy("%(who)s changed their password"),
}


# Why a sign-in through a partnership's own provider was refused (core.signin's codes).
SIGNIN_REFUSALS = {
    "no_email": gettext_lazy("the provider gave no e-mail address"),
    "email_unverified": gettext_lazy("the provider has not verified the e-mail address"),
    "domain_not_allowed": gettext_lazy("the e-mail address is of a domain the service does not admit"),
    "no_person": gettext_lazy("no person of the partnership has the e-mail address"),
    "several_people": gettext_lazy("several people of the partnership have the e-mail address"),
    "login_taken": gettext_lazy("the login named by the e-mail address is another person's"),
    "login_inactive": gettext_lazy("the login is switched off"),
    "provider_error": gettext_lazy("the provider did not complete the login"),
}


def audit_describe_access(*, who: str, action: str, after: Any) -> str | None:
    """The sentence of a login or refusal entry ("Någon försökte logga in som …"); None for others.

    These entries name no changed thing: a failed login names the login that was tried and the
    address it came from, a refused request the page and what was not allowed there.
    """
    data = after if isinstance(after, dict) else {}
    if action in ("login.fail", "login.lockout"):
        values = {"who": who, "ip": data.get("ip") or _("an unknown address")}
        if action == "login.fail":
            return _("Someone tried to log in as %(who)s with a wrong password, from %(ip)s") % values
        return _(
            "Someone tried to log in as %(who)s with a wrong password too many times, from %(ip)s. "
            "The login was locked for %(minutes)s minutes."
        ) % {**values, "minutes": data.get("minutes", "")}
    if action in PASSWORD_SENTENCES:
        return str(PASSWORD_SENTENCES[action]) % {"who": who}
    if action in ("login.external", "login.external_link", "login.external_refuse"):
        values = {"who": who, "service": data.get("service", ""), "email": data.get("email") or _("no address")}
        if action == "login.external":
            return _("%(who)s logged in with %(service)s") % values
        if action == "login.external_link":
            return (
                _("%(who)s logged in with %(service)s for the first time, recognised by the e-mail address %(email)s")
                % values
            )
        reason = SIGNIN_REFUSALS.get(str(data.get("reason", "")), SIGNIN_REFUSALS["provider_error"])
        return _("A login with %(service)s as %(email)s was refused: %(reason)s") % {**values, "reason": reason}
    if action == "access.deny":
        refused = str(data.get("action", "")).split(".", 1)[-1]
        return str(REFUSED.get(refused, REFUSED_OTHER)) % {"who": who, "path": data.get("path", "")}
    return None


# ---------------------------------------------------------------- before and after, in words


@dataclass(frozen=True)
class FieldInfo:
    """What the history needs to know of a recorded field to say its value: its label and how to
    read it. `kind` is "text", "money" (öre), "date", "bool", "choice" or "related" (a related record
    recorded by its name, or a list of names); a field that would show only a code or a key (a
    related record's id, a slug, a list of keys) is left out of the words."""

    label: str
    kind: str = "text"
    choices: Mapping[Any, str] = field(default_factory=dict)


# A long text is shortened in a sentence of the history.
VALUE_LIMIT = 80

# What the history keeps of a secret (a sign-in service's client secret) in place of its value:
# that there is one, or that a new one was written. Said in words by audit_value.
SECRET_SET = "[secret]"
SECRET_CHANGED = "[secret changed]"


def audit_value(value: Any, info: FieldInfo) -> str:
    """One recorded value as people read it: money in kronor, a date in words, a choice by its label."""
    if value is None or value == "" or value == []:
        return _("no value")
    if value == SECRET_SET:
        return _("hidden")
    if value == SECRET_CHANGED:
        return _("a new hidden value")
    if info.kind == "related" and isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if info.kind == "money" and isinstance(value, int | str) and str(value).lstrip("-").isdigit():
        return format_kronor(int(value), unit=True)
    if info.kind == "bool":
        return _("yes") if value else _("no")
    if info.kind == "choice":
        return str(info.choices.get(value, value))
    if info.kind == "date" and isinstance(value, str):
        try:
            return date_format(date.fromisoformat(value[:10]), "j F Y")
        except ValueError:
            return value
    text = " ".join(str(value).split())
    return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 1] + "…"


def audit_changes(before: Any, after: Any, fields: Mapping[str, FieldInfo]) -> list[str]:
    """What an entry changed, field by field, in words ("budget från 100 000 kr till 120 000 kr");
    for a record added or removed, what it held. Fields not in `fields` are not shown."""
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    # The sentence names the record already.
    named = audit_name(after, before)
    parts = []
    for name, info in fields.items():
        if name not in old and name not in new:
            continue
        if info.kind == "related" and not all(
            isinstance(v, str | list) or v is None for v in (old.get(name), new.get(name))
        ):
            continue
        if old and new:
            if name in old and name in new and old[name] != new[name]:
                parts.append(
                    _("%(field)s from %(before)s to %(after)s")
                    % {
                        "field": info.label,
                        "before": audit_value(old[name], info),
                        "after": audit_value(new[name], info),
                    }
                )
        else:
            value = (new or old).get(name)
            if value not in (None, "", [], {}) and value != named:
                parts.append(_("%(field)s: %(value)s") % {"field": info.label, "value": audit_value(value, info)})
    return parts
