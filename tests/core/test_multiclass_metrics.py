"""K-class metrics against scikit-learn, and a multinomial fit moved to another reference class."""

import numpy as np
import pytest
from sklearn import metrics as sk

from logreg_core import datasets, softmax
from logreg_core.metrics import (
    class_scores,
    confusion_matrix,
    macro_average,
    most_probable_class,
    multiclass_log_loss,
    one_vs_rest_sweeps,
    roc_auc,
    row_shares,
    weighted_average,
)
from logreg_core.newton import fit_model
from logreg_core.objective import Layout
from logreg_core.rereference import reference_path, with_reference


@pytest.fixture
def scored():
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 4, size=300)
    scores = rng.normal(size=(300, 4)) + 1.5 * np.eye(4)[codes]
    return codes, scores


def test_confusion_matrix_and_class_scores_equal_scikit_learn(scored):
    codes, scores = scored
    predicted = most_probable_class(softmax(scores))
    matrix = confusion_matrix(codes, predicted, 4)
    np.testing.assert_array_equal(matrix, sk.confusion_matrix(codes, predicted, labels=range(4)))
    np.testing.assert_allclose(row_shares(matrix).sum(axis=1), 1.0)
    result = class_scores(matrix)
    precision, recall, f1, support = sk.precision_recall_fscore_support(codes, predicted, labels=range(4))
    np.testing.assert_allclose(result.precision, precision)
    np.testing.assert_allclose(result.recall, recall)
    np.testing.assert_allclose(result.f1, f1)
    np.testing.assert_array_equal(result.support, support)
    assert macro_average(result.f1) == pytest.approx(sk.f1_score(codes, predicted, average="macro"))
    assert weighted_average(result.f1, result.support) == pytest.approx(
        sk.f1_score(codes, predicted, average="weighted"))


def test_a_class_never_predicted_has_undefined_precision():
    matrix = confusion_matrix([0, 1, 2, 2], [0, 1, 1, 1], 3)
    result = class_scores(matrix)
    assert np.isnan(result.precision[2]) and result.recall[2] == 0.0
    assert macro_average(result.precision) == pytest.approx((1.0 + 1 / 3) / 2)


def test_log_loss_from_scores_equals_scikit_learn_and_stays_finite(scored):
    codes, scores = scored
    assert multiclass_log_loss(scores, codes) == pytest.approx(sk.log_loss(codes, softmax(scores)))
    # a score of 1000 against the true class: probabilities round to 0, the loss from scores does not
    assert multiclass_log_loss(np.array([[1000.0, 0.0, 0.0]]), [1]) == pytest.approx(1000.0)


def test_one_vs_rest_auc_equals_scikit_learn(scored):
    codes, scores = scored
    probability = softmax(scores)
    sweeps = one_vs_rest_sweeps(codes, probability)
    aucs = [roc_auc(sweeps[k]) for k in range(4)]
    np.testing.assert_allclose(aucs, sk.roc_auc_score(codes, probability, multi_class="ovr", average=None))
    assert np.mean(aucs) == pytest.approx(sk.roc_auc_score(codes, probability, multi_class="ovr"))


@pytest.mark.parametrize("reference", [1, 2])
def test_a_fit_moved_to_another_reference_equals_the_fit_made_against_it(reference):
    data = datasets.load("clouds", n_points=200, separation=1.5, noise=1.2)
    X, codes = data.X, data.y
    first = fit_model(X, codes, Layout("multinomial", 2, 3, reference=0))
    direct = fit_model(X, codes, Layout("multinomial", 2, 3, reference=reference))
    moved = with_reference(first, reference)
    assert moved.layout == direct.layout
    np.testing.assert_allclose(moved.params, direct.params, atol=1e-7)
    np.testing.assert_allclose(moved.std_err, direct.std_err, rtol=1e-6)
    assert moved.log_likelihood == first.log_likelihood
    path = reference_path(first.layout, np.vstack([first.params, 2 * first.params]), reference)
    np.testing.assert_allclose(path[0], moved.params)
