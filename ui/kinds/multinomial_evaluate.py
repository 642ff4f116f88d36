"""The Evaluate page for a multinomial model: K x K confusion, per-class scores, ROC, the coefficient table."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from logreg_core import DataError, Dataset, TrainingSettings
from logreg_core.prediction import multinomial_prediction
from logreg_core.rereference import reference_path
from ui import messages
from ui.calculator_view import render_calculator
from ui.evaluate_view import Download, file_stem
from ui.exports import safe_csv, table_json
from ui.figures.multinomial import one_vs_rest_roc_figure
from ui.kinds.multinomial_tables import coefficient_table, multiclass_report, predictions_frame
from ui.kinds.multinomial_train import plotly_text
from ui.layout import chart_font_size, dark_theme, show_chart
from ui.state import model_notices, reference_class, training_run
from ui.text import literal


def number(value: float, digits: int = 4) -> str:
    return "undefined" if pd.isna(value) else f"{value:.{digits}g}"


def render(dataset: Dataset, test: Dataset | None, training: TrainingSettings) -> None:
    """The multinomial Evaluate section, below the page's title."""
    for notice in model_notices(dataset):
        st.warning(literal(notice), icon=":material/link_off:")
    run = training_run(dataset, training)
    exact = run.reference
    exact_usable = exact is not None and exact.converged
    layout = run.history.layout
    models = {
        "descent": f"Gradient descent, as trained on the Train page (step {run.history.n_steps})",
        "exact": "Exact maximum-likelihood fit (Newton's method)",
    }
    model_key = st.radio("Model to evaluate", list(models), format_func=models.__getitem__, key="evaluate_model",
                         index=1 if exact_usable else 0, horizontal=True,
                         help="The exact fit exists only when no class is separable (or with L2).")
    if model_key == "exact" and not exact_usable:
        st.warning("There is no exact fit for these data and settings; showing gradient descent instead.")
        model_key = "descent"
    params = exact.params if model_key == "exact" else run.params[-1]
    reference = reference_class(dataset)
    names = list(dataset.class_names)

    st.subheader("Decisions: the class with the highest probability")
    st.caption("A multinomial model calls each row the class it gives the highest probability; there is no "
               "threshold to move.")
    parts = {"training": dataset} if test is None else {"training": dataset, "test": test}
    reports = {part: multiclass_report(data, params, layout) for part, data in parts.items()}
    for part, report in reports.items():
        st.markdown(f"**{part.capitalize()} rows ({int(report.matrix.sum())})**: accuracy "
                    f"{report.accuracy:.1%}, log-loss {report.log_loss:.4f}")
        counts = pd.DataFrame(
            [[f"{count} ({share:.0%})" if pd.notna(share) else str(count) for count, share in zip(row, shares)]
             for row, shares in zip(report.matrix, report.shares)],
            index=[f"actually {name}" for name in names], columns=[f"called {name}" for name in names])
        st.table(counts)
        st.caption("Counts, with each row's share in brackets: the diagonal holds the right decisions.")
        scores = report.per_class.copy()
        scores = pd.concat([scores, report.averages])
        shown = scores.copy()
        for column in ("precision", "recall", "F1", "AUC (one vs rest)"):
            shown[column] = scores[column].map(lambda value: number(value))
        shown["rows"] = scores["rows"].map(lambda value: "" if pd.isna(value) else str(int(value)))
        st.table(shown)
    st.caption(
        "Precision: of the rows called this class, the share that are. Recall: of the rows of this class, the "
        "share found. F1: their harmonic mean. The macro average weighs every class alike; the weighted average "
        "by its rows. AUC: the ROC area of this class against all the others, by its probability."
    )
    sweeps = reports["training"].sweeps
    if sweeps:
        figure = one_vs_rest_roc_figure(sweeps, names, font_size=chart_font_size(), dark=dark_theme(),
                                        escape=plotly_text)
        show_chart(go.Figure(figure), key="one_vs_rest_roc")

    st.divider()
    # the scores against the page's reference class: the probabilities are the same for any
    shown_layout = dataclasses.replace(layout, reference=reference)
    shown_params = reference_path(layout, np.asarray(params)[None, :], reference)[0]
    render_calculator(lambda x: multinomial_prediction(shown_layout, shown_params, x), None,
                      f"the exact maximum-likelihood fit{f' with L2 λ = {training.l2:g}' if training.l2 else ''}"
                      if model_key == "exact" else
                      f"gradient descent at step {run.history.n_steps}", key="multinomial_calculator")

    st.divider()
    st.subheader("The fitted model, as a statistician reports it")
    table = None
    if exact is None:
        st.info(f"The exact fit cannot be computed for these data: {literal(run.reference_error)}")
    elif not exact.converged:
        st.warning(messages.newton_message(exact) + " Standard errors, z-tests and confidence intervals "
                   "describe an estimate; for these data there is none. Set L2 above 0 on the Train page.",
                   icon=":material/call_split:")
    else:
        try:
            table = coefficient_table(exact, reference, dataset.feature_names, names)
        except DataError as error:
            st.warning(literal(error))
    if table is not None:
        if training.l2 > 0:
            st.info(f"These numbers describe the L2-penalised fit (λ = {training.l2:g}); the tests and intervals "
                    "are approximate. Set L2 to 0 for the classical maximum-likelihood results.")
        st.markdown(f"Against the reference class **{literal(names[reference])}** (change it on the Data page): "
                    "each coefficient is the change in log(P(class) / P(reference)) per unit of the feature.")
        for klass in table.index.get_level_values("class").unique():
            part = table.xs(klass, level="class")
            shown = part.copy()
            for column in ("coef", "std_err", "z", "ci_low", "ci_high", "rrr", "rrr_ci_low", "rrr_ci_high"):
                shown[column] = shown[column].map(lambda v: f"{v:.4g}")
            shown["p_value"] = part["p_value"].map(lambda p: "< 1e-300" if p < 1e-300 else f"{p:.3g}")
            shown.columns = ["estimate", "std. error", "z", "p-value", "95% CI low", "95% CI high",
                             "relative-risk ratio", "RRR 95% CI low", "RRR 95% CI high"]
            st.markdown(f"**{literal(klass)}** against {literal(names[reference])}")
            st.table(shown)
        st.caption("The relative-risk ratio e^estimate is how many times P(class) / P(reference) multiplies when "
                   "the feature grows by one unit, the others held fixed.")
        stats = exact.statistics()
        st.table(pd.DataFrame({"value": [
            f"{stats.log_likelihood:.4f}", f"{stats.null_log_likelihood:.4f}",
            f"χ² = {stats.lr_chi_square:.4f}, df = {stats.lr_df}, p = {stats.lr_p_value:.4g}",
            f"{stats.aic:.4f}", f"{stats.bic:.4f}", f"{stats.mcfadden_r2:.4f}"]},
            index=["log-likelihood", "null log-likelihood", "likelihood-ratio test", "AIC", "BIC",
                   "McFadden's pseudo-R²"]))

    st.divider()
    st.subheader("Downloads")
    stem = file_stem(dataset.name)
    downloads = []
    if table is not None:
        flat = table.copy()
        flat.index = [f"{klass}: {term}" for klass, term in table.index]
        downloads += [
            Download("Coefficients (CSV)", lambda: safe_csv(flat.rename_axis("class: term")),
                     f"{stem}_coefficients.csv", "text/csv"),
            Download("Coefficients (JSON)", lambda: table_json(flat), f"{stem}_coefficients.json", "application/json"),
        ]
    downloads.append(Download("Predictions (CSV)", lambda: safe_csv(predictions_frame(parts, params, layout)),
                              f"{stem}_predictions.csv", "text/csv",
                              "Every row with one probability column per class and the predicted class."))
    for column, download in zip(st.columns(len(downloads)), downloads):
        column.download_button(download.label, download.make, file_name=download.file_name, mime=download.mime,
                               help=download.help, icon=":material/download:", on_click="ignore")
    st.caption("Cells that a spreadsheet would run as formulas (starting with =, +, −, @) are written with a "
               "leading apostrophe.")
