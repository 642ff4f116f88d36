"""The multinomial model in the app: the model choice on /data, /train, /evaluate, /softmax, the links."""

import io

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from .helpers import player_arguments, run_page, shown
from .test_links import open_link

DATA, TRAIN, EVALUATE, SOFTMAX = "pages/1_data.py", "pages/2_train.py", "pages/6_evaluate.py", "pages/7_softmax.py"


def upload_frame(at, frame: pd.DataFrame, name: str = "classes.csv"):
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((name, frame.to_csv(index=False).encode(), "text/csv")).run()
    return at


def three_classes(n: int = 90, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    kind = np.array(["red", "green", "blue"])[np.arange(n) % 3]
    centre = {"red": (0, 0), "green": (2.5, 0), "blue": (1, 2.5)}
    xy = np.array([centre[k] for k in kind]) + rng.normal(scale=1.0, size=(n, 2))
    return pd.DataFrame({"x1": xy[:, 0], "x2": xy[:, 1], "colour": kind})


def test_choosing_iris_offers_the_three_models_and_fits_multinomial():
    at = run_page(DATA)
    at.selectbox(key="dataset").set_value("iris").run()
    assert not at.exception
    model = at.radio(key="model")
    assert model.value == "multinomial"
    assert model.options == ["Unordered classes (multinomial)", "Ordered categories (ordinal)",
                             "One class against the rest (binary)"]
    assert at.selectbox(key="reference").options == ["setosa", "versicolor", "virginica"]
    assert at.selectbox(key="reference").value == "setosa"
    at.selectbox(key="reference").set_value("virginica").run()
    assert at.query_params["model"] == "multinomial" and at.query_params["reference"] == "virginica"
    assert "3 classes: setosa (50), versicolor (50), virginica (50)" in shown(at.sidebar.caption)


def test_binary_on_a_three_class_built_in_takes_the_last_class_against_the_rest():
    at = open_link(DATA, dataset="iris", model="binary")
    assert not at.exception
    assert "50 of class virginica, 100 of class other" in shown(at.sidebar.caption)
    at.switch_page(TRAIN).run()
    assert not at.exception and at.slider(key="threshold").value == 0.5


def test_ordinal_order_editor_puts_the_levels_in_the_chosen_order():
    at = open_link(DATA, dataset="iris", model="ordinal")
    order = at.multiselect(key="order")
    assert order.value == ["setosa", "versicolor", "virginica"]
    order.set_value(["virginica", "setosa", "versicolor"]).run()
    assert not at.exception
    assert at.query_params["order"] == "virginica|setosa|versicolor"
    assert "virginica (50) < setosa (50) < versicolor (50)" in shown(at.sidebar.caption)


def test_a_link_with_an_unknown_reference_class_says_so_and_uses_the_first():
    at = open_link(TRAIN, dataset="iris", model="multinomial", reference="roses")
    assert not at.exception
    assert "“roses” is not a class of Iris" in shown(at.warning) and "Using setosa" in shown(at.warning)


@pytest.mark.slow
def test_train_shows_the_multinomial_animation_and_states_the_rule_without_a_threshold():
    at = open_link(TRAIN, dataset="clouds", model="multinomial", n_classes="4", threshold="0.7")
    assert not at.exception
    assert "threshold" not in [slider.key for slider in at.slider]
    assert "The threshold (0.7) does not apply to a multinomial model and is ignored" in shown(at.info)
    assert "highest probability wins" in shown(at.markdown)
    figure, _ = player_arguments(at)
    assert len([trace for trace in figure["data"] if trace.get("fill") == "toself"]) == 8
    assert "Adding the same vector to every class's weights" in shown(at.info)
    assert any(frame.value.shape == (3 * 3 + 1, 3) for frame in at.dataframe)  # descent beside the exact fit


def test_iris_says_which_class_is_separable():
    at = open_link(TRAIN, dataset="iris", model="multinomial")
    assert not at.exception
    text = shown(at.warning)
    assert "Some classes are separable" in text and "Class setosa can be cut off" in text


@pytest.mark.slow
def test_the_readout_point_and_the_step_inspector_change_without_error():
    at = open_link(TRAIN, dataset="clouds", model="multinomial")
    at.number_input(key="multinomial_point").set_value(5).run()
    assert not at.exception
    figure, _ = player_arguments(at)
    assert "(B)" in figure["frames"][-1]["data"][-1]["text"][0]  # row 5 is of class B (codes cycle A, B, C)
    at.number_input(key="multinomial_inspect_step").set_value(3).run()
    at.selectbox(key="multinomial_inspect_class").set_value(2).run()
    assert not at.exception
    assert any("theta_k^{(4)}" in latex.value for latex in at.latex)


@pytest.mark.slow
def test_upload_three_classes_choose_multinomial_train_and_evaluate():
    at = upload_frame(run_page(DATA), three_classes())
    assert at.selectbox(key="upload_target").value == "colour"
    at.radio(key="model").set_value("multinomial").run()
    at.button(key="use_dataset").click().run()
    assert not at.exception
    assert "3 classes: blue (30), green (30), red (30)" in shown(at.sidebar.caption)
    assert at.selectbox(key="reference").value == "blue"
    at.switch_page(EVALUATE).run()
    assert not at.exception
    matrix = at.table[0].value
    assert matrix.shape == (3, 3) and list(matrix.columns) == ["called blue", "called green", "called red"]
    assert "accuracy" in shown(at.markdown)


@pytest.mark.slow
def test_upload_refuses_a_class_with_one_row_and_more_than_twelve_classes():
    frame = three_classes()
    frame.loc[0, "colour"] = "violet"
    at = upload_frame(run_page(DATA), frame)
    at.radio(key="model").set_value("multinomial").run()
    at.button(key="use_dataset").click().run()
    assert "Class 'violet' of 'colour' has a single row" in shown(at.error)
    many = pd.DataFrame({"x": np.arange(130.0), "group": [f"g{k % 13}" for k in range(130)]})
    at = upload_frame(run_page(DATA), many, "many.csv")
    at.radio(key="model").set_value("multinomial").run()
    at.button(key="use_dataset").click().run()
    assert "has 13 different values: more than the 12 classes" in shown(at.error)
    assert "Choose binary" in shown(at.error)


@pytest.mark.slow
def test_anes96_through_the_upload_path_equals_statsmodels_mnlogit_to_printed_precision():
    data = sm.datasets.anes96.load_pandas().data
    features = ["logpopul", "selfLR", "age", "educ", "income"]
    at = upload_frame(run_page(DATA), data, "anes96.csv")
    at.selectbox(key="upload_target").set_value("PID").run()
    at.radio(key="model").set_value("multinomial").run()
    at.multiselect(key="upload_features_PID").set_value(features).run()
    at.button(key="use_dataset").click().run()
    assert not at.exception
    at.switch_page(EVALUATE).run()
    assert not at.exception
    fit = sm.MNLogit(data["PID"], sm.add_constant(data[features])).fit(method="newton", tol=1e-12, disp=False)
    tables = [table.value for table in at.table if "estimate" in table.value.columns]
    assert len(tables) == 6
    for position, table in enumerate(tables):
        column = fit.params.iloc[:, position]
        errors = fit.bse.iloc[:, position]
        for term, mnlogit_term in zip(["intercept", *features], ["const", *features]):
            assert table.loc[term, "estimate"] == f"{column[mnlogit_term]:.4g}", (position, term)
            assert table.loc[term, "std. error"] == f"{errors[mnlogit_term]:.4g}", (position, term)
            assert table.loc[term, "relative-risk ratio"] == f"{np.exp(column[mnlogit_term]):.4g}"
    statistics = [table.value for table in at.table if "value" in table.value.columns][-1]
    assert statistics.loc["log-likelihood", "value"] == f"{fit.llf:.4f}"
    assert statistics.loc["null log-likelihood", "value"] == f"{fit.llnull:.4f}"
    assert statistics.loc["AIC", "value"] == f"{fit.aic:.4f}" and statistics.loc["BIC", "value"] == f"{fit.bic:.4f}"
    assert statistics.loc["McFadden's pseudo-R²", "value"] == f"{fit.prsquared:.4f}"


def test_downloads_of_a_multinomial_model_are_formula_safe():
    from ui.exports import safe_csv
    from ui.kinds.multinomial_tables import predictions_frame

    frame = three_classes()
    frame.loc[frame.colour == "red", "colour"] = "=red"
    from logreg_core import TrainingSettings, prepare_dataset, train

    dataset, _ = prepare_dataset(frame, name="t", target="colour", kind="multinomial")
    run = train(dataset.X, dataset.y, TrainingSettings(kind="multinomial"))
    predictions = predictions_frame({"training": dataset}, run.params[-1], run.history.layout)
    assert [c for c in predictions.columns if c.startswith("probability_of_")] == [
        "probability_of_=red", "probability_of_blue", "probability_of_green"]
    np.testing.assert_allclose(predictions.filter(like="probability_of_").sum(axis=1), 1.0)
    text = safe_csv(predictions).decode("utf-8-sig")
    assert "'=red" in text and "\n=red" not in text and ",=red" not in text
    pd.read_csv(io.StringIO(text))


@pytest.mark.parametrize("page", [SOFTMAX, "pages/3_sigmoid.py", "pages/4_cross-entropy.py", "pages/5_landscape.py"])
def test_concept_pages_run_with_a_multinomial_dataset(page):
    at = open_link(page, dataset="iris", model="multinomial")
    assert not at.exception


def test_softmax_page_shift_changes_nothing_and_two_classes_give_the_sigmoid():
    at = run_page(SOFTMAX)
    assert not at.exception
    before = [latex.value for latex in at.latex][1]
    at.slider(key="softmax_shift").set_value(3.0).run()
    assert "largest difference 0.0e+00" in shown(at.markdown)
    assert "0.6897" in before
    at.slider(key="softmax_classes").set_value(2).run()
    at.slider(key="softmax_z0").set_value(0.5).run()
    at.slider(key="softmax_z1").set_value(2.0).run()
    sigmoid_line = [latex.value for latex in at.latex if "sigma(" in latex.value and "with" in latex.value][0]
    value = 1 / (1 + np.exp(-1.5))
    assert sigmoid_line.count(f"{value:.6f}") == 2
    at.selectbox(key="softmax_true").set_value(0).run()
    cost = [latex.value for latex in at.latex if r"\ell = -\log" in latex.value][0]
    assert f"{np.log1p(np.exp(1.5)):.4f}" in cost
