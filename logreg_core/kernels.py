r"""Fused loss-and-gradient passes over the rows, compiled by Numba.

A full-batch step with NumPy makes a dozen element-wise passes over the scores of a block
of rows (margin, its sign, e^{-|m|}, the log term, the residual, their sums), each a loop
of its own. Here each row is read once: its score, loss, residual and its share of the
gradient are computed while the row is in registers. The formulas are those of
:func:`logreg_core.loss._block_sums` and :func:`logreg_core.objective._multinomial_block_sums`,
which stay as the plain NumPy path (used when Numba is not installed, and by the tests
that pin these kernels to it).

Only the order of additions differs from the NumPy path (``fastmath`` allows reassociation
and fused multiply-adds, nothing else: infinities and NaN behave as in IEEE arithmetic), so
results agree with it to about 1e-14 relative. The kernels release the GIL, so the
row-parallel split in :mod:`logreg_core.loss` runs them on several cores.
"""

from __future__ import annotations

import math

import numba
import numpy as np

_FASTMATH = {"reassoc", "contract"}


@numba.njit(nogil=True, cache=True, inline="always")
def log1p_unit(e: float) -> float:
    r""":math:`\log(1 + e)` for :math:`0 \le e \le 1`, to a few rounding units.

    .. math:: \log(1 + e) = \log(u)\,\frac{e}{u - 1}, \qquad u = 1 + e \text{ rounded}

    The quotient corrects the rounding of u (Goldberg's identity), so a tiny e keeps its
    full relative precision; it costs one ``log`` instead of the slower ``log1p``.
    """
    u = 1.0 + e
    if u == 1.0:
        return e
    return math.log(u) * (e / (u - 1.0))


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH)
def binomial_block_sums(
    w: np.ndarray, b: float, X: np.ndarray, signs: np.ndarray, n: int
) -> tuple[float, np.ndarray, float, int]:
    r"""Loss sum / n, :math:`X^\top r`, :math:`\sum r` and the correct count over the rows of X.

    With the signed margin :math:`m_i = s_i z_i`, :math:`s_i = 1 - 2y_i`:
    :math:`\ell_i = \max(m_i, 0) + \log(1 + e^{-|m_i|})` and
    :math:`r_i = \sigma(z_i) - y_i = s_i\,\sigma(m_i)`. Row i is correct when
    :math:`m_i < 0`, or, where :math:`e^{-|m_i|}` rounds to 1 (so :math:`\sigma(z_i)` rounds
    to 0.5 and class 1 is predicted), when :math:`y_i = 1`.

    Parameters
    ----------
    w : ndarray, shape (m,)
    b : float
    X : ndarray, shape (rows, m)
    signs : ndarray, shape (rows,)
    n : int
        The number of rows of the whole data, which each loss is divided by.
    """
    rows, m = X.shape
    gradient = np.zeros(m)
    loss_sum = 0.0
    residual_sum = 0.0
    correct = 0
    for i in range(rows):
        z = b
        for j in range(m):
            z += X[i, j] * w[j]
        margin = z * signs[i]
        e = math.exp(-abs(margin))
        if e == 1.0:
            correct += signs[i] < 0.0
        else:
            correct += margin < 0.0
        positive = 0.0 if margin < 0.0 else margin  # max(m, 0), NaN kept
        loss_sum += positive / n + log1p_unit(e) / n
        residual = (e if margin < 0.0 else 1.0) / (1.0 + e) * signs[i]
        residual_sum += residual
        for j in range(m):
            gradient[j] += residual * X[i, j]
    return loss_sum, gradient, residual_sum, correct


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH)
def multinomial_block_sums(
    full: np.ndarray, X: np.ndarray, codes: np.ndarray, n: int
) -> tuple[float, np.ndarray, int]:
    r"""Loss sum / n, gradient sums (K, m+1) and correct count over the rows of X, for all K classes.

    .. math:: \ell_i = \log\sum_k e^{z_{ik} - \max_k z_{ik}} - (z_{i y_i} - \max_k z_{ik}),
              \qquad r_{ik} = p_{ik} - [y_i = k]

    Row i is correct when its first highest score is its own class's.

    Parameters
    ----------
    full : ndarray, shape (K, m+1)
        Rows ``[b_k, w_k]`` of every class, the reference's zeros included.
    X : ndarray, shape (rows, m)
    codes : ndarray of int, shape (rows,)
    n : int
        The number of rows of the whole data, which each loss is divided by.
    """
    rows, m = X.shape
    K = full.shape[0]
    gradient = np.zeros((K, m + 1))
    scores = np.empty(K)
    loss_sum = 0.0
    correct = 0
    for i in range(rows):
        for k in range(K):
            z = full[k, 0]
            for j in range(m):
                z += X[i, j] * full[k, j + 1]
            scores[k] = z
        best = 0
        for k in range(1, K):
            if scores[k] > scores[best]:
                best = k
        own = codes[i]
        correct += best == own
        top = scores[best]
        shifted_own = scores[own] - top  # z_y - max z, <= 0
        total = 0.0
        for k in range(K):
            scores[k] = math.exp(scores[k] - top)
            total += scores[k]
        # lse(z) - z_y = log(sum e^{z - max}) - (z_y - max): each term exact
        loss_sum += (math.log(total) - shifted_own) / n
        for k in range(K):
            residual = scores[k] / total - (1.0 if k == own else 0.0)
            gradient[k, 0] += residual
            for j in range(m):
                gradient[k, j + 1] += residual * X[i, j]
    return loss_sum, gradient, correct


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH)
def multinomial_hessian_sums(scores: np.ndarray, X: np.ndarray, classes: np.ndarray) -> np.ndarray:
    r"""The blocks :math:`\sum_i c_{i,ab}\,\tilde x_i\tilde x_i^\top` over the rows, for pairs a <= b.

    .. math:: c_{i,ab} = p_{ia}([a = b] - p_{ib}), \qquad p_i = \operatorname{softmax}(z_i),
              \qquad \tilde x_i = (1, x_i)

    for each pair a <= b of ``classes``: the multinomial Hessian's block (a, b) times n.
    Each row's products :math:`\tilde x_{ij}\tilde x_{il}` are formed once and shared by all
    pairs; each block is accumulated as one contiguous run of (m+1)^2 sums.

    Parameters
    ----------
    scores : ndarray, shape (rows, K), finite
        All K class scores, the reference's included.
    X : ndarray, shape (rows, m)
    classes : ndarray of int, shape (C,)
        The classes with parameters (all but the reference), in layout order.

    Returns
    -------
    ndarray, shape (C(C+1)/2, (m+1)^2)
        Pair (a, b) with a <= b at row a C - a(a-1)/2 + (b - a), each block flattened by rows.
    """
    rows, m = X.shape
    K = scores.shape[1]
    C = classes.size
    width = (m + 1) * (m + 1)
    sums = np.zeros((C * (C + 1) // 2, width))
    probability = np.empty(K)
    row = np.empty(m + 1)
    outer = np.empty(width)
    for i in range(rows):
        top = scores[i, 0]
        for k in range(1, K):
            top = max(top, scores[i, k])
        total = 0.0
        for k in range(K):
            probability[k] = math.exp(scores[i, k] - top)
            total += probability[k]
        for k in range(K):
            probability[k] /= total
        row[0] = 1.0
        for j in range(m):
            row[j + 1] = X[i, j]
        for j in range(m + 1):
            for k in range(m + 1):
                outer[j * (m + 1) + k] = row[j] * row[k]
        pair = 0
        for s in range(C):
            p_a = probability[classes[s]]
            for t in range(s, C):
                weight = p_a * ((1.0 if s == t else 0.0) - probability[classes[t]])
                for q in range(width):
                    sums[pair, q] += weight * outer[q]
                pair += 1
    return sums


# Below this |theta_j| and |eta|, e^{theta_j} e^{-eta} neither overflows nor underflows.
_PRODUCT_LIMIT = 300.0


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH)
def ordinal_block_sums(
    beta: np.ndarray, cutpoints: np.ndarray, log_gap: np.ndarray, gap_ratio: np.ndarray,
    X: np.ndarray, codes: np.ndarray, n: int,
) -> tuple[float, np.ndarray, np.ndarray, int]:
    r"""Loss sum / n, gradient sums in beta (m,) and in the cut-points (K-1,), and correct count.

    With :math:`t_{ij} = \theta_j - \eta_i`, row i's bounds are :math:`u = t_{i,y_i}` and
    :math:`l = t_{i,y_i-1}` (absent for the last and first class), and

    .. math::
        \ell_i = -\big(\log\sigma(u) + \log\sigma(-l) + \log(1 - e^{-(u-l)})\big), \quad
        \ell_u = -\sigma(-u) - q, \quad \ell_l = \sigma(l) + q

    with :math:`\log\sigma(t) = \min(t, 0) - \log(1 + e^{-|t|})` and :math:`q = 1/(e^{u-l} - 1)`,
    as :mod:`logreg_core.families.ordinal` writes them. Each cut's :math:`e^{-|t|}` is taken
    once per row and serves the loss, the gradient and the class probabilities
    :math:`\sigma(t_{ij}) - \sigma(t_{i,j-1})`, whose first largest is the predicted class
    (the largest is at least 1/K, so the difference's rounding cannot change it).

    Parameters
    ----------
    beta : ndarray, shape (m,)
    cutpoints : ndarray, shape (K-1,), strictly increasing
    log_gap : ndarray, shape (K,)
        :math:`\log(1 - e^{-(\theta_{j+1} - \theta_j)})` per class, 0 for the first and last.
    gap_ratio : ndarray, shape (K,)
        q per class, 0 for the first and last.
    X : ndarray, shape (rows, m)
    codes : ndarray of int, shape (rows,)
    n : int
        The number of rows of the whole data, which each loss is divided by.
    """
    rows, m = X.shape
    C = cutpoints.size
    grad_beta = np.zeros(m)
    grad_cut = np.zeros(C)
    tail = np.empty(C)  # e^{-|t_j|}
    below = np.empty(C)  # sigma(t_j), P(y <= j)
    cut_growth = np.empty(C)  # e^{theta_j}
    modest_cuts = True
    for j in range(C):
        cut_growth[j] = math.exp(cutpoints[j])
        modest_cuts = modest_cuts and abs(cutpoints[j]) < _PRODUCT_LIMIT
    loss_sum = 0.0
    correct = 0
    for i in range(rows):
        eta = 0.0
        for j in range(m):
            eta += X[i, j] * beta[j]
        best = 0
        previous = 0.0
        largest = -1.0
        if modest_cuts and abs(eta) < _PRODUCT_LIMIT:
            # e^{t_j} = e^{theta_j} e^{-eta}: one exp per row instead of one per cut, a few
            # rounding units apart, and finite since |t_j| < 2 * 300
            shrink = math.exp(-eta)
            for j in range(C):
                growth = cut_growth[j] * shrink
                tail[j] = growth if growth < 1.0 else 1.0 / growth
                below[j] = growth / (1.0 + growth)
                if below[j] - previous > largest:
                    largest = below[j] - previous
                    best = j
                previous = below[j]
        else:
            for j in range(C):
                t = cutpoints[j] - eta
                e = math.exp(-abs(t))
                tail[j] = e
                below[j] = 1.0 / (1.0 + e) if t >= 0.0 else e / (1.0 + e)
                if below[j] - previous > largest:
                    largest = below[j] - previous
                    best = j
                previous = below[j]
        if 1.0 - previous > largest:
            best = C
        own = codes[i]
        correct += best == own
        log_probability = log_gap[own]
        d_score = 0.0  # d loss / d eta = -(l_u + l_l)
        if own < C:  # upper bound u = t_own
            u = cutpoints[own] - eta
            log_probability += min(u, 0.0) - log1p_unit(tail[own])
            above = tail[own] / (1.0 + tail[own]) if u >= 0.0 else 1.0 / (1.0 + tail[own])  # sigma(-u), exact
            d_upper = -above - gap_ratio[own]
            grad_cut[own] += d_upper
            d_score -= d_upper
        if own > 0:  # lower bound l = t_{own-1}
            low = cutpoints[own - 1] - eta
            log_probability += min(-low, 0.0) - log1p_unit(tail[own - 1])
            d_lower = below[own - 1] + gap_ratio[own]
            grad_cut[own - 1] += d_lower
            d_score -= d_lower
        loss_sum += max(-log_probability, 0.0) / n
        for j in range(m):
            grad_beta[j] += d_score * X[i, j]
    return loss_sum, grad_beta, grad_cut, correct
