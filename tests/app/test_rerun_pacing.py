"""ui/rerun_pacing.py: requests wait for their session's run and merge, a session that keeps asking is paced;
what it relies on in Streamlit."""

import asyncio
import inspect

import pytest
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.runtime.scriptrunner_utils import script_requests

import ui.layout  # noqa: F401  (installs the hooks, as every page does)
from ui import reconnect, rerun_pacing


def request(threshold: float, fragment_id: str = "", button: bool | None = None) -> ClientState:
    state = ClientState(query_string=f"threshold={threshold}", page_script_hash="train", fragment_id=fragment_id)
    state.widget_states.widgets.add(id="$$ID-threshold", double_value=threshold)
    if button is not None:
        state.widget_states.widgets.add(id="$$ID-retrain", trigger_value=button)
    return state


def widget_values(state: ClientState) -> dict[str, object]:
    return {widget.id: getattr(widget, widget.WhichOneof("value")) for widget in state.widget_states.widgets}


# --- merging the requests that waited ---------------------------------------------------------------

def test_the_newest_values_and_link_win():
    merged = rerun_pacing.merged_request(request(0.3), request(0.7))
    assert widget_values(merged) == {"$$ID-threshold": 0.7}
    assert merged.query_string == "threshold=0.7"


def test_a_button_press_that_only_the_older_request_carries_is_kept():
    merged = rerun_pacing.merged_request(request(0.3, button=True), request(0.7))
    assert widget_values(merged) == {"$$ID-threshold": 0.7, "$$ID-retrain": True}


def test_a_fragment_request_stays_a_fragment_request_only_with_the_same_fragment():
    assert rerun_pacing.merged_request(None, request(0.7, "f1")).fragment_id == "f1"
    assert rerun_pacing.merged_request(request(0.3, "f1"), request(0.7, "f1")).fragment_id == "f1"
    # the whole page reruns every fragment, so nothing either request asked for is lost
    assert rerun_pacing.merged_request(request(0.3), request(0.7, "f1")).fragment_id == ""
    assert rerun_pacing.merged_request(request(0.3, "f1"), request(0.7)).fragment_id == ""
    assert rerun_pacing.merged_request(request(0.3, "f1"), request(0.7, "f2")).fragment_id == ""


def test_merging_changes_neither_request():
    older, newer = request(0.3, "f1", button=True), request(0.7)
    rerun_pacing.merged_request(older, newer)
    assert older == request(0.3, "f1", button=True) and newer == request(0.7)


# --- pacing ---------------------------------------------------------------------------------------------

def test_a_request_sent_during_one_run_runs_as_soon_as_the_run_ends():
    assert rerun_pacing.pause_before_next_run(0.4, run_was_waiting=False) == 0.0


def test_a_session_that_keeps_asking_pauses_in_proportion_to_its_last_run():
    assert rerun_pacing.pause_before_next_run(0.4, run_was_waiting=True) == pytest.approx(
        rerun_pacing.PACE_RATIO * 0.4
    )
    assert rerun_pacing.pause_before_next_run(30.0, run_was_waiting=True) == rerun_pacing.MAX_PAUSE_SECONDS
    assert rerun_pacing.pause_before_next_run(-1.0, run_was_waiting=True) == 0.0


# --- the wrap's state machine, with Streamlit below it replaced by a recorder -----------------------------

class FakeSession:
    """What the wrap reads of a session: its runner (None when idle) and its state."""

    def __init__(self) -> None:
        self._scriptrunner: object | None = None
        self._state = AppSessionState.APP_NOT_RUNNING


@pytest.fixture
def passed_on(monkeypatch):
    """The requests that reached Streamlit; each one leaves the session with a runner, as Streamlit's would."""
    received: list[tuple[float, ClientState]] = []

    def forward(session, client_state):
        received.append((asyncio.get_running_loop().time(), client_state))
        session._scriptrunner = object()

    monkeypatch.setattr(rerun_pacing, "_forward", forward)
    return received


def end_run(session: FakeSession) -> None:
    session._scriptrunner = None
    rerun_pacing._run_ended(session)  # what the wrapped event handler calls after a run's end event


def values(received: list[tuple[float, ClientState]]) -> list[float]:
    return [state.widget_states.widgets[0].double_value for _, state in received]


def test_requests_during_a_run_wait_merge_and_then_run_at_once(passed_on):
    async def scenario():
        session = FakeSession()
        AppSession.request_rerun(session, request(0.1))
        assert values(passed_on) == [0.1]  # an idle session's request runs at once
        for threshold in (0.2, 0.3, 0.4):
            AppSession.request_rerun(session, request(threshold))
        assert values(passed_on) == [0.1]  # nothing interrupts the run in flight
        end_run(session)
        assert values(passed_on) == [0.1, 0.4]  # the newest, at once after the first run
        end_run(session)
        AppSession.request_rerun(session, request(0.5))
        assert values(passed_on) == [0.1, 0.4, 0.5]  # idle again: no delay

    asyncio.run(scenario())


