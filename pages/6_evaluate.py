"""Evaluate: what the threshold does, the fitted model's statistics, and exports."""

import math

import numpy as np
import pandas as pd
import streamlit as st

from logreg_core import (
    Layout,
    best_threshold,
    coefficient_table,
    fit_statistics,
    threshold_report,
)
from logreg_core.prediction import binary_prediction, nomogram
from ui import kinds, messages
from ui import settings as settings_registry
from ui.calculator_view import render_calculator
from ui.controls import current_settings, threshold_slider, use_stable_rate_button
from ui.evaluate_view import Download, file_stem, predictions_frame
from ui.evaluation_figures import metrics_by_threshold_figure, roc_pr_figure
from ui.exports import animation_html, safe_csv, table_json
from ui.figures import View, training_animation
from ui.layout import chart_font_size, dark_theme, page_setup, show_chart
from ui.models import fitted_model
from ui.settings import SETTINGS, set_value
from ui.state import part_scores, training_parts, training_run, training_sample
from ui.text import literal

page_setup("Evaluate", icon=":material/analytics:")

st.title("Evaluate: the threshold's consequences and the fitted model")

dataset, test_part = training_parts()
if dataset.kind != "binary":
    kinds.view(dataset.kind, "evaluate")(dataset, test_part, current_settings(dataset.kind))
    st.stop()
settings = current_settings()
run = training_run(dataset, settings)
exact = run.reference
exact_usable = exact is not None and exact.converged

left, right = st.columns([2, 1])
with left:
    choice = settings_registry.widget("fit")
with right:
    threshold = threshold_slider()
model = fitted_model(dataset, choice)
coef, intercept = model.coef, model.intercept
st.subheader(f"Model shown: {model.heading}")
if model.fallback:
    st.warning(f"The exact fit was chosen, but {model.fallback}: showing the trained model instead.",
               icon=":material/info:")
if not model.exact and run.status.kind == "diverged":
    st.error(
        f"**The run on the Train page diverged at step {run.history.n_steps}** (learning rate "
        f"{settings.learning_rate:g}): its weights are where descent blew up, not a fit, so the numbers below "
        "describe a broken model (expect accuracy and AUC near chance). Lower the learning rate on the Train "
        "page" + (", or choose the exact fit above." if exact_usable else "."),
        icon=":material/warning:",
    )
    use_stable_rate_button(dataset, settings, key="evaluate_stable_rate")

parts = {"training": dataset} if test_part is None else {"training": dataset, "test": test_part}
# scored and swept once per model and rows: a new threshold only reads them
scored = {part: part_scores(data, coef, intercept) for part, data in parts.items()}
scores = {part: result.probability for part, result in scored.items()}
reports = {part: threshold_report(data.y, scores[part], threshold) for part, data in parts.items()}


def percent(value: float, undefined: str) -> str:
    return undefined if math.isnan(value) else f"{value:.1%}"


st.subheader(f"At threshold t = {threshold:g}")
st.caption(
    "A point is called class 1 when its predicted probability is at least t. Moving t changes "
    "these decisions only; the model itself is not retrained."
)
columns = st.columns(len(parts))
for column, (part, report) in zip(columns, reports.items()):
    c = report.counts
    negative, positive = map(literal, dataset.class_names)  # st.table reads Markdown
    with column:
        st.markdown(f"**{part.capitalize()} rows ({c.total})**")
        st.table(pd.DataFrame(
            {f"called {positive} (1)": [c.true_positive, c.false_positive],
             f"called {negative} (0)": [c.false_negative, c.true_negative]},
            index=[f"actually {positive} (1)", f"actually {negative} (0)"],
        ))
        st.table(pd.DataFrame(
            {
                "value": [
                    percent(report.accuracy, "undefined"),
                    percent(report.precision, "undefined: nothing called 1"),
                    percent(report.recall, "undefined"),
                    percent(report.specificity, "undefined"),
                    percent(report.f1, "undefined"),
                ],
                "what it measures": [
                    "(TP + TN) / all: decisions that are right",
                    "TP / (TP + FP): of those called 1, how many are",
                    "TP / (TP + FN): of the real 1s, how many are found (sensitivity)",
                    "TN / (TN + FP): of the real 0s, how many are called 0",
                    "2TP / (2TP + FP + FN): balance of precision and recall",
                ],
            },
            index=["accuracy", "precision", "recall", "specificity", "F1"],
        ))

sweeps = {}
for part, result in scored.items():
    if result.sweep is not None:
        sweeps[part] = result.sweep
    else:
        st.info(f"No curves for the {part} rows: {literal(result.sweep_error)}")

if "training" in sweeps:
    dark = dark_theme()
    font = chart_font_size()
    show_chart(roc_pr_figure(sweeps, threshold, dark=dark, font_size=font), key="roc_pr")
    st.subheader("Every threshold at once")
    show_chart(metrics_by_threshold_figure(sweeps["training"], threshold, dark=dark, font_size=font), key="metrics_by_threshold")
    youden = best_threshold(sweeps["training"], "youden")
    f1_best = best_threshold(sweeps["training"], "f1")

    def slider_value(value: float) -> float:
        return SETTINGS["threshold"].clamp(round(value, 2))

    def apply_threshold(value: float) -> None:
        set_value("threshold", slider_value(value))

    st.markdown("**Suggested thresholds** (from the training rows; the slider moves in steps of 0.01):")
    first, second = st.columns(2)
    first.button(
        f"Use {slider_value(youden):.2f}: highest Youden's J (recall + specificity − 1)", key="use_youden",
        on_click=apply_threshold, args=(youden,), icon=":material/tune:",
    )
    second.button(
        f"Use {slider_value(f1_best):.2f}: highest F1", key="use_f1", on_click=apply_threshold, args=(f1_best,),
        icon=":material/tune:",
    )
    beyond = [(name, value) for name, value in (("Youden's J", youden), ("F1", f1_best))
              if slider_value(value) != round(value, 2)]
    if beyond:
        st.caption(" ".join(
            f"The best threshold by {name} is {value:.4g}, beyond the slider's range; the button goes to its end."
            for name, value in beyond))

