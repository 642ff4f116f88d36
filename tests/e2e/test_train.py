"""The Train page in Chromium: the animation plays in the browser, the threshold never retrains."""

import re

from .conftest import screenshot, wait_for_app


def current_iteration(page) -> int:
    # Plotly writes the slider's current value as "Iteration <n>" above the rail
    text = page.locator("text.slider-label").filter(has_text="Iteration").first.text_content()
    return int(re.search(r"Iteration\s+(\d+)", text).group(1))


def readout(page) -> str:
    # the step readout is the text trace of the fourth panel
    return page.locator("g.textpoint text").first.text_content()


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


def test_play_advances_the_frame_in_the_browser(app_url, page):
    page.goto(app_url + "/train")
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    chart = page.get_by_test_id("stPlotlyChart")
    chart.wait_for()
    assert current_iteration(page) == 500  # opens on the trained model
    chart.get_by_text("▶ Play", exact=True).click()
    page.wait_for_timeout(400)
    first = current_iteration(page)
    page.wait_for_timeout(1200)
    second = current_iteration(page)
    assert first < second, (first, second)
    chart.get_by_text("❚❚ Pause", exact=True).click()
    paused = current_iteration(page)
    page.wait_for_timeout(600)
    assert current_iteration(page) == paused
    screenshot(page, "train-playing")


def test_threshold_changes_accuracy_but_not_the_loss(app_url, page):
    page.goto(app_url + "/train")
    wait_for_app(page)
    page.get_by_test_id("stPlotlyChart").wait_for()
    before = readout(page)
    loss_before = re.search(r"loss J = ([\d.]+)", before).group(1)
    accuracy_before = re.search(r"accuracy at t = 0.5: ([\d.]+%)", before).group(1)
    move_slider(page, "Threshold", "ArrowRight", 40)  # 0.50 -> about 0.90
    # the slider's text is its label, its value, then its two ends
    threshold = float(slider_text(page, "Threshold").split()[1])
    assert threshold >= 0.8
    # the chart shows the threshold the slider shows once the last rerun has been drawn
    chart = page.get_by_test_id("stPlotlyChart")
    chart.get_by_text(f"accuracy at t = {threshold:g}:").wait_for(timeout=20_000)
    after = readout(page)
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
