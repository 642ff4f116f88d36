"""A whole class at once: reruns per second and rerun latency with N concurrent sessions.

Starts the app (and, for comparison, the bare page of bench_app.py) on 127.0.0.1 and opens
N sessions over Streamlit's own websocket protocol, as browsers would: each session loads
the page, then moves a slider (Threshold on the Train page) a number of times, waiting for
each rerun to finish. Prints p50/p95 rerun latency, reruns per second and errors for
N = 1, 10, 50 on the app process and on the bare page. Target: with 50 sessions, no errors
and p95 under 2 s.

Traffic goes to 127.0.0.1 only and is bounded: at most MAX_SESSIONS sessions, RERUNS reruns
each, and a time limit per run.

With --balanced it also starts a second app process behind HAProxy (deploy/haproxy.cfg) and
measures the same load through it, to show throughput growing with processes.

Run: .venv/bin/python benchmarks/bench_load.py [--balanced] [--url http://127.0.0.1:PORT] [--sessions 1,10,50]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.server import start_balancer, start_server, stop_server  # noqa: E402

RERUNS = 6
MAX_SESSIONS = 60
TIME_LIMIT_SECONDS = 240


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def run_script(connection, page: str, widget_id: str | None, value: float | None) -> tuple[float, str | None]:
    """Ask for a rerun and wait for script_finished; returns (seconds, slider id seen)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    message = BackMsg()
    message.rerun_script.page_name = page
    if widget_id is not None:
        state = message.rerun_script.widget_states.widgets.add()
        state.id = widget_id
        state.double_array_value.data.append(value)
    start = time.perf_counter()
    await connection.send(message.SerializeToString())
    found = None
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await connection.recv())
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            if element.WhichOneof("type") == "slider" and element.slider.label in ("Threshold", "Value"):
                found = element.slider.id
        elif kind == "script_finished":
            if reply.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                return time.perf_counter() - start, found
            if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            raise RuntimeError(f"script finished with status {reply.script_finished}")
        elif kind == "session_event" and reply.session_event.WhichOneof("type") == "script_compilation_exception":
            raise RuntimeError("script raised an exception")


async def one_session(url: str, page: str, values: tuple[float, float], outcome: Outcome) -> None:
    import websockets

    address = url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        async with websockets.connect(address, subprotocols=["streamlit"], origin=url, max_size=2**26,
                                      open_timeout=30) as connection:
            _, slider = await run_script(connection, page, None, None)
            if slider is None:
                raise RuntimeError("the page has no slider to move")
            for index in range(RERUNS):
                seconds, _ = await run_script(connection, page, slider, values[index % 2])
                outcome.latencies.append(seconds)
    except Exception as error:  # noqa: BLE001 - every failure counts as an error for the report
        outcome.errors.append(f"{type(error).__name__}: {error}")


async def load(url: str, page: str, values: tuple[float, float], sessions: int) -> tuple[Outcome, float]:
    # Two sessions first, not counted: a fresh process (each one behind the balancer) runs
    # its first request for a page before it has discovered the pages folder.
    await asyncio.wait_for(asyncio.gather(*(one_session(url, page, values, Outcome()) for _ in range(2))), 60)
    outcome = Outcome()
    start = time.perf_counter()
    tasks = [one_session(url, page, values, outcome) for _ in range(min(sessions, MAX_SESSIONS))]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), TIME_LIMIT_SECONDS)
    except TimeoutError:
        outcome.errors.append(f"time limit of {TIME_LIMIT_SECONDS} s reached")
    return outcome, time.perf_counter() - start


def report(label: str, sessions: int, outcome: Outcome, elapsed: float) -> None:
    if outcome.latencies:
        latencies = np.array(outcome.latencies) * 1000
        p50, p95 = np.percentile(latencies, [50, 95])
        rate = len(latencies) / elapsed
        print(f"  {label:<28} N={sessions:<3} p50 {p50:7.0f} ms   p95 {p95:7.0f} ms   "
              f"{rate:6.1f} reruns/s   errors {len(outcome.errors)}")
    else:
        print(f"  {label:<28} N={sessions:<3} no rerun finished; errors {len(outcome.errors)}")
    for error in outcome.errors[:3]:
        print(f"      {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure an app already running there (for example behind a balancer)")
    parser.add_argument("--sessions", default="1,10,50")
    parser.add_argument("--balanced", action="store_true",
                        help="also measure two app processes behind HAProxy (deploy/haproxy.cfg)")
    arguments = parser.parse_args()
    counts = [int(count) for count in arguments.sessions.split(",")]

    servers = []
    try:
        if arguments.url:
            targets = [("app (Train page)", arguments.url, "train", (0.6, 0.5))]
        else:
            app, app_url = start_server("app.py")
            bare, bare_url = start_server("bare_app.py", cwd=ROOT / "benchmarks")
            servers = [app, bare]
            targets = [("bare page", bare_url, "", (51.0, 50.0)), ("app (Train page)", app_url, "train", (0.6, 0.5))]
            if arguments.balanced:
                second, second_url = start_server("app.py")
                servers.append(second)
                balancer, balanced_url = start_balancer([app_url, second_url])
                servers.append(balancer)
                targets.append(("app, 2 processes + HAProxy", balanced_url, "train", (0.6, 0.5)))
        print(f"rerun latency with N concurrent sessions, {RERUNS} slider moves each, one process each:")
        for label, url, page, values in targets:
            for sessions in counts:
                outcome, elapsed = asyncio.run(load(url, page, values, sessions))
                report(label, sessions, outcome, elapsed)
    finally:
        for server in servers:
            stop_server(server)


if __name__ == "__main__":
    main()
