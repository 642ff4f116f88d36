r"""A multinomial fit expressed against another reference class.

The multinomial model fixes one class's scores at 0 (the reference, r). With every class's
coefficient vector :math:`\beta_k` (:math:`\beta_r = 0`), another reference s gives

.. math:: \beta'_k = \beta_k - \beta_s \quad (k \ne s)

the same probabilities, likelihood and fit statistics, but other coefficients, standard
errors and tests. The change is linear, :math:`\theta' = T\theta`, so covariances map as
:math:`\Sigma' = T\Sigma T^\top`: no refit is needed.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from numpy.typing import NDArray

from .newton import ModelFit
from .objective import Layout


def reference_map(layout: Layout, reference: int) -> NDArray[np.float64]:
    r"""The matrix T with :math:`\theta' = T\theta` for a multinomial layout moved to ``reference``.

    Parameters
    ----------
    layout : Layout
        A multinomial layout (its own reference r).
    reference : int
        The new reference class's code s.

    Returns
    -------
    ndarray, shape (n_params, n_params)
    """
    if layout.kind != "multinomial":
        raise ValueError(f"Only a multinomial layout has a reference class, not a {layout.kind} one.")
    new_layout = dataclasses.replace(layout, reference=reference)
    old_blocks = {k: position for position, k in enumerate(layout.non_reference)}
    size = layout.n_features + 1
    T = np.zeros((len(new_layout.non_reference), len(layout.non_reference)))
    for row, k in enumerate(new_layout.non_reference):
        if k in old_blocks:
            T[row, old_blocks[k]] += 1.0
        if reference in old_blocks:
            T[row, old_blocks[reference]] -= 1.0
    return np.kron(T, np.eye(size)).astype(np.float64, copy=False)


def reference_path(layout: Layout, params: NDArray[np.float64], reference: int) -> NDArray[np.float64]:
    """A path of parameter vectors (rows, shape (k, n_params)) against ``reference``."""
    return np.asarray(params, dtype=np.float64) @ reference_map(layout, reference).T


def with_reference(fit: ModelFit, reference: int) -> ModelFit:
    """The same multinomial fit with its parameters and covariance against ``reference``."""
    if fit.layout.reference == reference:
        return fit
    T = reference_map(fit.layout, reference)
    covariance = None if fit.covariance is None else T @ fit.covariance @ T.T
    return dataclasses.replace(fit, layout=dataclasses.replace(fit.layout, reference=reference),
                               params=T @ fit.params, covariance=covariance)
