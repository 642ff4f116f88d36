"""Sentences for the pages, from the kinds and numbers the core returns.

The one writer of the pages' words: the core returns kinds and numbers and never imports
this module (its ``NewtonResult.message``, ``Status.headline``/``detail`` and
``PlanePath.outcome()`` are terse summaries of their own, for notebooks). Pure functions:
no Streamlit, no Plotly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logreg_core.comparison import ComparisonError
    from logreg_core.landscape import PlanePath
    from logreg_core.newton import ModelFit, NewtonResult
    from logreg_core.training import Status


def newton_message(result: NewtonResult | ModelFit) -> str:
    """What Newton's method did, from a NewtonResult or ModelFit (converged, separation, l2, n_iter, stop)."""
    return newton_sentence(result.converged, result.separation, result.l2, result.n_iter, result.stop)


def newton_sentence(converged: bool, separation: str | None, l2: float, n_iter: int, stop: str) -> str:
    """The sentence for one outcome of Newton's method."""
    if separation is not None and l2 == 0:
        kind = "perfectly" if separation == "complete" else "almost perfectly (quasi-completely)"
        return (
            f"The classes are {kind} separated by a straight boundary, so the likelihood keeps "
            "rising as the weights grow: no finite maximum-likelihood estimate exists (Newton's "
            f"method stopped after {n_iter} steps with the weights still growing). Add L2 on the "
            "Train page for a finite, unique fit."
        )
    if converged:
        text = f"Converged in {n_iter} Newton steps."
        if separation is not None:
            text += " The classes are separable; L2 keeps the weights finite."
        return text
    if stop in ("singular", "no_progress"):
        return (
            f"Newton's method stopped after {n_iter} steps without converging (the curvature "
            "became singular). Standardise the features or add L2."
        )
    return f"Newton's method did not converge in {n_iter} steps. Allow more iterations or add L2."


def status_headline(status: Status) -> str:
    """The bold first sentence for a training run's Status."""
    k, rate = status.steps, status.learning_rate
    if status.kind == "diverged":
        return f"Diverged at step {k}: the learning rate {rate:g} is too large."
    if status.kind == "converged":
        return f"Converged at step {k}."
    if status.kind == "separated":
        return "The classes are perfectly separable, so there is no finite best fit."
    if status.kind == "oscillating":
        return f"The loss rose at {status.rises} of {k} steps: the learning rate {rate:g} is near its limit."
    return f"Still improving at step {k}."


def status_detail(status: Status) -> str:
    """The explanation and the next thing to try, for a training run's Status."""
    k, rate = status.steps, status.learning_rate
    if status.kind == "diverged":
        return (
            f"The loss jumped from {status.start_loss:.4g} at the start to {status.final_loss:.4g}: each "
            "step overshoots the minimum and lands further up the other side. Try a rate ten "
            "times smaller, or standardise the features so that one rate suits every weight."
        )
    if status.kind == "converged":
        return (
            f"The gradient's length fell to {status.final_grad_norm:.2g}, below the tolerance "
            f"{status.tol:g}: the weights have stopped changing, and this is the minimum of the loss."
        )
    if status.kind == "separated":
        return (
            "A straight line splits the classes, so the loss can always fall further by making "
            f"the weights larger: their length grew from {status.weight_norm_midway:.3g} at step {k // 2} to "
            f"{status.weight_norm_final:.3g} at step {k}, and the loss is down to {status.final_loss:.3g}. More "
            "iterations only make the weights larger. Add L2 to get a finite optimum."
            + (
                f" The loss also rose at {status.rises} of {k} steps: the learning rate {rate:g} is near its limit."
                if status.rises
                else ""
            )
        )
    if status.kind == "oscillating":
        return (
            "Each rise is a step that overshot the minimum. The run has not blown up, but a "
            "smaller rate would descend steadily; a larger one would diverge."
        )
    return (
        f"The loss fell by {status.recent_gain:.3g} over the last {status.recent_steps} steps and the gradient's "
        f"length is {status.final_grad_norm:.2g}, above the tolerance {status.tol:g}. Allow more iterations "
        "or a larger learning rate."
    )


