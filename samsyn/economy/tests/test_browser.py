"""The economy in a real browser: import an outcome file and see the finance appendix change; axe-core clean."""

import pytest

from samsyn.core.testing.browser import PHONE, assert_accessible, assert_no_horizontal_scroll

pytestmark = pytest.mark.browser

SLUG = "shk"
APPENDIX = f"/{SLUG}/ekonomi/bilaga/?per=2024-09-19"


def forum_outcome_2024(page):
    return page.locator('#main table tr[data-line="samhallsforum"] td').nth(7).inner_text().replace("\xa0", " ")


def test_import_a_file_and_see_the_appendix_change(new_page, tmp_path):
    page = new_page(username="ekonomi")
    page.goto(APPENDIX)
    assert_accessible(page, "finance appendix")
    assert forum_outcome_2024(page) == "0"

    page.goto(f"/{SLUG}/ekonomi/")
    page.get_by_role("link", name="Importera utfall").click()
    assert_accessible(page, "import form")
    bad = tmp_path / "fel.csv"
    bad.write_text("cost_line,date,category,amount\nSamhällsforum,2024-09-01,resor,100\n", encoding="utf-8")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Importera").click()
    assert "Rad 2, kolumn category: kategorin ”resor” finns inte" in page.locator(".error-summary").inner_text()
    assert_accessible(page, "import errors")

    good = tmp_path / "september.csv"
    good.write_text('cost_line,date,category,amount\nSamhällsforum,2024-09-01,personal,"12 500,00"\n', encoding="utf-8")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Importera").click()
    page.wait_for_url("**/ekonomi/bilaga/**")
    page.goto(APPENDIX)
    assert forum_outcome_2024(page) == "12 500"


@pytest.mark.parametrize(
    "path",
    [
        "/ekonomi/",
        "/ekonomi/uppfoljning/?per=2024-09-19",
        "/ekonomi/ansokningar/",
        "/ekonomi/pilotmedel/",
        "/ekonomi/historik/",
    ],
)
def test_economy_pages_are_accessible_on_a_phone(new_page, path):
    page = new_page(viewport=PHONE, username="ekonomi")
    page.goto(f"/{SLUG}{path}")
    assert_accessible(page, path)
    assert_no_horizontal_scroll(page, path)
