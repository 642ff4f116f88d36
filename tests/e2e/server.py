"""Start and stop a real Streamlit server on a free local port (tests and benchmarks)."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(script: str = "app.py", cwd: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start `streamlit run` on a free local port and wait until it answers.

    Between finding a free port and the server binding it, another process (a second test
    worker starting its own server) may take it: the server then exits at once, and a new port
    is tried.
    """
    tries_left = 3
    while True:
        port = _free_port()
        log = tempfile.TemporaryFile()
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", script,
                "--server.headless", "true",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=cwd,
            stdout=subprocess.DEVNULL,
            # a file, not a pipe: an unread pipe fills up and would stall the server
            stderr=log,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_healthy(process, url, log, "streamlit", 60)
        except PortTaken:
            tries_left -= 1
            if tries_left == 0:
                raise
            continue
        return process, url


class PortTaken(RuntimeError):
    """The server exited because its port was taken between choosing it and binding it."""


def _wait_until_healthy(process: subprocess.Popen, url: str, log, name: str, seconds: float) -> None:
    """Poll /_stcore/health until it answers; stop the process and say why if it does not."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            output = log.read().decode(errors="replace")[-2000:]
            error = PortTaken if "is not available" in output else RuntimeError
            raise error(f"{name} exited: {output}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise RuntimeError(f"{name} did not answer {url}/_stcore/health within {seconds} s")


def stop_server(*processes: subprocess.Popen) -> None:
    """Stop the processes, all asked at once (each takes a moment to close its sessions)."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_balancer(backend_urls: list[str]) -> tuple[subprocess.Popen, str]:
    """Start HAProxy with deploy/haproxy.cfg on a free local port in front of two app processes."""
    import os
    import shutil

    executable = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(executable).exists():
        raise RuntimeError("HAProxy is not installed: install Debian's 'haproxy' package.")
    port = _free_port()
    environment = {
        **os.environ,
        "LR_FRONTEND": f"127.0.0.1:{port}",
        "LR_BACKEND_1": backend_urls[0].removeprefix("http://"),
        "LR_BACKEND_2": backend_urls[1].removeprefix("http://"),
    }
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [executable, "-db", "-f", str(ROOT / "deploy" / "haproxy.cfg")],
        env=environment, stdout=subprocess.DEVNULL, stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    _wait_until_healthy(process, url, log, "haproxy", 30)
    return process, url
