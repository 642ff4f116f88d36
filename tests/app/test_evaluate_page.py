"""The Evaluate page under AppTest: the threshold moves the metrics, never the model."""

import json

import numpy as np
import pandas as pd
import pytest

import ui.state
from logreg_core import datasets, fit_newton
from ui.exports import neutralise_formula, safe_csv, table_json
from ui.text import unescape

from .helpers import run_page

EVALUATE = "pages/6_evaluate.py"


def metric_value(at, name: str) -> str:
    for table in at.table:
        frame = table.value
        if "value" in frame.columns and name in frame.index:
            return frame.loc[name, "value"]
    raise AssertionError(f"no metric {name}")


def test_notes_table_shows_metrics_and_explains_the_missing_fit():
    at = run_page(EVALUATE)
    assert not at.exception
    assert metric_value(at, "accuracy") == "100.0%"
    assert any("no finite maximum-likelihood estimate" in w.value for w in at.warning)


def test_threshold_changes_the_metrics_without_retraining():
    ui.state.clear_training_cache()
    started = ui.state.training_runs_started()
    at = run_page("pages/1_data.py")
    at.selectbox(key="dataset").set_value("challenger").run()
    at.switch_page(EVALUATE).run()
    assert not at.exception
    before = metric_value(at, "recall")
    at.slider(key="threshold").set_value(0.2).run()
    assert not at.exception
    assert metric_value(at, "recall") != before
    # one training run for the dataset; the threshold added none
    assert ui.state.training_runs_started() - started == 1
    ui.state.clear_training_cache()


def test_challenger_coefficients_are_shown_as_text():
    at = run_page("pages/1_data.py")
    at.selectbox(key="dataset").set_value("challenger").run()
    at.switch_page(EVALUATE).run()
    # labels as a reader sees them: st.table reads Markdown, so the names go in escaped
    coefficients = next(t.value for t in at.table if "estimate" in t.value.columns).rename(index=unescape)
    assert coefficients.loc["intercept", "estimate"] == "15.04"
    assert coefficients.loc["Temperature_F", "estimate"] == "-0.2322"


def test_suggested_threshold_button_moves_the_slider():
    at = run_page("pages/1_data.py")
    at.selectbox(key="dataset").set_value("breast_cancer").run()
    at.switch_page(EVALUATE).run()
    at.button(key="use_youden").click().run()
    assert not at.exception
    assert at.slider(key="threshold").value != 0.5


def test_threshold_is_shared_with_the_train_page():
    at = run_page(EVALUATE)
    at.slider(key="threshold").set_value(0.7).run()
    at.switch_page("pages/2_train.py").run()
    assert at.slider(key="threshold").value == 0.7


def test_csv_export_neutralises_formulas_but_keeps_numbers():
    frame = pd.DataFrame({"=cmd|' /C calc'!A0": [-1.5, 2.0], "note": ["@SUM(A1)", "plain"]})
    text = safe_csv(frame).decode("utf-8-sig")
    assert text.splitlines()[0] == "'=cmd|' /C calc'!A0,note"
    assert "-1.5,'@SUM(A1)" in text and "2.0,plain" in text
    assert neutralise_formula("+1") == "'+1" and neutralise_formula("ok") == "ok"


def test_json_export_round_trips_the_coefficients():
    from logreg_core import coefficient_table

    data = datasets.challenger()
    table = coefficient_table(fit_newton(data.X, data.y), data.feature_names)
    parsed = json.loads(table_json(table))
    assert parsed["Temperature_F"]["coef"] == pytest.approx(table.loc["Temperature_F", "coef"], rel=1e-15)
    assert set(parsed["intercept"]) == set(table.columns)
    assert np.isclose(parsed["intercept"]["odds_ratio"], np.exp(table.loc["intercept", "coef"]))


def test_animation_export_is_one_offline_html_file():
    from logreg_core import TrainingSettings, train
    from ui.exports import animation_html
    from ui.figures import View, training_animation

    data = datasets.notes_table()
    run = train(data.X, data.y, TrainingSettings(iterations=50))
    html = animation_html(training_animation(data, run, View(features=(0, 1))), "Descent").decode()
    assert "<title>Descent</title>" in html
    assert '<script src="http' not in html and "plotly.js v" in html  # the library itself is inside
    assert '"frames"' in html or "addFrames" in html
    assert '"name":"50"' in html.replace(" ", "")


def test_evaluate_reads_train_settings_from_the_link():
    from .test_links import open_link

    at = open_link(EVALUATE, l2="0.1")
    assert not at.exception
    assert any("L2-penalised fit" in info.value for info in at.info)


@pytest.mark.slow
def test_a_diverged_run_is_named_and_no_suggestion_beyond_the_slider():
    """Issue 17: after a diverged run the page says so instead of evaluating the broken model silently."""
    from .test_links import open_link

    at = open_link(EVALUATE, dataset="challenger", standardize="false")
    assert not at.exception
    errors = " ".join(error.value for error in at.error)
    assert "diverged at step 1" in errors and "learning rate 0.1" in errors
    labels = [button.label for button in at.button if button.key in ("use_youden", "use_f1")]
    assert labels and not any(label.startswith("Use 1.00") or label.startswith("Use 0.00") for label in labels)
    at.button(key="evaluate_stable_rate").click().run()
    assert not at.exception and not at.error
    assert at.query_params["learning_rate"] == "0.001"


def test_opens_on_the_trained_model_and_keeps_the_choice_in_the_link():
    """Issue 17: a student who trained 10 steps at 0.001 sees that model, named in the heading."""
    from .test_links import open_link

    at = open_link(EVALUATE, dataset="challenger", learning_rate="0.001", iterations="10",
                   threshold="0.3")
    assert not at.exception
    assert at.radio(key="fit").value == "descent"
    headings = " ".join(header.value for header in at.subheader)
    assert "Model shown: the trained model: gradient descent after 10 steps (learning rate 0.001" in headings
    names = ("accuracy", "precision", "recall", "specificity", "F1")
    trained = [metric_value(at, name) for name in names]
    at.radio(key="fit").set_value("exact").run()
    assert "Model shown: the exact maximum-likelihood fit" in " ".join(header.value for header in at.subheader)
    assert at.query_params["fit"] == "exact"
    assert [metric_value(at, name) for name in names] != trained
    again = open_link(EVALUATE, dataset="challenger", fit="exact")
    assert again.radio(key="fit").value == "exact"


def test_separated_data_never_mention_numbers_that_are_not_shown():
    at = run_page(EVALUATE)
    text = " ".join(element.value for element in [*at.warning, *at.info, *at.caption, *at.markdown])
    assert "no finite maximum-likelihood estimate" in text
    assert "numbers shown" not in text
