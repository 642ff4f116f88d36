"""The loss landscape page's parameter windows, computed here so that tests call them directly."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

GRID_POINTS = 70


def parameter_span(X: NDArray[np.float64], base: NDArray[np.float64], index: int) -> float:
    """Half the width of the window over parameter ``index`` (a weight, or the bias at index m).

    A weight's window reaches 2.5 times its fitted size, and at least a change that moves the
    score by 2 across one standard deviation of its feature; the bias's at least 3.

    Parameters
    ----------
    X : ndarray, shape (n, m)
    base : ndarray, shape (m + 1,)
        The fitted weights, then the bias.
    index : int
        0..m-1 for a weight, m for the bias.
    """
    if index < X.shape[1]:
        return max(2.5 * abs(base[index]), 2.0 / (float(np.std(X[:, index])) or 1.0))
    return max(2.5 * abs(base[index]), 3.0)


def start_value(base: NDArray[np.float64], span: float, index: int) -> float:
    """Where descent starts by default: 0 when the window holds it, else the fitted value."""
    return 0.0 if abs(base[index]) < span else float(base[index])


def plot_grid(base: NDArray[np.float64], pair: tuple[int, int], spans: list[float],
              starts: tuple[float, float]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The two axes' grids: the window around the fit, widened to include the start.

    Returns
    -------
    first, second : ndarray, shape (GRID_POINTS,)
    """
    low = [min(base[k] - s, start) for k, s, start in zip(pair, spans, starts)]
    high = [max(base[k] + s, start) for k, s, start in zip(pair, spans, starts)]
    return np.linspace(low[0], high[0], GRID_POINTS), np.linspace(low[1], high[1], GRID_POINTS)
