r"""Checks of the proportional-odds assumption of the ordinal (cumulative logit) model.

The ordinal model says that one slope vector serves every cut:

.. math:: \operatorname{logit} P(y > j \mid x) = x\cdot\beta - \theta_j, \qquad j = 1, \dots, K-1

Three ways to see whether the data agree, each small and pure:

- the K - 1 separate binary fits "y > j against y <= j" (:func:`cumulative_binary_fits`),
  whose slopes should agree with each other and with the single ordinal slope;
- the Brant (1990) Wald test that those separate slopes are equal (:func:`brant_test`);
- the likelihood-ratio test against the partial proportional-odds model in which one
  chosen feature gets its own slope at every cut (:func:`partial_proportional_odds_test`);

and :func:`compare_with_multinomial`, the AIC of the ordinal and the multinomial model on the
same data with the number of parameters each spends.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import optimize, stats

from . import inference
from .families import ordinal
from .functions import log_sigmoid, sigmoid
from .newton import ModelFit, fit_model
from .objective import Layout
from .validation import DataError


# -- the separate binary fits ---------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class CumulativeFits:
    """The K - 1 binary fits of "y > j against y <= j", one per cut.

    Attributes
    ----------
    params : ndarray, shape (K-1, m+1)
        Row j: ``[b_j, w_j1..w_jm]`` of :math:`\\operatorname{logit}P(y > j) = b_j + x\\cdot w_j`.
        Under proportional odds :math:`w_j \\approx \\beta` and :math:`b_j \\approx -\\theta_j`.
    covariance : ndarray, shape (K-1, m+1, m+1)
        Each fit's own covariance, the inverse of its Hessian of the log-likelihood.
    probability : ndarray, shape (n, K-1)
        Each fit's fitted :math:`\\hat\\pi_{ij} = P(y_i > j)`.
    """

    params: NDArray[np.float64]
    covariance: NDArray[np.float64]
    probability: NDArray[np.float64]

    @property
    def slopes(self) -> NDArray[np.float64]:
        """The feature slopes of each fit, shape (K-1, m)."""
        return self.params[:, 1:]

    @property
    def slope_std_err(self) -> NDArray[np.float64]:
        """Standard errors of :attr:`slopes`, shape (K-1, m)."""
        return np.sqrt(np.diagonal(self.covariance, axis1=1, axis2=2))[:, 1:]

    def slope_intervals(self, level: float = 0.95) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        r"""Wald intervals of the slopes, :math:`w_{jk} \pm z_{1-\alpha/2}\operatorname{se}_{jk}`, each (K-1, m)."""
        return inference.wald_interval(self.slopes, self.slope_std_err, level)


def cut_indicator(codes: ArrayLike, cut: int) -> NDArray[np.float64]:
    r"""The binary outcome of cut j (0-based): :math:`z_i = \mathbb 1[y_i > j]`, shape (n,)."""
    return (np.asarray(codes, dtype=np.float64) > cut).astype(np.float64)


def cumulative_binary_fits(X: ArrayLike, codes: ArrayLike, n_classes: int) -> CumulativeFits:
    r"""Fit :math:`\operatorname{logit}P(y > j) = b_j + x\cdot w_j` separately for j = 0..K-2.

    Parameters
    ----------
    X : array_like, shape (n, m)
    codes : array_like, shape (n,)
        Ordered class codes 0..K-1.
    n_classes : int
        K, at least 3 for a check to mean anything (2 gives one fit).

    Raises
    ------
    DataError
        When a binary fit has no estimate (one cut separates the data): its slope is then
        infinite and the check cannot be made.
    """
    X = np.asarray(X, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.float64)
    params, covariances, probability = [], [], []
    for cut in range(n_classes - 1):
        fit = fit_model(X, cut_indicator(codes, cut), Layout("binomial", X.shape[1]))
        if not fit.converged or fit.covariance is None:
            raise DataError(
                f"The binary fit of cut {cut + 1} (classes above {cut + 1} against the rest) has no estimate: "
                "that cut separates the data, so the separate slopes cannot be compared."
            )
        params.append(np.asarray(fit.params))
        covariances.append(np.asarray(fit.covariance))
        probability.append(sigmoid(X @ fit.params[1:] + fit.params[0]))
    return CumulativeFits(np.array(params), np.array(covariances), np.column_stack(probability))


# -- the Brant test ----------------------------------------------------------------------------
def cut_pair_weights(probability: ArrayLike, j: int, k: int) -> NDArray[np.float64]:
    r"""The covariance of the binary outcomes of cuts j <= k at each row (Brant 1990):

    .. math:: w_{i,jk} = \operatorname{Cov}(z_{ij}, z_{ik}) = \hat\pi_{ik} - \hat\pi_{ij}\hat\pi_{ik}

    since :math:`y > k` implies :math:`y > j`. For j = k it is :math:`\hat\pi_{ij}(1 - \hat\pi_{ij})`.
    """
    probability = np.asarray(probability, dtype=np.float64)
    low, high = min(j, k), max(j, k)
    weights: NDArray[np.float64] = probability[:, high] - probability[:, low] * probability[:, high]
    return weights


def stacked_covariance(X: ArrayLike, fits: CumulativeFits) -> NDArray[np.float64]:
    r"""The covariance of all separate estimates stacked, shape ((K-1)(m+1), (K-1)(m+1)).

    With :math:`\tilde X = [1, X]` and :math:`W_{jl} = \operatorname{diag}(w_{i,jl})`
    (:func:`cut_pair_weights`), the sandwich of the stacked score equations gives (Brant 1990)

    .. math::
        \operatorname{Cov}(\hat\beta_j, \hat\beta_l) =
        (\tilde X^\top W_{jj}\tilde X)^{-1}\,\tilde X^\top W_{jl}\tilde X\,(\tilde X^\top W_{ll}\tilde X)^{-1}

    whose diagonal blocks are each fit's own inverse Hessian.
    """
    X = np.asarray(X, dtype=np.float64)
    design = np.column_stack([np.ones(X.shape[0]), X])
    cuts, size = fits.params.shape
    inverse = [np.linalg.inv(design.T @ (design * cut_pair_weights(fits.probability, j, j)[:, None]))
               for j in range(cuts)]
    covariance = np.empty((cuts * size, cuts * size))
    for j in range(cuts):
        for k in range(j, cuts):
            middle = design.T @ (design * cut_pair_weights(fits.probability, j, k)[:, None])
            block = inverse[j] @ middle @ inverse[k]
            covariance[j * size : (j + 1) * size, k * size : (k + 1) * size] = block
            covariance[k * size : (k + 1) * size, j * size : (j + 1) * size] = block.T
    return covariance


def equal_slopes_contrast(n_cuts: int, n_features: int, features: ArrayLike | None = None) -> NDArray[np.float64]:
    r"""The contrast D with :math:`D\hat\beta^* = 0` exactly when the chosen slopes agree across cuts.

    Over the stacked vector :math:`\hat\beta^* = (b_1, w_1, \dots, b_{K-1}, w_{K-1})`, each
    row is :math:`w_{1k} - w_{jk}` for j = 2..K-1 and every chosen feature k: (K-2) rows per
    feature. Intercepts are left free (they are the cut-points).
    """
    chosen = range(n_features) if features is None else np.atleast_1d(np.asarray(features, dtype=np.int64))
    size = n_features + 1
    rows = []
    for k in chosen:
        for j in range(1, n_cuts):
            row = np.zeros(n_cuts * size)
            row[1 + k] = 1.0
            row[j * size + 1 + k] = -1.0
            rows.append(row)
    return np.array(rows).reshape(-1, n_cuts * size)


@dataclass(frozen=True)
class WaldResult:
    """A chi-square statistic with its degrees of freedom and p-value."""

    chi_square: float
    df: int
    p_value: float


def wald_equality(estimate: ArrayLike, covariance: ArrayLike, contrast: ArrayLike) -> WaldResult:
    r"""Wald test of :math:`D\beta = 0`: :math:`X^2 = (D\hat\beta)^\top (D\,V D^\top)^{-1} D\hat\beta \sim \chi^2_{\operatorname{rank} D}`."""
    estimate = np.asarray(estimate, dtype=np.float64)
    contrast = np.asarray(contrast, dtype=np.float64)
    difference = contrast @ estimate
    middle = contrast @ np.asarray(covariance, dtype=np.float64) @ contrast.T
    chi_square = float(difference @ np.linalg.solve(middle, difference))
    df = int(contrast.shape[0])
    return WaldResult(chi_square, df, float(stats.chi2.sf(chi_square, df)))


@dataclass(frozen=True)
class BrantTest:
    """The Brant test overall and per feature.

    Attributes
    ----------
    overall : WaldResult
        All slopes equal across cuts, df = (K-2) m.
    per_feature : tuple of WaldResult
        Feature k's slopes equal across cuts, df = K-2 each.
    """

    overall: WaldResult
    per_feature: tuple[WaldResult, ...]


def brant_test(X: ArrayLike, codes: ArrayLike, n_classes: int, fits: CumulativeFits | None = None) -> BrantTest:
    r"""Brant's (1990) test of proportional odds from the K - 1 separate binary fits.

    .. math:: X^2 = (D\hat\beta^*)^\top\left(D\,\widehat{\operatorname{Var}}(\hat\beta^*)\,D^\top\right)^{-1}D\hat\beta^*

    with :math:`\hat\beta^*` the stacked estimates of :func:`cumulative_binary_fits`, their
    covariance from :func:`stacked_covariance` and D from :func:`equal_slopes_contrast`;
    :math:`X^2 \sim \chi^2_{(K-2)m}` when the slopes are equal (per feature, :math:`\chi^2_{K-2}`).
    A small p-value says the odds are not proportional.

    Raises
    ------
    DataError
        With fewer than 3 classes (two classes have one cut and nothing to compare).
    """
    if n_classes < 3:
        raise DataError("The Brant test compares the slopes of at least two cuts: it needs 3 or more classes.")
    X = np.asarray(X, dtype=np.float64)
    fits = cumulative_binary_fits(X, codes, n_classes) if fits is None else fits
    stacked = fits.params.reshape(-1)
    covariance = stacked_covariance(X, fits)
    cuts, m = n_classes - 1, X.shape[1]
    overall = wald_equality(stacked, covariance, equal_slopes_contrast(cuts, m))
    per_feature = tuple(wald_equality(stacked, covariance, equal_slopes_contrast(cuts, m, [k])) for k in range(m))
    return BrantTest(overall, per_feature)


# -- partial proportional odds for one feature -----------------------------------------------
def partial_layout_split(
    params: ArrayLike, n_features: int, n_classes: int
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """The partial proportional-odds vector ``[beta (m), delta_2..delta_{K-1}, theta (K-1)]`` as its parts.

    Returns beta (m,), delta (K-1,) with delta_1 = 0 inserted, cut-points (K-1,).
    """
    params = np.asarray(params, dtype=np.float64)
    m, cuts = n_features, n_classes - 1
    return params[:m], np.r_[0.0, params[m : m + cuts - 1]], params[m + cuts - 1 :]


def partial_cumulative_scores(
    X: NDArray[np.float64], params: ArrayLike, feature: int, n_classes: int
) -> NDArray[np.float64]:
    r"""The arguments :math:`\theta_j - x\cdot\beta - x_k\delta_j` of every cumulative probability, shape (n, K-1).

    .. math:: \operatorname{logit} P(y \le j \mid x) = \theta_j - x\cdot\beta - x_k\,\delta_j, \qquad \delta_1 = 0

    so feature k has the slope :math:`\beta_k + \delta_j` at cut j: its own slope at every cut.
    """
    beta, delta, cutpoints = partial_layout_split(params, X.shape[1], n_classes)
    return cutpoints[None, :] - (X @ beta)[:, None] - X[:, [feature]] * delta[None, :]


def partial_log_likelihood(
    params: ArrayLike, X: NDArray[np.float64], codes: NDArray[np.int64], feature: int, n_classes: int
) -> float:
    r"""Log-likelihood of the partial proportional-odds model:
    :math:`\sum_i \log\big(\sigma(u_i) - \sigma(l_i)\big)` with u, l the scores of the class's upper and lower cuts.

    The cumulative curves of different cuts may cross for some x when slopes differ; a row
    whose class would get probability <= 0 makes the value :math:`-\infty`.
    """
    scores = partial_cumulative_scores(X, params, feature, n_classes)
    rows = np.arange(X.shape[0])
    padded = np.column_stack([np.full(X.shape[0], -np.inf), scores, np.full(X.shape[0], np.inf)])
    upper, lower = padded[rows, codes + 1], padded[rows, codes]
    if np.any(upper <= lower):
        return -np.inf
    return float(np.sum(ordinal.log_interval_probability(upper, lower)))


@dataclass(frozen=True)
class LikelihoodRatioResult:
    """The likelihood-ratio test of the ordinal model against a larger one.

    Attributes
    ----------
    feature : int
        The feature given a slope per cut.
    log_likelihood_ordinal, log_likelihood_partial : float
    chi_square : float
        :math:`2(\\ell_\\text{partial} - \\ell_\\text{ordinal})`.
    df : int
        K - 2, the extra slopes.
    p_value : float
    slopes : ndarray, shape (K-1,)
        The feature's slope at each cut in the partial model.
    """

    feature: int
    log_likelihood_ordinal: float
    log_likelihood_partial: float
    chi_square: float
    df: int
    p_value: float
    slopes: NDArray[np.float64]


def partial_proportional_odds_test(
    X: ArrayLike, codes: ArrayLike, n_classes: int, feature: int, ordinal_fit: ModelFit | None = None
) -> LikelihoodRatioResult:
    r"""Likelihood-ratio test of proportional odds for one feature.

    Fits the partial proportional-odds model of :func:`partial_cumulative_scores` by
    maximum likelihood (BFGS from the ordinal fit, where every :math:`\delta_j = 0`) and compares:

    .. math:: \chi^2 = 2(\ell_\text{partial} - \ell_\text{ordinal}) \sim \chi^2_{K-2}

    Parameters
    ----------
    X : array_like, shape (n, m)
    codes : array_like, shape (n,)
    n_classes : int
        K >= 3.
    feature : int
        Column index k of the feature whose slope may differ by cut.
    ordinal_fit : ModelFit, optional
        The ordinal fit on the same X and codes (computed when not given).
    """
    X = np.asarray(X, dtype=np.float64)
    codes = np.asarray(codes, dtype=np.float64).astype(np.int64)
    m = X.shape[1]
    if n_classes < 3:
        raise DataError("The test compares slopes of at least two cuts: it needs 3 or more classes.")
    if not 0 <= feature < m:
        raise ValueError(f"feature must be a column index 0..{m - 1}, got {feature}.")
    if ordinal_fit is None:
        ordinal_fit = fit_model(X, codes, Layout("ordinal", m, n_classes))
    if not ordinal_fit.converged:
        raise DataError("The ordinal fit did not converge, so there is no likelihood to compare with.")
    beta, cutpoints = ordinal_fit.layout.split_ordinal(ordinal_fit.params)
    # Optimise in the internal basis of a centred, scaled design, as the exact fit does.
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    X_scaled = (X - mean) / scale
    start = np.r_[beta * scale, np.zeros(n_classes - 2), cutpoints - beta @ mean]

    def negative(params: NDArray[np.float64]) -> float:
        value = partial_log_likelihood(params, X_scaled, codes, feature, n_classes)
        return -value / X.shape[0] if np.isfinite(value) else np.inf

    result = optimize.minimize(negative, start, method="BFGS", jac=lambda p: _partial_gradient(
        p, X_scaled, codes, feature, n_classes), options={"gtol": 1e-9, "maxiter": 1000})
    ll_partial = -result.fun * X.shape[0]
    ll_ordinal = ordinal_fit.log_likelihood
    chi_square = max(2.0 * (ll_partial - ll_ordinal), 0.0)
    df = n_classes - 2
    beta_s, delta, _ = partial_layout_split(result.x, m, n_classes)
    slopes = (beta_s[feature] + delta) / scale[feature]
    return LikelihoodRatioResult(
        feature=feature, log_likelihood_ordinal=float(ll_ordinal), log_likelihood_partial=float(ll_partial),
        chi_square=float(chi_square), df=df, p_value=float(stats.chi2.sf(chi_square, df)), slopes=slopes,
    )


def _partial_gradient(
    params: NDArray[np.float64], X: NDArray[np.float64], codes: NDArray[np.int64], feature: int, n_classes: int
) -> NDArray[np.float64]:
    r"""Gradient of the mean negative log-likelihood of the partial model.

    With :math:`P_i = \sigma(u_i) - \sigma(l_i)` and :math:`f = \sigma(1 - \sigma)`, a row adds
    :math:`-f(u_i)/P_i` to its upper cut's argument and :math:`+f(l_i)/P_i` to its lower's;
    each argument :math:`\theta_j - x\cdot\beta - x_k\delta_j` then passes it on by the chain rule.
    """
    n, m = X.shape
    cuts = n_classes - 1
    scores = partial_cumulative_scores(X, params, feature, n_classes)
    rows = np.arange(n)
    padded = np.column_stack([np.full(n, -np.inf), scores, np.full(n, np.inf)])
    upper, lower = padded[rows, codes + 1], padded[rows, codes]
    if np.any(upper <= lower):
        return np.zeros_like(params)
    log_p = ordinal.log_interval_probability(upper, lower)
    density_u = np.exp(log_sigmoid(upper) + log_sigmoid(-upper) - log_p)  # f(u)/P, 0 at u = +inf
    density_l = np.exp(log_sigmoid(lower) + log_sigmoid(-lower) - log_p)
    # d(-log P)/d(argument of cut j): -f(u)/P where j is the upper cut, +f(l)/P where it is the lower
    per_cut = np.zeros((n, cuts + 2))
    np.add.at(per_cut, (rows, codes + 1), -density_u)
    np.add.at(per_cut, (rows, codes), density_l)
    per_cut = per_cut[:, 1:-1] / n  # (n, K-1)
    grad_theta = per_cut.sum(axis=0)
    grad_beta = -(X.T @ per_cut.sum(axis=1))
    grad_delta = -(X[:, feature] @ per_cut)[1:]
    gradient: NDArray[np.float64] = np.r_[grad_beta, grad_delta, grad_theta]
    return gradient


# -- ordinal against multinomial ---------------------------------------------------------------
@dataclass(frozen=True)
class ModelComparison:
    """Log-likelihood, parameter count and AIC of the ordinal and the multinomial model."""

    log_likelihood_ordinal: float
    n_params_ordinal: int
    aic_ordinal: float
    log_likelihood_multinomial: float
    n_params_multinomial: int
    aic_multinomial: float
    multinomial_error: str | None = None


def compare_with_multinomial(X: ArrayLike, codes: ArrayLike, n_classes: int,
                             ordinal_fit: ModelFit | None = None) -> ModelComparison:
    r"""AIC :math:`= -2\ell + 2k` of both models on the same data.

    The ordinal model spends k = m + K - 1 parameters (one slope per feature and K - 1
    cut-points); the multinomial spends k = (K - 1)(m + 1) (an intercept and a slope per
    feature for every class but the reference). The lower AIC is preferred. When the
    multinomial fit has no estimate (separated classes), its numbers are NaN and
    ``multinomial_error`` says why.
    """
    X = np.asarray(X, dtype=np.float64)
    m = X.shape[1]
    ordinal_layout = Layout("ordinal", m, n_classes)
    multinomial_layout = Layout("multinomial", m, n_classes)
    if ordinal_fit is None:
        ordinal_fit = fit_model(X, codes, ordinal_layout)
    ll_ordinal = float(ordinal_fit.log_likelihood)
    error = None
    try:
        multinomial_fit = fit_model(X, codes, multinomial_layout)
        if not multinomial_fit.converged:
            raise inference.no_estimate_error(multinomial_fit.separation, multinomial_fit.stop,
                                              multinomial_fit.n_iter)
        ll_multinomial = float(multinomial_fit.log_likelihood)
    except DataError as problem:
        error, ll_multinomial = str(problem), np.nan
    return ModelComparison(
        log_likelihood_ordinal=ll_ordinal, n_params_ordinal=ordinal_layout.n_params,
        aic_ordinal=inference.aic(ll_ordinal, ordinal_layout.n_params),
        log_likelihood_multinomial=ll_multinomial, n_params_multinomial=multinomial_layout.n_params,
        aic_multinomial=inference.aic(ll_multinomial, multinomial_layout.n_params), multinomial_error=error,
    )
