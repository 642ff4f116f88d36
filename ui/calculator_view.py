"""The prediction calculator on the Evaluate page: one feature vector, its prediction step by step, the nomogram.

The same section serves the three kinds of model. A kind's Evaluate view calls
:func:`render_calculator` with its core calls: ``predict`` turns a feature vector into the
step-by-step prediction (:mod:`logreg_core.prediction`) and ``chart`` builds the nomogram
from the data's ranges (binary and ordinal; None for multinomial).

The inputs start from a chosen row (the "row" setting) and may be changed with a slider
over the data's range or a typed value; the values in force are the "at" setting (None
while they are the row's own), so a link restores both.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import streamlit as st
from numpy.typing import NDArray

from logreg_core import DataError, Dataset
from logreg_core.prediction import (
    BinaryPrediction,
    MultinomialPrediction,
    Nomogram,
    OrdinalPrediction,
    Prediction,
)
from ui import settings
from ui.figures.nomogram import nomogram_figure
from ui.layout import chart_font_size, dark_theme, presenting, show_chart
from ui.state import active_dataset
from ui.text import literal

Predict = Callable[[NDArray[np.float64]], Prediction]
Chart = Callable[[NDArray[np.float64], NDArray[np.float64]], Nomogram]

_SLIDER = "calculator_slider_{}"
_TEXT = "calculator_text_{}"
# the fingerprint of the dataset the calculator's values belong to
_DATASET = "calculator.dataset"


def number_text(value: float) -> str:
    """A value as its text box shows it: the shortest text that reads back as the same float."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def parse_number(text: str) -> float | None:
    """The finite number ``text`` is, or None (empty, not a number, NaN or infinite)."""
    try:
        number = float(text.strip().replace("−", "-"))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def shown_number(value: float, digits: int = 4) -> str:
    """A number for the step-by-step tables: ``digits`` significant digits."""
    return f"{value:.{digits}g}"


def sum_decimals(values: Sequence[float], digits: int = 4) -> int | None:
    """Decimals that give the largest of ``values`` ``digits`` significant digits, shared by all of them.

    The addends of a sum shown on screen then add up to the shown total, give or take one unit in the
    last place (4.9 and -2.834 would not: the student would get 2.066, the page 2.067). None when the
    values are too large or too small for fixed decimals to read well.
    """
    largest = max((abs(v) for v in values if np.isfinite(v)), default=0.0)
    if largest == 0.0:
        return digits - 1
    if not 1e-3 <= largest < 1e7:
        return None
    # at least three decimals, so a small addend beside a large one keeps its digits
    return max(3, digits - 1 - int(np.floor(np.log10(largest))))


def sum_texts(values: Sequence[float], digits: int = 4) -> list[str]:
    """The addends of one sum (and its total) written with shared decimals (see :func:`sum_decimals`)."""
    decimals = sum_decimals(values, digits)
    if decimals is None:
        return [shown_number(v, digits) for v in values]
    return [f"{v:.{decimals}f}" for v in values]


def latex_text(text: str, brackets: bool = True) -> str:
    """A number's text for st.latex: a power of ten written out, a negative one in brackets inside a sum."""
    negative = text.startswith("-")
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"({text})" if negative and brackets else text


def latex_number(value: float, digits: int = 4, brackets: bool = True) -> str:
    """A number for st.latex with ``digits`` significant digits (see :func:`latex_text`)."""
    return latex_text(f"{value:.{digits}g}", brackets)


