"""Plane geometry for drawing linear boundaries inside a plot's rectangle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """The visible rectangle of a plot: [x0, x1] x [y0, y1]."""

    x0: float
    x1: float
    y0: float
    y1: float

    def corners(self) -> list[Point]:
        return [(self.x0, self.y0), (self.x1, self.y0), (self.x1, self.y1), (self.x0, self.y1)]


def padded_box(x: np.ndarray, y: np.ndarray, padding: float = 0.08) -> Box:
    """The smallest box around the points, widened by ``padding`` of its size on each side."""
    x_low, x_high = float(np.min(x)), float(np.max(x))
    y_low, y_high = float(np.min(y)), float(np.max(y))
    x_pad = padding * (x_high - x_low) or 1.0
    y_pad = padding * (y_high - y_low) or 1.0
    return Box(x_low - x_pad, x_high + x_pad, y_low - y_pad, y_high + y_pad)


def clip_half_plane(polygon: list[Point], a1: float, a2: float, c: float) -> list[Point]:
    """The part of a convex polygon where a1 x + a2 y <= c (one Sutherland-Hodgman pass)."""
    result: list[Point] = []
    count = len(polygon)
    for index in range(count):
        current, following = polygon[index], polygon[(index + 1) % count]
        current_value = a1 * current[0] + a2 * current[1] - c
        following_value = a1 * following[0] + a2 * following[1] - c
        if current_value <= 0:
            result.append(current)
        if (current_value < 0 < following_value) or (following_value < 0 < current_value):
            share = current_value / (current_value - following_value)
            result.append(
                (
                    current[0] + share * (following[0] - current[0]),
                    current[1] + share * (following[1] - current[1]),
                )
            )
    return result


@dataclass(frozen=True)
class ConvexPolygons:
    """Many convex polygons at once, each a row: polygon p's vertices are
    (x[p, v], y[p, v]) for v < count[p], in order; the entries beyond count[p] mean nothing.

    Clipping a hundred frames' regions one polygon at a time in Python took 15-25 ms of a new
    figure; :func:`clip_half_planes` clips them all with a few array operations.
    """

    x: NDArray[np.float64]  # (P, V)
    y: NDArray[np.float64]  # (P, V)
    count: NDArray[np.int64]  # (P,)

    @classmethod
    def of_box(cls, box: Box, n_polygons: int) -> ConvexPolygons:
        """``n_polygons`` copies of the box, its corners in the order of :meth:`Box.corners`."""
        corners = np.array(box.corners(), dtype=np.float64)
        return cls(np.tile(corners[:, 0], (n_polygons, 1)), np.tile(corners[:, 1], (n_polygons, 1)),
                   np.full(n_polygons, 4, dtype=np.int64))

    def vertices(self, index: int) -> list[Point]:
        """Polygon ``index`` as :func:`clip_half_plane` gives one: a list of (x, y)."""
        count = int(self.count[index])
        return list(zip(self.x[index, :count].tolist(), self.y[index, :count].tolist()))


def clip_half_planes(polygons: ConvexPolygons, a1: NDArray[np.float64], a2: NDArray[np.float64],
                     c: NDArray[np.float64], clipped: NDArray[np.bool_] | None = None) -> ConvexPolygons:
    r"""Each polygon p's part where a1[p] x + a2[p] y <= c[p]: :func:`clip_half_plane` on every
    polygon at once, with the same arithmetic, so the same vertices to the last bit.

    One Sutherland-Hodgman pass: along each edge from vertex v to the next, with
    :math:`s = a_1 x + a_2 y - c` at both ends, v is kept where :math:`s_v \le 0`, and where the
    signs are strictly opposite the edge's crossing :math:`v + \frac{s_v}{s_v - s_{v+1}}(v_{+1} - v)`
    follows it. A convex polygon gains at most one vertex.

    Parameters
    ----------
    polygons : ConvexPolygons
        P polygons.
    a1, a2, c : ndarray, shape (P,)
        Each polygon's half-plane.
    clipped : ndarray of bool, shape (P,), optional
        The polygons to clip; the others are kept as they are (all are clipped without it).
    """
    x, y, count = polygons.x, polygons.y, polygons.count
    n_polygons, width = x.shape
    slots = np.arange(width)
    present = slots < count[:, None]
    following = np.where(slots + 1 < count[:, None], slots + 1, 0)
    x_next = np.take_along_axis(x, following, axis=1)
    y_next = np.take_along_axis(y, following, axis=1)
    a1, a2, c = a1[:, None], a2[:, None], c[:, None]
    # the slots beyond a polygon's count hold leftovers (an infinity, a NaN): what they give is never kept
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        value = a1 * x + a2 * y - c
        value_next = a1 * x_next + a2 * y_next - c
        kept = present & (value <= 0)
        crossing = present & (((value < 0) & (0 < value_next)) | ((value_next < 0) & (0 < value)))
        share = value / (value - value_next)
        x_cross = x + share * (x_next - x)
        y_cross = y + share * (y_next - y)
    if clipped is not None:
        kept |= present & ~clipped[:, None]
        crossing &= clipped[:, None]
    # each vertex, then its edge's crossing: the candidates in order, the chosen ones moved to the front
    chosen = np.stack([kept, crossing], axis=2).reshape(n_polygons, 2 * width)
    x_all = np.stack([x, x_cross], axis=2).reshape(n_polygons, 2 * width)
    y_all = np.stack([y, y_cross], axis=2).reshape(n_polygons, 2 * width)
    new_count = chosen.sum(axis=1)
    new_width = max(int(new_count.max(initial=0)), 1)
    order = np.argsort(~chosen, axis=1, kind="stable")[:, :new_width]
    return ConvexPolygons(np.take_along_axis(x_all, order, axis=1), np.take_along_axis(y_all, order, axis=1),
                          new_count.astype(np.int64))


def band_polygon(a1: float, a2: float, low: float, high: float, box: Box) -> list[Point]:
    """The part of the box where low <= a1 x + a2 y <= high (either bound may be infinite)."""
    polygon = box.corners()
    if np.isfinite(high):
        polygon = clip_half_plane(polygon, a1, a2, high)
    if np.isfinite(low) and polygon:
        polygon = clip_half_plane(polygon, -a1, -a2, -low)
    return polygon


def line_segment(a1: float, a2: float, c: float, box: Box) -> list[Point]:
    """The part of the line a1 x + a2 y = c inside the box: two end points, or none."""
    candidates: list[Point] = []
    if a2 != 0:
        for x in (box.x0, box.x1):
            y = (c - a1 * x) / a2
            if box.y0 <= y <= box.y1:
                candidates.append((x, y))
    if a1 != 0:
        for y in (box.y0, box.y1):
            x = (c - a2 * y) / a1
            if box.x0 <= x <= box.x1:
                candidates.append((x, y))
    if len(candidates) < 2:
        return []
    # order along the line's direction and keep the two ends
    direction = np.array([-a2, a1])
    positions = [float(np.dot(direction, point)) for point in candidates]
    return [candidates[int(np.argmin(positions))], candidates[int(np.argmax(positions))]]
