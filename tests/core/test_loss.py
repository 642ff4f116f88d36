import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from logreg_core import cross_entropy, hessian, loss_gradient, pointwise_cross_entropy, sigmoid
from logreg_core import loss as loss_module

from .synthetic import make_overlapping


@pytest.mark.parametrize(
    "z, y, expected",
    [
        (0.0, 1, np.log(2.0)),
        (0.0, 0, np.log(2.0)),
        (1e3, 1, 0.0),  # exp(-1000) underflows: the exact loss is below the smallest float
        (1e3, 0, 1e3),  # confidently wrong: the loss is the score itself
        (-1e3, 0, 0.0),
        (-1e3, 1, 1e3),
        (1e300, 0, 1e300),
        (-1e300, 1, 1e300),
        (1e300, 1, 0.0),
        (40.0, 1, 4.248354255291589e-18),  # log1p(e^-40): tiny but exact, not 0
    ],
)
def test_pinned_values_at_extreme_scores(z, y, expected):
    assert cross_entropy([z], [y]) == pytest.approx(expected, rel=1e-15, abs=0)


def test_matches_probability_formula_where_that_is_safe():
    rng = np.random.default_rng(0)
    z = rng.normal(scale=3, size=500)
    y = (rng.random(500) < 0.5).astype(float)
    p = sigmoid(z)
    naive = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert cross_entropy(z, y) == pytest.approx(naive, rel=1e-12)


@settings(max_examples=300)
@given(
    hnp.arrays(np.float64, st.integers(1, 50), elements=st.floats(allow_nan=False, allow_infinity=False)),
    st.data(),
)
@pytest.mark.slow
def test_loss_is_finite_and_non_negative_for_any_finite_scores(z, data):
    y = data.draw(hnp.arrays(np.float64, z.shape, elements=st.sampled_from([0.0, 1.0])))
    value = cross_entropy(z, y)
    assert np.isfinite(value) and value >= 0.0
    assert np.all(pointwise_cross_entropy(z, y) >= 0.0)


@settings(max_examples=100)
@given(
    hnp.arrays(np.float64, (12, 3), elements=st.floats(-1e3, 1e3)),
    hnp.arrays(np.float64, 3, elements=st.floats(-1e3, 1e3)),
    st.floats(-1e3, 1e3),
)
@pytest.mark.slow
def test_loss_gradient_is_finite_for_large_inputs(X, w, b):
    y = (np.arange(12) % 2).astype(float)
    result = loss_gradient(w, b, X, y)
    assert np.isfinite(result.loss) and result.loss >= 0
    assert np.all(np.isfinite(result.grad_w)) and np.isfinite(result.grad_b)


def numerical_gradient(f, theta, step=1e-6):
    grad = np.zeros_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e[j] = step
        grad[j] = (f(theta + e) - f(theta - e)) / (2 * step)
    return grad


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_gradient_matches_central_differences(l2):
    X, y = make_overlapping(60, 3, seed=5)
    rng = np.random.default_rng(1)
    theta = rng.normal(size=4)

    def objective(t):
        return loss_gradient(t[1:], t[0], X, y, l2).loss

    result = loss_gradient(theta[1:], theta[0], X, y, l2)
    analytic = np.r_[result.grad_b, result.grad_w]
    np.testing.assert_allclose(analytic, numerical_gradient(objective, theta), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("l2", [0.0, 0.3])
def test_hessian_matches_differences_of_the_gradient(l2):
    X, y = make_overlapping(60, 3, seed=6)
    theta = np.array([0.2, -0.5, 0.1, 0.7])

    def gradient(t):
        r = loss_gradient(t[1:], t[0], X, y, l2)
        return np.r_[r.grad_b, r.grad_w]

    numeric = np.column_stack(
        [(gradient(theta + e) - gradient(theta - e)) / 2e-6 for e in np.eye(4) * 1e-6]
    )
    np.testing.assert_allclose(hessian(theta[1:], theta[0], X, l2), numeric, rtol=1e-5, atol=1e-8)


def test_loss_gradient_equals_the_plain_formulas_and_accuracy():
    X, y = make_overlapping(300, 4, seed=7)
    w, b = np.array([0.5, -1.0, 0.2, 0.0]), -0.4
    result = loss_gradient(w, b, X, y, l2=0.1)
    z = X @ w + b
    assert result.loss == pytest.approx(cross_entropy(z, y) + 0.05 * w @ w, rel=1e-14)
    np.testing.assert_allclose(result.grad_w, X.T @ (sigmoid(z) - y) / 300 + 0.1 * w, rtol=1e-12)
    assert result.grad_b == pytest.approx(np.mean(sigmoid(z) - y), rel=1e-12)
    assert result.accuracy == np.mean((z >= 0) == (y == 1))


def test_score_of_exactly_zero_counts_as_class_one():
    X = np.zeros((4, 1))
    y = np.array([1.0, 1.0, 1.0, 0.0])
    assert loss_gradient(np.zeros(1), 0.0, X, y).accuracy == 0.75


def test_blocked_and_threaded_passes_agree_with_one_block(monkeypatch):
    X, y = make_overlapping(5000, 3, seed=8)
    w, b = np.array([0.3, -0.2, 0.5]), 0.1
    whole = loss_gradient(w, b, X, y)
    monkeypatch.setattr(loss_module, "ROWS_PER_BLOCK", 64)  # 79 blocks, split between threads
    blocked = loss_gradient(w, b, X, y)
    assert blocked.loss == pytest.approx(whole.loss, rel=1e-13)
    np.testing.assert_allclose(blocked.grad_w, whole.grad_w, rtol=1e-12)
    assert blocked.accuracy == whole.accuracy
