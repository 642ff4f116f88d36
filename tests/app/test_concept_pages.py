"""The concept pages under AppTest, and their figures tested directly."""

import numpy as np
import pytest

from logreg_core import datasets, fit_newton, sigmoid
from logreg_core.landscape import PlanePath, plane_descent, plane_loss_grid
from ui import messages
from ui.concept_figures import (
    landscape_figure,
    losses_along_weight_figure,
    nice_axis,
    point_losses_figure,
    sigmoid_point_figure,
)
from ui.landscape_view import path_in_window, plot_grid
from ui.style import log_axis_ticks

from .helpers import run_page


def choose(at, key: str):
    at.switch_page("pages/1_data.py").run()
    at.selectbox(key="dataset").set_value(key).run()
    return at


@pytest.mark.slow
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


@pytest.mark.slow
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


@pytest.mark.slow
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
    first, second = np.linspace(-0.5, 0.1, 7), np.linspace(-1, 20, 5)
    grid = plane_loss_grid(data.X, data.y, fit.coef, fit.intercept, (0, 1), first, second)
    path = plane_descent(data.X, data.y, fit.coef, fit.intercept, (0, 1), (0.0, 0.0), learning_rate=1e-4, iterations=20)
    figure = landscape_figure(first, second, grid, [path], ("w", "b"), (fit.coef[0], fit.intercept))
    contour = figure.data[0]
    np.testing.assert_allclose(np.array(contour.z), np.log10(grid), atol=1e-4)
    (line,) = [trace for trace in figure.data if (trace.name or "").startswith("η =")]
    assert "leaves the plot" not in line.name
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


def test_a_path_that_leaves_the_landscape_is_kept_whole_and_says_when():
    first, second = np.linspace(-1.0, 1.0, 5), np.linspace(-1.0, 1.0, 5)
    path = np.array([[0.0, 0.0], [0.5, 0.25], [3.0, 1.5], [0.2, 0.1], [np.inf, 0.0]])
    shown, left_at = path_in_window(path, first, second)
    assert left_at == 2
    np.testing.assert_array_equal(shown, path[:4])  # it comes back: every finite point is drawn
    inside, none = path_in_window(path[:2], first, second)
    assert none is None and inside.shape == (2, 2)


def test_the_landscape_widens_to_hold_the_paths_within_reach():
    base = np.array([1.0, 0.0])
    near = np.array([[0.0, 0.0], [2.5, -1.5]])
    far = np.array([[0.0, 0.0], [1e6, 1e6]])
    first, second = plot_grid(base, (0, 1), [1.0, 1.0], (0.0, 0.0), (near, far))
    assert (first[0], first[-1]) == (0.0, 2.5) and (second[0], second[-1]) == (-1.5, 1.0)


def test_small_rates_stay_visible_over_the_start_and_a_leaving_path_is_named():
    data = datasets.challenger()
    fit = fit_newton(data.X, data.y)
    first, second = np.linspace(-0.5, 0.1, 7), np.linspace(-1, 20, 5)
    grid = plane_loss_grid(data.X, data.y, fit.coef, fit.intercept, (0, 1), first, second)
    paths = [plane_descent(data.X, data.y, fit.coef, fit.intercept, (0, 1), (0.0, 0.0), learning_rate=rate,
                           iterations=30) for rate in (1e-6, 0.02)]
    figure = landscape_figure(first, second, grid, paths, ("w", "b"), None)
    names = [trace.name for trace in figure.data]
    # the start is drawn beneath every path, and each path's end is marked in its colour above it
    assert names.index("start") < min(i for i, name in enumerate(names) if (name or "").startswith("η ="))
    ends = [trace for trace in figure.data[1:] if trace.mode == "markers" and trace.name is None]
    assert len(ends) == 1  # the path that stays in view; the other's end is off the plot
    leaving = [name for name in names if name and "leaves the plot at step" in name]
    assert len(leaving) == 1 and "η = 0.02" in leaving[0]


def test_one_rising_step_is_one_step():
    path = PlanePath(0.1, np.zeros((4, 2)), np.array([1.0, 0.5, 0.7, 0.6]), "iterations")
    converged = PlanePath(0.1, np.zeros((2, 2)), np.array([1.0, 0.5]), "tolerance")
    # The page's words are the UI's; the core's terse summary counts steps the same way.
    assert messages.plane_outcome(path) == "oscillating: the loss rose at 1 step"
    assert messages.plane_outcome(converged) == "converged in 1 step"
    assert path.outcome() == "stopped after 3 steps; the loss rose at 1 step"
    assert converged.outcome() == "converged in 1 step; the loss rose at 0 steps"


def test_log_axis_labels_thin_out_over_many_decades():
    assert log_axis_ticks(np.array([0.1, 0.5])) == {"dtick": "D2"}
    assert log_axis_ticks(np.array([1e-3, 1e4])) == {"dtick": 1}
    assert log_axis_ticks(np.array([1e-3, 1e30])) == {"dtick": 2}


def test_squared_error_axis_has_round_ticks():
    assert nice_axis(0.3025) == dict(range=[0.0, 0.4], tick0=0.0, dtick=0.1, tickmode="linear")
    assert nice_axis(0.25)["dtick"] == 0.05
    values = np.linspace(-1, 1, 11)
    figure = losses_along_weight_figure(values, values ** 2 + 1, 0.3 * values ** 2, "w", 0.0)
    assert figure.layout.yaxis2.dtick == 0.1 and figure.layout.yaxis2.range == (0.0, 0.3)


def test_point_loss_bars_have_a_legend_of_the_classes():
    data = datasets.hours_studied()
    figure = point_losses_figure(data, np.linspace(0.1, 2.0, data.n_rows), np.full(data.n_rows, 0.5))
    legend = [trace.name for trace in figure.data if trace.showlegend is not False]
    assert legend == [f"class 0 ({data.class_names[0]})", f"class 1 ({data.class_names[1]})"]
    rows = [text.split("<br>")[0] for text in figure.data[0].hovertext]
    assert sorted(rows) == sorted(f"row {i}" for i in range(1, data.n_rows + 1))  # counted from 1
