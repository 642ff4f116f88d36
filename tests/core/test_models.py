"""Multinomial and ordinal models against statsmodels and scikit-learn, and the estimators' contracts."""

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels
import statsmodels.api as sm
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from statsmodels.miscmodels.ordinal_model import OrderedModel
from statsmodels.tools.sm_exceptions import ConvergenceWarning

from logreg_core import DataError, LogisticRegression, OrdinalLogisticRegression, descend
from logreg_core.newton import fit_model
from logreg_core.objective import Layout, Objective

UCLA = Path(statsmodels.__file__).parent / "miscmodels" / "tests" / "results" / "ologit_ucla.csv"
UCLA_ORDER = ["unlikely", "somewhat likely", "very likely"]
ANES_FEATURES = ["logpopul", "selfLR", "age", "educ", "income"]


@pytest.fixture(scope="module")
def anes():
    data = sm.datasets.anes96.load_pandas().data
    return data[ANES_FEATURES], data["PID"]


@pytest.fixture(scope="module")
def anes_statsmodels(anes):
    X, y = anes
    return sm.MNLogit(y, sm.add_constant(X)).fit(method="newton", tol=1e-12, maxiter=100, disp=False)


def ordered_model_reference(X, y):
    """statsmodels' OrderedModel by BFGS to a tight gradient tolerance (it may stop a hair short
    of that tolerance and warn; its estimates are then still correct to far below 1e-6)."""
    endog = pd.Series(pd.Categorical(y, categories=UCLA_ORDER, ordered=True))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return OrderedModel(endog, X, distr="logit").fit(method="bfgs", gtol=1e-10, maxiter=5000, disp=False)


@pytest.fixture(scope="module")
def ucla():
    data = pd.read_csv(UCLA)
    return data[["pared", "public", "gpa"]], data["apply"]


def test_multinomial_matches_statsmodels_mnlogit_on_anes96(anes, anes_statsmodels):
    X, y = anes
    model = LogisticRegression(solver="newton").fit(X, y)
    fit, theirs = model.exact_fit(), anes_statsmodels
    # statsmodels: one column per non-reference class, intercept first
    np.testing.assert_allclose(fit.params, theirs.params.to_numpy().T.ravel(), atol=1e-6)
    np.testing.assert_allclose(fit.std_err, theirs.bse.to_numpy().T.ravel(), atol=1e-6)
    statistics = fit.statistics()
    assert statistics.log_likelihood == pytest.approx(-1461.922747, abs=1e-6)  # Stata's figure
    assert statistics.log_likelihood == pytest.approx(theirs.llf, abs=1e-6)
    assert statistics.null_log_likelihood == pytest.approx(theirs.llnull, abs=1e-6)
    assert statistics.aic == pytest.approx(theirs.aic, abs=1e-6)
    assert statistics.bic == pytest.approx(theirs.bic, abs=1e-6)
    assert statistics.mcfadden_r2 == pytest.approx(0.164781, abs=1e-6)
    # statsmodels fits its null model iteratively (to about 1e-6); ours is the closed form
    assert statistics.lr_chi_square == pytest.approx(theirs.llr, rel=1e-8)
    assert statistics.lr_df == theirs.df_model
    np.testing.assert_allclose(model.predict_proba(X), theirs.predict(sm.add_constant(X)), atol=1e-8)


def test_multinomial_summary_rows_are_class_by_term(anes, anes_statsmodels):
    X, y = anes
    model = LogisticRegression(solver="newton").fit(X, y)
    table = model.summary()
    assert table.index.names == ["class", "term"]
    assert len(table) == 6 * 6 and table.index[0] == ("1", "intercept") and table.index[-1] == ("6", "income")
    np.testing.assert_allclose(table["p_value"], anes_statsmodels.pvalues.to_numpy().T.ravel(), rtol=1e-5)
    np.testing.assert_allclose(table["odds_ratio"], np.exp(table["coef"]))  # relative-risk ratios