def test_a_session_that_keeps_asking_waits_before_each_further_run(passed_on, monkeypatch):
    monkeypatch.setattr(rerun_pacing, "PACE_RATIO", 1.0)

    async def scenario():
        loop = asyncio.get_running_loop()
        session = FakeSession()
        AppSession.request_rerun(session, request(0.1))
        AppSession.request_rerun(session, request(0.2))
        end_run(session)  # the first waiting request runs at once
        AppSession.request_rerun(session, request(0.3))
        await asyncio.sleep(0.3)  # the run in flight takes 0.3 s
        AppSession.request_rerun(session, request(0.4))
        ended = loop.time()
        end_run(session)
        assert values(passed_on) == [0.1, 0.2]  # paused, not run yet
        AppSession.request_rerun(session, request(0.5))  # merged while it pauses
        while len(passed_on) < 3:
            assert loop.time() - ended < 5, "the paused request never ran"
            await asyncio.sleep(0.01)
        assert values(passed_on) == [0.1, 0.2, 0.5]
        assert passed_on[-1][0] - ended >= 0.25  # about one run's duration

    asyncio.run(scenario())


def test_a_request_streamlit_drops_leaves_nothing_in_flight(monkeypatch):
    dropped: list[ClientState] = []
    monkeypatch.setattr(rerun_pacing, "_forward", lambda session, client_state: dropped.append(client_state))

    async def scenario():
        session = FakeSession()
        AppSession.request_rerun(session, request(0.1, "gone"))
        AppSession.request_rerun(session, request(0.2))
        assert len(dropped) == 2  # no runner was started for the first, so the second did not wait

    asyncio.run(scenario())


def test_a_session_whose_runner_is_gone_is_not_held_by_a_run_end_that_went_unseen(passed_on):
    async def scenario():
        session = FakeSession()
        AppSession.request_rerun(session, request(0.1, button=True))
        AppSession.request_rerun(session, request(0.2))
        session._scriptrunner = None  # the runner went away, and no end event reached the limiter
        AppSession.request_rerun(session, request(0.3))
        assert values(passed_on) == [0.1, 0.3]
        assert widget_values(passed_on[-1][1]) == {"$$ID-threshold": 0.3}  # merged with the one that waited

    asyncio.run(scenario())


# --- installed once, composed with the reconnect hook, over the Streamlit names it expects ----------------

def test_both_hooks_are_installed_once_over_streamlits_method():
    assert rerun_pacing.installed() and reconnect.installed()
    wrapped = AppSession.request_rerun
    handler = AppSession._handle_scriptrunner_event_on_event_loop
    rerun_pacing.install()
    reconnect.install()
    assert AppSession.request_rerun is wrapped
    assert AppSession._handle_scriptrunner_event_on_event_loop is handler
    # pacing is the outer wrap: a request it lets through still meets the reconnect hook
    assert getattr(rerun_pacing._forward, reconnect._MARK, False)


def test_the_streamlit_facts_the_limiter_relies_on():
    original_request = inspect.unwrap(AppSession.request_rerun)
    assert list(inspect.signature(original_request).parameters) == ["self", "client_state"]
    original_handler = inspect.unwrap(AppSession._handle_scriptrunner_event_on_event_loop)
    assert list(inspect.signature(original_handler).parameters)[:3] == ["self", "sender", "event"]
    handler_source = inspect.getsource(original_handler)
    # events of a runner that is no longer the session's are ignored, and SHUTDOWN lets the runner go
    assert "sender is not self._scriptrunner" in handler_source
    assert "self._scriptrunner = None" in handler_source
    names = {event.name for event in ScriptRunnerEvent}
    assert {"SCRIPT_STOPPED_WITH_SUCCESS", "SCRIPT_STOPPED_WITH_COMPILE_ERROR",
            "FRAGMENT_STOPPED_WITH_SUCCESS", "SHUTDOWN", "SCRIPT_STOPPED_FOR_RERUN"} <= names
    # a request that Streamlit lets in while a run is in flight stops it and starts another
    request_source = inspect.getsource(original_request)
    assert "self._scriptrunner.request_stop()" in request_source and "_create_scriptrunner" in request_source
    assert "self._state == AppSessionState.SHUTDOWN_REQUESTED" in request_source
    assert callable(script_requests._coalesce_widget_states)
    # run events are handled on the session's event loop, so the pause's timer can go on that loop
    assert "self._event_loop != asyncio.get_running_loop()" in handler_source


# --- the browser's message cache ------------------------------------------------------------------------

def test_a_request_that_waited_names_no_cached_messages(passed_on):
    """A request lists the messages the browser holds when it is sent; every run that ends while it waits
    lets the browser drop some. Run with that list, Streamlit sends references the browser can no longer
    resolve ("Cached ForwardMsg MISS"), and the page stops with a connection error."""

    def cached(threshold: float) -> ClientState:
        state = request(threshold)
        state.cached_message_hashes.extend(["chart-message", "table-message"])
        return state

    async def scenario():
        session = FakeSession()
        AppSession.request_rerun(session, cached(0.1))
        AppSession.request_rerun(session, cached(0.2))
        end_run(session)
        assert values(passed_on) == [0.1, 0.2]
        assert list(passed_on[0][1].cached_message_hashes) == ["chart-message", "table-message"]  # sent at once
        assert list(passed_on[1][1].cached_message_hashes) == []  # waited: every message goes in full

    asyncio.run(scenario())
