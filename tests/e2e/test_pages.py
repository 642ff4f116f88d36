"""Every page opens in Chromium, directly by its URL, without an exception.

The check of each page by its URL shares its page load with the offline check of that page
(test_offline.py): opening a page is the costly part, and neither check needs the other's conditions.
"""

from .conftest import wait_for_app


def url_path(page_path: str) -> str:
    if page_path == "app.py":
        return "/"
    stem = page_path.rsplit("/", 1)[-1].removesuffix(".py")
    return "/" + stem.split("_", 1)[1]


def test_home_shows_the_notes_table(app_url, page):
    page.goto(app_url)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Logistic regression explorer").first.is_visible()
    assert page.get_by_text("The active dataset: Teaching notes (20 rows)").is_visible()
