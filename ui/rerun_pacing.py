"""One tab cannot starve the room: a session's requests wait for its run, and a session that never stops asking is paced.

Streamlit answers every rerun request of a session at once: a request that arrives while the session's
script is running stops that run and starts the page again (``runner.fastReruns``, the default). A tab
that asks every 50 ms (a stuck key, a script) therefore restarts the page twenty times a second, and
Streamlit's own work per restart, before the page's code runs, takes the process's time from every
other session on it.

Here, per session:

- a request that arrives while the session's run is in flight waits for that run to end. Requests that
  arrive meanwhile are merged into one (``merged_request``): the newest widget values and link win, a
  button press that a later request no longer carries is kept, and a fragment's request stays a
  fragment's unless a whole-page request or another fragment's joins it;
- the waiting request runs when the run ends, at once the first time; a session whose requests keep
  arriving while its runs are in flight pauses before each further run in proportion to what its last
  run took (``pause_before_next_run``), so a session that never stops asking has its share cut to at most
  ``1 / (1 + PACE_RATIO)`` of what running back to back would take;
- a request that arrives when the session is idle runs at once: a session that asks rarely waits for
  nothing;
- a request that waited names no messages as cached in the browser (``cached_message_hashes``): the
  browser forgets cached messages as the runs it waited for end, and a reference to one it no longer
  holds stops the page with a connection error ("Cached ForwardMsg MISS"). Its run sends every message.

This wraps two methods of Streamlit's session class (``AppSession.request_rerun``, where requests
arrive, and ``AppSession._handle_scriptrunner_event_on_event_loop``, where a run's end is seen),
installed once per process when the first page runs, over the reconnect hook (``ui/reconnect.py``),
which still sees every request that runs. ``tests/app/test_rerun_pacing.py`` fails when Streamlit
changes what this relies on; ``tests/e2e/test_rerun_pacing.py`` shows it on a real server.
"""

from __future__ import annotations

import asyncio
import functools
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.scriptrunner import ScriptRunnerEvent
from streamlit.runtime.scriptrunner_utils.script_requests import _coalesce_widget_states

from ui.reconnect import request_rerun_wrapped_with

# A session that keeps asking pauses this many times its last run's duration before its next run:
# it then takes at most 1 / (1 + PACE_RATIO) of what running back to back would take.
PACE_RATIO = 3.0
# The pause never exceeds this, so a slow run (a big upload's training) does not leave its
# session's newest request waiting long after the run.
MAX_PAUSE_SECONDS = 2.0

_MARK = "_paces_reruns_per_session"
# The events after which a session's run is no longer in flight: it finished (whole page or
# fragment), failed to compile, or its runner shut down (also when a request was dropped or stopped).
RUN_ENDED = frozenset(
    {
        ScriptRunnerEvent.SCRIPT_STOPPED_WITH_SUCCESS,
        ScriptRunnerEvent.SCRIPT_STOPPED_WITH_COMPILE_ERROR,
        ScriptRunnerEvent.FRAGMENT_STOPPED_WITH_SUCCESS,
        ScriptRunnerEvent.SHUTDOWN,
    }
)
_lock = threading.Lock()
# What a request goes on to once it may run: the method this module wrapped (the reconnect hook's wrap)
_forward: Callable[[AppSession, ClientState | None], None] | None = None


def merged_request(waiting: ClientState | None, newest: ClientState) -> ClientState:
    """The one request to run in place of ``waiting`` (not yet run) and ``newest``, which came after it.

    The newest request's link, page and widget values win; a trigger (a button press) that only the
    waiting request carries is kept, as Streamlit's own queue keeps it. The result reruns a fragment
    only when both rerun the same fragment; otherwise it reruns the whole page, which reruns every
    fragment too. Neither argument is changed.

    Parameters
    ----------
    waiting : ClientState or None
        The request that has been waiting, or None when none has.
    newest : ClientState
        The request that just arrived.

    Returns
    -------
    ClientState
        A new request.
    """
    merged = ClientState()
    merged.CopyFrom(newest)
    if waiting is None:
        return merged
    widget_states = _coalesce_widget_states(waiting.widget_states, newest.widget_states)
    if widget_states is not None:
        merged.widget_states.CopyFrom(widget_states)
    if waiting.fragment_id != newest.fragment_id:
        merged.fragment_id = ""
    if not newest.HasField("context_info") and waiting.HasField("context_info"):
        merged.context_info.CopyFrom(waiting.context_info)
    # a timer's rerun must not undo a browser's back or forward step that has not run yet
    merged.is_history_navigation = newest.is_history_navigation or (
        waiting.is_history_navigation and newest.is_auto_rerun
    )
    return merged