class _Inputs:
    """The calculator's input widgets over the dataset's rows and ranges."""

    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.low = data.X.min(axis=0)
        self.high = data.X.max(axis=0)
        span = self.high - self.low
        # a slider needs a range; a constant feature gets one unit either side
        self.slider_low = np.where(span > 0, self.low, self.low - 1.0)
        self.slider_high = np.where(span > 0, self.high, self.high + 1.0)
        width = self.slider_high - self.slider_low
        self.step = 10.0 ** np.floor(np.log10(width / 100.0))

    def decimals(self, j: int) -> int:
        """The decimals a slider's step needs (0.001 -> 3)."""
        return max(0, int(round(-np.log10(self.step[j]))))

    def row_values(self) -> NDArray[np.float64]:
        row = int(settings.value("row"))
        return np.asarray(self.data.X[row], dtype=np.float64)

    def values(self) -> NDArray[np.float64]:
        """The values in force: those typed or slid (the "at" setting), else the chosen row's."""
        chosen = settings.value("at")
        if chosen is not None and len(chosen) == self.data.n_features:
            return np.asarray(chosen, dtype=np.float64)
        return self.row_values()

    def slider_value(self, j: int, value: float) -> float:
        return float(min(self.slider_high[j], max(self.slider_low[j], value)))

    def show(self, values: NDArray[np.float64], first: bool) -> None:
        """Put ``values`` into the sliders and text boxes (only where none is drawn yet when ``first``)."""
        put = settings.show_first if first else settings.set_local
        for j, value in enumerate(values):
            put(_SLIDER.format(j), self.slider_value(j, float(value)))
            put(_TEXT.format(j), number_text(float(value)))

    # callbacks: they run before the page, so the page draws what they set
    def row_changed(self) -> None:
        settings.set_value("at", None)
        self.show(self.row_values(), first=False)

    def slider_moved(self, j: int) -> None:
        values = self.values().copy()
        values[j] = round(float(settings.local(_SLIDER.format(j))), self.decimals(j))
        settings.set_value("at", tuple(float(value) for value in values))
        settings.set_local(_TEXT.format(j), number_text(values[j]))

    def typed(self, j: int) -> None:
        number = parse_number(str(settings.local(_TEXT.format(j), "")))
        if number is None:  # the page says what is wrong; the values in force stay
            return
        values = self.values().copy()
        values[j] = number
        settings.set_value("at", tuple(float(value) for value in values))
        settings.set_local(_SLIDER.format(j), self.slider_value(j, number))


def _start(data: Dataset) -> list[str]:
    """Forget the calculator's values when the dataset changed; check the linked ones. Plain-text notices."""
    notices = []
    previous = settings.local(_DATASET)
    if previous is not None and previous != data.fingerprint:
        settings.reset("row", "at")
    settings.set_local(_DATASET, data.fingerprint)
    row = int(settings.value("row"))
    if row >= data.n_rows:
        notices.append(f"Row to start from: “{row}” is past the last row of {data.name} (rows 0 to "
                       f"{data.n_rows - 1}). Using row 0.")
        settings.set_value("row", 0)
    chosen = settings.value("at")
    if chosen is not None and len(chosen) != data.n_features:
        notices.append(f"Calculator values: “{settings.SETTINGS['at'].link_text(chosen)}” has {len(chosen)} "
                       f"values, but {data.name} has {data.n_features} features "
                       f"({', '.join(data.feature_names)}). Using the values of row {row}.")
        settings.set_value("at", None)
    return notices


def render_calculator(predict: Predict, chart: Chart | None, source: str, key: str = "calculator") -> None:
    """Draw the "Prediction calculator" section.

    Parameters
    ----------
    predict : callable
        Feature vector (m,) -> the step-by-step prediction of the model shown.
    chart : callable or None
        (low, high) of each feature -> the model's nomogram; None for a multinomial model.
    source : str
        Which model's numbers these are, to follow "from" in a sentence.
    key : str
        The section's key (its box is ``.st-key-<key>`` in the page) and the prefix of its chart's.
    """
    with st.container(key=key):  # one box around the section, for the browser tests' screenshots
        _render(predict, chart, source, key)


