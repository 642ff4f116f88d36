"""The /compare page in Chromium on the built-in ordinal dataset: the cut changes the binary model; light,
dark and presentation mode."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import ARTIFACTS, link_value, screenshot, wait_for_app

LINK = "/compare?dataset=anes96&model=ordinal"


def binary_log_likelihood(page) -> str:
    """The binary model's log-likelihood cell of the comparison table."""
    table = page.get_by_test_id("stTable").first
    row = table.locator("tbody tr", has_text="Log-likelihood LL")
    row.wait_for(timeout=90_000)  # the first run imports the core and fits every model
    return row.locator("td").nth(2).inner_text()


# Whether the comparison table's binary log-likelihood cell shows something other than ``before``.
BINARY_LOG_LIKELIHOOD_DIFFERS = """before => {
    const table = document.querySelector('[data-testid="stTable"]');
    const row = table && [...table.querySelectorAll('tbody tr')].find(r => r.textContent.includes('Log-likelihood LL'));
    const cell = row && row.querySelectorAll('td')[2];
    return Boolean(cell) && cell.innerText !== before;
}"""


def wait_for_charts(page, count: int = 2) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('[data-testid=\"stPlotlyChart\"] .main-svg').length >= n", arg=count,
        timeout=90_000)


def chart_screenshots(page, name: str) -> None:
    """The page's screenshot shows its first screen only (Streamlit scrolls inside its main area): the
    charts further down are saved one by one."""
    screenshot(page, name)
    charts = page.get_by_test_id("stPlotlyChart")
    for index, part in enumerate(("curves", "slopes")):
        charts.nth(index).scroll_into_view_if_needed()
        charts.nth(index).screenshot(path=str(ARTIFACTS / f"{name}-{part}.png"))


def choose(page, label: str, option: str) -> None:
    """Pick an option of the selectbox labelled ``label`` (a combo box in Streamlit 1.67)."""
    page.get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_changing_the_cut_refits_the_binary_model(page, app_url):
    page.goto(app_url + LINK)
    wait_for_app(page)
    assert page.get_by_role("heading", name="Compare: the same rows under different kinds of model").is_visible()
    before = binary_log_likelihood(page)
    wait_for_charts(page)
    assert page.get_by_test_id("stException").count() == 0
    choose(page, "Binary cut: this level or higher", "weak Republican")
    page.wait_for_function("() => new URL(location.href).searchParams.get('cut') === 'weak Republican'")
    page.get_by_text("is the level “weak Republican” or higher?").wait_for()
    # the question above the table can be redrawn before the table itself (elements are replaced
    # in page order as the rerun reaches them): wait for the refitted model's cell
    try:
        page.wait_for_function(BINARY_LOG_LIKELIHOOD_DIFFERS, arg=before, polling="raf", timeout=90_000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the binary model's log-likelihood stayed {before} after the cut changed") from None
    wait_for_app(page)
    after = binary_log_likelihood(page)
    assert after != before
    assert link_value(page.url, "along", "") == "selfLR"
    wait_for_charts(page)
    assert page.get_by_test_id("stException").count() == 0
    chart_screenshots(page, "compare-light")


@pytest.mark.parametrize("scheme,query,name", [("dark", "", "compare-dark"),
                                               ("light", "&present=true", "compare-presentation")])
def test_compare_page_in_dark_and_presentation_mode(browser, app_url, scheme, query, name):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{app_url}{LINK}&cut=weak+Republican{query}")
        wait_for_app(page)
        binary_log_likelihood(page)
        wait_for_charts(page)
        assert page.get_by_test_id("stException").count() == 0
        chart_screenshots(page, name)
    finally:
        context.close()
