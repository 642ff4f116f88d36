"""The /ordinal concept page in Chromium: sliders move the probabilities; light, dark and presentation mode."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from .conftest import screenshot, wait_for_app
from .test_train import wait_for_iteration


def probability_cells(page) -> list[str]:
    table = page.get_by_test_id("stTable").first
    table.locator("tbody tr td").first.wait_for(timeout=90_000)  # the first run imports the whole core
    return [cell.inner_text() for cell in table.locator("tbody tr td:nth-of-type(1)").all()]


def press_slider(page, key: str, key_name: str, times: int) -> None:
    handle = page.locator(f".st-key-{key} input[type='range']")
    handle.focus()
    for _ in range(times):
        handle.press(key_name)
    wait_for_app(page)


def test_sliders_move_the_category_probabilities(page, app_url):
    page.goto(f"{app_url}/ordinal")
    wait_for_app(page)
    assert page.get_by_role("heading", name="Ordinal regression: one score, cut into ordered categories").is_visible()
    before = probability_cells(page)
    assert len(before) == 4
    press_slider(page, "ordinal_x", "End", 1)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stPlotlyChart\"]').length >= 3")
    # the slider sends its value a moment after the key press: wait for the rerun it starts to
    # repaint the table, not only for an idle app (which it also is before the value arrives)
    page.wait_for_function(
        """(before) => {
            const table = document.querySelector('[data-testid="stTable"]');
            if (!table) return false;
            const cells = [...table.querySelectorAll('tbody tr td:nth-of-type(1)')].map(c => c.innerText);
            return cells.length === before.length && cells.join('|') !== before.join('|');
        }""", arg=before, timeout=60_000)
    wait_for_app(page)
    after = probability_cells(page)
    assert after != before
    # x at its largest pushes the probability towards the highest category
    assert float(after[-1]) > float(before[-1])
    screenshot(page, "ordinal-concept-light")


@pytest.mark.parametrize("scheme,query,name", [("dark", "", "ordinal-concept-dark"),
                                               ("light", "?present=true", "ordinal-concept-presentation")])
def test_concept_page_in_dark_and_presentation_mode(browser, app_url, scheme, query, name):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(f"{app_url}/ordinal{query}")
        wait_for_app(page)
        page.locator("[data-testid='stPlotlyChart'] .main-svg").first.wait_for(timeout=90_000)
        assert page.get_by_test_id("stException").count() == 0
        screenshot(page, name)
    finally:
        context.close()


def test_ordinal_training_plays_in_the_browser_without_the_server(page, app_url):
    from .conftest import player

    sent = []
    sockets = []
    # listen before the page opens its websocket, so every message it sends is seen
    page.on("websocket", lambda socket: (sockets.append(socket),
                                         socket.on("framesent", lambda payload: sent.append(payload))))
    page.goto(f"{app_url}/train?dataset=latent_ordinal&model=ordinal")
    wait_for_app(page)
    assert page.get_by_text("so the cut-points stay in order at every step").is_visible()
    frame = player(page)
    assert sockets and sent  # the page did talk to the server while loading
    sent.clear()
    frame.get_by_role("button", name="Play").click()
    # the step shown beside Play leaves the last iteration and moves on
    frame.locator("text=/Iteration [0-9]+/").first.wait_for()
    page.wait_for_function("""() => {
        const f = document.querySelector('iframe[title="ui.animation.player"]');
        const text = f && f.contentDocument && f.contentDocument.body.innerText;
        const match = text && text.match(/Iteration (\\d+)/);
        return match && Number(match[1]) > 0 && Number(match[1]) < 100;
    }""", timeout=60_000)
    assert sent == []
    screenshot(page, "ordinal-train-playing")


MEDALS = ["silver", "gold", "bronze"]  # the file meets them in this order; the app knows no order for them


def medals_csv(path) -> str:
    """90 rows whose target's order (bronze < silver < gold) is neither the file's nor the alphabet's."""
    rng = np.random.default_rng(3)
    level = np.array(MEDALS)[np.arange(90) % 3]
    rank = {"bronze": 0, "silver": 1, "gold": 2}
    hours = np.array([rank[name] for name in level]) * 2.0 + rng.normal(scale=1.2, size=90)
    pd.DataFrame({"hours": hours.round(2), "age": rng.integers(18, 40, size=90), "medal": level}).to_csv(path, index=False)
    return str(path)