def _render(predict: Predict, chart: Chart | None, source: str, key: str) -> None:
    data = active_dataset()
    st.subheader("Prediction calculator")
    st.caption(f"One row's prediction with its arithmetic, from {source}. Start from a row of the data, then move "
               "a slider (over the data's range) or type any value.")
    for notice in _start(data):
        st.warning(literal(notice), icon=":material/link_off:")
    inputs = _Inputs(data)
    row_column, note = st.columns([1, 3], vertical_alignment="bottom")
    row = int(settings.widget("row", row_column, max_value=data.n_rows - 1, on_change=inputs.row_changed))
    changed = "; the values below have been changed from it" if settings.value("at") is not None else ""
    note.caption(f"Row {row} is actually **{literal(data.class_names[int(data.y[row])])}**{changed}.")
    values = inputs.values()
    inputs.show(values, first=True)
    problems = _draw_inputs(data, inputs, values)
    if problems:
        st.error(" ".join(problems) + " The prediction is shown again once every value is a number.",
                 icon=":material/error:")
        return
    try:
        prediction = predict(values)
    except DataError as error:
        st.error(literal(error), icon=":material/error:")
        return
    _show_prediction(prediction, data, values)
    if chart is not None:
        _show_nomogram(chart, inputs, data, values, key)


def _draw_inputs(data: Dataset, inputs: _Inputs, values: NDArray[np.float64]) -> list[str]:
    """One slider and one text box per feature, two features to a line; the sentences of the bad values."""
    problems = []
    per_line = 1 if presenting() else 2
    for start in range(0, data.n_features, per_line):
        columns = st.columns(per_line, gap="large")
        for column, j in zip(columns, range(start, min(start + per_line, data.n_features))):
            name = data.feature_names[j]
            with column:
                left, right = st.columns([5, 2], vertical_alignment="bottom")
                left.slider(literal(name), min_value=float(inputs.slider_low[j]),
                            max_value=float(inputs.slider_high[j]), step=float(inputs.step[j]),
                            key=_SLIDER.format(j), on_change=inputs.slider_moved, args=(j,),
                            format=f"%.{inputs.decimals(j)}f",
                            help=f"From the data's smallest value ({inputs.low[j]:.4g}) to its largest "
                            f"({inputs.high[j]:.4g}).")
                # the slider's label names the feature for both; the box's own is read by screen readers
                right.text_input(f"{literal(name)}, typed", key=_TEXT.format(j), on_change=inputs.typed, args=(j,),
                                 label_visibility="collapsed",
                                 placeholder="a number", help="Any number, also outside the data's range.")
                typed = str(settings.local(_TEXT.format(j), ""))
                if parse_number(typed) is None:
                    problems.append(f"{literal(name)}: “{literal(typed)}” is not a number; type a finite number "
                                    "such as 2.5 or -0.3 (NaN and infinity are not allowed).")
                elif not inputs.low[j] <= values[j] <= inputs.high[j]:
                    st.caption(f"{number_text(values[j])} is outside the data's range ({inputs.low[j]:.4g} to "
                               f"{inputs.high[j]:.4g}): the model extrapolates; the slider shows the nearest end.")
    return problems


def _terms_table(names: Sequence[str], values: NDArray[np.float64], columns: dict[str, tuple[float, ...]],
                 intercepts: dict[str, float] | None, totals: dict[str, float], total_name: str) -> pd.DataFrame:
    """Rows: the intercept (if any), one per feature, the score; columns: the value x and the given ones.

    Each column is written with shared decimals (its intercept, entries and total), so the column adds
    up on screen to its last row.
    """
    index = [*(["intercept"] if intercepts is not None else []), *(literal(name) for name in names), total_name]
    table = {"value x": [*([""] if intercepts is not None else []), *(shown_number(v, 6) for v in values), ""]}
    for title, column in columns.items():
        total = totals[title]
        entries = [*([intercepts[title]] if intercepts is not None else []), *column]
        if np.isnan(total):  # a column that is not summed (the coefficients): each to its own digits
            table[title] = [*(shown_number(v) for v in entries), ""]
        else:
            table[title] = sum_texts([*entries, total])
    frame = pd.DataFrame(table, index=index)
    if intercepts is not None:
        # the intercept is both a coefficient and an addend: one text for it in every column
        summed = [title for title in columns if not np.isnan(totals[title])]
        for title in columns:
            if summed and np.isnan(totals[title]) and intercepts[title] == intercepts[summed[0]]:
                frame.loc["intercept", title] = frame.loc["intercept", summed[0]]
    return frame