st.divider()
render_calculator(
    lambda x: binary_prediction(Layout("binomial", dataset.n_features), np.r_[intercept, coef], x, threshold),
    lambda low, high: nomogram(Layout("binomial", dataset.n_features), np.r_[intercept, coef], low, high),
    model.source, key="binary_calculator")

st.divider()
st.subheader("The exact fit, as a statistician reports it")
if not model.exact:
    st.caption("This section always describes the exact maximum-likelihood fit, whichever model is shown above.")
if exact is None:
    st.info(f"The exact fit cannot be computed for these data: {literal(run.reference_error)}")
    table = None
elif not exact.converged:
    st.warning(
        messages.newton_message(exact) + " Standard errors, z-tests and confidence intervals describe an estimate; "
        "for these data there is none, so they are not shown.",
        icon=":material/call_split:",
    )
    table = None
else:
    table = coefficient_table(exact, dataset.feature_names)
    if settings.l2 > 0:
        st.info(
            f"These numbers describe the L2-penalised fit (λ = {settings.l2:g}, from the Train page). "
            "The penalty pulls the coefficients toward 0, so the tests and intervals are approximate; "
            "set L2 to 0 for the classical maximum-likelihood results."
        )
    shown = table.copy()
    for column in ("coef", "std_err", "z", "ci_low", "ci_high", "odds_ratio", "or_ci_low", "or_ci_high"):
        shown[column] = shown[column].map(lambda v: f"{v:.4g}")
    shown["p_value"] = table["p_value"].map(lambda p: "< 1e-300" if p < 1e-300 else f"{p:.3g}")
    shown.columns = ["estimate", "std. error", "z", "p-value", "95% CI low", "95% CI high",
                     "odds ratio", "OR 95% CI low", "OR 95% CI high"]
    st.table(shown.rename(index=literal))  # the feature names go in as typed
    st.caption(
        "z = estimate / standard error, tested against 0 with the normal distribution (Wald test). "
        "The odds ratio e^estimate is how many times the odds of class 1 multiply when the feature "
        "grows by one unit, the others held fixed."
    )
    fitted_rows = training_sample(dataset)  # the rows the exact fit was made on
    stats = fit_statistics(exact, fitted_rows.y)
    st.table(pd.DataFrame(
        {
            "value": [f"{stats.log_likelihood:.4f}", f"{stats.null_log_likelihood:.4f}", f"{stats.deviance:.4f}",
                      f"{stats.null_deviance:.4f}", f"{stats.aic:.4f}", f"{stats.bic:.4f}",
                      f"χ² = {stats.lr_chi_square:.4f}, df = {stats.lr_df}, p = {stats.lr_p_value:.4g}",
                      f"{stats.mcfadden_r2:.4f}"],
            "meaning": [
                "ℓ, the log of the probability the model gives the observed classes",
                "ℓ₀ of the intercept-only model, which predicts the base rate for everyone",
                "−2ℓ; smaller is better", "−2ℓ₀",
                "−2ℓ + 2k: fit penalised by the number of parameters k",
                "−2ℓ + k log n: a heavier penalty for large n",
                "2(ℓ − ℓ₀): do the features help at all?",
                "1 − ℓ/ℓ₀: share of the null log-likelihood explained",
            ],
        },
        index=["log-likelihood", "null log-likelihood", "deviance", "null deviance", "AIC", "BIC",
               "likelihood-ratio test", "McFadden's pseudo-R²"],
    ))
    if fitted_rows.n_rows < dataset.n_rows:
        st.caption(messages.evaluate_sample_note(fitted_rows.n_rows, dataset.n_rows))

st.divider()
st.subheader("Downloads")
name = file_stem(dataset.name)


def animation_file() -> bytes:
    features = tuple(range(min(2, dataset.n_features)))
    figure = training_animation(dataset, run, View(features=features, threshold=threshold), test=test_part)
    return animation_html(figure, f"Gradient descent on {dataset.name}")


# Files are made when their button is clicked, not on every rerun.
downloads = []
if table is not None:
    downloads += [
        Download("Coefficients (CSV)", lambda: safe_csv(table.rename_axis("term")), f"{name}_coefficients.csv",
                 "text/csv"),
        Download("Coefficients (JSON)", lambda: table_json(table), f"{name}_coefficients.json", "application/json"),
    ]
downloads += [
    Download("Predictions (CSV)", lambda: safe_csv(predictions_frame(parts, scores, threshold)),
             f"{name}_predictions.csv", "text/csv",
             "Every row with its probability of class 1 and its class at the current threshold."),
    Download("Training animation (HTML)", animation_file, f"{name}_training.html", "text/html",
             "One file that plays offline in any browser, for slides."),
]
# a row that wraps: columns of a quarter of the page cut the longer labels at 1,280 pixels
download_row = st.container(horizontal=True, wrap=True)
for download in downloads:
    # on_click="ignore": a rerun after a click would replace the other buttons' files, and a
    # second quick click would ask for one that is gone
    download_row.download_button(download.label, download.make, file_name=download.file_name, mime=download.mime,
                           help=download.help, icon=":material/download:", on_click="ignore")
st.caption(
    "Cells that a spreadsheet would run as formulas (starting with =, +, −, @) are written with a "
    "leading apostrophe. Each chart's camera button saves it as PNG."
)
