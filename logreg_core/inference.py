"""Inference for the maximum-likelihood fit: standard errors, tests, intervals, fit statistics.

These are the numbers statsmodels' ``Logit`` and jamovi report; each is one formula.
They describe the maximum-likelihood estimate, so they are only computed for a fit that
converged; for separated data there is no estimate to describe.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special, stats

from .validation import DataError

if TYPE_CHECKING:
    import pandas as pd

    from .newton import ModelFit, NewtonResult


def standard_errors(covariance: ArrayLike) -> NDArray[np.float64]:
    r"""Standard errors, the square roots of the covariance's diagonal.

    .. math:: \operatorname{se}(\hat\theta_j) = \sqrt{\left[(\tilde X^\top S\tilde X)^{-1}\right]_{jj}}
    """
    return np.sqrt(np.diag(np.asarray(covariance, dtype=np.float64)))


def wald_z(estimate: ArrayLike, std_err: ArrayLike) -> NDArray[np.float64]:
    r"""Wald statistic of each coefficient against zero: :math:`z_j = \hat\theta_j / \operatorname{se}_j`."""
    return np.asarray(estimate, dtype=np.float64) / np.asarray(std_err, dtype=np.float64)


def two_sided_p_value(z: ArrayLike) -> NDArray[np.float64]:
    r"""Two-sided p-value of a standard-normal statistic.

    .. math:: p = 2\,\Phi(-|z|) = \operatorname{erfc}\!\left(|z| / \sqrt 2\right)

    ``erfc`` keeps full relative precision for p-values far below machine epsilon.
    """
    # SciPy ships no type information: its ufuncs are Any to the type checker.
    p_value: NDArray[np.float64] = special.erfc(np.abs(np.asarray(z, dtype=np.float64)) / np.sqrt(2.0))
    return p_value


def normal_quantile(level: float) -> float:
    r"""The two-sided critical value :math:`z_{1-\alpha/2}` for a confidence level, 1.96 at 95 %."""
    return float(stats.norm.ppf(0.5 + level / 2.0))


def wald_interval(
    estimate: ArrayLike, std_err: ArrayLike, level: float = 0.95
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Wald confidence interval: :math:`\hat\theta_j \pm z_{1-\alpha/2}\,\operatorname{se}_j`."""
    centre = np.asarray(estimate, dtype=np.float64)
    half_width = normal_quantile(level) * np.asarray(std_err, dtype=np.float64)
    return centre - half_width, centre + half_width


def null_log_likelihood(y: ArrayLike) -> float:
    r"""Log-likelihood of the intercept-only model, which predicts the base rate :math:`\bar y` for everyone.

    .. math:: \ell_0 = n\left[\bar y\log\bar y + (1-\bar y)\log(1-\bar y)\right]
    """
    y = np.asarray(y, dtype=np.float64)
    rate = y.mean()
    return float(y.size * (special.xlogy(rate, rate) + special.xlog1py(1.0 - rate, -rate)))


def deviance(log_likelihood: float) -> float:
    r"""Residual deviance: :math:`D = -2\ell`."""
    return -2.0 * log_likelihood


def aic(log_likelihood: float, n_params: int) -> float:
    r"""Akaike's information criterion: :math:`\text{AIC} = -2\ell + 2k`, k parameters with the intercept."""
    return -2.0 * log_likelihood + 2.0 * n_params


def bic(log_likelihood: float, n_params: int, n_obs: int) -> float:
    r"""Bayesian information criterion: :math:`\text{BIC} = -2\ell + k\log n`."""
    return -2.0 * log_likelihood + n_params * float(np.log(n_obs))


def likelihood_ratio_test(log_likelihood: float, null_log_lik: float, df: int) -> tuple[float, float]:
    r"""Likelihood-ratio test of the model against the intercept-only model.

    .. math:: \chi^2 = 2(\ell - \ell_0), \qquad p = P(\chi^2_{df} \ge \chi^2)

    Returns
    -------
    chi_square, p_value : float
    """
    chi_square = 2.0 * (log_likelihood - null_log_lik)
    return float(chi_square), float(stats.chi2.sf(chi_square, df))


def mcfadden_r2(log_likelihood: float, null_log_lik: float) -> float:
    r"""McFadden's pseudo-R²: :math:`R^2 = 1 - \ell / \ell_0`, the share of the null log-likelihood explained."""
    return 1.0 - log_likelihood / null_log_lik


SUMMARY_COLUMNS = ("coef", "std_err", "z", "p_value", "ci_low", "ci_high", "odds_ratio", "or_ci_low", "or_ci_high")


def _table(
    estimate: NDArray[np.float64], covariance: NDArray[np.float64], index: pd.Index | list[str], level: float
) -> pd.DataFrame:
    """The SUMMARY_COLUMNS for estimates and their covariance."""
    import pandas as pd

    std_err = standard_errors(covariance)
    z = wald_z(estimate, std_err)
    low, high = wald_interval(estimate, std_err, level)
    with np.errstate(over="ignore"):
        return pd.DataFrame(
            {
                "coef": estimate,
                "std_err": std_err,
                "z": z,
                "p_value": two_sided_p_value(z),
                "ci_low": low,
                "ci_high": high,
                "odds_ratio": np.exp(estimate),
                "or_ci_low": np.exp(low),
                "or_ci_high": np.exp(high),
            },
            index=index,
        )


