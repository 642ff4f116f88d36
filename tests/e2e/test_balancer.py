"""Two app processes behind HAProxy: uploads and websockets reach the same process, and
sessions stay apart."""

from pathlib import Path

import pytest

from .conftest import player, screenshot, wait_for_app

CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"

# one pair of processes behind the balancer, shared with test_deploy.py and test_offline.py
# (conftest.py: SHARED_PAIR_MODULES)


@pytest.fixture
def balanced_url(balanced):
    url, _ = balanced
    return url


def upload_and_use(page, url: str, name: str) -> None:
    page.goto(url + "/data")
    wait_for_app(page)
    page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(CORPUS / name))
    wait_for_app(page)
    page.get_by_role("button", name="Use this dataset").click()
    wait_for_app(page)


def test_upload_and_training_through_the_balancer(browser, balanced_url):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        upload_and_use(page, balanced_url, "semicolon_decimal_comma.csv")
        page.get_by_test_id("stSidebar").get_by_text("Train", exact=True).click()
        wait_for_app(page)
        player(page)
        assert page.get_by_test_id("stSidebar").get_by_text("semicolon_decimal_comma").is_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
        assert any(cookie["name"] == "LR_SERVER" for cookie in context.cookies())
        screenshot(page, "balancer-train-after-upload")
    finally:
        context.close()


def test_sessions_are_spread_over_processes_and_kept_apart(browser, balanced_url):
    contexts = [browser.new_context() for _ in range(4)]
    try:
        pages = [context.new_page() for context in contexts]
        upload_and_use(pages[0], balanced_url, "semicolon_decimal_comma.csv")
        for page in pages[1:]:
            page.goto(balanced_url + "/data")
            wait_for_app(page)
            sidebar = page.get_by_test_id("stSidebar")
            assert sidebar.get_by_text("Teaching notes (20 rows)").is_visible()
            assert sidebar.get_by_text("semicolon_decimal_comma").count() == 0
        servers = {cookie["value"] for context in contexts for cookie in context.cookies() if cookie["name"] == "LR_SERVER"}
        assert servers == {"app1", "app2"}
    finally:
        for context in contexts:
            context.close()
