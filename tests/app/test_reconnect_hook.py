"""ui/reconnect.py: a new session's first fragment request runs the whole page; what it relies on in Streamlit."""

import inspect

from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.runtime.app_session import AppSession

import ui.layout  # noqa: F401  (installs the hook, as every page does)
from ui import reconnect, rerun_pacing


def fragment_request() -> ClientState:
    state = ClientState(query_string="upload=a.csv", page_script_hash="abc", fragment_id="f1")
    state.widget_states.widgets.add(id="$$ID-threshold", double_value=0.51)
    return state


def test_a_fragment_request_to_a_session_that_ran_nothing_becomes_a_whole_page_request():
    request = fragment_request()
    whole = reconnect.whole_page_request(False, request)
    assert whole is not None and whole.fragment_id == ""
    assert whole.query_string == "upload=a.csv" and whole.page_script_hash == "abc"
    assert whole.widget_states.widgets[0].double_value == 0.51
    assert request.fragment_id == "f1"  # the browser's request itself is left as it was


def test_other_requests_run_as_they_are():
    assert reconnect.whole_page_request(True, fragment_request()) is None
    assert reconnect.whole_page_request(False, ClientState(page_script_hash="abc")) is None
    assert reconnect.whole_page_request(False, None) is None


def test_the_hook_is_installed_once_over_the_streamlit_method_it_expects():
    assert reconnect.installed()
    wrapped = AppSession.request_rerun
    reconnect.install()
    assert AppSession.request_rerun is wrapped
    # under the rerun limiter's wrap (ui/rerun_pacing.py), over Streamlit's own method
    assert rerun_pacing._forward is not None and getattr(rerun_pacing._forward, "__wrapped__", None) is not None
    original = inspect.unwrap(wrapped)
    assert original.__qualname__ == "AppSession.request_rerun" and original.__module__ == AppSession.__module__
    assert list(inspect.signature(original).parameters) == ["self", "client_state"]
    # the facts the hook relies on: "" before a session's first run, and fragments it does not hold dropped
    assert isinstance(inspect.getattr_static(AppSession, "page_script_hash"), property)
    assert "has_fragment(fragment_id)" in inspect.getsource(original)
