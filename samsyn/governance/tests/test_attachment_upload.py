"""A file uploaded as a meeting's attachment is filed in the archive (a diary number, the access
level chosen) and attached by reference; the notice carries it as a file when everyone it goes to
may read it and the files together stay within the limit, and links it otherwise."""

import re
from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from weasyprint import HTML

from samsyn.archive.extract import Upload
from samsyn.archive.models import DiarySeries, Document
from samsyn.archive.testing import registrar
from samsyn.core.models import AuditEntry, FocusArea, Person, RoleAssignment
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.core.testing.mail import sent_messages, use_file_backend
from samsyn.governance import services
from samsyn.governance.forms import AttachmentForm
from samsyn.governance.models import Attachment, Meeting
from samsyn.governance.rules import notice_files_fitting

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def budget_pdf():
    return HTML(string="<h1>Budget 2027</h1><p>Övergripande processtöd 2 900 000</p>").write_pdf()


@pytest.fixture
def mail(settings, tmp_path):
    return use_file_backend(settings, tmp_path / "mail")


def member(shk, name, role=Role.BOARD_MEMBER):
    """A person with an e-mail address and, unless `role` is None, a role in the partnership."""
    person = Person.objects.create(partnership=shk, key=slugify(name), name=name, email=f"{slugify(name)}@example.se")
    if role is not None:
        RoleAssignment.objects.create(partnership=shk, person=person, role=role)
    return person


@pytest.fixture
def meeting(shk):
    """A planned board meeting whose attendance list is two board members."""
    meeting = Meeting.objects.create(
        partnership=shk,
        key="upload-test",
        kind="board",
        title="Styrelsemöte",
        date=date(2027, 3, 4),
        start_time=time(13, 0),
        end_time=time(15, 0),
    )
    for order, name in enumerate(["Anna Ledamot", "Bo Ledamot"], 1):
        meeting.attendances.create(partnership=shk, person=member(shk, name), role="member", order=order)
    return meeting


def leader(meeting):
    person = Person.objects.get(partnership=meeting.partnership, user__username="processledare")
    return Actor(
        partnership_id=meeting.partnership_id, person_id=person.pk, grants=frozenset({Grant(Role.PROCESS_LEADER)})
    )


def upload(meeting, filename, data, **kwargs):
    return services.meetings.attachment_upload(
        actor=leader(meeting), user=None, meeting=meeting, upload=Upload.check(filename, data), **kwargs
    )


def notice(meeting):
    services.notices.notice_send(actor=leader(meeting), user=None, meeting=meeting, confirmed=True)


def files_of(message):
    """(file name, bytes) of each attachment of a sent message but the calendar invitation."""
    return [
        (part.get_filename(), part.get_payload(decode=True))
        for part in message.iter_attachments()
        if part.get_content_type() != "text/calendar"
    ]


def diary_state():
    return list(DiarySeries.objects.order_by("pk").values_list("pk", "last_number"))


