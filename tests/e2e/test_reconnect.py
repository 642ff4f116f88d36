"""When an app process behind HAProxy dies: new requests go to the other process within a second,
and a browser whose process it was reconnects to the other one (issue 18, item 11): its first key
press runs the page in the new session, which says the upload must be loaded again, on this page
and the next, and the chart follows the controls (ui/reconnect.py).

Both are checked on one death: a pair of processes, started for this test alone, is the costly part.
"""

import time
from pathlib import Path

from .conftest import PLAYER_FRAME, player, screenshot, wait_for_app
from .server import start_balancer, start_server, stop_server
from .test_deploy import fetch, open_websocket

CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"
AGAIN = "must be loaded again"
CONNECTED = """() => document.querySelector('[data-testid="stApp"]')
    .getAttribute('data-test-connection-state') === 'CONNECTED'"""


def requests_after_the_death(url: str, dead_cookie: str, seconds: float = 3) -> list[tuple[int, float]]:
    """(status, seconds taken) of health requests, pinned to the dead process and new, for ``seconds``."""
    killed = time.monotonic()
    outcomes = []
    while time.monotonic() - killed < seconds:
        for cookie in (dead_cookie, None):
            start = time.monotonic()
            status, _ = fetch(url + "/_stcore/health", headers={"Cookie": cookie} if cookie else {})
            outcomes.append((status, time.monotonic() - start))
    return outcomes


def test_when_a_process_dies_requests_go_to_the_other_and_the_page_asks_for_the_upload_again(browser):
    backends = [start_server(), start_server()]
    balancer, url = start_balancer([backend_url for _, backend_url in backends])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        # a class is already using both processes (each has run a page)
        warm = context.new_page()
        for _, backend_url in backends:
            warm.goto(backend_url + "/train")
            wait_for_app(warm)
        warm.close()
        page.goto(url + "/data")
        wait_for_app(page)
        page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
        wait_for_app(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(CORPUS / "semicolon_decimal_comma.csv"))
        wait_for_app(page)
        page.get_by_role("button", name="Use this dataset").click()
        wait_for_app(page)
        sidebar = page.get_by_test_id("stSidebar")
        sidebar.get_by_role("link", name="Train", exact=True).click()
        wait_for_app(page)
        frame = player(page)
        frame.get_by_text("boundary: P = 0.5").first.wait_for()
        assert sidebar.get_by_text("semicolon_decimal_comma").first.is_visible()
        assert page.get_by_text(AGAIN).count() == 0
        assert "upload=semicolon_decimal_comma.csv" in page.url

        for cookie in ("LR_SERVER=app1", "LR_SERVER=app2", None):
            assert fetch(url + "/_stcore/health", headers={"Cookie": cookie} if cookie else {})[0] == 200

        # the process holding this browser's session dies, as in a crash: no goodbye to the balancer
        (pinned,) = [cookie["value"] for cookie in context.cookies() if cookie["name"] == "LR_SERVER"]
        process, _ = backends[{"app1": 0, "app2": 1}[pinned]]
        with page.expect_console_message(lambda message: "WebSocket onclose" in message.text):
            process.kill()
            process.wait()
            # browsers pinned to the dead process and new ones, for 3 s after the death: every
            # request answered by the live process, none kept waiting
            outcomes = requests_after_the_death(url, f"LR_SERVER={pinned}")
        assert all(status == 200 for status, _ in outcomes), outcomes[:5]
        assert max(seconds for _, seconds in outcomes) < 1.5
        # a websocket pinned to the dead process opens on the live one
        assert open_websocket(url, origin=url, cookie=f"LR_SERVER={pinned}") == "open"
        # the browser reconnects through the balancer to the live process, which starts a new session;
        # the page still shows what the dead process drew until the browser asks for a run
        page.wait_for_function(CONNECTED)

        # the chart follows the controls: the first key press runs the whole page in the new session
        thumb = page.get_by_test_id("stSlider").filter(has_text="Threshold").get_by_role("slider")
        thumb.focus()
        thumb.press("ArrowRight")
        page.get_by_test_id("stAlert").filter(has_text=AGAIN).wait_for()
        page.frame_locator(PLAYER_FRAME).get_by_text("boundary: P = 0.51").first.wait_for()
        wait_for_app(page)
        assert page.get_by_test_id("stAlert").filter(has_text="semicolon_decimal_comma.csv").count() == 1
        assert sidebar.get_by_text("Teaching notes (20 rows)").is_visible()
        assert page.locator('[data-testid="stException"]').count() == 0
        screenshot(page, "reconnect-upload-missing")
        thumb.focus()
        thumb.press("ArrowRight")
        page.frame_locator(PLAYER_FRAME).get_by_text("boundary: P = 0.52").first.wait_for()
        wait_for_app(page)

        # and the next page says it too, instead of silently showing another dataset
        sidebar.get_by_role("link", name="Evaluate", exact=True).click()
        wait_for_app(page)
        page.get_by_test_id("stAlert").filter(has_text=AGAIN).wait_for()
        assert "Teaching notes" in page.get_by_test_id("stAlert").filter(has_text=AGAIN).inner_text()
    finally:
        context.close()
        stop_server(balancer, *(process for process, _ in backends))
