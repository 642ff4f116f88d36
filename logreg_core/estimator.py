"""A scikit-learn-shaped estimator over the functional core, for notebooks."""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .descent import History, gradient_descent
from .functions import sigmoid
from .newton import NewtonResult, fit_newton
from .validation import DataError, check_features_labels


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


class LogisticRegression:
    """Binary logistic regression with the app's solvers and scikit-learn's shape.

    Parameters
    ----------
    solver : {"gd", "newton"}, default "gd"
        Gradient descent as in the teaching notes, or the exact Newton fit.
    learning_rate : float, default 0.1
        Gradient-descent step size (ignored by "newton").
    max_iter : int, default 1000
        Most iterations.
    tol : float, default 1e-6
        Gradient-norm tolerance for "gd"; relative step tolerance for "newton".
    l2 : float, default 0.0
        Ridge strength on the weights; with ``standardize`` it applies to the
        standardised weights.
    standardize : bool, default True
        Fit on standardised features (faster, better conditioned descent). The fitted
        ``coef_`` and ``intercept_`` are always reported on the original scale.

    Attributes
    ----------
    coef_ : ndarray, shape (1, m)
    intercept_ : ndarray, shape (1,)
    classes_ : ndarray, [0, 1]
    n_features_in_ : int
    feature_names_in_ : ndarray of str
        Only when fitted on a DataFrame.
    n_iter_ : int
    converged_ : bool
    history_ : History or None
        The gradient-descent path, on the standardised scale when ``standardize``.
    newton_ : NewtonResult or None
    """

    def __init__(
        self,
        solver: Literal["gd", "newton"] = "gd",
        learning_rate: float = 0.1,
        max_iter: int = 1000,
        tol: float = 1e-6,
        l2: float = 0.0,
        standardize: bool = True,
    ) -> None:
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.l2 = l2
        self.standardize = standardize

    def __repr__(self) -> str:
        return (
            f"LogisticRegression(solver={self.solver!r}, learning_rate={self.learning_rate!r}, "
            f"max_iter={self.max_iter!r}, tol={self.tol!r}, l2={self.l2!r}, "
            f"standardize={self.standardize!r})"
        )

    def fit(self, X: ArrayLike, y: ArrayLike) -> "LogisticRegression":
        """Fit the model to features X (n, m) and labels y (n,) in {0, 1}."""
        if self.solver not in ("gd", "newton"):
            raise ValueError(f"solver must be 'gd' or 'newton', got {self.solver!r}.")
        names = getattr(X, "columns", None)
        X_array, y_array = check_features_labels(X, y)
        mean, scale = feature_scaling(X_array, self.standardize)
        X_fit = (X_array - mean) / scale

        self.history_: History | None = None
        self.newton_: NewtonResult | None = None
        if self.solver == "gd":
            history = gradient_descent(
                X_fit, y_array, learning_rate=self.learning_rate, iterations=self.max_iter,
                tol=self.tol, l2=self.l2,
            )
            coef, intercept = history.final_weights, history.final_bias
            self.history_ = history
            self.n_iter_ = history.n_steps
            self.converged_ = history.stop_reason == "tolerance"
        else:
            result = fit_newton(X_fit, y_array, l2=self.l2, tol=self.tol, max_iter=self.max_iter)
            coef, intercept = result.coef, result.intercept
            self.newton_ = result
            self.n_iter_ = result.n_iter
            self.converged_ = result.converged

        coef_original, intercept_original = unstandardize(np.asarray(coef), intercept, mean, scale)
        self.coef_ = coef_original.reshape(1, -1)
        self.intercept_ = np.array([intercept_original])
        self.classes_ = np.array([0, 1])
        # kept for summary(): the exact fit on the same scaled data
        self._X_fit, self._y, self._mean, self._scale = X_fit, y_array, mean, scale
        self.n_features_in_ = X_array.shape[1]
        if names is not None:
            self.feature_names_in_ = np.asarray([str(name) for name in names], dtype=object)
        return self

    def _check_fitted_input(self, X: ArrayLike) -> NDArray[np.float64]:
        if not hasattr(self, "coef_"):
            raise RuntimeError("This LogisticRegression is not fitted yet; call fit(X, y) first.")
        X_array = np.asarray(X, dtype=np.float64)
        if X_array.ndim == 1:
            X_array = X_array.reshape(-1, 1)
        if X_array.shape[1] != self.n_features_in_:
            raise DataError(
                f"X has {X_array.shape[1]} features but the model was fitted on {self.n_features_in_}."
            )
        return X_array

    def decision_function(self, X: ArrayLike) -> NDArray[np.float64]:
        r"""Raw scores :math:`z = Xw + b`, shape (n,)."""
        X_array = self._check_fitted_input(X)
        return X_array @ self.coef_[0] + self.intercept_[0]

    def predict_proba(self, X: ArrayLike) -> NDArray[np.float64]:
        r"""Class probabilities, shape (n, 2): :math:`[1-\sigma(z), \sigma(z)]`."""
        z = self.decision_function(X)
        # sigma(-z) rather than 1 - sigma(z): exact where sigma(z) is close to 1
        return np.column_stack([sigmoid(-z), sigmoid(z)])

    def summary(self, level: float = 0.95):
        """The coefficient table of the maximum-likelihood fit, as statsmodels reports it.

        A DataFrame indexed by "intercept" and the feature names, with columns ``coef``,
        ``std_err``, ``z``, ``p_value``, ``ci_low``, ``ci_high``, ``odds_ratio``,
        ``or_ci_low``, ``or_ci_high``, on the original feature scale. The fit is Newton's,
        on the same data and L2 as this model; with ``solver="gd"`` it is computed here.

        Raises
        ------
        DataError
            When the classes are separated (no estimate exists), or the fit failed.
        """
        from .inference import coefficient_table
        from .training import covariance_on_original_scale

        if not hasattr(self, "coef_"):
            raise RuntimeError("This LogisticRegression is not fitted yet; call fit(X, y) first.")
        result = self.newton_
        if result is None:
            result = fit_newton(self._X_fit, self._y, l2=self.l2)
        original = covariance_on_original_scale(result, self._mean, self._scale)
        names = list(getattr(self, "feature_names_in_", [f"x{j + 1}" for j in range(self.n_features_in_)]))
        return coefficient_table(original, names, level)

    def predict(self, X: ArrayLike, threshold: float = 0.5) -> NDArray[np.int64]:
        r"""Class 1 where :math:`\sigma(z) \ge` threshold, else 0; shape (n,)."""
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1, got {threshold!r}.")
        return (self.predict_proba(X)[:, 1] >= threshold).astype(np.int64)
