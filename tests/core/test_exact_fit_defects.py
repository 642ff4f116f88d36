"""The defects of issue 12's "An exact fit that never lies", each pinned by its reproducer."""

import numpy as np
import pytest
import statsmodels.api as sm
from sklearn.datasets import load_iris

from logreg_core import (
    LogisticRegression,
    TrainingSettings,
    accuracy_path,
    confusion_counts,
    detect_separation,
    fit_newton,
    gradient_descent,
    loss_gradient,
    roc_auc,
    sigmoid,
    threshold_report,
    threshold_sweep,
    train,
)
from logreg_core import newton as newton_module

from .synthetic import make_overlapping


def test_1_quasi_separated_data_are_not_reported_as_converged():
    X, y = np.array([0, 1, 0, 1, 1, 2, 0, 1.0])[:, None], np.array([0, 0, 0, 1, 1, 1, 0, 1.0])
    assert detect_separation(X, y) == "quasi-complete"
    result = fit_newton(X, y)
    assert result.separation == "quasi-complete"
    assert not result.converged and result.covariance is None


def test_2_a_singular_hessian_never_escapes_as_linalgerror():
    X, y = np.array([1, 0, 2, 2, 2, 2, 1, 1, 0, 1.0])[:, None], np.array([0, 1, 0, 0, 0, 0, 0, 1, 1, 1.0])
    result = fit_newton(X, y)
    assert result.separation == "quasi-complete" and not result.converged
    run = train(X, y, TrainingSettings(iterations=50))
    assert run.reference is not None and run.reference.separation == "quasi-complete"
    assert run.status.kind == "separated"


def test_3_data_with_an_estimate_converge_as_statsmodels_does():
    x = np.array([1.3, -0.2, -0.9, -0.6, -0.6, 1.0, 0.8, 0.3, 0.7, 0.9])
    y = np.array([1, 0, 0, 0, 0, 1, 1, 0, 1, 0.0])
    result = fit_newton(x[:, None], y)
    reference = sm.Logit(y, sm.add_constant(x)).fit(disp=False)
    assert result.converged and result.n_iter <= 12
    np.testing.assert_allclose(result.params, reference.params, atol=1e-6)


@pytest.mark.parametrize("offset", [0.0, 50.0, 3e5])
def test_3_iris_versicolor_against_virginica_converges_with_raw_and_offset_features(offset):
    iris = load_iris()
    rows = iris.target > 0
    X, y = iris.data[rows] + offset, (iris.target[rows] == 2).astype(float)
    result = fit_newton(X, y)
    reference = sm.Logit(y, sm.add_constant(iris.data[rows])).fit(method="newton", tol=1e-12, disp=False)
    assert result.converged and result.n_iter < 30
    np.testing.assert_allclose(result.coef, reference.params[1:], rtol=1e-6)
    assert result.log_likelihood == pytest.approx(reference.llf, rel=1e-9)


def test_4_history_row_zero_is_always_the_start():
    X, y = [[1e300], [2e300], [-1e300], [-3e300]], [1, 1, 0, 0.0]
    first = gradient_descent(X, y, learning_rate=0.1, iterations=10)
    second = gradient_descent(X, y, learning_rate=0.1, iterations=10)
    assert first.weights[0, 0] == 0.0 and first.bias[0] == 0.0
    assert first.loss[0] == pytest.approx(np.log(2.0), rel=1e-15)
    np.testing.assert_array_equal(first.loss, second.loss)
    assert np.all(np.isfinite(first.loss)) and np.all(np.isfinite(first.grad_norm))
    started_high = gradient_descent([[1.0], [2.0], [-1.0], [-3.0]], y, learning_rate=0.1, iterations=5, w0=[1e308])
    assert started_high.weights[0, 0] == 1e308 and np.isfinite(started_high.loss[0])
    confident = gradient_descent(X, y, learning_rate=0.1, iterations=3, w0=[1e308])
    assert confident.weights[0, 0] == 1e308 and confident.loss[0] == 0.0  # right, and infinitely sure
    with pytest.raises(ValueError, match="loss at the start is not finite"):
        gradient_descent(X, y, learning_rate=0.1, iterations=10, w0=[-1e308])


