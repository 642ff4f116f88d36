"""The Evaluate page's section for an ordinal model: predictions, the coefficient table, the proportional-odds check."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray

from logreg_core import (
    DataError,
    Dataset,
    TrainingSettings,
    metrics,
    model_statistics,
    parameter_table,
)
from logreg_core import proportional_odds as po
from logreg_core.families import ordinal
from logreg_core.newton import ModelFit, fit_model
from logreg_core.objective import Layout
from logreg_core.prediction import nomogram, ordinal_prediction
from ui.calculator_view import render_calculator
from ui.figures.ordinal_evaluation import confusion_matrix_figure, proportional_odds_figure
from ui.layout import chart_font_size, dark_theme, show_chart
from ui.messages import never_predicted_sentence
from ui.state import training_run
from ui.text import literal

SIGN_CONVENTION = (
    "Sign convention: logit P(y ≤ j) = θ_j − x·β, as statsmodels OrderedModel, R polr and clm, and Stata ologit "
    "write it, so a positive β moves rows towards the higher categories and e^β multiplies the odds of being "
    "above any cut. SAS and some textbooks (Agresti) write θ_j + x·β, which flips the sign of every β."
)


def predicted_codes(X: NDArray[np.float64], params: NDArray[np.float64], layout: Layout) -> NDArray[np.int64]:
    """The most likely category of each row, shape (n,)."""
    beta, cutpoints = layout.split_ordinal(params)
    return np.argmax(ordinal.log_probabilities(X @ beta, cutpoints), axis=1)


def never_predicted(matrix: NDArray[np.int64], class_names: tuple[str, ...]) -> tuple[str, ...]:
    """The levels no row is predicted as: the empty columns of a K x K confusion matrix."""
    return tuple(class_names[k] for k in np.flatnonzero(np.asarray(matrix).sum(axis=0) == 0))


def quality_table(parts: dict[str, Dataset], params: NDArray[np.float64], layout: Layout) -> pd.DataFrame:
    """Accuracy, accuracy within one category and mean absolute error in categories, one column per part."""
    columns = {}
    for name, part in parts.items():
        predicted = predicted_codes(part.X, params, layout)
        columns[f"{name} ({part.n_rows} rows)"] = [
            f"{np.mean(predicted == part.y):.1%}",
            f"{metrics.within_one_accuracy(part.y, predicted):.1%}",
            f"{metrics.mean_absolute_category_error(part.y, predicted):.3f}",
        ]
    return pd.DataFrame(columns, index=["accuracy (exact category)", "accuracy within one category",
                                        "mean absolute error (categories)"])


def coefficient_report(fit: ModelFit, feature_names: tuple[str, ...], class_names: tuple[str, ...],
                       level: float = 0.95) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The β table (coef, std err, z, p, interval, cumulative odds ratio with interval) and the cut-point table.

    Numbers as statsmodels ``OrderedModel(distr="logit")`` and R ``clm`` report them; the
    cut-points are the real thresholds with their standard errors (statsmodels prints the
    later ones as log-increments; the delta method maps those to these).
    """
    table = parameter_table(fit, feature_names, class_names, level)
    m = len(feature_names)
    edge = f"{(1 - level) / 2:.3g}", f"{1 - (1 - level) / 2:.3g}"
    names = {"coef": "coef", "std_err": "std err", "z": "z", "p_value": "P>|z|", "ci_low": f"[{edge[0]}",
             "ci_high": f"{edge[1]}]"}
    coefficients = table.iloc[:m].rename(columns={**names, "odds_ratio": "cumulative odds ratio e^β",
                                                  "or_ci_low": "e^β low", "or_ci_high": "e^β high"})
    cutpoints = table.iloc[m:, :6].rename(columns=names)
    return coefficients, cutpoints


@dataclass(frozen=True, eq=False)
class Checks:
    """The proportional-odds checks of one dataset, or why they cannot be made."""

    fit: ModelFit | None
    fits: po.CumulativeFits | None
    brant: po.BrantTest | None
    comparison: po.ModelComparison | None
    error: str | None