def test_an_uploaded_file_is_filed_with_a_diary_number_attached_and_sent_with_the_notice(
    meeting, mail, client_as, budget_pdf
):
    client = client_as("processledare")
    url = reverse("governance:attachment_new", args=["shk", meeting.pk])
    form = client.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in form and "Ladda upp en fil" in form and "diarieförs" in form
    response = client.post(
        url, {"title": "Budget 2027", "file": SimpleUploadedFile("budget.pdf", budget_pdf), "access": "internal"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    attachment = Attachment.objects.get(meeting=meeting)
    document = Document.objects.get(pk=attachment.document_id)
    assert (attachment.number, attachment.title, attachment.uploaded) == (1, "Budget 2027", True)
    year = timezone.localdate().year
    assert document.diary_number == f"SHK {year}/{document.number}"
    assert (document.kind, document.access, document.title) == ("attachment", "internal", "Budget 2027")
    assert list(document.meetings.all()) == [meeting]
    version = document.versions.get()
    assert (version.filename, bytes(version.content)) == ("budget.pdf", budget_pdf)
    assert "Övergripande processtöd" in document.text
    # Both writes are in the audit history: the registration and the attachment.
    assert AuditEntry.objects.filter(action="document.add", object_id=str(document.pk)).exists()
    assert AuditEntry.objects.filter(action="meeting.change", object_id=str(attachment.pk)).exists()
    page = client.get(reverse("governance:meeting", args=["shk", meeting.pk])).content.decode()
    assert "Budget 2027" in page and document.diary_number in page

    client.post(reverse("governance:notice_send", args=["shk", meeting.pk]), {"confirm": "yes"})
    sent = sent_messages(mail)
    assert sorted(m["To"] for m in sent) == ["anna-ledamot@example.se", "bo-ledamot@example.se"]
    for message in sent:
        assert files_of(message) == [("budget.pdf", budget_pdf)]
        [pdf] = [part for part in message.iter_attachments() if part.get_filename() == "budget.pdf"]
        assert pdf.get_content_type() == "application/pdf"
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Bilaga 1: Budget 2027 (bifogad i meddelandet som budget.pdf)" in text
    entry = AuditEntry.objects.get(action="meeting.notice_send", object_id=str(meeting.pk))
    assert entry.after["files"] == ["budget.pdf"]


def test_without_a_title_the_file_gives_it(meeting):
    attachment = upload(meeting, "protokoll.md", "# Protokoll från Core Team\n\nText".encode())
    assert attachment.title == "Protokoll från Core Team"
    assert Document.objects.get(pk=attachment.document_id).title == "Protokoll från Core Team"


@pytest.mark.parametrize(
    ("access", "roles", "guest_role", "attached"),
    [
        # Every board member reads an internal document, and one restricted to board members.
        ("internal", [], Role.BOARD_MEMBER, True),
        ("restricted", [Role.BOARD_MEMBER], Role.BOARD_MEMBER, True),
        # Restricted to a role nobody on the list holds: a link, never the file.
        ("restricted", [Role.PROCESS_LEADER], Role.BOARD_MEMBER, False),
        # Someone on the list holds no role in the partnership: only a public file goes to them.
        ("internal", [], None, False),
        ("public", [], None, True),
        # Restricted to a role only one on the list holds.
        ("restricted", [Role.ECONOMY_CONTROLLER], Role.ECONOMY_CONTROLLER, False),
    ],
)
def test_a_file_goes_with_the_notice_only_if_everyone_it_goes_to_may_read_it(
    meeting, mail, access, roles, guest_role, attached
):
    third = member(meeting.partnership, "Cia Gäst", role=guest_role)
    meeting.attendances.create(partnership=meeting.partnership, person=third, role="guest", order=3)
    upload(meeting, "underlag.txt", b"Underlag till styrelsen", title="Underlag", access=access, roles=roles)
    notice(meeting)
    sent = sent_messages(mail)
    assert len(sent) == 3
    for message in sent:
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Bilaga 1: Underlag" in text
        if attached:
            assert files_of(message) == [("underlag.txt", b"Underlag till styrelsen")]
        else:
            assert files_of(message) == []
            # The link to the archive stays: there each reader opens what they may.
            assert "/shk/arkiv/handlingar/" in text and "bifogad" not in text


def test_files_past_the_limit_are_linked_and_a_chosen_archived_document_always_is(meeting, mail, settings):
    settings.SAMSYN_NOTICE_FILES_MAX_BYTES = 1000
    upload(meeting, "stor.txt", b"a" * 800, title="Stor")
    upload(meeting, "storre.txt", b"b" * 300, title="Större")  # 800 + 300 is past the limit
    upload(meeting, "liten.txt", b"c" * 200, title="Liten")  # 800 + 200 is not
    archived = registrar(meeting.partnership)("arkiverad.txt", "En handling sedan tidigare")
    services.meetings.attachment_create(
        actor=leader(meeting), user=None, meeting=meeting, title="Arkiverad", document_id=archived.pk
    )
    notice(meeting)
    for message in sent_messages(mail):
        assert [name for name, __ in files_of(message)] == ["stor.txt", "liten.txt"]
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Bilaga 2: Större\n" in text and "Bilaga 4: Arkiverad\n" in text


@pytest.mark.parametrize(
    ("sizes", "limit", "fits"),
    [
        ([], 10, []),
        ([10], 10, [True]),
        ([11], 10, [False]),
        ([4, 6], 10, [True, True]),
        ([4, 7, 6], 10, [True, False, True]),
        ([0, 10, 1], 10, [True, True, False]),
    ],
)
def test_notice_files_fitting(sizes, limit, fits):
    assert notice_files_fitting(sizes, limit) == fits


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("stor.txt", b"x" * (3 * 1024 * 1024 // 2), "stor.txt: filen är 1,5 MB, men den får vara högst 1,0 MB."),
        ("program.exe", b"MZ", "program.exe: den här filtypen går inte att ladda upp."),
        ("tom.txt", b"", "Den skickade filen är tom."),
    ],
)
def test_a_bad_upload_is_refused_in_swedish_and_the_rest_of_the_form_is_kept(
    meeting, client_as, settings, name, data, words
):
    settings.SAMSYN_ARCHIVE_MAX_BYTES = 1024 * 1024
    item = meeting.items.create(partnership=meeting.partnership, number=1, title="Ekonomi")
    before = (Document.objects.count(), diary_state())
    response = client_as("processledare").post(
        reverse("governance:attachment_new", args=["shk", meeting.pk]),
        {
            "title": "Budget till styrelsen",
            "item": item.pk,
            "file": SimpleUploadedFile(name, data),
            "access": "restricted",
            "roles": [Role.BOARD_MEMBER],
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and "error-summary" in page
    assert words in page
    # What was typed and chosen is still there: only the file is to be chosen again.
    assert 'value="Budget till styrelsen"' in page
    assert f'<option value="{item.pk}" selected>' in page
    assert '<option value="restricted" selected>' in page
    assert re.search(f'<input type="checkbox" name="roles" value="{Role.BOARD_MEMBER}"[^>]* checked', page)
    assert (Document.objects.count(), diary_state()) == before
    assert not Attachment.objects.filter(meeting=meeting).exists()


def test_a_file_is_an_attachment_of_its_own(meeting):
    form = AttachmentForm(
        {"title": "Budget", "url": "https://example.se/budget.pdf", "access": "internal"},
        {"file": SimpleUploadedFile("budget.txt", b"Budget")},
        meeting=meeting,
    )
    assert not form.is_valid()
    assert form.errors["file"] == [
        "En uppladdad fil är en bilaga för sig: lämna diarienummer, rapport och adress tomma."
    ]
    # Neither a file nor a title: the title is asked for.
    form = AttachmentForm({"access": "internal"}, meeting=meeting)
    assert not form.is_valid() and form.errors["title"] == ["Ge bilagan en titel."]


@pytest.mark.parametrize("username", ["styrelse", "lasare", "coreteam-barn"])
def test_who_may_not_add_attachments_may_not_upload_and_nothing_is_filed(meeting, client_as, username):
    """The rule is the one of every attachment (meeting.change): a board member, a reader, a Core
    Team member on a board meeting are refused, and no diary number is taken."""
    before = (Document.objects.count(), diary_state(), AuditEntry.objects.exclude(action="access.deny").count())
    response = client_as(username).post(
        reverse("governance:attachment_new", args=["shk", meeting.pk]),
        {"title": "Bilaga", "file": SimpleUploadedFile("bilaga.txt", b"Bilaga"), "access": "internal"},
    )
    assert response.status_code == 403
    assert (Document.objects.count(), diary_state(), AuditEntry.objects.exclude(action="access.deny").count()) == before
    assert not Attachment.objects.filter(meeting=meeting).exists()


def test_a_core_team_member_files_their_own_meetings_papers(shk):
    """Whoever prepares a meeting files its papers, though a Core Team member registers no other documents."""
    area = FocusArea.objects.filter(partnership=shk).order_by("pk").first()
    meeting = Meeting.objects.create(
        partnership=shk, key="core-upload", kind="core_team", focus_area=area, title="Core Team", date=date(2027, 3, 5)
    )
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.CORE_TEAM_MEMBER, area.pk)}))
    attachment = services.meetings.attachment_upload(
        actor=actor, user=None, meeting=meeting, upload=Upload.check("lista.txt", b"Initiativlista"), title="Lista"
    )
    assert Document.objects.get(pk=attachment.document_id).meetings.get() == meeting
    other = Actor(
        partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.CORE_TEAM_MEMBER, area.pk + 1000)})
    )
    with pytest.raises(PermissionDenied):
        services.meetings.attachment_upload(
            actor=other, user=None, meeting=meeting, upload=Upload.check("lista.txt", b"Initiativlista"), title="Lista"
        )


def test_approved_minutes_take_no_uploads(meeting):
    meeting.minutes_status = Meeting.MinutesStatus.APPROVED
    meeting.save()
    before = (Document.objects.count(), diary_state())
    with pytest.raises(ValidationError):
        upload(meeting, "sent.txt", "För sent".encode())
    assert (Document.objects.count(), diary_state()) == before
