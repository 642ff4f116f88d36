"""The Evaluate page's prediction calculator: every control, for each kind of model."""

import math

import pytest

from logreg_core import datasets
from ui.text import unescape

from .helpers import shown
from .test_links import open_link
from .test_markup_in_names import (  # noqa: F401 (uploaded is a fixture)
    FEATURE_BOLD,
    FEATURE_IMAGE,
    POSITIVE,
    assert_plotly_literal,
    chart_specs,
    uploaded,
)

EVALUATE, TRAIN = "pages/6_evaluate.py", "pages/2_train.py"
# a dataset for each kind, as a link opens it
KINDS = {
    "binary": {"dataset": "hours"},
    "multinomial": {"dataset": "iris", "model": "multinomial"},
    "ordinal": {"dataset": "latent_ordinal", "model": "ordinal"},
}
ROWS = {"binary": datasets.load("hours").X, "multinomial": datasets.load("iris").X,
        "ordinal": datasets.load("latent_ordinal").X}


def text_box(at, j: int):
    return at.text_input(key=f"calculator_text_{j}")


def probabilities(at) -> list[float]:
    """The calculator's probability column (one per class), as shown."""
    (table,) = [table for table in at.table if list(table.value.columns) == ["probability", "decision"]]
    return [float(value) for value in table.value["probability"]]


def terms_values(at) -> list[str]:
    """The "value x" column of the first step-by-step table, without the intercept and total rows."""
    table = next(table for table in at.table if "value x" in table.value.columns)
    return [value for value in table.value["value x"] if value != ""]


def called(at) -> str:
    """The class the calculator calls, read from its probability table."""
    (table,) = [table for table in at.table if list(table.value.columns) == ["probability", "decision"]]
    (name,) = [name for name, mark in table.value["decision"].items() if mark]
    return unescape(str(name))


def number(text: str) -> float:
    return float(text)


@pytest.fixture(params=list(KINDS))
def kind(request):
    return request.param


def test_the_calculator_starts_from_row_0_and_its_probabilities_sum_to_one(kind):
    at = open_link(EVALUATE, **KINDS[kind])
    assert not at.exception
    X = ROWS[kind]
    assert at.number_input(key="row").value == 0
    assert [number(text_box(at, j).value) for j in range(X.shape[1])] == pytest.approx(X[0].tolist())
    assert sum(probabilities(at)) == pytest.approx(1.0, abs=2e-4)
    assert [number(value) for value in terms_values(at)] == pytest.approx(X[0].tolist(), rel=1e-5)


def test_choosing_a_row_fills_in_its_values_and_changes_the_prediction(kind):
    at = open_link(EVALUATE, **KINDS[kind])
    X = ROWS[kind]
    before = probabilities(at)
    row = X.shape[0] - 1
    at.number_input(key="row").set_value(row).run()
    assert not at.exception
    assert [number(text_box(at, j).value) for j in range(X.shape[1])] == pytest.approx(X[row].tolist())
    assert [at.slider(key=f"calculator_slider_{j}").value for j in range(X.shape[1])] == pytest.approx(X[row].tolist())
    assert probabilities(at) != before
    assert at.query_params["row"] == str(row) and "at" not in at.query_params


def test_a_typed_value_changes_the_prediction_and_goes_into_the_link(kind):
    at = open_link(EVALUATE, **KINDS[kind])
    X = ROWS[kind]
    before = probabilities(at)
    typed = float(X[:, 0].max() + 3.0)  # beyond the data: the slider stops at its end
    text_box(at, 0).input(repr(typed)).run()
    assert not at.exception
    assert probabilities(at) != before
    assert number(terms_values(at)[0]) == pytest.approx(typed, rel=1e-5)
    assert at.slider(key="calculator_slider_0").value == pytest.approx(X[:, 0].max())
    assert "outside the data's range" in shown(at.caption)
    expected = "|".join([repr(typed), *(repr(float(value)).removesuffix(".0") for value in X[0, 1:])])
    assert at.query_params["at"] == expected


def test_moving_a_slider_updates_its_text_box_and_the_prediction(kind):
    at = open_link(EVALUATE, **KINDS[kind])
    X = ROWS[kind]
    before = probabilities(at)
    middle = float(round((X[:, 1 if X.shape[1] > 1 else 0].min() + X[:, 1 if X.shape[1] > 1 else 0].max()) / 2, 1))
    j = 1 if X.shape[1] > 1 else 0
    at.slider(key=f"calculator_slider_{j}").set_value(middle).run()
    assert not at.exception
    assert number(text_box(at, j).value) == pytest.approx(middle)
    assert probabilities(at) != before


