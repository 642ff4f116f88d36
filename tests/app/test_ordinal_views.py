"""The ordinal Train and Evaluate sections and their figures: tested directly and under AppTest."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
from statsmodels.miscmodels.ordinal_model import OrderedModel
from streamlit.testing.v1 import AppTest

from logreg_core import TrainingSettings, train
from logreg_core.tabular import catalogue, prepare_dataset, read_csv_bytes
from ui.figures.base import View
from ui.figures.ordinal import ordinal_animation
from ui.figures.ordinal_evaluation import confusion_matrix_figure
from ui.text import unescape

from .helpers import markdown_tables

UCLA = Path(statsmodels.__file__).parent / "miscmodels" / "tests" / "results" / "ologit_ucla.csv"
LEVELS = ["unlikely", "somewhat likely", "very likely"]
SETTINGS = TrainingSettings(kind="ordinal", learning_rate=0.5, iterations=300, standardize=True)


def ucla_upload():
    table = read_csv_bytes(UCLA.read_bytes())
    dataset, _ = prepare_dataset(table.frame, name="ologit_ucla.csv", target="apply", kind="ordinal", levels=LEVELS)
    return dataset


@pytest.fixture(scope="module")
def anes_run():
    dataset = catalogue.load("anes96")
    return dataset, train(dataset.X, dataset.y, SETTINGS)


def cut_lists(figure):
    """The cut-point trace's x values of every frame, as lists of cut-points."""
    data = figure.to_dict()["data"]
    position = next(i for i, trace in enumerate(data) if trace.get("name") == "cut-points θ")
    frames = figure.to_dict()["frames"]
    cuts = []
    for frame in frames:
        update = frame["data"][frame["traces"].index(position)]
        cuts.append([x for x in update["x"][::3]])
    return cuts


def test_cut_points_are_ordered_in_every_frame(anes_run):
    dataset, run = anes_run
    figure = ordinal_animation(dataset, run, View(features=(1,)))
    cuts = cut_lists(figure)
    assert 50 <= len(cuts) <= 100
    for frame in cuts:
        assert len(frame) == dataset.n_classes - 1
        assert all(a < b for a, b in zip(frame, frame[1:]))
    # and they move: the first frame is the null model, the last the trained one
    assert cuts[0] != cuts[-1]


def test_no_trace_is_empty_in_any_frame_and_frames_are_plain(anes_run):
    dataset, run = anes_run
    figure = ordinal_animation(dataset, run, View(features=(0,)), test=dataset.rows(np.arange(100), "part"))
    plain = figure.to_dict()
    for trace in plain["data"]:
        for key in ("x", "y", "text"):
            if key in trace:
                assert len(trace[key]) > 0, trace.get("name")
    for frame in plain["frames"]:
        assert isinstance(frame, dict)
        for update in frame["data"]:
            for key in ("x", "y", "text"):
                if key in update:
                    assert len(update[key]) > 0
    assert any(trace.get("name") == "test loss (held-out rows)" for trace in plain["data"])
    assert [frame["name"] for frame in plain["frames"]][-1] == str(run.history.n_steps)


def test_frame_probabilities_equal_the_family_frame_by_frame(anes_run):
    from logreg_core.families import ordinal
    from ui.figures.ordinal import frame_probabilities

    dataset, run = anes_run
    m = dataset.n_features
    params = np.asarray(run.params)[[0, 5, 50, -1]]
    eta = params[:, :m] @ dataset.X[:40].T
    batched = frame_probabilities(eta, params[:, m:])
    for frame, (scores, cutpoints) in enumerate(zip(eta, params[:, m:])):
        np.testing.assert_array_equal(batched[frame], ordinal.probabilities(scores, cutpoints))


