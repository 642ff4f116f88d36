"""The pages' computations, moved into view functions, tested without a page."""

import numpy as np
import pytest

from logreg_core import TrainingSettings, datasets, fit_newton, train
from ui.evaluate_view import file_stem, part_probabilities, predictions_frame
from ui.landscape_view import parameter_span, plot_grid, start_value
from ui.train_view import descent_against_exact_fit


def test_descent_against_the_exact_fit_shows_their_gap():
    data = datasets.challenger()
    run = train(data.X, data.y, TrainingSettings(standardize=True, learning_rate=1.0, iterations=3000))
    table = descent_against_exact_fit(run, data.feature_names)
    exact = fit_newton(data.X, data.y)
    assert list(table.index) == ["intercept b", "weight of Temperature_F", "loss J"]
    np.testing.assert_allclose(table["maximum likelihood (Newton)"], [exact.intercept, exact.coef[0], exact.loss])
    np.testing.assert_allclose(table["gap"], table.iloc[:, 0] - table.iloc[:, 1])
    assert table.loc["intercept b", table.columns[0]] == pytest.approx(float(run.bias[-1]))


def test_predictions_name_each_part_and_follow_the_threshold():
    data = datasets.hours_studied()
    first, second = data.rows(np.arange(0, 10), "first"), data.rows(np.arange(10, data.n_rows), "second")
    parts = {"training": first, "test": second}
    scores = part_probabilities(parts, np.array([1.5]), -4.0)
    frame = predictions_frame(parts, scores, 0.3)
    assert list(frame.columns) == [*data.feature_names, data.target_name, "probability_of_1", "predicted_at_0.3", "part"]
    assert (frame["part"] == "training").sum() == 10 and len(frame) == data.n_rows
    np.testing.assert_array_equal(frame["predicted_at_0.3"], (frame["probability_of_1"] >= 0.3).astype(int))
    one_part = predictions_frame({"training": data}, {"training": np.full(data.n_rows, 0.5)}, 0.5)
    assert "part" not in one_part.columns and one_part["predicted_at_0.5"].all()


def test_file_stem():
    assert file_stem("Challenger O-rings, training part") == "challenger_o-rings"


def test_landscape_window_holds_the_fit_and_the_start():
    data = datasets.challenger()
    base = np.r_[fit_newton(data.X, data.y).coef, fit_newton(data.X, data.y).intercept]
    spans = [parameter_span(data.X, base, k) for k in (0, 1)]
    assert spans[1] == pytest.approx(2.5 * abs(base[1]))  # the bias: 2.5 times its fitted size
    assert start_value(base, spans[0], 0) == 0.0  # 0 lies in the window
    first, second = plot_grid(base, (0, 1), spans, (base[0] - 3 * spans[0], 0.0))
    assert first[0] == pytest.approx(base[0] - 3 * spans[0]) and first[-1] == pytest.approx(base[0] + spans[0])
    assert second[0] <= base[1] <= second[-1] and first.size == second.size == 70
