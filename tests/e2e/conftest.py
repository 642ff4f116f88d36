"""The real app in a real browser: a Streamlit server on a free port, driven by Chromium."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .server import start_balancer, start_server, stop_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


# How long a browser action or wait may take by default. Waits end as soon as their condition
# holds, so this costs nothing when the app is quick; it is generous because on a loaded 2-core
# machine (two test processes, each with its server and Chromium) a page load or a screenshot
# waiting for fonts has taken more than 30 s, Playwright's own default.
WAIT_MS = 90_000


class _Browser:
    """The launched browser, whose new contexts wait up to WAIT_MS by default."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.set_default_timeout(WAIT_MS)
        return context

    def __getattr__(self, name):
        return getattr(self._browser, name)


# The longest single tests (each starts its own processes or walks several pages in two
# sessions): handed out first, so that the run does not end with one process still on one of
# them while the other has nothing left to do.
LONGEST_FIRST = ("tests/e2e/test_reconnect.py", "tests/e2e/test_isolation.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
    items.sort(key=lambda item: not item.nodeid.split("::", 1)[0].endswith(LONGEST_FIRST))


# The modules whose tests share the `balanced` pair of app processes: in a run spread over
# processes (pytest-xdist) they all go to one process, so that the pair starts once.
SHARED_PAIR_MODULES = ("tests/e2e/test_balancer.py", "tests/e2e/test_deploy.py", "tests/e2e/test_offline.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` that keeps SHARED_PAIR_MODULES together and hands out every other test alone.

    pytest-xdist's own loadgroup finds a test's group in a suffix it appends to the test's id
    during collection; pytest 9.2 no longer lets it change the id, so an `xdist_group` mark is
    silently ignored and each process started a pair of its own. The group is read here from
    the module's path instead (the process that hands out tests sees their ids only).
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class SharedPairScheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.split("::", 1)[0].endswith(SHARED_PAIR_MODULES):
                return "balancer"
            return super()._split_scope(nodeid)

        def _reschedule(self, node) -> None:
            # A browser test takes seconds: a process is given its next test when it starts its
            # last one (it needs that next one to finish the current), not while two more wait,
            # so that at the end of the run no test waits behind another while a process idles.
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
                return
            if self._pending_of(self.assigned_work[node]) <= 1:
                self._assign_work_unit(node)

    return SharedPairScheduling(config, log)


@pytest.fixture(scope="session")
def app_url():
    process, url = start_server()
    try:
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def balanced():
    """Two app processes behind deploy/haproxy.cfg: (balancer url, [(process, url)] per backend).

    Started once and shared by the tests that leave both processes running (SHARED_PAIR_MODULES,
    which a run in several processes gives to one); a test that stops a process starts its own pair.
    """
    backends = [start_server(), start_server()]
    try:
        balancer, url = start_balancer([backend_url for _, backend_url in backends])
        try:
            yield url, backends
        finally:
            stop_server(balancer)
    finally:
        stop_server(*(process for process, _ in backends))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)  # assertions that wait, as the contexts' actions do
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        try:
            yield _Browser(browser)
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


# True once the script has stayed finished for `settle` ms: a rerun that an action triggers may
# start a moment after the page first looks idle, so one sighting of "notRunning" is not enough.
_SETTLED = """settle => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') {
        window.__appIdleSince = undefined;
        return false;
    }
    const now = performance.now();
    if (window.__appIdleSince === undefined) window.__appIdleSince = now;
    return now - window.__appIdleSince >= settle;
}"""


# What the app was doing when a wait ran out, so that a failure in CI says what it waited for.
_APP_STATE = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return 'no Streamlit app on the page';
    return 'script ' + app.getAttribute('data-test-script-state') + ', connection '
        + app.getAttribute('data-test-connection-state');
}"""


def _app_state(page) -> str:
    try:
        return page.evaluate(_APP_STATE)
    except Exception as error:  # the page may be gone or navigating: say so instead
        return f"state unreadable ({type(error).__name__})"


def wait_for_app(page, settle: int = 300, timeout: int = 60_000) -> None:
    """Wait until the script run has finished and no new run has started for ``settle`` ms."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

    try:
        page.wait_for_function(_SETTLED, arg=settle, polling="raf", timeout=timeout)
    except PlaywrightTimeoutError:
        raise AssertionError(
            f"the app at {page.url} did not finish its script run and stay idle for {settle} ms "
            f"within {timeout / 1000:g} s ({_app_state(page)})"
        ) from None


def wait_for_link(page, key: str, default: str) -> str:
    """Wait until the page's link carries the value its slider ``key`` shows; return that value.

    The slider sends its value a moment after the last key press, and the link follows the
    rerun: when both agree and the app is idle, the last press has been handled.
    """
    agree = """([key, fallback]) => {
        const slider = document.querySelector('.st-key-' + key + ' input[type="range"]');
        if (!slider) return false;
        const linked = new URL(window.location.href).searchParams.get(key) ?? fallback;
        return parseFloat(linked) === parseFloat(slider.value);
    }"""
    def links_agree() -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

        try:
            page.wait_for_function(agree, arg=[key, default], polling="raf", timeout=60_000)
        except PlaywrightTimeoutError:
            shown = page.evaluate(
                "key => document.querySelector('.st-key-' + key + ' input[type=\"range\"]')?.value ?? 'no slider'",
                key)
            raise AssertionError(
                f"the link's {key}={link_value(page.url, key, default)} never agreed with the slider's "
                f"value {shown} within 60 s ({_app_state(page)})"
            ) from None

    links_agree()
    wait_for_app(page)
    links_agree()
    return link_value(page.url, key, default)


def link_value(url: str, key: str, default: str) -> str:
    from urllib.parse import parse_qs, urlparse

    return parse_qs(urlparse(url).query).get(key, [default])[0]


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# The Train page's animation player: a component frame on the page's own origin, titled with
# ui.animation.PLAYER_NAME (spelled out here: importing ui.animation outside a running app
# makes Streamlit print warnings into the benchmarks' output).
PLAYER_FRAME = 'iframe[title="ui.animation.player"]'


def player(page):
    """The player's frame, once its chart has been drawn."""
    frame = page.frame_locator(PLAYER_FRAME)
    # plotly.js parses and draws the whole animation first: on a loaded machine that takes tens of seconds
    frame.locator("#chart .main-svg").first.wait_for(timeout=90_000)
    return frame
