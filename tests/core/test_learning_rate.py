"""stable_learning_rate: below it descent never raises the loss; well above it, it does."""

import numpy as np
import pytest
import statsmodels.api as sm

from logreg_core import descend, gradient_descent
from logreg_core.descent import count_rises, stable_learning_rate
from logreg_core.objective import Layout, Objective


@pytest.fixture(scope="module")
def spector():
    data = sm.datasets.spector.load_pandas().data
    return data[["GPA", "TUCE", "PSI"]].to_numpy(), data["GRADE"].to_numpy()


def test_binary_bound_is_eight_n_over_the_largest_eigenvalue(spector):
    X, _ = spector
    X_tilde = np.column_stack([np.ones(len(X)), X])
    expected = 8 * len(X) / np.linalg.eigvalsh(X_tilde.T @ X_tilde)[-1]
    assert stable_learning_rate(X) == pytest.approx(expected, rel=1e-12)
    assert stable_learning_rate(X, l2=0.5) < expected


@pytest.mark.slow
@pytest.mark.parametrize("standardize", [False, True])
def test_descent_just_below_the_bound_never_raises_the_loss_on_spector(spector, standardize):
    X, y = spector
    rate = stable_learning_rate(X, standardize=standardize)
    X_fit = (X - X.mean(axis=0)) / X.std(axis=0) if standardize else X
    history = gradient_descent(X_fit, y, learning_rate=0.99 * rate, iterations=3000)
    assert history.stop_reason != "diverged" and count_rises(history.loss) == 0
    overshooting = gradient_descent(X_fit, y, learning_rate=3 * rate, iterations=3000)
    assert count_rises(overshooting.loss) > 0  # the bound is not needlessly small


def test_multinomial_bound_on_badly_scaled_features():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 3)) * [1.0, 10.0, 100.0] + [0.0, 50.0, -300.0]
    codes = rng.integers(0, 4, 300)
    objective = Objective(X, codes, Layout("multinomial", 3, 4))
    rate = stable_learning_rate(X, kind="multinomial", n_classes=4)
    history = descend(objective, np.zeros(12), learning_rate=0.99 * rate, iterations=2000)
    assert history.stop_reason != "diverged" and count_rises(history.loss) == 0
    too_fast = descend(objective, np.zeros(12), learning_rate=10 * rate, iterations=2000)
    assert too_fast.stop_reason == "diverged"


def test_multinomial_history_keeps_every_step_with_class_views():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(60, 2))
    objective = Objective(X, rng.integers(0, 3, 60), Layout("multinomial", 2, 3))
    history = descend(objective, np.zeros(6), learning_rate=0.5, iterations=10)
    assert history.params.shape == (11, 6)
    assert history.weights.shape == (11, 2, 2) and history.bias.shape == (11, 2)
    np.testing.assert_array_equal(history.weights[:, 1, :], history.params[:, 4:])
    for k in (0, 5, 10):
        assert history.loss[k] == objective.loss(history.params[k])
