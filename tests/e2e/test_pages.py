"""Every page opens in Chromium, directly by its URL, without an exception."""

import pytest

from ui.layout import available_pages

from .conftest import screenshot, wait_for_app


def url_path(page_path: str) -> str:
    if page_path == "app.py":
        return "/"
    stem = page_path.rsplit("/", 1)[-1].removesuffix(".py")
    return "/" + stem.split("_", 1)[1]


@pytest.mark.parametrize("entry", available_pages(), ids=lambda entry: entry.label)
def test_page_opens_directly_without_exception(app_url, page, entry):
    page.goto(app_url + url_path(entry.path))
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # the shared sidebar is there even when the visitor lands on the page directly
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Active dataset").is_visible()
    assert sidebar.get_by_text("Teaching notes (20 rows)").is_visible()
    screenshot(page, "page-" + (url_path(entry.path).strip("/") or "home"))


def test_home_shows_the_notes_table(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Logistic regression explorer").first.is_visible()
    assert page.get_by_text("The active dataset: Teaching notes (20 rows)").is_visible()
