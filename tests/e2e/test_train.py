"""The Train page in Chromium: the animation plays in the browser, the threshold never retrains."""

import re

from .conftest import PLAYER_FRAME, player, screenshot, wait_for_app


def current_iteration(frame) -> int:
    """The iteration the player shows, read from its label beside the step slider."""
    text = frame.locator("#iteration").text_content()
    return int(re.search(r"Iteration\s+(\d+)", text).group(1))


def readout(frame) -> str:
    # the step readout is the text trace of the fourth panel
    return frame.locator("g.textpoint text").first.text_content()


def move_slider(page, label: str, key: str, presses: int) -> None:
    slider = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    slider.focus()
    for _ in range(presses):
        slider.press(key)
    wait_for_app(page)
    # The slider sends its last value a moment after the last press, and that rerun may
    # start after the page looked idle: wait until the value has stayed put.
    shown = None
    while (current := slider_text(page, label)) != shown:
        shown = current
        page.wait_for_timeout(800)
        wait_for_app(page)


def slider_text(page, label: str) -> str:
    return page.get_by_test_id("stSlider").filter(has_text=label).inner_text()


def test_play_pause_and_speed_run_in_the_browser(app_url, page):
    sent = []
    page.on("websocket", lambda socket: socket.on("framesent", lambda payload: sent.append(payload)))
    page.goto(app_url + "/train")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    frame = player(page)
    assert current_iteration(frame) == 500  # opens on the trained model
    # the chart can be saved as a picture, never uploaded to a cloud service
    frame.locator('.modebar-btn[data-title="Download plot as a PNG"]').wait_for(state="attached")
    titles = [button.get_attribute("data-title") for button in frame.locator(".modebar-btn").all()]
    assert not any("Share" in title for title in titles), titles
    assert frame.get_by_role("button", name="▶ Resume").is_disabled()  # nothing left to play
    page.wait_for_timeout(500)
    before = len(sent)
    frame.get_by_role("button", name="▶ Play").click()
    page.wait_for_timeout(400)
    first = current_iteration(frame)
    page.wait_for_timeout(1200)
    second = current_iteration(frame)
    assert first < second < 500, (first, second)
    frame.get_by_role("button", name="❚❚ Pause").click()
    paused = current_iteration(frame)
    page.wait_for_timeout(600)
    assert current_iteration(frame) == paused
    assert f"Iteration {paused}" in readout(frame)  # the readout shows the frame the label names
    # faster from where it stopped, to the end
    frame.get_by_label("Speed").select_option(label="Fast (15 ms per frame)")
    frame.get_by_role("button", name="▶ Resume").click()
    page.wait_for_function(
        "selector => document.querySelector(selector).contentDocument.getElementById('iteration')"
        ".textContent === 'Iteration 500'", arg=PLAYER_FRAME, timeout=10_000)
    assert frame.get_by_role("button", name="❚❚ Pause").is_disabled()
    assert len(sent) == before, f"playing sent messages to the server: {sent[before:]}"
    screenshot(page, "train-played")


def test_step_slider_works_by_keyboard_and_a_threshold_change_keeps_the_step(app_url, page):
    page.goto(app_url + "/train")
    wait_for_app(page)
    frame = player(page)
    step = frame.get_by_role("slider", name="Iteration")
    step.focus()
    step.press("Home")
    assert current_iteration(frame) == 0
    assert "Iteration 0" in readout(frame)
    step.press("ArrowRight")
    shown = current_iteration(frame)
    assert shown > 0 and f"Iteration {shown}" in readout(frame)
    move_slider(page, "Threshold", "ArrowRight", 5)
    threshold = float(slider_text(page, "Threshold").split()[1])
    assert threshold > 0.5
    frame.get_by_text(f"boundary: P = {threshold:g}").wait_for(timeout=20_000)
    # the chart was redrawn in place, still at the step the user chose
    assert current_iteration(frame) == shown
    assert f"Iteration {shown}" in readout(frame)
    screenshot(page, "train-step-kept")


def test_threshold_changes_accuracy_but_not_the_loss(app_url, page):
    page.goto(app_url + "/train")
    wait_for_app(page)
    frame = player(page)
    before = readout(frame)
    loss_before = re.search(r"loss J = ([\d.]+)", before).group(1)
    accuracy_before = re.search(r"accuracy at t = 0.5: ([\d.]+%)", before).group(1)
    move_slider(page, "Threshold", "ArrowRight", 40)  # 0.50 -> about 0.90
    # the slider's text is its label, its value, then its two ends
    threshold = float(slider_text(page, "Threshold").split()[1])
    assert threshold >= 0.7  # a held key may drop a few presses while a rerun is in flight
    # the chart shows the threshold the slider shows once the last rerun has been drawn
    frame.get_by_text(f"accuracy at t = {threshold:g}:").wait_for(timeout=20_000)
    after = readout(frame)
    assert re.search(r"loss J = ([\d.]+)", after).group(1) == loss_before
    accuracy_after = re.search(rf"accuracy at t = {threshold:g}: ([\d.]+%)", after).group(1)
    assert accuracy_after != accuracy_before
    assert f"threshold={threshold:g}" in page.url  # the setting travels in the link
    screenshot(page, "train-threshold-0.9")


def test_large_learning_rate_reports_divergence(app_url, page):
    page.goto(app_url + "/train?learning_rate=10")
    wait_for_app(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="Diverged")
    assert alert.is_visible()
    assert "too large" in alert.text_content()
