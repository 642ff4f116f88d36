"""scikit-learn accepts the estimators: check_estimator, clone, names of features, labels."""

import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.utils.estimator_checks import check_estimator

from logreg_core import DataError, LogisticRegression, NotFittedError, OrdinalLogisticRegression
from logreg_core.estimator import ConvergenceWarning, DataConversionWarning

# Checks an ordinal model cannot pass by its nature, with the reason.
ORDINAL_EXPECTED_FAILURES = {
    "check_classifiers_train": (
        "asks for accuracy above 0.83 on three blobs placed around a circle: the classes are not "
        "ordered along any direction, so one proportional-odds score cannot separate them"
    ),
}


@pytest.mark.parametrize(
    "estimator, expected_failures",
    [
        (LogisticRegression(solver="newton"), {}),
        (LogisticRegression(solver="gd", max_iter=200), {}),
        (OrdinalLogisticRegression(), ORDINAL_EXPECTED_FAILURES),
    ],
    ids=["LogisticRegression-newton", "LogisticRegression-gd", "OrdinalLogisticRegression"],
)
@pytest.mark.slow
def test_check_estimator_passes(estimator, expected_failures):
    with warnings.catch_warnings():
        # "does not inherit from BaseEstimator" (by design: the core must not need scikit-learn),
        # and the array-API check skipping itself
        warnings.filterwarnings("ignore", message=".*does not inherit from")
        warnings.filterwarnings("ignore", message=".*SCIPY_ARRAY_API")
        # check_supervised_y_2d records this warning itself; the core tests' "error" filter must not raise it
        warnings.simplefilter("always", DataConversionWarning)
        # many of the checks' toy data are separable, where Newton's fit warns (as it should) that no
        # finite estimate exists; test_redteam proves the warning
        warnings.simplefilter("ignore", ConvergenceWarning)
        results = check_estimator(estimator, on_fail=None, expected_failed_checks=expected_failures)
    failed = {result["check_name"]: str(result["exception"])[:200] for result in results if result["status"] == "failed"}
    assert failed == {}
    skipped = {result["check_name"] for result in results if result["status"] == "skipped"}
    assert skipped <= {"check_array_api_input"}  # needs SCIPY_ARRAY_API set; the core is NumPy-only


def test_clone_and_parameters():
    model = LogisticRegression(solver="newton", l2=0.5, reference="b")
    assert model.get_params() == {"solver": "newton", "learning_rate": 0.1, "max_iter": 1000, "tol": 1e-6,
                                  "l2": 0.5, "standardize": True, "reference": "b"}
    copy = clone(model)
    assert copy is not model and copy.get_params() == model.get_params()
    assert model.set_params(l2=0.0) is model and model.l2 == 0.0
    with pytest.raises(ValueError, match="Invalid parameter 'alpha'"):
        model.set_params(alpha=1.0)
    ordinal = OrdinalLogisticRegression(categories=["lo", "mid", "hi"])
    assert clone(ordinal).categories == ["lo", "mid", "hi"]


def test_unfitted_models_raise_scikit_learns_error_too():
    for model in (LogisticRegression(), OrdinalLogisticRegression()):
        with pytest.raises(NotFittedError, match="not fitted"):
            model.predict_proba(np.ones((2, 2)))
        with pytest.raises(SkNotFittedError):
            model.predict(np.ones((2, 2)))


def test_reordered_dataframe_columns_are_refused_and_names_reset_on_refit():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(80, 2)), columns=["a", "b"])
    y = (frame["a"] + rng.normal(size=80) > 0).astype(int)
    model = LogisticRegression(solver="newton").fit(frame, y)
    with pytest.raises(DataError, match="feature names should match"):
        model.predict_proba(frame[["b", "a"]])
    model.fit(frame.to_numpy(), y)
    assert not hasattr(model, "feature_names_in_")


def test_nan_in_x_is_refused_when_predicting():
    X = np.array([[0.0], [1.0], [2.0], [3.0]])
    model = LogisticRegression().fit(X, [0, 1, 0, 1])
    with pytest.raises(DataError, match="NaN"):
        model.predict(np.array([[np.nan]]))


@pytest.mark.slow
def test_the_core_does_not_import_scikit_learn():
    import subprocess
    import sys

    code = "import sys, logreg_core; logreg_core.LogisticRegression(); print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
