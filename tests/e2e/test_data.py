"""Uploads in Chromium: a semicolon/decimal-comma file loads, a broken one leaves the data as it was."""

from pathlib import Path

from .conftest import screenshot, wait_for_app

CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"


def choose_upload(page):
    page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
    wait_for_app(page)


def test_semicolon_decimal_comma_upload_loads_and_becomes_active(app_url, page):
    page.goto(app_url + "/data")
    wait_for_app(page)
    choose_upload(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(CORPUS / "semicolon_decimal_comma.csv"))
    wait_for_app(page)
    page.get_by_text("10 rows × 3 columns").first.wait_for()
    assert page.get_by_text("decimal commas").first.is_visible()
    page.get_by_role("button", name="Use this dataset").click()
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("semicolon_decimal_comma").wait_for()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "data-upload-semicolon")


def test_broken_upload_shows_error_and_keeps_previous_dataset(app_url, page):
    page.goto(app_url + "/data?dataset=challenger")
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text("Challenger O-rings (23 launches)").wait_for()
    choose_upload(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(CORPUS / "ragged_extra_field.csv"))
    wait_for_app(page)
    error = page.get_by_test_id("stAlert").filter(has_text="could not be used")
    error.wait_for()
    assert "Line 4 of the file has 4 fields" in error.text_content()
    assert page.get_by_test_id("stSidebar").get_by_text("Challenger O-rings (23 launches)").is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "data-upload-broken")
