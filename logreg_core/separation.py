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
    return separation_of_constraints(signed_rows)


def separation_of_constraints(
    rows: NDArray[np.float64], order_rows: NDArray[np.float64] | None = None
) -> Separation | None:
    r"""Decide separation from the linear constraints a recession direction must satisfy.

    The likelihood has no finite maximum exactly when some direction d (not 0) raises no
    observation's log-likelihood term when followed to infinity: every row a_r of ``rows``
    has :math:`a_r\cdot d \ge 0`. "complete" when some d makes every :math:`a_r\cdot d > 0`,
    "quasi-complete" when the inequalities hold with at least one strict. ``order_rows``
    are constraints d must satisfy without counting as evidence (ordinal cut-points must
    stay ordered along d). Both are linear programmes over :math:`d \in [-1, 1]^p`.

    Parameters
    ----------
    rows : ndarray, shape (r, p)
    order_rows : ndarray of shape (q, p), or None

    Returns
    -------
    "complete", "quasi-complete" or None
    """
    n, p = rows.shape
    extra = np.zeros((0, p)) if order_rows is None else order_rows
    # Complete: maximise t subject to a_r.d >= t, e.d >= 0, |d_j| <= 1, t <= 1.
    complete = linprog(
        c=np.r_[np.zeros(p), -1.0],
        A_ub=np.vstack([np.column_stack([-rows, np.ones(n)]), np.column_stack([-extra, np.zeros(len(extra))])]),
        b_ub=np.zeros(n + len(extra)),
        bounds=[(-1.0, 1.0)] * p + [(None, 1.0)],
        method="highs",
    )
    if complete.status == 0 and -complete.fun > _MARGIN_TOLERANCE:
        return "complete"

    # Quasi-complete: maximise the total margin subject to every margin >= 0.
    quasi = linprog(
        c=-rows.sum(axis=0),
        A_ub=np.vstack([-rows, -extra]),
        b_ub=np.zeros(n + len(extra)),
        bounds=[(-1.0, 1.0)] * p,
        method="highs",
    )
    if quasi.status == 0 and -quasi.fun > _TOTAL_MARGIN_TOLERANCE:
        return "quasi-complete"
    return None


def recession_constraints(
    kind: str, X: NDArray[np.float64], codes: NDArray[np.int64], n_classes: int, reference: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    r"""The constraints of :func:`separation_of_constraints` for a family, in its parameter layout.

    - binomial, d = (b, w): :math:`s_i\,(1, x_i)\cdot d \ge 0`, :math:`s_i = 2y_i - 1`;
    - multinomial, d = rows (b_k, w_k) of the non-reference classes:
      :math:`(d_{y_i} - d_k)\cdot(1, x_i) \ge 0` for every other class k (:math:`d_	ext{ref} = 0`);
    - ordinal, d = (beta, theta): the upper bound :math:`\theta_{y_i+1} - x_i\cdot\beta` may
      not fall and the lower one :math:`\theta_{y_i} - x_i\cdot\beta` may not rise, and the
      cut-points keep their order.

    X should be centred and scaled, so that the tolerances mean the same for every column.
    """
    n, m = X.shape
    codes = np.asarray(codes, dtype=np.int64)
    X_tilde = np.column_stack([np.ones(n), X])
    if kind == "binomial":
        signs = (2 * codes - 1).astype(np.float64)
        return signs[:, None] * X_tilde, None
    if kind == "multinomial":
        others = [k for k in range(n_classes) if k != reference]
        block_of = {k: i for i, k in enumerate(others)}
        pieces = []
        for k in range(n_classes):
            chosen = codes != k
            rows = np.zeros((int(chosen.sum()), len(others) * (m + 1)))
            for own in range(n_classes):
                mine = codes[chosen] == own
                if own in block_of:
                    start = block_of[own] * (m + 1)
                    rows[mine, start : start + m + 1] += X_tilde[chosen][mine]
            if k in block_of:
                start = block_of[k] * (m + 1)
                rows[:, start : start + m + 1] -= X_tilde[chosen]
            pieces.append(rows)
        return np.vstack(pieces), None
    pieces = []
    K1 = n_classes - 1
    for j in range(n_classes):
        members = X[codes == j]
        if j < n_classes - 1:  # d theta_{j+1} - x.d beta >= 0
            rows = np.zeros((members.shape[0], m + K1))
            rows[:, :m] = -members
            rows[:, m + j] = 1.0
            pieces.append(rows)
        if j > 0:  # -(d theta_j - x.d beta) >= 0
            rows = np.zeros((members.shape[0], m + K1))
            rows[:, :m] = members
            rows[:, m + j - 1] = -1.0
            pieces.append(rows)
    order = np.zeros((K1 - 1, m + K1))
    for j in range(K1 - 1):
        order[j, m + j + 1] = 1.0
        order[j, m + j] = -1.0
    return np.vstack(pieces), order