def _show_prediction(prediction: Prediction, data: Dataset, values: NDArray[np.float64]) -> None:
    names = data.feature_names
    classes = [literal(name) for name in data.class_names]
    if isinstance(prediction, BinaryPrediction):
        _show_binary(prediction, names, classes, values)
    elif isinstance(prediction, MultinomialPrediction):
        _show_multinomial(prediction, names, classes, values)
    else:
        _show_ordinal(prediction, names, classes, values)


def _probability_table(classes: Sequence[str], probabilities: NDArray[np.float64], decision: int) -> pd.DataFrame:
    return pd.DataFrame({"probability": [f"{p:.4f}" if p >= 1e-4 else f"{p:.3g}" for p in probabilities],
                         "decision": ["◀ called" if k == decision else "" for k in range(len(classes))]},
                        index=list(classes))


def _show_binary(result: BinaryPrediction, names: Sequence[str], classes: Sequence[str],
                 values: NDArray[np.float64]) -> None:
    score = result.score
    negative, positive = classes
    verb = "≥" if result.decision == 1 else "<"
    st.markdown(f"**P(y = 1, {positive}) = {result.probability:.4f}** {verb} threshold {result.threshold:g}: "
                f"called **{classes[result.decision]}** ({result.decision}).")
    st.table(_probability_table([f"{negative} (0)", f"{positive} (1)"], result.probabilities, result.decision))
    st.markdown("**Step by step.** 1. The score adds each feature's term w·x to the intercept:")
    st.table(_terms_table(names, values, {"coefficient w": tuple(score.coefficients), "term w·x": tuple(score.terms)},
                          {"coefficient w": score.intercept, "term w·x": score.intercept},
                          {"coefficient w": float("nan"), "term w·x": score.score}, "score z")
             .replace("nan", ""))
    *addends, total = sum_texts([score.intercept, *score.terms, score.score])
    terms = " + ".join(latex_text(a) for a in addends)
    if len(score.terms) > 4:
        terms = r"b + \sum_j w_j x_j"
    st.latex(rf"z = {terms} = {latex_text(total, brackets=False)}")
    st.markdown("2. The sigmoid turns the score into the probability of class 1:")
    st.latex(rf"P(y = 1) = \sigma(z) = \frac{{1}}{{1 + e^{{-z}}}} = \frac{{1}}{{1 + e^{{-{latex_number(score.score)}}}}}"
             rf" = {latex_number(result.probability, brackets=False)}")
    st.markdown(f"3. The decision: class 1 when P(y = 1) ≥ t = {result.threshold:g} (the page's threshold); "
                f"{result.probability:.4f} {verb} {result.threshold:g}, so **{classes[result.decision]}**.")


def _show_multinomial(result: MultinomialPrediction, names: Sequence[str], classes: Sequence[str],
                      values: NDArray[np.float64]) -> None:
    decision = result.decision
    st.markdown(f"**Called {classes[decision]}**, the class of highest probability "
                f"({result.probabilities[decision]:.4f}).")
    st.table(_probability_table(classes, result.probabilities, decision))
    reference = classes[result.reference]
    st.markdown(f"**Step by step.** 1. Each class's score z_k = b_k + Σ w_kj·x_j, the terms w_kj·x_j below "
                f"(the reference class {reference} has the score 0):")
    columns = {f"{name}": tuple(score.terms) for name, score in zip(classes, result.scores)}
    st.table(_terms_table(names, values, columns,
                          {name: score.intercept for name, score in zip(classes, result.scores)},
                          {name: score.score for name, score in zip(classes, result.scores)}, "score z_k"))
    st.markdown("2. The softmax: take the largest score off every score (so no exponential overflows), "
                "exponentiate, and divide by the sum:")
    st.table(pd.DataFrame({
        "score z_k": [shown_number(z) for z in result.class_scores],
        "z_k − z_max": [shown_number(z - result.largest_score) for z in result.class_scores],
        "e^(z_k − z_max)": [shown_number(e) for e in result.shifted_exponentials],
        "p_k = e^(z_k − z_max) / sum": [f"{p:.4f}" if p >= 1e-4 else f"{p:.3g}" for p in result.probabilities],
    }, index=list(classes)))
    *exponentials, total = sum_texts([*result.shifted_exponentials, result.total])
    parts = " + ".join(latex_text(e) for e in exponentials) if len(classes) <= 6 else r"\sum_k e^{z_k - z_{\max}}"
    st.latex(rf"z_{{\max}} = {latex_number(result.largest_score, brackets=False)}, \qquad "
             rf"\text{{sum}} = {parts} = {latex_text(total, brackets=False)}")
    st.markdown(f"3. The decision: the class of highest probability, **{classes[decision]}**.")


