"""Nothing of one partnership is ever shown to members of another."""

import pytest
from django.contrib.auth import get_user_model

from samsyn.core.models import FocusArea, Organization, Partnership, Person, RoleAssignment
from samsyn.core.roles import Role
from samsyn.portfolio.models import Initiative


@pytest.fixture
def other(db):
    """A second partnership with its own process leader and a secret initiative."""
    partnership = Partnership.objects.create(slug="annan", name="Annat partnerskap")
    area = FocusArea.objects.create(partnership=partnership, slug="hemligt", name="Hemligt fokusområde")
    initiative = Initiative.objects.create(partnership=partnership, slug="hemligt-initiativ", name="Hemligt initiativ")
    initiative.focus_areas.add(area)
    user = get_user_model().objects.create_user("annan-ledare", password="x")
    person = Person.objects.create(partnership=partnership, key="ledare", name="Annan Ledare", user=user)
    RoleAssignment.objects.create(partnership=partnership, person=person, role=Role.PROCESS_LEADER)
    return partnership


OTHER_URLS = [
    "/annan/",
    "/annan/initiativ/",
    "/annan/initiativ/hemligt-initiativ/",
    "/annan/initiativ/hemligt-initiativ/andra/",
    "/annan/fokusomraden/",
    "/annan/fokusomraden/hemligt/",
    "/annan/personer/",
    "/annan/initiativ/nytt/",
    "/annan/api-nycklar/",
]


@pytest.mark.parametrize("url", OTHER_URLS)
def test_shk_admin_cannot_see_another_partnership(other, client_as, url):
    assert client_as("admin").get(url).status_code == 404


@pytest.mark.parametrize("url", ["/shk/initiativ/hemligt-initiativ/", "/shk/fokusomraden/hemligt/"])
def test_other_partnerships_objects_do_not_appear_under_shk(other, client_as, url):
    assert client_as("admin").get(url).status_code == 404


def test_lists_show_only_the_own_partnership(other, client_as):
    html = client_as("admin").get("/shk/initiativ/?q=Hemligt").content.decode()
    assert "Hemligt initiativ" not in html
    html = client_as("annan-ledare").get("/annan/initiativ/").content.decode()
    assert "Hemligt initiativ" in html
    assert "Cornerstone" not in html


def test_a_person_may_belong_to_several_partnerships(other, client_as):
    user = get_user_model().objects.get(username="lasare")
    person = Person.objects.create(partnership=other, key="lasare", name="Läsare", user=user)
    RoleAssignment.objects.create(partnership=other, person=person, role=Role.READER)
    client = client_as("lasare")
    assert client.get("/annan/initiativ/").status_code == 200
    assert client.get("/shk/initiativ/").status_code == 200
    start = client.get("/")
    assert start.status_code == 200 and b"Annat partnerskap" in start.content


def test_an_ended_role_no_longer_opens_the_partnership(other, client_as):
    RoleAssignment.objects.filter(partnership=other).update(start="2020-01-01", end="2021-01-01")
    assert client_as("annan-ledare").get("/annan/").status_code == 404


def test_forms_offer_only_the_own_partnerships_records(other, client_as):
    Organization.objects.create(partnership=other, key="hemlig-org", name="Hemlig organisation", kind="other")
    html = client_as("admin").get("/shk/initiativ/nytt/").content.decode()
    assert "Hemlig organisation" not in html
    assert "Hemligt fokusområde" not in html


def test_internal_pages_require_login(client, shk):
    for url in ["/shk/", "/shk/initiativ/", "/shk/initiativ/cornerstone-indicators/", "/shk/personer/", "/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/logga-in/" in response["Location"], url


def test_unknown_partnership_is_404(client_as):
    assert client_as("admin").get("/finns-inte/").status_code == 404
