r"""Fused loss-and-gradient passes over the rows, compiled by Numba.

A full-batch step with NumPy makes a dozen element-wise passes over the scores of a block
of rows (margin, its sign, e^{-|m|}, the log term, the residual, their sums), each a loop
of its own over memory. Here X is read from memory once per step: the binomial and
multinomial kernels take a block of rows small enough to stay in cache, compute its scores,
then its exponentials, losses and residuals in loops the compiler runs on four rows per
instruction, then the block's share of the gradient, before moving on. The formulas are
those of :func:`logreg_core.loss._block_sums` and
:func:`logreg_core.objective._multinomial_block_sums`, which stay as the plain NumPy path
(used when Numba is not installed, and by the tests that pin these kernels to it).

The exponential and :math:`\log(1 + e)` on [0, 1] are written out (:func:`exp_of_minus`,
:func:`log1p_series`) because the C library's are calls that the compiler cannot run on
several rows at once; they agree with NumPy's to one and three rounding units. Otherwise
only the order of additions differs from the NumPy path (``fastmath`` allows reassociation
and fused multiply-adds, nothing else: infinities and NaN behave as in IEEE arithmetic), so
results agree with it to about 1e-14 relative. ``error_model="numpy"`` lets a division by
zero give inf or NaN as NumPy does instead of a branch per division that would keep a loop
from running on several rows. The kernels release the GIL, so the row-parallel split in
:mod:`logreg_core.loss` runs them on several cores.
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


# ln 2 split in two (Cody and Waite): k * LN2_HIGH is exact for the k that occur here.
_LN2_HIGH = 6.93147180369123816490e-01
_LN2_LOW = 1.90821492927058770002e-10
_LOG2_E = 1.4426950408889634
# Adding 2^52 to a whole number below 2^52 puts it in the low bits of the sum's encoding.
_TWO_TO_52 = 4503599627370496.0
# The encoding of 2^52 plus the exponent bias: subtracting an encoding from it gives 1023 - k.
_BIAS_AND_TWO_TO_52 = 1023 + 0x4330000000000000
# Beyond this, e^{-a} is 0 in double precision (it is below 2^-1075 from a = 745.2 on).
_EXP_ZERO_FROM = 1400.0
# Rows of X per block of the blocked kernels: a block of 20 features (40 kB) stays in a core's
# first- or second-level cache between the pass that reads it for the scores and the gradient's.
_BLOCK_BYTES = 40_960


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy", inline="always")
def _exp_reduced(r: float) -> float:
    r""":math:`e^r` for :math:`|r| \le \ln 2 / 2`: its Taylor polynomial of degree 13, by Horner.

    The first omitted term is below :math:`0.35^{14}/14! \approx 4 \cdot 10^{-18}`.
    """
    p = 1.0 / 6227020800.0
    p = p * r + 1.0 / 479001600.0
    p = p * r + 1.0 / 39916800.0
    p = p * r + 1.0 / 3628800.0
    p = p * r + 1.0 / 362880.0
    p = p * r + 1.0 / 40320.0
    p = p * r + 1.0 / 5040.0
    p = p * r + 1.0 / 720.0
    p = p * r + 1.0 / 120.0
    p = p * r + 1.0 / 24.0
    p = p * r + 1.0 / 6.0
    p = p * r + 0.5
    p = p * r + 1.0
    return p * r + 1.0


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def exp_of_minus(a: np.ndarray, out: np.ndarray, count: int, powers: np.ndarray) -> None:
    r""":math:`e^{-a_t}` into ``out[t]`` for the first ``count`` entries of a (each :math:`\ge 0` or NaN).

    .. math:: e^{-a} = 2^{-k} e^{r}, \qquad k = \operatorname{round}(a / \ln 2), \quad
              r = k \ln 2 - a \in [-\tfrac{\ln 2}{2}, \tfrac{\ln 2}{2}]

    with :math:`2^{-k}` built from its bits in two halves (so that each is a normal number
    and results down to the smallest subnormal come out right). Written without calls or
    branches so that the compiler runs it on several entries per instruction, unlike the
    C library's ``exp``; within about one rounding unit of it. ``powers`` is room for
    2 * count integers (int64), overwritten.
    """
    # np.floor stays a float (math.floor converts to an integer, one entry at a time)
    high = powers[:count].view(np.float64)
    low = powers[count : 2 * count].view(np.float64)
    high_bits = powers[:count]
    low_bits = powers[count : 2 * count]
    for t in range(count):
        x = a[t]
        x = x if x < _EXP_ZERO_FROM else _EXP_ZERO_FROM  # NaN and inf too: their result is set below
        k = np.floor(x * _LOG2_E + 0.5)
        out[t] = _exp_reduced((k * _LN2_HIGH - x) + k * _LN2_LOW)
        first = np.floor(k * 0.5)
        high[t] = first + _TWO_TO_52
        low[t] = (k - first) + _TWO_TO_52
    for t in range(count):
        high_bits[t] = (_BIAS_AND_TWO_TO_52 - high_bits[t]) << 52
        low_bits[t] = (_BIAS_AND_TWO_TO_52 - low_bits[t]) << 52
    for t in range(count):
        value = out[t] * high[t] * low[t]
        out[t] = value if a[t] < _EXP_ZERO_FROM else (0.0 if a[t] > 0.0 else a[t])


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy", inline="always")
def log1p_series(e: float) -> float:
    r""":math:`\log(1 + e)` for :math:`0 \le e \le 1`, to a few rounding units, without a call.

    .. math:: \log(1 + e) = 2\operatorname{artanh}(s) = 2\sum_{k \ge 0}\frac{s^{2k+1}}{2k+1},
              \qquad s = \frac{e}{2 + e} \in [0, \tfrac13]

    summed to k = 16, where the next term is below :math:`9^{-17}/35` of the first. Below
    :math:`10^{-300}` it returns e (s would lose digits to underflow).
    """
    s = e / (2.0 + e)
    q = s * s
    p = 1.0 / 33.0
    p = p * q + 1.0 / 31.0
    p = p * q + 1.0 / 29.0
    p = p * q + 1.0 / 27.0
    p = p * q + 1.0 / 25.0
    p = p * q + 1.0 / 23.0
    p = p * q + 1.0 / 21.0
    p = p * q + 1.0 / 19.0
    p = p * q + 1.0 / 17.0
    p = p * q + 1.0 / 15.0
    p = p * q + 1.0 / 13.0
    p = p * q + 1.0 / 11.0
    p = p * q + 1.0 / 9.0
    p = p * q + 1.0 / 7.0
    p = p * q + 1.0 / 5.0
    p = p * q + 1.0 / 3.0
    p = p * q + 1.0
    result = 2.0 * s * p
    return result if e > 1e-300 else e


# The bits of a double: the exponent field's shift and bias, and the significand's field.
_SIGNIFICAND_BITS = (1 << 52) - 1
_ONE_BITS = 1023 << 52


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def log_of_sums(values: np.ndarray, out: np.ndarray, count: int, significands: np.ndarray) -> None:
    r""":math:`\log v_t` into ``out[t]`` for the first ``count`` entries of ``values`` (each finite and :math:`\ge 1`).

    .. math:: \log v = k \ln 2 + \log(1 + (f - 1)), \qquad v = 2^k f, \quad f \in [1, 2)

    with k and f read from the bits of v and :func:`log1p_series` for the rest: loops without
    calls, which the compiler runs on several entries at once, unlike the C library's ``log``
    (a softmax's sum of exponentials, between 1 and K, takes an eighth of the multinomial pass
    through it); within a few rounding units of it. ``values`` is contiguous; ``significands``
    is room for ``count`` integers (int64), overwritten.
    """
    bits = values[:count].view(np.int64)
    fraction = significands[:count].view(np.float64)
    for t in range(count):
        significands[t] = (bits[t] & _SIGNIFICAND_BITS) | _ONE_BITS
    for t in range(count):
        k = float((bits[t] >> 52) - 1023)
        out[t] = k * _LN2_HIGH + (log1p_series(fraction[t] - 1.0) + k * _LN2_LOW)


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy", inline="always")
def _add_weighted_rows(
    total: np.ndarray, weights: np.ndarray, X: np.ndarray, start: int, count: int
) -> None:
    r""":math:`t_j \mathrel{+}= \sum_{r < \text{count}} w_r X_{\text{start}+r,\,j}`: a block's share of a gradient.

    Four rows per pass over ``total``: a quarter of its loads and stores.
    """
    m = X.shape[1]
    quads = count - count % 4
    for t in range(0, quads, 4):
        w0 = weights[t]
        w1 = weights[t + 1]
        w2 = weights[t + 2]
        w3 = weights[t + 3]
        for j in range(m):
            total[j] += (
                w0 * X[start + t, j] + w1 * X[start + t + 1, j]
                + w2 * X[start + t + 2, j] + w3 * X[start + t + 3, j]
            )
    for t in range(quads, count):
        weight = weights[t]
        for j in range(m):
            total[j] += weight * X[start + t, j]


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def _add_weighted_gram(
    sums: np.ndarray, root: np.ndarray, X: np.ndarray, start: int, count: int, scaled: np.ndarray, product: np.ndarray
) -> None:
    r""":math:`S \mathrel{+}= R^\top R`, R's rows :math:`r_t (1, x_{\text{start}+t})` for the block's
    ``count`` rows: a block's share of a Hessian :math:`\sum_i s_i\,\tilde x_i\tilde x_i^\top` with
    ``root`` holding :math:`\sqrt{s_i}`.

    R is filled into ``scaled`` (at least ``count`` rows) and BLAS forms :math:`R^\top R` into
    ``product`` while the block is in cache. Only the upper triangle of ``sums`` is to be
    trusted afterwards: see :func:`_mirror_upper`.
    """
    m = X.shape[1]
    for t in range(count):
        r = root[t]
        scaled[t, 0] = r
        for j in range(m):
            scaled[t, j + 1] = r * X[start + t, j]
    part = scaled if count == scaled.shape[0] else scaled[:count]
    np.dot(part.T, part, product)
    sums += product


@numba.njit(nogil=True, cache=True)
def _mirror_upper(sums: np.ndarray) -> None:
    """The upper triangle copied onto the lower: one triangle on both sides, whatever order BLAS
    added the other in."""
    for j in range(sums.shape[0]):
        for k in range(j):
            sums[j, k] = sums[k, j]


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def _rows_per_block(m: int) -> int:
    return max(32, min(1024, _BLOCK_BYTES // (8 * max(m, 1))))


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy", inline="always")
def _block_margins(
    w: np.ndarray, b: float, X: np.ndarray, signs: np.ndarray, start: int, count: int,
    margins: np.ndarray, sizes: np.ndarray,
) -> None:
    r"""A block's signed margins :math:`m_i = s_i(w \cdot x_i + b)` and their sizes :math:`|m_i|`."""
    m = X.shape[1]
    for t in range(count):
        z = b
        for j in range(m):
            z += X[start + t, j] * w[j]
        margins[t] = z * signs[start + t]
        sizes[t] = abs(margins[t])


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy", inline="always")
def _block_losses(
    margins: np.ndarray, exps: np.ndarray, signs: np.ndarray, start: int, count: int, n: int,
    residuals: np.ndarray,
) -> tuple[float, int, float]:
    r"""A block's loss sum / n, correct count and residual sum (:func:`binomial_block_sums`'
    formulas), each row's residual :math:`r_i = s_i\,\sigma(m_i)` into ``residuals``.

    ``exps`` holds :math:`e^{-|m_i|}`.
    """
    block_margins = 0.0
    block_logs = 0.0
    block_residual = 0.0
    block_correct = 0
    for t in range(count):
        margin = margins[t]
        sign = signs[start + t]
        e = exps[t]
        block_correct += (sign < 0.0) if e == 1.0 else (margin < 0.0)
        positive = 0.0 if margin < 0.0 else margin  # max(m, 0), NaN kept
        # the margins are divided by n before summing, which keeps the mean finite for
        # huge losses; log(1 + e) <= log 2 cannot overflow
        block_margins += positive / n
        block_logs += log1p_series(e)
        residual = (e if margin < 0.0 else 1.0) / (1.0 + e) * sign
        block_residual += residual
        residuals[t] = residual
    return block_margins + block_logs / n, block_correct, block_residual


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def binomial_block_sums(
    w: np.ndarray, b: float, X: np.ndarray, signs: np.ndarray, n: int
) -> tuple[float, np.ndarray, float, int]:
    r"""Loss sum / n, :math:`X^\top r`, :math:`\sum r` and the correct count over the rows of X.

    With the signed margin :math:`m_i = s_i z_i`, :math:`s_i = 1 - 2y_i`:
    :math:`\ell_i = \max(m_i, 0) + \log(1 + e^{-|m_i|})` and
    :math:`r_i = \sigma(z_i) - y_i = s_i\,\sigma(m_i)`. Row i is correct when
    :math:`m_i < 0`, or, where :math:`e^{-|m_i|}` rounds to 1 (so :math:`\sigma(z_i)` rounds
    to 0.5 and class 1 is predicted), when :math:`y_i = 1`.

    Rows go in blocks small enough to stay in cache: the block's margins, then their
    exponentials (:func:`exp_of_minus`), losses and residuals, each a loop the compiler
    runs on several rows at once, then the block's share of the gradient.

    Parameters
    ----------
    w : ndarray, shape (m,)
    b : float
    X : ndarray, shape (rows, m)
    signs : ndarray, shape (rows,)
    n : int
        The number of rows of the whole data, which the loss sum is divided by.
    """
    rows, m = X.shape
    block = _rows_per_block(m)
    gradient = np.zeros(m)
    margins = np.empty(block)
    sizes = np.empty(block)  # |m_i|
    # a separate output: the compiler runs a loop on several entries at once only when its
    # input and output do not overlap
    exps = np.empty(block)  # e^{-|m_i|}
    residuals = np.empty(block)
    powers = np.empty(2 * block, dtype=np.int64)
    loss_sum = 0.0
    residual_sum = 0.0
    correct = 0
    for start in range(0, rows, block):
        count = min(block, rows - start)
        _block_margins(w, b, X, signs, start, count, margins, sizes)
        exp_of_minus(sizes, exps, count, powers)
        block_loss, block_correct, block_residual = _block_losses(margins, exps, signs, start, count, n, residuals)
        loss_sum += block_loss
        residual_sum += block_residual
        correct += block_correct
        _add_weighted_rows(gradient, residuals, X, start, count)
    return loss_sum, gradient, residual_sum, correct


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def binomial_hessian_sums(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    r"""The binomial Hessian times the number of rows: :math:`\sum_i s_i\,\tilde x_i\tilde x_i^\top`, :math:`\tilde x_i = (1, x_i)`.

    .. math:: s_i = \sigma(z_i)(1 - \sigma(z_i)) = \frac{e^{-|z_i|}}{(1 + e^{-|z_i|})^2}, \qquad z_i = w \cdot x_i + b

    Rows go in blocks as in :func:`binomial_block_sums`: the block's scores, their
    exponentials, then :math:`\sqrt{s_i}\,\tilde x_i` into a small matrix R whose
    :math:`R^\top R` BLAS forms while it is in cache. The NumPy path makes a pass for the
    scores, one for the weights and a scaled copy of each block: this takes a third of its time.

    Parameters
    ----------
    w : ndarray, shape (m,)
    b : float
    X : ndarray, shape (rows, m)

    Returns
    -------
    ndarray, shape (m+1, m+1), symmetric
    """
    rows, m = X.shape
    block = _rows_per_block(m)
    sums = np.zeros((m + 1, m + 1))
    sizes = np.empty(block)  # |z_i|
    exps = np.empty(block)  # e^{-|z_i|}
    root = np.empty(block)  # sqrt(s_i)
    scaled = np.empty((block, m + 1))  # sqrt(s_i) (1, x_i)
    product = np.empty((m + 1, m + 1))
    powers = np.empty(2 * block, dtype=np.int64)
    for start in range(0, rows, block):
        count = min(block, rows - start)
        for t in range(count):
            z = b
            for j in range(m):
                z += X[start + t, j] * w[j]
            sizes[t] = abs(z)
        exp_of_minus(sizes, exps, count, powers)
        for t in range(count):
            e = exps[t]
            root[t] = math.sqrt(e) / (1.0 + e)
        _add_weighted_gram(sums, root, X, start, count, scaled, product)
    _mirror_upper(sums)
    return sums


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def multinomial_block_sums(
    full: np.ndarray, X: np.ndarray, codes: np.ndarray, n: int, reference: int = -1
) -> tuple[float, np.ndarray, int]:
    r"""Loss sum / n, gradient sums (K, m+1) and correct count over the rows of X, for all K classes.

    .. math:: \ell_i = \log\sum_k e^{z_{ik} - \max_k z_{ik}} - (z_{i y_i} - \max_k z_{ik}),
              \qquad r_{ik} = p_{ik} - [y_i = k]

    Row i is correct when its first highest score is its own class's. Rows go in blocks as
    in :func:`binomial_block_sums`. A block's scores are one matrix product,
    :math:`X_B W^\top`, and its share of the gradient another, :math:`R_B^\top X_B`, both by
    BLAS while the block is in cache: written as loops, each score was a sum over the
    features that the compiler cannot run on several rows at once, which made this kernel
    take 2.5 times as long as reading X. In between, the scores are stored class by class so
    that each pass (maxima, exponentials, sums, residuals) runs on several rows at once.

    Parameters
    ----------
    full : ndarray, shape (K, m+1)
        Rows ``[b_k, w_k]`` of every class, the reference's zeros included.
    X : ndarray, shape (rows, m)
    codes : ndarray of int, shape (rows,)
    n : int
        The number of rows of the whole data, which the loss sum is divided by.
    reference : int, default -1
        A class whose gradient sums are not wanted (the reference, whose parameters are fixed
        at 0): its row of the result stays 0. -1 for none.
    """
    rows, m = X.shape
    K = full.shape[0]
    block = _rows_per_block(m)
    weights_T = np.ascontiguousarray(full[:, 1:].T)  # (m, K)
    by_row = np.empty((block, K))  # X_B W^T
    scores = np.empty((K, block))  # z, then max z - z
    exps = np.empty((K, block))  # e^{z - max z}, then r (apart from scores: see the binomial kernel)
    top = np.empty(block)
    best = np.empty(block, dtype=np.int64)
    total = np.empty(block)
    logs = np.empty(block)
    powers = np.empty(2 * block, dtype=np.int64)
    product = np.empty((K, m))  # R_B^T X_B
    weight_sums = np.zeros((K, m))
    intercept_sums = np.zeros(K)
    loss_sum = 0.0
    correct = 0
    for start in range(0, rows, block):
        count = min(block, rows - start)
        rows_of_block = np.ascontiguousarray(X[start : start + count])  # a view when X is C-ordered
        np.dot(rows_of_block, weights_T, by_row[:count])
        for k in range(K):
            intercept = full[k, 0]
            for t in range(count):
                scores[k, t] = by_row[t, k] + intercept
        for t in range(count):
            top[t] = scores[0, t]
            best[t] = 0
        for k in range(1, K):
            for t in range(count):
                higher = scores[k, t] > top[t]
                best[t] = k if higher else best[t]
                top[t] = scores[k, t] if higher else top[t]
        block_shortfalls = 0.0
        block_logs = 0.0
        block_correct = 0
        for t in range(count):
            own = codes[start + t]
            block_correct += best[t] == own
            # -(z_y - max z) >= 0, divided by n before summing as in the binomial kernel
            block_shortfalls -= (scores[own, t] - top[t]) / n
            total[t] = 0.0
        for k in range(K):
            for t in range(count):
                scores[k, t] = top[t] - scores[k, t]  # >= 0
        for k in range(K):
            exp_of_minus(scores[k], exps[k], count, powers)
        for k in range(K):
            for t in range(count):
                total[t] += exps[k, t]
        # lse(z) - z_y = log(sum e^{z - max}) - (z_y - max): each term exact
        log_of_sums(total, logs, count, powers)
        for t in range(count):
            block_logs += logs[t]
            total[t] = 1.0 / total[t]
        for k in range(K):
            for t in range(count):
                exps[k, t] = exps[k, t] * total[t]
        for t in range(count):
            exps[codes[start + t], t] -= 1.0
        loss_sum += block_shortfalls + block_logs / n
        correct += block_correct
        for k in range(K):
            intercept = 0.0
            for t in range(count):
                intercept += exps[k, t]
            intercept_sums[k] += intercept
        # the last block's residuals are a part of each row of exps: copied to be contiguous
        residuals = exps if count == block else np.ascontiguousarray(exps[:, :count])
        np.dot(residuals, rows_of_block, product)
        weight_sums += product
    gradient = np.zeros((K, m + 1))
    for k in range(K):
        if k != reference:
            gradient[k, 0] = intercept_sums[k]
            gradient[k, 1:] = weight_sums[k]
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


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
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

    Rows go in blocks as in :func:`binomial_block_sums`: the block's :math:`\eta`, then cut by
    cut the exponentials and :math:`\sigma(t_{ij})` of all its rows at once; then each row's
    own bounds are gathered, and their logarithms, losses and derivatives formed in a loop the
    compiler runs on several rows at once; then the derivatives are added to the cut-points'
    sums, and the block's share of the gradient in beta is taken. Each block's losses are
    summed before they are divided by n.

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
        The number of rows of the whole data, which the loss sum is divided by.
    """
    rows, m = X.shape
    C = cutpoints.size
    block = _rows_per_block(m)
    grad_beta = np.zeros(m)
    grad_cut = np.zeros(C)
    eta = np.empty(block)
    sizes = np.empty(block)  # |t_ij| of one cut
    tail = np.empty((C, block))  # e^{-|t_ij|}
    below = np.empty((C, block))  # sigma(t_ij), P(y <= j)
    previous = np.empty(block)
    largest = np.empty(block)
    best = np.empty(block, dtype=np.int64)
    d_scores = np.empty(block)  # d loss / d eta
    powers = np.empty(2 * block, dtype=np.int64)
    # each row's own bounds, gathered: the cut indices, t and e^{-|t|} of u and of l, sigma(l),
    # whether the class has each bound, and its class's gap terms
    upper_cut = np.empty(block, dtype=np.int64)
    lower_cut = np.empty(block, dtype=np.int64)
    u_bound = np.empty(block)
    l_bound = np.empty(block)
    u_tail = np.empty(block)
    l_tail = np.empty(block)
    l_below = np.empty(block)
    has_upper = np.empty(block)
    has_lower = np.empty(block)
    row_gap = np.empty(block)
    row_ratio = np.empty(block)
    d_upper = np.empty(block)
    d_lower = np.empty(block)
    loss_sum = 0.0
    correct = 0
    for start in range(0, rows, block):
        count = min(block, rows - start)
        for t in range(count):
            z = 0.0
            for j in range(m):
                z += X[start + t, j] * beta[j]
            eta[t] = z
            previous[t] = 0.0
            largest[t] = -1.0
            best[t] = 0
        for j in range(C):
            for t in range(count):
                sizes[t] = abs(cutpoints[j] - eta[t])
            exp_of_minus(sizes, tail[j], count, powers)
            for t in range(count):
                e = tail[j, t]
                probability = (1.0 if cutpoints[j] - eta[t] >= 0.0 else e) / (1.0 + e)
                below[j, t] = probability
                higher = probability - previous[t] > largest[t]
                largest[t] = probability - previous[t] if higher else largest[t]
                best[t] = j if higher else best[t]
                previous[t] = probability
        block_correct = 0
        # a class without a bound takes its other cut's values, with a term of 0: the loop below
        # then has no branches (the class of a row is as good as random, and a mispredicted
        # branch costs more than the arithmetic)
        for t in range(count):
            own = codes[start + t]
            block_correct += (C if 1.0 - previous[t] > largest[t] else best[t]) == own
            upper = own if own < C else C - 1
            lower = own - 1 if own > 0 else 0
            upper_cut[t] = upper
            lower_cut[t] = lower
            u_bound[t] = cutpoints[upper] - eta[t]  # u = t_own
            l_bound[t] = cutpoints[lower] - eta[t]  # l = t_{own-1}
            u_tail[t] = tail[upper, t]
            l_tail[t] = tail[lower, t]
            l_below[t] = below[lower, t]
            has_upper[t] = 1.0 if own < C else 0.0
            has_lower[t] = 1.0 if own > 0 else 0.0
            row_gap[t] = log_gap[own]
            row_ratio[t] = gap_ratio[own]
        block_loss = 0.0
        for t in range(count):
            u = u_bound[t]
            e = u_tail[t]
            log_upper = min(u, 0.0) - log1p_series(e)
            above = (e if u >= 0.0 else 1.0) / (1.0 + e)  # sigma(-u), exact
            log_lower = min(-l_bound[t], 0.0) - log1p_series(l_tail[t])
            up = has_upper[t] > 0.0
            down = has_lower[t] > 0.0
            d_up = -above - row_ratio[t] if up else 0.0
            d_down = l_below[t] + row_ratio[t] if down else 0.0
            log_probability = row_gap[t] + (log_upper if up else 0.0) + (log_lower if down else 0.0)
            block_loss += max(-log_probability, 0.0)
            d_upper[t] = d_up
            d_lower[t] = d_down
            d_scores[t] = -(d_up + d_down)
        for t in range(count):
            grad_cut[upper_cut[t]] += d_upper[t]
            grad_cut[lower_cut[t]] += d_lower[t]
        loss_sum += block_loss / n
        correct += block_correct
        _add_weighted_rows(grad_beta, d_scores, X, start, count)
    return loss_sum, grad_beta, grad_cut, correct


@numba.njit(nogil=True, cache=True, error_model="numpy")
def multinomial_descent_step(
    params: np.ndarray, reference: int, X: np.ndarray, codes: np.ndarray
) -> tuple[float, np.ndarray, int]:
    r"""One step of multinomial descent at ``params`` in one call: the loss (without the
    penalty), its gradient and the correct count.

    ``params`` holds the rows :math:`[b_k, w_k]` of the K − 1 classes other than the reference,
    one after another; the reference's row of zeros is put in for :func:`multinomial_block_sums`,
    and the gradient, :math:`\frac1n\sum_i r_{ik}(1, x_i)`, comes back in the same order: the
    numbers of :meth:`logreg_core.objective.Objective.evaluate_descent` before the penalty,
    without the half a dozen small NumPy calls per step around the pass.
    """
    n, m = X.shape
    width = m + 1
    classes = params.size // width
    full = np.zeros((classes + 1, width))
    for k in range(classes):
        row = k if k < reference else k + 1
        for j in range(width):
            full[row, j] = params[k * width + j]
    loss, sums, correct = multinomial_block_sums(full, X, codes, n, reference)
    gradient = np.empty(params.size)
    for k in range(classes):
        row = k if k < reference else k + 1
        for j in range(width):
            gradient[k * width + j] = sums[row, j] / n
    return loss, gradient, correct


@numba.njit(nogil=True, cache=True, error_model="numpy")
def ordinal_descent_step(
    free: np.ndarray, m: int, l2: float, penalty_weights: np.ndarray, X: np.ndarray, codes: np.ndarray
) -> tuple[float, np.ndarray, int, np.ndarray]:
    r"""One step of ordinal descent at ``free`` in one call: the loss, its gradient in ``free``,
    the correct count and the parameters ([beta, cut-points]).

    ``free`` is :math:`(\beta, \theta_1, g_2, \dots, g_{K-1})` with :math:`g_j = \log(\theta_j -
    \theta_{j-1})`, so :math:`\theta_j = \theta_1 + \sum_{i \le j} e^{g_i}`. With the class widths
    :math:`w_j = \theta_{j+1} - \theta_j`, the gap terms :math:`\log(1 - e^{-w_j})` and
    :math:`q_j = e^{-w_j}/(1 - e^{-w_j})` (0 for the unbounded first and last class) go to
    :func:`ordinal_block_sums`; the penalty :math:`\frac{\lambda}{2}\sum_j d_j p_j^2` is added,
    and the chain rule takes the cut-points' gradient to the increments:
    :math:`\partial J/\partial g_i = e^{g_i}\sum_{j \ge i}\partial J/\partial\theta_j`.
    The same formulas as :mod:`logreg_core.families.ordinal`, without the dozen small NumPy
    calls per step that cost as much as the pass itself on a few hundred rows.

    Cut-points that do not increase strictly (a gap below the float spacing) give an
    infinite loss and a NaN gradient, as the plain path does.
    """
    n = X.shape[0]
    size = free.size
    C = size - m
    params = np.empty(size)
    params[:m] = free[:m]
    total = free[m]
    params[m] = total
    for j in range(1, C):
        total += math.exp(free[m + j])
        params[m + j] = total
    cutpoints = params[m:]
    log_gap = np.zeros(C + 1)
    gap_ratio = np.zeros(C + 1)
    for j in range(1, C):
        width = cutpoints[j] - cutpoints[j - 1]
        if not width > 0.0:
            return np.inf, np.full(size, np.nan), 0, params
        tail = -math.expm1(-width)
        log_gap[j] = math.log(tail)
        gap_ratio[j] = math.exp(-width) / tail
    loss, grad_beta, grad_cut, correct = ordinal_block_sums(
        params[:m], cutpoints, log_gap, gap_ratio, X, codes, n)
    gradient = np.empty(size)
    gradient[:m] = grad_beta
    gradient[m:] = grad_cut
    for j in range(size):
        gradient[j] /= n
    if l2 != 0.0:
        penalty = 0.0
        for j in range(size):
            penalty += params[j] * (penalty_weights[j] * params[j])
            gradient[j] += l2 * (penalty_weights[j] * params[j])
        loss += 0.5 * l2 * penalty
    # the chain rule through the increments: tail sums from the last cut-point down
    running = 0.0
    for j in range(size - 1, m - 1, -1):
        running += gradient[j]
        gradient[j] = running * math.exp(free[j]) if j > m else running
    return loss, gradient, correct, params


@numba.njit(nogil=True, cache=True)
def column_moments(X: np.ndarray, shift: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    r"""Per column of X: the lowest and highest value, the mean of :math:`x - c` and the sum of squared deviations, in one pass.

    Welford's updates, row by row, on the values shifted by c (``shift``, for example one
    row of X), :math:`d_i = x_i - c`:

    .. math:: \bar d^{(i)} = \bar d^{(i-1)} + \frac{d_i - \bar d^{(i-1)}}{i}, \qquad
              S^{(i)} = S^{(i-1)} + (d_i - \bar d^{(i-1)})(d_i - \bar d^{(i)}), \qquad
              \bar x = c + \bar d

    which never subtract two large sums (the textbook :math:`\sum x^2 - n\bar x^2` loses every
    digit for a feature offset by 1e6); the shift takes such an offset out first, exactly for
    values within a factor 2 of each other. IEEE arithmetic throughout (no ``fastmath``). The
    squares overflow for values beyond about 1e150: callers keep such columns off this path.

    Parameters
    ----------
    X : ndarray, shape (n, m), n >= 1
    shift : ndarray, shape (m,)

    Returns
    -------
    lowest, highest, shifted_mean, squares : ndarray, shape (m,) each
        ``shifted_mean`` is :math:`\bar d = \bar x - c`.
    """
    rows, m = X.shape
    lowest = X[0].copy()
    highest = X[0].copy()
    mean = np.zeros(m)
    squares = np.zeros(m)
    for i in range(rows):
        share = 1.0 / (i + 1)
        for j in range(m):
            x = X[i, j]
            lowest[j] = min(lowest[j], x)
            highest[j] = max(highest[j], x)
            d = x - shift[j]
            delta = d - mean[j]
            mean[j] += delta * share
            squares[j] += delta * (d - mean[j])
    return lowest, highest, mean, squares


@numba.njit(nogil=True, cache=True)
def standardise(X: np.ndarray, mean: np.ndarray, scale: np.ndarray, out: np.ndarray) -> None:
    r"""Write :math:`x'_{ij} = (x_{ij} - \mu_j)/s_j` into ``out``, in one pass over X.

    The same two correctly rounded operations as NumPy's ``(X - mean) / scale``, so the same
    numbers, without a temporary.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    mean, scale : ndarray, shape (m,)
    out : ndarray, shape (n, m)
    """
    rows, m = X.shape
    for i in range(rows):
        for j in range(m):
            out[i, j] = (X[i, j] - mean[j]) / scale[j]


@numba.njit(nogil=True, cache=True, fastmath=_FASTMATH, error_model="numpy")
def binomial_block_sums_hessian(
    w: np.ndarray, b: float, X: np.ndarray, signs: np.ndarray, n: int
) -> tuple[float, np.ndarray, float, int, np.ndarray, float, float]:
    r""":func:`binomial_block_sums` and :func:`binomial_hessian_sums` in one pass over the rows,
    with :func:`class_score_extremes` of the scores on the way.

    Where Newton's method needs the curvature at the point it has just moved to, both come
    from one read of X: the margins and their exponentials :math:`e^{-|m_i|} = e^{-|z_i|}`
    are shared, and the Hessian weight is
    :math:`s_i = e^{-|z_i|}/(1 + e^{-|z_i|})^2`.

    Returns
    -------
    loss_sum, gradient, residual_sum, correct
        As :func:`binomial_block_sums`.
    hessian_sums : ndarray, shape (m+1, m+1)
        As :func:`binomial_hessian_sums`.
    lowest_positive, highest_negative : float
        The lowest score of class 1 (sign -1) and the highest of class 0 (sign +1); a NaN
        score is passed over here, and shows in the loss.
    """
    rows, m = X.shape
    lowest_positive = np.inf
    highest_negative = -np.inf
    block = _rows_per_block(m)
    gradient = np.zeros(m)
    sums = np.zeros((m + 1, m + 1))
    margins = np.empty(block)
    sizes = np.empty(block)
    exps = np.empty(block)
    residuals = np.empty(block)
    root = np.empty(block)
    scaled = np.empty((block, m + 1))
    product = np.empty((m + 1, m + 1))
    powers = np.empty(2 * block, dtype=np.int64)
    loss_sum = 0.0
    residual_sum = 0.0
    correct = 0
    for start in range(0, rows, block):
        count = min(block, rows - start)
        _block_margins(w, b, X, signs, start, count, margins, sizes)
        exp_of_minus(sizes, exps, count, powers)
        block_loss, block_correct, block_residual = _block_losses(margins, exps, signs, start, count, n, residuals)
        for t in range(count):
            root[t] = math.sqrt(exps[t]) / (1.0 + exps[t])
            z = margins[t] * signs[start + t]  # the score itself: the signs are 1 and -1
            if signs[start + t] < 0.0:
                lowest_positive = min(lowest_positive, z)
            else:
                highest_negative = max(highest_negative, z)
        loss_sum += block_loss
        residual_sum += block_residual
        correct += block_correct
        _add_weighted_rows(gradient, residuals, X, start, count)
        _add_weighted_gram(sums, root, X, start, count, scaled, product)
    _mirror_upper(sums)
    return loss_sum, gradient, residual_sum, correct, sums, lowest_positive, highest_negative


@numba.njit(nogil=True, cache=True)
def class_score_extremes(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    r"""The lowest score of class 1 and the highest of class 0, in one pass without copies.

    .. math:: \min_{i:\,y_i=1} z_i, \qquad \max_{i:\,y_i=0} z_i

    (:math:`+\infty` and :math:`-\infty` for a class without rows). The classes are split
    completely by the scores when the first exceeds the second
    (:func:`logreg_core.separation.separates_completely`).

    Parameters
    ----------
    z : ndarray, shape (n,)
    y : ndarray, shape (n,)
        Labels 0 and 1.
    """
    lowest_positive = np.inf
    highest_negative = -np.inf
    for i in range(z.size):
        if z[i] != z[i]:  # a NaN score splits nothing, as in the NumPy comparison
            return np.nan, np.nan
        if y[i] == 1:
            lowest_positive = min(lowest_positive, z[i])
        else:
            highest_negative = max(highest_negative, z[i])
    return lowest_positive, highest_negative