def test_probability_curves_are_the_models_probabilities_on_their_grid_to_a_thousandth(anes_run):
    from logreg_core.families import ordinal
    from ui.figures.multinomial import CURVE_POINTS

    dataset, run = anes_run
    figure = ordinal_animation(dataset, run, View(features=(2,))).to_dict()
    curves = [position for position, trace in enumerate(figure["data"])
              if trace.get("xaxis") == "x2" and trace.get("mode") == "lines"]
    assert len(curves) == dataset.n_classes
    grid = np.asarray(figure["data"][curves[0]]["x"])
    assert grid.size == CURVE_POINTS
    m, means = dataset.n_features, dataset.X.mean(axis=0)
    for frame in figure["frames"][::20]:
        params = np.asarray(run.params)[int(frame["name"])]
        beta = params[:m]
        eta = beta @ means + beta[2] * (grid - means[2])
        drawn = np.column_stack([dict(zip(frame["traces"], frame["data"]))[position]["y"] for position in curves])
        # the grid's x is itself rounded to 1/10,000 of the axis: its probabilities move by far less than 1e-4
        np.testing.assert_allclose(drawn, ordinal.probabilities(eta, params[m:]), atol=0.5e-3 + 1e-4)
        assert np.array_equal(np.round(drawn, 3), drawn)


def test_frame_accuracy_is_the_accuracy_of_each_frames_model(anes_run):
    from logreg_core.families import ordinal
    from ui.figures.ordinal import OrdinalContext

    dataset, run = anes_run
    context = OrdinalContext.build(dataset, run, View(features=(0,)), None)
    recounted = [np.mean(np.argmax(ordinal.log_probabilities(dataset.X @ beta, cutpoints), axis=1) == dataset.y)
                 for beta, cutpoints in zip(context.beta, context.cutpoints)]
    np.testing.assert_allclose(context.frame_accuracy, recounted, atol=0.5 / dataset.n_rows)


def test_density_pieces_shade_each_categorys_probability_and_meet_at_the_cut_points():
    from logreg_core.families import ordinal
    from ui.figures.ordinal import density_pieces

    cutpoints = np.array([[-1.0, 0.5, 2.0], [-30.0, -20.0, 25.0], [1.0, 1.5, 2.0]])
    eta = np.array([0.3, 0.0, 3.0])
    base, scale = 3.6, 4.0
    frames = density_pieces(eta, cutpoints, (-20.0, 20.0), base, scale)
    for pieces, score, cuts in zip(frames, eta, cutpoints):
        assert len(pieces) == 4
        areas = []
        for xs, ys in pieces:
            assert len(xs) == len(ys) >= 4 and ys[-1] == ys[-2] == base  # closed along the base line
            areas.append(0.5 * abs(np.dot(xs, np.roll(ys, -1)) - np.dot(ys, np.roll(xs, -1))) / scale)
        # the shaded area of each piece is its category's probability (to the grid's resolution)
        np.testing.assert_allclose(areas, ordinal.probabilities(np.array([score]), cuts)[0], atol=2e-3)
        for (left_x, _), (right_x, _) in zip(pieces, pieces[1:]):
            assert left_x[-3] == right_x[0]  # one piece ends where the next begins
    # pieces with nothing in view (cut-points beyond η ± 10) are slivers at the drawn part's edge, never empty
    assert frames[1][0][0] == [-10.0] * 4 and frames[1][3][0] == [10.0] * 4


def test_user_labels_reach_the_figure_escaped():
    frame = pd.DataFrame({"x": np.r_[np.linspace(0, 1, 30), np.linspace(0.5, 1.5, 30), np.linspace(1, 2, 30)],
                          "y": ["<b>low</b>"] * 30 + ["mid $x$"] * 30 + ["high"] * 30})
    dataset, _ = prepare_dataset(frame, name="t", target="y", kind="ordinal", levels=["<b>low</b>", "mid $x$", "high"])
    run = train(dataset.X, dataset.y, SETTINGS)
    figure_text = ordinal_animation(dataset, run, View(features=(0,))).json_bytes.decode()
    assert "<b>low</b>" not in figure_text and "&lt;b&gt;low&lt;/b&gt;" in figure_text
    assert "mid $x$" not in figure_text
    matrix = confusion_matrix_figure(np.eye(3, dtype=int), dataset.class_names)
    assert "&lt;b&gt;low&lt;/b&gt;" in matrix.data[0].x


def train_script(key):
    from logreg_core import TrainingSettings
    from ui.kinds import ordinal_train
    from ui.state import builtin_dataset

    dataset = builtin_dataset(key)
    settings = TrainingSettings(kind="ordinal", learning_rate=0.5, iterations=300, standardize=True)
    ordinal_train.render(dataset, None, settings, (0,))


