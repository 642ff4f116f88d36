"""The deployment's safety in real requests: security headers through HAProxy, the page and
the player running under that policy in Chromium, the XSRF and websocket-origin checks, and
failover to the other process when one dies (checked in test_reconnect.py)."""

import urllib.error
import urllib.request

import pytest

from ui.layout import available_pages

from .conftest import player, wait_for_app
from .test_pages import url_path

# one pair of processes behind the balancer, shared with test_balancer.py (conftest.py: SHARED_PAIR_MODULES)


def fetch(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    """(status, headers) of one request; an error status is returned, not raised."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


# (the player's files are checked in Chromium below: a process serves them once a page has used it)
@pytest.mark.parametrize("path", ["/", "/train", "/_stcore/health", "/_stcore/host-config"])
def test_every_response_through_the_balancer_carries_the_security_headers(balanced, path):
    url, _ = balanced
    status, headers = fetch(url + path)
    assert status == 200
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert "default-src 'self'" in headers["Content-Security-Policy"]


# Records every violation of the page's content security policy, in the page and its frames.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    event => window.__violations.push(event.violatedDirective + ' ' + event.blockedURI));
"""


def test_every_page_and_the_player_run_under_the_policy(browser, balanced):
    url, _ = balanced
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    refused = []
    page.on("console", lambda message: refused.append(message.text)
            if "Content Security Policy" in message.text else None)
    player_files = {}
    page.on("response", lambda response: player_files.update({response.url.rsplit("/", 1)[-1].split("?")[0]: response})
            if "/component/" in response.url else None)
    try:
        for entry in available_pages():
            page.goto(url + url_path(entry.path))
            wait_for_app(page)
            assert page.locator('[data-testid="stException"]').count() == 0
            if entry.path == "pages/2_train.py":
                frame = player(page)  # the chart is drawn: the player and plotly.js ran
                frame.locator("#play").click()
                frame.locator("#step").evaluate("slider => new Promise(done => { const check = () => "
                                                "Number(slider.value) > 0 ? done() : setTimeout(check, 50); check(); })")
                frame_violations = page.frame_locator('iframe[title="ui.animation.player"]').locator("body").evaluate(
                    "() => window.__violations")
                assert frame_violations == []
            assert page.evaluate("() => window.__violations") == [], entry.label
        assert refused == []
        for name in ("index.html", "player.js", "plotly.min.js"):
            headers = player_files[name].all_headers()
            assert headers["x-content-type-options"] == "nosniff"
            assert "frame-ancestors 'self'" in headers["content-security-policy"]
    finally:
        context.close()


def open_websocket(url: str, origin: str, cookie: str | None = None) -> str:
    """'open' if the app accepts a websocket with this Origin header, else why not."""
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    headers = {"Cookie": cookie} if cookie else None
    try:
        with connect(url.replace("http://", "ws://") + "/_stcore/stream", origin=origin,
                     subprotocols=["streamlit"], additional_headers=headers, open_timeout=10):
            return "open"
    except InvalidStatus as error:
        return f"refused {error.response.status_code}"


def test_a_websocket_from_another_site_is_refused(balanced):
    url, backends = balanced
    for target in (url, backends[0][1]):
        assert open_websocket(target, origin=target) == "open"
        assert open_websocket(target, origin="http://attacker.example") == "refused 403"


def test_an_upload_without_the_xsrf_token_is_refused(balanced):
    url, backends = balanced
    for target in (url, backends[0][1]):
        body = b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\na,b\r\n--x--\r\n"
        status, _ = fetch(target + "/_stcore/upload_file/some-session/some-file", method="PUT", data=body,
                          headers={"Content-Type": "multipart/form-data; boundary=x"})
        assert status == 403


# When a process dies, new requests go to the other within a second: checked on the death that
# tests/e2e/test_reconnect.py causes, with a browser on the dead process (one pair started for both).
