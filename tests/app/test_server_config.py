"""The server settings the app depends on, read from the project's .streamlit/config.toml."""

import tomllib

from ui.layout import ROOT


def server_config() -> dict:
    with open(ROOT / ".streamlit" / "config.toml", "rb") as handle:
        return tomllib.load(handle)


def test_no_full_garbage_collection_after_every_rerun():
    # With cached runs and figures in memory, Streamlit's default full collection after each
    # rerun cost about 0.1 s of CPU per rerun under the interpreter lock; bench_load.py shows
    # throughput falling about sixfold with it.
    assert server_config()["runner"]["postScriptGC"] is False


def test_sidebar_navigation_is_drawn_by_the_app():
    # ui.layout.page_setup draws the page links; Streamlit's own list would show them twice
    assert server_config()["client"]["showSidebarNavigation"] is False


def test_restored_widget_values_do_not_fill_the_log_with_warnings():
    assert server_config()["global"]["disableWidgetStateDuplicationWarning"] is True
