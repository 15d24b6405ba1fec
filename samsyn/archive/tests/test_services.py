"""The archive's services check the policy themselves: every write, whoever calls it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samsyn.archive import services
from samsyn.archive.extract import Upload
from samsyn.archive.models import Document
from samsyn.core.models import AuditEntry
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role

pytestmark = pytest.mark.django_db

# Who may register and change documents (archive/policy_rules.py): the office and the staff around it.
MAY_WRITE = {
    Role.ADMINISTRATOR,
    Role.PROCESS_LEADER,
    Role.DEPUTY_PROCESS_LEADER,
    Role.PROJECT_LEADER,
    Role.COMMUNICATOR,
}


def actor_as(shk, role):
    return Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(role)}))


def _upload(name="u.txt", text="Text om Skultuna"):
    return Upload.check(name, text.encode())


def _register(shk, actor):
    return services.document_register(
        actor=actor, user=None, partnership=shk, upload=_upload(), kind="other", title="T", date=date(2024, 5, 2)
    )


def _import(shk, actor):
    return services.document_import(
        actor=actor, user=None, partnership=shk, files=[("i.txt", b"Importerad")], kind="other", date=date(2024, 5, 2)
    )


def _change(shk, actor, document):
    return services.document_change(
        actor=actor,
        user=None,
        document=document,
        kind="report",
        title="Ny titel",
        date=date(2024, 5, 3),
        access="internal",
    )


def _version_add(shk, actor, document):
    return services.document_version_add(actor=actor, user=None, document=document, upload=_upload("v2.txt", "Två"))


WRITES = {
    "document_register": lambda shk, actor, document: _register(shk, actor),
    "document_import": lambda shk, actor, document: _import(shk, actor),
    "document_change": _change,
    "document_version_add": _version_add,
}


@pytest.mark.parametrize("write", sorted(WRITES))
@pytest.mark.parametrize("role", sorted(Role.values))
def test_every_write_checks_the_actors_role(shk, register, role, write):
    document = register("d.txt", "Befintlig handling")
    actor = actor_as(shk, role)
    if role in MAY_WRITE:
        WRITES[write](shk, actor, document)
    else:
        count = Document.objects.count()
        with pytest.raises(PermissionDenied):
            WRITES[write](shk, actor, document)
        assert Document.objects.count() == count
        document.refresh_from_db()
        assert (document.title, document.versions.count()) == ("d.txt", 1)


@pytest.mark.parametrize("write", sorted(WRITES))
def test_no_login_and_another_partnership_may_not_write(shk, register, write):
    document = register("d.txt", "Befintlig handling")
    other = Actor(partnership_id=shk.pk + 1000, person_id=None, grants=frozenset({Grant(Role.ADMINISTRATOR)}))
    for actor in (None, other):
        with pytest.raises(PermissionDenied):
            WRITES[write](shk, actor, document)


def test_a_restricted_document_needs_roles_in_swedish(shk, register):
    document = register("d.txt", "Befintlig handling")
    admin = actor_as(shk, Role.ADMINISTRATOR)
    with pytest.raises(ValidationError) as exc:
        services.document_change(
            actor=admin,
            user=None,
            document=document,
            kind="other",
            title="T",
            date=date(2024, 5, 2),
            access="restricted",
        )
    assert exc.value.message_dict == {
        "roles": ["Välj minst en roll som får se handlingen, eftersom åtkomsten är begränsad."]
    }


def test_change_is_audited_in_its_transaction(shk, register):
    document = register("d.txt", "Befintlig handling")
    _change(shk, actor_as(shk, Role.PROCESS_LEADER), document)
    entry = AuditEntry.objects.filter(action="document.change", object_id=str(document.pk)).latest("pk")
    assert entry.before["title"] == "d.txt" and entry.after["title"] == "Ny titel"


def test_a_post_is_only_as_allowed_as_the_service_says(client_as, shk, register):
    """The form page says no to a reader; so does the service when a reader posts anyway."""
    document = register("d.txt", "Befintlig handling")
    reader = client_as("lasare")
    assert reader.get("/shk/arkiv/handlingar/ny/").status_code == 403
    assert reader.get(f"/shk/arkiv/handlingar/{document.pk}/andra/").status_code == 403
    count = Document.objects.count()
    posted = reader.post(
        "/shk/arkiv/handlingar/ny/",
        {
            "file": SimpleUploadedFile("x.txt", b"x"),
            "title": "X",
            "kind": "other",
            "date": "2024-06-01",
            "access": "internal",
        },
    )
    assert posted.status_code == 403 and Document.objects.count() == count
    posted = reader.post(
        f"/shk/arkiv/handlingar/{document.pk}/ny-version/", {"file": SimpleUploadedFile("y.txt", b"y")}
    )
    assert posted.status_code == 403 and document.versions.count() == 1
