"""Links reproduce the view: settings come from the URL, bad values fall back with a notice."""

import html
import re

from streamlit.testing.v1 import AppTest

from ui.layout import NORMAL_FONT, PRESENTATION_FONT, ROOT
from ui.text import literal, unescape

from .helpers import TIMEOUT, player_arguments, run_page, shown


def open_link(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if page != "app.py":
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def sidebar_text(at) -> str:
    return shown(at.sidebar.markdown)


def test_train_link_opens_with_its_settings():
    at = open_link("pages/2_train.py", learning_rate="1", iterations="200", threshold="0.7", l2="0.01")
    assert not at.exception
    assert at.select_slider(key="learning_rate").value == 1.0
    assert at.slider(key="iterations").value == 200
    assert at.slider(key="threshold").value == 0.7
    assert at.select_slider(key="l2").value == 0.01


def test_dataset_in_the_link_is_used_on_any_page():
    at = open_link("pages/2_train.py", dataset="two_clouds", n_points="500", separation="4", data_seed="3")
    assert not at.exception
    assert "Two clouds (500 points)" in sidebar_text(at)
    at = open_link("pages/6_evaluate.py", dataset="challenger")
    assert "Challenger" in sidebar_text(at)


def test_garbage_values_fall_back_to_defaults_with_a_notice():
    at = open_link("pages/2_train.py", learning_rate="fast", threshold="7", dataset="mnist", iterations="-3")
    assert not at.exception
    notice = shown(at.warning)
    # each setting is named by its label, with what it takes and what is used instead
    for text in (
        "Learning rate: “fast” cannot be used; it takes one of 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10. "
        "Using 0.1.",
        "Threshold: “7” cannot be used; it takes a number from 0.01 to 0.99. Using 0.5.",
        "Iterations: “-3” cannot be used; it takes a whole number from 10 to 3000. Using 500.",
        "Dataset: “mnist” cannot be used; it takes one of the built-in datasets: Teaching notes (20 rows, "
        "2 features, separable), Hours studied vs passed (1 feature),",
        "Using Teaching notes (20 rows, 2 features, separable).",
    ):
        assert text in notice
    assert "learning_rate" not in notice and "using notes" not in notice.lower()
    assert at.select_slider(key="learning_rate").value == 0.1
    assert at.slider(key="threshold").value == 0.5
    assert "Teaching notes" in sidebar_text(at)


MARKUP = {
    "threshold": "[Click here to log in again](https://example.invalid/login)",
    "learning_rate": "![x](http://127.0.0.1:9/q.png)",
    "iterations": "**bold**",
    "l2": r"$\href{https://example.invalid}{\text{click}}$",
    "dataset": "<img src=x onerror=alert(1)>",
    "seed": ":red[red] :material/warning: `code` # heading",
}


def test_markup_in_a_link_is_shown_as_typed():
    at = open_link("pages/2_train.py", **MARKUP)
    assert not at.exception
    (warning,) = [warning for warning in at.warning if warning.icon == ":material/link_off:"]
    for raw in MARKUP.values():
        assert raw not in warning.value  # not handed to Markdown as it is
        assert f"“{raw}”" in unescape(warning.value)  # but read exactly as typed
    # no character that Markdown, HTML, LaTeX or Streamlit's directives act on is left as it is
    assert not re.search(r"[\[\]()!*$<>`:#_&\\]", re.sub(r"&#\d+;", "", warning.value))


def test_the_escaping_helper_covers_markdown_html_and_latex():
    for raw in (*MARKUP.values(), "a\\b", "line\n# heading", "&amp; &lt;", "| a | b |", "~~strike~~",
                "see www.example.invalid or mail@example.invalid"):
        escaped = literal(raw)
        assert unescape(escaped) == raw.replace("\n", " ")
        assert "\n" not in escaped
        assert not re.search(r"[!-/:-@\[-`{-~]", re.sub(r"&#\d+;", "", escaped))  # no ASCII punctuation left
        # Markdown autolinks bare URLs and addresses after decoding: a word joiner breaks each one
        decoded = html.unescape(escaped)
        assert not re.search(r"(?<![\u2060\w])(https?:|www\.)", decoded) and not re.search(r"@\w", decoded)


def test_settings_follow_to_pages_without_their_controls():
    at = run_page("pages/2_train.py")
    at.select_slider(key="learning_rate").set_value(0.3).run()
    at.switch_page("pages/6_evaluate.py").run()
    assert at.query_params["learning_rate"] == "0.3"


def test_presentation_mode_enlarges_chart_text_and_folds_explanations():
    figure, _ = player_arguments(open_link("pages/2_train.py"))
    assert figure["layout"]["font"]["size"] == NORMAL_FONT
    at = open_link("pages/2_train.py", present="true")
    assert not at.exception
    assert at.toggle(key="present").value is True
    assert any(expander.label == "Explanation" for expander in at.expander)
    figure, _ = player_arguments(at)
    assert figure["layout"]["font"]["size"] == PRESENTATION_FONT > NORMAL_FONT


def test_hidden_controls_keep_their_linked_values():
    at = open_link("pages/2_train.py", hide="l2,start,seed", l2="0.1")
    assert not at.exception
    keys = {slider.key for slider in at.select_slider}
    assert "l2" not in keys and "learning_rate" in keys
    assert not any(radio.key == "start" for radio in at.radio)
    # L2 = 0.1 from the link is in force: the exact fit exists and is compared with descent
    assert any("gap" in table.value.columns for table in at.table)


def test_a_hidden_threshold_still_moves_the_boundary():
    at = open_link("pages/2_train.py", hide="threshold", threshold="0.7")
    assert not at.exception
    assert not any(slider.key == "threshold" for slider in at.slider)
    figure, _ = player_arguments(at)
    assert any(trace.get("name") == "boundary: P = 0.7" for trace in figure["data"])


def test_unknown_hidden_controls_and_parameters_the_dataset_lacks_are_named():
    at = open_link("pages/2_train.py", hide="l2,everything", noise="99")
    assert not at.exception
    notice = shown(at.warning)
    assert "Hidden controls: “everything” cannot be hidden; hide takes names among learning_rate," in notice
    assert "Noise: “99” is ignored: the chosen dataset has no such parameter." in notice
    assert not any(slider.key == "l2" for slider in at.select_slider)  # the known name still hides L2
