"""Correct counts of many models at many thresholds: exact, and in memory that does not grow with the rows."""

import tracemalloc

import numpy as np
import pytest

from logreg_core import sigmoid
from logreg_core.threshold_counts import correct_counts_by_threshold, score_cut

GRID = np.round(np.arange(1, 100) / 100, 2)


def brute_force(X, y, weights, bias, thresholds):
    probability = sigmoid(X @ weights.T + bias)  # (n, k)
    return np.stack([((probability >= t) == (y[:, None] == 1)).sum(axis=0) for t in thresholds], axis=1)


# one score per block is 63,000 passes of a Python loop: slow; 37 per block checks the block edges fast
@pytest.mark.parametrize("scores_per_block", [pytest.param(1, marks=pytest.mark.slow), 37, 5000, 1 << 20])
def test_counts_equal_scoring_every_row_under_every_model(scores_per_block):
    rng = np.random.default_rng(2)
    X = rng.normal(size=(700, 3))
    y = (rng.random(700) < 0.3).astype(float)
    weights, bias = rng.normal(size=(90, 3)) * 3, rng.normal(size=90)
    thresholds = np.r_[0.0, GRID, 1.0]
    counts = correct_counts_by_threshold(X, y, weights, bias, thresholds, scores_per_block=scores_per_block)
    assert counts.shape == (90, thresholds.size)
    np.testing.assert_array_equal(counts, brute_force(X, y, weights, bias, thresholds))


def test_scores_at_the_cut_itself_decide_as_the_probability_does():
    cuts = np.array([score_cut(t) for t in GRID])
    # each cut and its neighbouring floats, as scores of a one-feature model w = 1, b = 0
    scores = np.concatenate([np.nextafter(cuts, -np.inf), cuts, np.nextafter(cuts, np.inf)])
    X, y = scores[:, None], np.ones(scores.size)
    counts = correct_counts_by_threshold(X, y, np.ones((1, 1)), np.zeros(1), GRID)
    np.testing.assert_array_equal(counts, brute_force(X, y, np.ones((1, 1)), np.zeros(1), GRID))
    for t, cut in zip(GRID, cuts):
        assert sigmoid(cut) >= t > sigmoid(np.nextafter(cut, -np.inf))


@pytest.mark.slow
def test_memory_stays_in_blocks_however_many_rows():
    rng = np.random.default_rng(0)
    n, k = 200_000, 300
    X = rng.normal(size=(n, 3))
    y = (rng.random(n) < 0.5).astype(float)
    weights, bias = rng.normal(size=(k, 3)), rng.normal(size=k)
    tracemalloc.start()
    try:
        correct_counts_by_threshold(X, y, weights, bias, GRID)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # all scores at once would be n x k x 8 bytes = 480 MB; the blocks hold about 2**20 scores
    assert peak < 64e6, f"{peak / 1e6:.0f} MB"


def test_thresholds_out_of_order_or_range_are_refused():
    X, y = np.zeros((2, 1)), np.array([0.0, 1.0])
    with pytest.raises(ValueError, match="increasing"):
        correct_counts_by_threshold(X, y, np.ones((1, 1)), np.zeros(1), [0.6, 0.4])
    with pytest.raises(ValueError, match="between 0 and 1"):
        score_cut(1.5)


@pytest.mark.slow
def test_accuracy_and_loss_paths_equal_scoring_everything_at_once_in_bounded_memory():
    from logreg_core import accuracy_path, cross_entropy_path
    from logreg_core.loss import pointwise_cross_entropy

    rng = np.random.default_rng(7)
    n, k = 200_000, 300
    X = rng.normal(size=(n, 3))
    y = (rng.random(n) < 0.4).astype(float)
    weights, bias = rng.normal(size=(k, 3)), rng.normal(size=k)
    tracemalloc.start()
    try:
        accuracy = accuracy_path(X, y, weights, bias, 0.37)
        loss = cross_entropy_path(X, y, weights, bias)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64e6, f"{peak / 1e6:.0f} MB"  # n x k scores at once would be 480 MB
    some = slice(0, 40)
    scores = X @ weights[some].T + bias[some]
    np.testing.assert_array_equal(accuracy[some], np.mean((sigmoid(scores) >= 0.37) == (y[:, None] == 1), axis=0))
    np.testing.assert_allclose(loss[some], pointwise_cross_entropy(scores, y[:, None]).mean(axis=0), rtol=1e-12)


def test_a_threshold_is_bisected_once_however_often_it_is_counted(monkeypatch):
    import logreg_core.threshold_counts as threshold_counts

    threshold_counts._bisected_cut.cache_clear()
    calls = []
    original_sigmoid = threshold_counts.sigmoid
    monkeypatch.setattr(threshold_counts, "sigmoid", lambda z: calls.append(z) or original_sigmoid(z))
    X, y = np.array([[0.3], [-1.0]]), np.array([1.0, 0.0])
    first = correct_counts_by_threshold(X, y, np.ones((1, 1)), np.zeros(1), GRID)
    bisections = len(calls)
    assert bisections > 0
    again = correct_counts_by_threshold(X, y, np.ones((1, 1)), np.zeros(1), GRID)
    assert len(calls) == bisections  # every cut came from the first count
    np.testing.assert_array_equal(first, again)
    assert score_cut(0.3) == score_cut(np.float64(0.3)) and score_cut(0.0) == -np.inf
