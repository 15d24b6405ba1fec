import hashlib
import random
import secrets

from django.db import migrations, models


def _hash_of_a_new_secret():
    # Nobody holds these secrets: answers given before ballots existed can no longer be changed,
    # which is the price of their no longer leading to their respondent.
    return hashlib.sha256(secrets.token_urlsafe(32).encode()).hexdigest()


def answers_to_ballots(apps, schema_editor):
    """Each respondent's answers become one ballot. In an anonymous evaluation the ballot names
    nobody, and its answers are written again as new rows in a shuffled order, so that neither the
    ballots' nor the answers' numbers follow the order of the respondents they came from. Visitors
    of the open link were respondents only to hold their answers: they go. An invitation keeps only
    whether its person has answered."""
    Evaluation = apps.get_model("followup", "Evaluation")
    Respondent = apps.get_model("followup", "Respondent")
    Response = apps.get_model("followup", "Response")
    Ballot = apps.get_model("followup", "Ballot")
    shuffle = random.SystemRandom().shuffle
    for evaluation in Evaluation.objects.order_by("pk"):
        respondents = list(Respondent.objects.filter(evaluation=evaluation).order_by("pk"))
        answering = [r for r in respondents if Response.objects.filter(respondent=r).exists()]
        if evaluation.anonymous:
            shuffle(answering)
        for respondent in answering:
            ballot = Ballot.objects.create(
                partnership_id=evaluation.partnership_id,
                evaluation=evaluation,
                secret_hash=_hash_of_a_new_secret(),
                respondent=None if evaluation.anonymous or not respondent.invited else respondent,
            )
            responses = Response.objects.filter(respondent=respondent)
            if evaluation.anonymous:
                copies = [
                    Response(
                        partnership_id=r.partnership_id,
                        statement_id=r.statement_id,
                        respondent=None,
                        ballot=ballot,
                        colour=r.colour,
                        comment=r.comment,
                        move_up=r.move_up,
                    )
                    for r in responses
                ]
                responses.delete()
                Response.objects.bulk_create(copies)
            else:
                responses.update(ballot=ballot, respondent=None)
        answered = {r.pk for r in answering} | {r.pk for r in respondents if r.answered_at is not None}
        Respondent.objects.filter(pk__in=answered, invited=True).update(answered=True)
        Respondent.objects.filter(evaluation=evaluation, invited=False).delete()


def ballots_to_answers(apps, schema_editor):
    """Back to respondents: a named ballot's answers go to its respondent, every other ballot gets a
    respondent of the open link's kind, as answers by the open link had."""
    Respondent = apps.get_model("followup", "Respondent")
    Response = apps.get_model("followup", "Response")
    Ballot = apps.get_model("followup", "Ballot")
    for ballot in Ballot.objects.order_by("pk"):
        respondent = ballot.respondent or Respondent.objects.create(
            partnership_id=ballot.partnership_id,
            evaluation_id=ballot.evaluation_id,
            key=f"svar-{ballot.pk}",
            token=secrets.token_urlsafe(18),
            invited=False,
        )
        Response.objects.filter(ballot=ballot).update(respondent=respondent)
    Ballot.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("followup", "0004_ballots")]

    operations = [
        # The old rows must be nullable before answers leave them.
        migrations.AlterField(
            model_name="response",
            name="respondent",
            field=models.ForeignKey(
                null=True,
                on_delete=models.CASCADE,
                related_name="responses",
                to="followup.respondent",
                verbose_name="respondent",
            ),
        ),
        migrations.RunPython(answers_to_ballots, ballots_to_answers),
    ]