@pytest.mark.slow
def test_train_section_controls():
    at = AppTest.from_function(train_script, args=("anes96",), default_timeout=120).run()
    assert not at.exception
    assert any("stay in order" in caption.value for caption in at.caption)
    comparison, inspected = markdown_tables(at)
    assert comparison.index[-1] == "loss J" and comparison.shape == (12, 3)
    assert float(comparison.loc["loss J"].iloc[1]) == pytest.approx(
        float(comparison.loc["loss J"].iloc[0]) - float(comparison.loc["loss J"].iloc[2]), rel=1e-4)
    assert inspected.index[0] == f"β of {catalogue.load('anes96').feature_names[0]}"
    at.slider(key="ordinal_inspect_step").set_value(3).run()
    assert not at.exception
    assert "value at step 3" in markdown_tables(at)[1].columns


def evaluate_script(csv_path, levels):
    from logreg_core import TrainingSettings
    from logreg_core.tabular import prepare_dataset, read_csv_bytes
    from ui.kinds import ordinal_evaluate

    with open(csv_path, "rb") as handle:
        table = read_csv_bytes(handle.read())
    dataset, _ = prepare_dataset(table.frame, name="ologit_ucla.csv", target="apply", kind="ordinal", levels=levels)
    settings = TrainingSettings(kind="ordinal", learning_rate=0.5, iterations=300, standardize=True)
    ordinal_evaluate.render(dataset, None, settings)


@pytest.fixture(scope="module")
def ucla_page():
    return AppTest.from_function(evaluate_script, args=(str(UCLA), LEVELS), default_timeout=120).run()


@pytest.fixture(scope="module")
def ordered_model():
    frame = pd.read_csv(UCLA)
    endog = pd.Series(pd.Categorical(frame["apply"], categories=LEVELS, ordered=True))
    model = OrderedModel(endog, frame[["pared", "public", "gpa"]], distr="logit")
    return model, model.fit(method="newton", disp=False, maxiter=100)  # converges; BFGS at gtol=1e-10 warns


def test_ucla_numbers_on_the_evaluate_section_equal_statsmodels(ucla_page, ordered_model):
    model, result = ordered_model
    at = ucla_page
    assert not at.exception
    coefficients = at.table[1].value
    for name in ("pared", "public", "gpa"):
        assert float(coefficients.loc[name, "coef"]) == pytest.approx(result.params[name], rel=1e-3)
        assert float(coefficients.loc[name, "std err"]) == pytest.approx(result.bse[name], rel=1e-3)
        assert float(coefficients.loc[name, "z"]) == pytest.approx(result.tvalues[name], rel=1e-3)
        assert float(coefficients.loc[name, "cumulative odds ratio e^β"]) == pytest.approx(
            np.exp(result.params[name]), rel=1e-3)
    cutpoints = model.transform_threshold_params(result.params)[1:-1]
    shown = at.table[2].value
    assert [float(v) for v in shown["coef"]] == pytest.approx(cutpoints, rel=1e-3)
    # the values R's polr prints for the UCLA data (statsmodels' results_ordinal_model)
    assert [float(v) for v in shown["std err"]] == pytest.approx([0.7795, 0.8043], abs=1e-4)
    statistics = at.table[3].value["value"]
    assert float(statistics["log-likelihood"]) == pytest.approx(result.llf, abs=1e-4)
    assert float(statistics["AIC"]) == pytest.approx(result.aic, abs=1e-3)


def test_ucla_predictions_and_checks(ucla_page, ordered_model):
    model, result = ordered_model
    at = ucla_page
    predicted = np.argmax(np.asarray(result.predict()), axis=1)
    truth = pd.Categorical(pd.read_csv(UCLA)["apply"], categories=LEVELS).codes
    quality = at.table[0].value.iloc[:, 0]
    assert quality["accuracy (exact category)"] == f"{np.mean(predicted == truth):.1%}"
    brant = at.table[4].value
    assert brant.loc["all features", "chi²"] == "4.344" and brant.loc["public", "df"] == "1"
    lr = at.table[5].value["value"]
    assert lr["df"] == "1"
    at.selectbox(key="ordinal_lr_feature").set_value(1).run()
    assert not at.exception
    assert at.table[5].value["value"]["χ² = 2 × difference"] == "3.883"
    comparison = at.table[6].value
    assert comparison["parameters"].tolist() == ["5", "8"]


