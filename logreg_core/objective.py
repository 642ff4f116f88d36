r"""A linear model's objective over one flat parameter vector, for any of the three families.

.. math:: J(\theta) = \frac1n\sum_{i=1}^n \ell_i(\theta) + \frac{\lambda}{2}\sum_j d_j\,\theta_j^2

with :math:`\ell_i` minus the log-likelihood of observation i under the family and
:math:`d_j` the penalty weight of entry j (0 for intercepts and cut-points). Solvers
(gradient descent, Newton, the two-parameter landscape) only ask this object for values,
gradients and Hessians, so each of them works for every family.

Layouts of the flat vector (``m`` features, ``K`` classes):

- binomial: ``[b, w_1..w_m]``, the intercept first (the order of ``NewtonResult.params``);
- multinomial: for each class except the reference, in class order, ``[b_k, w_k1..w_km]``;
- ordinal: ``[beta_1..beta_m, theta_1..theta_{K-1}]``, coefficients then real cut-points.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .blas import single_threaded_blas
from .families import binomial, multinomial, ordinal
from .families.base import FamilyKind, null_log_likelihood
from .loss import (
    _CORES,
    ROWS_PER_BLOCK,
    _executor,
    _kernels_for,
    _worker_count,
    label_signs,
    loss_gradient_signed,
)


@dataclass(frozen=True)
class Layout:
    """Where each parameter sits in the flat vector of a family.

    Attributes
    ----------
    kind : {"binomial", "multinomial", "ordinal"}
    n_features : int
        m, the number of feature columns.
    n_classes : int
        K (2 for binomial).
    reference : int
        Multinomial only: the class code whose scores are fixed at 0.
    """

    kind: FamilyKind
    n_features: int
    n_classes: int = 2
    reference: int = 0

    def __post_init__(self) -> None:
        if self.kind not in ("binomial", "multinomial", "ordinal"):
            raise ValueError(f"kind must be 'binomial', 'multinomial' or 'ordinal', got {self.kind!r}.")
        if self.kind == "binomial" and self.n_classes != 2:
            raise ValueError("A binomial layout has exactly 2 classes.")
        if self.n_classes < 2:
            raise ValueError(f"A model needs at least 2 classes, got {self.n_classes}.")
        if not 0 <= self.reference < self.n_classes:
            raise ValueError(f"reference must be a class code 0..{self.n_classes - 1}, got {self.reference}.")

    @property
    def non_reference(self) -> tuple[int, ...]:
        """Multinomial: the class codes that have parameters, in order."""
        return tuple(k for k in range(self.n_classes) if k != self.reference)

    @property
    def n_params(self) -> int:
        m, K = self.n_features, self.n_classes
        if self.kind == "binomial":
            return m + 1
        if self.kind == "multinomial":
            return (K - 1) * (m + 1)
        return m + K - 1

    @property
    def penalised(self) -> NDArray[np.bool_]:
        """Which entries L2 penalises: the feature coefficients, never intercepts or cut-points."""
        mask = np.zeros(self.n_params, dtype=bool)
        m = self.n_features
        if self.kind == "ordinal":
            mask[:m] = True
        else:
            mask.reshape(-1, m + 1)[:, 1:] = True
        return mask

    @property
    def intercept_index(self) -> NDArray[np.int64]:
        """Indices of the intercepts (binomial, multinomial) or cut-points (ordinal)."""
        return np.flatnonzero(~self.penalised)

    def coefficient_blocks(self, params: ArrayLike) -> NDArray[np.float64]:
        """Binomial and multinomial: the parameters as rows ``[b_k, w_k...]``, shape (K-1, m+1)."""
        return np.asarray(params, dtype=np.float64).reshape(-1, self.n_features + 1)

    def split_ordinal(self, params: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Ordinal: (beta of shape (m,), cut-points of shape (K-1,))."""
        params = np.asarray(params, dtype=np.float64)
        return params[: self.n_features], params[self.n_features :]

    def parameter_labels(
        self, feature_names: list[str] | tuple[str, ...], class_names: list[str] | tuple[str, ...]
    ) -> list[tuple[str, str]]:
        """A (group, term) label per parameter, in layout order.

        Binomial: ("", "intercept"), ("", feature)...; multinomial: (class, "intercept"),
        (class, feature)... for each non-reference class; ordinal: ("", feature)... then
        ("cut-point", "a|b") for consecutive classes a, b.
        """
        terms = ["intercept", *map(str, feature_names)]
        if self.kind == "binomial":
            return [("", term) for term in terms]
        if self.kind == "multinomial":
            return [(str(class_names[k]), term) for k in self.non_reference for term in terms]
        cuts = [f"{class_names[j]}|{class_names[j + 1]}" for j in range(self.n_classes - 1)]
        return [("", str(name)) for name in feature_names] + [("cut-point", cut) for cut in cuts]


