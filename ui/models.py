"""The fitted model of the active dataset, as the concept pages and the Evaluate page use it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from logreg_core import Dataset, TrainingRun
from ui.controls import current_settings
from ui.state import training_run

ModelChoice = Literal["descent", "exact"]


@dataclass(frozen=True, eq=False)
class FittedModel:
    """Weights and bias on the original scale, with where they come from in words.

    Attributes
    ----------
    coef : ndarray, shape (m,)
    intercept : float
    source : str
        Where the numbers come from, to follow "from" or "at" in a sentence.
    exact : bool
        Whether these are the exact (maximum-likelihood) fit's numbers.
    heading : str
        Which model is shown, for a page's heading.
    fallback : str or None
        Why the exact fit was asked for but descent is shown, when that happened.
    """

    coef: NDArray[np.float64]
    intercept: float
    source: str
    exact: bool
    heading: str
    fallback: str | None = None


def descent_description(run: TrainingRun) -> str:
    """The trained model in words: where descent stopped, with the settings that matter."""
    settings = run.settings
    details = [f"learning rate {settings.learning_rate:g}"]
    if settings.standardize:
        details.append("standardised features")
    if settings.l2:
        details.append(f"L2 λ = {settings.l2:g}")
    steps = run.history.n_steps
    return f"gradient descent after {steps} step{'s' if steps != 1 else ''} ({', '.join(details)})"


def fitted_model(dataset: Dataset, choice: ModelChoice = "exact") -> FittedModel:
    """The model a page shows: the trained one (descent where it stopped) or the exact fit.

    Uses the Train page's settings (L2 included), so every page speaks of the same run. The
    exact fit is shown when it is chosen and exists; otherwise where descent stopped, with
    ``fallback`` saying why when the exact fit was asked for.
    """
    settings = current_settings()
    run = training_run(dataset, settings)
    reference = run.reference
    penalty = f" with L2 λ = {settings.l2:g}" if settings.l2 else ""
    if choice == "exact" and reference is not None and reference.converged:
        return FittedModel(reference.coef, reference.intercept, f"the exact maximum-likelihood fit{penalty}", True,
                           f"the exact maximum-likelihood fit{penalty} (Newton's method)")
    fallback = None
    if choice == "exact":
        if reference is None:
            fallback = "the exact fit cannot be computed for these data"
        elif reference.separation is not None and not settings.l2:
            fallback = "these data have no finite exact fit (the classes are separable)"
        else:
            fallback = "Newton's method did not converge for these data and settings"
    described = descent_description(run)
    source = f"{described}, as trained on the Train page"
    if run.status.kind == "diverged":
        source += ", which diverged"
    return FittedModel(run.weights[-1], float(run.bias[-1]), source, False, f"the trained model: {described}",
                       fallback)
