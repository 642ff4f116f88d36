"""The step-by-step prediction equals the models' own probabilities; the nomogram reads the same ones."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from logreg_core import DataError, LogisticRegression, OrdinalLogisticRegression, datasets
from logreg_core.objective import Layout
from logreg_core.prediction import (
    binary_prediction,
    multinomial_prediction,
    nomogram,
    ordinal_prediction,
    predict_one,
    round_ticks,
)

from .synthetic import make_overlapping


@pytest.fixture(scope="module")
def binary_model():
    X, y = make_overlapping(300, 3, seed=4)
    return X, LogisticRegression(solver="newton").fit(X, y)


@pytest.fixture(scope="module")
def multinomial_model():
    iris = datasets.load("iris")
    # the reference is versicolor (code 1), so the reference class is not simply the first
    return iris.X, LogisticRegression(solver="newton", l2=0.1, reference=1.0).fit(iris.X, iris.y)


@pytest.fixture(scope="module")
def ordinal_model():
    data = datasets.load("latent_ordinal", n_classes=4, seed=3)
    return data.X, OrdinalLogisticRegression().fit(data.X, data.y)


def test_binary_breakdown_equals_predict_proba_and_adds_up(binary_model):
    X, model = binary_model
    expected = model.predict_proba(X)
    for row in range(0, X.shape[0], 7):
        result = binary_prediction(model.layout_, model.params_, X[row], threshold=0.4)
        np.testing.assert_allclose(result.probabilities, expected[row], rtol=0, atol=1e-12)
        assert result.score.score == pytest.approx(model.intercept_[0] + X[row] @ model.coef_[0], abs=1e-12)
        np.testing.assert_allclose(result.score.terms, model.coef_[0] * X[row], rtol=0, atol=1e-15)
        assert result.decision == int(expected[row, 1] >= 0.4)


def test_binary_decision_is_class_one_at_the_threshold_itself():
    layout = Layout("binomial", 1)
    at_half = binary_prediction(layout, [0.0, 1.0], [0.0], threshold=0.5)
    assert at_half.probability == 0.5 and at_half.decision == 1
    assert binary_prediction(layout, [0.0, 1.0], [-1e-9], threshold=0.5).decision == 0


def test_multinomial_breakdown_writes_out_the_softmax(multinomial_model):
    X, model = multinomial_model
    expected = model.predict_proba(X)
    for row in range(0, X.shape[0], 11):
        result = multinomial_prediction(model.layout_, model.params_, X[row])
        np.testing.assert_allclose(result.probabilities, expected[row], rtol=0, atol=1e-12)
        np.testing.assert_allclose(result.class_scores, model.intercept_ + model.coef_ @ X[row], atol=1e-12)
        assert result.class_scores[1] == 0.0 and result.reference == 1
        assert np.max(result.shifted_exponentials) == 1.0
        assert result.total == pytest.approx(np.sum(np.exp(result.class_scores - result.largest_score)))
        assert result.decision == int(np.argmax(expected[row]))


def test_ordinal_breakdown_has_the_cumulative_chances_and_their_differences(ordinal_model):
    X, model = ordinal_model
    expected = model.predict_proba(X)
    for row in range(0, X.shape[0], 13):
        result = ordinal_prediction(model.layout_, model.params_, X[row])
        np.testing.assert_allclose(result.probabilities, expected[row], rtol=0, atol=1e-12)
        eta = X[row] @ model.coef_
        np.testing.assert_allclose(result.cumulative, 1 / (1 + np.exp(-(model.cutpoints_ - eta))), atol=1e-12)
        differences = np.diff(np.r_[0.0, result.cumulative, 1.0])
        np.testing.assert_allclose(result.probabilities, differences, rtol=0, atol=1e-12)
        assert result.decision == int(np.argmax(expected[row]))


def test_ordinal_breakdown_equals_statsmodels_ordered_model():
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    data = datasets.load("latent_ordinal", n_classes=3, seed=5)
    frame = pd.DataFrame(data.X, columns=list(data.feature_names))
    endog = pd.Series(pd.Categorical.from_codes(data.y.astype(int), categories=list(data.class_names), ordered=True))
    result = OrderedModel(endog, frame, distr="logit").fit(method="bfgs", gtol=1e-10, maxiter=2000, disp=False)
    m = data.n_features
    params = np.asarray(result.params)
    cutpoints = OrderedModel(endog, frame, distr="logit").transform_threshold_params(params)[1:-1]
    layout = Layout("ordinal", m, data.n_classes)
    expected = np.asarray(result.predict(frame))
    for row in range(0, data.n_rows, 17):
        breakdown = ordinal_prediction(layout, np.r_[params[:m], cutpoints], data.X[row])
        np.testing.assert_allclose(breakdown.probabilities, expected[row], rtol=0, atol=1e-12)


def test_predict_one_dispatches_on_the_layout(binary_model, ordinal_model):
    X, model = binary_model
    assert predict_one(model.layout_, model.params_, X[0], 0.3).threshold == 0.3
    X, model = ordinal_model
    assert predict_one(model.layout_, model.params_, X[0]).cutpoints.size == 3


@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_a_value_that_is_not_a_finite_number_is_refused_with_a_message(value):
    with pytest.raises(DataError, match="Feature 2 is .*type a finite number"):
        binary_prediction(Layout("binomial", 2), [0.1, 1.0, 1.0], [1.0, value])


def test_a_score_beyond_the_float_range_is_refused_rather_than_shown_as_nan():
    with pytest.raises(DataError, match="beyond the largest number"):
        multinomial_prediction(Layout("multinomial", 2, 3), [0, 1e300, 1, 0, -1e300, 1], [1e300, -1e300])


def test_parameters_that_diverged_are_refused():
    with pytest.raises(DataError, match="not all finite"):
        ordinal_prediction(Layout("ordinal", 1, 3), [np.nan, 0.0, 1.0], [1.0])


finite = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False)
coefficient = st.floats(min_value=-1e3, max_value=1e3, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(x=st.lists(finite, min_size=2, max_size=2), beta=st.lists(coefficient, min_size=2, max_size=2),
       cut=st.floats(min_value=-50, max_value=50), gap=st.floats(min_value=1e-6, max_value=1e6))
@pytest.mark.slow
def test_extreme_inputs_give_finite_probabilities_that_sum_to_one(x, beta, cut, gap):
    results = [
        binary_prediction(Layout("binomial", 2), [cut, *beta], x),
        multinomial_prediction(Layout("multinomial", 2, 3), [cut, *beta, -cut, beta[1], beta[0]], x),
        ordinal_prediction(Layout("ordinal", 2, 3), [*beta, cut, cut + gap], x),
    ]
    for result in results:
        assert np.all(np.isfinite(result.probabilities)) and np.all(result.probabilities >= 0)
        assert np.sum(result.probabilities) == pytest.approx(1.0, abs=1e-12)


# ---- the nomogram ---------------------------------------------------------------------

def test_binary_nomogram_total_points_read_back_the_models_probability(binary_model):
    X, model = binary_model
    chart = nomogram(model.layout_, model.params_, X.min(axis=0), X.max(axis=0))
    largest = np.argmax(np.abs(model.coef_[0]) * np.ptp(X, axis=0))
    assert chart.features[largest].max_points == pytest.approx(100.0)
    assert all(0 <= scale.max_points <= 100 + 1e-12 for scale in chart.features)
    expected = model.predict_proba(X)[:, 1]
    for row in range(0, X.shape[0], 9):
        total = chart.total_points(X[row])
        assert 0 <= total <= chart.total_max + 1e-9
        assert chart.probability(total)[0] == pytest.approx(expected[row], abs=1e-12)


def test_points_point_the_way_of_the_coefficients_sign():
    layout = Layout("binomial", 2)
    chart = nomogram(layout, [0.5, 2.0, -1.0], low=[0.0, 0.0], high=[1.0, 10.0])
    rising, falling = chart.features
    # -1 over a range of 10 is the larger effect: it spans 100 points, from its high end
    assert (falling.zero_at, falling.points(0.0), falling.max_points) == (10.0, 100.0, 100.0)
    assert (rising.zero_at, rising.points(1.0)) == (0.0, pytest.approx(20.0))
    assert chart.score_at_zero == pytest.approx(0.5 - 10.0) and chart.score_per_point == pytest.approx(0.1)


def test_ordinal_nomogram_reads_the_chance_above_each_cut(ordinal_model):
    X, model = ordinal_model
    chart = nomogram(model.layout_, model.params_, X.min(axis=0), X.max(axis=0))
    expected = model.predict_proba(X)
    for row in range(0, X.shape[0], 9):
        above = chart.probability(chart.total_points(X[row]))
        np.testing.assert_allclose(above, 1 - np.cumsum(expected[row])[:-1], rtol=0, atol=1e-12)
    for scale in chart.probability_scales:
        np.testing.assert_allclose([chart.probability(t)[scale.cut] for t in scale.total_points],
                                   scale.probabilities, rtol=1e-9)
        assert np.all(np.diff(scale.total_points) > 0)


def test_a_model_whose_features_change_nothing_has_no_nomogram():
    with pytest.raises(DataError, match="no nomogram"):
        nomogram(Layout("binomial", 2), [1.0, 0.0, 0.0], [0, 0], [1, 1])
    with pytest.raises(ValueError, match="multinomial"):
        nomogram(Layout("multinomial", 1, 3), np.zeros(4), [0], [1])


@pytest.mark.parametrize(("low", "high", "expected"), [
    (0.0, 1.0, [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]), (4.3, 7.9, [5.0, 6.0, 7.0]),
    (-3.0, 3.0, [-2.0, 0.0, 2.0]), (2.0, 2.0, [2.0]),
])
def test_round_ticks(low, high, expected):
    np.testing.assert_allclose(round_ticks(low, high), expected)