def test_multinomial_matches_scikit_learn_differences_from_the_reference_row():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(600, 3))
    scores = X @ rng.normal(size=(3, 4))
    y = np.array([rng.choice(4, p=np.exp(s) / np.exp(s).sum()) for s in scores])
    ours = LogisticRegression(solver="newton").fit(X, y)
    theirs = SkLogisticRegression(C=np.inf, tol=1e-12, max_iter=10_000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_ - theirs.coef_[0], atol=1e-6)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_ - theirs.intercept_[0], atol=1e-6)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-7)


def test_another_reference_class_gives_the_same_probabilities(anes):
    X, y = anes
    first = LogisticRegression(solver="newton").fit(X, y)
    other = LogisticRegression(solver="newton", reference=3.0).fit(X, y)
    assert other.layout_.reference == 3 and np.all(other.coef_[3] == 0)
    np.testing.assert_allclose(other.predict_proba(X), first.predict_proba(X), atol=1e-9)
    np.testing.assert_allclose(other.coef_, first.coef_ - first.coef_[3], atol=1e-7)
    with pytest.raises(DataError, match="reference 'x' is not one of the classes"):
        LogisticRegression(solver="newton", reference="x").fit(X, y)


def test_ordinal_matches_the_published_ucla_fit_and_statsmodels(ucla):
    X, y = ucla
    model = OrdinalLogisticRegression(categories=UCLA_ORDER).fit(X, y)
    np.testing.assert_allclose(model.coef_, [1.047664, -0.058683, 0.615746], atol=1e-6)
    np.testing.assert_allclose(model.cutpoints_, [2.203323, 4.298767], atol=1e-6)
    fit = model.exact_fit()
    assert fit.log_likelihood == pytest.approx(-358.51244, abs=1e-5)
    assert fit.std_err[0] == pytest.approx(0.265789, abs=1e-6)
    theirs = ordered_model_reference(X, y)
    np.testing.assert_allclose(model.coef_, theirs.params.to_numpy()[:3], atol=1e-6)
    np.testing.assert_allclose(model.cutpoints_, theirs.model.transform_threshold_params(theirs.params)[1:-1],
                               atol=1e-6)
    np.testing.assert_allclose(fit.std_err[:3], theirs.bse.to_numpy()[:3], rtol=1e-4)
    assert fit.log_likelihood == pytest.approx(theirs.llf, abs=1e-6)
    assert fit.statistics().aic == pytest.approx(theirs.aic, abs=1e-5)
    np.testing.assert_allclose(model.predict_proba(X), theirs.predict(), atol=1e-6)


def test_ordinal_cutpoint_standard_errors_are_the_delta_method_of_the_increments(ucla):
    X, y = ucla
    fit = OrdinalLogisticRegression(categories=UCLA_ORDER).fit(X, y).exact_fit()
    # statsmodels' parametrisation: (theta_1, log(theta_2 - theta_1)); the real cut-points
    # are g(t) = (t_1, t_1 + e^{t_2}), so cov(theta) = J cov(t) J^T with J the Jacobian of g.
    theirs = ordered_model_reference(X, y)
    increments = theirs.params.to_numpy()[3:]
    jacobian = np.array([[1.0, 0.0], [1.0, np.exp(increments[1])]])
    delta = jacobian @ theirs.cov_params().to_numpy()[3:, 3:] @ jacobian.T
    np.testing.assert_allclose(fit.std_err[3:], np.sqrt(np.diag(delta)), rtol=1e-4)


def test_ordinal_summary_lists_features_then_cutpoints(ucla):
    X, y = ucla
    table = OrdinalLogisticRegression(categories=UCLA_ORDER).fit(X, y).summary()
    assert list(table.index) == ["pared", "public", "gpa", "unlikely|somewhat likely", "somewhat likely|very likely"]
    assert table.loc["pared", "std_err"] == pytest.approx(0.265789, abs=1e-6)


def test_ordinal_takes_the_order_of_an_ordered_categorical(ucla):
    X, y = ucla
    ordered = pd.Series(pd.Categorical(y, categories=UCLA_ORDER, ordered=True))
    model = OrdinalLogisticRegression().fit(X, ordered)
    assert list(model.classes_) == UCLA_ORDER
    assert model.coef_[0] == pytest.approx(1.047664, abs=1e-6)
    assert set(model.predict(X)) <= set(UCLA_ORDER)


