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


def path_in_window(path: NDArray[np.float64], first: NDArray[np.float64],
                   second: NDArray[np.float64]) -> tuple[NDArray[np.float64], int | None]:
    """A descent path up to where it leaves the plotted window, ending on the window's edge.

    Parameters
    ----------
    path : ndarray, shape (k + 1, 2)
        The points visited.
    first, second : ndarray
        The two axes' grids; the window is their range.

    Returns
    -------
    shown : ndarray, shape (j, 2)
        The points inside the window, then the point where the path crosses its edge.
    left_at : int or None
        The step whose point lies outside the window, or None when the path stays inside.
    """
    low = np.array([first[0], second[0]])
    high = np.array([first[-1], second[-1]])
    outside = np.flatnonzero(~np.all(np.isfinite(path) & (path >= low) & (path <= high), axis=1))
    if outside.size == 0:
        return path, None
    left_at = int(outside[0])
    if left_at == 0:
        return path[:0], 0
    inside, beyond = path[left_at - 1], path[left_at]
    if not np.all(np.isfinite(beyond)):
        return path[:left_at], left_at
    # the fraction of the last step taken before the first edge it crosses
    direction = beyond - inside
    with np.errstate(divide="ignore", invalid="ignore"):
        to_edge = np.where(direction > 0, (high - inside) / direction,
                           np.where(direction < 0, (low - inside) / direction, np.inf))
    fraction = float(np.clip(np.min(to_edge), 0.0, 1.0))
    return np.vstack([path[:left_at], inside + fraction * direction]), left_at


def log_axis_ticks(values: NDArray[np.float64]) -> dict:
    """Tick spacing for a logarithmic axis over ``values`` whose labels never run together.

    Over a few decades Plotly labels 2, 3, ... 9 between the powers of ten, which collide
    at presentation size: label 1, 2 and 5 of each decade over up to three decades, else the
    powers of ten alone.
    """
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return {}
    decades = float(np.log10(positive.max()) - np.log10(positive.min()))
    return dict(dtick="D2") if decades <= 3 else dict(dtick=1 if decades <= 12 else 2)
