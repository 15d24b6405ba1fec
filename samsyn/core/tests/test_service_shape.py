"""Every app's write layer has one shape: named services taking plain keyword data, each asking the policy.

The services modules (`<app>/services.py`, or the modules of a `services/` package) are parsed, not
imported. A public service is named `<entity>_<action>`, takes keyword-only arguments (no form),
takes the acting person's `actor` and asks the policy itself (a call of a function whose name holds
"require"), so views only decide which pages to show. The few services that are open to people who
are not members, or that other services call after their own check, are listed with the reason.
"""

import ast
import re
from pathlib import Path

import pytest

SAMSYN = Path(__file__).resolve().parents[2]

NAME = re.compile(r"^[a-z]+(_[a-z]+)+$")

# (module path under samsyn/, function): why it takes no actor.
NO_ACTOR: dict[tuple[str, str], str] = {
    ("core/services.py", "audit_record"): "every service calls it inside its own transaction, after its own check",
    ("core/services.py", "login_failure_record"): "a failed login has no actor: nobody is logged in yet",
    ("core/services.py", "access_denial_record"): "records that the policy refused; there is nothing left to ask it",
    ("core/services.py", "partnership_create"): "platform administrators create partnerships from the command line",
    (
        "core/services.py",
        "password_set_record",
    ): "records a person's own password, saved by Django's views; no role is needed for it",
    (
        "core/services.py",
        "external_identity_signin",
    ): "a sign-in has no actor yet: the provider vouches for the person, and the sign-in rules decide",
    ("core/services.py", "signin_refusal_record"): "a refused sign-in has no actor: nobody signed in",
    ("api/services.py", "token_issue"): "the platform's operator makes a token from the command line",
    ("api/services.py", "token_use_record"): "records a request whose token and roles the API has already checked",
    ("api/services.py", "token_prune"): "removes what is past its keeping, run daily from the command line",
    ("followup/services.py", "responses_submit"): "a respondent answers by the open link or their invitation",
    ("followup/services.py", "attempt_record"): "counts a visitor's attempts on the answering pages, open to anyone",
    ("hub/services.py", "registration_request"): "anyone may register for a public event, with no account",
    ("hub/services.py", "registration_confirm"): "the visitor confirms by the secret link of the e-mail",
    ("hub/services.py", "registration_cancel"): "the visitor cancels by the secret link of the e-mail",
    ("hub/services.py", "interest_request"): "anyone may show interest in a public challenge, with no account",
    ("hub/services.py", "interest_confirm"): "the sender confirms by the secret link of the e-mail",
    ("hub/services.py", "answer_submit"): "anyone may answer a public open question, with no account",
    ("hub/services.py", "subscriber_request"): "anyone may sign up for a hub's newsletter, with no account",
    ("hub/services.py", "subscriber_confirm"): "the visitor confirms by the secret link of the e-mail",
    ("hub/services.py", "subscriber_leave"): "the visitor leaves by the secret link of the e-mail or its header",
    ("hub/services.py", "visitor_data_export"): "the platform's operator answers a request from the command line",
    ("hub/services.py", "visitor_data_erase"): "the platform's operator answers a request from the command line",
    ("hub/services.py", "registrations_prune"): "erases what is past its keeping, run daily from the command line",
}

# (module path under samsyn/, function): where the policy was asked instead.
CHECKED_ELSEWHERE: dict[tuple[str, str], str] = {
    ("governance/services/spending.py", "proposal_item_spending_record"): (
        "receives the portfolio's signal after proposal_item_decide asked the policy for the decision"
    ),
    ("governance/services/spending.py", "pilot_grant_decision_record"): (
        "receives the economy's signal after pilot_grant_record asked the policy for the grant"
    ),
}


def _called(node: ast.AST) -> set[str]:
    return {
        (c.func.attr if isinstance(c.func, ast.Attribute) else getattr(c.func, "id", ""))
        for c in ast.walk(node)
        if isinstance(c, ast.Call)
    }


def _asking(functions: dict[str, ast.FunctionDef]) -> set[str]:
    """The functions that ask the policy: they call a `require`, or a private helper of theirs that does."""
    asking = {name for name, f in functions.items() if any("require" in c for c in _called(f))}
    grew = True
    while grew:
        grew = False
        for name, f in functions.items():
            if name not in asking and any(c.startswith("_") and c in asking for c in _called(f)):
                asking.add(name)
                grew = True
    return asking


