"""Every read of a restricted document, its page or a file, is in the audit history: who, and which
document by its diary number (not its title, which the history's readers may not be allowed to see)."""

import pytest

from samsyn.core.models import AuditEntry, Person

pytestmark = pytest.mark.django_db


def reads(document):
    return list(
        AuditEntry.objects.filter(action="document.view", object_id=str(document.pk))
        .select_related("user")
        .order_by("pk")
    )


@pytest.fixture
def board_only(register):
    return register(
        "styrelsen.txt",
        "Bara för styrelsen",
        title="Hemlig titel",
        access="restricted",
        roles=["board_member", "board_chair"],
    )


def test_reading_a_restricted_documents_page_and_file_is_recorded(client_as, board_only):
    client = client_as("styrelse")
    assert client.get(f"/shk/arkiv/handlingar/{board_only.pk}/").status_code == 200
    response = client.get(f"/shk/arkiv/handlingar/{board_only.pk}/version/1/")
    assert response.status_code == 200 and response.content == "Bara för styrelsen".encode()
    page, file = reads(board_only)
    assert page.user.username == file.user.username == "styrelse"
    assert page.partnership_id == board_only.partnership_id
    assert page.after == {"diary_number": board_only.diary_number}
    assert file.after == {"diary_number": board_only.diary_number, "version": 1}
    assert "Hemlig titel" not in str(page.after) + str(file.after)


def test_the_start_page_says_who_read_which_document(client_as, shk, board_only):
    client_as("styrelse").get(f"/shk/arkiv/handlingar/{board_only.pk}/")
    name = Person.objects.get(partnership=shk, user__username="styrelse").name
    text = client_as("processledare").get("/shk/").content.decode()
    assert f"{name} läste handling ”{board_only.diary_number}”" in text


def test_a_refused_read_is_not_a_read(client_as, board_only):
    assert client_as("lasare").get(f"/shk/arkiv/handlingar/{board_only.pk}/").status_code == 404
    assert client_as("lasare").get(f"/shk/arkiv/handlingar/{board_only.pk}/version/1/").status_code == 404
    assert client_as("styrelse").get(f"/shk/arkiv/handlingar/{board_only.pk}/version/9/").status_code == 404
    assert reads(board_only) == []


@pytest.mark.parametrize("access", ["internal", "public"])
def test_reads_of_other_documents_are_not_recorded(client_as, register, access):
    document = register("alla.txt", "För alla", access=access)
    client = client_as("lasare")
    assert client.get(f"/shk/arkiv/handlingar/{document.pk}/").status_code == 200
    assert client.get(f"/shk/arkiv/handlingar/{document.pk}/version/1/").status_code == 200
    assert reads(document) == []
