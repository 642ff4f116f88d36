"""App responsiveness in Chromium, as ratios measured in one run.

Starts the real app and a bare page (one slider, one small chart, benchmarks/bare_app.py)
on 127.0.0.1 and measures, in headless Chromium, the time from a slider key press to the
repainted page: the rerun finished, then two animation frames. The Train page is measured
with its Threshold slider on the notes' table (500 iterations) and on a 10,000-row dataset
(500 iterations); the three pages take turns, a few presses each, and the p50 of each
Train case is divided by the bare page's p50.

The Train page's chart is its animation player (ui/animation.py), a frame on the page's own
origin; the measurement reads the chart's text inside it, so it times the player's redraw.

Also prints the animation figure's JSON size and counts the websocket messages the browser
sends while the animation plays (none should be sent: playback runs in the browser).

Run: .venv/bin/python benchmarks/bench_app.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, PLAYER_FRAME, player  # noqa: E402
from tests.e2e.server import start_server, stop_server  # noqa: E402

PRESSES = 30
ROUNDS = 5
# Resolves with the time from `start` until the chart shows `expected` (and not `absent`), plus two animation
# frames: the rerun has finished, the new figure has been drawn, and the page painted. The chart is the
# bare page's Plotly chart or the Train page's player, whose frame shares the page's origin.
TIME_TO_REPAINT = """
([start, expected, absent, playerFrame]) => new Promise((resolve, reject) => {
  const chartText = () => {
    const player = document.querySelector(playerFrame);
    const chart = player ? player.contentDocument && player.contentDocument.getElementById('chart')
                         : document.querySelector('[data-testid="stPlotlyChart"]');
    return chart ? chart.textContent : '';
  };
  const poll = () => {
    const text = chartText();
    if (!text.includes(expected) || (absent && text.includes(absent))) {
      if (performance.now() - start > 30000) { reject(new Error('chart did not show ' + expected)); return; }
      setTimeout(poll, 2);
      return;
    }
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  };
  poll();
})
"""


def wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000)
    page.wait_for_timeout(500)


def slider_latencies(page, label: str, shown, presses: int = PRESSES) -> list[float]:
    """Press the slider right and left in turn; `shown(up)` is the text the chart then shows
    and the text it no longer shows."""
    handle = page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")
    times = []
    for index in range(presses):
        up = index % 2 == 0
        handle.focus()
        start = page.evaluate("performance.now()")
        handle.press("ArrowRight" if up else "ArrowLeft")
        times.append(page.evaluate(TIME_TO_REPAINT, [start, *shown(up), PLAYER_FRAME]))
        page.wait_for_timeout(150)
    return times


def threshold_text(up: bool) -> tuple[str, str | None]:
    return ("boundary: P = 0.51", None) if up else ("boundary: P = 0.5", "boundary: P = 0.51")


def messages_sent_while_playing(page) -> int:
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    # a websocket opened before the listener is not seen: reload so the listener sees it
    page.reload()
    wait_idle(page)
    page.wait_for_timeout(1000)
    before = len(sent)
    player(page).get_by_role("button", name="▶ Play").click()
    page.wait_for_timeout(3000)
    return len(sent) - before


def figure_json_size(rows: int) -> int:
    from logreg_core import TrainingSettings, datasets, train
    from ui.figures import View, training_animation

    data = datasets.notes_table() if rows == 20 else datasets.two_clouds(n_points=rows)
    run = train(data.X, data.y, TrainingSettings(iterations=500))
    return len(training_animation(data, run, View(features=(0, 1))).to_json())


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    app, app_url = start_server("app.py")
    bare, bare_url = start_server("bare_app.py", cwd=ROOT / "benchmarks")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            bare_page = browser.new_page(viewport={"width": 1400, "height": 1000})
            bare_page.goto(bare_url)
            wait_idle(bare_page)
            notes_page = browser.new_page(viewport={"width": 1400, "height": 1000})
            notes_page.goto(app_url + "/train")
            wait_idle(notes_page)
            large_page = browser.new_page(viewport={"width": 1400, "height": 1000})
            large_page.goto(app_url + "/train?dataset=two_clouds&n_points=10000")
            wait_idle(large_page)

            def bare_text(up: bool) -> tuple[str, None]:
                return ("value 51", None) if up else ("value 50", None)

            # The three pages take turns, a few presses each, so a change in the machine's
            # load during the run touches all three alike.
            cases = ((bare_page, "Value", bare_text), (notes_page, "Threshold", threshold_text),
                     (large_page, "Threshold", threshold_text))
            times: list[list[float]] = [[], [], []]
            for _ in range(ROUNDS):
                for measured, (page, label, shown) in zip(times, cases):
                    page.bring_to_front()
                    # the first presses after switching tabs also pay for the tab coming to the
                    # front; two (an even number, so the slider ends where it started) are dropped
                    measured += slider_latencies(page, label, shown, PRESSES // ROUNDS + 2)[2:]
            bare_p50, notes_p50, large_p50 = (float(np.median(measured)) for measured in times)
            progress(f"bare page {bare_p50:.0f} ms, notes' table {notes_p50:.0f} ms, 10,000 rows {large_p50:.0f} ms")
            sent = messages_sent_while_playing(notes_page)
            progress(f"messages while playing: {sent}")
            browser.close()
    finally:
        stop_server(app)
        stop_server(bare)

    print(f"slider key press to repainted page, p50 of {PRESSES} presses:")
    print(f"  bare page (one slider, one small chart): {bare_p50:.0f} ms")
    print(f"  Train, notes' table, 500 iterations:     {notes_p50:.0f} ms   ratio {notes_p50 / bare_p50:.2f} (target <= 1.3)")
    print(f"  Train, 10,000 rows, 500 iterations:      {large_p50:.0f} ms   ratio {large_p50 / bare_p50:.2f} (target <= 2.0)")
    print(f"animation figure JSON: {figure_json_size(20) / 1e3:.0f} kB (notes' table), "
          f"{figure_json_size(10_000) / 1e3:.0f} kB (10,000 rows)")
    print(f"websocket messages sent by the browser during 3 s of playback: {sent}")


if __name__ == "__main__":
    main()
