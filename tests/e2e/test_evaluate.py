"""The Evaluate page in Chromium: statistics readable as text, honest about separation."""

from .conftest import screenshot, wait_for_app


def test_default_dataset_explains_why_there_is_no_coefficient_table_and_downloads_a_row_per_point(
        app_url, page):
    page.goto(app_url + "/evaluate")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("no finite maximum-likelihood estimate").first.is_visible()
    screenshot(page, "evaluate-notes")
    # the same page's predictions download (opening the page is the costly part)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Predictions (CSV)").click()
    text = open(download_info.value.path(), encoding="utf-8-sig").read()
    lines = text.strip().splitlines()
    assert lines[0] == "Feature1,Feature2,Label,probability_of_1,predicted_at_0.5"
    assert len(lines) == 21


def test_coefficient_table_is_readable_text(app_url, page):
    page.goto(app_url + "/data?dataset=challenger")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Evaluate", exact=True).click()
    wait_for_app(page)
    table = page.get_by_test_id("stTable").filter(has_text="odds ratio")
    table.wait_for()
    text = table.inner_text()
    assert "Temperature_F" in text and "-0.2322" in text and "15.04" in text
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "evaluate-challenger")

