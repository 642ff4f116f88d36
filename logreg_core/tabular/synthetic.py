"""Synthetic datasets with parameters: clouds of points for two or more classes, XOR, and
ordered levels cut from a latent logistic score."""

from __future__ import annotations

import numpy as np

from .dataset import Dataset

MIN_POINTS = 8
MIN_CLASSES, MAX_SYNTHETIC_CLASSES = 3, 6


def _check_points(n_points: int) -> None:
    if n_points < MIN_POINTS:
        raise ValueError(f"n_points must be at least {MIN_POINTS}.")


def _check_classes(n_classes: int, n_points: int) -> None:
    if not MIN_CLASSES <= n_classes <= MAX_SYNTHETIC_CLASSES:
        raise ValueError(f"n_classes must be between {MIN_CLASSES} and {MAX_SYNTHETIC_CLASSES}, got {n_classes!r}.")
    if n_points < 2 * n_classes:
        raise ValueError(f"n_points must be at least two per class ({2 * n_classes} for {n_classes} classes).")


def two_clouds(n_points: int = 200, separation: float = 2.0, noise: float = 1.0, seed: int = 0) -> Dataset:
    r"""Two Gaussian clouds in the plane, one per class.

    Class k's points are drawn around :math:`\pm\frac{s}{2}(1, 1)/\sqrt2` with standard
    deviation ``noise`` in each direction, half of the points in each class.
    """
    _check_points(n_points)
    rng = np.random.default_rng(seed)
    y = (np.arange(n_points) % 2).astype(np.float64)
    direction = np.array([1.0, 1.0]) / np.sqrt(2.0)
    centres = np.where(y[:, None] == 1, 0.5, -0.5) * separation * direction
    X = centres + rng.normal(scale=noise, size=(n_points, 2))
    return Dataset(
        name=f"Two clouds ({n_points} points)",
        X=X, y=y, feature_names=("x1", "x2"), target_name="class", class_names=("0", "1"),
        recommended_standardize=False,
        description=(
            f"Synthetic: two round clouds of points, centres {separation:g} apart, spread "
            f"{noise:g}, seed {seed}. Far apart and tight, a line separates them perfectly; "
            "close and wide, they overlap."
        ),
    )


def xor(n_points: int = 200, noise: float = 0.35, seed: int = 0) -> Dataset:
    """Four clusters at the corners of a square; opposite corners share a class (XOR).

    No straight line separates the classes: a linear model stays near 50 % accuracy.
    """
    _check_points(n_points)
    rng = np.random.default_rng(seed)
    corners = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])
    which = np.arange(n_points) % 4
    X = corners[which] + rng.normal(scale=noise, size=(n_points, 2))
    y = (which >= 2).astype(np.float64)
    return Dataset(
        name=f"XOR ({n_points} points)",
        X=X, y=y, feature_names=("x1", "x2"), target_name="class", class_names=("0", "1"),
        recommended_standardize=False,
        description=(
            "Synthetic: class 1 in two opposite corners, class 0 in the other two. No straight "
            "line can separate them, which is the limit of a linear boundary: logistic regression "
            "on x1 and x2 alone stays near chance."
        ),
    )




def clouds(n_points: int = 300, n_classes: int = 3, separation: float = 3.0, noise: float = 1.0,
           seed: int = 0) -> Dataset:
    r"""K Gaussian clouds in the plane, one per class, for multinomial logistic regression.

    Class k's centre is :math:`r(\cos(2\pi k/K), \sin(2\pi k/K))` with
    :math:`r = s / (2\sin(\pi/K))`, so neighbouring centres are ``separation`` s apart; the
    points spread with standard deviation ``noise`` in each direction, about n/K per class.

    Parameters
    ----------
    n_points : int
        At least 8 and two per class.
    n_classes : int
        K, from 3 to 6.
    separation, noise : float
    seed : int
    """
    _check_points(n_points)
    _check_classes(n_classes, n_points)
    rng = np.random.default_rng(seed)
    codes = np.arange(n_points) % n_classes
    angles = 2 * np.pi * np.arange(n_classes) / n_classes
    radius = separation / (2 * np.sin(np.pi / n_classes))
    centres = radius * np.column_stack([np.cos(angles), np.sin(angles)])
    X = centres[codes] + rng.normal(scale=noise, size=(n_points, 2))
    names = tuple("ABCDEF"[:n_classes])
    return Dataset(
        name=f"{n_classes} clouds ({n_points} points)",
        X=X, y=codes.astype(np.float64), feature_names=("x1", "x2"), target_name="class", class_names=names,
        description=(
            f"Synthetic: {n_classes} round clouds of points around a circle, neighbouring centres "
            f"{separation:g} apart, spread {noise:g}, seed {seed}. Multinomial logistic regression draws "
            "one straight boundary between each pair of neighbouring classes."
        ),
        recommended_standardize=False,
    )


# The latent score's weights: x1 raises the level, x2 lowers it.
LATENT_WEIGHTS = (1.5, -1.0)


def latent_ordinal(n_points: int = 300, n_classes: int = 4, noise: float = 1.0, seed: int = 0) -> Dataset:
    r"""Ordered levels cut from a latent score: the proportional-odds model's own story.

    Two standard normal features :math:`x_1, x_2`, a latent score
    :math:`s = 1.5\,x_1 - x_2 + \varepsilon` with logistic noise :math:`\varepsilon` of scale
    ``noise``, and the level of each point the number of cut-points below its score. The
    K - 1 cut-points are the score's quantiles 1/K, …, (K-1)/K in the sample, so each level
    holds about n/K points. Ordinal logistic regression on x1 and x2 estimates the weights
    divided by ``noise``.

    Parameters
    ----------
    n_points : int
        At least 8 and two per level.
    n_classes : int
        K, from 3 to 6.
    noise : float
        Scale of the logistic noise, greater than 0.
    seed : int
    """
    _check_points(n_points)
    _check_classes(n_classes, n_points)
    if not noise > 0:
        raise ValueError(f"noise must be greater than 0, got {noise!r}.")
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_points, 2))
    score = X @ np.array(LATENT_WEIGHTS) + rng.logistic(scale=noise, size=n_points)
    cuts = np.quantile(score, np.arange(1, n_classes) / n_classes)
    y = np.searchsorted(cuts, score).astype(np.float64)
    return Dataset(
        name=f"Latent score in {n_classes} levels ({n_points} points)",
        X=X, y=y, feature_names=("x1", "x2"), target_name="level",
        class_names=tuple(f"level {k + 1}" for k in range(n_classes)),
        description=(
            f"Synthetic: a hidden score 1.5·x1 − x2 plus logistic noise of scale {noise:g} (seed {seed}), cut "
            f"into {n_classes} ordered levels of about equal size. This is exactly the story of ordinal "
            "logistic regression: one score, and cut-points that turn it into levels."
        ),
        ordered=True,
        recommended_standardize=False,
    )
