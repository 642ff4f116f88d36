"""Every page opens directly by its URL, also in a lecture room without internet, and runs under
the deployment's content security policy: every page works when only the app's own host answers.

The pages are opened through HAProxy in front of two app processes (deploy/haproxy.cfg, which sends
the policy): opening a page is the costly part, so each page load serves both checks. The browser's
requests to any other host are refused (and recorded); each page must not have tried one, its
icons (the tab's and the sidebar's) must still be drawn, and nothing on it, the Train page's
player included, may break the policy.
"""

from urllib.parse import urlsplit

import pytest

from ui.layout import available_pages

from .conftest import PLAYER_FRAME, player, screenshot, wait_for_app
from .test_deploy import RECORD_VIOLATIONS
from .test_pages import url_path

# schemes that never leave the browser
LOCAL_SCHEMES = ("data", "blob", "about", "chrome-extension")


# one pair of processes behind the balancer, shared with test_balancer.py and test_deploy.py
# (conftest.py: SHARED_PAIR_MODULES)
@pytest.fixture
def app_url(balanced):
    url, _ = balanced
    return url


@pytest.fixture
def offline_page(browser, app_url):
    """A page whose requests to any host but the app's are aborted and listed in ``page.outside``;
    the policy's violations are recorded in each document's ``window.__violations``, the browser's
    refusals in ``page.refused``, and the player's files, by name, in ``page.player_files``."""
    app_host = urlsplit(app_url).netloc
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORD_VIOLATIONS)
    outside: list[str] = []

    def only_the_app(route):
        address = urlsplit(route.request.url)
        if address.scheme in LOCAL_SCHEMES or address.netloc == app_host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", only_the_app)
    page = context.new_page()
    # requests the route does not see (a web socket to elsewhere, a service worker) are still listed
    page.on("request", lambda request: outside.append(request.url)
            if urlsplit(request.url).scheme not in LOCAL_SCHEMES and urlsplit(request.url).netloc != app_host
            else None)
    page.outside = outside
    page.refused = []
    page.on("console", lambda message: page.refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.player_files = {}
    page.on("response", lambda response: page.player_files.update(
        {response.url.rsplit("/", 1)[-1].split("?")[0]: response}) if "/component/" in response.url else None)
    try:
        yield page
    finally:
        context.close()


def tab_icon(page) -> str:
    return page.evaluate("() => document.querySelector('link[rel~=\"icon\"]')?.href ?? ''")


def material_font_loaded(page) -> bool:
    """Whether the icon font that draws the sidebar's icons is there (else the icons read as words)."""
    return page.evaluate("""async () => {
        await document.fonts.ready;
        return document.fonts.check('24px "Material Symbols Rounded"', 'home');
    }""")


@pytest.mark.parametrize("entry", available_pages(), ids=lambda entry: entry.label)
def test_page_opens_directly_fetches_nothing_from_other_hosts_draws_its_icons_and_keeps_the_policy(
        app_url, offline_page, entry):
    page = offline_page
    page.goto(app_url + url_path(entry.path))
    wait_for_app(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    # the shared sidebar is there even when the visitor lands on the page directly
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Active dataset").is_visible()
    assert sidebar.get_by_text("Teaching notes (20 rows)").is_visible()
    screenshot(page, "page-" + (url_path(entry.path).strip("/") or "home"))
    # the tab's title and icon are set when the script's page config arrives
    page.wait_for_function("() => document.title.includes('Logistic regression explorer')")
    if entry.path == "pages/2_train.py":
        frame = player(page)
        frame.locator("#play").click()
        # playing: the step slider moves on (plotly.js, served by the app, is drawing frames)
        frame.locator("#step").evaluate("slider => new Promise(done => { const check = () => "
                                        "Number(slider.value) > 0 ? done() : setTimeout(check, 50); check(); })")
        # the player and plotly.js ran under the policy, which the player's files carry too
        assert page.frame_locator(PLAYER_FRAME).locator("body").evaluate("() => window.__violations") == []
        for name in ("index.html", "player.js", "plotly.min.js"):
            headers = page.player_files[name].all_headers()
            assert headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert page.locator('[data-testid="stException"]').count() == 0
    icons = page.get_by_test_id("stSidebar").get_by_test_id("stPageLink").get_by_test_id("stIconMaterial")
    icons.nth(len(available_pages()) - 1).wait_for()
    assert material_font_loaded(page)
    # a drawn icon is one square glyph; its name set in a text font would be several times wider
    box = icons.first.bounding_box()
    assert box is not None and box["width"] <= 1.5 * box["height"]
    screenshot(page, "offline-" + (url_path(entry.path).strip("/") or "home"))
    assert page.outside == []
    assert tab_icon(page).startswith("data:image/svg+xml")
    assert page.evaluate("() => window.__violations") == []
    assert page.refused == []
