"""Downloads on /evaluate in Chromium: quick clicks all arrive, and the animation file is inert."""

import json
from pathlib import Path

from .conftest import screenshot, wait_for_app

CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"
HOSTILE_NAME = "</title><script>alert(9)</script><img src=x onerror=alert(8)>"


def click_and_collect(page, labels: list[str]) -> dict[str, bytes]:
    """Click the download buttons one right after the other; the files that arrived, by button."""
    buttons = [page.get_by_role("button", name=label, exact=True) for label in labels]
    buttons[-1].scroll_into_view_if_needed()
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    for button in buttons:
        button.click(no_wait_after=True)
    # poll until every file has started arriving (Playwright delivers the events while it waits)
    for _ in range(300):
        if len(downloads) == len(labels):
            break
        page.wait_for_timeout(100)
    assert len(downloads) == len(labels), [download.suggested_filename for download in downloads]
    files = {}
    for download in downloads:
        assert download.failure() is None, download.failure()
        files[download.suggested_filename] = Path(download.path()).read_bytes()
    return files


def test_quick_clicks_on_every_download_button_all_arrive(browser, app_url):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(app_url + "/evaluate?dataset=challenger")
        wait_for_app(page)
        files = click_and_collect(page, ["Coefficients (CSV)", "Coefficients (JSON)", "Predictions (CSV)",
                                         "Training animation (HTML)"])
        by_ending = {name.rsplit("_", 1)[-1]: content for name, content in files.items()}
        assert sorted(by_ending) == ["coefficients.csv", "coefficients.json", "predictions.csv", "training.html"]
        assert by_ending["coefficients.csv"].decode("utf-8-sig").startswith("term,")
        assert "intercept" in json.loads(by_ending["coefficients.json"])
        assert "probability_of_1" in by_ending["predictions.csv"].decode("utf-8-sig").splitlines()[0]
        assert b"plotly.js v" in by_ending["training.html"]
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_a_dataset_named_like_markup_gives_an_animation_file_that_runs_no_script(browser, app_url, tmp_path):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(app_url + "/data")
        wait_for_app(page)
        page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
        wait_for_app(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(CORPUS / "semicolon_decimal_comma.csv"))
        wait_for_app(page)
        name_box = page.get_by_label("Name shown in the app")
        name_box.fill(HOSTILE_NAME)
        name_box.press("Enter")
        wait_for_app(page)
        page.get_by_role("button", name="Use this dataset").click()
        wait_for_app(page)
        page.get_by_test_id("stSidebar").get_by_text("Evaluate", exact=True).click()
        wait_for_app(page)
        files = click_and_collect(page, ["Training animation (HTML)"])
        (content,) = files.values()
    finally:
        context.close()

    exported = tmp_path / "training.html"
    exported.write_bytes(content)
    viewer = browser.new_context(viewport={"width": 1400, "height": 1000})
    opened = viewer.new_page()
    dialogs, errors = [], []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        opened.goto(exported.as_uri())
        # the chart is drawn: plotly.js inside the file ran under the file's own policy
        opened.locator(".main-svg").first.wait_for(timeout=30_000)
        assert opened.title() == f"Gradient descent on {HOSTILE_NAME}"
        assert dialogs == []
        assert errors == []
        screenshot(opened, "exported-animation-hostile-name")
    finally:
        viewer.close()
