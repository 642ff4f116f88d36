"""An independent red-team of the core's numbers against statsmodels and scikit-learn.

Defects that were confirmed are pinned as strict xfails, each with its smallest reproducer
and the right answer; the awkward cases the core already gets right are pinned as plain
tests so that they stay right.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from logreg_core import (
    DataError,
    LogisticRegression,
    OrdinalLogisticRegression,
    accuracy_path,
    descend,
    detect_separation,
    gradient_descent,
    sigmoid,
    stable_learning_rate,
    threshold_report,
)
from logreg_core.newton import fit_model
from logreg_core.objective import Layout, Objective, original_scale_map
from logreg_core.separation import recession_constraints, separation_of_constraints

# -- helpers ---------------------------------------------------------------------------


def _standardised(X):
    mean, scale = X.mean(axis=0), X.std(axis=0)
    return (X - mean) / scale, mean, scale


def _awkward_features(rng, n, m):
    """Columns on wildly different scales, some far from the origin."""
    return rng.normal(size=(n, m)) * 10 ** rng.uniform(-3, 3, size=m) + rng.choice([0.0, 1e3, -5e4], size=m)


# -- confirmed defects (strict xfails) -----------------------------------------------------


def test_object_dtype_labels_keep_their_values_and_score():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 1))
    y = rng.choice([1, 5, 9], 30)
    as_objects = pd.Series(y).astype(object)  # what a DataFrame column of mixed origin often is
    model = LogisticRegression(solver="newton").fit(X, as_objects)
    # right answer: the same labels and the same accuracy as with an int column (0.5667 here)
    assert model.score(X, as_objects) == pytest.approx(LogisticRegression(solver="newton").fit(X, y).score(X, y))
    assert set(model.predict(X).tolist()) <= {1, 5, 9}


def test_ordinal_integer_categories_accept_object_labels():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(30, 1))
    y = pd.Series(rng.choice([1, 5, 9], 30)).astype(object)
    model = OrdinalLogisticRegression(categories=[1, 5, 9]).fit(X, y)
    assert model.classes_.tolist() == [1, 5, 9]


def test_multinomial_l2_probabilities_do_not_depend_on_the_reference_class():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(30, 2))
    y = rng.integers(0, 3, size=30)
    l2 = 0.1
    theirs = SkLogisticRegression(C=1 / (30 * l2), tol=1e-12, max_iter=10_000).fit(X, y).predict_proba(X)
    for reference in (0, 2):
        ours = LogisticRegression(solver="newton", l2=l2, standardize=False, reference=reference).fit(X, y)
        np.testing.assert_allclose(ours.predict_proba(X), theirs, atol=1e-6)


def test_separated_data_warn_when_the_estimator_stores_coefficients():
    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 0, 1, 1])
    with pytest.warns(UserWarning, match="separat"):
        LogisticRegression(solver="newton").fit(X, y)


def test_binary_reference_is_not_silently_ignored():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = np.where(X[:, 0] + rng.normal(size=40) > 0, "yes", "no")
    with pytest.raises(ValueError, match="reference"):
        LogisticRegression(solver="newton", reference="yes").fit(X, y)
    # the binary model's own reference, the first class, is what it fits anyway
    named = LogisticRegression(solver="newton", reference="no").fit(X, y)
    np.testing.assert_array_equal(named.coef_, LogisticRegression(solver="newton").fit(X, y).coef_)


def test_fit_model_refuses_an_absent_multinomial_class():
    X = np.arange(9.0)[:, None]
    codes = np.array([0, 0, 2, 0, 2, 2, 0, 2, 2])  # class 1 has no row
    with pytest.raises(DataError, match="class"):
        fit_model(X, codes, Layout("multinomial", 1, 3))


def test_fit_model_refuses_an_empty_middle_ordinal_category():
    X = np.arange(9.0)[:, None]
    codes = np.array([0, 0, 2, 0, 2, 2, 0, 2, 2])
    with pytest.raises(DataError, match="categor|class"):
        fit_model(X, codes, Layout("ordinal", 1, 3))


def test_numpy_scalar_settings_are_accepted():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(40, 2))
    y = (X[:, 0] > 0).astype(int)
    LogisticRegression(l2=np.int64(0)).fit(X, y)
    model = LogisticRegression(l2=np.float32(0.1), tol=np.float32(1e-6)).fit(X, y)
    assert model.predict(X, threshold=np.float32(0.3)).shape == (40,)
    with pytest.raises(ValueError, match="l2 must be a number"):
        LogisticRegression(l2=True).fit(X, y)  # a bool is not a penalty strength


def test_stable_learning_rate_refuses_missing_features():
    with pytest.raises(ValueError, match="NaN|missing|finite"):
        stable_learning_rate(np.array([[np.nan], [1.0], [2.0]]))


def test_descend_refuses_a_start_of_the_wrong_length():
    X = np.random.default_rng(1).normal(size=(20, 2))
    codes = np.arange(20) % 3
    with pytest.raises(ValueError, match="start"):
        descend(Objective(X, codes, Layout("ordinal", 2, 3)), np.zeros(3), learning_rate=0.1, iterations=3)


def test_descend_refuses_unordered_start_cutpoints_by_name():
    X = np.random.default_rng(1).normal(size=(20, 2))
    codes = np.arange(20) % 3
    with pytest.raises(ValueError, match="cut-point"):
        descend(Objective(X, codes, Layout("ordinal", 2, 3)), np.r_[0.0, 0.0, 1.0, -1.0], learning_rate=0.1,
                iterations=3)


# -- awkward cases the core gets right -------------------------------------------------------


@pytest.mark.parametrize("seed", range(8))
def test_binomial_on_awkward_scales_matches_statsmodels(seed):
    """Tiny n, features 1e-3..1e3 wide and offset by up to 5e4: statsmodels is run on standardised
    features (on the raw ones it often fails) and mapped back."""
    rng = np.random.default_rng(seed)
    n, m = int(rng.integers(8, 30)), int(rng.integers(1, 4))
    X = _awkward_features(rng, n, m)
    Z, mean, scale = _standardised(X)
    y = (rng.random(n) < sigmoid(Z @ rng.normal(size=m))).astype(float)
    if y.min() == y.max():
        pytest.skip("one class only")
    layout = Layout("binomial", m)
    ours = fit_model(X, y, layout)
    if detect_separation(X, y) is not None:  # the LP decides; statsmodels may "converge" regardless
        assert ours.separation is not None and not ours.converged
        return
    theirs = sm.Logit(y, sm.add_constant(Z)).fit(method="newton", tol=1e-13, maxiter=300, disp=False)
    A = original_scale_map(layout, mean, scale)
    assert ours.converged and ours.separation is None
    np.testing.assert_allclose(ours.params, A @ theirs.params, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.std_err, np.sqrt(np.diag(A @ theirs.cov_params() @ A.T)), rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(theirs.llf, abs=1e-8)
    assert ours.statistics().aic == pytest.approx(theirs.aic, abs=1e-6)


@pytest.mark.parametrize("seed", range(8))
def test_multinomial_with_a_non_first_reference_matches_mnlogit(seed):
    """statsmodels always uses the first level: relabel so that our reference comes first."""
    rng = np.random.default_rng(1000 + seed)
    K, m = int(rng.integers(3, 5)), int(rng.integers(1, 3))
    n = int(rng.integers(5 * K, 40))
    X = _awkward_features(rng, n, m)
    Z, mean, scale = _standardised(X)
    probability = np.exp(Z @ rng.normal(size=(m, K)))
    codes = np.array([rng.choice(K, p=p / p.sum()) for p in probability])
    if np.unique(codes).size < K:
        pytest.skip("a class is missing")
    reference = K - 1
    layout = Layout("multinomial", m, K, reference)
    ours = fit_model(X, codes, layout)
    if separation_of_constraints(*recession_constraints("multinomial", Z, codes, K, reference)) is not None:
        # e.g. seed 4: class 2 lies below every other class; MNLogit still says "converged"
        assert not ours.converged and ours.separation == "quasi-complete"
        return
    order = [reference, *layout.non_reference]
    relabelled = np.array([order.index(code) for code in codes])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sm.MNLogit(relabelled, sm.add_constant(Z)).fit(method="newton", tol=1e-13, maxiter=300, disp=False)
    A = original_scale_map(layout, mean, scale)
    assert ours.converged
    np.testing.assert_allclose(ours.params, A @ np.asarray(theirs.params).T.ravel(), rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(ours.std_err, np.sqrt(np.diag(A @ theirs.cov_params() @ A.T)), rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(theirs.llf, abs=1e-8)


@pytest.mark.parametrize("seed", range(3))
def test_ordinal_on_awkward_scales_matches_ordered_model(seed):
    rng = np.random.default_rng(5000 + seed)
    K, m, n = 4, 2, 40
    X = _awkward_features(rng, n, m)
    Z, mean, scale = _standardised(X)
    codes = np.searchsorted([-1.5, 0.0, 1.5], Z @ rng.normal(size=m) + rng.logistic(size=n))
    if np.unique(codes).size < K:
        pytest.skip("a class is missing")
    layout = Layout("ordinal", m, K)
    ours = fit_model(X, codes, layout)
    model = OrderedModel(pd.Series(pd.Categorical(codes, categories=range(K), ordered=True)), Z, distr="logit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = model.fit(method="bfgs", gtol=1e-11, maxiter=5000, disp=False)
    cutpoints = model.transform_threshold_params(theirs.params)[1:-1]
    expected = original_scale_map(layout, mean, scale) @ np.r_[theirs.params[:m], cutpoints]
    assert ours.converged and ours.separation is None
    np.testing.assert_allclose(ours.params, expected, rtol=1e-6, atol=1e-6)
    assert ours.log_likelihood == pytest.approx(theirs.llf, abs=1e-8)


def test_near_collinear_columns_are_fitted_not_called_separated():
    """Two columns with correlation 1 - 1e-10 leave the Hessian near-singular, which asks the
    separation LP: it must answer "no separation" for all three kinds."""
    rng = np.random.default_rng(0)
    n = 3000
    x = rng.normal(size=n)
    X = np.c_[x, x + rng.normal(size=n) * 1e-5, rng.normal(size=n)]
    y = (rng.random(n) < sigmoid(x)).astype(int)
    extra = (rng.random(n) < 0.3).astype(int)
    for kind, codes, K in (("binomial", y, 2), ("multinomial", y + extra, 3), ("ordinal", y + extra, 3)):
        fit = fit_model(X, codes, Layout(kind, 3, K))
        assert fit.converged and fit.separation is None, kind


def test_one_separable_class_of_three_is_reported_not_fitted():
    """Iris: setosa is separable from the rest, versicolor and virginica overlap. No finite
    unpenalised multinomial estimate exists (statsmodels MNLogit does not converge either)."""
    X, y = load_iris(return_X_y=True)
    for reference in (0, 2):
        with pytest.warns(UserWarning, match="quasi-completely separated"):
            model = LogisticRegression(solver="newton", reference=reference).fit(X, y)
        assert not model.converged_ and model.fit_.separation == "quasi-complete"
        with pytest.raises(DataError, match="quasi-completely separated"):
            model.summary()
    assert LogisticRegression(solver="newton", l2=0.01).fit(X, y).fit_.converged


def test_a_single_row_class_inside_the_others_has_an_estimate():
    X = np.arange(12.0)[:, None]
    codes = np.array([0, 1, 0, 1, 0, 2, 1, 0, 1, 0, 1, 0])
    ours = fit_model(X, codes, Layout("multinomial", 1, 3))
    theirs = sm.MNLogit(codes, sm.add_constant(X)).fit(method="newton", tol=1e-12, maxiter=200, disp=False)
    assert ours.converged and ours.separation is None
    np.testing.assert_allclose(ours.params, np.asarray(theirs.params).T.ravel(), rtol=1e-6, atol=1e-8)


def test_reversing_the_ordinal_categories_flips_every_sign():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 2))
    y = np.array(["lo", "mid", "hi"])[np.searchsorted([-1, 1], X @ [1, -0.5] + rng.logistic(size=40))]
    up = OrdinalLogisticRegression(categories=["lo", "mid", "hi"]).fit(X, y)
    down = OrdinalLogisticRegression(categories=["hi", "mid", "lo"]).fit(X, y)
    np.testing.assert_allclose(down.coef_, -up.coef_, rtol=1e-9)
    np.testing.assert_allclose(down.cutpoints_, -up.cutpoints_[::-1], rtol=1e-9)
    np.testing.assert_allclose(down.predict_proba(X), up.predict_proba(X)[:, ::-1], atol=1e-12)


def test_ordinal_without_standardising_survives_an_offset_of_a_million():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40, 2))
    y = np.searchsorted([-1, 1], X @ [1, -0.5] + rng.logistic(size=40))
    plain = OrdinalLogisticRegression().fit(X, y)
    shifted = OrdinalLogisticRegression(standardize=False).fit(X * 1e4 + 1e6, y)
    assert shifted.converged_
    np.testing.assert_allclose(shifted.coef_ * 1e4, plain.coef_, rtol=1e-7)


def test_quasi_separated_top_category_with_shared_slope_still_has_an_estimate():
    """The top category starts at the largest x of the others, but the slope is shared with the
    lower cut-point, which the two lower categories pin down: an estimate exists."""
    X = np.array([0, 1, 2, 3, 4, 5, 5, 5, 6, 6.0])[:, None]
    codes = np.array([0, 1, 0, 1, 0, 1, 1, 2, 2, 2])
    ours = fit_model(X, codes, Layout("ordinal", 1, 3))
    model = OrderedModel(pd.Series(pd.Categorical(codes, categories=[0, 1, 2], ordered=True)), X, distr="logit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        theirs = model.fit(method="bfgs", gtol=1e-11, maxiter=5000, disp=False)
    assert ours.converged and ours.separation is None
    assert ours.log_likelihood == pytest.approx(theirs.llf, abs=1e-8)


def test_threshold_rule_agrees_where_the_probability_rounds_to_one_half():
    X = np.array([[-1e-17], [1e-17], [-3e-16], [0.0], [5e-17]])
    y = np.array([1, 0, 1, 0, 1.0])
    history = gradient_descent(X, y, learning_rate=1e-300, iterations=1, w0=[1.0])
    path = accuracy_path(X, y, history.weights, history.bias)
    report = threshold_report(y, sigmoid(X[:, 0]), 0.5).accuracy
    np.testing.assert_array_equal(history.accuracy, path)
    assert report == path[0] == pytest.approx(0.4)


@pytest.mark.parametrize("kind", ["multinomial", "ordinal"])
def test_descent_that_blows_up_keeps_only_finite_rows(kind):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2)) * 1e150
    codes = rng.integers(0, 3, size=20)
    codes[:3] = [0, 1, 2]
    objective = Objective(X, codes, Layout(kind, 2, 3))
    for rate in (0.1, 1e300):
        history = descend(objective, objective.null_params(), learning_rate=rate, iterations=20)
        assert history.stop_reason == "diverged"
        assert np.all(np.isfinite(history.params)) and np.all(np.isfinite(history.loss))
        np.testing.assert_allclose(history.params[0], objective.null_params(), rtol=1e-15)  # log/exp round trip


@settings(max_examples=40, deadline=None)
@given(
    kind=st.sampled_from(["multinomial", "ordinal"]),
    magnitude=st.floats(-300, 300),
    params=st.lists(st.floats(-1e6, 1e6), min_size=5, max_size=5),
)
def test_probabilities_stay_in_the_unit_interval_and_sum_to_one_at_extreme_scores(kind, magnitude, params):
    X = np.array([[1.0, -1.0], [-1.0, 1.0], [1.0, 1.0], [0.0, 0.0]]) * 10.0**magnitude
    layout = Layout(kind, 2, 3) if kind == "ordinal" else Layout(kind, 1, 3)
    theta = np.asarray(params[: layout.n_params], dtype=np.float64)
    if kind == "ordinal":
        theta[2:] = np.sort(theta[2:]) + np.r_[0.0, 1.0]  # strictly increasing cut-points
        features = X
    else:
        features = X[:, :1]
    with np.errstate(over="ignore", invalid="ignore"):
        probability = Objective(np.zeros((0, features.shape[1])), np.zeros(0), layout).probabilities(theta, features)
    assert np.all((probability >= 0) & (probability <= 1))
    np.testing.assert_allclose(probability.sum(axis=1), 1.0, rtol=1e-12)


def test_multinomial_probabilities_for_huge_finite_features_are_not_nan():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 2))
    model = LogisticRegression(solver="newton").fit(X, rng.integers(0, 3, 60))
    # coef_ rows: 0 (reference), (-0.211, 0.257), (-0.282, -0.040): at x = (1e308, 1e308) class 1's
    # score is +4.6e306 and class 2's -3.2e307, so class 1 has probability 1
    far = np.array([[1e308, 1e308]])
    np.testing.assert_array_equal(model.predict_proba(far), [[0.0, 1.0, 0.0]])
    assert model.predict(far).tolist() == [1]


_TWELVE_ROWS = np.random.default_rng(0).normal(size=(12, 1))


def test_fit_model_refuses_fractional_class_codes():
    with pytest.raises(DataError, match="code"):
        fit_model(_TWELVE_ROWS, np.array([0, 0.5, 1, 2] * 3), Layout("multinomial", 1, 3))


def test_fit_model_refuses_class_codes_outside_the_layout():
    with pytest.raises(DataError, match="code"):
        fit_model(_TWELVE_ROWS, np.array([0, 1, 2, 3] * 3), Layout("multinomial", 1, 3))


def test_fit_model_refuses_missing_features():
    X = _TWELVE_ROWS.copy()
    X[-1, 0] = np.nan
    with pytest.raises(DataError, match="missing|NaN"):
        fit_model(X, np.array([0, 1, 2] * 4), Layout("multinomial", 1, 3))
