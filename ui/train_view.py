"""What the Train page shows beside the animation, computed here so that tests call it directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from logreg_core import TrainingRun, logit, probabilities
from ui.figures.base import slice_intercepts
from ui.geometry import padded_box


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


def standardised_coefficients(coef: NDArray[np.float64], X: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Each weight times its feature's standard deviation, shape (m,).

    .. math:: \tilde w_j = w_j \, s_j

    The change in the score z when feature j grows by one standard deviation: weights of
    features on different scales become comparable.
    """
    return coef * X.std(axis=0)


def strongest_features(run: TrainingRun, X: NDArray[np.float64]) -> tuple[int, int]:
    """The two features with the largest standardised coefficients, largest first.

    Taken from the exact fit when it exists (it does not move with the learning rate or the
    iterations, so the view stays put while they change), else from where descent stopped;
    the first two columns when neither gives finite weights.
    """
    reference = run.reference
    coef = reference.coef if reference is not None and reference.converged else run.weights[-1]
    size = np.abs(standardised_coefficients(np.asarray(coef, dtype=np.float64), X))
    if X.shape[1] < 2 or not np.all(np.isfinite(size)):
        return (0, 1)
    first, second = np.argsort(-size, kind="stable")[:2]
    return (int(first), int(second))


def slice_covers_panel(run: TrainingRun, X: NDArray[np.float64], features: tuple[int, int],
                       threshold: float) -> int | None:
    r"""The class the model calls every point of the feature panel, or None when its boundary crosses it.

    The panel shows the model at its last step restricted to the two features, the others at
    their means (:func:`ui.figures.base.slice_intercepts`). The score is linear, so over the
    panel's rectangle it is largest and smallest at corners: the whole panel is class 1 when
    every corner has :math:`z \ge \operatorname{logit}(t)`, class 0 when every corner is below.
    """
    i, j = features
    bias = float(slice_intercepts(run.weights[-1:], run.bias[-1:], run.mean, features)[0])
    w = run.weights[-1]
    box = padded_box(X[:, i], X[:, j])
    cut = float(logit(threshold))
    corners = np.array([float(w[i]) * x + float(w[j]) * y + bias for x, y in box.corners()])
    if not np.all(np.isfinite(corners)):
        return None
    if np.all(corners >= cut):
        return 1
    if np.all(corners < cut):
        return 0
    return None


def chance_level(y: NDArray[np.float64]) -> float:
    """The accuracy of always guessing the most common class: its share of the rows."""
    counts = np.bincount(y.astype(np.int64))
    return float(counts.max() / counts.sum())


def called_positive(run: TrainingRun, X: NDArray[np.float64], threshold: float) -> int:
    """How many rows the model at the run's last step calls class 1 (probability >= threshold)."""
    return int(np.count_nonzero(probabilities(X, run.weights[-1], float(run.bias[-1])) >= threshold))


def largest_option_below(bound: float, options: tuple[float, ...]) -> float | None:
    """The largest of the learning-rate slider's options strictly below ``bound`` (None if none is)."""
    below = [option for option in options if option < bound]
    return max(below) if below else None
