import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from logreg_core import LogisticRegression, fit_newton

from .synthetic import make_overlapping


def test_newton_solver_reports_original_scale_coefficients():
    X, y = make_overlapping(500, 3, seed=4)
    model = LogisticRegression(solver="newton", standardize=True).fit(X, y)
    raw = fit_newton(X, y)
    np.testing.assert_allclose(model.coef_[0], raw.coef, atol=1e-8)
    assert model.intercept_[0] == pytest.approx(raw.intercept, abs=1e-8)
    reference = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000, solver="newton-cholesky").fit(X, y)
    np.testing.assert_allclose(model.predict_proba(X), reference.predict_proba(X), atol=1e-8)


def test_gradient_descent_solver_reaches_the_same_model():
    X, y = make_overlapping(500, 3, seed=4)
    model = LogisticRegression(solver="gd", learning_rate=1.0, max_iter=20_000, tol=1e-10).fit(X, y)
    raw = fit_newton(X, y)
    assert model.converged_ and model.n_iter_ < 20_000
    np.testing.assert_allclose(model.coef_[0], raw.coef, atol=1e-4)
    assert model.history_.stop_reason == "tolerance"


def test_dataframe_input_keeps_feature_names(notes):
    frame = notes.to_frame()
    model = LogisticRegression(max_iter=200).fit(frame[["Feature1", "Feature2"]], frame["Label"])
    assert list(model.feature_names_in_) == ["Feature1", "Feature2"]
    proba = model.predict_proba(frame[["Feature1", "Feature2"]])
    assert proba.shape == (20, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_predict_uses_the_threshold(notes):
    model = LogisticRegression(max_iter=300).fit(notes.X, notes.y)
    p = model.predict_proba(notes.X)[:, 1]
    for threshold in (0.2, 0.5, 0.9):
        np.testing.assert_array_equal(model.predict(notes.X, threshold=threshold), (p >= threshold).astype(int))
    with pytest.raises(ValueError, match="threshold"):
        model.predict(notes.X, threshold=1.5)


def test_unfitted_and_wrong_width_inputs_are_explained(notes):
    with pytest.raises(RuntimeError, match="not fitted"):
        LogisticRegression().predict(notes.X)
    model = LogisticRegression(max_iter=10).fit(notes.X, notes.y)
    with pytest.raises(ValueError, match="fitted on 2"):
        model.predict(np.ones((3, 5)))
