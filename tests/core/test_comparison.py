"""The comparison of model kinds: its numbers are those of separate fits, by the core and by statsmodels."""

import warnings
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from logreg_core import stratified_split
from logreg_core.comparison import (
    ComparisonError,
    at_or_above,
    compare_one_vs_rest,
    compare_ordinal,
    curves_along,
    fit_ordinal_models,
    multinomial_cut_score,
    normalised_log_probability,
    row_sum_gap,
)
from logreg_core.functions import sigmoid
from logreg_core.newton import fit_model
from logreg_core.objective import Layout
from logreg_core.proportional_odds import partial_proportional_odds_test
from logreg_core.tabular import catalogue

CUT = 4  # "independent Republican" or above: the Republican side of anes96


@pytest.fixture(scope="module")
def anes_parts():
    dataset = catalogue.load("anes96")
    train, test = stratified_split(dataset.y, 0.25, 3)
    return dataset.X[train], dataset.y[train], dataset.X[test], dataset.y[test]


@pytest.fixture(scope="module")
def comparison(anes_parts):
    X, y, X_test, y_test = anes_parts
    return compare_ordinal(X, y, 7, CUT, X_test, y_test)


@pytest.fixture(scope="module")
def statsmodels_fits(anes_parts):
    X, y, _, _ = anes_parts
    endog = pd.Series(pd.Categorical(y.astype(int), categories=range(7), ordered=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        ordered = OrderedModel(endog, X, distr="logit").fit(method="bfgs", gtol=1e-11, maxiter=10_000, disp=False)
    mnlogit = sm.MNLogit(y, sm.add_constant(X)).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    logits = [sm.Logit(at_or_above(y, c), sm.add_constant(X)).fit(method="newton", tol=1e-12, disp=False)
              for c in range(1, 7)]
    return ordered, mnlogit, logits


def test_the_fits_are_the_core_fits_on_the_training_rows(anes_parts, comparison):
    X, y, _, _ = anes_parts
    ordinal = fit_model(X, y, Layout("ordinal", 5, 7))
    multinomial = fit_model(X, y, Layout("multinomial", 5, 7))
    binary = fit_model(X, (y >= CUT).astype(float), Layout("binomial", 5))
    for ours, separate in ((comparison.ordinal, ordinal), (comparison.multinomial, multinomial),
                           (comparison.binary, binary)):
        np.testing.assert_allclose(ours.params, separate.params, rtol=0, atol=1e-12)
    assert comparison.n_train == y.size and comparison.n_test == 237


def test_the_table_equals_statsmodels(anes_parts, comparison, statsmodels_fits):
    X, y, X_test, y_test = anes_parts
    ordered, mnlogit, logits = statsmodels_fits
    ordinal_score, multinomial_score, binary_score = comparison.scores
    assert [score.model for score in comparison.scores] == ["ordinal", "multinomial", "binary"]
    assert [score.n_params for score in comparison.scores] == [5 + 6, 6 * 6, 6]
    assert ordinal_score.log_likelihood == pytest.approx(ordered.llf, abs=1e-6)
    assert ordinal_score.aic == pytest.approx(ordered.aic, abs=1e-6)
    assert ordinal_score.bic == pytest.approx(ordered.bic, abs=1e-6)
    assert multinomial_score.log_likelihood == pytest.approx(mnlogit.llf, abs=1e-6)
    assert multinomial_score.aic == pytest.approx(mnlogit.aic, abs=1e-6)
    assert multinomial_score.bic == pytest.approx(mnlogit.bic, abs=1e-6)
    logit = logits[CUT - 1]
    assert binary_score.log_likelihood == pytest.approx(logit.llf, abs=1e-6)
    assert binary_score.aic == pytest.approx(logit.aic, abs=1e-6)
    assert binary_score.bic == pytest.approx(logit.bic, abs=1e-6)
    # held-out log-loss and accuracy, from statsmodels' predictions
    codes = y_test.astype(int)
    rows = np.arange(codes.size)
    ordered_p = ordered.model.predict(ordered.params, exog=X_test)
    mn_p = np.asarray(mnlogit.predict(sm.add_constant(X_test)))
    logit_p = logit.predict(sm.add_constant(X_test))
    question = (codes >= CUT).astype(float)
    assert ordinal_score.test_log_loss == pytest.approx(-np.mean(np.log(ordered_p[rows, codes])), abs=1e-6)
    assert multinomial_score.test_log_loss == pytest.approx(-np.mean(np.log(mn_p[rows, codes])), abs=1e-6)
    assert binary_score.test_log_loss == pytest.approx(
        -np.mean(question * np.log(logit_p) + (1 - question) * np.log(1 - logit_p)), abs=1e-6)
    assert ordinal_score.test_accuracy == np.mean(ordered_p.argmax(axis=1) == codes)
    assert multinomial_score.test_accuracy == np.mean(mn_p.argmax(axis=1) == codes)
    assert binary_score.test_accuracy == np.mean((logit_p >= 0.5) == question)
    # every model's P(y >= cut) scored on the same yes/no question
    for score, p_above in ((ordinal_score, ordered_p[:, CUT:].sum(axis=1)), (multinomial_score, mn_p[:, CUT:].sum(axis=1)),
                           (binary_score, logit_p)):
        expected = -np.mean(question * np.log(p_above) + (1 - question) * np.log(1 - p_above))
        assert score.cut_log_loss == pytest.approx(expected, abs=1e-6)


def test_every_cut_slope_is_the_separate_logit_and_the_ordinal_slope_is_ordered_models(comparison, statsmodels_fits):
    ordered, _, logits = statsmodels_fits
    np.testing.assert_allclose(comparison.cut_slopes, [logit.params[1:] for logit in logits], atol=1e-6)
    np.testing.assert_allclose(comparison.cut_low, [logit.conf_int()[1:, 0] for logit in logits], atol=1e-6)
    np.testing.assert_allclose(comparison.cut_high, [logit.conf_int()[1:, 1] for logit in logits], atol=1e-6)
    np.testing.assert_allclose(comparison.binary_slopes, logits[CUT - 1].params[1:], atol=1e-6)
    np.testing.assert_allclose(comparison.ordinal_slopes, ordered.params[:5], atol=1e-6)
    np.testing.assert_allclose(comparison.ordinal_intervals, ordered.conf_int()[:5], atol=1e-5)
    # same sign convention: P(y >= c) = sigma(x.beta - theta_(c-1)); selfLR pushes towards Republican in both
    assert comparison.ordinal_slopes[1] > 0.5 and np.all(comparison.cut_slopes[:, 1] > 0.5)


def test_the_likelihood_ratio_tests_are_the_partial_proportional_odds_tests(anes_parts, comparison):
    X, y, _, _ = anes_parts
    assert len(comparison.lr_tests) == 5
    for k, result in enumerate(comparison.lr_tests):
        separate = partial_proportional_odds_test(X, y, 7, k)
        assert result.feature == k and result.df == 5
        assert result.chi_square == pytest.approx(separate.chi_square, abs=1e-6)
        assert result.p_value == pytest.approx(separate.p_value, abs=1e-9)


def test_the_curves_hold_the_other_features_at_their_training_means(anes_parts, comparison, statsmodels_fits):
    X, _, _, _ = anes_parts
    ordered, mnlogit, logits = statsmodels_fits
    curves = curves_along(comparison, 1, n_points=11)
    np.testing.assert_allclose(curves.values, np.linspace(X[:, 1].min(), X[:, 1].max(), 11))
    rows = np.tile(X.mean(axis=0), (11, 1))
    rows[:, 1] = curves.values
    np.testing.assert_allclose(curves.probabilities["ordinal"], ordered.model.predict(ordered.params, exog=rows),
                               atol=1e-6)
    np.testing.assert_allclose(curves.probabilities["multinomial"], mnlogit.predict(sm.add_constant(rows, has_constant="add")),
                               atol=1e-6)
    above = logits[CUT - 1].predict(sm.add_constant(rows, has_constant="add"))
    np.testing.assert_allclose(curves.probabilities["binary"], np.column_stack([1 - above, above]), atol=1e-6)
    with pytest.raises(ValueError, match="column index 0..4"):
        curves_along(comparison, 5)


def test_one_vs_rest_against_multinomial_on_the_same_rows():
    dataset = catalogue.load("anes96")
    X, y = dataset.X, dataset.y
    result = compare_one_vs_rest(X, y, 7)
    logits = [sm.Logit((y == k).astype(float), sm.add_constant(X)).fit(method="newton", tol=1e-12, disp=False)
              for k in range(7)]
    mnlogit = sm.MNLogit(y, sm.add_constant(X)).fit(method="newton", tol=1e-12, maxiter=100, disp=False)
    for ours, theirs in zip(result.one_vs_rest, logits):
        np.testing.assert_allclose(ours.params, theirs.params, atol=1e-6)
    own = np.column_stack([logit.predict(sm.add_constant(X)) for logit in logits])
    gap = np.abs(own.sum(axis=1) - 1)
    assert result.sum_gap_max == pytest.approx(gap.max(), abs=1e-6)
    assert result.sum_gap_mean == pytest.approx(gap.mean(), abs=1e-6)
    assert result.sum_gap_max > 0.05  # the K separate fits do not sum to one
    multinomial_score, one_vs_rest_score = result.scores
    assert multinomial_score.log_likelihood == pytest.approx(mnlogit.llf, abs=1e-6)
    assert one_vs_rest_score.n_params == 7 * 6
    normalised = own / own.sum(axis=1, keepdims=True)
    expected = np.sum(np.log(normalised[np.arange(y.size), y.astype(int)]))
    assert one_vs_rest_score.log_likelihood == pytest.approx(expected, abs=1e-6)
    curves = curves_along(result, 0, n_points=5)
    np.testing.assert_allclose(curves.probabilities["multinomial"].sum(axis=1), 1.0)
    assert np.max(np.abs(curves.probabilities["one_vs_rest"].sum(axis=1) - 1)) > 0.01


def test_one_vs_rest_held_out_numbers():
    dataset = catalogue.load("clouds")
    train, test = stratified_split(dataset.y, 0.3, 1)
    result = compare_one_vs_rest(dataset.X[train], dataset.y[train], 3, dataset.X[test], dataset.y[test])
    scores = np.column_stack([dataset.X[test] @ fit.params[1:] + fit.params[0] for fit in result.one_vs_rest])
    own = sigmoid(scores)
    codes = dataset.y[test].astype(int)
    normalised = own / own.sum(axis=1, keepdims=True)
    assert result.scores[1].test_log_loss == pytest.approx(-np.mean(np.log(normalised[np.arange(codes.size), codes])))
    assert result.scores[1].test_accuracy == np.mean(own.argmax(axis=1) == codes)
    assert result.n_test == test.size


def test_small_formulas_are_stable():
    # P(y >= c) from class scores far beyond exp's range
    scores = np.array([[0.0, 800.0, 900.0], [0.0, -900.0, -800.0]])
    np.testing.assert_allclose(multinomial_cut_score(scores, 2), [100.0, -800.0])
    assert np.all(np.isfinite(normalised_log_probability(np.array([[-800.0, -900.0]]), [1])))
    np.testing.assert_allclose(row_sum_gap([[0.5, 0.7], [0.2, 0.8]]), [0.2, 0.0], atol=1e-15)
    np.testing.assert_array_equal(at_or_above([0, 1, 2, 3], 2), [0, 0, 1, 1])


@pytest.mark.parametrize(("codes", "n_classes", "cut", "kind"), [
    ([0, 1, 0, 1, 1, 0], 2, 1, "too_few_classes"),
    ([0, 1, 2, 0, 1, 2], 3, 0, "cut_out_of_range"),
    ([0, 1, 2, 0, 1, 2], 3, 3, "cut_out_of_range"),
    ([0, 1, 0, 1, 0, 1], 4, 3, "empty_side"),
])
def test_problems_are_kinds_with_their_numbers(codes, n_classes, cut, kind):
    X = np.arange(len(codes), dtype=float)[:, None]
    with pytest.raises(ComparisonError) as raised:
        compare_ordinal(X, codes, n_classes, cut)
    error = raised.value
    assert error.kind == kind and error.n_classes == n_classes
    if kind == "empty_side":
        assert (error.cut, error.n_below, error.n_above) == (3, 6, 0)
    with pytest.raises(ComparisonError, match="too_few_classes"):
        compare_one_vs_rest(X, [0, 1, 0, 1, 1, 0], 2)


def test_a_separated_model_is_named():
    iris = catalogue.load("iris")
    with pytest.raises(ComparisonError) as raised:
        compare_one_vs_rest(iris.X, iris.y, 3)
    assert raised.value.kind == "no_estimate" and raised.value.model == "multinomial"
    assert raised.value.separation is not None
    # with L2 every fit is finite, and the one-vs-rest sums still miss one
    result = compare_one_vs_rest(iris.X, iris.y, 3, l2=0.01)
    assert result.sum_gap_max > 0.1


@pytest.mark.slow
def test_fits_made_once_serve_every_cut(anes_parts, comparison):
    X, y, X_test, y_test = anes_parts
    fits = fit_ordinal_models(X, y, 7)
    for cut in (1, CUT, 6):
        shared = compare_ordinal(X, y, 7, cut, X_test, y_test, fits=fits)
        alone = compare_ordinal(X, y, 7, cut, X_test, y_test)
        assert shared.ordinal is fits.ordinal and shared.binary is fits.cut_fits[cut - 1]
        assert shared.scores == alone.scores
        np.testing.assert_array_equal(shared.cut_slopes, comparison.cut_slopes)


def test_a_cut_without_an_estimate_is_missing_from_the_slopes_and_named_when_chosen(anes_parts):
    X, y, _, _ = anes_parts
    # A cut that separates the rows also leaves the multinomial model without an estimate (all the
    # classes above the cut can move together), so without L2 the comparison stops at the multinomial:
    x = np.linspace(-2, 2, 60)
    codes = np.r_[np.tile([0.0, 1.0], 25), np.full(10, 2.0)]
    with pytest.raises(ComparisonError) as raised:
        fit_ordinal_models(np.column_stack([x, np.cos(7 * x)]), codes, 3)
    assert (raised.value.kind, raised.value.model) == ("no_estimate", "multinomial")
    # a cut fit missing from otherwise good fits is a gap in the slopes, and an error when chosen
    fits = fit_ordinal_models(X, y, 7)
    problem = ComparisonError("no_estimate", n_classes=7, model="binary", level=6, separation="complete")
    holed = replace(fits, cut_fits=(*fits.cut_fits[:5], None), cut_problems=(*fits.cut_problems[:5], problem))
    result = compare_ordinal(X, y, 7, 2, fits=holed)
    assert np.all(np.isnan(result.cut_slopes[5])) and np.all(np.isfinite(result.cut_slopes[:5]))
    with pytest.raises(ComparisonError) as raised:
        compare_ordinal(X, y, 7, 6, fits=holed)
    error = raised.value
    assert (error.kind, error.model, error.level, error.separation) == ("no_estimate", "binary", 6, "complete")
    assert error is not problem


def test_with_l2_both_sides_of_every_likelihood_ratio_test_are_unpenalised(anes_parts, comparison):
    # the partial model is fitted by maximum likelihood, so the ordinal side must be too: a penalised
    # ordinal log-likelihood inflates the statistic by twice the penalty
    X, y, X_test, y_test = anes_parts
    penalised = compare_ordinal(X, y, 7, CUT, X_test, y_test, l2=0.01)
    assert penalised.ordinal.log_likelihood < comparison.ordinal.log_likelihood - 1e-3  # the fit is penalised
    for with_l2, without in zip(penalised.lr_tests, comparison.lr_tests, strict=True):
        assert with_l2.log_likelihood_ordinal == pytest.approx(without.log_likelihood_ordinal, abs=1e-6)
        assert with_l2.chi_square == pytest.approx(without.chi_square, abs=1e-5)


@pytest.mark.parametrize("name, kind", [("iris", "multinomial"), ("anes96", "ordinal")])
def test_the_standardised_penalty_gives_the_train_pages_exact_fit(name, kind):
    from logreg_core.training import TrainingSettings, exact_fit

    dataset = catalogue.load(name)
    X, y = dataset.X, dataset.y
    reference = exact_fit(X, y, TrainingSettings(kind=kind, standardize=True, l2=0.01)).reference
    if kind == "ordinal":
        fit = fit_ordinal_models(X, y, dataset.n_classes, l2=0.01, standardize=True)
        models = (fit.ordinal,)
    else:
        fit = compare_one_vs_rest(X, y, dataset.n_classes, l2=0.01, standardize=True)
        models = (fit.multinomial,)
    raw = fit_model(X, y, Layout(kind, X.shape[1], dataset.n_classes), l2=0.01)
    for model in models:
        assert model.log_likelihood == pytest.approx(reference.log_likelihood, abs=1e-6)
        np.testing.assert_allclose(model.params, reference.params, atol=1e-5)
        np.testing.assert_allclose(model.covariance, reference.covariance, rtol=1e-5, atol=1e-8)
        assert abs(model.log_likelihood - raw.log_likelihood) > 1e-3  # the scale of the penalty matters here
