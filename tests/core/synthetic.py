"""Random datasets for the core tests."""

import numpy as np


def make_overlapping(n: int, m: int, seed: int):
    """Random features with a label drawn from a logistic model: classes overlap."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, m)) * rng.uniform(0.5, 3.0, size=m) + rng.normal(size=m)
    true_w = rng.normal(size=m)
    z = (X - X.mean(axis=0)) @ true_w * 0.7 + 0.3
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-z))).astype(float)
    return X, y
