"""The Compare page's tables, notices and sections: one dataset under several kinds of model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from logreg_core import Dataset
from logreg_core.comparison import ModelScore, OneVsRestComparison, OrdinalComparison, curves_along
from ui import settings
from ui.figures.comparison import model_curves_figure, slopes_by_cut_figure
from ui.layout import chart_font_size, dark_theme, explain, presenting, show_chart
from ui.text import literal

# What each row of the comparison table says, for a student.
STATISTIC_NOTES = {
    "parameters": "How many numbers the model estimates. When one model contains another (it is the "
                  "other with some parameters freed), the larger one fits the training rows at least as closely.",
    "log_likelihood": "log P(the training rows' classes | the model): higher fits better. Adding parameters "
                      "to a model never lowers it, but a model with more parameters of another form can "
                      "still fit worse.",
    "aic": "−2 LL + 2k: the fit, charged 2 per parameter. Lower is better.",
    "bic": "−2 LL + k ln n: charged more per parameter as rows grow. Lower is better.",
    "test_log_loss": "Mean −log P(true class) on rows the models never saw. Lower is better.",
    "test_accuracy": "Share of held-out rows whose most probable class is right.",
    "cut_log_loss": "Every model's P(level at or above the cut) scored on that one yes/no question: the "
                    "row where all three models answer the same question.",
}


# What the binary model's cells of a row mean (it answers a yes/no question, not the K-level one).
BINARY_ROW_NOTES = {
    "test_log_loss": " † The binary model's is of its own yes/no question: not comparable with the others'.",
    "test_accuracy": " † The binary model's (P ≥ 0.5) is of its own yes/no question, an easier one than picking "
                     "one of K levels: not comparable with the others'.",
}


def fold_or_caption(text: str) -> None:
    """A long side note: a caption normally, folded into an Explanation expander on a projector."""
    if presenting():
        explain(text)
    else:
        st.caption(text)


def cut_options(dataset: Dataset) -> list[str]:
    """The levels a cut can be at: every level but the lowest (both sides then have levels)."""
    return list(dataset.class_names[1:])


def default_cut(dataset: Dataset) -> str:
    """The middle level, so that both sides of the binary question hold several levels."""
    return dataset.class_names[dataset.n_classes // 2]


def cut_notice(dataset: Dataset) -> str | None:
    """A sentence about a linked cut that is not a level of this dataset above the lowest (plain text);
    such a value is forgotten, so the control shows the default."""
    cut = settings.value("cut")
    if not dataset.ordered or cut is None or cut in cut_options(dataset):
        return None
    settings.reset("cut")
    return (f"{settings.SETTINGS['cut'].label}: “{cut}” is not a level of {dataset.name} above the lowest; it "
            f"takes one of {', '.join(cut_options(dataset))}. Using {default_cut(dataset)}.")


def strongest_feature(comparison: OrdinalComparison | OneVsRestComparison) -> int:
    """The feature with the largest |z| in the ordinal fit (multinomial: in any class's row): the chart's default."""
    m = comparison.feature_means.size
    if isinstance(comparison, OrdinalComparison):
        strength = np.abs(np.asarray(comparison.ordinal.z))[:m]
    else:
        strength = np.abs(np.asarray(comparison.multinomial.z)).reshape(-1, m + 1)[:, 1:].max(axis=0)
    return int(np.argmax(strength))


def along_notice(dataset: Dataset, default: str) -> str | None:
    """A sentence about a linked feature this dataset does not have (plain text); such a value is forgotten."""
    along = settings.value("along")
    if along is None or along in dataset.feature_names:
        return None
    settings.reset("along")
    return (f"{settings.SETTINGS['along'].label}: “{along}” is not a feature of {dataset.name}; it takes one "
            f"of {', '.join(dataset.feature_names)}. Using {default}.")


def model_titles(comparison: OrdinalComparison | OneVsRestComparison) -> dict[str, str]:
    """Each compared model's column title (plain text)."""
    titles = {"ordinal": "Ordinal (proportional odds)", "multinomial": "Multinomial",
              "one_vs_rest": "One-vs-rest (K binary fits)"}
    if isinstance(comparison, OrdinalComparison):
        titles["binary"] = "Binary at the cut"
    return titles


def _number(value: float | None, digits: int = 2) -> str:
    return "—" if value is None or not np.isfinite(value) else f"{value:,.{digits}f}"


def score_table(comparison: OrdinalComparison | OneVsRestComparison, notes: bool = True) -> pd.DataFrame:
    """Models as columns, statistics as rows, with what each statistic says in the last column (left out
    with ``notes=False``, for a projector); fixed text only, no name from the data."""
    titles = model_titles(comparison)
    scores: tuple[ModelScore, ...] = comparison.scores
    held_out = comparison.n_test > 0
    binary_note = " †" if isinstance(comparison, OrdinalComparison) else ""
    rows: dict[str, tuple[str, list[str]]] = {
        "Parameters k": ("parameters", [str(score.n_params) for score in scores]),
        "Log-likelihood LL": ("log_likelihood", [_number(score.log_likelihood) for score in scores]),
        "AIC": ("aic", [_number(score.aic) for score in scores]),
        "BIC": ("bic", [_number(score.bic) for score in scores]),
    }
    if held_out:
        rows["Held-out log-loss"] = ("test_log_loss", [_number(score.test_log_loss, 4) for score in scores])
        rows["Held-out accuracy"] = ("test_accuracy", [
            "—" if score.test_accuracy is None else f"{score.test_accuracy:.1%}" for score in scores])
    if isinstance(comparison, OrdinalComparison):
        where = "held-out" if held_out else "training"
        rows[f"Log-loss of the question at the cut ({where} rows)"] = (
            "cut_log_loss", [_number(score.cut_log_loss, 4) for score in scores])
    columns = [titles[score.model] + (binary_note if score.model == "binary" else "") for score in scores]
    frame = pd.DataFrame({column: [values[i] for _, values in rows.values()] for i, column in enumerate(columns)},
                         index=list(rows))
    if notes:
        extra = BINARY_ROW_NOTES if isinstance(comparison, OrdinalComparison) else {}
        frame["What it says"] = [STATISTIC_NOTES[key] + extra.get(key, "") for key, _ in rows.values()]
    return frame


def show_score_table(comparison: OrdinalComparison | OneVsRestComparison) -> None:
    """The score table; on a projector without its notes column, the notes folded away beneath it."""
    st.table(score_table(comparison, notes=not presenting()))
    if presenting():
        rows = score_table(comparison)["What it says"]
        explain("\n".join(f"- {name}: {note}" for name, note in rows.items()))


def lr_table(comparison: OrdinalComparison, feature_names: tuple[str, ...]) -> pd.DataFrame:
    """Per feature: the ordinal model against the one in which that feature has its own slope at every cut."""
    return pd.DataFrame({
        "χ² = 2 (LL larger − LL ordinal)": [f"{test.chi_square:.3f}" for test in comparison.lr_tests],
        "df": [str(test.df) for test in comparison.lr_tests],
        "p": [f"{test.p_value:.3g}" for test in comparison.lr_tests],
        "slopes at the cuts": ["differ (p < 0.05)" if test.p_value < 0.05 else "no evidence they differ"
                                      for test in comparison.lr_tests],
    }, index=[literal(name) for name in feature_names])


def slope_table(comparison: OrdinalComparison, dataset: Dataset) -> pd.DataFrame:
    """Each feature's ordinal slope β beside the binary model's slope w at the chosen cut, with 95 % intervals."""
    ordinal_ci, binary_ci = comparison.ordinal_intervals, comparison.binary_intervals
    return pd.DataFrame({
        "ordinal β": [f"{value:.4f}" for value in comparison.ordinal_slopes],
        "ordinal 95 % interval": [f"[{low:.3f}, {high:.3f}]" for low, high in ordinal_ci],
        "binary w at the cut": [f"{value:.4f}" for value in comparison.binary_slopes],
        "binary 95 % interval": [f"[{low:.3f}, {high:.3f}]" for low, high in binary_ci],
    }, index=[literal(name) for name in dataset.feature_names])


def feature_choice(dataset: Dataset, comparison: OrdinalComparison | OneVsRestComparison, container) -> int:
    """Draw the feature control (default: the strongest feature, :func:`strongest_feature`), after a
    notice about a linked feature the dataset lacks, and return its column index."""
    names = list(dataset.feature_names)
    default = names[strongest_feature(comparison)]
    notice = along_notice(dataset, default)
    if notice:
        st.warning(literal(notice), icon=":material/link_off:")
    chosen = settings.widget("along", container, options=names, default=default)
    return names.index(chosen)


def render_ordinal(dataset: Dataset, comparison: OrdinalComparison, feature: int) -> None:
    """The table, the tests, the chart of probabilities and the slopes of an ordered target."""
    font, dark = chart_font_size(), dark_theme()
    names = dataset.class_names
    cut_name = names[comparison.cut]
    st.subheader("How well each model fits")
    st.markdown(literal(f"The binary model at the cut asks: is the level “{cut_name}” or higher?"))
    show_score_table(comparison)
    held_out = (" and its held-out log-loss and accuracy (a yes/no question is easier than picking one of "
                f"{dataset.n_classes} levels)" if comparison.n_test else "")
    fold_or_caption(literal(
        f"† The binary model predicts a different outcome, two groups (“{cut_name} or higher” against the "
        f"rest) instead of {dataset.n_classes} levels, so its LL, AIC and BIC{held_out} are on another scale "
        "and cannot be set against the other two. The last row is the like-for-like one: it scores all three "
        "models on that same yes/no question."
    ))
    explain(
        "**Ordinal against multinomial: compare AIC or BIC, not a likelihood-ratio test.** Neither model is a "
        "special case of the other (the ordinal model is not the multinomial model with some coefficients "
        "set to zero), so the difference of their log-likelihoods has no χ² distribution. AIC and BIC weigh "
        "fit against parameters for models that are not nested."
    )
    st.subheader("Likelihood-ratio tests that are valid: one slope against a slope per cut")
    explain(
        "The ordinal model is nested in the model where one feature gets its own slope at every cut (the "
        "partial proportional-odds model): fix those slopes equal and it is the ordinal model again. So "
        "twice the gain in log-likelihood is χ² with K − 2 degrees of freedom, one per extra slope. A small "
        "p says the odds are not proportional for that feature. Both sides of each test are fitted "
        "without L2, whatever the Train page's λ, so the statistic is the classical one."
    )
    if comparison.lr_tests:
        st.table(lr_table(comparison, dataset.feature_names))
    else:
        st.info("No test: without L2 the ordinal model has no finite estimate on these rows (the classes are "
                "separated), so there is no maximum likelihood to compare with.", icon=":material/info:")

    st.subheader("Predicted probabilities along one feature")
    curves = curves_along(comparison, feature)
    panels = [("ordinal", "Ordinal (proportional odds)"), ("multinomial", "Multinomial"),
              ("binary", f"Binary: {cut_name} or higher")]
    show_chart(model_curves_figure(curves, panels, names, dataset.feature_names[feature], ordered=True,
                                   cut=comparison.cut, font_size=font, dark=dark), key="compare_curves")
    st.caption(literal(
        f"The other features are held at their training means. The ordinal model must keep the levels in "
        f"order: along {dataset.feature_names[feature]} the lowest level's probability only falls and the "
        "highest's only rises (or the other way round), and a middle level can rise and then fall, but over "
        "the data's range it may just as well look flat or move one way. The multinomial model may bend each "
        "level its own way. The dotted curve in the binary panel is the ordinal model's own P(this level or higher)."
    ))

    st.subheader("The binary slope beside the ordinal slope")
    explain(
        "Under proportional odds, P(y ≥ level c) = σ(x·β − θ₍c−1₎): every yes/no question \"this level or "
        "higher?\" is a binary logistic regression with **the same slope β**, only the intercept −θ changes. "
        "With this page's convention, P(y ≤ j) = σ(θⱼ − x·β) (as R's polr, Stata's ologit and statsmodels), "
        "the binary slope and β have **the same sign**. If the dots below scatter far beyond the band, the "
        "odds are not proportional for this feature."
    )
    show_chart(slopes_by_cut_figure(
        comparison.cut_slopes[:, feature], comparison.cut_low[:, feature], comparison.cut_high[:, feature],
        float(comparison.ordinal_slopes[feature]), tuple(comparison.ordinal_intervals[feature]), names,
        dataset.feature_names[feature], comparison.cut, font_size=font, dark=dark), key="compare_slopes")
    missing = [names[c + 1] for c in range(dataset.n_classes - 1) if not np.isfinite(comparison.cut_slopes[c, feature])]
    if missing:
        st.caption(literal(f"No dot at {', '.join(missing)}: that cut separates the training rows, so its "
                           "binary fit has no finite estimate."))
    st.table(slope_table(comparison, dataset))


def render_one_vs_rest(dataset: Dataset, comparison: OneVsRestComparison, feature: int) -> None:
    """The multinomial model against K one-vs-rest binary fits of an unordered target."""
    font, dark = chart_font_size(), dark_theme()
    st.subheader("Multinomial against one-vs-rest")
    explain(
        "One-vs-rest fits K separate binary models, each class against all the others. Nothing ties them "
        "together, so their K probabilities for one row need not add up to one; the multinomial model's "
        "softmax always does. Libraries that offer one-vs-rest divide by the sum afterwards; the table does "
        "the same for its likelihood, log-loss and accuracy."
    )
    left, right = st.columns(2)
    left.metric("Largest |sum of the K probabilities − 1|", f"{comparison.sum_gap_max:.3f}",
                help="Over the training rows, for the one-vs-rest fits' own probabilities.")
    right.metric("Mean |sum − 1|", f"{comparison.sum_gap_mean:.3f}",
                 help="Averaged over the training rows. For the multinomial model both are 0.")
    show_score_table(comparison)
    st.subheader("Predicted probabilities along one feature")
    curves = curves_along(comparison, feature)
    panels = [("multinomial", "Multinomial (softmax)"), ("one_vs_rest", "One-vs-rest (K binary fits)")]
    show_chart(model_curves_figure(curves, panels, dataset.class_names, dataset.feature_names[feature],
                                   ordered=False, font_size=font, dark=dark), key="compare_curves")
    st.caption(literal(
        f"The other features are held at their training means. The dashed line is the one-vs-rest fits' sum "
        f"along {dataset.feature_names[feature]}: wherever it leaves 1, the K separate answers contradict "
        "each other."
    ))
