"""The /ordinal concept page under AppTest, and its figures tested directly."""

import numpy as np
import pytest

from logreg_core import sigmoid
from ui.figures.ordinal_concept import (
    category_curves_figure,
    category_probabilities,
    cumulative_logit_figure,
    latent_density_figure,
    ordered_colours,
)
from ui.layout import available_pages

from .helpers import run_page


def table_column(at, name):
    return list(at.table[0].value[name])


def test_ordinal_page_is_in_the_navigation():
    assert "pages/8_ordinal.py" in [page.path for page in available_pages()]


def test_sliders_change_the_category_probabilities():
    at = run_page("pages/8_ordinal.py")
    assert not at.exception
    before = table_column(at, "P(y = j)")
    expected = category_probabilities(0.5, np.array([-2.0, 0.0, 2.0]))
    assert [float(v) for v in before] == pytest.approx(expected, abs=1e-4)
    at.slider(key="ordinal_x").set_value(3.0).run()
    moved = [float(v) for v in table_column(at, "P(y = j)")]
    assert moved == pytest.approx(category_probabilities(3.0, np.array([-2.0, 0.0, 2.0])), abs=1e-4)
    at.slider(key="ordinal_beta").set_value(-1.0).run()
    assert [float(v) for v in table_column(at, "P(y = j)")] == pytest.approx(
        category_probabilities(-3.0, np.array([-2.0, 0.0, 2.0])), abs=1e-4)
    at.slider(key="ordinal_theta2").set_value(-2.5).run()
    assert not at.exception
    assert any("must increase" in warning.value for warning in at.warning)


def test_two_categories_are_binary_logistic_regression():
    at = run_page("pages/8_ordinal.py")
    at.slider(key="ordinal_k").set_value(2).run()
    at.slider(key="ordinal_theta1").set_value(1.0).run()
    assert not at.exception
    text = " ".join(md.value for md in at.markdown)
    assert "intercept b = −θ₁ = -1" in text
    assert f"{float(sigmoid(0.5 - 1.0)):.4f}" in text


def test_density_pieces_have_the_category_probabilities_as_area():
    cutpoints = np.array([-1.0, 0.5, 2.0])
    figure = latent_density_figure(0.3, cutpoints, ["a", "b", "c", "d"])
    pieces = figure.data[:4]
    probability = category_probabilities(0.3, cutpoints)
    for piece, p in zip(pieces, probability):
        assert piece.name.endswith(f"{p:.3f}")
        half = len(piece.x) // 2
        area = np.trapezoid(np.array(piece.y[:half]), np.array(piece.x[:half]))
        assert area == pytest.approx(p, abs=0.02)


def test_curves_and_cumulative_lines():
    cutpoints = np.array([-1.0, 1.0])
    curves = category_curves_figure(1.5, cutpoints, 0.0, (-3.0, 3.0), ["lo", "mid", "hi"])
    totals = np.sum([np.array(trace.y) for trace in curves.data[:3]], axis=0)
    np.testing.assert_allclose(totals, 1.0, atol=1e-3)
    lines = cumulative_logit_figure(1.5, cutpoints, (-3.0, 3.0), ["lo", "mid", "hi"])
    slopes = [(trace.y[1] - trace.y[0]) / 6.0 for trace in lines.data]
    assert slopes == pytest.approx([-1.5, -1.5])


def test_ordered_palette_has_one_distinct_colour_per_category():
    for dark in (False, True):
        colours = ordered_colours(7, dark)
        assert len(set(colours)) == 7