def pause_before_next_run(run_seconds: float, run_was_waiting: bool) -> float:
    """Seconds to wait before running the request that arrived during a run that just ended.

    .. math:: \\text{pause} = \\min(r \\cdot t_{\\text{run}},\\ p_{\\max})

    only when the run that ended had itself waited for the run before it (the session has been asking
    faster than its runs end for two runs in a row), else 0: a single request sent while a run was
    in flight runs as soon as that run ends.

    Parameters
    ----------
    run_seconds : float
        How long the run that just ended took, from its request being passed on to its end.
    run_was_waiting : bool
        Whether that run's request had waited for an earlier run.

    Returns
    -------
    float
        The pause, between 0 and ``MAX_PAUSE_SECONDS``.
    """
    if not run_was_waiting:
        return 0.0
    return min(PACE_RATIO * max(run_seconds, 0.0), MAX_PAUSE_SECONDS)


@dataclass
class _Pacing:
    """One session's limiter state; read and written under ``_lock``."""

    running: bool = False
    run_started: float = 0.0
    run_was_waiting: bool = False
    waiting: ClientState | None = None
    pause: asyncio.TimerHandle | None = None


_sessions: weakref.WeakKeyDictionary[AppSession, _Pacing] = weakref.WeakKeyDictionary()


def _pacing(session: AppSession) -> _Pacing:
    pacing = _sessions.get(session)
    if pacing is None:
        pacing = _sessions[session] = _Pacing()
    return pacing


def _mark_in_flight(pacing: _Pacing, waited: bool) -> None:
    pacing.running, pacing.run_started, pacing.run_was_waiting = True, time.monotonic(), waited


def _pass_on(session: AppSession, pacing: _Pacing, request: ClientState) -> None:
    """Run ``request`` (already marked in flight) by the wrapped method; called without ``_lock`` held."""
    if _forward is None:  # install() sets it before any wrapped call can get here
        raise RuntimeError("ui.rerun_pacing.install() has not run")
    try:
        _forward(session, request)
    finally:
        # Streamlit drops some requests (a fragment the session no longer holds, a session shutting
        # down) and may raise: with no runner left, nothing is in flight and no end event will come
        if session._scriptrunner is None:
            with _lock:
                pacing.running = False


def install() -> None:
    """Wrap ``AppSession.request_rerun`` and the session's script-event handler once in this process."""
    global _forward
    with _lock:
        if installed():
            return
        request_original = _forward = AppSession.request_rerun
        event_original = AppSession._handle_scriptrunner_event_on_event_loop

        @functools.wraps(request_original)
        def request_rerun(self: AppSession, client_state: ClientState | None) -> None:
            if client_state is None:  # "run again as before", asked by Streamlit itself: not a browser's
                request_original(self, client_state)
                return
            with _lock:
                pacing = _pacing(self)
                if pacing.running and self._scriptrunner is None:
                    pacing.running = False  # no runner is left, so its run's end went unseen: nothing is in flight
                if pacing.running or pacing.pause is not None:
                    pacing.waiting = merged_request(pacing.waiting, client_state)
                    # the browser drops cached messages as the runs it waits for end: a list of what it held
                    # when it asked would have Streamlit send references it can no longer resolve
                    pacing.waiting.ClearField("cached_message_hashes")
                    return
                if pacing.waiting is not None:
                    client_state, pacing.waiting = merged_request(pacing.waiting, client_state), None
                _mark_in_flight(pacing, waited=False)
            _pass_on(self, pacing, client_state)

        @functools.wraps(event_original)
        def handle_event(self: AppSession, sender: Any, event: ScriptRunnerEvent, *args: Any, **kwargs: Any) -> None:
            current = sender is self._scriptrunner
            event_original(self, sender, event, *args, **kwargs)
            if current and event in RUN_ENDED:
                _run_ended(self)

        setattr(request_rerun, _MARK, True)
        setattr(handle_event, _MARK, True)
        AppSession.request_rerun = request_rerun  # type: ignore[method-assign]
        AppSession._handle_scriptrunner_event_on_event_loop = handle_event  # type: ignore[method-assign]


def _run_ended(session: AppSession) -> None:
    """On the session's event loop: the run in flight ended; run what waited for it, now or after a pause."""
    with _lock:
        pacing = _sessions.get(session)
        if pacing is None or not pacing.running:
            return
        pacing.running = False
        if pacing.waiting is None:
            return
        pause = pause_before_next_run(time.monotonic() - pacing.run_started, pacing.run_was_waiting)
        if pause > 0:
            pacing.pause = asyncio.get_running_loop().call_later(pause, _run_waiting, session)
            return
    _run_waiting(session)


def _run_waiting(session: AppSession) -> None:
    """Run the request that waited, unless the session has closed meanwhile."""
    with _lock:
        pacing = _sessions.get(session)
        if pacing is None:
            return
        pacing.pause = None
        if pacing.waiting is None or pacing.running:  # nothing waits, or it waits for the run in flight
            return
        waiting, pacing.waiting = pacing.waiting, None
        if session._state == AppSessionState.SHUTDOWN_REQUESTED:
            return
        _mark_in_flight(pacing, waited=True)
    _pass_on(session, pacing, waiting)


def installed() -> bool:
    """Whether this process's ``AppSession.request_rerun`` is wrapped by this module (anywhere in its chain)."""
    return request_rerun_wrapped_with(_MARK)
