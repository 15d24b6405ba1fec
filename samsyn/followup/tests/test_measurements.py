from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from samsyn.core.models import AuditEntry, FocusArea
from samsyn.core.policy import actor_load
from samsyn.followup.models import Kpi, Measurement
from samsyn.followup.services import measurement_import

IMPORT = "/shk/uppfoljning/nyckeltal/import/"


def upload(client, text, name="m.csv"):
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")})


def test_record_by_hand_with_audit(shk, client_as):
    client = client_as("processledare")
    response = client.post("/shk/uppfoljning/nyckeltal/antal-piloter/", {"period": "2024", "value": "7", "note": "x"})
    assert response.status_code == 302
    m = Measurement.objects.get(kpi__key="antal-piloter", period_start__year=2024)
    assert m.value == 7
    assert AuditEntry.objects.filter(action="measurement.record", object_id=str(m.pk)).exists()
    # the same period again replaces the value, audited with before and after
    client.post("/shk/uppfoljning/nyckeltal/antal-piloter/", {"period": "2024", "value": "8"})
    m.refresh_from_db()
    assert m.value == 8
    assert AuditEntry.objects.filter(action="measurement.record", object_id=str(m.pk)).count() == 2


def test_hand_entry_errors_are_shown(shk, client_as):
    response = client_as("processledare").post(
        "/shk/uppfoljning/nyckeltal/antal-piloter/", {"period": "2024-H1", "value": "tre"}
    )
    assert response.status_code == 200
    assert 'class="ds-error-summary error-summary"' in response.content.decode()
    assert not Measurement.objects.filter(kpi__key="antal-piloter").exists()


def test_reader_may_not_record(shk, client_as):
    assert (
        client_as("lasare")
        .post("/shk/uppfoljning/nyckeltal/antal-piloter/", {"period": "2024", "value": "1"})
        .status_code
        == 403
    )
    assert client_as("lasare").get(IMPORT).status_code == 403


def test_csv_import(shk, client_as):
    text = "kpi;period;value;note\nantal-piloter;2022;3;\nantal-piloter;2023;5;från rapport\nextern-finansiering-beviljad;2024;12 500 000;\n"
    response = upload(client_as("processledare"), text)
    assert response.status_code == 302
    assert Measurement.objects.get(kpi__key="antal-piloter", period_start__year=2023).value == 5
    assert Measurement.objects.get(kpi__key="extern-finansiering-beviljad", period_start__year=2024).value == Decimal(
        "12500000"
    )
    page = client_as("lasare").get("/shk/uppfoljning/nyckeltal/").content.decode()
    assert "<svg" in page and 'role="img"' in page and "<caption id=" in page


def test_csv_import_names_a_kpi_by_its_name_never_a_code(shk, client_as):
    page = client_as("processledare").get(IMPORT).content.decode()
    assert "Antal genomförda piloter;2024;4;" in page and "antal-piloter" not in page
    response = upload(client_as("processledare"), "kpi;period;value\nantal  GENOMFÖRDA piloter;2021;2\n")
    assert response.status_code == 302
    assert Measurement.objects.get(kpi__key="antal-piloter", period_start__year=2021).value == 2
    response = upload(client_as("processledare"), "kpi;period;value\nAntal piloter som inte finns;2021;2\n")
    assert "det finns inget nyckeltal som heter ”Antal piloter som inte finns”" in response.content.decode()


def test_csv_import_is_atomic_and_names_row_and_column(shk, client_as):
    before = Measurement.objects.count()
    text = "kpi;period;value\nantal-piloter;2022;3\nantal-piloter;2023;fem\n"
    response = upload(client_as("processledare"), text)
    assert response.status_code == 200
    body = response.content.decode()
    assert "3" in body and "value" in body
    assert Measurement.objects.count() == before
    response = upload(client_as("processledare"), "kpi;period;value\nantal-piloter;2022;3\nfinns-inte;2023;1\n")
    assert "finns-inte" in response.content.decode()
    assert Measurement.objects.count() == before
    response = upload(client_as("processledare"), "kpi;period;value\nuppfattning-internt;2023-Q2;3\n")
    assert response.status_code == 200 and Measurement.objects.count() == before


def test_csv_row_and_column_in_message(shk):
    with pytest.raises(ValidationError) as error:
        measurement_import(
            actor=actor_load(User.objects.get(username="processledare"), shk),
            user=None,
            partnership=shk,
            data=b"kpi;period;value\nantal-piloter;2022;3\nantal-piloter;2022;4\n",
        )
    assert "3" in error.value.messages[0] and "period" in error.value.messages[0]


def test_csv_limits(shk, client_as):
    response = upload(client_as("processledare"), "kpi;period;value\n", name="m.xlsx")
    assert response.status_code == 200 and Measurement.objects.filter(kpi__key="antal-piloter").count() == 0
    big = "kpi;period;value\n" + "x" * 1_000_001
    assert upload(client_as("processledare"), big).status_code == 200
    response = client_as("processledare").post(
        IMPORT, {"file": SimpleUploadedFile("m.csv", b"\xff\xfe\x00bad", content_type="text/csv")}
    )
    assert response.status_code == 200


def test_core_team_records_only_its_focus_area(shk, client_as):
    kpi = Kpi.objects.get(partnership=shk, key="antal-piloter")
    kpi.focus_area = FocusArea.objects.get(partnership=shk, slug="aldre")
    kpi.save()
    url = "/shk/uppfoljning/nyckeltal/antal-piloter/"
    assert client_as("coreteam-barn").post(url, {"period": "2024", "value": "1"}).status_code == 403
    assert client_as("coreteam-aldre").post(url, {"period": "2024", "value": "1"}).status_code == 302
    response = upload(client_as("coreteam-barn"), "kpi;period;value\nantal-piloter;2025;3\n")
    assert response.status_code == 200 and not Measurement.objects.filter(kpi=kpi, period_start__year=2025).exists()


@pytest.mark.parametrize("value", ["1e30", "99999999999999999", "0,0001"])
def test_a_value_the_column_cannot_hold_is_refused_by_hand_and_by_import(shk, client_as, value):
    client = client_as("processledare")
    before = list(Measurement.objects.values_list("pk", "value"))
    page = client.post("/shk/uppfoljning/nyckeltal/antal-piloter/", {"period": "2031", "value": value})
    assert page.status_code == 200
    assert "error-summary" in page.content.decode()
    response = upload(client, f"kpi;period;value\nantal-piloter;2031;{value}\n")
    assert response.status_code == 200
    assert "Rad 2, kolumn value" in response.content.decode()
    assert list(Measurement.objects.values_list("pk", "value")) == before
    # The KPI's pages still show.
    assert client.get("/shk/uppfoljning/nyckeltal/antal-piloter/").status_code == 200
    assert client.get("/shk/uppfoljning/nyckeltal/").status_code == 200
