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