@pytest.mark.parametrize("kind", ["multinomial", "ordinal"])
def test_gradient_descent_reaches_the_exact_fit(kind):
    rng = np.random.default_rng(8)
    X = rng.normal(size=(400, 2))
    eta = X @ [1.0, -0.5]
    codes = np.digitize(eta + rng.logistic(size=400), [-1.0, 0.5, 2.0])
    layout = Layout(kind, 2, 4)
    exact = fit_model(X, codes, layout)
    objective = Objective(X, codes, layout)
    start = np.zeros(layout.n_params) if kind == "multinomial" else objective.null_params()
    history = descend(objective, start, learning_rate=1.0, iterations=20_000, tol=1e-10)
    assert history.stop_reason == "tolerance"
    np.testing.assert_allclose(history.final_params, exact.params, atol=1e-6)
    assert history.params.shape == (history.n_steps + 1, layout.n_params)


def test_estimators_with_gd_report_on_the_original_scale(ucla):
    X, y = ucla
    newton = OrdinalLogisticRegression(categories=UCLA_ORDER).fit(X, y)
    descent = OrdinalLogisticRegression(categories=UCLA_ORDER, solver="gd", learning_rate=1.0, max_iter=20_000,
                                        tol=1e-10).fit(X, y)
    assert descent.converged_
    np.testing.assert_allclose(descent.coef_, newton.coef_, atol=1e-6)
    np.testing.assert_allclose(descent.cutpoints_, newton.cutpoints_, atol=1e-6)


def test_string_labels_and_probabilities_that_sum_to_one():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(150, 2))
    y = np.array(["setosa", "versicolor", "virginica"])[np.digitize(X[:, 0] + rng.normal(size=150), [-0.5, 0.5])]
    for model in (LogisticRegression(solver="newton"), OrdinalLogisticRegression(), LogisticRegression()):
        model.fit(X, y)
        probability = model.predict_proba(X)
        assert probability.shape == (150, 3)
        np.testing.assert_allclose(probability.sum(axis=1), 1.0)
        assert set(model.predict(X)) <= {"setosa", "versicolor", "virginica"}
        assert list(model.classes_) == ["setosa", "versicolor", "virginica"]
        assert model.score(X, y) > 0.5


def test_binary_string_labels_use_the_second_as_class_one():
    X = np.array([[0.0], [1.0], [2.0], [3.0], [1.5], [2.5]])
    y = np.array(["no", "no", "yes", "yes", "yes", "no"])
    model = LogisticRegression(solver="newton").fit(X, y)
    assert list(model.classes_) == ["no", "yes"] and model.coef_.shape == (1, 1) and model.coef_[0, 0] > 0
    p = model.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(model.predict(X, threshold=0.6), np.where(p >= 0.6, "yes", "no"))


def test_separated_multinomial_data_report_separation_not_a_fit():
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0], [20.0], [21.0], [22.0]])
    y = np.repeat([0, 1, 2], 3)
    fit = fit_model(X, y, Layout("multinomial", 1, 3))
    assert fit.separation == "complete" and not fit.converged and fit.covariance is None
    with pytest.raises(DataError, match="separated"):
        fit.summary()


def test_separated_ordinal_data_report_separation():
    X = np.array([[0.0], [1.0], [2.0], [10.0], [11.0], [12.0], [20.0], [21.0], [22.0]])
    y = np.repeat([0, 1, 2], 3)
    fit = fit_model(X, y, Layout("ordinal", 1, 3))
    assert fit.separation == "complete" and not fit.converged
    penalised = fit_model(X, y, Layout("ordinal", 1, 3), l2=0.1)
    assert penalised.converged and penalised.covariance is not None


def test_ordinal_refuses_unknown_and_empty_categories():
    X = np.arange(6.0)[:, None]
    with pytest.raises(DataError, match="'d' is not among the categories"):
        OrdinalLogisticRegression(categories=["a", "b", "c"]).fit(X, ["a", "b", "c", "d", "a", "b"])
    with pytest.raises(DataError, match="No row has the category c"):
        OrdinalLogisticRegression(categories=["a", "b", "c"]).fit(X, ["a", "b", "a", "b", "a", "b"])
