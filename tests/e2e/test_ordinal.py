"""The /ordinal concept page in Chromium: sliders move the probabilities; light, dark and presentation mode."""

from __future__ import annotations

import pytest

from .conftest import screenshot, wait_for_app


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
