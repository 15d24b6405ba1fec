"""Answering an evaluation without logging in: the link is the permission.

/svara/<code>/ is the evaluation's short link (shown with a QR code at the meeting). An evaluation
open to anyone with the link takes each browser as one respondent; one for invited people only takes
the people invited, logged in. Either way the browser keeps a secret in a cookie (never in the
session, which the database ties to a login) and the database only its hash: with it, and only with
it, the respondent finds and changes their answers. Guessing codes and answering by the open link
are limited per address (settings SAMSYN_CODE_GUESS_LIMIT, SAMSYN_ANSWER_LIMIT).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import rules, selectors, services
from ..forms import AnswerForm
from ..models import Evaluation

CODE = "code"
ANSWER = "answer"
# How long a browser keeps the secret of its answers: long enough to change them while the evaluation is open.
SECRET_DAYS = 365


def _limit(scope):
    if scope == CODE:
        return rules.Limit(settings.SAMSYN_CODE_GUESS_LIMIT, settings.SAMSYN_CODE_GUESS_LIMIT_SECONDS)
    return rules.Limit(settings.SAMSYN_ANSWER_LIMIT, settings.SAMSYN_ANSWER_LIMIT_SECONDS)


def _address(request):
    return request.META.get("REMOTE_ADDR", "")


def _cookie_name(evaluation):
    return f"samsyn-svar-{evaluation.pk}"


def _evaluation_by_code(request, code):
    """The evaluation of `code`; a code that leads nowhere counts against the visitor's address.
    None when the address has guessed too often (the right code included, so guessing tells nothing)."""
    if selectors.attempts_exhausted(scope=CODE, subject=_address(request), limit=_limit(CODE)):
        return None
    evaluation = Evaluation.objects.filter(code=code).select_related("partnership").first()
    if evaluation is None:
        services.attempt_record(scope=CODE, subject=_address(request), limit=_limit(CODE))
        raise Http404
    return evaluation


def _too_many(request):
    return render(request, "followup/public_too_many.html", status=429)


def _forms(statements, data=None, existing=None):
    existing = existing or {}
    forms = []
    for s in statements:
        r = existing.get(s.pk)
        initial = {"colour": r.colour, "comment": r.comment, "move_up": r.move_up} if r else None
        forms.append((s, AnswerForm(data, prefix=f"s{s.pk}", initial=initial)))
    return forms


@never_cache
def answer(request, code):
    evaluation = _evaluation_by_code(request, code)
    if evaluation is None:
        return _too_many(request)
    if evaluation.status != Evaluation.Status.OPEN:
        return render(request, "followup/public_closed.html", {"evaluation": evaluation})
    respondent = None
    if evaluation.audience == Evaluation.Audience.INVITED:
        respondent = selectors.invitation_of(evaluation, request.user)
        if respondent is None:
            return render(request, "followup/public_invited_only.html", {"evaluation": evaluation})
    secret = request.COOKIES.get(_cookie_name(evaluation))
    ballot = selectors.ballot_find(evaluation, secret=secret, respondent=respondent)
    if ballot is None and respondent is not None and respondent.answered:
        return render(request, "followup/public_answered.html", {"evaluation": evaluation})
    statements = list(evaluation.statements.order_by("order"))
    existing = {r.statement_id: r for r in ballot.responses.all()} if ballot else {}
    forms = _forms(statements, request.POST if request.method == "POST" else None, existing)
    error, status = None, 200
    if request.method == "POST" and all(f.is_valid() for _s, f in forms):
        answers = {
            s.pk: (f.cleaned_data["colour"], f.cleaned_data["comment"], f.cleaned_data["move_up"]) for s, f in forms
        }
        if (
            ballot is None
            and evaluation.audience == Evaluation.Audience.LINK
            and services.attempt_record(
                scope=ANSWER, subject=f"{evaluation.pk}:{_address(request)}", limit=_limit(ANSWER)
            )
        ):
            error, status = (
                _(
                    "Many have answered from the same network just now. Wait a minute and send your answers "
                    "again: they are still in the form."
                ),
                429,
            )
        else:
            try:
                new_secret = services.responses_submit(
                    evaluation=evaluation, answers=answers, secret=secret, respondent=respondent
                )
            except ValidationError as e:
                error = " ".join(e.messages)
            else:
                response = redirect("followup_public:thanks", evaluation.code)
                if new_secret:
                    response.set_cookie(
                        _cookie_name(evaluation),
                        new_secret,
                        max_age=SECRET_DAYS * 24 * 3600,
                        path="/svara/",
                        secure=settings.SESSION_COOKIE_SECURE,
                        httponly=True,
                        samesite="Lax",
                    )
                return response
    return render(
        request,
        "followup/public_answer.html",
        {
            "evaluation": evaluation,
            "forms": forms,
            "error": error,
            "changing": ballot is not None,
            "invalid": request.method == "POST" and any(f.errors for _s, f in forms),
        },
        status=status,
    )


@never_cache
def thanks(request, code):
    evaluation = _evaluation_by_code(request, code)
    if evaluation is None:
        return _too_many(request)
    return render(request, "followup/public_thanks.html", {"evaluation": evaluation})
