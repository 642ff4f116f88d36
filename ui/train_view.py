"""What the Train page shows beside the animation, computed here so that tests call it directly."""

from __future__ import annotations

import numpy as np
import pandas as pd

from logreg_core import TrainingRun


def descent_against_exact_fit(run: TrainingRun, feature_names: tuple[str, ...]) -> pd.DataFrame:
    """Where gradient descent stopped beside the exact (Newton) fit, with the gap between them.

    Parameters
    ----------
    run : TrainingRun
        A run whose ``reference`` (the exact fit) exists.
    feature_names : tuple of str, length m

    Returns
    -------
    DataFrame, shape (m + 2, 3)
        Rows: the intercept, each weight, the loss J. Columns: descent at its last step, the
        maximum-likelihood fit, and their difference (descent − exact).
    """
    reference = run.reference
    if reference is None:
        raise ValueError("The run has no exact fit to compare with.")
    history = run.history
    table = pd.DataFrame(
        {
            f"gradient descent (step {history.n_steps})": np.r_[float(run.bias[-1]), run.weights[-1], history.loss[-1]],
            "maximum likelihood (Newton)": np.r_[reference.intercept, reference.coef, reference.loss],
        },
        index=["intercept b", *(f"weight of {name}" for name in feature_names), "loss J"],
    )
    table["gap"] = table.iloc[:, 0] - table.iloc[:, 1]
    return table
