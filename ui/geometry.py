"""Plane geometry for drawing linear boundaries inside a plot's rectangle."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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
