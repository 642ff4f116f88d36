"""A whole class at once: rerun latency with N concurrent sessions on one or more app processes.

Starts the app on 127.0.0.1 (one process, and with --processes 2 or more that many behind
HAProxy, deploy/haproxy.cfg with a server line added per further process) and opens N sessions over Streamlit's own websocket protocol,
as browsers would: each session loads the Train page, then changes a control RERUNS times,
waiting for each rerun to finish. Prints p50/p95 rerun latency, reruns per second, errors,
and how many sessions and reruns really ran.

Mixes:
  threshold  every rerun moves the Threshold (no retraining)
  retrain    every second rerun changes Learning rate or Iterations (a retrain unless another
             session has already trained those settings: runs are cached by content)

--hammer H adds H clients that ask for a rerun every 50 ms without waiting for it to finish
(a stuck key or a script), and reports what that does to the N measured sessions, and how many
of the hammering clients' requests really ran (the app merges the requests of a session whose
run is in flight and paces a session that keeps asking: ui/rerun_pacing.py).

Traffic goes to 127.0.0.1 only and is bounded: at most MAX_SESSIONS sessions (more are
refused, not cut silently), RERUNS reruns each, and TIME_LIMIT_SECONDS per measurement.

Run: .venv/bin/python benchmarks/bench_load.py [--sessions 50,100,200] [--processes 1,2,3]
         [--mix threshold,retrain] [--hammer 5] [--url http://127.0.0.1:PORT]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.server import start_balancer, start_server, stop_server  # noqa: E402

RERUNS = 6
MAX_SESSIONS = 300
TIME_LIMIT_SECONDS = 300
HAMMER_INTERVAL_SECONDS = 0.05
THRESHOLDS = ("0.6", "0.5")
# the retrain mix walks through these; sessions start at different places, so some of their
# settings were trained by another session before (a cache hit) and some not
LEARNING_RATES = ("0.03", "0.1", "0.3", "1")
ITERATIONS = (200, 300, 400, 500, 600, 800)


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    # the reruns of a fragment alone (the others reran the whole page)
    fragment_latencies: list[float] = field(default_factory=list)
    # and by what changed: a training control (Learning rate, Iterations) or the Threshold
    retrain_latencies: list[float] = field(default_factory=list)
    threshold_latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sessions_started: int = 0
    sessions_finished: int = 0


@dataclass
class Widgets:
    """The Train page's controls as the first run drew them: id and current value by label."""

    ids: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)
    # the fragment each control was drawn in ("" for the page itself): a browser reruns that
    # fragment alone when the control changes
    fragments: dict[str, str] = field(default_factory=dict)

    def message(self, page: str, changed: str | None = None):
        """The rerun request a browser sends when ``changed`` has its new value: the control's
        fragment alone when it sits in one, else the whole page (also with ``changed`` None)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg

        message = BackMsg()
        message.rerun_script.page_name = page
        if changed is not None and self.fragments.get(changed):
            message.rerun_script.fragment_id = self.fragments[changed]
        for label, widget_id in self.ids.items():
            state = message.rerun_script.widget_states.widgets.add()
            state.id = widget_id
            value = self.values[label]
            if self.kinds[label] == "string":
                state.string_array_value.data.append(str(value))
            else:
                state.double_array_value.data.append(float(value))
        return message


def remember_widget(element, fragment_id: str, widgets: Widgets) -> None:
    if element.WhichOneof("type") != "slider":
        return
    slider = element.slider
    if slider.label == "Threshold":
        widgets.ids["Threshold"], widgets.kinds["Threshold"] = slider.id, "double"
        widgets.values.setdefault("Threshold", slider.default[0] if slider.default else 0.5)
    elif slider.label == "Iterations":
        widgets.ids["Iterations"], widgets.kinds["Iterations"] = slider.id, "double"
        widgets.values.setdefault("Iterations", slider.default[0])
    elif slider.label == "Learning rate" and slider.options:
        widgets.ids["Learning rate"], widgets.kinds["Learning rate"] = slider.id, "string"
        widgets.values.setdefault("Learning rate", slider.options[int(slider.default[0])])
    else:
        return
    widgets.fragments[slider.label] = fragment_id


async def run_script(connection, message, widgets: Widgets | None = None) -> float:
    """Send a rerun request and wait for script_finished; returns its latency in seconds."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    start = time.perf_counter()
    await connection.send(message.SerializeToString())
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await connection.recv())
        kind = reply.WhichOneof("type")
        if kind == "delta" and widgets is not None and reply.delta.WhichOneof("type") == "new_element":
            remember_widget(reply.delta.new_element, reply.delta.fragment_id, widgets)
        elif kind == "script_finished":
            if reply.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                return time.perf_counter() - start
            if reply.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue
            raise RuntimeError(f"script finished with status {reply.script_finished}")
        elif kind == "session_event" and reply.session_event.WhichOneof("type") == "script_compilation_exception":
            raise RuntimeError("script raised an exception")