def service_modules(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.glob("*/services.py")) + sorted(root.glob("*/services/*.py")):
        if not path.name.startswith("_"):
            found.append(path)
    return found


def problems(root: Path) -> list[str]:
    result = []
    for path in service_modules(root):
        rel = path.relative_to(root).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] + [f"{node.module or ''}.{a.name}".lstrip(".") for a in node.names]
            else:
                continue
            if any(
                m == "django.forms" or m.startswith("django.forms.") or m.split(".")[-1] == "forms" for m in modules
            ):
                result.append(f"{rel}:{node.lineno} imports forms: services take plain data")
        functions = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        asking = _asking(functions)
        for func in functions.values():
            if func.name.startswith("_"):
                continue
            where = f"{rel}:{func.lineno} {func.name}"
            if not NAME.match(func.name):
                result.append(f"{where}: not named <entity>_<action>")
            if func.args.args or func.args.posonlyargs:
                result.append(f"{where}: takes positional arguments; services take keyword data")
            names = {a.arg for a in func.args.posonlyargs + func.args.args + func.args.kwonlyargs}
            if "form" in names:
                result.append(f"{where}: takes a form; services take plain data")
            if (rel, func.name) in NO_ACTOR:
                continue
            if "actor" not in names:
                result.append(f"{where}: takes no actor")
            if func.name not in asking and (rel, func.name) not in CHECKED_ELSEWHERE:
                result.append(f"{where}: does not ask the policy")
    return result


def test_every_service_takes_keyword_data_and_asks_the_policy():
    assert service_modules(SAMSYN), "no services modules found"
    found = problems(SAMSYN)
    assert not found, "\n".join(found)


def test_open_services_are_still_open():
    stale = []
    for rel, name in NO_ACTOR:
        tree = ast.parse((SAMSYN / rel).read_text(encoding="utf-8"))
        funcs = {f.name: f for f in tree.body if isinstance(f, ast.FunctionDef)}
        if name not in funcs or "actor" in {a.arg for a in funcs[name].args.kwonlyargs}:
            stale.append(f"{rel} {name}")
    assert not stale, "remove from NO_ACTOR:\n" + "\n".join(stale)
    for rel, name in CHECKED_ELSEWHERE:
        tree = ast.parse((SAMSYN / rel).read_text(encoding="utf-8"))
        assert name in {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}, f"remove {rel} {name}"


GOOD = (
    "from samsyn.core import policy\n"
    "def thing_change(*, actor, user, thing, **fields):\n"
    "    policy.require(actor, 'thing.change', thing)\n"
)


@pytest.mark.parametrize(
    "source, expected",
    [
        (GOOD, []),
        ("from django import forms\n" + GOOD, ["imports forms"]),
        ("from .forms import ThingForm\n" + GOOD, ["imports forms"]),
        ("def save(*, actor):\n    require(actor, 'x')\n", ["not named"]),
        ("def thing_save(actor, *, thing):\n    require(actor, 'x')\n", ["positional"]),
        ("def thing_save(*, actor, form):\n    require(actor, 'x')\n", ["takes a form"]),
        ("def thing_save(*, user, thing):\n    require(None, 'x')\n", ["takes no actor"]),
        ("def thing_save(*, actor, thing):\n    thing.save()\n", ["does not ask the policy"]),
        ("def _thing_helper(form):\n    return form\n", []),
        (
            "def _check(actor):\n    require(actor, 'x')\n"
            "def _save(*, actor):\n    _check(actor)\n"
            "def thing_save(*, actor):\n    _save(actor=actor)\n",
            [],
        ),
        ("def _check(actor):\n    pass\ndef thing_save(*, actor):\n    _check(actor)\n", ["does not ask the policy"]),
    ],
)
def test_the_check_itself(tmp_path, source, expected):
    root = tmp_path / "samsyn"
    (root / "things").mkdir(parents=True)
    (root / "things" / "services.py").write_text(source)
    found = problems(root)
    assert len(found) == len(expected), found
    for message, fragment in zip(found, expected, strict=True):
        assert fragment in message
