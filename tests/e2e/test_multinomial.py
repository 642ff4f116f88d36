"""The multinomial model in Chromium: upload three classes, choose multinomial, play, evaluate, look."""

import re
import time

import numpy as np
import pandas as pd
import pytest

from .conftest import ARTIFACTS, PLAYER_FRAME, link_value, player, screenshot, wait_for_app
from .test_data import choose_upload
from .test_train import current_iteration, wait_for_iteration


def chart_screenshot(page, name: str) -> None:
    """The viewport with the player scrolled into it (the app's main area scrolls, not the page)."""
    page.locator(PLAYER_FRAME).scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), timeout=90_000)


def three_class_csv(path) -> str:
    rng = np.random.default_rng(4)
    kind = np.array(["red", "green", "blue"])[np.arange(120) % 3]
    centre = {"red": (0, 0), "green": (3, 0), "blue": (1.5, 2.5)}
    xy = np.array([centre[k] for k in kind]) + rng.normal(scale=0.9, size=(120, 2))
    pd.DataFrame({"width": xy[:, 0], "height": xy[:, 1], "colour": kind}).to_csv(path, index=False)
    return str(path)


def test_upload_three_classes_choose_multinomial_play_and_evaluate(app_url, page, tmp_path):
    sent = []  # listening from the start: moving between pages keeps the one websocket
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    page.goto(app_url + "/data")
    wait_for_app(page)
    choose_upload(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(three_class_csv(tmp_path / "colours.csv"))
    wait_for_app(page)
    page.get_by_test_id("stRadio").filter(has_text="Model").get_by_text("Unordered classes (multinomial)").click()
    wait_for_app(page)
    page.get_by_role("button", name="Use this dataset").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text(re.compile("3 classes: blue")).wait_for()
    screenshot(page, "multinomial-data")

    page.get_by_test_id("stSidebar").get_by_text("Train", exact=True).click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_test_id("stSlider").filter(has_text="Threshold").count() == 0
    frame = player(page)
    assert current_iteration(frame) == 500
    assert frame.locator("path.js-fill").count() >= 3  # the decision regions are drawn
    wait_for_app(page)
    before = len(sent)
    frame.get_by_label("Speed").select_option(label="Slow (200 ms per frame)")
    frame.get_by_role("button", name="▶ Play").click()
    first = wait_for_iteration(frame, "n > 0 && n < 500", timeout=60_000)
    wait_for_iteration(frame, f"n > {first}", timeout=60_000)
    frame.get_by_role("button", name="❚❚ Pause").click()
    frame.get_by_label("Speed").select_option(label="Fast (15 ms per frame)")
    frame.get_by_role("button", name="▶ Resume").click()
    page.wait_for_function(
        "selector => document.querySelector(selector).contentDocument.getElementById('iteration')"
        ".textContent === 'Iteration 500'", arg=PLAYER_FRAME, timeout=60_000)
    assert sent, "the websocket was not watched"
    assert len(sent) == before, f"playing sent messages to the server: {sent[before:]}"
    chart_screenshot(page, "multinomial-train")

    page.get_by_test_id("stSidebar").get_by_text("Evaluate", exact=True).click()
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    matrix = page.get_by_test_id("stTable").first
    matrix.wait_for()
    assert matrix.locator("tbody tr").count() == 3
    assert matrix.locator("thead th").count() == 4  # the row labels' column and three classes
    assert "called blue" in matrix.text_content()
    screenshot(page, "multinomial-evaluate")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_iris_train_in_presentation_mode(browser, app_url, scheme):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(app_url + "/train?present=true&dataset=iris&model=multinomial&l2=0.01&standardize=true")
        wait_for_app(page)
        frame = player(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert frame.locator("path.js-fill").count() >= 3
        chart_screenshot(page, f"multinomial-presentation-{scheme}")
    finally:
        context.close()


def test_softmax_page(app_url, page):
    page.goto(app_url + "/softmax")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.get_by_text("Two classes: the sigmoid of the difference").wait_for()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    page.locator('[data-testid="stPlotlyChart"] g.point').first.wait_for(state="attached")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "softmax.png"), timeout=90_000)


# What the player's chart shows: every text in it (tick labels, legend, titles, the readout) and
# the outlines of its shapes and curves, sorted: traces that a frame moves are drawn over those
# it leaves, after a press as after playing any frame, so only their order may differ.
CHART_CONTENT = """selector => {
  const chart = document.querySelector(selector).contentDocument.getElementById('chart');
  const shapes = [...chart.querySelectorAll('path.js-fill, path.js-line')].map((path) => path.getAttribute('d'));
  return [chart.textContent, ...shapes.sort()];
}"""


def press_learning_rate_and_compare_with_a_fresh_page(page, app_url: str, link: str) -> str:
    """Press Learning rate once on the Train page at ``link``; assert that the chart then shows
    exactly what a page opened with the new rate in its link draws; return the new rate."""
    page.goto(f"{app_url}/train?{link}&learning_rate=0.1")
    wait_for_app(page)
    player(page)
    handle = page.get_by_test_id("stSlider").filter(has_text="Learning rate").get_by_role("slider")
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function("() => !['0.1', null].includes(new URL(location.href).searchParams.get('learning_rate'))",
                           timeout=120_000)
    wait_for_app(page)
    rate = link_value(page.url, "learning_rate", "0.1")
    fresh = page.context.new_page()
    try:
        fresh.goto(f"{app_url}/train?{link}&learning_rate={rate}")
        wait_for_app(fresh)
        player(fresh)
        # both charts settle (the pressed one redraws after the rerun, fonts arrive): compare until
        # they agree, and fail with the difference if they never do
        deadline = time.monotonic() + 60
        while True:
            pressed, drawn = page.evaluate(CHART_CONTENT, PLAYER_FRAME), fresh.evaluate(CHART_CONTENT, PLAYER_FRAME)
            if pressed == drawn or time.monotonic() > deadline:
                break
            page.wait_for_timeout(250)
        assert pressed == drawn
    finally:
        fresh.close()
    return rate


def test_a_learning_rate_press_draws_what_a_fresh_page_draws(app_url, page):
    # the press reruns the training fragment alone and the player moves the changed traces in
    # place (ui/animation_player): the result must be the chart a full draw gives
    press_learning_rate_and_compare_with_a_fresh_page(page, app_url, "dataset=iris&model=multinomial")
    assert page.locator('[data-testid="stException"]').count() == 0
