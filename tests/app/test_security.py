"""Security settings of the server and the balancer, read from their files."""

import base64
import hashlib
import re
from pathlib import Path

import streamlit

from .test_server_config import server_config

ROOT = Path(__file__).resolve().parents[2]
HAPROXY = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")


def response_headers() -> dict[str, str]:
    """The headers the balancer's frontend sets on every response."""
    return {
        match.group(1): match.group(2).strip('"')
        for match in re.finditer(r"^\s*http-response set-header (\S+) (.+)$", HAPROXY, re.MULTILINE)
    }


def policy() -> dict[str, list[str]]:
    directives = [part.split() for part in response_headers()["Content-Security-Policy"].split(";")]
    return {words[0]: words[1:] for words in directives if words}


def test_xsrf_and_cross_origin_checks_are_on():
    assert server_config()["server"]["enableXsrfProtection"] is True
    assert server_config()["server"]["enableCORS"] is True


def test_the_balancer_sends_nosniff_and_refuses_framing_by_other_sites():
    headers = response_headers()
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
    assert policy()["frame-ancestors"] == ["'self'"]


def test_the_policy_loads_scripts_and_data_from_the_app_only():
    directives = policy()
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    for name, sources in directives.items():
        assert not any(source.startswith(("http", "*")) or source == "'unsafe-eval'" for source in sources), name
    assert "'unsafe-inline'" not in directives["script-src"]


def test_the_policy_allows_streamlits_one_inline_script_by_its_hash():
    # a new Streamlit version with another inline script needs a new hash in deploy/haproxy.cfg
    index = (Path(streamlit.__file__).parent / "static" / "index.html").read_text(encoding="utf-8")
    inline_scripts = re.findall(r"<script>(.*?)</script>", index, re.DOTALL)
    hashes = ["'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
              for script in inline_scripts]
    assert hashes and all(digest in policy()["script-src"] for digest in hashes)


def test_failover_settings():
    for line in ("option redispatch", "retries 2", "timeout http-request", "http-check expect status 200"):
        assert line in HAPROXY
    default_server = next(line for line in HAPROXY.splitlines() if line.strip().startswith("default-server"))
    for word in ("check", "inter 1s", "fall 2", "observe layer4", "on-error mark-down", "maxconn"):
        assert word in default_server
