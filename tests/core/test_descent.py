import numpy as np
import pytest

from logreg_core import fit_newton, gradient_descent, loss_gradient

from .synthetic import make_overlapping


def standardized(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


@pytest.mark.parametrize("seed, m", [(0, 1), (1, 3), (2, 5)])
def test_reaches_the_maximum_likelihood_optimum(seed, m):
    X, y = make_overlapping(400, m, seed)
    X = standardized(X)
    history = gradient_descent(X, y, learning_rate=1.0, iterations=20_000, tol=1e-10)
    reference = fit_newton(X, y)
    assert history.stop_reason == "tolerance"
    np.testing.assert_allclose(history.final_weights, reference.coef, atol=1e-4)
    assert history.final_bias == pytest.approx(reference.intercept, abs=1e-4)


def test_first_step_follows_the_notes_update_rule(notes):
    history = gradient_descent(notes.X, notes.y, learning_rate=0.01, iterations=1)
    n = notes.n_rows
    residual = 0.5 - notes.y  # sigma(0) - y at the zero start
    np.testing.assert_array_equal(history.weights[0], [0.0, 0.0])
    np.testing.assert_allclose(history.weights[1], -0.01 * notes.X.T @ residual / n, rtol=1e-15)
    assert history.bias[1] == pytest.approx(-0.01 * residual.mean(), rel=1e-15)
    assert history.loss[0] == pytest.approx(np.log(2.0), rel=1e-15)
    assert history.accuracy[0] == 0.75  # every z is 0, so every point is called class 1


def test_history_rows_describe_each_step(notes):
    history = gradient_descent(notes.X, notes.y, learning_rate=0.05, iterations=30, l2=0.01)
    assert history.weights.shape == (31, 2)
    for k in (0, 7, 30):
        step = loss_gradient(history.weights[k], history.bias[k], notes.X, notes.y, 0.01)
        assert history.loss[k] == pytest.approx(step.loss, rel=1e-14)
        assert history.grad_norm[k] == pytest.approx(np.hypot(np.linalg.norm(step.grad_w), step.grad_b), rel=1e-14)
        assert history.accuracy[k] == step.accuracy
    assert history.stop_reason == "iterations" and history.n_steps == 30


def test_history_is_immutable(notes):
    history = gradient_descent(notes.X, notes.y, learning_rate=0.05, iterations=3)
    for name in ("weights", "bias", "loss", "grad_norm", "accuracy"):
        with pytest.raises(ValueError):
            getattr(history, name)[0] = 1.0
    with pytest.raises(AttributeError):
        history.stop_reason = "tolerance"


@pytest.mark.parametrize("learning_rate", [10.0, 1e6, 1e300])
def test_huge_learning_rate_diverges_with_finite_arrays(notes, learning_rate):
    history = gradient_descent(notes.X, notes.y, learning_rate=learning_rate, iterations=200)
    assert history.stop_reason == "diverged"
    assert history.n_steps < 200
    for name in ("weights", "bias", "loss", "grad_norm", "accuracy"):
        assert np.all(np.isfinite(getattr(history, name)))


def test_small_rate_never_raises_the_loss(notes):
    history = gradient_descent(notes.X, notes.y, learning_rate=0.01, iterations=300)
    assert np.all(np.diff(history.loss) <= 1e-15)


def test_separable_data_keeps_growing_weights(notes):
    X = standardized(notes.X)
    history = gradient_descent(X, notes.y, learning_rate=1.0, iterations=2000)
    norms = np.linalg.norm(history.weights, axis=1)
    assert history.stop_reason == "iterations"
    assert norms[-1] > norms[1000] > norms[100]
    assert history.accuracy[-1] == 1.0


def test_settings_are_checked(notes):
    with pytest.raises(ValueError, match="learning_rate"):
        gradient_descent(notes.X, notes.y, learning_rate=0.0, iterations=5)
    with pytest.raises(ValueError, match="iterations"):
        gradient_descent(notes.X, notes.y, learning_rate=0.1, iterations=-1)
    history = gradient_descent(notes.X, notes.y, learning_rate=0.1, iterations=0)
    assert history.n_steps == 0 and history.loss.shape == (1,)


def test_start_weights_are_used(notes):
    history = gradient_descent(notes.X, notes.y, learning_rate=0.01, iterations=2, w0=[0.5, -0.5], b0=1.0)
    np.testing.assert_array_equal(history.weights[0], [0.5, -0.5])
    assert history.bias[0] == 1.0
