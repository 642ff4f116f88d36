import numpy as np
import pytest
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from logreg_core import DataError, detect_separation, fit_newton
from logreg_core.newton import describe_newton

from .synthetic import make_overlapping


def sklearn_unpenalised(X, y):
    # C = inf is scikit-learn's unpenalised fit (penalty=None is deprecated from 1.8)
    model = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000, solver="newton-cholesky")
    return model.fit(X, y)


def test_matches_scikit_learn_on_random_data(overlapping):
    X, y = overlapping
    result = fit_newton(X, y)
    reference = sklearn_unpenalised(X, y)
    assert result.converged and result.separation is None
    np.testing.assert_allclose(result.coef, reference.coef_[0], atol=1e-6)
    assert result.intercept == pytest.approx(reference.intercept_[0], abs=1e-6)


def test_matches_statsmodels_estimates_covariance_and_likelihood(overlapping):
    X, y = overlapping
    result = fit_newton(X, y)
    reference = sm.Logit(y, sm.add_constant(X)).fit(method="newton", tol=1e-12, disp=False)
    np.testing.assert_allclose(result.params, reference.params, atol=1e-6)
    np.testing.assert_allclose(result.covariance, reference.cov_params(), rtol=1e-6, atol=1e-10)
    assert result.log_likelihood == pytest.approx(reference.llf, rel=1e-10)


@pytest.mark.parametrize("l2", [0.01, 0.5])
def test_l2_matches_scikit_learn_with_c_equal_one_over_n_lambda(l2):
    X, y = make_overlapping(300, 3, seed=11)
    result = fit_newton(X, y, l2=l2)
    reference = SkLogisticRegression(C=1.0 / (300 * l2), tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(result.coef, reference.coef_[0], atol=1e-6)
    assert result.intercept == pytest.approx(reference.intercept_[0], abs=1e-6)


def test_notes_table_is_completely_separated_and_says_so(notes):
    result = fit_newton(notes.X, notes.y)
    assert result.separation == "complete"
    assert not result.converged
    assert result.covariance is None
    assert "no finite maximum-likelihood estimate" in result.message
    assert "L2" in result.message


def test_message_is_a_plain_summary_of_the_kinds_and_numbers(notes, overlapping):
    separated = fit_newton(notes.X, notes.y)
    assert separated.message == (
        "no finite maximum-likelihood estimate: the classes are completely separated and L2 is 0; "
        f"stopped after {separated.n_iter} Newton steps"
    )
    penalised = fit_newton(notes.X, notes.y, l2=0.1)
    assert penalised.message == (
        f"converged in {penalised.n_iter} Newton steps; the classes are completely separated, L2 keeps the estimate finite"
    )
    X, y = overlapping
    assert fit_newton(X, y).message == f"converged in {fit_newton(X, y).n_iter} Newton steps"
    assert fit_newton(X, y, max_iter=1).message == "not converged: the iteration limit was reached after 1 Newton steps"


@pytest.mark.parametrize(
    "stop, reason",
    [("singular", "the Hessian could not be inverted"), ("no_progress", "no step along the Newton direction lowered the loss")],
)
def test_each_way_of_stopping_short_is_named(stop, reason):
    assert describe_newton(False, None, 0.0, 4, stop) == f"not converged: {reason} after 4 Newton steps"
    assert describe_newton(False, "quasi-complete", 0.0, 4, stop).startswith(
        "no finite maximum-likelihood estimate: the classes are quasi-completely separated"
    )


def test_notes_table_with_l2_converges_and_still_reports_separation(notes):
    result = fit_newton(notes.X, notes.y, l2=0.1)
    assert result.converged and result.separation == "complete"
    assert np.all(np.isfinite(result.coef)) and result.covariance is not None


def test_quasi_complete_separation_is_detected():
    # x <= 0 is always class 0, x >= 0 always class 1, but x = 0 holds both classes.
    X = np.array([[-3.0], [-2.0], [-1.0], [0.0], [0.0], [0.0], [0.0], [1.0], [2.0], [3.0]])
    y = np.array([0, 0, 0, 0, 1, 0, 1, 1, 1, 1], dtype=float)
    assert detect_separation(X, y) == "quasi-complete"
    result = fit_newton(X, y)
    assert result.separation == "quasi-complete" and not result.converged


def test_overlapping_classes_are_not_separated(overlapping):
    X, y = overlapping
    assert detect_separation(X, y) is None


def test_constant_or_duplicate_columns_are_refused_with_a_remedy():
    X, y = make_overlapping(100, 2, seed=3)
    with pytest.raises(DataError, match="same value in every row"):
        fit_newton(np.column_stack([X, np.full(100, 4.0)]), y)
    with pytest.raises(DataError, match="linearly dependent"):
        fit_newton(np.column_stack([X, 2 * X[:, 0] - X[:, 1]]), y)
    # with L2 the fit is unique again
    assert fit_newton(np.column_stack([X, 2 * X[:, 0]]), y, l2=0.1).converged


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.ones((5, 1)), np.ones(5), "Every label is 1"),
        (np.ones((5, 1)), np.array([0, 1, 2, 1, 0]), "positive class"),
        (np.array([[1.0], [np.nan], [2.0]]), np.array([0, 1, 0]), "missing or infinite"),
        (np.ones((4, 1)), np.ones(3), "4 rows of features but 3 labels"),
    ],
)
def test_bad_data_gets_a_message_a_person_can_act_on(X, y, message):
    with pytest.raises(DataError, match=message):
        fit_newton(X, y)


def test_result_is_read_only(overlapping):
    X, y = overlapping
    result = fit_newton(X, y)
    with pytest.raises(ValueError):
        result.coef[0] = 1.0
    with pytest.raises(AttributeError):
        result.intercept = 2.0


def test_the_secant_update_matches_the_measured_curvature_and_stays_positive_definite():
    from logreg_core.newton import _secant_update

    rng = np.random.default_rng(7)
    root = rng.standard_normal((5, 5))
    H = root @ root.T + 5 * np.eye(5)
    moved = rng.standard_normal(5)
    true = H + np.diag(rng.random(5))  # the curvature the gradients measure
    updated = _secant_update(H, moved, true @ moved)
    np.testing.assert_allclose(updated @ moved, true @ moved, rtol=1e-12)
    np.testing.assert_allclose(updated, updated.T, rtol=1e-12, atol=1e-12)
    assert np.linalg.eigvalsh(updated)[0] > 0
    # a change of gradient against the step (or none at all) leaves the Hessian as it was
    assert _secant_update(H, moved, -moved) is H
    assert _secant_update(H, moved, np.zeros(5)) is H
