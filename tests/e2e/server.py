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
    """Start HAProxy with deploy/haproxy.cfg on a free local port in front of two or more app processes.

    The file names two processes; for more, a copy of it gets a server line per further
    process, as its header tells a deployment to do.
    """
    import os
    import shutil

    if len(backend_urls) < 2:
        raise ValueError(f"a balancer needs at least two app processes, got {len(backend_urls)}")
    executable = shutil.which("haproxy") or "/usr/sbin/haproxy"
    if not Path(executable).exists():
        raise RuntimeError("HAProxy is not installed: install Debian's 'haproxy' package.")
    port = _free_port()
    environment = {
        **os.environ,
        "LR_FRONTEND": f"127.0.0.1:{port}",
        **{f"LR_BACKEND_{number}": url.removeprefix("http://") for number, url in enumerate(backend_urls, start=1)},
    }
    config = ROOT / "deploy" / "haproxy.cfg"
    further = "".join(f'    server app{number} "${{LR_BACKEND_{number}}}" cookie app{number}\n'
                      for number in range(3, len(backend_urls) + 1))
    if further:
        # the servers section is the file's last, so lines added at its end belong to it
        extended = tempfile.NamedTemporaryFile("w", suffix=".cfg", delete=False)
        with extended:
            extended.write(config.read_text().rstrip("\n") + "\n" + further)
        config = Path(extended.name)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [executable, "-db", "-f", str(config)],
        env=environment, stdout=subprocess.DEVNULL, stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(process, url, log, "haproxy", 30)
    finally:
        if further:
            config.unlink()  # read at start
    return process, url