def no_estimate_error(separation: str | None, stop: str, n_iter: int) -> DataError:
    """The error for inference asked of a fit that did not converge, naming the reason."""
    reason = (
        f"the classes are {'completely' if separation == 'complete' else 'quasi-completely'} separated, "
        "so no finite maximum-likelihood estimate exists; add L2 for a finite fit"
        if separation is not None
        else f"Newton's method stopped ({stop.replace('_', ' ')}) after {n_iter} steps"
    )
    return DataError(f"The fit did not converge, so there are no standard errors or tests to report: {reason}.")


def parameter_table(
    fit: ModelFit,
    feature_names: list[str] | tuple[str, ...],
    class_names: list[str] | tuple[str, ...] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    r"""The table of any converged fit, one row per parameter, in the layout's order.

    Columns are :data:`SUMMARY_COLUMNS`. The index: binomial "intercept" and the feature
    names; multinomial a (class, term) MultiIndex with each non-reference class's intercept
    and features, whose ``odds_ratio`` columns are relative-risk ratios
    :math:`P(y=k)/P(y=\text{ref})` per unit; ordinal the feature names (``odds_ratio`` is
    the cumulative odds ratio of a higher class per unit) and then the real cut-points
    "a|b" with their standard errors.

    Raises
    ------
    DataError
        When the fit did not converge (separated data): there is no estimate to describe.
    """
    import pandas as pd

    layout = fit.layout
    if not fit.converged or fit.covariance is None:
        raise no_estimate_error(fit.separation, fit.stop, fit.n_iter)
    classes = list(class_names) if class_names is not None else [str(k) for k in range(layout.n_classes)]
    labels = layout.parameter_labels(list(map(str, feature_names)), classes)
    if layout.kind == "multinomial":
        index: pd.Index | list[str] = pd.MultiIndex.from_tuples(labels, names=["class", "term"])
    else:
        index = [term for _, term in labels]
    return _table(np.asarray(fit.params), np.asarray(fit.covariance), index, level)


def coefficient_table(
    result: NewtonResult, feature_names: tuple[str, ...] | list[str], level: float = 0.95
) -> pd.DataFrame:
    r"""The coefficient table of a converged fit, as a DataFrame.

    Indexed by "intercept" and the feature names; columns ``coef``, ``std_err``, ``z``,
    ``p_value``, ``ci_low``, ``ci_high``, ``odds_ratio`` (:math:`e^{\hat\theta}`) and its
    interval ``or_ci_low``, ``or_ci_high`` (the interval's ends exponentiated).

    Raises
    ------
    DataError
        When the fit did not converge (separated data): there is no estimate to describe.
    """
    if not result.converged or result.covariance is None:
        raise no_estimate_error(result.separation, result.stop, result.n_iter)
    return _table(result.params, result.covariance, ["intercept", *map(str, feature_names)], level)


@dataclass(frozen=True)
class FitStatistics:
    """How well the model fits, against the intercept-only model."""

    n_obs: int
    n_params: int
    log_likelihood: float
    null_log_likelihood: float
    deviance: float
    null_deviance: float
    aic: float
    bic: float
    lr_chi_square: float
    lr_df: int
    lr_p_value: float
    mcfadden_r2: float


def fit_statistics(result: NewtonResult, y: ArrayLike) -> FitStatistics:
    """Log-likelihoods, deviances, AIC, BIC, the likelihood-ratio test and McFadden's R²."""
    y = np.asarray(y, dtype=np.float64)
    n_params = result.coef.size + 1
    ll, ll0 = result.log_likelihood, null_log_likelihood(y)
    chi_square, p = likelihood_ratio_test(ll, ll0, result.coef.size)
    return FitStatistics(
        n_obs=int(y.size), n_params=n_params, log_likelihood=ll, null_log_likelihood=ll0,
        deviance=deviance(ll), null_deviance=deviance(ll0), aic=aic(ll, n_params),
        bic=bic(ll, n_params, y.size), lr_chi_square=chi_square, lr_df=result.coef.size,
        lr_p_value=p, mcfadden_r2=mcfadden_r2(ll, ll0),
    )


def model_statistics(fit: ModelFit) -> FitStatistics:
    """Log-likelihoods, deviances, AIC, BIC, the likelihood-ratio test and McFadden's R² of any fit.

    The parameter count k includes intercepts and cut-points; the LR test has as many
    degrees of freedom as there are feature coefficients.
    """
    k = fit.layout.n_params
    df = int(np.count_nonzero(fit.layout.penalised))
    ll, ll0 = fit.log_likelihood, fit.null_log_likelihood
    chi_square, p = likelihood_ratio_test(ll, ll0, df)
    return FitStatistics(
        n_obs=fit.n_obs, n_params=k, log_likelihood=ll, null_log_likelihood=ll0,
        deviance=deviance(ll), null_deviance=deviance(ll0), aic=aic(ll, k),
        bic=bic(ll, k, fit.n_obs), lr_chi_square=chi_square, lr_df=df,
        lr_p_value=p, mcfadden_r2=mcfadden_r2(ll, ll0),
    )