def _show_ordinal(result: OrdinalPrediction, names: Sequence[str], classes: Sequence[str],
                  values: NDArray[np.float64]) -> None:
    decision = result.decision
    score = result.score
    st.markdown(f"**Called {classes[decision]}**, the category of highest probability "
                f"({result.probabilities[decision]:.4f}).")
    st.table(_probability_table(classes, result.probabilities, decision))
    st.markdown("**Step by step.** 1. The linear predictor η = Σ β_j·x_j (no intercept: the cut-points θ_j "
                "play its part):")
    st.table(_terms_table(names, values, {"coefficient β": tuple(score.coefficients), "term β·x": tuple(score.terms)},
                          None, {"coefficient β": float("nan"), "term β·x": score.score}, "η").replace("nan", ""))
    st.markdown("2. The chance of each category or a lower one, P(y ≤ j) = σ(θ_j − η):")
    cuts = [f"y ≤ {classes[j]}" for j in range(len(classes) - 1)]
    st.table(pd.DataFrame({
        "cut-point θ_j": [shown_number(t) for t in result.cutpoints],
        "θ_j − η": [shown_number(a) for a in result.cumulative_arguments],
        "P(y ≤ j) = σ(θ_j − η)": [f"{c:.4f}" for c in result.cumulative],
    }, index=cuts))
    st.markdown("3. Each category's probability is the difference of consecutive cumulative ones, "
                "P(y = j) = P(y ≤ j) − P(y ≤ j − 1), with 0 below the first and 1 above the last:")
    upper = [*result.cumulative, 1.0]
    lower = [0.0, *result.cumulative]
    st.table(pd.DataFrame({
        "P(y ≤ j)": [f"{u:.4f}" for u in upper],
        "P(y ≤ j − 1)": [f"{lo:.4f}" for lo in lower],
        "P(y = j)": [f"{p:.4f}" if p >= 1e-4 else f"{p:.3g}" for p in result.probabilities],
    }, index=list(classes)))
    st.markdown(f"4. The decision: the category of highest probability, **{classes[decision]}**.")


def _show_nomogram(chart: Chart, inputs: _Inputs, data: Dataset, values: NDArray[np.float64], key: str) -> None:
    try:
        scales = chart(inputs.low, inputs.high)
    except DataError as error:
        st.info(literal(error))
        return
    st.markdown("**Nomogram.** Read each feature's points on the top scale, add them up, and read the total "
                "on the axes below it. The feature that moves the score most over the data's range spans 100 "
                "points; the dots are the values above, and a value beyond a scale's end is drawn at that end "
                "as a triangle." + (" Each probability axis reads P(y > level) = 1 − P(y ≤ level), the "
                                    "complement of the cumulative probabilities in the steps above."
                                    if data.kind == "ordinal" else ""))
    figure = nomogram_figure(scales, data.feature_names, data.class_names, values,
                             font_size=chart_font_size(), dark=dark_theme())
    show_chart(figure, key=f"{key}_nomogram")
