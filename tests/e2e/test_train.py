"""The Train page in Chromium: the animation plays in the browser, the threshold never retrains."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import PLAYER_FRAME, player, screenshot, wait_for_app, wait_for_link


def current_iteration(frame) -> int:
    """The iteration the player shows, read from its label beside the step slider."""
    text = frame.locator("#iteration").text_content()
    return int(re.search(r"Iteration\s+(\d+)", text).group(1))


def readout(frame) -> str:
    # the step readout is the text trace of the fourth panel
    return frame.locator("g.textpoint text").first.text_content()


def move_slider(page, label: str, key: str, presses: int) -> float:
    """Press ``key`` on the slider labelled ``label``; return its value once the link agrees."""
    slider = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    slider.focus()
    for _ in range(presses):
        slider.press(key)
    return float(wait_for_link(page, label.lower(), "0.5"))


def wait_for_iteration(frame, condition: str, timeout: int = 20_000) -> int:
    """Wait until the player's iteration ``n`` satisfies the JavaScript ``condition``; return it."""
    frame.locator("#iteration").element_handle().owner_frame().wait_for_function(
        f"() => {{ const n = parseInt(document.getElementById('iteration').textContent.match(/\\d+/)[0]); "
        f"return {condition}; }}", polling="raf", timeout=timeout)
    return current_iteration(frame)


def slider_text(page, label: str) -> str:
    return page.get_by_test_id("stSlider").filter(has_text=label).inner_text()


def test_play_pause_speed_and_the_step_slider_run_in_the_browser_and_a_threshold_keeps_the_step(app_url, page):
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
    wait_for_app(page)  # everything the page load sends has been sent
    before = len(sent)
    # at the slow speed the run takes 20 s, so it is still playing while the test looks
    frame.get_by_label("Speed").select_option(label="Slow (200 ms per frame)")
    frame.get_by_role("button", name="▶ Play").click()
    first = wait_for_iteration(frame, "n > 0 && n < 500")
    wait_for_iteration(frame, f"n > {first}")  # it moves on by itself
    frame.get_by_role("button", name="❚❚ Pause").click()
    paused = current_iteration(frame)
    assert paused < 500
    with pytest.raises(PlaywrightTimeoutError):  # and stands still while paused
        wait_for_iteration(frame, f"n !== {paused}", timeout=1_000)
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

    # on the same page (a fresh load of /train is the costly part): the step slider works by
    # keyboard, and a threshold change keeps the step
    step = frame.get_by_role("slider", name="Iteration")
    step.focus()
    step.press("Home")
    assert current_iteration(frame) == 0
    assert "Iteration 0" in readout(frame)
    step.press("ArrowRight")
    shown = current_iteration(frame)
    assert shown > 0 and f"Iteration {shown}" in readout(frame)
    player_script = frame.locator("#iteration").element_handle().owner_frame()
    full_draws = player_script.evaluate("player.draws")
    lines_before = player_script.evaluate(
        "[...document.getElementById('chart').querySelectorAll('.scatterlayer .trace')]"
        ".filter((trace) => trace.querySelector('path.js-line')).length"
    )
    threshold = move_slider(page, "Threshold", "ArrowRight", 5)
    assert threshold > 0.5
    frame.get_by_text(f"boundary: P = {threshold:g}").wait_for(timeout=20_000)
    # the chart was redrawn in place, still at the step the user chose
    assert current_iteration(frame) == shown
    assert f"Iteration {shown}" in readout(frame)
    # only the moving traces and the legend's names changed: the point clouds and axes were not drawn again
    assert player_script.evaluate("player.draws") == full_draws
    legend = frame.locator("g.legend").text_content()
    assert f"threshold t = {threshold:g}" in legend and f"accuracy at t = {threshold:g}" in legend, legend
    assert not re.search(r"= 0\.5(?!\d)", legend), legend  # no name still gives the old threshold
    # every line of every panel is still drawn, also those the threshold did not move (the loss
    # curve shares its panel with the accuracy, on an axis of its own)
    drawn = player_script.evaluate(
        "[...document.getElementById('chart').querySelectorAll('.scatterlayer .trace')]"
        ".filter((trace) => trace.querySelector('path.js-line')).length"
    )
    assert drawn == lines_before, (drawn, lines_before)
    screenshot(page, "train-step-kept")


def test_threshold_changes_accuracy_but_not_the_loss_and_every_arrow_press_counts(app_url, page):
    page.goto(app_url + "/train")
    wait_for_app(page)
    frame = player(page)
    before = readout(frame)
    loss_before = re.search(r"loss J = ([\d.]+)", before).group(1)
    accuracy_before = re.search(r"accuracy at t = 0.5: ([\d.]+%)", before).group(1)
    threshold = move_slider(page, "Threshold", "ArrowRight", 40)
    assert threshold == 0.9  # every press counts, also those made while a rerun is in flight
    assert "0.90" in slider_text(page, "Threshold")
    # the chart shows the threshold the slider shows once the last rerun has been drawn
    frame.get_by_text(f"accuracy at t = {threshold:g}:").wait_for(timeout=20_000)
    after = readout(frame)
    assert re.search(r"loss J = ([\d.]+)", after).group(1) == loss_before
    accuracy_after = re.search(rf"accuracy at t = {threshold:g}: ([\d.]+%)", after).group(1)
    assert accuracy_after != accuracy_before
    assert f"threshold={threshold:g}" in page.url  # the setting travels in the link
    screenshot(page, "train-threshold-0.9")
    # and every press back counts too (the other pages' thresholds: test_every_arrow_press_on_the_threshold_counts)
    assert move_slider(page, "Threshold", "ArrowLeft", 50) == 0.4


def test_large_learning_rate_reports_divergence(app_url, page):
    page.goto(app_url + "/train?learning_rate=10")
    wait_for_app(page)
    alert = page.get_by_test_id("stAlert").filter(has_text="Diverged")
    assert alert.is_visible()
    assert "too large" in alert.text_content()


# (the Train page's: test_threshold_changes_accuracy_but_not_the_loss_and_every_arrow_press_counts)
@pytest.mark.parametrize("path", ["/evaluate", "/sigmoid"])
def test_every_arrow_press_on_the_threshold_counts(app_url, page, path):
    page.goto(app_url + path)
    wait_for_app(page)
    assert move_slider(page, "Threshold", "ArrowRight", 20) == 0.7
    assert "0.70" in slider_text(page, "Threshold")
    assert move_slider(page, "Threshold", "ArrowLeft", 30) == 0.4