def plane_outcome(path: PlanePath) -> str:
    """What a two-parameter descent path did, in a few words (a PlanePath)."""
    steps, rises = path.n_steps, path.rises
    if path.stop_reason == "diverged":
        return f"diverged at step {steps}"
    if path.stop_reason == "tolerance":
        return f"converged in {_count(steps, 'step')}" + (" after overshooting" if rises else "")
    if rises:
        return f"oscillating: the loss rose at {_count(rises, 'step')}"
    return "still descending slowly"


def _count(number: int, noun: str) -> str:
    """'1 step', '2 steps'."""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def separable_sentence(class_names: list[str] | tuple[str, ...]) -> str:
    """Which classes a straight boundary cuts off from all the others (plain text; names as given)."""
    if not class_names:
        return "No class can be cut off from all the others by one straight boundary."
    names = ", ".join(class_names)
    if len(class_names) == 1:
        return f"Class {names} can be cut off from all the other classes by one straight boundary (a plane in all the features)."
    return f"Classes {names} can each be cut off from all the others by one straight boundary (a plane in all the features)."


def multinomial_status(status: Status, separable: list[str] | tuple[str, ...]) -> tuple[str, str]:
    """The headline and explanation of a multinomial run's Status, naming the separable classes."""
    if status.kind != "separated":
        detail = status_detail(status)
        if separable:
            detail += " " + separable_sentence(separable) + " L2 keeps those weights finite."
        return status_headline(status), detail
    return (
        "Some classes are separable, so there is no finite best fit.",
        separable_sentence(separable) + " Along such a boundary the loss can always fall further by making "
        f"the weights larger: their length grew from {status.weight_norm_midway:.3g} at step {status.steps // 2} "
        f"to {status.weight_norm_final:.3g} at step {status.steps}, and the loss is down to {status.final_loss:.3g}. "
        "More iterations only make them larger. Add L2 to get a finite optimum. (statsmodels' MNLogit stops "
        "here without a finite estimate and without saying why.)",
    )


# ---- the Compare page ------------------------------------------------------------------------

MODEL_NAMES = {
    "ordinal": "the ordinal (proportional-odds) model",
    "multinomial": "the multinomial model",
    "binary": "the binary model",
    "one_vs_rest": "a one-vs-rest binary model",
}


def comparison_problem(error: ComparisonError, class_names: list[str] | tuple[str, ...]) -> str:
    """What stops a comparison and what to do, from a ComparisonError's kind and numbers (names as given:
    show the sentence with ``ui.text.literal``)."""
    names = list(class_names)
    if error.kind == "too_few_classes":
        return (
            "This dataset has two classes, so there is nothing to compare: with two classes the ordinal, "
            "the multinomial and the binary model are one and the same model. Pick a dataset with three or "
            "more classes on the Data page: ANES 1996 party identification or the latent-score levels for "
            "ordered levels, Iris or K clouds for unordered classes."
        )
    cut = names[error.cut] if error.cut is not None and 0 <= error.cut < len(names) else str(error.cut)
    if error.kind == "cut_out_of_range":
        return (f"The cut must be a level above the lowest, so that both sides have levels: one of "
                f"{', '.join(names[1:])}.")
    if error.kind == "empty_side":
        side = "at or above" if error.n_above == 0 else "below"
        return (
            f"The cut at {cut} leaves no training row {side} it ({error.n_below} below, {error.n_above} at or "
            "above), so the binary model has nothing to tell apart. Choose another cut, or another split seed "
            "on the Data page."
        )
    model = MODEL_NAMES.get(error.model or "", "a model")
    if error.model == "binary" and error.level is not None:
        model = f"the binary model at {names[error.level]} or higher"
    if error.model == "one_vs_rest" and error.level is not None:
        model = f"the one-vs-rest model of {names[error.level]} against the rest"
    if error.separation is not None:
        return (
            f"{model[0].upper()}{model[1:]} has no finite estimate: the classes are "
            f"{'completely' if error.separation == 'complete' else 'quasi-completely'} separated, so its "
            "likelihood keeps rising as its weights grow and there is nothing to compare. Add L2 on the Train "
            "page (every model here is then fitted with it)" + (", or choose another cut." if error.model == "binary"
                                                                 else ".")
        )
    if error.stop == "data":
        return (f"{model[0].upper()}{model[1:]} cannot be fitted on these rows: a feature is constant or "
                "repeats another, or there are fewer rows than parameters. Choose other data on the Data page.")
    return (
        f"{model[0].upper()}{model[1:]} could not be fitted exactly (Newton's method stopped: "
        f"{(error.stop or 'unknown').replace('_', ' ')}). Standardising does not change these fits; add L2 on "
        "the Train page, or use fewer features."
    )


