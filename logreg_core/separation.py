"""Detecting (quasi-)complete separation, when no finite maximum-likelihood fit exists."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

Separation = Literal["complete", "quasi-complete"]

# Margins below these count as zero: the features are standardised first, so they are on
# the scale of one standard deviation.
_MARGIN_TOLERANCE = 1e-9
_TOTAL_MARGIN_TOLERANCE = 1e-7


def separates_completely(z: NDArray[np.float64], y: NDArray[np.float64]) -> bool:
    r"""Whether the scores z already put every class-1 point above every class-0 point.

    .. math:: \min_{i:\,y_i=1} z_i > \max_{i:\,y_i=0} z_i

    A sufficient test for complete separation that costs one pass over the scores.
    """
    return bool(np.min(z[y == 1]) > np.max(z[y == 0]))


def detect_separation(X: NDArray[np.float64], y: NDArray[np.float64]) -> Separation | None:
    r"""Classify the data as completely, quasi-completely or not separated.

    With signs :math:`s_i = 2y_i - 1` and :math:`\tilde x_i = (1, x_i)`, the data are

    - completely separated when some :math:`\theta` gives :math:`s_i\,\theta\cdot\tilde x_i > 0`
      for every i: the likelihood approaches 1 as :math:`\lVert\theta\rVert \to \infty`;
    - quasi-completely separated when some :math:`\theta` gives
      :math:`s_i\,\theta\cdot\tilde x_i \ge 0` for every i with equality not everywhere:
      some points are fitted perfectly by coefficients that grow without bound.

    In either case no finite maximum-likelihood estimate exists (Albert and Anderson,
    1984). Both are decided by a linear programme over :math:`\theta \in [-1, 1]^{m+1}`.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    y : ndarray, shape (n,)
        Labels in {0, 1}, both present.

    Returns
    -------
    "complete", "quasi-complete" or None
    """
    spread = X.std(axis=0)
    X_scaled = (X - X.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    signs = 2.0 * y - 1.0
    signed_rows = signs[:, None] * np.column_stack([np.ones(X.shape[0]), X_scaled])
    n, p = signed_rows.shape

    # Complete: maximise t subject to s_i theta.x_i >= t, |theta_j| <= 1, t <= 1.
    complete = linprog(
        c=np.r_[np.zeros(p), -1.0],
        A_ub=np.column_stack([-signed_rows, np.ones(n)]),
        b_ub=np.zeros(n),
        bounds=[(-1.0, 1.0)] * p + [(None, 1.0)],
        method="highs",
    )
    if complete.status == 0 and -complete.fun > _MARGIN_TOLERANCE:
        return "complete"

    # Quasi-complete: maximise the total margin subject to every margin >= 0.
    quasi = linprog(
        c=-signed_rows.sum(axis=0),
        A_ub=-signed_rows,
        b_ub=np.zeros(n),
        bounds=[(-1.0, 1.0)] * p,
        method="highs",
    )
    if quasi.status == 0 and -quasi.fun > _TOTAL_MARGIN_TOLERANCE:
        return "quasi-complete"
    return None
