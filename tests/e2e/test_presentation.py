"""Presentation mode in Chromium, on light and dark pages; links that reproduce a view."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import player, screenshot, wait_for_app


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_train_page_in_presentation_mode(browser, app_url, scheme):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(app_url + "/train?present=true&hide=start,seed&learning_rate=0.3")
        wait_for_app(page)
        frame = player(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_test_id("stExpander").filter(has_text="Explanation").count() == 1
        assert page.get_by_text("Start weights").count() == 0  # hidden by the link
        # chart text and the player's controls at the presentation size
        at_least_20 = re.compile(r"^(2\d|[3-9]\d|\d{3,})(\.\d+)?px$")
        expect(frame.locator("g.legend text").first).to_have_css("font-size", at_least_20)
        expect(frame.get_by_role("button", name="▶ Play")).to_have_css("font-size", at_least_20)
        screenshot(page, f"train-presentation-{scheme}")
    finally:
        context.close()


def test_link_with_garbage_opens_with_defaults_and_a_notice(app_url, page):
    page.goto(app_url + "/train?learning_rate=banana&threshold=2")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text="cannot be used")
    text = notice.text_content()
    assert "Learning rate: “banana” cannot be used; it takes one of 0.001," in text
    assert "Threshold: “2” cannot be used; it takes a number from 0.01 to 0.99. Using 0.5." in text


def test_markup_in_a_link_is_shown_as_typed(app_url, page):
    page.goto(app_url + "/train?threshold=[Click here](https://example.invalid/login)"
              "&learning_rate=![x](http://127.0.0.1:9/q.png)&iterations=**bold**&l2=mail@example.invalid")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text="cannot be used")
    text = notice.text_content()
    for raw in ("[Click here](https://example.invalid/login)", "![x](http://127.0.0.1:9/q.png)", "**bold**",
                "mail@example.invalid"):
        assert f"“{raw}”" in text.replace("\u2060", "")  # an invisible word joiner keeps URLs from linking
    assert notice.locator("a, img, strong").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0