# The cut-point lines of every frame in the player's chart: x holds [θ, θ, None] per cut-point.
CUT_POINTS_PER_FRAME = """chart => {
    const position = chart.data.findIndex(trace => trace.name === 'cut-points θ');
    return chart._transitionData._frames.map(frame => {
        const update = frame.data[frame.traces.indexOf(position)];
        return update.x.filter((_, index) => index % 3 === 0);
    });
}"""


def set_order(page, levels: list[str]) -> None:
    """Empty the order editor, then pick the levels one by one, lowest first."""
    editor = page.locator(".st-key-order")
    editor.get_by_role("button", name="Clear all").click()
    wait_for_app(page)
    for level in levels:
        editor.locator("input").click()
        page.get_by_role("option", name=level, exact=True).click()
        wait_for_app(page)
    page.keyboard.press("Escape")


def test_upload_an_ordered_target_set_its_order_and_play(page, app_url, tmp_path):
    from .conftest import PLAYER_FRAME, player
    from .test_data import choose_upload

    sent = []  # listening from the start: moving between pages keeps the one websocket
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    page.goto(f"{app_url}/data")
    wait_for_app(page)
    choose_upload(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(medals_csv(tmp_path / "medals.csv"))
    wait_for_app(page)
    page.get_by_test_id("stRadio").filter(has_text="Model").get_by_text("Ordered categories (ordinal)").click()
    wait_for_app(page)
    page.get_by_text("in no order the app recognises").wait_for()
    set_order(page, ["bronze", "silver", "gold"])
    page.get_by_role("button", name="Use this dataset").click()
    wait_for_app(page)
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("3 ordered levels: bronze (30) < silver (30) < gold (30)").wait_for()
    assert page.get_by_text("Levels, lowest first: bronze < silver < gold.").is_visible()
    screenshot(page, "ordinal-upload-ordered")

    sidebar.get_by_text("Train", exact=True).click()
    wait_for_app(page)
    assert page.get_by_test_id("stException").count() == 0
    frame = player(page)
    cut_points = page.frame_locator(PLAYER_FRAME).locator("#chart").evaluate(CUT_POINTS_PER_FRAME)
    assert len(cut_points) >= 50 and all(len(cuts) == 2 for cuts in cut_points)
    assert all(low <= high for low, high in cut_points), "a frame drew its cut-points out of order"
    assert cut_points[-1][0] < cut_points[-1][1]
    wait_for_app(page)  # everything the page load sends has been sent
    before = len(sent)
    frame.get_by_label("Speed").select_option(label="Slow (200 ms per frame)")
    frame.get_by_role("button", name="▶ Play").click()
    first = wait_for_iteration(frame, "n > 0 && n < 500", timeout=60_000)
    wait_for_iteration(frame, f"n > {first}", timeout=60_000)  # it moves on by itself
    assert sent, "the websocket was not watched"
    assert len(sent) == before, f"playing sent messages to the server: {sent[before:]}"
    screenshot(page, "ordinal-upload-playing")


def test_a_learning_rate_press_on_the_ordinal_train_page_draws_what_a_fresh_page_draws(page, app_url):
    from .test_multinomial import press_learning_rate_and_compare_with_a_fresh_page

    press_learning_rate_and_compare_with_a_fresh_page(page, app_url, "dataset=anes96&model=ordinal")
    assert page.locator('[data-testid="stException"]').count() == 0
