"""Links reproduce the view: settings come from the URL, bad values fall back with a notice."""

from streamlit.testing.v1 import AppTest

from ui.layout import ROOT

from .helpers import TIMEOUT, player_arguments, run_page


def open_link(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if page != "app.py":
        at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def sidebar_text(at) -> str:
    return " ".join(md.value for md in at.sidebar.markdown)


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
    notice = " ".join(warning.value for warning in at.warning)
    for text in ("'fast' is not a valid value for the learning rate", "'7' is not a valid value for the threshold",
                 "'mnist' is not a valid value for the dataset", "'-3'"):
        assert text in notice
    assert at.select_slider(key="learning_rate").value == 0.1
    assert at.slider(key="threshold").value == 0.5
    assert "Teaching notes" in sidebar_text(at)


def test_settings_follow_to_pages_without_their_controls():
    at = run_page("pages/2_train.py")
    at.select_slider(key="learning_rate").set_value(0.3).run()
    at.switch_page("pages/6_evaluate.py").run()
    assert at.query_params["learning_rate"] == "0.3"


def test_presentation_mode_enlarges_chart_text_and_folds_explanations():
    from ui.figures import View

    at = open_link("pages/2_train.py", present="true")
    assert not at.exception
    assert at.toggle(key="present").value is True
    assert any(expander.label == "Explanation" for expander in at.expander)
    assert View(features=(0,)).font_size == 14  # the default; presentation asks for 20


def test_hidden_controls_keep_their_linked_values():
    at = open_link("pages/2_train.py", hide="l2,start,seed", l2="0.1")
    assert not at.exception
    keys = {slider.key for slider in at.select_slider}
    assert "l2" not in keys and "learning_rate" in keys
    assert not any(radio.key == "start" for radio in at.radio)
    # L2 = 0.1 from the link is in force: the exact fit exists and is compared with descent
    assert "gap" in at.table[0].value.columns


def test_a_hidden_threshold_still_moves_the_boundary():
    at = open_link("pages/2_train.py", hide="threshold", threshold="0.7")
    assert not at.exception
    assert not any(slider.key == "threshold" for slider in at.slider)
    figure, _ = player_arguments(at)
    assert any(trace.get("name") == "boundary: P = 0.7" for trace in figure["data"])
