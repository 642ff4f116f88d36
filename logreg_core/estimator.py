"""scikit-learn-shaped estimators over the functional core, for notebooks.

scikit-learn is not needed to use them; when it is installed, ``clone``, pipelines, grid
search and ``check_estimator`` accept them (``get_params``/``set_params`` and
``__sklearn_tags__`` follow its conventions).
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
import sys
import warnings
from typing import TYPE_CHECKING, Any, Literal, Self

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .descent import History, descend
from .families import ordinal
from .newton import ModelFit, NewtonResult, fit_model
from .objective import Layout, Objective, original_scale_map
from .validation import DataError

if TYPE_CHECKING:
    import pandas as pd
    from sklearn.utils import Tags

Solver = Literal["gd", "newton"]


class NotFittedError(RuntimeError, ValueError, AttributeError):
    """The estimator is used before ``fit``; caught as RuntimeError, ValueError or AttributeError."""


class NonNumericFeaturesError(DataError, TypeError):
    """A feature value is not a number; caught as DataError, ValueError or TypeError."""


@functools.cache
def _with_sklearn_base(base: type) -> type:
    return type("NotFittedError", (NotFittedError, base), {"__module__": __name__})


def not_fitted_error(message: str) -> NotFittedError:
    """A :class:`NotFittedError`; when scikit-learn is loaded, also an instance of its NotFittedError
    (without importing scikit-learn, which the core does not need)."""
    sklearn_exceptions = sys.modules.get("sklearn.exceptions")
    if sklearn_exceptions is not None:
        error: NotFittedError = _with_sklearn_base(sklearn_exceptions.NotFittedError)(message)
        return error
    return NotFittedError(message)


class DataConversionWarning(UserWarning):
    """The input was accepted after a conversion the user may not expect (a column-vector y)."""


class ConvergenceWarning(UserWarning):
    """The fit stopped without an estimate the user can rely on (scikit-learn has a warning of
    the same name; the core does not import scikit-learn)."""


def standardize_columns(X: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    r"""Column means and spreads for standardising, :math:`x' = (x - \mu) / s`.

    A constant column gets :math:`s = 1`, so it is centred but not blown up.

    Returns
    -------
    mean, scale : ndarray, shape (m,)
    """
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    return mean, np.where(scale > 0, scale, 1.0)


def feature_scaling(X: NDArray[np.float64], standardize: bool) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Means and spreads to standardise with, or zeros and ones to leave X as it is."""
    if standardize:
        return standardize_columns(X)
    return np.zeros(X.shape[1]), np.ones(X.shape[1])


def unstandardize(
    coef: NDArray[np.float64], intercept: float, mean: NDArray[np.float64], scale: NDArray[np.float64]
) -> tuple[NDArray[np.float64], float]:
    r"""Coefficients on the original scale from those fitted on standardised features.

    .. math::
        w \cdot \frac{x - \mu}{s} + b = \underbrace{\frac{w}{s}}_{w_\text{orig}}\cdot x
        + \underbrace{b - \sum_j \frac{w_j \mu_j}{s_j}}_{b_\text{orig}}
    """
    coef_original = coef / scale
    return coef_original, float(intercept - coef_original @ mean)


def fit_on_original_scale(fit: ModelFit, mean: NDArray[np.float64], scale: NDArray[np.float64]) -> ModelFit:
    r"""A fit on standardised features re-expressed on the original scale, covariance included:
    :math:`\theta = A\theta'`, :math:`\Sigma = A\Sigma'A^\top` (see :func:`original_scale_map`)."""
    A = original_scale_map(fit.layout, mean, scale)
    covariance = None if fit.covariance is None else A @ fit.covariance @ A.T
    return dataclasses.replace(fit, params=A @ fit.params, covariance=covariance)


