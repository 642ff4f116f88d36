"""The concept pages under AppTest, and their figures tested directly."""

import numpy as np
import pytest

from logreg_core import datasets, fit_newton, sigmoid
from logreg_core.landscape import plane_descent, plane_loss_grid
from ui.concept_figures import landscape_figure, point_losses_figure, sigmoid_point_figure

from .helpers import run_page


def choose(at, key: str):
    at.switch_page("pages/1_data.py").run()
    at.selectbox(key="dataset").set_value(key).run()
    return at


def test_sigmoid_page_links_probability_odds_and_log_odds():
    at = run_page("pages/3_sigmoid.py")
    assert not at.exception
    at.slider(key="sigmoid_z").set_value(2.0).run()
    assert at.number_input(key="sigmoid_p").value == pytest.approx(float(sigmoid(2.0)), abs=1e-4)
    assert at.number_input(key="sigmoid_odds").value == pytest.approx(np.exp(2.0), abs=1e-3)
    at.number_input(key="sigmoid_p").set_value(0.2).run()
    assert at.slider(key="sigmoid_z").value == pytest.approx(np.log(0.25), abs=0.01)
    at.number_input(key="sigmoid_odds").set_value(1.0).run()
    assert at.slider(key="sigmoid_z").value == 0.0
    assert any("Class 1, because σ(0) = 0.5000 ≥ 0.5" in md.value for md in at.markdown)
    at.slider(key="threshold").set_value(0.6).run()
    assert any("Class 0, because σ(0) = 0.5000 < 0.6" in md.value for md in at.markdown)


def test_sigmoid_page_moves_w_and_b_on_a_one_feature_dataset():
    at = choose(run_page("app.py"), "hours")
    at.switch_page("pages/3_sigmoid.py").run()
    assert not at.exception
    at.slider(key="sigmoid_w").set_value(2.0).run()
    at.slider(key="sigmoid_b").set_value(-3.0).run()
    assert not at.exception
    odds_table = next(t.value for t in at.table if "weight w" in t.value.columns)
    # issue 17: the page opens on the model trained on the Train page, and says so
    assert odds_table.loc["Hours", "weight w"] == "1.089"
    assert any("Model shown: the trained model: gradient descent after 500 steps (learning rate 0.1)" in md.value
               for md in at.markdown)
    at.radio(key="fit").set_value("exact").run()
    odds_table = next(t.value for t in at.table if "weight w" in t.value.columns)
    assert odds_table.loc["Hours", "weight w"] == "1.505"  # the exact fit of the hours data
    assert at.query_params["fit"] == "exact"


def test_cross_entropy_page_every_control():
    at = choose(run_page("app.py"), "challenger")
    at.switch_page("pages/4_cross-entropy.py").run()
    assert not at.exception
    at.slider(key="ce_p").set_value(0.3).run()
    assert any("−log 0.300 = **1.2040**" in md.value for md in at.markdown)
    at.selectbox(key="ce_weight").set_value(1).run()
    assert not at.exception


def test_landscape_page_every_control():
    at = run_page("pages/5_landscape.py")
    assert not at.exception
    at.selectbox(key="landscape_pair").set_value((0, 2)).run()
    at.slider(key="landscape_steps").set_value(50).run()
    at.multiselect(key="landscape_rates").set_value([1.0, 100.0]).run()
    at.toggle(key="landscape_surface").set_value(True).run()
    assert not at.exception
    assert any("diverged" in md.value for md in at.markdown)


def test_landscape_contours_equal_the_loss_and_paths_equal_descent():
    data = datasets.challenger()
    fit = fit_newton(data.X, data.y)
    first, second = np.linspace(-0.5, 0, 7), np.linspace(10, 20, 5)
    grid = plane_loss_grid(data.X, data.y, fit.coef, fit.intercept, (0, 1), first, second)
    path = plane_descent(data.X, data.y, fit.coef, fit.intercept, (0, 1), (0.0, 0.0), learning_rate=1e-4, iterations=20)
    figure = landscape_figure(first, second, grid, [path], ("w", "b"), (fit.coef[0], fit.intercept))
    contour = figure.data[0]
    np.testing.assert_allclose(np.array(contour.z), np.log10(grid), atol=1e-4)
    line = figure.data[1]
    np.testing.assert_allclose(line.x, path.path[:, 0])
    np.testing.assert_allclose(line.y, path.path[:, 1])


def test_sigmoid_figure_marks_the_point_on_the_curve():
    figure = sigmoid_point_figure(1.5, 0.5)
    point = figure.data[2]
    assert point.x[0] == 1.5 and point.y[0] == pytest.approx(float(sigmoid(1.5)))


def test_point_losses_are_sorted_and_their_mean_is_shown():
    data = datasets.hours_studied()
    losses = np.linspace(0.1, 2.0, data.n_rows)[::-1].copy()
    figure = point_losses_figure(data, losses, np.full(data.n_rows, 0.5))
    bars = figure.data[0]
    assert list(bars.y) == sorted(bars.y, reverse=True)
    assert f"mean J = {losses.mean():.4f}" in figure.layout.annotations[0].text
