"""Keys and places nobody types: the forms ask for neither, the services make them, and a row of
the plan changes place by moving up or down."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from samsyn.core.models import AuditEntry
from samsyn.core.policy import Actor, Grant
from samsyn.core.roles import Role
from samsyn.followup import services
from samsyn.followup.forms import KpiForm
from samsyn.followup.models import Evaluation, Event, FollowupPlanItem, ImpactStory, Kpi

pytestmark = pytest.mark.django_db

# (create page, posted data, model, the key the first save makes)
FORMS = [
    (
        "kpi_create",
        {"name": "Antal möten i år", "unit": "count", "direction": "up", "periodicity": "year"},
        Kpi,
        "antal-moten-i-ar",
    ),
    (
        "evaluation_create",
        {"title": "Höstens utvärdering", "year": 2031, "audience": "link"},
        Evaluation,
        "hostens-utvardering",
    ),
    ("story_create", {"person_name": "Nils Nilsson", "text": "Det hjälpte."}, ImpactStory, "nils-nilsson"),
    ("event_create", {"date": "2031-03-01", "title": "Forum Öst", "kind": "forum"}, Event, "forum-ost"),
    (
        "plan_item_create",
        {"year": 2031, "question": "Når vi fram?", "status": "planned"},
        FollowupPlanItem,
        "nar-vi-fram",
    ),
]


@pytest.mark.parametrize("name,data,model,key", FORMS)
def test_the_form_asks_no_key_and_saving_makes_a_free_one(shk, client_as, name, data, model, key):
    client = client_as("processledare")
    url = reverse(f"followup:{name}", args=["shk"])
    html = client.get(url).content.decode()
    assert 'name="key"' not in html and 'name="order"' not in html
    for expected in [key, f"{key}-2"]:
        response = client.post(url, data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert model.objects.filter(partnership=shk, key=expected).exists()


def test_a_key_is_never_a_word_of_the_addresses(shk, client_as):
    client = client_as("processledare")
    client.post(reverse("followup:evaluation_create", args=["shk"]), {"title": "Ny", "year": 2031, "audience": "link"})
    evaluation = Evaluation.objects.get(partnership=shk, title="Ny")
    assert evaluation.key == "ny-2"
    assert client.get(evaluation.get_absolute_url()).status_code == 200


def test_a_renamed_kpi_keeps_its_key(shk):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))
    kpi = services.kpi_create(actor=actor, user=None, partnership=shk, name="Första namnet", focus_area=None)
    assert services.kpi_change(actor=actor, user=None, kpi=kpi, name="Andra namnet").key == "forsta-namnet"


def test_a_new_kpi_and_plan_row_go_last(shk):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))
    last_kpi = max(Kpi.objects.filter(partnership=shk).values_list("order", flat=True), default=0)
    assert (
        services.kpi_create(actor=actor, user=None, partnership=shk, name="Sist", focus_area=None).order == last_kpi + 1
    )
    FollowupPlanItem.objects.create(partnership=shk, key="a", year=2040, order=7, question="A")
    row = services.plan_item_create(actor=actor, user=None, partnership=shk, year=2040, question="B")
    other_year = services.plan_item_create(actor=actor, user=None, partnership=shk, year=2041, question="C")
    assert (row.order, other_year.order) == (8, 1)


def _rows(shk, orders=(1, 2, 3)):
    return [
        FollowupPlanItem.objects.create(partnership=shk, key=f"r{t}", year=2040, order=o, question=t)
        for t, o in zip("ABC", orders, strict=True)
    ]


def _order(shk):
    return "".join(
        FollowupPlanItem.objects.filter(partnership=shk, year=2040)
        .order_by("order", "pk")
        .values_list("question", flat=True)
    )


@pytest.mark.parametrize(
    "title,direction,moved,order",
    [
        ("A", "up", False, "ABC"),  # the first goes no higher
        ("C", "down", False, "ABC"),  # the last goes no lower
        ("B", "up", True, "BAC"),
        ("B", "down", True, "ACB"),
    ],
)
@pytest.mark.parametrize("orders", [(1, 2, 3), (0, 0, 0)], ids=["numbered", "all-zero"])
def test_plan_item_move_swaps_with_the_neighbour(shk, title, direction, moved, order, orders):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))
    _rows(shk, orders)
    audited = AuditEntry.objects.count()
    row = FollowupPlanItem.objects.get(partnership=shk, key=f"r{title}")
    assert services.plan_item_move(actor=actor, user=None, plan_item=row, direction=direction) is moved
    assert _order(shk) == order
    assert AuditEntry.objects.count() == audited + (1 if moved else 0)


def test_plan_item_move_is_refused_without_the_right(shk, client_as):
    __, b, __ = _rows(shk)
    reader = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.READER)}))
    with pytest.raises(PermissionDenied):
        services.plan_item_move(actor=reader, user=None, plan_item=b, direction="up")
    url = reverse("followup:plan_item_move", args=["shk", b.key])
    assert client_as("lasare").post(url, {"direction": "up"}).status_code == 403
    assert _order(shk) == "ABC"
    page = client_as("processledare").get(reverse("followup:plan", args=["shk"]) + "?year=2040").content.decode()
    assert "Flytta upp" in page and "Flytta ner" in page
    response = client_as("processledare").post(url, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith("?year=2040")
    assert _order(shk) == "BAC"


@pytest.mark.parametrize(
    "name, title",
    [
        ("kpi_create", "Nytt nyckeltal"),
        ("evaluation_create", "Ny utvärdering"),
        ("story_create", "Ny impact story"),
        ("event_create", "Nytt event"),
        ("plan_item_create", "Ny rad i uppföljningsplanen"),
    ],
)
def test_a_new_records_page_is_titled_in_whole_swedish(client_as, name, title):
    # Swedish inflects "ny/nytt" by the noun: each page has its own phrase, never "Ny: …".
    page = client_as("processledare").get(reverse(f"followup:{name}", args=["shk"])).content.decode()
    assert f"<h1>{title}</h1>" in page
    assert "Ny: " not in page


def _kpis(shk, orders=(901, 902, 903)):
    # A, B and C under one heading, with another heading's KPI between B and C: it stays where it is.
    made = [
        Kpi.objects.create(partnership=shk, key=f"k{t}", name=t, group="Prov", order=o)
        for t, o in zip("ABC", orders, strict=True)
    ]
    Kpi.objects.create(partnership=shk, key="kx", name="X", group="Annat prov", order=orders[1])
    return made


def _kpi_order(shk):
    return "".join(
        Kpi.objects.filter(partnership=shk, group__in=["Prov", "Annat prov"])
        .order_by("order", "name", "pk")
        .values_list("name", flat=True)
    )


@pytest.mark.parametrize(
    "name,direction,moved,order",
    [
        ("A", "up", False, "ABXC"),  # the first under its heading goes no higher
        ("C", "down", False, "ABXC"),  # the last under its heading goes no lower
        ("B", "up", True, "BAXC"),
        ("B", "down", True, "ACXB"),  # past the other heading's KPI, to C's place
        ("C", "up", True, "ACXB"),
    ],
)
@pytest.mark.parametrize("orders", [(901, 902, 903), (0, 0, 0)], ids=["numbered", "all-zero"])
def test_kpi_move_swaps_with_the_neighbour_under_its_heading(shk, name, direction, moved, order, orders):
    actor = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.PROCESS_LEADER)}))
    _kpis(shk, orders)
    if orders == (0, 0, 0):
        order = order.replace("X", "")  # all at 0, X sorts by name after C: leave it out of the comparison
    audited = AuditEntry.objects.count()
    kpi = Kpi.objects.get(partnership=shk, key=f"k{name}")
    assert services.kpi_move(actor=actor, user=None, kpi=kpi, direction=direction) is moved
    assert (_kpi_order(shk).replace("X", "") if orders == (0, 0, 0) else _kpi_order(shk)) == order
    assert AuditEntry.objects.count() == audited + (1 if moved else 0)


def test_kpi_move_is_refused_without_the_right_and_offered_to_staff(shk, client_as):
    __, b, __ = _kpis(shk)
    reader = Actor(partnership_id=shk.pk, person_id=None, grants=frozenset({Grant(Role.READER)}))
    with pytest.raises(PermissionDenied):
        services.kpi_move(actor=reader, user=None, kpi=b, direction="up")
    url = reverse("followup:kpi_move", args=["shk", b.key])
    assert client_as("lasare").post(url, {"direction": "up"}).status_code == 403
    assert "Flytta upp" not in client_as("lasare").get(reverse("followup:kpi_list", args=["shk"])).content.decode()
    assert _kpi_order(shk) == "ABXC"
    page = client_as("processledare").get(reverse("followup:kpi_list", args=["shk"])).content.decode()
    assert f'action="{url}"' in page and "Flytta upp<span" in page and "Flytta ner<span" in page
    response = client_as("processledare").post(url, {"direction": "up"})
    assert response.status_code == 302 and response["Location"].endswith("#kpi-kB")
    assert _kpi_order(shk) == "BAXC"
    entry = AuditEntry.objects.filter(action="kpi.move").latest("pk")
    assert entry.before == {"order": 902}


def test_the_kpi_form_asks_for_no_key_or_order():
    assert not {"key", "order"} & set(KpiForm.base_fields)
