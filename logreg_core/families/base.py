"""What the three families share: their names and the intercept-only log-likelihood."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

FamilyKind = Literal["binomial", "multinomial", "ordinal"]


def class_counts(codes: ArrayLike, n_classes: int) -> NDArray[np.float64]:
    """How many observations fall in each class 0..K-1, shape (K,)."""
    return np.bincount(np.asarray(codes, dtype=np.int64), minlength=n_classes).astype(np.float64)


def null_log_likelihood(codes: ArrayLike, n_classes: int) -> float:
    r"""Log-likelihood of the intercept-only model, which predicts each class's share for everyone.

    .. math:: \ell_0 = \sum_k n_k \log\frac{n_k}{n}

    The same for all three families: with only intercepts (or only cut-points) each of them
    can reproduce any set of class shares, and the shares maximise the likelihood.
    """
    counts = class_counts(codes, n_classes)
    return float(np.sum(special.xlogy(counts, counts / counts.sum())))
