"""On a real server: five tabs that ask for a rerun every 50 ms do not starve another session (ui/rerun_pacing.py).

Clients speak Streamlit's websocket protocol on 127.0.0.1, as browsers do. Without the limiter, another
session on the process finished none of its reruns within 300 s while five such clients ran
(benchmarks/bench_load.py --hammer 5).
"""

from __future__ import annotations

import asyncio
import threading
import time
from dataclasses import dataclass, field

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

HAMMERS = 5
HAMMER_INTERVAL_SECONDS = 0.05
# generous for a loaded 2-core machine; without the limiter no rerun finished in 300 s
ANSWER_BOUND_SECONDS = 10.0
FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Tab:
    """One session on the Train page: its threshold slider, the fragment it sits in, what came back."""

    connection: object
    threshold_id: str = ""
    fragment_id: str = ""
    links: list[str] = field(default_factory=list)
    finished: list[int] = field(default_factory=list)

    def request(self, threshold: float, fragment: bool = False) -> bytes:
        message = BackMsg()
        message.rerun_script.page_name = "train"
        if fragment:
            message.rerun_script.fragment_id = self.fragment_id
        if self.threshold_id:
            state = message.rerun_script.widget_states.widgets.add(id=self.threshold_id)
            state.double_array_value.data.append(threshold)
        return message.SerializeToString()

    async def read_one(self) -> None:
        reply = ForwardMsg()
        reply.ParseFromString(await self.connection.recv())
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            if element.WhichOneof("type") == "slider" and element.slider.label == "Threshold":
                self.threshold_id, self.fragment_id = element.slider.id, reply.delta.fragment_id
        elif kind == "page_info_changed":
            self.links.append(reply.page_info_changed.query_string)
        elif kind == "script_finished":
            if reply.script_finished not in (*FINISHED, ForwardMsg.FINISHED_EARLY_FOR_RERUN):
                raise AssertionError(f"a run ended with status {reply.script_finished}")
            self.finished.append(reply.script_finished)
        elif kind == "session_event" and reply.session_event.WhichOneof("type") == "script_compilation_exception":
            raise AssertionError("the page raised an exception")

    async def run(self, message: bytes, seconds: float) -> tuple[float, int]:
        """Send a request; wait for its run to end. Returns the seconds it took and how it ended."""
        start, already = time.perf_counter(), len(self.finished)
        await self.connection.send(message)
        async with asyncio.timeout(seconds):
            while not any(status in FINISHED for status in self.finished[already:]):
                await self.read_one()
        return time.perf_counter() - start, [s for s in self.finished[already:] if s in FINISHED][0]


def connect(url: str):
    import websockets

    return websockets.connect(url.replace("http://", "ws://") + "/_stcore/stream", subprotocols=["streamlit"],
                              origin=url, max_size=2**27, open_timeout=60)


async def open_tab(stack, url: str) -> Tab:
    tab = Tab(await stack.enter_async_context(connect(url)))
    await tab.run(tab.request(0.5), 120)  # the first run, as a browser's first visit; the slider appears
    assert tab.threshold_id and tab.fragment_id, "the Train page's threshold slider sits in a fragment"
    return tab


async def hammer(tab: Tab, stop: asyncio.Event, sent: list[int], index: int, last_threshold: float) -> None:
    """Ask for a rerun every 50 ms without waiting, reading whatever comes back; end on ``last_threshold``."""
    reader = asyncio.create_task(read_forever(tab))
    try:
        while not stop.is_set():
            await tab.connection.send(tab.request((0.6, 0.4)[sent[index] % 2]))
            sent[index] += 1
            await asyncio.sleep(HAMMER_INTERVAL_SECONDS)
        await tab.connection.send(tab.request(last_threshold))
        # nothing the user did is lost: the newest request runs once the runs before it have ended
        async with asyncio.timeout(60):
            while not (tab.links and f"threshold={last_threshold}" in tab.links[-1] and reader_idle(tab)):
                await asyncio.sleep(0.05)
    finally:
        reader.cancel()


def reader_idle(tab: Tab) -> bool:
    return bool(tab.finished) and tab.finished[-1] in FINISHED


async def read_forever(tab: Tab) -> None:
    while True:
        await tab.read_one()


async def scenario(url: str) -> tuple[list[tuple[float, int]], list[int]]:
    from contextlib import AsyncExitStack

    async with AsyncExitStack() as stack:
        quiet = await open_tab(stack, url)
        hammering = [await open_tab(stack, url) for _ in range(HAMMERS)]
        stop, sent = asyncio.Event(), [0] * HAMMERS
        tasks = [asyncio.create_task(hammer(tab, stop, sent, index, 0.35)) for index, tab in enumerate(hammering)]
        try:
            async with asyncio.timeout(30):  # until every hammer has asked 20 times (1 s of asking)
                while min(sent) < 20:
                    await asyncio.sleep(0.05)
            answers = [await quiet.run(quiet.request(0.55), ANSWER_BOUND_SECONDS),
                       await quiet.run(quiet.request(0.45, fragment=True), ANSWER_BOUND_SECONDS),
                       await quiet.run(quiet.request(0.65), ANSWER_BOUND_SECONDS)]
        finally:
            stop.set()
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        return answers, sent


def run_in_own_thread(app_url: str):
    """``scenario`` on an event loop of its own: a browser test that ran earlier in this process leaves
    Playwright's loop running on the main thread, where ``asyncio.run`` refuses to start another."""
    outcome: dict[str, object] = {}

    def target() -> None:
        try:
            outcome["result"] = asyncio.run(scenario(app_url))
        except BaseException as error:  # re-raised in the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=target, name="rerun-pacing-scenario")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]


@pytest.mark.slow
def test_a_quiet_session_is_answered_while_five_others_ask_every_50_ms(app_url, page):
    # the page fixture starts Playwright's loop on this thread first, as an earlier browser test would
    assert page is not None
    answers, sent = run_in_own_thread(app_url)
    # every rerun answered within the bound (a timeout above fails the test), the fragment's as a fragment's
    assert [status for _, status in answers] == [
        ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, ForwardMsg.FINISHED_SUCCESSFULLY
    ]
    assert all(seconds < ANSWER_BOUND_SECONDS for seconds, _ in answers)
    assert min(sent) >= 20
