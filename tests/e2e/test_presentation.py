"""Presentation mode in Chromium, on light and dark pages; links that reproduce a view."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PLAYER_FRAME, player, wait_for_app

SCREENS = [(1280, 720), (1920, 1080)]


def viewport_screenshot(page, name: str) -> None:
    from .conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), timeout=120_000)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SCREENS, ids=lambda size: f"{size[0]}x{size[1]}")
def test_presentation_mode_on_train_evaluate_and_landscape_where_nothing_overlaps_or_is_cut(
        browser, app_url, scheme, size):
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    tag = f"{width}x{height}-{scheme}"
    try:
        page.goto(app_url + "/train?present=true&hide=start,seed&learning_rate=0.3")
        wait_for_app(page)
        frame = player(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.get_by_test_id("stExpander").filter(has_text="Explanation").count() == 1
        assert page.get_by_text("Start weights").count() == 0  # hidden by the link
        # chart text and the player's controls at the presentation size
        at_least_20 = re.compile(r"^(2\d|[3-9]\d|\d{3,})(\.\d+)?px$")
        expect(frame.locator("g.xtick text").first).to_have_css("font-size", at_least_20)
        expect(frame.get_by_role("button", name="▶ Play")).to_have_css("font-size", at_least_20)
        # the sidebar is folded away; the chart and Play are on screen whole as the page opens
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
        chart_top = page.locator(PLAYER_FRAME).bounding_box()["y"]
        frame.locator("#chart .main-svg").first.wait_for()
        page.wait_for_function(
            """([selector, height]) => {
                const frame = document.querySelector(selector);
                const top = frame.getBoundingClientRect().top;
                const inner = frame.contentDocument;
                const chart = inner.getElementById('chart').getBoundingClientRect();
                const play = inner.getElementById('play').getBoundingClientRect();
                return chart.height > 400 && top + play.bottom <= height && top + chart.bottom <= height;
            }""", arg=[PLAYER_FRAME, height], timeout=20_000)
        assert 0 <= chart_top < 120
        # the iteration sits beside Play, on its line
        play_box = frame.locator("#play").bounding_box()
        counter_box = frame.locator("#iteration").bounding_box()
        assert abs(counter_box["y"] - play_box["y"]) < play_box["height"]
        assert 0 < counter_box["x"] - play_box["x"] < width / 2
        viewport_screenshot(page, f"train-presentation-{width}x{height}-{scheme}")
        # Space on the page plays and pauses
        frame.get_by_label("Speed").select_option(label="Slow (200 ms per frame)")
        # focus the page itself (not a control): a click on the empty margin left of the chart
        page.mouse.click(5, height - 5)
        page.keyboard.press("Space")
        expect(frame.get_by_role("button", name="❚❚ Pause")).to_be_enabled()
        page.keyboard.press("Space")
        expect(frame.get_by_role("button", name="❚❚ Pause")).to_be_disabled()
        expect(frame.get_by_role("button", name="▶ Resume")).to_be_enabled()

        # nothing overlaps or is cut: on the same Train page (opening it is the costly part; the
        # controls the link hides leave their columns as wide), then on Evaluate and Loss landscape
        assert not cut_off(page.get_by_test_id("stWidgetLabel").filter(has_text="Standardise features")
                           .locator("p").first)
        # a slider's value sits above its handle
        slider = page.get_by_test_id("stSlider").filter(has_text="Learning rate")
        value_box = slider.get_by_test_id("stSliderThumbValue").bounding_box()
        handle_box = slider.get_by_role("slider").bounding_box()
        assert value_box["y"] + value_box["height"] <= handle_box["y"] + 1
        # the step inspector's equations end inside their column
        inspector = page.get_by_test_id("stColumn").filter(has_text="Step inspector")
        inspector.scroll_into_view_if_needed()
        column_box = inspector.bounding_box()
        for formula in inspector.locator(".katex-display").all():
            box = formula.locator(".katex").first.bounding_box()
            assert box["x"] + box["width"] <= column_box["x"] + column_box["width"] + 1
        viewport_screenshot(page, f"train-inspector-presentation-{tag}")

        page.goto(app_url + "/evaluate?present=true")
        wait_for_app(page)
        chart = page.get_by_test_id("stPlotlyChart").first
        chart.scroll_into_view_if_needed()
        legend = chart.locator("g.legend").bounding_box()
        for title in chart.locator("g.g-xtitle, g.g-x2title, g.g-ytitle, g.g-y2title").all():
            assert not overlapping(legend, title.bounding_box())
        viewport_screenshot(page, f"evaluate-roc-presentation-{tag}")
        for button in page.get_by_test_id("stDownloadButton").all():
            assert not cut_off(button.locator("p").first)

        page.goto(app_url + "/landscape?present=true")
        wait_for_app(page)
        losses = page.get_by_test_id("stPlotlyChart").nth(1)
        losses.scroll_into_view_if_needed()
        labels = [label.bounding_box() for label in losses.locator("g.ytick text").all()]
        assert all(not overlapping(a, b) for a, b in zip(labels, labels[1:]))
        viewport_screenshot(page, f"landscape-losses-presentation-{tag}")
        assert page.locator('[data-testid="stException"]').count() == 0
    finally:
        context.close()


def test_link_with_garbage_opens_with_defaults_and_a_notice(app_url, page):
    page.goto(app_url + "/train?learning_rate=banana&threshold=2")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text="cannot be used")
    text = notice.text_content()
    assert "Learning rate: “banana” cannot be used; it takes one of 0.001," in text
    assert "Threshold: “2” cannot be used; it takes a number from 0.01 to 0.99. Using 0.5." in text


def test_markup_in_a_link_is_shown_as_typed(app_url, page):
    page.goto(app_url + "/train?threshold=[Click here](https://example.invalid/login)"
              "&learning_rate=![x](http://127.0.0.1:9/q.png)&iterations=**bold**&l2=mail@example.invalid")
    wait_for_app(page)
    notice = page.get_by_test_id("stAlert").filter(has_text="cannot be used")
    text = notice.text_content()
    for raw in ("[Click here](https://example.invalid/login)", "![x](http://127.0.0.1:9/q.png)", "**bold**",
                "mail@example.invalid"):
        assert f"“{raw}”" in text.replace("\u2060", "")  # an invisible word joiner keeps URLs from linking
    assert notice.locator("a, img, strong").count() == 0
    assert page.locator('[data-testid="stException"]').count() == 0


def overlapping(first: dict, second: dict) -> bool:
    return not (first["x"] + first["width"] <= second["x"] or second["x"] + second["width"] <= first["x"]
                or first["y"] + first["height"] <= second["y"] or second["y"] + second["height"] <= first["y"])


def cut_off(locator) -> bool:
    """Whether the element's text is wider than the room it has (drawn with an ellipsis or hidden)."""
    return locator.evaluate("element => element.scrollWidth > element.clientWidth + 1")