def never_predicted_sentence(levels: list[str] | tuple[str, ...], ordered: bool = True) -> str:
    """Why some levels never appear among the predictions (plain text; names as given)."""
    names = ", ".join(levels)
    one = len(levels) == 1
    subject = f"Level {names} is" if one else f"Levels {names} are"
    its = "its" if one else "their"
    reason = (
        "On an ordered scale a level squeezed between two cut-points, or a rare one, can be likely for many rows "
        "without ever being the single most likely level." if ordered else
        "A rare class can be likely for many rows without ever being the single most likely class."
    )
    return (
        f"{subject} never predicted: for no row is {its} probability the largest, so {its} column of the "
        f"confusion matrix is empty. That is not the model being wrong about {'it' if one else 'them'}. "
        f"{reason} The prediction keeps only the most likely level; the probabilities, which the "
        "log-loss scores, still give each level its share."
    )


def training_sample_note(used: int, total: int, test_used: int | None = None, test_total: int | None = None) -> str:
    """Why the Train page shows descent on a sample of the rows, and what still uses every row (plain text)."""
    text = (
        f"Descent and the exact fit run on {used:,} of the {total:,} rows, a random sample with the classes in "
        "their proportions: every step reads every row it trains on, and a sample this large follows the same "
        "path. Every number on this page is computed on the sample; the Evaluate page scores all rows."
    )
    if test_used is not None and test_total is not None and test_used < test_total:
        text += f" The held-out loss uses {test_used:,} of the {test_total:,} held-out rows."
    return text


def compare_sample_note(used: int, total: int) -> str:
    """Why the Compare page fits on a sample of the training rows (plain text)."""
    return (
        f"The models are fitted on {used:,} of the {total:,} training rows, the same random sample (classes in "
        "their proportions) the Train page uses: each model, and each per-feature test, is refitted on every "
        "row it uses. Held-out scores use every held-out row."
    )


def penalised_comparison_note(l2: float, standardize: bool) -> str:
    """Under the Compare page's fits when the Train page's L2 is on (plain text)."""
    scale = "standardised" if standardize else "original"
    return (
        f"Every model is fitted with the Train page's L2 strength λ = {l2:g} on the {scale} features, as its "
        "exact fit is, so these are the same models the Train and Evaluate pages show. Their log-likelihoods, "
        "AIC, BIC and intervals describe penalised fits and are approximate; set L2 to 0 for the classical "
        "maximum-likelihood numbers. The likelihood-ratio tests are fitted without L2 on both sides."
    )


def evaluate_sample_note(used: int, total: int) -> str:
    """Under the Evaluate page's statistics, when the model was fitted on a sample of the rows (plain text)."""
    return (
        f"The model was fitted on {used:,} of the {total:,} training rows (a random sample with the classes in "
        "their proportions, as on the Train page), so the standard errors, tests and fit statistics describe that "
        "sample; the counts, rates and curves above use every row."
    )


def missing_upload_note(file_name: str, active_name: str) -> str:
    """The warning on every page when the link names an uploaded file this session does not hold.

    The names are put in as given: show the sentence with ``ui.text.literal``.
    """
    return (
        f"The uploaded file {file_name} must be loaded again. This page was using it, but an upload stays in the "
        "memory of the app process that received it, and this session has started afresh (the connection moved "
        "to another process, the app restarted, or the link was opened elsewhere). Until you upload it again on "
        f"the Data page, every page shows {active_name}."
    )
