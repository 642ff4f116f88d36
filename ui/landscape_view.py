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
              starts: tuple[float, float], paths: tuple[NDArray[np.float64], ...] = (),
              reach: float = 3.0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The two axes' grids: the window around the fit, widened to include the start and the
    paths' points, as far as ``reach`` times its half-width from the fit (a diverging path
    would otherwise shrink the valley to a line).

    Parameters
    ----------
    paths : tuple of ndarray, each shape (k + 1, 2)
        Descent paths to keep in view where they stay within reach.

    Returns
    -------
    first, second : ndarray, shape (GRID_POINTS,)
    """
    low = [min(base[k] - s, start) for k, s, start in zip(pair, spans, starts)]
    high = [max(base[k] + s, start) for k, s, start in zip(pair, spans, starts)]
    for axis, (k, s) in enumerate(zip(pair, spans)):
        values = np.concatenate([path[:, axis] for path in paths]) if paths else np.zeros(0)
        values = values[np.isfinite(values) & (np.abs(values - base[k]) <= reach * s)]
        if values.size:
            low[axis], high[axis] = min(low[axis], float(values.min())), max(high[axis], float(values.max()))
    return np.linspace(low[0], high[0], GRID_POINTS), np.linspace(low[1], high[1], GRID_POINTS)


def path_in_window(path: NDArray[np.float64], first: NDArray[np.float64],
                   second: NDArray[np.float64]) -> tuple[NDArray[np.float64], int | None]:
    """A descent path's finite points, and the first step whose point lies outside the plot.

    The plot clips the segments beyond its edges; a path that leaves may come back (a rate
    that overshoots across the valley), so every point is kept.

    Parameters
    ----------
    path : ndarray, shape (k + 1, 2)
        The points visited.
    first, second : ndarray
        The two axes' grids; the plot shows their range.

    Returns
    -------
    shown : ndarray, shape (j, 2)
        The points up to the first that is not finite (a diverged run).
    left_at : int or None
        The first step outside the plot, or None when the path stays inside.
    """
    finite = np.all(np.isfinite(path), axis=1)
    shown = path if finite.all() else path[:int(np.argmin(finite))]
    low = np.array([first[0], second[0]])
    high = np.array([first[-1], second[-1]])
    outside = np.flatnonzero(~np.all((path >= low) & (path <= high), axis=1))
    return shown, (int(outside[0]) if outside.size else None)

