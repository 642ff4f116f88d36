"""App responsiveness in Chromium, as ratios measured in one run.

Starts the real app and a bare page (one slider, one small chart, benchmarks/bare_app.py)
on 127.0.0.1 and measures, in headless Chromium, the time from a slider key press to the
repainted chart: the rerun has drawn the new figure, then two animation frames have passed.
Every case is divided by the bare page's p50 measured in the same run; the pages take turns,
a few presses each, so a change in the machine's load touches them alike.

- Binary model, Threshold slider (no retrain: the threshold only changes what is drawn), on
  the notes' table and on 10,000 rows, 500 iterations.
- Multinomial and ordinal models, Learning rate slider, retrain included: on iris and the
  party identification data (ANES 1996, the built-in ordinal dataset), and on 10,000 rows with
  K = 5, 500 iterations each. Every timed press asks for a run nobody has asked for yet: each
  round opens the page with a new seed in its link (the seed is part of the training
  settings, so of the cache key, though zero start weights do not use it) and presses
  0.1 -> 0.3 and 0.1 -> 0.03. The presses back to 0.1 find their run in the cache and are
  reported apart, as the cost of drawing a cached figure.

The Train page's chart is its animation player (ui/animation.py), a frame on the page's own
origin; the measurement reads the chart's text inside it, so it times the player's redraw.

Also prints each figure's JSON size and, measured in this process after the browser runs,
how long training takes as a press runs it (the exact fit, which the app keeps per data, given)
and how long building the figure takes, so the share of the core is visible; and
counts the websocket messages the browser sends while the animation plays (none should be
sent: playback runs in the browser).

Run: .venv/bin/python benchmarks/bench_app.py [--rounds N] [--only binary|kinds]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, PLAYER_FRAME, player  # noqa: E402
from tests.e2e.server import start_server, stop_server  # noqa: E402

PRESSES = 30
ROUNDS = 5
# The text of the chart: the bare page's Plotly chart or the Train page's player, whose frame
# shares the page's origin.
CHART_TEXT = """
(playerFrame) => {
  const player = document.querySelector(playerFrame);
  const chart = player ? player.contentDocument && player.contentDocument.getElementById('chart')
                       : document.querySelector('[data-testid="stPlotlyChart"]');
  return chart ? chart.textContent : '';
}
"""
# Resolves with the time from `start` until `done(text)` holds for the chart's text, plus two
# animation frames: the rerun has finished, the new figure has been drawn, and the page painted.
TIME_UNTIL = """
([start, playerFrame, expected, absent, before, limit]) => new Promise((resolve, reject) => {
  const chartText = %s;
  const done = (text) => before !== null ? text !== '' && text !== before
                                         : text.includes(expected) && !(absent && text.includes(absent));
  const poll = () => {
    if (!done(chartText(playerFrame))) {
      if (performance.now() - start > limit) { reject(new Error('the chart did not change in time')); return; }
      setTimeout(poll, 2);
      return;
    }
    requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
  };
  poll();
})
""" % CHART_TEXT.strip()
# A retrain on 10,000 rows takes seconds on a loaded machine
LIMIT_MS = 180_000


@dataclass(frozen=True)
class KindCase:
    """A multinomial or ordinal Train page whose Learning rate is pressed, and its target."""

    label: str
    dataset: str
    parameters: tuple[tuple[str, int], ...]
    kind: str
    target: float

    def url(self, app_url: str, seed: int) -> str:
        query = "&".join(f"{key}={value}" for key, value in self.parameters)
        return (f"{app_url}/train?dataset={self.dataset}" + (f"&{query}" if query else "")
                + f"&model={self.kind}&iterations=500&seed={seed}")


KIND_CASES = (
    KindCase("multinomial, iris (150 rows, K = 3)", "iris", (), "multinomial", 2.0),
    KindCase("multinomial, 10,000 rows, K = 5", "clouds", (("n_points", 10_000), ("n_classes", 5)),
             "multinomial", 3.0),
    KindCase("ordinal, ANES 1996 (944 rows, K = 7)", "anes96", (), "ordinal", 2.0),
    KindCase("ordinal, 10,000 rows, K = 5", "latent_ordinal", (("n_points", 10_000), ("n_classes", 5)),
             "ordinal", 3.0),
)


def wait_idle(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=LIMIT_MS)
    page.wait_for_timeout(500)


def slider(page, label: str):
    return page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def press(page, label: str, key: str, expected: str | None = None, absent: str | None = None) -> float:
    """Press ``key`` on the slider ``label``; the milliseconds until the chart shows ``expected``
    (and not ``absent``), or, without ``expected``, until its text differs from before the press."""
    handle = slider(page, label)
    handle.focus()
    before = None if expected is not None else page.evaluate(CHART_TEXT, PLAYER_FRAME)
    start = page.evaluate("performance.now()")
    handle.press(key)
    return page.evaluate(TIME_UNTIL, [start, PLAYER_FRAME, expected, absent, before, LIMIT_MS])


def slider_latencies(page, label: str, shown, presses: int) -> list[float]:
    """Press the slider right and left in turn; `shown(up)` is the text the chart then shows
    and the text it no longer shows."""
    times = []
    for index in range(presses):
        up = index % 2 == 0
        times.append(press(page, label, "ArrowRight" if up else "ArrowLeft", *shown(up)))
        page.wait_for_timeout(150)
    return times


def threshold_text(up: bool) -> tuple[str, str | None]:
    return ("boundary: P = 0.51", None) if up else ("boundary: P = 0.5", "boundary: P = 0.51")


def bare_text(up: bool) -> tuple[str, None]:
    return ("value 51", None) if up else ("value 50", None)


def retrain_latencies(page, url: str) -> tuple[list[float], list[float]]:
    """Open ``url`` (learning rate 0.1), then press Learning rate to 0.3, back, to 0.03 and back:
    two new runs (retrain, figure, repaint) and two cached ones (figure from the cache, repaint)."""
    page.goto(url)
    wait_idle(page)
    player(page)
    retrained, cached = [], []
    for key, measured in (("ArrowRight", retrained), ("ArrowLeft", cached), ("ArrowLeft", retrained),
                          ("ArrowRight", cached)):
        measured.append(press(page, "Learning rate", key))
        wait_idle(page)
    return retrained, cached


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


def binary_figure_json_size(rows: int) -> int:
    from logreg_core import TrainingSettings, datasets, train
    from ui.figures import View, training_animation

    data = datasets.notes_table() if rows == 20 else datasets.two_clouds(n_points=rows)
    run = train(data.X, data.y, TrainingSettings(iterations=500))
    return len(training_animation(data, run, View(features=(0, 1))).json_bytes)


def in_process(case: KindCase, rate: float = 0.3) -> tuple[float, float, float, int]:
    """Seconds for the exact fit, for training as a press does and for building the figure, and the
    figure's JSON bytes.

    The app keeps the exact fit per data, kind, standardising and L2 (``ui.state``), so a new
    learning rate trains descent alone: training is timed that way, with the exact fit given,
    and the exact fit is timed apart (what the page's first run pays once).
    """
    from logreg_core import TrainingSettings, datasets, exact_fit, train
    from ui.figures import View
    from ui.figures.multinomial import MultinomialView, multinomial_animation
    from ui.figures.ordinal import ordinal_animation

    dataset = datasets.load(case.dataset, **dict(case.parameters))
    # as the page trains it: standardised where the dataset recommends it
    settings = TrainingSettings(learning_rate=rate, iterations=500, standardize=dataset.recommended_standardize,
                                kind=case.kind)
    start = time.perf_counter()
    exact = exact_fit(dataset.X, dataset.y, TrainingSettings(kind=settings.kind, standardize=settings.standardize,
                                                             l2=settings.l2))
    fitted = time.perf_counter()
    run = train(dataset.X, dataset.y, settings, exact=exact)
    trained = time.perf_counter()
    if case.kind == "multinomial":
        figure = multinomial_animation(dataset, run, MultinomialView(features=(0, 1)))
    else:
        figure = ordinal_animation(dataset, run, View(features=(0,)))
    built = time.perf_counter()
    return fitted - start, trained - fitted, built - trained, len(figure.json_bytes)


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="turns of the pages (default %(default)s)")
    parser.add_argument("--only", choices=("binary", "kinds"), help="measure only these Train pages")
    options = parser.parse_args()
    binary = options.only in (None, "binary")
    kinds = options.only in (None, "kinds")
    presses = max(2, PRESSES // ROUNDS)

    app, app_url = start_server("app.py")
    bare, bare_url = start_server("bare_app.py", cwd=ROOT / "benchmarks")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)

            def new_page(url: str):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                page.set_default_timeout(LIMIT_MS)
                page.goto(url)
                wait_idle(page)
                return page

            bare_page = new_page(bare_url)
            threshold_cases = []
            if binary:
                threshold_cases = [("notes' table", new_page(app_url + "/train")),
                                   ("10,000 rows", new_page(app_url + "/train?dataset=two_clouds&n_points=10000"))]
            kind_pages = [new_page(case.url(app_url, 0)) for case in KIND_CASES] if kinds else []
            bare_times: list[float] = []
            threshold_times: list[list[float]] = [[] for _ in threshold_cases]
            retrain_times: list[list[float]] = [[] for _ in kind_pages]
            cached_times: list[list[float]] = [[] for _ in kind_pages]
            for round_index in range(options.rounds):
                progress(f"round {round_index + 1} of {options.rounds}")
                bare_page.bring_to_front()
                # the first presses after switching tabs also pay for the tab coming to the
                # front; two (an even number, so the slider ends where it started) are dropped
                bare_times += slider_latencies(bare_page, "Value", bare_text, presses + 2)[2:]
                for measured, (_, page) in zip(threshold_times, threshold_cases):
                    page.bring_to_front()
                    measured += slider_latencies(page, "Threshold", threshold_text, presses + 2)[2:]
                for case, page, retrained, cached in zip(KIND_CASES, kind_pages, retrain_times, cached_times):
                    page.bring_to_front()
                    # a seed of this round's own: every run the presses ask for is new to the server
                    new, old = retrain_latencies(page, case.url(app_url, round_index + 1))
                    retrained += new
                    cached += old
                    progress(f"  {case.label}: retrain {', '.join(f'{t:.0f}' for t in new)} ms, "
                             f"cached {', '.join(f'{t:.0f}' for t in old)} ms")
            sent = messages_sent_while_playing(threshold_cases[0][1] if threshold_cases else kind_pages[0])
            browser.close()
    finally:
        stop_server(app)
        stop_server(bare)

    bare_p50 = float(np.median(bare_times))
    print(f"slider key press to repainted chart, p50 (min-max) over {options.rounds} rounds of the pages in turn:")
    print(f"  bare page (one slider, one small chart): {bare_p50:.0f} ms ({min(bare_times):.0f}-{max(bare_times):.0f})")
    threshold_targets = {"notes' table": 1.3, "10,000 rows": 2.0}
    for (label, _), measured in zip(threshold_cases, threshold_times):
        p50 = float(np.median(measured))
        print(f"  Train, binary, {label}, Threshold (no retrain): {p50:.0f} ms   ratio {p50 / bare_p50:.2f} "
              f"(target <= {threshold_targets[label]})")
    for case, retrained, cached in zip(KIND_CASES, retrain_times, cached_times):
        p50, cached_p50 = float(np.median(retrained)), float(np.median(cached))
        print(f"  Train, {case.label}, Learning rate, retrain included: {p50:.0f} ms "
              f"({min(retrained):.0f}-{max(retrained):.0f})   ratio {p50 / bare_p50:.2f} (target <= {case.target}); "
              f"cached run: {cached_p50:.0f} ms, ratio {cached_p50 / bare_p50:.2f}")
    if binary:
        print(f"binary animation figure JSON: {binary_figure_json_size(20) / 1e3:.0f} kB (notes' table), "
              f"{binary_figure_json_size(10_000) / 1e3:.0f} kB (10,000 rows)")
    if kinds:
        print("in this process (learning rate 0.3, 500 iterations): train() as a press runs it (the kept exact "
              "fit given) / figure built / figure JSON; the exact fit, kept after a page's first run")
        for case in KIND_CASES:
            in_process(case)  # the first call loads the compiled kernels and the data
            fitted, trained, built, size = in_process(case)
            print(f"  {case.label}: {trained * 1e3:.0f} ms / {built * 1e3:.0f} ms / {size / 1e3:.0f} kB; "
                  f"exact fit {fitted * 1e3:.0f} ms")
    print(f"websocket messages sent by the browser during 3 s of playback: {sent}")


if __name__ == "__main__":
    main()
