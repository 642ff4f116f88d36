"""A browser that reconnects to another app process gets a page that follows its controls.

Behind a balancer, a browser whose process died reconnects to another one, where Streamlit starts
a new, empty session and (since 1.37) runs nothing until the browser asks. The Train page's
threshold lives in a fragment, so the browser's next request is a rerun of that fragment, which
the new session never ran: Streamlit drops such a request (``AppSession.request_rerun`` ignores
fragments it does not hold), and the page stays as the dead process drew it, deaf to the
slider. Here a session that has not run any page yet turns such a request into a rerun of the
whole page, with the browser's widget values and link; that run also says that an upload held
by the dead process must be loaded again (``ui.settings.missing_upload``).

This wraps one method of Streamlit's session class, installed once per process when the first
page runs, under the rerun limiter (``ui/rerun_pacing.py``), which passes each request it lets run
on to this wrap; ``tests/app/test_reconnect_hook.py`` and ``tests/e2e/test_reconnect.py`` fail when
Streamlit changes what it relies on.
"""

from __future__ import annotations

import functools
import threading
from typing import Any

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

_MARK = "_reruns_whole_page_for_a_new_session"
_lock = threading.Lock()


def whole_page_request(page_already_run: bool, client_state: ClientState | None) -> ClientState | None:
    """The request to run instead of ``client_state``: the same without its fragment when the session
    has not run a page yet and the request is a fragment's, else None (run it as it is)."""
    if page_already_run or client_state is None or not client_state.fragment_id:
        return None
    whole = ClientState()
    whole.CopyFrom(client_state)
    whole.fragment_id = ""
    return whole


def install() -> None:
    """Wrap ``AppSession.request_rerun`` once in this process (later calls do nothing)."""
    with _lock:
        if installed():
            return
        original = AppSession.request_rerun

        @functools.wraps(original)
        def request_rerun(self: AppSession, client_state: ClientState | None) -> None:
            # page_script_hash is "" until the session's first run
            replacement = whole_page_request(bool(self.page_script_hash), client_state)
            original(self, client_state if replacement is None else replacement)

        setattr(request_rerun, _MARK, True)
        AppSession.request_rerun = request_rerun  # type: ignore[method-assign]


def request_rerun_wrapped_with(mark: str) -> bool:
    """Whether a wrap carrying ``mark`` is in ``AppSession.request_rerun``'s chain of wraps (outermost or under
    another; each wrap names the one below it as ``__wrapped__``)."""
    method: Any = AppSession.request_rerun
    while method is not None:
        if method.__dict__.get(mark, False):
            return True
        method = getattr(method, "__wrapped__", None)
    return False


def installed() -> bool:
    """Whether ``AppSession.request_rerun`` is wrapped by this module, outermost or under another wrap."""
    return request_rerun_wrapped_with(_MARK)
