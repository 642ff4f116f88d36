import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from logreg_core import logit, odds, sigmoid


def test_sigmoid_known_values():
    assert sigmoid(0.0) == 0.5
    np.testing.assert_allclose(sigmoid([1.0, -1.0]), [0.7310585786300049, 0.2689414213699951], rtol=1e-15)
    # the two tails are mirror images to full relative precision
    np.testing.assert_allclose(sigmoid(-40.0), np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-15)


@pytest.mark.parametrize("z, expected", [(1e3, 1.0), (-1e3, 0.0), (1e300, 1.0), (-1e300, 0.0), (-800.0, 0.0), (800.0, 1.0)])
def test_sigmoid_extremes_are_exact_limits(z, expected):
    assert sigmoid(z) == expected


def test_sigmoid_small_tail_keeps_relative_precision():
    # 1 / (1 + exp(700)) computed naively overflows to 0 with a warning; exact is e^-700.
    np.testing.assert_allclose(sigmoid(-700.0), np.exp(-700.0), rtol=1e-14)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_sigmoid_in_unit_interval_for_any_float(z):
    value = float(sigmoid(z))
    assert 0.0 <= value <= 1.0
    assert float(sigmoid(-z)) == pytest.approx(1.0 - value, abs=1e-15)


@given(st.floats(min_value=-30, max_value=30, allow_nan=False))
def test_logit_inverts_sigmoid(z):
    # The sigmoid rounds p, and logit magnifies that rounding by 1/(p(1-p)) = 2 + e^z + e^-z.
    tolerance = 4e-16 * (2 + np.exp(abs(z))) * 4
    assert float(logit(sigmoid(z))) == pytest.approx(z, abs=tolerance)


def test_logit_and_odds_at_the_ends():
    np.testing.assert_array_equal(logit([0.0, 1.0, 0.5]), [-np.inf, np.inf, 0.0])
    np.testing.assert_array_equal(odds([0.0, 0.5, 1.0]), [0.0, 1.0, np.inf])
    assert np.isnan(logit(1.5)) and np.isnan(odds(-0.1))


def test_odds_equal_exp_of_log_odds():
    # near p = 1 the rounding of p is magnified by 1/(1-p) = 1 + e^z
    z = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(odds(sigmoid(z)), np.exp(z), rtol=1e-15 * (1 + np.exp(20.0)))


def test_odds_from_score_is_e_to_the_score_and_inf_past_the_float_range():
    import warnings

    from logreg_core import odds_from_score, sigmoid

    z = np.array([-3.0, 0.0, 2.5])
    p = sigmoid(z)
    np.testing.assert_allclose(odds_from_score(z), p / (1 - p), rtol=1e-12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert odds_from_score(1000.0) == np.inf
        assert odds_from_score(-1000.0) == 0.0


@pytest.mark.parametrize("classes", [2, 3, 7, 8, 12])
def test_softmax_along_a_short_last_axis_equals_numpys_reduction_bit_for_bit(classes):
    from logreg_core.functions import softmax

    rng = np.random.default_rng(classes)
    scores = rng.normal(scale=30.0, size=(4, 25, classes))
    scores[0, 0] = 700.0  # exp would overflow without the shift
    scores[1, 1, 0] = -np.inf  # a class that cannot happen
    top = np.max(scores, axis=-1, keepdims=True)
    shifted = np.exp(scores - top)
    expected = shifted / np.sum(shifted, axis=-1, keepdims=True)
    np.testing.assert_array_equal(softmax(scores), expected)
    np.testing.assert_array_equal(softmax(scores[2]), expected[2])  # a (rows, K) table
    np.testing.assert_array_equal(softmax(scores[3, 4]), expected[3, 4])  # one row
    np.testing.assert_array_equal(softmax(np.moveaxis(scores, -1, 0), axis=0), np.moveaxis(expected, -1, 0))
