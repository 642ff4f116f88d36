"""The clipping of many convex polygons at once against the one-polygon clipping it replaces."""

import numpy as np
import pytest

from ui.figures.multinomial import region_in_plane, region_polygons
from ui.geometry import Box, ConvexPolygons, clip_half_plane, clip_half_planes


def random_half_planes(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lines of every kind: through the box, missing it, along an axis, flat (a1 = a2 = 0), through a corner."""
    a1 = rng.normal(size=count)
    a2 = rng.normal(size=count)
    c = rng.normal(scale=2.0, size=count)
    kind = rng.integers(0, 5, size=count)
    a1[kind == 1] = 0.0
    a2[kind == 2] = 0.0
    a1[kind == 3], a2[kind == 3] = 0.0, 0.0
    # the line through the corner (1, 1) of the box below: a vertex exactly on it
    c[kind == 4] = a1[kind == 4] + a2[kind == 4]
    return a1, a2, c


def test_clipping_many_polygons_gives_each_polygon_what_clipping_it_alone_gives():
    rng = np.random.default_rng(3)
    box = Box(-1.0, 1.0, -1.0, 1.0)
    n_polygons = 400
    polygons = ConvexPolygons.of_box(box, n_polygons)
    expected = [box.corners() for _ in range(n_polygons)]
    empty = 0
    for _ in range(6):  # six cuts in turn: polygons of up to ten vertices, some emptied
        a1, a2, c = random_half_planes(rng, n_polygons)
        polygons = clip_half_planes(polygons, a1, a2, c)
        expected = [clip_half_plane(polygon, float(a1[p]), float(a2[p]), float(c[p])) if polygon else []
                    for p, polygon in enumerate(expected)]
        for p in range(n_polygons):
            assert polygons.vertices(p) == expected[p]  # the same floats, not merely close
    empty = sum(not polygon for polygon in expected)
    assert 0 < empty < n_polygons  # the cases include emptied and surviving polygons
    assert max(len(polygon) for polygon in expected) > 4  # and polygons that gained vertices


def test_a_polygon_clipped_by_a_line_that_misses_it_is_kept_or_emptied_whole():
    box = Box(0.0, 2.0, 0.0, 1.0)
    polygons = clip_half_planes(ConvexPolygons.of_box(box, 2), np.array([1.0, 1.0]), np.zeros(2),
                                np.array([5.0, -5.0]))
    assert polygons.vertices(0) == box.corners()
    assert polygons.vertices(1) == []


@pytest.mark.parametrize("n_classes", [2, 3, 5, 7])
def test_every_region_at_once_is_each_region_alone(n_classes):
    rng = np.random.default_rng(n_classes)
    box = Box(-3.0, 3.0, -2.0, 2.5)
    n_frames = 60
    planes = rng.normal(scale=2.0, size=(n_frames, n_classes, 3))
    planes[:, 0] = 0.0  # the reference class's scores are 0
    planes[::7, 1, 1:] = planes[::7, 2 % n_classes, 1:]  # equal weights: no line between the two classes
    planes[::11] *= 1e-3  # nearly flat models: one region covers most of the box
    planes[5, 1] = np.nan  # a run gone wrong
    planes[6, 1, 1:] = np.inf
    margins = (0.0, 1.4)
    polygons = region_polygons(planes, box, margins)
    index = 0
    sizes = []
    for plane in planes.tolist():
        for margin in margins:
            for k in range(n_classes):
                expected = region_in_plane(plane, k, box, margin)
                assert polygons.vertices(index) == expected
                sizes.append(len(expected))
                index += 1
    assert index == polygons.count.size
    assert 0 in sizes and max(sizes) >= 4
