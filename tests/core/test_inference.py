"""The fitted model's statistics against statsmodels' Logit, on several datasets."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from logreg_core import DataError, LogisticRegression, coefficient_table, datasets, fit_newton, fit_statistics
from logreg_core.inference import SUMMARY_COLUMNS, two_sided_p_value

from .synthetic import make_overlapping


def reference_datasets():
    yield "hours", datasets.hours_studied()
    yield "challenger", datasets.challenger()
    yield "breast_cancer", datasets.breast_cancer()
    yield "two_clouds", datasets.two_clouds(n_points=300, separation=1.5)
    X, y = make_overlapping(400, 4, seed=21)
    yield "random", datasets.Dataset("random", X, y, ("a", "b", "c", "d"), "y", ("0", "1"), "")


@pytest.fixture(scope="module", params=list(reference_datasets()), ids=lambda item: item[0])
def fitted(request):
    _, data = request.param
    ours = fit_newton(data.X, data.y)
    theirs = sm.Logit(data.y, sm.add_constant(data.X)).fit(method="newton", tol=1e-10, maxiter=200, disp=False)
    return data, ours, theirs


def test_coefficient_table_matches_statsmodels(fitted):
    data, ours, theirs = fitted
    table = coefficient_table(ours, data.feature_names)
    assert tuple(table.columns) == SUMMARY_COLUMNS
    assert list(table.index) == ["intercept", *data.feature_names]
    np.testing.assert_allclose(table["coef"], theirs.params, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(table["std_err"], theirs.bse, rtol=1e-6)
    np.testing.assert_allclose(table["z"], theirs.tvalues, rtol=1e-6)
    np.testing.assert_allclose(table["p_value"], theirs.pvalues, rtol=1e-5, atol=1e-300)
    interval = theirs.conf_int(0.05)
    np.testing.assert_allclose(table["ci_low"], interval[:, 0], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(table["ci_high"], interval[:, 1], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(table["odds_ratio"], np.exp(theirs.params), rtol=1e-6)
    np.testing.assert_allclose(table["or_ci_low"], np.exp(interval[:, 0]), rtol=1e-6)


def test_fit_statistics_match_statsmodels(fitted):
    data, ours, theirs = fitted
    stats = fit_statistics(ours, data.y)
    assert stats.log_likelihood == pytest.approx(theirs.llf, rel=1e-10)
    # statsmodels fits the null model iteratively; ours is the closed form n[ȳ log ȳ + (1-ȳ) log(1-ȳ)]
    assert stats.null_log_likelihood == pytest.approx(theirs.llnull, rel=1e-8)
    assert stats.aic == pytest.approx(theirs.aic, rel=1e-10)
    assert stats.bic == pytest.approx(theirs.bic, rel=1e-10)
    assert stats.lr_chi_square == pytest.approx(theirs.llr, rel=1e-7)
    assert stats.lr_df == theirs.df_model
    assert stats.lr_p_value == pytest.approx(theirs.llr_pvalue, rel=1e-6, abs=1e-300)
    assert stats.mcfadden_r2 == pytest.approx(theirs.prsquared, rel=1e-8)
    assert stats.deviance == pytest.approx(-2 * theirs.llf, rel=1e-12)


def test_challenger_matches_the_published_fit():
    data = datasets.challenger()
    table = coefficient_table(fit_newton(data.X, data.y), data.feature_names)
    assert table.loc["intercept", "coef"] == pytest.approx(15.0429, abs=1e-4)
    assert table.loc["Temperature_F", "coef"] == pytest.approx(-0.2322, abs=1e-4)


def test_separated_data_have_no_table_and_say_why(notes):
    with pytest.raises(DataError, match="did not converge.*separated"):
        coefficient_table(fit_newton(notes.X, notes.y), notes.feature_names)


@pytest.mark.parametrize("z", [0.5, 1.959963984540054, 5.0, 30.0, -37.0])
def test_p_values_keep_relative_precision_far_in_the_tail(z):
    # 1 - cdf(|z|) would round to 0 beyond |z| = 8.3; the tail function keeps every digit
    assert two_sided_p_value(z) == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-12)
    assert two_sided_p_value(z) > 0


def test_estimator_summary_is_on_the_original_scale_for_both_solvers():
    data = datasets.breast_cancer()
    frame = pd.DataFrame(data.X, columns=data.feature_names)
    reference = sm.Logit(data.y, sm.add_constant(data.X)).fit(disp=False, tol=1e-10, maxiter=200, method="newton")
    for solver in ("newton", "gd"):
        model = LogisticRegression(solver=solver, max_iter=50, standardize=True).fit(frame, data.y)
        summary = model.summary()
        assert list(summary.index) == ["intercept", *data.feature_names]
        np.testing.assert_allclose(summary["coef"], reference.params, rtol=1e-6)
        np.testing.assert_allclose(summary["std_err"], reference.bse, rtol=1e-6)
