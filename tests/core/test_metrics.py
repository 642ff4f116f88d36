"""Threshold metrics against scikit-learn."""

import numpy as np
import pytest
from sklearn import metrics as sk

from logreg_core import best_threshold, confusion_counts, roc_auc, threshold_sweep
from logreg_core.metrics import accuracy, average_precision, f1_score, precision, recall, specificity


@pytest.fixture(params=[0, 1, 2])
def scored(request):
    rng = np.random.default_rng(request.param)
    y = (rng.random(300) < 0.35).astype(float)
    p = np.clip(0.3 * y + rng.random(300) * 0.7, 0, 1)
    p[:40] = np.round(p[:40], 1)  # ties, as with few distinct scores
    return y, p


@pytest.mark.parametrize("threshold", [0.1, 0.35, 0.5, 0.8, 0.999])
def test_confusion_and_rates_match_scikit_learn(scored, threshold):
    y, p = scored
    counts = confusion_counts(y, p, threshold)
    predicted = (p >= threshold).astype(int)
    tn, fp, fn, tp = sk.confusion_matrix(y, predicted, labels=[0, 1]).ravel()
    assert (counts.true_negative, counts.false_positive, counts.false_negative, counts.true_positive) == (tn, fp, fn, tp)
    assert accuracy(counts) == pytest.approx(sk.accuracy_score(y, predicted))
    assert recall(counts) == pytest.approx(sk.recall_score(y, predicted))
    assert f1_score(counts) == pytest.approx(sk.f1_score(y, predicted))
    assert specificity(counts) == pytest.approx(tn / (tn + fp))
    if tp + fp:
        assert precision(counts) == pytest.approx(sk.precision_score(y, predicted))


def test_precision_is_undefined_when_nothing_is_called_positive(scored):
    y, p = scored
    assert p.max() < 1.0
    counts = confusion_counts(y, p, 1.0)  # thresholds are probabilities: 1.0 is the highest
    assert counts.true_positive == counts.false_positive == 0
    assert np.isnan(precision(counts))  # 0 / 0: no point was called positive
    assert f1_score(counts) == 0.0  # 0 / FN: defined, and zero


def test_roc_and_pr_match_scikit_learn(scored):
    y, p = scored
    sweep = threshold_sweep(y, p)
    assert roc_auc(sweep) == pytest.approx(sk.roc_auc_score(y, p), rel=1e-12)
    assert average_precision(sweep) == pytest.approx(sk.average_precision_score(y, p), rel=1e-12)
    fpr, tpr, thresholds = sk.roc_curve(y, p, drop_intermediate=False)
    np.testing.assert_allclose(sweep.fpr, fpr)
    np.testing.assert_allclose(sweep.tpr, tpr)
    np.testing.assert_allclose(sweep.thresholds[1:], thresholds[1:])


def test_sweep_counts_equal_counts_at_each_threshold(scored):
    y, p = scored
    sweep = threshold_sweep(y, p)
    for index in (1, 10, len(sweep.thresholds) // 2, len(sweep.thresholds) - 1):
        counts = confusion_counts(y, p, sweep.thresholds[index])
        assert (sweep.true_positive[index], sweep.false_positive[index]) == (counts.true_positive, counts.false_positive)


def test_suggested_thresholds_maximise_their_criterion(scored):
    y, p = scored
    sweep = threshold_sweep(y, p)
    for criterion, metric in (("youden", lambda c: recall(c) + specificity(c) - 1), ("f1", f1_score)):
        best = best_threshold(sweep, criterion)
        best_value = metric(confusion_counts(y, p, best))
        for t in np.linspace(0.01, 0.99, 50):
            assert metric(confusion_counts(y, p, t)) <= best_value + 1e-12


def test_one_class_has_no_curves():
    with pytest.raises(ValueError, match="both classes"):
        threshold_sweep(np.ones(5), np.linspace(0, 1, 5))