@st.cache_resource(max_entries=16, show_spinner="Fitting the separate binary models…")
def _checks(fingerprint: str, _dataset: Dataset) -> Checks:
    X, y, K = _dataset.X, _dataset.y, _dataset.n_classes
    try:
        fit = fit_model(X, y, Layout("ordinal", X.shape[1], K))
        if not fit.converged:
            raise DataError("The ordinal fit without L2 did not converge, so there is nothing to check.")
        fits = po.cumulative_binary_fits(X, y, K)
        brant = po.brant_test(X, y, K, fits)
        comparison = po.compare_with_multinomial(X, y, K, fit)
    except DataError as error:
        return Checks(None, None, None, None, str(error))
    return Checks(fit, fits, brant, comparison, None)


@st.cache_resource(max_entries=64, show_spinner="Fitting the partial proportional-odds model…")
def _likelihood_ratio(fingerprint: str, feature: int, _dataset: Dataset, _fit: ModelFit) -> po.LikelihoodRatioResult:
    return po.partial_proportional_odds_test(_dataset.X, _dataset.y, _dataset.n_classes, feature, _fit)


def brant_table(brant: po.BrantTest, feature_names: tuple[str, ...]) -> pd.DataFrame:
    """The Brant test as Stata's ``brant`` prints it: chi², p, df for all features and each one."""
    rows = [brant.overall, *brant.per_feature]
    return pd.DataFrame({"chi²": [f"{r.chi_square:.3f}" for r in rows], "p": [f"{r.p_value:.3g}" for r in rows],
                         "df": [str(r.df) for r in rows]},
                        index=["all features", *(literal(name) for name in feature_names)])


def comparison_table(comparison: po.ModelComparison) -> pd.DataFrame:
    """Log-likelihood, parameters and AIC of the ordinal and the multinomial model."""
    return pd.DataFrame({
        "log-likelihood": [f"{comparison.log_likelihood_ordinal:.3f}", f"{comparison.log_likelihood_multinomial:.3f}"],
        "parameters": [str(comparison.n_params_ordinal), str(comparison.n_params_multinomial)],
        "AIC": [f"{comparison.aic_ordinal:.2f}", f"{comparison.aic_multinomial:.2f}"],
    }, index=["ordinal (one slope per feature, K − 1 cut-points)",
              "multinomial (an intercept and slopes per class but one)"])


