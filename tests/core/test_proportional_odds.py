"""The proportional-odds checks: separate binary fits, the Brant test, the partial model's LR test."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
import statsmodels.api as sm
from scipy import optimize

from logreg_core import metrics, proportional_odds
from logreg_core.newton import fit_model
from logreg_core.objective import Layout
from logreg_core.validation import DataError

UCLA = Path(statsmodels.__file__).parent / "miscmodels" / "tests" / "results" / "ologit_ucla.csv"
LEVELS = ["unlikely", "somewhat likely", "very likely"]


@pytest.fixture(scope="module")
def ucla():
    frame = pd.read_csv(UCLA)
    codes = frame["apply"].map({level: i for i, level in enumerate(LEVELS)}).to_numpy(float)
    return frame[["pared", "public", "gpa"]].to_numpy(float), codes


def latent_data(seed, n=1500, slopes=(1.0, -0.5)):
    """Ordinal data cut from a logistic latent score: proportional odds holds."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 2))
    latent = X @ np.array(slopes) + rng.logistic(size=n)
    return X, np.digitize(latent, [-1.0, 0.5, 2.0]).astype(float)


def crossing_data(seed, n=1500):
    """K = 3 with slope 2 at the first cut and 0 at the second: proportional odds fails."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, n)
    first = 1 / (1 + np.exp(1 + 2 * x))  # P(y <= 0) = sigma(-1 - 2x)
    second = 1 / (1 + np.exp(-1.0))  # P(y <= 1) = sigma(1)
    u = rng.uniform(size=n)
    codes = np.where(u < first, 0, np.where(u < second, 1, 2)).astype(float)
    return np.column_stack([x, rng.standard_normal(n)]), codes


def test_separate_fits_equal_statsmodels_logit(ucla):
    X, codes = ucla
    fits = proportional_odds.cumulative_binary_fits(X, codes, 3)
    for cut in range(2):
        reference = sm.Logit((codes > cut).astype(float), sm.add_constant(X)).fit(disp=0, tol=1e-12)
        np.testing.assert_allclose(fits.params[cut], reference.params, rtol=1e-6)
        np.testing.assert_allclose(fits.slope_std_err[cut], reference.bse[1:], rtol=1e-5)
        low, high = fits.slope_intervals()
        np.testing.assert_allclose(low[cut], reference.conf_int()[1:, 0], rtol=1e-5)
        np.testing.assert_allclose(high[cut], reference.conf_int()[1:, 1], rtol=1e-5)


def test_stacked_covariance_has_each_fit_covariance_on_its_diagonal(ucla):
    X, codes = ucla
    fits = proportional_odds.cumulative_binary_fits(X, codes, 3)
    stacked = proportional_odds.stacked_covariance(X, fits)
    np.testing.assert_allclose(stacked[:4, :4], fits.covariance[0], rtol=1e-6)
    np.testing.assert_allclose(stacked[4:, 4:], fits.covariance[1], rtol=1e-6)
    np.testing.assert_allclose(stacked, stacked.T)


def test_brant_test_equals_stata_brant_on_the_ucla_data(ucla):
    # Stata's `ologit apply pared public gpa` then `brant` (UCLA's ologit example), printed to 2 decimals
    X, codes = ucla
    result = proportional_odds.brant_test(X, codes, 3)
    assert (round(result.overall.chi_square, 2), result.overall.df, round(result.overall.p_value, 3)) == (4.34, 3, 0.227)
    assert [round(r.chi_square, 2) for r in result.per_feature] == [0.13, 3.44, 0.18]
    assert [round(r.p_value, 3) for r in result.per_feature] == [0.716, 0.064, 0.672]


def brant_from_statsmodels_logits(X, codes, n_classes):
    """Brant's statistic built independently of the core, from separate statsmodels ``Logit`` fits.

    Brant (1990), as Long & Freese's ``brant`` computes it: fit logit P(y > j) per cut j, stack
    the estimates, and take their covariance as H_j^-1 E[s_j s_l'] H_l^-1, where s_j is the sum of
    cut j's per-row score contributions and H_j its Hessian. The expectation is taken over each
    row's outcome under the fitted P(y > j): outcome c has probability P(y > c-1) - P(y > c), and
    its score contribution for cut j is statsmodels' ``score_obs`` with the 0/1 outcome 1[c > j].
    Returns the overall and the per-feature chi-square statistics.
    """
    design = sm.add_constant(X)
    n, size = design.shape
    cuts = n_classes - 1
    fits = [sm.Logit((codes > j).astype(float), design).fit(disp=0, tol=1e-12, maxiter=100) for j in range(cuts)]
    above = np.column_stack([np.ones(n)] + [fit.predict() for fit in fits] + [np.zeros(n)])  # P(y > c-1), c = 0..K
    outcome_probability = above[:, :-1] - above[:, 1:]  # (n, K); sums to 1 in every row
    # score_obs[c][j]: cut j's per-row scores (n, size) had every row's outcome been c
    score_obs = [[sm.Logit(np.full(n, float(c > j)), design).score_obs(fits[j].params) for j in range(cuts)]
                 for c in range(n_classes)]
    inverse_hessian = [np.linalg.inv(-fit.model.hessian(fit.params)) for fit in fits]
    covariance = np.zeros((cuts * size, cuts * size))
    for j in range(cuts):
        for k in range(cuts):
            expected = sum((score_obs[c][j] * outcome_probability[:, [c]]).T @ score_obs[c][k]
                           for c in range(n_classes))
            covariance[j * size:(j + 1) * size, k * size:(k + 1) * size] = (
                inverse_hessian[j] @ expected @ inverse_hessian[k])
    stacked = np.concatenate([fit.params for fit in fits])

    def wald(features):
        rows = []
        for feature in features:
            for j in range(1, cuts):  # slope at cut 1 minus slope at cut j + 1
                row = np.zeros(cuts * size)
                row[1 + feature], row[j * size + 1 + feature] = 1.0, -1.0
                rows.append(row)
        contrast = np.array(rows)
        difference = contrast @ stacked
        return float(difference @ np.linalg.inv(contrast @ covariance @ contrast.T) @ difference)

    m = X.shape[1]
    return wald(range(m)), [wald([feature]) for feature in range(m)]


def test_brant_test_equals_an_independent_computation_from_statsmodels_logit_fits(ucla):
    X, codes = ucla
    overall, per_feature = brant_from_statsmodels_logits(X, codes, 3)
    result = proportional_odds.brant_test(X, codes, 3)
    np.testing.assert_allclose(result.overall.chi_square, overall, rtol=1e-6)
    np.testing.assert_allclose([r.chi_square for r in result.per_feature], per_feature, rtol=1e-6)


def test_brant_test_equals_an_independent_computation_with_four_levels():
    # four levels: two contrasts per feature, and the covariance between cuts that are not neighbours
    X, codes = latent_data(5, n=600, slopes=(0.8, -0.4))
    overall, per_feature = brant_from_statsmodels_logits(X, codes, 4)
    result = proportional_odds.brant_test(X, codes, 4)
    assert result.overall.df == 4 and [r.df for r in result.per_feature] == [2, 2]
    np.testing.assert_allclose(result.overall.chi_square, overall, rtol=1e-6)
    np.testing.assert_allclose([r.chi_square for r in result.per_feature], per_feature, rtol=1e-6)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_brant_does_not_reject_proportional_odds_data(seed):
    X, codes = latent_data(seed)
    assert proportional_odds.brant_test(X, codes, 4).overall.p_value > 0.01


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_brant_rejects_category_specific_slopes_and_names_the_feature(seed):
    X, codes = crossing_data(seed)
    result = proportional_odds.brant_test(X, codes, 3)
    assert result.overall.p_value < 1e-4
    assert result.per_feature[0].p_value < 1e-4
    assert result.per_feature[1].p_value > 1e-3


def test_brant_needs_three_classes():
    X, codes = latent_data(0)
    with pytest.raises(DataError, match="3 or more classes"):
        proportional_odds.brant_test(X, (codes > 1).astype(float), 2)


def test_separating_cut_is_reported():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [4.0], [5.0], [6.0]])
    codes = np.array([0, 0, 1, 1, 2, 1, 2], dtype=float)
    with pytest.raises(DataError, match="cut 1"):
        proportional_odds.cumulative_binary_fits(X, codes, 3)


def test_partial_gradient_matches_finite_differences(ucla):
    X, codes = ucla
    X = (X - X.mean(0)) / X.std(0)
    codes = codes.astype(np.int64)
    start = np.array([0.5, -0.1, 0.3, 0.2, -1.0, 1.0])
    error = optimize.check_grad(
        lambda p: -proportional_odds.partial_log_likelihood(p, X, codes, 1, 3) / 400,
        lambda p: proportional_odds._partial_gradient(p, X, codes, 1, 3), start)
    assert error < 1e-6


@pytest.mark.slow
def test_partial_model_with_equal_slopes_is_the_ordinal_model(ucla):
    X, codes = ucla
    fit = fit_model(X, codes, Layout("ordinal", 3, 3))
    beta, cutpoints = fit.layout.split_ordinal(fit.params)
    params = np.r_[beta, 0.0, cutpoints]
    value = proportional_odds.partial_log_likelihood(params, X, codes.astype(np.int64), 2, 3)
    assert value == pytest.approx(fit.log_likelihood, rel=1e-12)


def test_likelihood_ratio_test_on_ucla(ucla):
    X, codes = ucla
    result = proportional_odds.partial_proportional_odds_test(X, codes, 3, feature=1)
    assert result.log_likelihood_ordinal == pytest.approx(-358.51244, abs=1e-5)
    assert result.log_likelihood_partial > result.log_likelihood_ordinal
    assert result.df == 1
    # the partial model's slopes for 'public' lie near the separate binary fits' (-0.20, 0.54)
    np.testing.assert_allclose(result.slopes, [-0.235, 0.573], atol=1e-3)


@pytest.mark.parametrize("seed", [0, 1])
def test_likelihood_ratio_test_separates_the_two_kinds_of_data(seed):
    X, codes = crossing_data(seed)
    assert proportional_odds.partial_proportional_odds_test(X, codes, 3, 0).p_value < 1e-4
    X, codes = latent_data(seed)
    assert proportional_odds.partial_proportional_odds_test(X, codes, 4, 0).p_value > 0.01


@pytest.mark.slow
def test_compare_with_multinomial_matches_statsmodels(ucla):
    X, codes = ucla
    comparison = proportional_odds.compare_with_multinomial(X, codes, 3)
    mnlogit = sm.MNLogit(codes, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
    assert comparison.log_likelihood_multinomial == pytest.approx(mnlogit.llf, rel=1e-8)
    assert comparison.aic_multinomial == pytest.approx(mnlogit.aic, rel=1e-8)
    assert (comparison.n_params_ordinal, comparison.n_params_multinomial) == (5, 8)
    assert comparison.aic_ordinal == pytest.approx(2 * 358.51244 + 10, abs=1e-4)


def test_ordinal_metrics():
    codes = np.array([0, 1, 2, 2, 1, 0])
    predicted = np.array([0, 2, 0, 2, 1, 1])
    matrix = metrics.confusion_matrix(codes, predicted, 3)
    np.testing.assert_array_equal(matrix, [[1, 1, 0], [0, 1, 1], [1, 0, 1]])
    assert metrics.within_one_accuracy(codes, predicted) == pytest.approx(5 / 6)
    assert metrics.mean_absolute_category_error(codes, predicted) == pytest.approx((0 + 1 + 2 + 0 + 0 + 1) / 6)
