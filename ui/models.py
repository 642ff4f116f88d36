"""The fitted model of the active dataset, as the concept pages use it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from logreg_core import Dataset
from ui.controls import current_settings
from ui.state import training_run


@dataclass(frozen=True, eq=False)
class FittedModel:
    """Weights and bias on the original scale, with where they come from in words."""

    coef: NDArray[np.float64]
    intercept: float
    source: str
    exact: bool


def fitted_model(dataset: Dataset) -> FittedModel:
    """The exact maximum-likelihood fit when it exists, else where gradient descent ended.

    Uses the Train page's settings (L2 included), so every page speaks of the same model.
    """
    settings = current_settings()
    run = training_run(dataset, settings)
    reference = run.reference
    if reference is not None and reference.converged:
        penalty = f" with L2 λ = {settings.l2:g}" if settings.l2 else ""
        return FittedModel(reference.coef, reference.intercept, f"the exact maximum-likelihood fit{penalty}", True)
    return FittedModel(
        run.weights[-1], float(run.bias[-1]),
        f"gradient descent after {run.history.n_steps} steps (Train page settings): these data have no "
        "finite exact fit",
        False,
    )