def original_scale_map(layout: Layout, mean: ArrayLike, scale: ArrayLike) -> NDArray[np.float64]:
    r"""The matrix A with :math:`\theta_\text{orig} = A\,\theta` for a fit on :math:`x' = (x - \mu)/s`.

    Binomial and multinomial, per class: :math:`w = w'/s`, :math:`b = b' - \sum_j w'_j\mu_j/s_j`.
    Ordinal: :math:`\beta = \beta'/s`, :math:`\theta_j = \theta'_j + \sum_k \beta'_k\mu_k/s_k`.
    Covariances map as :math:`\Sigma_\text{orig} = A\,\Sigma\,A^\top`.
    """
    mean = np.asarray(mean, dtype=np.float64)
    scale = np.asarray(scale, dtype=np.float64)
    m = layout.n_features
    if layout.kind == "ordinal":
        A = np.eye(layout.n_params)
        A[:m, :m] = np.diag(1.0 / scale)
        A[m:, :m] = (mean / scale)[None, :]
        return A
    block = np.zeros((m + 1, m + 1))
    block[0, 0] = 1.0
    block[0, 1:] = -mean / scale
    block[1:, 1:] = np.diag(1.0 / scale)
    return np.kron(np.eye(layout.n_params // (m + 1)), block).astype(np.float64, copy=False)


class Evaluation(NamedTuple):
    """The objective and its gradient at one parameter vector."""

    loss: float
    gradient: NDArray[np.float64]
    accuracy: float


def _multinomial_block_sums(
    coefficients: NDArray[np.float64], X: NDArray[np.float64], codes: NDArray[np.int64], reference: int, n: int
) -> tuple[float, NDArray[np.float64], int]:
    """Loss sum / n, gradient sums (K-1, m+1) and correct count over the rows, block by block.

    All K scores come from one product with the reference row of zeros included; the
    observed class's entry of each row is reached through flat indices, and the gradient of
    every class is accumulated before the reference row is dropped.
    """
    full = _full(coefficients, reference)  # (K, m+1)
    K = full.shape[0]
    weights_T = np.ascontiguousarray(full[:, 1:].T)  # (m, K)
    loss_sum = 0.0
    correct = 0
    gradient = np.zeros((K, full.shape[1]))
    for start in range(0, X.shape[0], ROWS_PER_BLOCK):
        X_block = X[start : start + ROWS_PER_BLOCK]
        y_block = codes[start : start + ROWS_PER_BLOCK]
        own = np.arange(y_block.size) * K + y_block  # flat index of each row's own class
        scores = X_block @ weights_T
        scores += full[:, 0]
        correct += int(np.count_nonzero(np.argmax(scores, axis=1) == y_block))
        scores -= scores.max(axis=1, keepdims=True)
        flat = scores.reshape(-1)
        shifted_own = flat[own]  # z_y - max z, <= 0
        np.exp(scores, out=scores)  # e^{z - max z}: the largest is exactly 1
        total = scores.sum(axis=1)
        # loss = lse(z) - z_y = log(sum e^{z - max}) - (z_y - max), each term exact
        loss_sum += float(np.sum((np.log(total) - shifted_own) / n))
        scores /= total[:, None]  # probabilities
        flat[own] -= 1.0  # residuals p - onehot
        gradient[:, 0] += scores.sum(axis=0)
        gradient[:, 1:] += scores.T @ X_block
    return loss_sum, _without_row(gradient, reference), correct


# Rows per thread for a compiled multinomial or ordinal pass. 10,000 rows in two threads were no
# faster than in one on the loaded 2-core machine (0.5-0.6 s for 500 steps either way).
KERNEL_ROWS_PER_WORKER = 32768


def _kernel_worker_count(n: int) -> int:
    """Threads for a compiled pass over n rows (the kernels release the GIL)."""
    return max(1, min(_CORES, n // KERNEL_ROWS_PER_WORKER))


def _without_row(rows: NDArray[np.float64], reference: int) -> NDArray[np.float64]:
    """``rows`` without row ``reference``: the gradient sums of the classes that have parameters."""
    return np.concatenate([rows[:reference], rows[reference + 1 :]])


def _multinomial_compiled_sums(
    kernel: Callable[..., tuple[float, NDArray[np.float64], int]],
    coefficients: NDArray[np.float64],
    X: NDArray[np.float64],
    codes: NDArray[np.int64],
    reference: int,
    n: int,
) -> tuple[float, NDArray[np.float64], int]:
    """:func:`_multinomial_block_sums` by the compiled ``kernel`` (:mod:`logreg_core.kernels`)."""
    loss_sum, gradient, correct = kernel(_full(coefficients, reference), X, codes, n, reference)
    return float(loss_sum), _without_row(gradient, reference), int(correct)


# Rows per block when accumulating weighted Gram matrices: a block of [1, X] and its weighted copy stay in cache.
GRAM_ROWS_PER_BLOCK = 8192
# Rows per thread for weighted Gram matrices: 100,000 x 20 in two threads (all BLAS work, which
# releases the GIL) instead of one.
GRAM_ROWS_PER_WORKER = 32768


def weighted_grams(X: NDArray[np.float64], weights: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""Weighted Gram matrices of :math:`\tilde X = [1, X]`, one per column of ``weights``.

    .. math:: G_c = \frac1n\sum_i s_{ic}\,\tilde x_i\tilde x_i^\top

    Accumulated a block of rows at a time, so each block of X is read from memory once for
    every column of weights. A column of one sign is a symmetric rank-k update,
    :math:`\pm(\sqrt{|s|}\,\tilde X)^\top(\sqrt{|s|}\,\tilde X)`, which BLAS does in half the
    work of a general product; columns of mixed signs share one general product per block.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    weights : ndarray, shape (n, c)

    Returns
    -------
    ndarray, shape (c, m+1, m+1)
    """
    n: int = X.shape[0]
    workers = max(1, min(_CORES, n // GRAM_ROWS_PER_WORKER))
    signs = _column_signs(weights)
    with single_threaded_blas():
        if workers == 1:
            grams = _gram_sums(X, weights, signs)
        else:
            cuts = np.linspace(0, n, workers + 1).astype(int)
            futures = [
                _executor().submit(_gram_sums, X[lo:hi], weights[lo:hi], signs)
                for lo, hi in itertools.pairwise(cuts)
            ]
            grams = futures[0].result()
            for future in futures[1:]:
                grams += future.result()
    return grams / n


def _column_signs(weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per column of weights: 1 when none is negative, -1 when none is positive, 0 when mixed."""
    signs = np.zeros(weights.shape[1])
    signs[np.all(weights <= 0.0, axis=0)] = -1.0
    signs[np.all(weights >= 0.0, axis=0)] = 1.0
    return signs


def _gram_sums(
    X: NDArray[np.float64], weights: NDArray[np.float64], signs: NDArray[np.float64]
) -> NDArray[np.float64]:
    """The unnormalised sums of :func:`weighted_grams` over these rows; ``signs`` from :func:`_column_signs`."""
    n, m = X.shape
    grams = np.zeros((weights.shape[1], m + 1, m + 1))
    mixed = np.flatnonzero(signs == 0.0)
    rows = min(n, GRAM_ROWS_PER_BLOCK)
    scaled_buffer = np.empty((rows, m))
    design = np.empty((rows, m + 1)) if mixed.size else scaled_buffer
    for start in range(0, n, GRAM_ROWS_PER_BLOCK):
        X_block = X[start : start + GRAM_ROWS_PER_BLOCK]
        w_block = weights[start : start + GRAM_ROWS_PER_BLOCK]
        scaled = scaled_buffer[: X_block.shape[0]]
        for column in np.flatnonzero(signs):
            root = np.sqrt(np.abs(w_block[:, column]))
            np.multiply(X_block, root[:, None], out=scaled)
            gram = grams[column]
            gram[0, 0] += signs[column] * (root @ root)
            gram[0, 1:] += signs[column] * (root @ scaled)
            # the same array on both sides: NumPy hands this to BLAS as a symmetric rank-k update
            gram[1:, 1:] += signs[column] * (scaled.T @ scaled)
        if mixed.size:
            tilde = design[: X_block.shape[0]]
            tilde[:, 0] = 1.0
            tilde[:, 1:] = X_block
            weighted = (w_block[:, mixed, None] * tilde[:, None, :]).reshape(tilde.shape[0], -1)
            products = (tilde.T @ weighted).reshape(m + 1, mixed.size, m + 1)
            grams[mixed] += products.transpose(1, 0, 2)
    signed = np.flatnonzero(signs)
    grams[signed, 1:, 0] = grams[signed, 0, 1:]
    # a general product rounds its two triangles differently: keep the upper one on both sides
    upper = np.triu(grams[mixed])
    grams[mixed] = upper + np.triu(upper, 1).transpose(0, 2, 1)
    return grams


def _full(coefficients: NDArray[np.float64], reference: int) -> NDArray[np.float64]:
    """All K rows [b_k, w_k], with the reference row of zeros inserted."""
    # cheaper than np.insert, which descent would pay on every step
    full = np.zeros((coefficients.shape[0] + 1, coefficients.shape[1]))
    full[:reference] = coefficients[:reference]
    full[reference + 1 :] = coefficients[reference:]
    return full


class Objective:
    r"""Penalised mean negative log-likelihood of one family on one design matrix.

    Parameters
    ----------
    X : array_like, shape (n, m)
        Features (already standardised, if that is wanted).
    codes : array_like, shape (n,)
        Class codes 0..K-1 (for binomial, labels 0/1).
    layout : Layout
    l2 : float, default 0.0
        Ridge strength :math:`\lambda \ge 0`.
    penalty_weights : array_like of shape (n_params,) or None
        :math:`d_j`; by default 1 on the coefficients (``layout.penalised``) and 0 elsewhere.
    """

    def __init__(
        self,
        X: ArrayLike,
        codes: ArrayLike,
        layout: Layout,
        l2: float = 0.0,
        penalty_weights: ArrayLike | None = None,
    ) -> None:
        self.X = np.asarray(X, dtype=np.float64)
        self.codes = np.asarray(codes, dtype=np.float64).astype(np.int64)
        self.layout = layout
        self.l2 = float(l2)
        if penalty_weights is None:
            self.penalty_weights = layout.penalised.astype(np.float64)
        else:
            self.penalty_weights = np.asarray(penalty_weights, dtype=np.float64) * layout.penalised
        self.n: int = self.X.shape[0]
        # The row count that decides whether the compiled kernels run (loss._kernels_for): a
        # subsample inside a fit of large data sets the whole data's, since the fit loads them anyway.
        self._kernel_rows = self.n
        self._last: tuple[NDArray[np.float64], Evaluation] | None = None
        if layout.kind == "binomial":
            self._signs = label_signs(self.codes)

    # -- values ------------------------------------------------------------------------
    def penalty(self, params: ArrayLike) -> float:
        r""":math:`\frac{\lambda}{2}\theta^\top P\theta` (see :meth:`_penalty_direction` for :math:`P`)."""
        params = np.asarray(params, dtype=np.float64)
        return 0.5 * self.l2 * float(params @ self._penalty_direction(params)) if self.l2 else 0.0

    def _penalty_direction(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        r""":math:`P\theta`, shape (n_params,).

        Binomial and ordinal: :math:`P = \operatorname{diag}(d)`. Multinomial: the penalty is the
        symmetric one over all K classes, :math:`\sum_{k=1}^K d\,\lVert w_k\rVert^2` with
        :math:`\sum_k w_k = 0` (scikit-learn's), which does not depend on the reference class. In
        the contrasts :math:`v_k = w_k - w_\text{ref}` it is
        :math:`\sum_k \lVert v_k\rVert^2 - \frac1K\lVert\sum_k v_k\rVert^2` (weighted by d), so
        :math:`P = D^{1/2}\,((I - \tfrac1K\mathbf{1}\mathbf{1}^\top)\otimes I)\,D^{1/2}`.
        """
        root = np.sqrt(self.penalty_weights)
        if self.layout.kind != "multinomial":
            return self.penalty_weights * params
        blocks = (root * params).reshape(-1, self.layout.n_features + 1)
        centred = blocks - blocks.sum(axis=0) / self.layout.n_classes
        direction: NDArray[np.float64] = root * centred.reshape(-1)
        return direction

    def _penalty_matrix(self) -> NDArray[np.float64]:
        """:math:`P` of :meth:`_penalty_direction` as a matrix, shape (n_params, n_params)."""
        return np.column_stack([self._penalty_direction(unit) for unit in np.eye(self.layout.n_params)])

    def evaluate(self, params: ArrayLike) -> Evaluation:
        """Loss, gradient (n_params,) and training accuracy (class of highest probability;
        for two classes, probability of class 1 >= 0.5)."""
        params = np.asarray(params, dtype=np.float64)
        # Newton asks again for the point it stopped at, and inference for the estimate: the
        # last evaluation is kept (its gradient read-only, since it is handed out again).
        if self._last is not None and np.array_equal(self._last[0], params):
            return self._last[1]
        with single_threaded_blas():
            result = self._evaluate(params)
        result.gradient.flags.writeable = False
        self._last = (params.copy(), result)
        return result

    def _evaluate(self, params: NDArray[np.float64]) -> Evaluation:
        kind = self.layout.kind
        if kind == "binomial":
            loss, gradient, accuracy = self._binomial(params)
        elif kind == "multinomial":
            loss, gradient, accuracy = self._multinomial(params)
        else:
            loss, gradient, accuracy = self._ordinal(params)
        return self._penalised(params, loss, gradient, accuracy)

    def loss(self, params: ArrayLike) -> float:
        """The penalised mean loss alone."""
        return self.evaluate(params).loss

    def _binomial(self, params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], float]:
        """:func:`logreg_core.loss.loss_gradient_signed` without L2; by the compiled kernel in
        :func:`_kernel_worker_count` threads from twice ``KERNEL_ROWS_PER_WORKER`` rows on."""
        kernels = _kernels_for(self._kernel_rows)
        if kernels is None:
            result = loss_gradient_signed(params[1:], float(params[0]), self.X, self._signs, 0.0)
            return result.loss, np.r_[result.grad_b, result.grad_w], result.accuracy
        w, b, n = params[1:], float(params[0]), self.n
        workers = _kernel_worker_count(n)
        if workers == 1:
            parts = [kernels.binomial_block_sums(w, b, self.X, self._signs, n)]
        else:
            cuts = np.linspace(0, n, workers + 1).astype(int)
            futures = [
                _executor().submit(kernels.binomial_block_sums, w, b, self.X[lo:hi], self._signs[lo:hi], n)
                for lo, hi in itertools.pairwise(cuts)
            ]
            parts = [future.result() for future in futures]
        gradient = np.empty(w.size + 1)
        gradient[0] = sum(float(part[2]) for part in parts)
        gradient[1:] = sum(part[1] for part in parts)
        gradient /= n
        return float(sum(part[0] for part in parts)), gradient, sum(int(part[3]) for part in parts) / n

    def _multinomial(self, params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], float]:
        coefficients = self.layout.coefficient_blocks(params)
        n = self.n
        ref = self.layout.reference
        kernels = _kernels_for(self.n, kinds=True)
        block_sums: Callable[..., tuple[float, NDArray[np.float64], int]] = (
            _multinomial_block_sums
            if kernels is None
            else functools.partial(_multinomial_compiled_sums, kernels.multinomial_block_sums)
        )
        workers = _worker_count(n) if kernels is None else _kernel_worker_count(n)
        if workers == 1:
            parts = [block_sums(coefficients, self.X, self.codes, ref, n)]
        else:
            cuts = np.linspace(0, n, workers + 1).astype(int)
            if kernels is None:  # the NumPy pass works in whole blocks
                cuts = cuts // ROWS_PER_BLOCK * ROWS_PER_BLOCK
            cuts[-1] = n
            futures = [
                _executor().submit(block_sums, coefficients, self.X[lo:hi], self.codes[lo:hi], ref, n)
                for lo, hi in itertools.pairwise(cuts)
            ]
            parts = [future.result() for future in futures]
        loss = sum(part[0] for part in parts)
        gradient = sum(part[1] for part in parts) / n
        correct = sum(part[2] for part in parts)
        return loss, np.asarray(gradient).reshape(-1), correct / n

    def _ordinal(self, params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], float]:
        beta, cutpoints = self.layout.split_ordinal(params)
        if np.any(np.diff(cutpoints) <= 0):
            return np.inf, np.full(params.size, np.nan), 0.0
        kernels = _kernels_for(self.n, kinds=True)
        if kernels is not None:
            return self._ordinal_compiled(kernels.ordinal_block_sums, beta, cutpoints)
        eta = self.X @ beta
        upper, lower, width = ordinal.class_bounds(eta, cutpoints, self.codes)
        loss = float(np.sum(np.maximum(-ordinal.log_interval_probability(upper, lower, width), 0.0) / self.n))
        d = ordinal.bound_derivatives(upper, lower, width, second=False)
        K = self.layout.n_classes
        grad_beta = -(self.X.T @ (d.d_upper + d.d_lower)) / self.n
        grad_cut = (
            np.bincount(self.codes, d.d_upper, minlength=K)[: K - 1]
            + np.bincount(self.codes, d.d_lower, minlength=K)[1:]
        ) / self.n
        correct = np.count_nonzero(np.argmax(ordinal.log_probabilities(eta, cutpoints), axis=1) == self.codes)
        return loss, np.r_[grad_beta, grad_cut], correct / self.n

    def _ordinal_compiled(
        self,
        kernel: Callable[..., tuple[float, NDArray[np.float64], NDArray[np.float64], int]],
        beta: NDArray[np.float64],
        cutpoints: NDArray[np.float64],
    ) -> tuple[float, NDArray[np.float64], float]:
        """:meth:`_ordinal` by the compiled kernel (:mod:`logreg_core.kernels`), one pass over the rows."""
        log_gap, gap_ratio = ordinal.class_gap_terms(cutpoints)
        n = self.n
        workers = _kernel_worker_count(n)
        if workers == 1:
            parts = [kernel(beta, cutpoints, log_gap, gap_ratio, self.X, self.codes, n)]
        else:
            cuts = np.linspace(0, n, workers + 1).astype(int)
            futures = [
                _executor().submit(kernel, beta, cutpoints, log_gap, gap_ratio, self.X[lo:hi], self.codes[lo:hi], n)
                for lo, hi in itertools.pairwise(cuts)
            ]
            parts = [future.result() for future in futures]
        gradient = np.empty(beta.size + cutpoints.size)
        gradient[: beta.size] = sum(part[1] for part in parts)
        gradient[beta.size :] = sum(part[2] for part in parts)
        gradient /= n
        return float(sum(part[0] for part in parts)), gradient, sum(int(part[3]) for part in parts) / n

    # -- curvature ---------------------------------------------------------------------
    def hessian(self, params: ArrayLike) -> NDArray[np.float64]:
        """Hessian of the penalised mean loss, shape (n_params, n_params)."""
        params = np.asarray(params, dtype=np.float64)
        kind = self.layout.kind
        with single_threaded_blas():
            if kind == "binomial":
                H = self._binomial_hessian(params)
            elif kind == "multinomial":
                H = self._multinomial_hessian(params)
            else:
                H = self._ordinal_hessian(params)
        if self.l2:
            if self.layout.kind == "multinomial":
                H += self.l2 * self._penalty_matrix()
            else:
                H[np.diag_indices_from(H)] += self.l2 * self.penalty_weights
        return H

    def _weighted_gram(self, weights: NDArray[np.float64]) -> NDArray[np.float64]:
        r""":math:`\frac1n\tilde X^\top\operatorname{diag}(s)\tilde X` with :math:`\tilde X = [1, X]`, without copying [1, X]."""
        gram: NDArray[np.float64] = weighted_grams(self.X, weights[:, None])[0]
        return gram

    def _binomial_hessian(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        kernels = _kernels_for(self._kernel_rows)
        if kernels is None:
            z = self.X @ params[1:] + params[0]
            return self._weighted_gram(binomial.score_curvature(z))
        # the compiled pass, on row ranges in threads as the evaluation
        w, b = params[1:], float(params[0])
        workers = _kernel_worker_count(self.n)
        if workers == 1:
            sums: NDArray[np.float64] = kernels.binomial_hessian_sums(w, b, self.X)
        else:
            cuts = np.linspace(0, self.n, workers + 1).astype(int)
            futures = [
                _executor().submit(kernels.binomial_hessian_sums, w, b, self.X[lo:hi])
                for lo, hi in itertools.pairwise(cuts)
            ]
            sums = sum(future.result() for future in futures)
        return sums / self.n

    def _multinomial_hessian(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        layout = self.layout
        with np.errstate(over="ignore", invalid="ignore"):
            scores = self.scores(params)
        finite = bool(np.all(np.isfinite(scores)))
        kernels = _kernels_for(self.n)
        if kernels is not None and finite:  # the kernel takes the softmax itself
            return self._multinomial_compiled_hessian(kernels.multinomial_hessian_sums, scores)
        if finite:
            probability = multinomial.probabilities(scores)
        else:  # scores past the float range: the careful path, row by row
            probability = self.probabilities(params)
        blocks = layout.non_reference
        m1 = layout.n_features + 1
        H = np.empty((layout.n_params, layout.n_params))
        pairs = [(i, j) for i in range(len(blocks)) for j in range(i + 1)]
        curvature = np.column_stack(
            [multinomial.score_curvature(probability, blocks[i], blocks[j]) for i, j in pairs]
        )
        for (i, j), block in zip(pairs, weighted_grams(self.X, curvature)):
            H[i * m1 : (i + 1) * m1, j * m1 : (j + 1) * m1] = block
            H[j * m1 : (j + 1) * m1, i * m1 : (i + 1) * m1] = block.T
        return H

    def _multinomial_compiled_hessian(
        self, kernel: Callable[..., NDArray[np.float64]], scores: NDArray[np.float64]
    ) -> NDArray[np.float64]:
        """:meth:`_multinomial_hessian` by the compiled kernel (:mod:`logreg_core.kernels`), one pass over X."""
        n = self.n
        classes = np.array(self.layout.non_reference, dtype=np.int64)
        workers = _worker_count(n)
        cuts = np.linspace(0, n, workers + 1).astype(int)
        futures = [
            _executor().submit(kernel, scores[lo:hi], self.X[lo:hi], classes) for lo, hi in itertools.pairwise(cuts)
        ]
        sums = futures[0].result()
        for future in futures[1:]:
            sums += future.result()
        C, m1 = classes.size, self.layout.n_features + 1
        H = np.empty((C * m1, C * m1))
        pair = 0
        for s in range(C):
            for t in range(s, C):
                block = sums[pair].reshape(m1, m1)
                H[s * m1 : (s + 1) * m1, t * m1 : (t + 1) * m1] = block
                H[t * m1 : (t + 1) * m1, s * m1 : (s + 1) * m1] = block.T
                pair += 1
        return H / n

    def _ordinal_hessian(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        beta, cutpoints = self.layout.split_ordinal(params)
        K, m, n = self.layout.n_classes, self.layout.n_features, self.n
        eta = self.X @ beta
        upper, lower, width = ordinal.class_bounds(eta, cutpoints, self.codes)
        d = ordinal.bound_derivatives(upper, lower, width)
        H = np.zeros((m + K - 1, m + K - 1))
        # the score's own curvature is f(u) + f(l); the sum of the three terms equals it
        H[:m, :m] = weighted_grams(self.X, (d.d_upper_upper + 2 * d.d_upper_lower + d.d_lower_lower)[:, None])[
            0, 1:, 1:
        ] * n
        indicator = multinomial.one_hot(self.codes, K)
        upper_cross = self.X.T @ (indicator * -(d.d_upper_upper + d.d_upper_lower)[:, None])  # (m, K)
        lower_cross = self.X.T @ (indicator * -(d.d_upper_lower + d.d_lower_lower)[:, None])
        cross = upper_cross[:, : K - 1] + lower_cross[:, 1:]
        H[:m, m:] = cross
        H[m:, :m] = cross.T
        diagonal = (
            np.bincount(self.codes, d.d_upper_upper, minlength=K)[: K - 1]
            + np.bincount(self.codes, d.d_lower_lower, minlength=K)[1:]
        )
        neighbours = np.bincount(self.codes, d.d_upper_lower, minlength=K)[1 : K - 1]
        block = np.diag(diagonal) + np.diag(neighbours, 1) + np.diag(neighbours, -1)
        H[m:, m:] = block
        return H / n

    # -- predictions -------------------------------------------------------------------
    def scores(self, params: ArrayLike, X: ArrayLike | None = None) -> NDArray[np.float64]:
        """Raw scores: z (n,) for binomial, all K class scores (n, K) for multinomial,
        :math:`\\eta = X\\beta` (n,) for ordinal."""
        features = self.X if X is None else np.asarray(X, dtype=np.float64)
        theta = np.asarray(params, dtype=np.float64)
        kind = self.layout.kind
        if kind == "binomial":
            return features @ theta[1:] + float(theta[0])
        if kind == "multinomial":
            full = _full(self.layout.coefficient_blocks(theta), self.layout.reference)
            return features @ full[:, 1:].T + full[:, 0]
        beta, _ = self.layout.split_ordinal(theta)
        return features @ beta

    def probabilities(self, params: ArrayLike, X: ArrayLike | None = None) -> NDArray[np.float64]:
        """Class probabilities, shape (n, K); rows sum to 1."""
        kind = self.layout.kind
        if kind == "multinomial":
            return self._multinomial_probabilities(params, X)
        scores = self.scores(params, X)
        if kind == "binomial":
            return binomial.probabilities(scores)
        return ordinal.probabilities(scores, self.layout.split_ordinal(params)[1])

    def _multinomial_probabilities(self, params: ArrayLike, X: ArrayLike | None) -> NDArray[np.float64]:
        """Softmax of the scores; rows of finite features whose scores overflow are scored at a
        power-of-two smaller scale (:func:`multinomial.probabilities_at_scale`)."""
        X = self.X if X is None else np.asarray(X, dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):
            scores = self.scores(params, X)
            probability = multinomial.probabilities(scores)
        far = ~np.all(np.isfinite(scores), axis=1) & np.all(np.isfinite(X), axis=1)
        if np.any(far):
            full = _full(self.layout.coefficient_blocks(params), self.layout.reference)
            exponents = np.frexp(np.max(np.abs(X[far]), axis=1))[1]
            scaled = np.ldexp(X[far], -exponents[:, None]) @ full[:, 1:].T + np.ldexp(
                full[:, 0], -exponents[:, None]
            )
            probability[far] = multinomial.probabilities_at_scale(scaled, exponents)
        return probability

    def pointwise_loss(self, params: ArrayLike) -> NDArray[np.float64]:
        """Each observation's minus log-likelihood, shape (n,)."""
        scores = self.scores(params)
        kind = self.layout.kind
        if kind == "binomial":
            return binomial.pointwise_loss(scores, self.codes)
        if kind == "multinomial":
            return multinomial.pointwise_loss(scores, self.codes)
        return ordinal.pointwise_loss(scores, self.layout.split_ordinal(params)[1], self.codes)

    def log_likelihood(self, params: ArrayLike) -> float:
        r"""The unpenalised log-likelihood :math:`\sum_i \log p_{i,y_i} = -n(J - \text{penalty})`."""
        return -self.n * (self.evaluate(params).loss - self.penalty(params))

    # -- the intercept-only model -------------------------------------------------------
    def null_params(self) -> NDArray[np.float64]:
        """Parameters of the intercept-only model (zero coefficients), in the layout."""
        layout = self.layout
        params = np.zeros(layout.n_params)
        if layout.kind == "binomial":
            params[0] = binomial.null_intercept(self.codes)
        elif layout.kind == "multinomial":
            intercepts = multinomial.null_intercepts(self.codes, layout.n_classes, layout.reference)
            params.reshape(-1, layout.n_features + 1)[:, 0] = intercepts[list(layout.non_reference)]
        else:
            params[layout.n_features :] = ordinal.null_cutpoints(self.codes, layout.n_classes)
        return params

    def null_log_likelihood(self) -> float:
        r""":math:`\ell_0 = \sum_k n_k\log(n_k/n)`, the same for every family."""
        return null_log_likelihood(self.codes, self.layout.n_classes)

    # -- the unconstrained parametrisation for gradient descent -------------------------
    def to_descent(self, params: ArrayLike) -> NDArray[np.float64]:
        """Parameters descent moves: the layout, except ordinal cut-points as increments."""
        theta = np.asarray(params, dtype=np.float64)
        if self.layout.kind != "ordinal":
            return theta.copy()
        beta, cutpoints = self.layout.split_ordinal(theta)
        return np.concatenate([beta, ordinal.increments_from_cutpoints(cutpoints)])

    def from_descent(self, free: ArrayLike) -> NDArray[np.float64]:
        """The inverse of :meth:`to_descent`."""
        moved = np.asarray(free, dtype=np.float64)
        if self.layout.kind != "ordinal":
            return moved.copy()
        m = self.layout.n_features
        return np.concatenate([moved[:m], ordinal.cutpoints_from_increments(moved[m:])])

    def evaluate_descent(self, free: ArrayLike) -> Evaluation:
        r"""Loss and gradient in the descent parametrisation (chain rule through the increments:
        :math:`\nabla_g J = (\partial\theta/\partial g)^\top\nabla_\theta J`)."""
        free = np.asarray(free, dtype=np.float64)
        result = self.evaluate(self.from_descent(free))
        if self.layout.kind != "ordinal":
            return result
        m = self.layout.n_features
        gradient = np.empty_like(result.gradient)
        gradient[:m] = result.gradient[:m]
        gradient[m:] = ordinal.increments_gradient(free[m:], result.gradient[m:])
        return Evaluation(result.loss, gradient, result.accuracy)

    def descent_pass(self, free: NDArray[np.float64]) -> tuple[Evaluation, NDArray[np.float64]]:
        r"""What one step of gradient descent needs: :meth:`evaluate_descent` at ``free`` and the
        parameters there in the layout (:meth:`from_descent`), the same numbers in one call.

        For descent's loop, which evaluates hundreds of points once each: nothing is kept for a
        second request (as :meth:`evaluate` keeps its last), and one compiled call makes the whole
        step of a multinomial or ordinal model in one thread (:func:`kernels.multinomial_descent_step`,
        :func:`kernels.ordinal_descent_step`: the reference row, or the cut-points from their
        increments, the pass over the rows, the penalty and the chain rule). On a few hundred rows
        the dozen NumPy calls around the pass cost more than the pass (ANES 1996, 944 rows, 500
        steps: 49 ms through :meth:`evaluate_descent`, 21 ms here, the same numbers to the last
        bit in the tests). The caller keeps BLAS to one thread and overflow quiet
        (:func:`logreg_core.descent.descend`); the parameters returned may be ``free`` itself.

        Parameters
        ----------
        free : ndarray, shape (n_params,)
            The descent parameters (:meth:`to_descent`).
        """
        kind = self.layout.kind
        kernels = None if kind == "binomial" else _kernels_for(self.n, kinds=True)
        if kernels is not None and _kernel_worker_count(self.n) == 1:
            if kind == "ordinal":
                loss, gradient, correct, params = kernels.ordinal_descent_step(
                    free, self.layout.n_features, float(self.l2), self.penalty_weights, self.X, self.codes)
                return Evaluation(float(loss), gradient, int(correct) / self.n), params
            loss, gradient, correct = kernels.multinomial_descent_step(free, self.layout.reference, self.X, self.codes)
            return self._penalised(free, float(loss), gradient, int(correct) / self.n), free
        params = self.from_descent(free)
        result = self._evaluate(params)
        if kind != "ordinal":
            return result, params
        m = self.layout.n_features
        gradient = np.empty_like(result.gradient)
        gradient[:m] = result.gradient[:m]
        gradient[m:] = ordinal.increments_gradient(free[m:], result.gradient[m:])
        return Evaluation(result.loss, gradient, result.accuracy), params

    def _penalised(self, params: NDArray[np.float64], loss: float, gradient: NDArray[np.float64],
                   accuracy: float) -> Evaluation:
        """:meth:`_evaluate`'s last step: the L2 penalty added to a pass's loss and gradient."""
        if self.l2:
            loss += self.penalty(params)
            gradient = gradient + self.l2 * self._penalty_direction(params)
        return Evaluation(float(loss), gradient, float(accuracy))


class StandardisedBinomial(Objective):
    r"""A binomial objective in the parameters :math:`\theta = (b', w')` of the standardised
    features :math:`x' = (x - \mu)/s`, computed on the given X without a standardised copy.

    Each pass runs on X with :math:`A\theta` (:func:`original_scale_map`: :math:`w = w'/s`,
    :math:`b = b' - \sum_j w'_j\mu_j/s_j`), the same scores; the chain rule brings the
    gradient and Hessian back, :math:`\nabla_\theta J = A^\top\nabla J` and
    :math:`H_\theta = A^\top H A`. Those subtract :math:`\mu_j` times the intercept's sums,
    which loses about :math:`\log_{10}(1 + |\mu_j|/s_j)` digits (twice, in the Hessian): meant
    for columns whose mean is within a few spreads of 0, where the copy would cost more than
    those digits are worth. The penalty stays on :math:`\theta` with ``penalty_weights``.
    ``scores`` and the passes built on it take features on the given scale.
    """

    def __init__(
        self,
        X: ArrayLike,
        codes: ArrayLike,
        mean: ArrayLike,
        scale: ArrayLike,
        l2: float = 0.0,
        penalty_weights: ArrayLike | None = None,
    ) -> None:
        X = np.asarray(X, dtype=np.float64)
        super().__init__(X, codes, Layout("binomial", X.shape[1]), l2=l2, penalty_weights=penalty_weights)
        self.to_given = original_scale_map(self.layout, mean, scale)

    def _binomial(self, params: NDArray[np.float64]) -> tuple[float, NDArray[np.float64], float]:
        loss, gradient, accuracy = super()._binomial(self.to_given @ params)
        return loss, self.to_given.T @ gradient, accuracy

    def _binomial_hessian(self, params: NDArray[np.float64]) -> NDArray[np.float64]:
        H: NDArray[np.float64] = self.to_given.T @ super()._binomial_hessian(self.to_given @ params) @ self.to_given
        return _symmetric(H)

    def scores(self, params: ArrayLike, X: ArrayLike | None = None) -> NDArray[np.float64]:
        return super().scores(self.to_given @ np.asarray(params, dtype=np.float64), X)


def _symmetric(H: NDArray[np.float64]) -> NDArray[np.float64]:
    """:math:`(H + H^\top)/2`: a product such as :math:`A^\top H A` is symmetric only to rounding."""
    result: NDArray[np.float64] = 0.5 * (H + H.T)
    return result
