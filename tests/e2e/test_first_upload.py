"""A student's first five minutes in Chromium at 1280 x 800: upload, use, train, evaluate (issue 17)."""

from .conftest import ARTIFACTS, player, wait_for_app

# Features on different scales (about 70 and about 100 beside the intercept's 1): plain descent at
# the default learning rate diverges on them unless they are standardised.
ROWS = [(53, 50, 1), (57, 50, 1), (58, 200, 1), (63, 50, 1), (66, 200, 0), (67, 50, 0), (67, 200, 0),
        (68, 200, 0), (69, 200, 0), (70, 50, 1), (70, 200, 0), (70, 200, 1), (72, 200, 0), (73, 200, 0),
        (75, 200, 0), (75, 200, 1), (76, 200, 0), (78, 200, 0), (79, 200, 0), (81, 200, 0)]
CSV = "temperature,pressure,distress\n" + "".join(f"{t},{p},{d}\n" for t, p, d in ROWS)


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_upload_use_train_evaluate_without_an_error_box(app_url, browser, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        upload = tmp_path / "launches.csv"
        upload.write_text(CSV)
        page.goto(app_url + "/data")
        wait_for_app(page)
        page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
        wait_for_app(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
        wait_for_app(page)
        page.get_by_text("Loaded, not active yet").wait_for()
        assert page.get_by_text("Guessed: 'distress'").is_visible()
        shot(page, "first-upload-1-loaded")
        page.get_by_role("button", name="Use this dataset").click()
        wait_for_app(page)
        page.get_by_text("launches.csv is the active dataset").wait_for()
        assert page.get_by_text("Loaded, not active yet").count() == 0
        # the file's scales differ, so standardising is on, and the switch shows it
        assert page.get_by_test_id("stCheckbox").filter(has_text="Standardise features").locator("input").is_checked()
        shot(page, "first-upload-2-active")

        # through the app's own navigation: a new address would start a new session without the upload
        page.get_by_test_id("stSidebar").get_by_text("Train", exact=True).first.click()
        wait_for_app(page)
        page.get_by_text("Stable below").first.wait_for()
        page.locator('[data-testid="stSlider"]').first.wait_for()
        player(page)
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        assert page.get_by_text("Diverged").count() == 0
        shot(page, "first-upload-3-train")

        page.get_by_test_id("stSidebar").get_by_text("Evaluate", exact=True).first.click()
        wait_for_app(page)
        page.get_by_text("Model shown: the trained model").wait_for()
        page.locator('[data-testid="stSlider"]').first.wait_for()
        page.locator('[data-testid="stPlotlyChart"]').first.wait_for()
        assert page.locator('[data-testid="stException"]').count() == 0
        shot(page, "first-upload-4-evaluate")
    finally:
        context.close()


def test_a_diverged_run_is_said_on_evaluate_and_one_press_fixes_it(app_url, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(app_url + "/evaluate?dataset=challenger&standardize=false")
        wait_for_app(page)
        page.get_by_text("The run on the Train page diverged at step 1").wait_for()
        page.get_by_role("button", name="Use learning rate 0.001").wait_for()
        page.locator('[data-testid="stSlider"]').first.wait_for()
        page.locator('[data-testid="stPageLink"]').first.wait_for()
        shot(page, "first-upload-5-evaluate-diverged")
        page.get_by_role("button", name="Use learning rate 0.001").click()
        wait_for_app(page)
        page.get_by_text("Model shown: the trained model: gradient descent after 500 steps (learning rate 0.001").wait_for()
        assert page.get_by_text("diverged at step").count() == 0
        assert "learning_rate=0.001" in page.url
        shot(page, "first-upload-6-evaluate-fixed")
    finally:
        context.close()