@pytest.mark.parametrize("bad", ["abc", "nan", "inf", ""])
def test_a_value_that_is_not_a_number_gets_a_message_and_no_prediction(bad):
    at = open_link(EVALUATE, **KINDS["multinomial"])
    text_box(at, 1).input(bad).run()
    assert not at.exception
    message = shown(at.error)
    assert f"“{bad}” is not a number" in message and message.startswith("sepal_width_cm: ")
    assert not [table for table in at.table if list(table.value.columns) == ["probability", "decision"]]
    assert not at.latex
    # a number again brings the prediction back, with that number
    text_box(at, 1).input("2.5").run()
    assert not at.error
    assert number(terms_values(at)[1]) == 2.5


def test_a_link_restores_the_row_and_the_typed_values(kind):
    X = ROWS[kind]
    values = [round(float(value) + 0.25, 2) for value in X[5]]
    link = "|".join(repr(value).removesuffix(".0") for value in values)
    at = open_link(EVALUATE, **KINDS[kind], row="5", at=link)
    assert not at.exception
    assert not [warning for warning in at.warning if warning.icon == ":material/link_off:"]
    assert at.number_input(key="row").value == 5
    assert [number(text_box(at, j).value) for j in range(X.shape[1])] == pytest.approx(values)
    assert [number(value) for value in terms_values(at)] == pytest.approx(values, rel=1e-5)
    # the values survive a visit to another page
    at.switch_page(TRAIN).run()
    assert at.query_params["at"] == link
    at.switch_page(EVALUATE).run()
    assert [number(text_box(at, j).value) for j in range(X.shape[1])] == pytest.approx(values)


@pytest.mark.parametrize(("at_value", "row", "expected"), [
    ("1|x", None, "Calculator values: “1|x” cannot be used; it takes numbers joined by |"),
    ("1|nan", None, "Calculator values: “1|nan” cannot be used"),
    ("1|2|3", None, "has 3 values, but Hours studied"),
    (None, "900", "Row to start from: “900” is past the last row"),
])
def test_a_bad_link_value_gets_a_plain_message_and_the_rows_values(at_value, row, expected):
    link = {key: value for key, value in (("at", at_value), ("row", row)) if value is not None}
    at = open_link(EVALUATE, **KINDS["binary"], **link)
    assert not at.exception
    notices = shown(warning for warning in at.warning if warning.icon == ":material/link_off:")
    assert expected in notices
    assert number(text_box(at, 0).value) == pytest.approx(float(ROWS["binary"][0, 0]))
    assert sum(probabilities(at)) == pytest.approx(1.0, abs=2e-4)


def test_the_binary_decision_follows_the_threshold():
    at = open_link(EVALUATE, **KINDS["binary"])
    probability = probabilities(at)[1]
    assert 0 < probability < 1
    below = math.floor(probability * 100) / 100
    at.slider(key="threshold").set_value(max(0.01, below)).run()
    assert "called" in shown(at.markdown) and called(at).endswith("(1)")
    at.slider(key="threshold").set_value(min(0.99, below + 0.01)).run()
    assert called(at).endswith("(0)")


def test_names_from_a_file_are_shown_as_typed_in_the_nomogram(uploaded):  # noqa: F811
    at = uploaded
    at.switch_page(EVALUATE).run()
    assert not at.exception
    (figure,) = [spec for spec in chart_specs(at) if "Total points" in spec["layout"]["yaxis"].get("ticktext", [])]
    assert_plotly_literal(figure, (FEATURE_BOLD, FEATURE_IMAGE, POSITIVE))