def test_a_level_never_predicted_is_explained(ucla_page, ordered_model):
    # statsmodels' own fit predicts no row as "very likely" either: no row's largest probability is there
    _, result = ordered_model
    assert not np.any(np.argmax(np.asarray(result.predict()), axis=1) == 2)
    captions = [unescape(caption.value) for caption in ucla_page.caption]
    (sentence,) = [text for text in captions if "never predicted" in text]
    assert sentence.startswith("Level very likely is never predicted: for no row is its probability the largest")
    assert "not the model being wrong about it" in sentence


def test_no_sentence_when_every_level_is_predicted():
    from ui.kinds.ordinal_evaluate import never_predicted
    from ui.messages import never_predicted_sentence

    names = ("low", "mid", "high")
    assert never_predicted(np.array([[3, 1, 0], [1, 2, 1], [0, 1, 3]]), names) == ()
    assert never_predicted(np.array([[3, 0, 1], [1, 0, 1], [0, 0, 3]]), names) == ("mid",)
    two = never_predicted_sentence(("mid", "upper mid"))
    assert two.startswith("Levels mid, upper mid are never predicted: for no row is their probability")


@pytest.mark.slow
def test_train_and_evaluate_pages_dispatch_to_the_ordinal_sections():
    from .helpers import player_arguments, run_page

    at = run_page("pages/1_data.py")
    at.selectbox(key="dataset").set_value("latent_ordinal").run()
    at.switch_page("pages/2_train.py").run()
    assert not at.exception
    figure, _ = player_arguments(at)
    assert any(trace.get("name") == "cut-points θ" for trace in figure["data"])
    assert any("stay in order" in caption.value for caption in at.caption)
    # the training controls choose the one feature the probabilities run along (no "Feature up":
    # the ordinal figure has no second feature axis)
    assert not [box for box in at.selectbox if box.key in ("feature_x", "feature_y")]
    dataset = catalogue.load("latent_ordinal")
    at.selectbox(key="ordinal_feature").set_value(1).run()
    assert not at.exception
    figure, _ = player_arguments(at)
    assert figure["layout"]["xaxis2"]["title"]["text"] == dataset.feature_names[1]
    at.switch_page("pages/6_evaluate.py").run()
    assert not at.exception
    assert "all features" in at.table[4].value.index


def test_another_learning_rate_keeps_the_latent_axis_when_the_exact_fit_spans_it():
    # The latent axis takes in the exact fit's scores and cut-points, which no learning rate
    # changes, and ends on whole units: runs at other rates share it, so the player moves
    # their traces in place instead of drawing the figure again.
    dataset = catalogue.load("anes96")
    figures = []
    for rate in (0.1, 0.3):
        run = train(dataset.X, dataset.y, TrainingSettings(kind="ordinal", learning_rate=rate, iterations=300,
                                                           standardize=True))
        assert run.reference is not None and run.reference.converged
        figures.append(ordinal_animation(dataset, run, View(features=(0,))).to_dict()["layout"])
    assert figures[0]["datarevision"] != figures[1]["datarevision"]
    assert figures[0]["xaxis"]["range"] == figures[1]["xaxis"]["range"]
    low, high = figures[0]["xaxis"]["range"]
    assert low == np.floor(low) and high == np.ceil(high)
    assert {key: value for key, value in figures[0].items() if key != "datarevision"} == \
        {key: value for key, value in figures[1].items() if key != "datarevision"}


def test_each_points_own_category_probability_is_that_column_of_all_category_probabilities():
    from ui.figures.ordinal import frame_probabilities, own_category_probabilities

    rng = np.random.default_rng(5)
    eta = rng.normal(scale=4.0, size=(6, 40))
    cutpoints = np.sort(rng.normal(scale=2.0, size=(6, 4)), axis=1)
    codes = rng.integers(0, 5, 40)
    expected = frame_probabilities(eta, cutpoints)[:, np.arange(40), codes]
    np.testing.assert_allclose(own_category_probabilities(eta, cutpoints, codes), expected, rtol=1e-13, atol=1e-15)
