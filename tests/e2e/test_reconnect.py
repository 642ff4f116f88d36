"""A browser whose app process dies reconnects to another one behind HAProxy (issue 18, item 11):
its first key press runs the page in the new session, which says the upload must be loaded again,
on this page and the next, and the chart follows the controls (ui/reconnect.py)."""

from pathlib import Path

from .conftest import PLAYER_FRAME, player, screenshot, wait_for_app
from .server import start_balancer, start_server, stop_server

CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"
AGAIN = "must be loaded again"
CONNECTED = """() => document.querySelector('[data-testid="stApp"]')
    .getAttribute('data-test-connection-state') === 'CONNECTED'"""


def test_after_a_reconnect_to_another_process_the_page_asks_for_the_upload_again(browser):
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

        # the process holding this browser's session dies, as in a crash
        (pinned,) = [cookie["value"] for cookie in context.cookies() if cookie["name"] == "LR_SERVER"]
        process, _ = backends[{"app1": 0, "app2": 1}[pinned]]
        with page.expect_console_message(lambda message: "WebSocket onclose" in message.text):
            process.kill()
            process.wait()
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
        stop_server(balancer)
        for process, _ in backends:
            if process.poll() is None:
                stop_server(process)
