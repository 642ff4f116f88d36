"""The three families and the objective: derivatives, probabilities, extreme scores, K = 2."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg_core import fit_newton
from logreg_core.families import binomial, multinomial, ordinal
from logreg_core.newton import fit_model
from logreg_core.objective import Layout, Objective, original_scale_map

from .synthetic import make_overlapping

LAYOUTS = [Layout("binomial", 3), Layout("multinomial", 3, 4, reference=1), Layout("ordinal", 3, 4)]


def random_problem(layout, seed=0, n=60, l2=0.1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, layout.n_features))
    codes = np.r_[np.arange(layout.n_classes), rng.integers(0, layout.n_classes, n - layout.n_classes)]
    params = rng.normal(size=layout.n_params) * 0.7
    if layout.kind == "ordinal":
        params[layout.n_features :] = np.sort(params[layout.n_features :]) + np.arange(layout.n_classes - 1)
    return Objective(X, codes, layout, l2=l2), params


def central_difference(function, params, h=1e-6):
    return np.array([(function(params + e) - function(params - e)) / (2 * h) for e in np.eye(params.size) * h])


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_gradient_and_hessian_match_finite_differences(layout):
    objective, params = random_problem(layout)
    np.testing.assert_allclose(objective.evaluate(params).gradient, central_difference(objective.loss, params),
                               atol=1e-8)
    numeric = central_difference(lambda p: objective.evaluate(p).gradient, params)
    np.testing.assert_allclose(objective.hessian(params), numeric, atol=1e-7)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_descent_parametrisation_gradient_matches_finite_differences(layout):
    objective, params = random_problem(layout, seed=3)
    free = objective.to_descent(params)
    np.testing.assert_allclose(objective.from_descent(free), params, rtol=1e-14)
    numeric = central_difference(lambda u: objective.evaluate_descent(u).loss, free)
    np.testing.assert_allclose(objective.evaluate_descent(free).gradient, numeric, atol=1e-8)


@pytest.mark.parametrize("l2", [0.0, 0.1])
@pytest.mark.parametrize("layout", [*LAYOUTS, Layout("multinomial", 2, 3, reference=2), Layout("ordinal", 2, 2)],
                         ids=lambda layout: f"{layout.kind}-{layout.n_classes}")
def test_descent_pass_is_evaluate_descent_and_from_descent_in_one_call(layout, l2):
    objective, params = random_problem(layout, seed=4, l2=l2)
    free = objective.to_descent(params)
    expected = objective.evaluate_descent(free)
    result, at = objective.descent_pass(free)
    np.testing.assert_array_equal(at, objective.from_descent(free))
    assert result.loss == expected.loss and result.accuracy == expected.accuracy
    np.testing.assert_array_equal(result.gradient, expected.gradient)


def test_ordinal_descent_pass_has_no_finite_loss_when_two_cut_points_meet():
    objective, params = random_problem(Layout("ordinal", 3, 4), seed=4)
    free = objective.to_descent(params)
    free[-1] = -800.0  # e^-800 underflows: the last two cut-points coincide
    result, at = objective.descent_pass(free)
    assert at[-1] == at[-2] and result.loss == np.inf and np.all(np.isnan(result.gradient))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_loss_is_the_mean_minus_log_probability_of_the_observed_class(layout):
    objective, params = random_problem(layout, l2=0.0)
    probability = objective.probabilities(params)
    expected = -np.mean(np.log(probability[np.arange(objective.n), objective.codes]))
    assert objective.loss(params) == pytest.approx(expected, rel=1e-12)
    np.testing.assert_allclose(objective.pointwise_loss(params).mean(), expected, rtol=1e-12)


def test_k2_multinomial_and_k2_ordinal_equal_binary_logistic_regression():
    X, y = make_overlapping(300, 3, seed=5)
    binary = fit_newton(X, y)
    as_multinomial = fit_model(X, y, Layout("multinomial", 3, 2))
    np.testing.assert_allclose(as_multinomial.params, binary.params, atol=1e-9)
    np.testing.assert_allclose(as_multinomial.covariance, binary.covariance, rtol=1e-7, atol=1e-12)
    as_ordinal = fit_model(X, y, Layout("ordinal", 3, 2))
    np.testing.assert_allclose(as_ordinal.params[:3], binary.coef, atol=1e-9)
    assert as_ordinal.params[3] == pytest.approx(-binary.intercept, abs=1e-9)  # cut-point = -intercept
    assert as_ordinal.log_likelihood == pytest.approx(binary.log_likelihood, rel=1e-12)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_original_scale_map_preserves_every_probability(layout):
    objective, params = random_problem(layout)
    mean, scale = np.array([5.0, -2.0, 1e3]), np.array([2.0, 0.5, 40.0])
    X_original = objective.X * scale + mean
    mapped = original_scale_map(layout, mean, scale) @ params
    np.testing.assert_allclose(objective.probabilities(mapped, X_original), objective.probabilities(params),
                               rtol=1e-10, atol=1e-14)


extreme = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(st.lists(extreme, min_size=3, max_size=3), st.integers(0, 2))
def test_multinomial_probabilities_and_loss_at_extreme_scores(scores, code):
    scores = np.array([scores])
    probability = multinomial.probabilities(scores)
    assert np.all((probability >= 0) & (probability <= 1))
    assert probability.sum() == pytest.approx(1.0, abs=1e-12)
    loss = multinomial.pointwise_loss(scores, [code])
    assert np.isfinite(loss[0]) and loss[0] >= 0


@settings(max_examples=60, deadline=None)
@given(extreme, st.lists(st.floats(min_value=-1e6, max_value=1e6), min_size=3, max_size=3, unique=True),
       st.integers(0, 3))
def test_ordinal_probabilities_and_loss_at_extreme_scores(eta, cutpoints, code):
    cutpoints = np.sort(cutpoints)
    probability = ordinal.probabilities([eta], cutpoints)
    assert np.all((probability >= 0) & (probability <= 1))
    assert probability.sum() == pytest.approx(1.0, abs=1e-12)
    loss = ordinal.pointwise_loss([eta], cutpoints, [code])
    assert np.isfinite(loss[0]) and loss[0] >= 0


@settings(max_examples=60, deadline=None)
@given(extreme, st.integers(0, 1))
def test_binomial_probabilities_and_loss_at_extreme_scores(z, label):
    probability = binomial.probabilities([z])
    assert np.all((probability >= 0) & (probability <= 1)) and probability.sum() == pytest.approx(1.0)
    loss = binomial.pointwise_loss([z], [label])
    assert np.isfinite(loss[0]) and loss[0] >= 0


def test_ordinal_log_probability_keeps_precision_far_in_the_tails():
    # sigma(-40) - sigma(-50) is about e^-40: subtracting probabilities would keep few digits
    log_p = ordinal.log_interval_probability(np.array([-40.0]), np.array([-50.0]))
    exact = np.log(np.exp(-40.0) / (1 + np.exp(-40.0)) - np.exp(-50.0) / (1 + np.exp(-50.0)))
    assert log_p[0] == pytest.approx(exact, rel=1e-14)
    far = ordinal.log_interval_probability(np.array([-1000.0]), np.array([-1001.0]))
    assert far[0] == pytest.approx(-1000.0 + np.log(1 - np.exp(-1.0)), rel=1e-14)


def test_increments_keep_cutpoints_ordered():
    cutpoints = ordinal.cutpoints_from_increments([-3.0, -5.0, 2.0, -1.0])
    assert np.all(np.diff(cutpoints) > 0)
    np.testing.assert_allclose(ordinal.increments_from_cutpoints(cutpoints), [-3.0, -5.0, 2.0, -1.0])


def test_null_parameters_reproduce_the_class_shares_and_null_likelihood():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(200, 2))
    codes = rng.choice(4, size=200, p=[0.1, 0.2, 0.3, 0.4])
    shares = np.bincount(codes) / 200
    for layout in (Layout("multinomial", 2, 4, reference=2), Layout("ordinal", 2, 4)):
        objective = Objective(X, codes, layout)
        null = objective.null_params()
        np.testing.assert_allclose(objective.probabilities(null), np.tile(shares, (200, 1)), rtol=1e-12)
        assert objective.log_likelihood(null) == pytest.approx(objective.null_log_likelihood(), rel=1e-12)


def test_increments_gradient_is_the_jacobian_transpose_times_the_cutpoint_gradient():
    rng = np.random.default_rng(12)
    increments = rng.standard_normal(6) * 3.0
    cutpoint_gradient = rng.standard_normal(6)
    expected = ordinal.increments_jacobian(increments).T @ cutpoint_gradient
    np.testing.assert_allclose(ordinal.increments_gradient(increments, cutpoint_gradient), expected, rtol=1e-13)