def _check_features(X: ArrayLike, what: str) -> tuple[NDArray[np.float64], NDArray[Any] | None]:
    """X as a finite float (n, m) matrix and its column names (None without names)."""
    names = getattr(X, "columns", None)
    if hasattr(X, "toarray") and hasattr(X, "nnz"):
        raise DataError(
            "Sparse input is not supported: pass a dense array (for example X.toarray()); the models here "
            "work on dense features."
        )
    array = np.asarray(X)
    if np.iscomplexobj(array):
        raise DataError("Complex data not supported: give the features as real numbers.")
    if array.ndim != 2:
        raise DataError(
            f"Expected a 2D array of features (rows x columns) for {what}, got {array.ndim} dimension(s). "
            "Reshape your data with X.reshape(-1, 1) if it has a single feature."
        )
    try:
        array = array.astype(np.float64)
    except (TypeError, ValueError) as error:
        raise NonNumericFeaturesError(
            f"The features must all be numbers ({error}). Encode text columns as numbers or leave them out."
        ) from None
    if array.shape[0] == 0:
        raise DataError(
            f"Found array with 0 sample(s) (shape={array.shape}) while a minimum of 1 is required: {what} "
            "needs rows."
        )
    if array.shape[1] == 0:
        raise DataError(
            f"Found array with 0 feature(s) (shape={array.shape}) while a minimum of 1 is required: "
            "choose at least one column."
        )
    if not np.all(np.isfinite(array)):
        bad_rows, bad_cols = np.nonzero(~np.isfinite(array))
        raise DataError(
            f"Input X contains NaN or infinity: {bad_rows.size} value(s) are missing or infinite, the first in "
            f"row {bad_rows[0]}, column {bad_cols[0]}. Drop those rows or fill them in first."
        )
    return array, None if names is None else np.asarray([str(name) for name in names], dtype=object)


def _check_labels(y: ArrayLike, n: int) -> NDArray[Any]:
    """y as one column of n labels (numbers or strings)."""
    if y is None:
        raise DataError("requires y to be passed, but the target y is None: give one label per row.")
    y_array = np.asarray(y)
    if y_array.ndim == 2 and y_array.shape[1] == 1:
        warnings.warn(
            DataConversionWarning("A column-vector y was passed when a 1d array was expected; it is used as one column."),
            stacklevel=3,
        )
        y_array = y_array.ravel()
    if y_array.ndim != 1:
        raise DataError(f"The labels must be one column; got shape {y_array.shape}.")
    if y_array.shape[0] != n:
        raise DataError(f"There are {n} rows of features but {y_array.shape[0]} labels; give one label per row.")
    if y_array.dtype.kind == "f":
        if not np.all(np.isfinite(y_array)):
            raise DataError("Input y contains NaN or infinity: give every row a label.")
        if np.any(y_array != np.round(y_array)):
            raise DataError(
                "Unknown label type: continuous. The labels are classes; a continuous target needs regression, "
                "or bin it into classes first."
            )
    if y_array.dtype.kind == "O":
        # labels keep their own values (1 stays 1, not '1'); they only need to be comparable
        try:
            np.unique(y_array)
        except TypeError:
            kinds = sorted({type(label).__name__ for label in y_array.tolist()})
            raise DataError(
                f"The labels mix kinds of value that cannot be ordered ({', '.join(kinds)}): "
                "make them all numbers or all text."
            ) from None
    return y_array