def _fmt(table: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    out = table.map(lambda value: f"{value:.{digits}g}")
    out.index = [literal(name) for name in out.index]
    return out


def render(dataset: Dataset, test: Dataset | None, settings: TrainingSettings) -> None:
    """Draw the Evaluate page's ordinal section.

    Parameters
    ----------
    dataset : Dataset
        The training rows (y as ordered codes).
    test : Dataset or None
        Held-out rows.
    settings : TrainingSettings
        With ``kind="ordinal"``.
    """
    run = training_run(dataset, settings)
    font, dark = chart_font_size(), dark_theme()
    layout = run.history.layout
    exact = run.reference
    exact_usable = exact is not None and exact.converged and exact.covariance is not None
    if exact_usable:
        penalty = f" with L2 λ = {settings.l2:g}" if settings.l2 else ""
        params, source = np.asarray(exact.params), f"the exact maximum-likelihood fit{penalty} (Newton's method)"
    else:
        params, source = np.asarray(run.params)[-1], f"gradient descent at step {run.history.n_steps}"
    parts = {"training": dataset} if test is None else {"training": dataset, "test": test}

    st.subheader("Predictions: the most likely category")
    st.caption(f"From {source}. A prediction one category off counts in the within-one accuracy.")
    left, right = st.columns([1, 1], gap="large")
    with left:
        st.table(quality_table(parts, params, layout))
    with right:
        shown = test if test is not None else dataset
        matrix = metrics.confusion_matrix(shown.y, predicted_codes(shown.X, params, layout), dataset.n_classes)
        st.caption(f"Confusion matrix on the {'test' if test is not None else 'training'} rows: true categories "
                   "down, predicted across, both in their order.")
        show_chart(confusion_matrix_figure(matrix, dataset.class_names, font_size=font, dark=dark),
                   key="ordinal_confusion")
        never = never_predicted(matrix, dataset.class_names)
        if never:
            st.caption(literal(never_predicted_sentence(never)))

    st.subheader("Coefficients and cut-points")
    if not exact_usable:
        st.warning(literal("There is no converged exact fit, so there are no standard errors: "
                           + (run.reference_error or "Newton's method did not converge.")))
    else:
        coefficients, cutpoints = coefficient_report(exact, dataset.feature_names, dataset.class_names)
        st.table(_fmt(coefficients))
        st.markdown("**Cut-points** θ_j (the real thresholds; their standard errors come straight from the "
                    "covariance, which is what the delta method gives from statsmodels' log-increments):")
        st.table(_fmt(cutpoints))
        st.caption(SIGN_CONVENTION)
        stats = model_statistics(exact)
        st.table(pd.DataFrame({"value": [
            f"{stats.log_likelihood:.4f}", f"{stats.null_log_likelihood:.4f}",
            f"{stats.lr_chi_square:.3f} (df {stats.lr_df}, p = {stats.lr_p_value:.3g})",
            f"{stats.aic:.3f}", f"{stats.bic:.3f}", f"{stats.mcfadden_r2:.4f}", str(stats.n_obs)]},
            index=["log-likelihood", "null log-likelihood (cut-points only)", "LR test against the null model",
                   "AIC", "BIC", "McFadden pseudo-R²", "rows"]))
        if settings.l2:
            st.caption(f"These numbers describe the fit with L2 = {settings.l2:g}, as trained.")

    _proportional_odds_section(dataset, settings, font, dark)
    st.divider()
    render_calculator(lambda x: ordinal_prediction(layout, params, x),
                      lambda low, high: nomogram(layout, params, low, high), source, key="ordinal_calculator")


def _proportional_odds_section(dataset: Dataset, settings: TrainingSettings, font: int, dark: bool) -> None:
    st.subheader("Is one slope enough? The proportional-odds check")
    st.markdown(
        "The ordinal model gives every cut the same slope. Fit each cut as its own yes/no model "
        "(“is y above category j?”) and compare: if the odds are proportional, the separate slopes agree "
        "with each other and with the single slope, within their intervals."
    )
    if dataset.n_classes < 3:
        st.info("With two categories there is one cut and nothing to compare.")
        return
    checks = _checks(dataset.fingerprint, dataset)
    if checks.error is not None:
        st.warning(literal(checks.error))
        return
    fit, fits = checks.fit, checks.fits
    m = dataset.n_features
    beta = np.asarray(fit.params)[:m]
    interval = fit.conf_int()[:m]
    show_chart(proportional_odds_figure(fits, beta, interval, dataset.feature_names, dataset.class_names,
                                        font_size=font, dark=dark), key="ordinal_parallel")
    caption = "Bars: 95 % Wald intervals. The checks use the fits without L2"
    st.caption(caption + (f" (training used L2 = {settings.l2:g})." if settings.l2 else "."))
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Brant test** (Brant 1990): are the separate slopes equal?")
        st.table(brant_table(checks.brant, dataset.feature_names))
        st.caption("A Wald test on the K − 1 binary fits, with the covariance between their estimates. "
                   "A small p says the odds are not proportional for that feature.")
    with right:
        st.markdown("**Likelihood-ratio test** against a model with one slope per cut for one feature")
        names = dataset.feature_names
        feature = int(st.selectbox("Feature with its own slope per cut", list(range(m)), format_func=names.__getitem__,
                                   key="ordinal_lr_feature"))
        result = _likelihood_ratio(dataset.fingerprint, feature, dataset, fit)
        st.table(pd.DataFrame({"value": [
            f"{result.log_likelihood_ordinal:.4f}", f"{result.log_likelihood_partial:.4f}",
            f"{result.chi_square:.3f}", str(result.df), f"{result.p_value:.3g}",
            ", ".join(f"{s:.4g}" for s in result.slopes)]},
            index=["log-likelihood, ordinal", "log-likelihood, slopes per cut", "χ² = 2 × difference", "df",
                   "p", "its slopes, cut by cut"]))
    comparison = checks.comparison
    st.markdown("**Ordinal against multinomial** on the same rows: the lower AIC = −2ℓ + 2k wins.")
    st.table(comparison_table(comparison))
    if comparison.multinomial_error:
        st.caption(literal(comparison.multinomial_error))