def test_5_offset_and_huge_features_are_solved_in_a_scaled_basis():
    X, y = make_overlapping(300, 2, seed=6)
    plain = fit_newton(X, y)
    offset = fit_newton(np.c_[X[:, 0] + 1e6, X[:, 1]], y)
    assert offset.converged
    np.testing.assert_allclose(offset.coef, plain.coef, rtol=1e-6)
    huge = fit_newton(X * 1e300, y)
    assert huge.converged
    np.testing.assert_allclose(huge.coef * 1e300, plain.coef, rtol=1e-9)
    assert huge.intercept == pytest.approx(plain.intercept, rel=1e-9)


def test_6_with_l2_the_separation_programme_is_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the separation LP ran although L2 guarantees a finite optimum")

    monkeypatch.setattr(newton_module, "separation_of_constraints", refuse)
    X = np.array([0, 1, 0, 1, 1, 2, 0, 1.0])[:, None]
    y = np.array([0, 0, 0, 1, 1, 1, 0, 1.0])
    result = fit_newton(X, y, l2=0.1)
    assert result.converged and result.covariance is not None


def test_7_one_threshold_rule_where_the_probability_rounds_to_the_threshold():
    # sigma(-1e-17) rounds to exactly 0.5, so the point is called class 1 at t = 0.5 everywhere
    X, y = np.array([[1.0], [1.0]]), np.array([1.0, 0.0])
    w, b = np.array([-1e-17]), 0.0
    p = sigmoid(X @ w + b)
    assert np.all(p == 0.5)
    assert loss_gradient(w, b, X, y).accuracy == 0.5
    assert accuracy_path(X, y, w[None, :], [b], 0.5)[0] == 0.5
    counts = confusion_counts(y, p, 0.5)
    assert counts.true_positive == 1 and counts.false_positive == 1
    # at another threshold: a score just below logit(t) whose probability still rounds to t
    t = 0.3
    z = np.log(t) - np.log1p(-t)
    while sigmoid(np.nextafter(z, -np.inf)) >= t:
        z = np.nextafter(z, -np.inf)
    assert sigmoid(z) >= t
    accuracy = accuracy_path(np.array([[1.0]]), np.array([1.0]), np.array([[z]]), [0.0], t)
    assert accuracy[0] == 1.0
    history = gradient_descent(X, y, learning_rate=0.1, iterations=0, w0=w)
    assert history.accuracy[0] == 0.5


@pytest.mark.parametrize("threshold", [1.5, -0.1, float("nan")])
def test_8_thresholds_outside_zero_one_are_refused(threshold):
    y, p = np.array([0.0, 1.0]), np.array([0.2, 0.7])
    with pytest.raises(ValueError, match="threshold must be a probability between 0 and 1"):
        confusion_counts(y, p, threshold)
    with pytest.raises(ValueError, match="threshold must be a probability between 0 and 1"):
        threshold_report(y, p, threshold)
    with pytest.raises(ValueError, match="threshold must be a probability between 0 and 1"):
        accuracy_path(np.array([[1.0], [2.0]]), y, [[0.1]], [0.0], threshold)
    model = LogisticRegression(max_iter=5).fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="threshold"):
        model.predict(np.array([[1.0]]), threshold=threshold)


def test_8_nan_settings_and_nan_probabilities_are_refused():
    X, y = make_overlapping(50, 1, seed=0)
    with pytest.raises(ValueError, match="tol must be"):
        gradient_descent(X, y, learning_rate=0.1, iterations=5, tol=float("nan"))
    with pytest.raises(ValueError, match="tol must be"):
        fit_newton(X, y, tol=float("nan"))
    with pytest.raises(ValueError, match="divergence_factor must be"):
        gradient_descent(X, y, learning_rate=0.1, iterations=5, divergence_factor=float("nan"))
    with pytest.raises(ValueError, match="missing or outside"):
        roc_auc(threshold_sweep([0, 1, 0, 1], [0.1, float("nan"), 0.3, 0.8]))
