"""The prediction calculator in Chromium: a typed value changes the probability; screenshots in each look.

The window is tall enough for the whole section: Streamlit scrolls its own box, not the
document, so a screenshot of an element taller than the window would leave parts blank.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import ARTIFACTS, wait_for_app

PROBABILITY = re.compile(r"P\(y = 1, passed\) = (0\.\d{4}|1\.0000)")


def probability_shown(page) -> str:
    readout = page.locator(".st-key-binary_calculator [data-testid='stMarkdownContainer']").filter(
        has_text=PROBABILITY).first
    return PROBABILITY.search(readout.text_content()).group(1)


@pytest.mark.parametrize(("scheme", "present"), [("light", False), ("dark", False), ("light", True)],
                         ids=["light", "dark", "presentation"])
def test_typing_a_value_changes_the_probability(browser, app_url, scheme, present):
    context = browser.new_context(viewport={"width": 1400, "height": 2600}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(app_url + "/evaluate?dataset=hours" + ("&present=true" if present else ""))
        wait_for_app(page)
        section = page.locator(".st-key-binary_calculator")
        section.scroll_into_view_if_needed()
        assert page.locator('[data-testid="stException"]').count() == 0
        before = probability_shown(page)
        box = section.locator(".st-key-calculator_text_0 input")
        expect(box).to_have_value("0.5", timeout=60_000)  # row 0 of the hours data
        box.fill("4.5")
        box.press("Enter")
        expect(section.locator("[data-testid='stMarkdownContainer']").filter(has_text=PROBABILITY).first) \
            .not_to_contain_text(f"= {before}", timeout=60_000)
        wait_for_app(page)
        after = probability_shown(page)
        assert float(after) > float(before)  # more hours, likelier to pass
        assert "at=4.5" in page.url
        # the nomogram is drawn, with its total-points axis
        expect(section.locator(".js-plotly-plot").first).to_contain_text("Total points", timeout=60_000)
        name = "calculator-" + ("presentation" if present else scheme)
        ARTIFACTS.mkdir(exist_ok=True)
        section.screenshot(path=str(ARTIFACTS / f"{name}.png"), timeout=120_000)
        # a value that is not a number: a message, and no probability
        box.fill("four")
        box.press("Enter")
        expect(section.get_by_test_id("stAlert").filter(has_text="is not a number")).to_be_visible(timeout=60_000)
        wait_for_app(page)
        assert section.locator("[data-testid='stMarkdownContainer']").filter(has_text=PROBABILITY).count() == 0
    finally:
        context.close()


def test_ordinal_calculator_screenshot(browser, app_url):
    context = browser.new_context(viewport={"width": 1400, "height": 2600})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(app_url + "/evaluate?dataset=latent_ordinal&model=ordinal&row=4")
        wait_for_app(page)
        section = page.locator(".st-key-ordinal_calculator")
        section.scroll_into_view_if_needed()
        expect(section.locator(".js-plotly-plot").first).to_contain_text("Total points", timeout=60_000)
        assert page.locator('[data-testid="stException"]').count() == 0
        ARTIFACTS.mkdir(exist_ok=True)
        section.screenshot(path=str(ARTIFACTS / "calculator-ordinal.png"), timeout=120_000)
    finally:
        context.close()
