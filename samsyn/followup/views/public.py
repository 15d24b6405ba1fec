"""Answering an evaluation without logging in: the link is the permission.

/svara/<code>/ is the evaluation's short link (shown with a QR code at the meeting). When the
evaluation is open to anyone with the link, each browser becomes one anonymous respondent,
remembered in its session (sessions live in the database: app servers stay stateless).
/svara/r/<token>/ is an invited respondent's personal link.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from .. import services
from ..forms import AnswerForm
from ..models import Evaluation, Respondent, Response


def _session_key(evaluation):
    return f"followup-respondent-{evaluation.pk}"


def _forms(statements, data=None, existing=None):
    existing = existing or {}
    forms = []
    for s in statements:
        r = existing.get(s.pk)
        initial = {"colour": r.colour, "comment": r.comment, "move_up": r.move_up} if r else None
        forms.append((s, AnswerForm(data, prefix=f"s{s.pk}", initial=initial)))
    return forms


def _handle(request, evaluation, respondent, make_respondent=None):
    if evaluation.status != Evaluation.Status.OPEN:
        return render(request, "followup/public_closed.html", {"evaluation": evaluation}, status=200)
    statements = list(evaluation.statements.order_by("order"))
    existing = {r.statement_id: r for r in Response.objects.filter(respondent=respondent)} if respondent else {}
    forms = _forms(statements, request.POST if request.method == "POST" else None, existing)
    error = None
    if request.method == "POST" and all(f.is_valid() for _s, f in forms):
        if respondent is None:
            respondent = make_respondent()
        answers = {
            s.pk: (f.cleaned_data["colour"], f.cleaned_data["comment"], f.cleaned_data["move_up"]) for s, f in forms
        }
        try:
            services.responses_submit(respondent=respondent, answers=answers)
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            return redirect("followup_public:thanks", respondent.token)
    return render(
        request,
        "followup/public_answer.html",
        {
            "evaluation": evaluation,
            "forms": forms,
            "error": error,
            "respondent": respondent,
            "invalid": request.method == "POST" and any(f.errors for _s, f in forms),
        },
    )


@never_cache
def answer(request, code):
    evaluation = Evaluation.objects.filter(code=code).select_related("partnership").first()
    if evaluation is None:
        raise Http404
    if evaluation.audience == Evaluation.Audience.INVITED:
        if request.user.is_authenticated:
            mine = Respondent.objects.filter(evaluation=evaluation, person__user=request.user).first()
            if mine:
                return redirect("followup_public:answer_personal", mine.token)
        return render(request, "followup/public_invited_only.html", {"evaluation": evaluation})
    token = request.session.get(_session_key(evaluation))
    respondent = Respondent.objects.filter(evaluation=evaluation, token=token).first() if token else None

    def make():
        r = services.respondent_create(evaluation=evaluation)
        request.session[_session_key(evaluation)] = r.token
        return r

    return _handle(request, evaluation, respondent, make)


@never_cache
def answer_personal(request, token):
    respondent = Respondent.objects.filter(token=token).select_related("evaluation__partnership", "person").first()
    if respondent is None:
        raise Http404
    return _handle(request, respondent.evaluation, respondent)


def thanks(request, token):
    respondent = Respondent.objects.filter(token=token).select_related("evaluation").first()
    if respondent is None:
        raise Http404
    return render(
        request, "followup/public_thanks.html", {"evaluation": respondent.evaluation, "respondent": respondent}
    )
