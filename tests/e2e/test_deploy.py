"""The deployment's safety in real requests: security headers through HAProxy, the XSRF and
websocket-origin checks. The pages and the player running under the policy in Chromium are checked
in test_offline.py, failover to the other process when one dies in test_reconnect.py."""

import urllib.error
import urllib.request

import pytest

# one pair of processes behind the balancer, shared with test_balancer.py and test_offline.py
# (conftest.py: SHARED_PAIR_MODULES)


def fetch(url: str, method: str = "GET", headers: dict | None = None, data: bytes | None = None):
    """(status, headers) of one request; an error status is returned, not raised."""
    request = urllib.request.Request(url, method=method, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


# (the player's files are checked in Chromium, test_offline.py: a process serves them once a page has used it)
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


# Every page and the player run under this policy in Chromium: test_offline.py opens each page
# through the balancer and records any violation, sharing the page loads with its offline checks.


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
