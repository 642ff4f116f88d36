"""Presentation mode in Chromium, on light and dark pages; links that reproduce a view."""

import pytest

from .conftest import player, screenshot, wait_for_app


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_train_page_in_presentation_mode(browser, app_url, scheme):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(app_url + "/train?present=true&hide=start,seed&learning_rate=0.3")
        wait_for_app(page)
        frame = player(page)
        page.wait_for_timeout(800)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_test_id("stExpander").filter(has_text="Explanation").count() == 1
        assert page.get_by_text("Start weights").count() == 0  # hidden by the link
        # chart text and the player's controls at the presentation size
        size = frame.locator("g.legend text").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert size >= 20
        controls = frame.get_by_role("button", name="▶ Play").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
        assert controls >= 20
        screenshot(page, f"train-presentation-{scheme}")
    finally:
        context.close()


def test_link_with_garbage_opens_with_defaults_and_a_notice(app_url, page):
    page.goto(app_url + "/train?learning_rate=banana&threshold=2")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text="cannot be used")
    assert "'banana' is not a valid value for the learning rate" in notice.text_content()
    assert page.locator('[data-testid="stException"]').count() == 0