def _is_number(value: Any) -> bool:
    """A real number, NumPy scalars included; not a bool (True is not a setting's value)."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def label_text(label: Any) -> str:
    """A class label as text; whole numbers stored as floats print without ".0"."""
    if isinstance(label, (float, np.floating)) and float(label).is_integer():
        return str(int(label))
    return str(label)


class _Classifier:
    """What both estimators share: parameters, validation of X, probabilities, score."""

    _estimator_type = "classifier"
    # constructor parameters, set by each subclass's __init__
    solver: Solver
    learning_rate: float
    max_iter: int
    tol: float
    l2: float
    standardize: bool
    # fitted attributes
    classes_: NDArray[Any]
    params_: NDArray[np.float64]
    layout_: Layout
    n_features_in_: int
    feature_names_in_: NDArray[Any]
    n_iter_: int
    converged_: bool
    history_: History | None
    fit_: ModelFit | None

    # -- scikit-learn's parameter protocol ------------------------------------------
    @classmethod
    def _param_names(cls) -> list[str]:
        import inspect

        signature = inspect.signature(cls.__init__)
        return [name for name in signature.parameters if name != "self"]

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """The constructor's parameters by name (scikit-learn's protocol)."""
        return {name: getattr(self, name) for name in self._param_names()}

    def set_params(self, **params: Any) -> Self:
        """Set constructor parameters by name; unknown names raise ValueError."""
        valid = self._param_names()
        for name, value in params.items():
            if name not in valid:
                raise ValueError(f"Invalid parameter {name!r} for {type(self).__name__}; valid ones: {valid}.")
            setattr(self, name, value)
        return self

    def __repr__(self) -> str:
        body = ", ".join(f"{name}={value!r}" for name, value in self.get_params().items())
        return f"{type(self).__name__}({body})"

    def __sklearn_tags__(self) -> Tags:
        # Only scikit-learn calls this, so importing it here keeps it a test-time dependency.
        from sklearn.utils import ClassifierTags, InputTags, Tags, TargetTags

        return Tags(
            estimator_type="classifier",
            target_tags=TargetTags(required=True),
            transformer_tags=None,
            regressor_tags=None,
            classifier_tags=ClassifierTags(poor_score=False),
            input_tags=InputTags(allow_nan=False),
        )

    # -- checks ---------------------------------------------------------------------
    def _check_settings(self) -> None:
        if self.solver not in ("gd", "newton"):
            raise ValueError(f"solver must be 'gd' or 'newton', got {self.solver!r}.")
        if not (_is_number(self.l2) and np.isfinite(self.l2) and self.l2 >= 0):
            raise ValueError(f"l2 must be a number >= 0, got {self.l2!r}.")
        if not (_is_number(self.tol) and np.isfinite(self.tol) and self.tol > 0):
            raise ValueError(f"tol must be a positive number, got {self.tol!r}.")
        if not (isinstance(self.max_iter, numbers.Integral) and not isinstance(self.max_iter, (bool, np.bool_))
                and self.max_iter >= 1):
            raise ValueError(f"max_iter must be a whole number >= 1, got {self.max_iter!r}.")
        if not (_is_number(self.learning_rate) and np.isfinite(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be a positive number, got {self.learning_rate!r}.")

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise not_fitted_error(f"This {type(self).__name__} is not fitted yet; call fit(X, y) first.")

    def _check_fitted_input(self, X: ArrayLike) -> NDArray[np.float64]:
        self._check_fitted()
        names = getattr(X, "columns", None)
        fitted_names = getattr(self, "feature_names_in_", None)
        if names is not None and fitted_names is not None:
            given = [str(name) for name in names]
            if given != list(fitted_names):
                raise DataError(
                    "The feature names should match those that were passed during fit, in the same order. "
                    f"Fitted on {list(fitted_names)}, given {given}."
                )
        elif names is not None and fitted_names is None:
            warnings.warn(
                f"X has feature names, but {type(self).__name__} was fitted without feature names", UserWarning,
                stacklevel=3,
            )
        elif names is None and fitted_names is not None:
            warnings.warn(
                f"X does not have valid feature names, but {type(self).__name__} was fitted with feature names",
                UserWarning, stacklevel=3,
            )
        X_array, _ = _check_features(X, "prediction")
        if X_array.shape[1] != self.n_features_in_:
            raise DataError(
                f"X has {X_array.shape[1]} features, but {type(self).__name__} is expecting "
                f"{self.n_features_in_} features as input (it was fitted on {self.n_features_in_})."
            )
        return X_array

    def _prepare(self, X: ArrayLike, y: ArrayLike) -> tuple[NDArray[np.float64], NDArray[Any]]:
        self._check_settings()
        X_array, names = _check_features(X, "fit")
        y_array = _check_labels(y, X_array.shape[0])
        if X_array.shape[0] < 2:
            raise DataError("There is 1 sample; a model needs at least two rows, one of each class.")
        for attribute in ("feature_names_in_",):
            if hasattr(self, attribute):
                delattr(self, attribute)
        if names is not None:
            self.feature_names_in_ = names
        self.n_features_in_ = X_array.shape[1]
        return X_array, y_array

    def _fit_codes(self, X: NDArray[np.float64], codes: NDArray[np.int64], layout: Layout, start: NDArray[np.float64] | None) -> None:
        """Fit the layout by the chosen solver and store the results on the original scale."""
        mean, scale = feature_scaling(X, self.standardize)
        X_fit = (X - mean) / scale
        self._fit_data = (X_fit, codes, layout, mean, scale)
        self.history_ = None
        self.fit_ = None
        if self.solver == "gd":
            objective = Objective(X_fit, codes, layout, l2=self.l2)
            initial = np.zeros(layout.n_params) if start is None else start
            history = descend(
                objective, initial, learning_rate=self.learning_rate, iterations=self.max_iter, tol=self.tol
            )
            params = original_scale_map(layout, mean, scale) @ history.final_params
            self.history_ = history
            self.n_iter_ = history.n_steps
            self.converged_ = history.stop_reason == "tolerance"
        else:
            fit = fit_model(X_fit, codes, layout, l2=self.l2, tol=min(self.tol, 1e-8), max_iter=self.max_iter)
            self.fit_ = fit_on_original_scale(fit, mean, scale)
            if fit.separation is not None:
                kind = "completely" if fit.separation == "complete" else "quasi-completely"
                warnings.warn(
                    ConvergenceWarning(
                        f"The classes are {kind} separated by the features, so no finite maximum-likelihood "
                        "estimate exists: the coefficients grow without bound and the stored ones are only "
                        "where Newton's method stopped. Add L2 (l2 > 0) for a finite fit."
                    ),
                    stacklevel=3,
                )
            params = np.asarray(self.fit_.params)
            self.n_iter_ = fit.n_iter
            self.converged_ = fit.converged
        self.params_ = params
        self.layout_ = layout

    def exact_fit(self) -> ModelFit:
        """The maximum-likelihood fit on the same data and L2, on the original scale (Newton's)."""
        self._check_fitted()
        if self.fit_ is not None:
            return self.fit_
        X_fit, codes, layout, mean, scale = self._fit_data
        self.fit_ = fit_on_original_scale(fit_model(X_fit, codes, layout, l2=self.l2), mean, scale)
        return self.fit_

    def summary(self, level: float = 0.95) -> pd.DataFrame:
        """The parameter table of the maximum-likelihood fit, as statsmodels reports it.

        A DataFrame with columns ``coef``, ``std_err``, ``z``, ``p_value``, ``ci_low``,
        ``ci_high``, ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, one row per parameter
        on the original feature scale (see :func:`logreg_core.inference.parameter_table`).
        With ``solver="gd"`` the exact fit is computed here.

        Raises
        ------
        DataError
            When the classes are separated (no estimate exists), or the fit failed.
        """
        fit = self.exact_fit()
        names = list(getattr(self, "feature_names_in_", [f"x{j + 1}" for j in range(self.n_features_in_)]))
        return fit.summary(names, [label_text(label) for label in self.classes_], level)

    def _objective_for_prediction(self) -> Objective:
        return Objective(np.zeros((0, self.n_features_in_)), np.zeros(0), self.layout_)

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        """Class probabilities in the order of ``classes_``, shape (n, K); rows sum to 1."""
        X_array = self._check_fitted_input(X)
        return self._objective_for_prediction().probabilities(self.params_, X_array)

    def predict_log_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        """Log class probabilities, shape (n, K)."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def score(self, X: ArrayLike, y: ArrayLike) -> float:
        """Accuracy: the share of rows whose predicted class is their label."""
        return float(np.mean(self.predict(X) == np.asarray(y).reshape(-1)))

    def predict(self, X: ArrayLike) -> NDArray[Any]:
        """The most probable class of each row, in the user's labels."""
        most_probable: NDArray[np.intp] = np.argmax(self.predict_proba(X), axis=1)
        return self.classes_[most_probable]


class LogisticRegression(_Classifier):
    """Logistic regression with the app's solvers and scikit-learn's shape.

    Two classes give the binary model; three or more unordered classes the multinomial
    model against a reference class (the first class in sorted order unless ``reference``
    names another), as statsmodels' ``MNLogit`` parametrises it.

    Parameters
    ----------
    solver : {"gd", "newton"}, default "gd"
        Gradient descent as in the teaching notes, or the exact Newton fit.
    learning_rate : float, default 0.1
        Gradient-descent step size (ignored by "newton").
    max_iter : int, default 1000
        Most iterations.
    tol : float, default 1e-6
        Gradient-norm tolerance for "gd"; relative step tolerance for "newton" (at most 1e-8).
    l2 : float, default 0.0
        Ridge strength on the weights; with ``standardize`` it applies to the
        standardised weights.
    standardize : bool, default True
        Fit on standardised features (faster, better conditioned descent). The fitted
        parameters are always reported on the original scale.
    reference : label or None, default None
        Multinomial only: the class whose scores are fixed at 0. With two classes it must be
        None or ``classes_[0]`` (the binary model's reference); another raises DataError.

    Attributes
    ----------
    classes_ : ndarray, shape (K,)
        The labels, sorted; for two classes, ``classes_[1]`` is class 1.
    coef_ : ndarray, shape (1, m) for two classes, (K, m) otherwise
        Coefficients on the original scale; multinomial: the reference class's row is 0.
    intercept_ : ndarray, shape (1,) or (K,)
    params_ : ndarray
        The flat parameter vector in ``layout_`` (see :mod:`logreg_core.objective`).
    layout_ : Layout
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when fitted on a DataFrame.
    n_iter_ : int
    converged_ : bool
    history_ : History or None
        The gradient-descent path, on the standardised scale when ``standardize``.
    fit_ : ModelFit or None
        Newton's fit on the original scale (computed on demand by ``summary`` for "gd").
    newton_ : NewtonResult or None
        Two classes, Newton's solver: the binary view of ``fit_``.
    """

    def __init__(
        self,
        solver: Solver = "gd",
        learning_rate: float = 0.1,
        max_iter: int = 1000,
        tol: float = 1e-6,
        l2: float = 0.0,
        standardize: bool = True,
        reference: Any = None,
    ) -> None:
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.l2 = l2
        self.standardize = standardize
        self.reference = reference

    def fit(self, X: ArrayLike, y: ArrayLike) -> LogisticRegression:
        """Fit the model to features X (n, m) and labels y (n,): two or more classes, any labels."""
        X_array, y_array = self._prepare(X, y)
        classes, codes = np.unique(y_array, return_inverse=True)
        if classes.size < 2:
            raise DataError(
                f"Every label is {classes[0]}: a model needs examples of at least 2 classes to learn what "
                "separates them; only 1 class was found."
            )
        m = X_array.shape[1]
        if classes.size == 2:
            # The binary model's reference is always classes_[0]; any other would be silently ignored.
            if self.reference is not None and not (
                self.reference in list(classes) and self.reference == classes[0]
            ):
                raise DataError(
                    f"reference {self.reference!r} cannot be used with two classes: the binary model always "
                    f"compares {label_text(classes[1])!r} against {label_text(classes[0])!r} (the first in "
                    "sorted order). Leave reference=None, or relabel the classes."
                )
            layout = Layout("binomial", m)
        else:
            reference = 0
            if self.reference is not None:
                matches = np.flatnonzero(classes == self.reference)
                if matches.size == 0:
                    raise DataError(
                        f"reference {self.reference!r} is not one of the classes {list(classes)}; pick one of them."
                    )
                reference = int(matches[0])
            layout = Layout("multinomial", m, int(classes.size), reference)
        self.classes_ = classes
        self._fit_codes(X_array, codes.astype(np.int64), layout, None)
        blocks = layout.coefficient_blocks(self.params_)
        if layout.kind == "binomial":
            self.coef_ = blocks[:, 1:].copy()
            self.intercept_ = blocks[:, 0].copy()
        else:
            full = np.insert(blocks, layout.reference, 0.0, axis=0)
            self.coef_ = full[:, 1:].copy()
            self.intercept_ = full[:, 0].copy()
        self.newton_: NewtonResult | None = (
            NewtonResult.from_fit(self.fit_) if self.fit_ is not None and layout.kind == "binomial" else None
        )
        return self

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        r"""Raw scores: :math:`z = Xw + b` of shape (n,) for two classes, all K class scores (n, K) otherwise."""
        X_array = self._check_fitted_input(X)
        return self._objective_for_prediction().scores(self.params_, X_array)

    def predict(self, X: ArrayLike, threshold: float = 0.5) -> NDArray[Any]:
        r"""The predicted class of each row, shape (n,).

        Two classes: ``classes_[1]`` where its probability :math:`\sigma(z) \ge` threshold
        (the notes' rule), else ``classes_[0]``. More classes: the most probable class.
        """
        if not (_is_number(threshold) and 0.0 <= threshold <= 1.0):
            raise ValueError(f"threshold must be a probability between 0 and 1, got {threshold!r}.")
        probability = self.predict_proba(X)
        if probability.shape[1] == 2:
            return self.classes_[(probability[:, 1] >= threshold).astype(np.int64)]
        most_probable: NDArray[np.intp] = np.argmax(probability, axis=1)
        return self.classes_[most_probable]


class OrdinalLogisticRegression(_Classifier):
    r"""Ordinal logistic regression, the proportional-odds (cumulative logit) model.

    .. math:: P(y \le j \mid x) = \sigma(\theta_j - x\cdot\beta)

    as statsmodels ``OrderedModel(distr="logit")``, R ``polr`` and Stata ``ologit`` write it: a
    positive coefficient moves probability towards the later categories.

    Parameters
    ----------
    categories : list of labels or None, default None
        The classes in their order; by default the sorted unique labels (or the categories
        of an ordered pandas Categorical).
    solver : {"gd", "newton"}, default "newton"
    learning_rate : float, default 0.1
    max_iter : int, default 1000
    tol : float, default 1e-6
    l2 : float, default 0.0
    standardize : bool, default True

    Attributes
    ----------
    classes_ : ndarray, shape (K,)
        The categories in order.
    coef_ : ndarray, shape (m,)
        :math:`\beta` on the original scale.
    cutpoints_ : ndarray, shape (K-1,)
        :math:`\theta_1 < \dots < \theta_{K-1}` on the original scale.
    params_, layout_, n_features_in_, feature_names_in_, n_iter_, converged_, history_, fit_
        As for :class:`LogisticRegression`.
    """

    def __init__(
        self,
        categories: list[Any] | None = None,
        solver: Solver = "newton",
        learning_rate: float = 0.1,
        max_iter: int = 1000,
        tol: float = 1e-6,
        l2: float = 0.0,
        standardize: bool = True,
    ) -> None:
        self.categories = categories
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.l2 = l2
        self.standardize = standardize

    def fit(self, X: ArrayLike, y: ArrayLike) -> OrdinalLogisticRegression:
        """Fit the model to features X (n, m) and ordered labels y (n,)."""
        categories = self.categories
        if categories is None:
            dtype = getattr(y, "dtype", None)
            if dtype is not None and getattr(dtype, "ordered", False):
                categories = list(dtype.categories)  # an ordered pandas Categorical
        X_array, y_array = self._prepare(X, y)
        if categories is None:
            classes = np.unique(y_array)
        else:
            classes = np.asarray(list(categories))
            if len(set(classes.tolist())) != classes.size:
                raise DataError(f"categories must be distinct; got {list(classes)}.")
        lookup = {label: code for code, label in enumerate(classes.tolist())}
        try:
            codes = np.array([lookup[label] for label in y_array.tolist()], dtype=np.int64)
        except KeyError as missing:
            raise DataError(
                f"The label {missing.args[0]!r} is not among the categories {list(classes)}; list every category."
            ) from None
        present = np.bincount(codes, minlength=classes.size)
        if classes.size < 2 or np.count_nonzero(present) < 2:
            raise DataError(
                "A model needs examples of at least 2 classes to learn what separates them; only 1 class was found."
            )
        if np.any(present == 0):
            empty = [str(label) for label, count in zip(classes, present) if count == 0]
            raise DataError(
                f"No row has the category {', '.join(empty)}: its cut-point cannot be estimated. "
                "Leave it out of categories."
            )
        self.classes_ = classes
        m = X_array.shape[1]
        layout = Layout("ordinal", m, int(classes.size))
        # descent starts with no effect of the features and the cut-points of the class shares
        start = np.r_[np.zeros(m), ordinal.null_cutpoints(codes, int(classes.size))]
        self._fit_codes(X_array, codes, layout, start)
        self.coef_ = np.asarray(self.params_[:m]).copy()
        self.cutpoints_ = np.asarray(self.params_[m:]).copy()
        return self

    def linear_predictor(self, X: ArrayLike) -> NDArray[np.float64]:
        r"""The linear predictor :math:`\eta = X\beta`, shape (n,): higher means later categories.

        (Not called ``decision_function``: scikit-learn expects that to have one column per
        class for three or more classes.)
        """
        X_array = self._check_fitted_input(X)
        return X_array @ self.coef_