def test_the_nomogram_figure_marks_the_inputs_at_their_points_and_reads_the_probability():
    import numpy as np

    from logreg_core import LogisticRegression
    from logreg_core.prediction import nomogram
    from ui.figures.nomogram import nomogram_figure

    data = datasets.load("breast_cancer")
    X = data.X[:, :3]
    model = LogisticRegression(solver="newton").fit(X, data.y)
    chart = nomogram(model.layout_, model.params_, X.min(axis=0), X.max(axis=0))
    figure = nomogram_figure(chart, data.feature_names[:3], data.class_names, X[7])
    labels = figure["layout"]["yaxis"]["ticktext"]
    assert labels == ["Points", *data.feature_names[:3], "Total points", f"P(y = {data.class_names[1]})"]
    current = next(trace for trace in figure["data"] if trace.get("name") == "current values")
    expected = [scale.points(value) for scale, value in zip(chart.features, X[7])]
    total = chart.total_points(X[7])
    np.testing.assert_allclose(current["x"], [*expected, total * 100 / chart.total_max, total * 100 / chart.total_max])
    assert float(current["text"][-1]) == pytest.approx(model.predict_proba(X[7:8])[0, 1], abs=5e-4)


def test_a_scale_drawn_right_to_left_keeps_its_tick_labels():
    """A negative coefficient lays a feature's ticks out right to left; spacing them must not blank all but one."""
    from ui.figures.nomogram import _spaced

    positions = [90.0, 70.0, 50.0, 30.0, 10.0, 8.0]
    labels = ["-4", "-3", "-2", "-1", "0", "0.1"]
    assert _spaced(positions, labels, char_width=2.0) == ["-4", "-3", "-2", "-1", "", "0.1"]
    assert _spaced(positions[::-1], labels[::-1], char_width=2.0) == ["0.1", "", "-1", "-2", "-3", "-4"]


def test_short_labels_sit_closer_than_long_ones():
    """0.4, 0.5 and 0.6 fit side by side where 0.999-wide labels would not (the 0.5 used to vanish)."""
    from ui.figures.nomogram import _spaced

    assert _spaced([0.0, 3.2, 6.4], ["0.4", "0.5", "0.6"], char_width=0.8) == ["0.4", "0.5", "0.6"]
    assert _spaced([0.0, 3.2, 6.4], ["0.404", "0.505", "0.606"], char_width=0.8) == ["0.404", "", "0.606"]


def test_a_value_far_outside_the_data_sits_at_the_end_of_its_scale():
    import numpy as np

    from logreg_core import LogisticRegression
    from logreg_core.prediction import nomogram
    from ui.figures.nomogram import nomogram_figure

    data = datasets.load("hours")
    model = LogisticRegression(solver="newton").fit(data.X, data.y)
    chart = nomogram(model.layout_, model.params_, data.X.min(axis=0), data.X.max(axis=0))
    for value, end, symbol in ((100.0, "max", "triangle-right"), (-1e308, "min", "triangle-left")):
        figure = nomogram_figure(chart, data.feature_names, data.class_names, np.array([value]))
        current = next(trace for trace in figure["data"] if trace.get("name") == "current values")
        low, high = figure["layout"]["xaxis"]["range"]
        assert all(low < x < high for x in current["x"])
        assert current["x"][0] == (chart.features[0].max_points if end == "max" else 0.0)
        assert current["marker"]["symbol"][0] == symbol
        assert "beyond this scale's end" in current["hovertext"][0]


def test_the_shown_terms_add_up_to_the_shown_score():
    """Shared decimals: 1.089 x 4.5 shown as 4.9 beside -2.834 would add up to 2.066 on paper, not 2.067."""
    from ui.calculator_view import sum_decimals, sum_texts

    assert sum_texts([-2.834, 4.9005, 2.0665]) == ["-2.834", "4.901", "2.067"]
    assert sum_decimals([0.0]) == 3
    assert sum_decimals([1e-9, 2e-9]) is None
    at = open_link(EVALUATE, dataset="hours", at="4.5")
    terms = next(t.value for t in at.table if "term w·x" in t.value.columns)
    column = [float(v) for v in terms["term w·x"]]
    assert sum(column[:-1]) == pytest.approx(column[-1], abs=1.5e-3)
    assert all(len(v.split(".")[-1]) == len(terms["term w·x"].iloc[0].split(".")[-1]) for v in terms["term w·x"])


@pytest.mark.parametrize("model, dataset", [("multinomial", "iris"), ("ordinal", "anes96")])
def test_a_penalised_fit_is_named_so_above_the_calculator(model, dataset):
    at = open_link(EVALUATE, dataset=dataset, model=model, l2="0.01")
    assert not at.exception
    texts = shown(at.caption) + shown(at.markdown)
    assert "the exact maximum-likelihood fit with L2 λ = 0.01" in texts