def connect(url: str):
    import websockets

    address = url.replace("http://", "ws://") + "/_stcore/stream"
    return websockets.connect(address, subprotocols=["streamlit"], origin=url, max_size=2**27, open_timeout=60)


async def first_run(connection, page: str) -> Widgets:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg()
    message.rerun_script.page_name = page
    widgets = Widgets()
    await run_script(connection, message, widgets)
    return widgets


def next_change(widgets: Widgets, mix: str, session: int, index: int) -> str:
    """Set the control the index-th rerun of this session changes; returns its label."""
    if mix == "retrain" and index % 2 == 1:
        step = session + index // 2
        label = "Learning rate" if step % 2 == 0 else "Iterations"
        choices = LEARNING_RATES if label == "Learning rate" else ITERATIONS
        widgets.values[label] = choices[step // 2 % len(choices)]
        return label
    widgets.values["Threshold"] = float(THRESHOLDS[index % 2])
    return "Threshold"


async def one_session(url: str, page: str, mix: str, session: int, outcome: Outcome) -> None:
    outcome.sessions_started += 1
    try:
        async with connect(url) as connection:
            widgets = await first_run(connection, page)
            needed = {"Threshold"} | ({"Learning rate", "Iterations"} if mix == "retrain" else set())
            if not needed <= widgets.ids.keys():
                raise RuntimeError(f"the page lacks {sorted(needed - widgets.ids.keys())}")
            for index in range(RERUNS):
                changed = next_change(widgets, mix, session, index)
                message = widgets.message(page, changed)
                latency = await run_script(connection, message)
                outcome.latencies.append(latency)
                if message.rerun_script.fragment_id:
                    outcome.fragment_latencies.append(latency)
                (outcome.threshold_latencies if changed == "Threshold" else outcome.retrain_latencies).append(latency)
        outcome.sessions_finished += 1
    except Exception as error:  # noqa: BLE001 - every failure counts as an error for the report
        outcome.errors.append(f"{type(error).__name__}: {error}")


async def hammer(url: str, page: str, stop: asyncio.Event, runs: list[int]) -> int:
    """Ask for a rerun every 50 ms, never waiting for one to finish; returns how many were asked.

    Appends to ``runs`` how many of its runs finished while it asked (the server may merge requests)."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    sent = 0
    finished = 0
    async with connect(url) as connection:
        widgets = await first_run(connection, page)

        async def drain():
            nonlocal finished
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await connection.recv())
                if reply.WhichOneof("type") == "script_finished" and reply.script_finished in (
                        ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    finished += 1

        reader = asyncio.create_task(drain())
        try:
            while not stop.is_set():
                changed = next_change(widgets, "threshold", 0, sent)
                await connection.send(widgets.message(page, changed).SerializeToString())
                sent += 1
                await asyncio.sleep(HAMMER_INTERVAL_SECONDS)
        finally:
            reader.cancel()
            runs.append(finished)
    return sent


async def load(url: str, page: str, mix: str, sessions: int, hammers: int) -> tuple[Outcome, float, str]:
    # Two sessions first, not counted: a fresh process (each one behind the balancer) runs
    # its first request for a page before it has discovered the pages folder.
    await asyncio.wait_for(asyncio.gather(*(one_session(url, page, "threshold", 0, Outcome()) for _ in range(2))), 90)
    stop = asyncio.Event()
    hammer_runs: list[int] = []
    hammering = [asyncio.create_task(hammer(url, page, stop, hammer_runs)) for _ in range(hammers)]
    if hammers:
        await asyncio.sleep(2)  # let them get going before the measured sessions start
    outcome = Outcome()
    start = time.perf_counter()
    tasks = [one_session(url, page, mix, session, outcome) for session in range(sessions)]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), TIME_LIMIT_SECONDS)
    except TimeoutError:
        outcome.errors.append(f"time limit of {TIME_LIMIT_SECONDS} s reached")
    elapsed = time.perf_counter() - start
    stop.set()
    asked = [count for count in await asyncio.gather(*hammering, return_exceptions=True) if isinstance(count, int)]
    hammer_note = ""
    if hammers:
        # a request that arrives while its session's run is in flight waits and merges with later ones
        hammer_note = (f"hammering clients asked {sum(asked)} reruns, {sum(hammer_runs)} ran "
                       f"({sum(hammer_runs) / elapsed:.1f} runs/s for all {hammers})")
    return outcome, elapsed, hammer_note


def processor_seconds(pids: list[int]) -> float:
    """User and system processor time the processes have used so far (Linux /proc), in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        # the fields after the command's name, which is in parentheses and may hold spaces
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def own_processor_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def report(label: str, sessions: int, outcome: Outcome, elapsed: float, processor: str) -> None:
    fragments = len(outcome.fragment_latencies)
    kinds = f"{len(outcome.latencies) - fragments} of the whole page, {fragments} of a fragment alone"
    ran = (f"ran {outcome.sessions_finished}/{sessions} sessions, {len(outcome.latencies)}/{sessions * RERUNS} "
           f"reruns ({kinds}) in {elapsed:.0f} s")
    if outcome.latencies:
        latencies = np.array(outcome.latencies) * 1000
        p50, p95 = np.percentile(latencies, [50, 95])
        rate = len(latencies) / elapsed
        print(f"  {label:<34} N={sessions:<4} p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  max {latencies.max():6.0f} ms  "
              f"{rate:5.1f} reruns/s  errors {len(outcome.errors)}  ({ran})", flush=True)
        if outcome.retrain_latencies and outcome.threshold_latencies:
            print(f"      p95 Learning rate or Iterations {np.percentile(np.array(outcome.retrain_latencies) * 1000, 95):.0f} "
                  f"ms, Threshold {np.percentile(np.array(outcome.threshold_latencies) * 1000, 95):.0f} ms", flush=True)
    else:
        print(f"  {label:<34} N={sessions:<4} no rerun finished; errors {len(outcome.errors)} ({ran})", flush=True)
    if processor:
        print(f"      processor time: {processor}", flush=True)
    for error in outcome.errors[:3]:
        print(f"      {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="measure an app already running there (for example behind a balancer)")
    parser.add_argument("--sessions", default="50,100,200")
    parser.add_argument("--processes", default="1,2", help="numbers of app processes to measure, e.g. 1,2,3 (two or more behind HAProxy)")
    parser.add_argument("--mix", default="threshold,retrain")
    parser.add_argument("--hammer", type=int, default=0, help="clients asking for a rerun every 50 ms")
    arguments = parser.parse_args()
    counts = [int(count) for count in arguments.sessions.split(",")]
    too_many = [count for count in counts if count > MAX_SESSIONS]
    if too_many:
        parser.error(f"at most {MAX_SESSIONS} sessions per measurement (asked for {too_many})")
    processes = [int(count) for count in arguments.processes.split(",")]
    mixes = arguments.mix.split(",")

    servers = []
    try:
        if arguments.url:
            targets = [("app at " + arguments.url, arguments.url)]
        else:
            first, first_url = start_server("app.py")
            servers.append(first)
            targets = []
            if 1 in processes:
                targets.append(("1 process", first_url))
            # each further count adds processes to those already running and puts a balancer
            # in front of the first that many
            urls = [first_url]
            for count in sorted(count for count in processes if count > 1):
                while len(urls) < count:
                    server, url = start_server("app.py")
                    servers.append(server)
                    urls.append(url)
                balancer, balanced_url = start_balancer(urls[:count])
                servers.append(balancer)
                targets.append((f"{count} processes + HAProxy", balanced_url))
        hammering = f", {arguments.hammer} clients asking for a rerun every 50 ms" if arguments.hammer else ""
        print(f"Train page, {RERUNS} reruns per session{hammering}:", flush=True)
        for mix in mixes:
            for label, url in targets:
                for sessions in counts:
                    server_pids = [server.pid for server in servers]
                    server_before, client_before = processor_seconds(server_pids), own_processor_seconds()
                    wall_before = time.perf_counter()
                    outcome, elapsed, hammer_note = asyncio.run(load(url, "train", mix, sessions, arguments.hammer))
                    wall = time.perf_counter() - wall_before
                    server_used = processor_seconds(server_pids) - server_before
                    client_used = own_processor_seconds() - client_before
                    # the servers' share counts every process started, also one this target does not use; the
                    # time includes the two unmeasured sessions that come first (and the hammering clients' start)
                    processor = (f"app processes and balancer {server_used:.0f} s, these clients {client_used:.0f} s "
                                 f"({client_used / (server_used + client_used):.0%} of the two) "
                                 f"in {wall:.0f} s on {os.cpu_count()} cores") if servers else ""
                    report(f"{label}, {mix}", sessions, outcome, elapsed, processor)
                    if hammer_note:
                        print(f"      {hammer_note}", flush=True)
    finally:
        for server in servers:
            stop_server(server)


if __name__ == "__main__":
    main()
