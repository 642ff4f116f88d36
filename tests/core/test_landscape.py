import numpy as np
import pytest

from logreg_core import cross_entropy, datasets, fit_newton, gradient_descent
from logreg_core.landscape import (
    losses_along_weight,
    plane_descent,
    plane_loss_grid,
    plane_smoothness,
    squared_error_through_sigmoid,
)


@pytest.fixture
def challenger():
    data = datasets.challenger()
    return data, fit_newton(data.X, data.y)


@pytest.mark.parametrize("pair", [(0, 1), (1, 0)])
def test_grid_values_equal_cross_entropy_at_those_parameters(challenger, pair):
    data, fit = challenger
    first, second = np.linspace(-1, 1, 5), np.linspace(10, 20, 4)
    grid = plane_loss_grid(data.X, data.y, fit.coef, fit.intercept, pair, first, second)
    assert grid.shape == (4, 5)
    for row, c in enumerate(second):
        for column, a in enumerate(first):
            params = {pair[0]: a, pair[1]: c}
            w, b = params[0], params[1]
            assert grid[row, column] == pytest.approx(cross_entropy(data.X[:, 0] * w + b, data.y), rel=1e-13)


def test_grid_minimum_is_at_the_maximum_likelihood_fit(challenger):
    data, fit = challenger
    first = fit.coef[0] + np.linspace(-0.05, 0.05, 21)
    second = fit.intercept + np.linspace(-2, 2, 21)
    grid = plane_loss_grid(data.X, data.y, fit.coef, fit.intercept, (0, 1), first, second)
    assert np.unravel_index(np.argmin(grid), grid.shape) == (10, 10)


def test_plane_descent_with_every_parameter_free_matches_gradient_descent():
    data = datasets.hours_studied()
    path = plane_descent(data.X, data.y, np.zeros(1), 0.0, (0, 1), (0.0, 0.0), learning_rate=0.3, iterations=40)
    history = gradient_descent(data.X, data.y, learning_rate=0.3, iterations=40)
    np.testing.assert_allclose(path.path[:, 0], history.weights[:, 0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(path.path[:, 1], history.bias, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(path.loss, history.loss, rtol=1e-12)


def test_rates_around_the_smoothness_bound_tell_their_stories():
    data = datasets.hours_studied()
    smooth = plane_smoothness(data.X, (0, 1))
    outcomes = {}
    for factor in (0.05, 1.0, 40.0):
        path = plane_descent(data.X, data.y, np.zeros(1), 0.0, (0, 1), (0.0, 0.0),
                             learning_rate=factor / smooth, iterations=300)
        outcomes[factor] = path
        assert np.all(np.isfinite(path.path)) and np.all(np.isfinite(path.loss))
    assert np.all(np.diff(outcomes[1.0].loss) <= 1e-15)  # below 2/L every step descends
    assert outcomes[0.05].loss[-1] > outcomes[1.0].loss[-1]  # too small crawls
    diverging = outcomes[40.0]
    assert diverging.stop_reason == "diverged"
    assert diverging.outcome() == f"diverged at step {diverging.n_steps}; the loss rose at {diverging.rises} steps"


def test_squared_error_flattens_where_cross_entropy_keeps_pulling(challenger):
    data, fit = challenger
    values = np.linspace(-3, 3, 61)
    ce, se = losses_along_weight(data.X, data.y, fit.coef, fit.intercept, 0, values)
    assert se.max() <= 1.0
    # far from the fit, squared error is nearly flat while cross-entropy still climbs steeply
    assert abs(se[-1] - se[-2]) < 1e-3 < abs(ce[-1] - ce[-2])
    assert squared_error_through_sigmoid([0.0, 0.0], [0.0, 1.0]) == 0.25
    # cross-entropy is convex along any line; its second differences are never negative
    assert np.all(np.diff(ce, 2) >= -1e-12)
