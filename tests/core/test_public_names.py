"""The binary public names are the binomial case of the generic path, to the last bit or nearly."""

import numpy as np
import pytest

from logreg_core import (
    cross_entropy,
    descend,
    fit_model,
    fit_newton,
    gradient_descent,
    hessian,
    loss_gradient,
)
from logreg_core.objective import Layout, Objective

from .synthetic import make_overlapping


@pytest.fixture
def problem():
    X, y = make_overlapping(200, 3, seed=12)
    return X, y, Objective(X, y, Layout("binomial", 3), l2=0.05)


def test_loss_gradient_hessian_and_cross_entropy_equal_the_objective(problem):
    X, y, objective = problem
    w, b = np.array([0.3, -0.2, 0.1]), 0.4
    result, generic = loss_gradient(w, b, X, y, 0.05), objective.evaluate(np.r_[b, w])
    assert result.loss == generic.loss and result.accuracy == generic.accuracy
    np.testing.assert_allclose(np.r_[result.grad_b, result.grad_w], generic.gradient, rtol=1e-14, atol=1e-17)
    np.testing.assert_allclose(hessian(w, b, X, 0.05), objective.hessian(np.r_[b, w]), rtol=1e-12, atol=1e-15)
    unpenalised = Objective(X, y, Layout("binomial", 3))
    assert cross_entropy(X @ w + b, y) == pytest.approx(unpenalised.loss(np.r_[b, w]), rel=1e-14)


def test_gradient_descent_is_descend_on_the_binomial_objective(problem):
    X, y, objective = problem
    history = gradient_descent(X, y, learning_rate=0.2, iterations=30, l2=0.05)
    generic = descend(objective, np.zeros(4), learning_rate=0.2, iterations=30)
    np.testing.assert_array_equal(history.params, generic.params)
    np.testing.assert_array_equal(history.weights, generic.params[:, 1:])
    np.testing.assert_array_equal(history.bias, generic.params[:, 0])


def test_fit_newton_is_fit_model_with_the_binomial_layout(problem):
    X, y, _ = problem
    result = fit_newton(X, y, l2=0.05)
    generic = fit_model(X, y, Layout("binomial", 3), l2=0.05)
    np.testing.assert_array_equal(result.params, generic.params)
    np.testing.assert_array_equal(result.covariance, generic.covariance)
    assert result.log_likelihood == generic.log_likelihood and result.n_iter == generic.n_iter
