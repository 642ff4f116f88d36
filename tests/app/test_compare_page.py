"""The /compare page under AppTest: every control, links, bad link values, and the datasets it cannot compare."""

import json

import numpy as np
import pytest

from logreg_core import stratified_split
from logreg_core.comparison import ComparisonError, compare_one_vs_rest, compare_ordinal, curves_along
from logreg_core.newton import fit_model
from logreg_core.objective import Layout
from logreg_core.tabular import catalogue
from logreg_core.training import TrainingSettings, exact_fit
from ui.figures.comparison import model_curves_figure, slopes_by_cut_figure
from ui.layout import available_pages
from ui.messages import comparison_problem
from ui.text import unescape

from .helpers import run_page, shown
from .test_links import open_link
from .test_markup_in_names import (
    FEATURE_BOLD,
    FEATURE_IMAGE,
    FILE_NAME,
    MARKUP,
    NEGATIVE,
    POSITIVE,
    TARGET,
    assert_plotly_literal,
    chart_specs,
    markdown_texts,
)

COMPARE = "pages/9_compare.py"
ANES = {"dataset": "anes96", "model": "ordinal"}
LEVELS = (NEGATIVE, "mid $x$ level", POSITIVE)  # marked-up level names, lowest first


@pytest.fixture(scope="module")
def anes():
    return catalogue.load("anes96")


def table_by_column(at, column: str):
    (table,) = [element.value for element in at.table if column in element.value.columns]
    return table


def chart(at, key: str) -> dict:
    (element,) = [element for element in at.get("plotly_chart") if element.proto.id and key in element.proto.id]
    return json.loads(element.proto.spec)


def test_the_page_is_in_the_navigation():
    assert COMPARE in [page.path for page in available_pages()]


@pytest.mark.slow
def test_ordinal_dataset_shows_three_models_with_the_core_numbers(anes):
    at = open_link(COMPARE, **ANES)
    assert not at.exception
    # defaults: the middle level, and the feature the ordinal fit finds strongest
    assert at.selectbox(key="cut").value == "independent"
    assert at.selectbox(key="cut").options == list(anes.class_names[1:])
    assert at.selectbox(key="along").value == "selfLR"
    expected = compare_ordinal(anes.X, anes.y, 7, 3)
    table = table_by_column(at, "Multinomial")
    assert list(table.columns[:3]) == ["Ordinal (proportional odds)", "Multinomial", "Binary at the cut †"]
    assert table.loc["Parameters k"].tolist()[:3] == ["11", "36", "6"]
    assert table.loc["Log-likelihood LL"].tolist()[:3] == [f"{score.log_likelihood:,.2f}" for score in expected.scores]
    assert table.loc["AIC"].tolist()[:3] == [f"{score.aic:,.2f}" for score in expected.scores]
    assert "Held-out log-loss" not in table.index  # no split
    text = shown(at.markdown)
    assert "compare AIC or BIC, not a likelihood-ratio test" in text and "the same sign" in text
    tests = table_by_column(at, "df")
    assert tests["df"].tolist() == ["5"] * 5
    assert tests["p"].tolist() == [f"{test.p_value:.3g}" for test in expected.lr_tests]
    slopes = table_by_column(at, "ordinal β")
    assert slopes["binary w at the cut"].tolist() == [f"{w:.4f}" for w in expected.binary_slopes]
    figure = chart(at, "compare_curves")
    assert figure["layout"]["xaxis"]["title"]["text"] == "selfLR"
    assert [trace["name"] for trace in figure["data"][:7]] == list(anes.class_names)
    assert at.query_params["cut"] == "independent" and at.query_params["along"] == "selfLR"


@pytest.mark.slow
def test_changing_the_cut_refits_the_binary_model_and_enters_the_link(anes):
    at = open_link(COMPARE, **ANES)
    at.selectbox(key="cut").set_value("weak Republican").run()
    assert not at.exception
    assert at.query_params["cut"] == "weak Republican"
    expected = compare_ordinal(anes.X, anes.y, 7, 5)
    table = table_by_column(at, "Multinomial")
    assert table.loc["Log-likelihood LL", "Binary at the cut †"] == f"{expected.scores[2].log_likelihood:,.2f}"
    assert "is the level “weak Republican” or higher?" in shown(at.markdown)
    slopes = chart(at, "compare_slopes")
    dots = slopes["data"][-1]
    assert dots["marker"]["size"][5 - 1] > dots["marker"]["size"][0]  # the chosen cut stands out


def test_changing_the_feature_redraws_the_chart_along_it():
    at = open_link(COMPARE, **ANES)
    at.selectbox(key="along").set_value("age").run()
    assert not at.exception
    assert at.query_params["along"] == "age"
    assert chart(at, "compare_curves")["layout"]["xaxis"]["title"]["text"] == "age"
    assert chart(at, "compare_slopes")["layout"]["yaxis"]["title"]["text"] == "slope of age"


def test_a_link_restores_the_cut_and_the_feature():
    at = open_link(COMPARE, **ANES, cut="weak Democrat", along="income")
    assert not at.exception
    assert at.selectbox(key="cut").value == "weak Democrat" and at.selectbox(key="along").value == "income"
    assert not [warning for warning in at.warning if warning.icon == ":material/link_off:"]


def test_bad_link_values_name_the_control_and_its_valid_values():
    at = open_link(COMPARE, **ANES, cut="strong Democrat", along="<b>shoe</b>")
    assert not at.exception
    notice = shown(at.warning)
    assert ("Binary cut: this level or higher: “strong Democrat” is not a level of Party identification, ANES 1996 "
            "(944 voters) above the lowest; it takes one of weak Democrat, independent Democrat, independent, "
            "independent Republican, weak Republican, strong Republican. Using independent.") in notice
    assert ("Feature along the chart: “<b>shoe</b>” is not a feature of Party identification, ANES 1996 (944 voters); "
            "it takes one of logpopul, selfLR, age, educ, income. Using selfLR.") in notice
    assert "<b>shoe</b>" not in " ".join(warning.value for warning in at.warning)  # shown as text, not markup
    assert at.selectbox(key="cut").value == "independent" and at.selectbox(key="along").value == "selfLR"
    assert at.query_params["cut"] == "independent" and at.query_params["along"] == "selfLR"


@pytest.mark.slow
def test_a_held_out_split_adds_held_out_rows(anes):
    at = open_link(COMPARE, **ANES, split_on="true", test_fraction="0.25", split_seed="3")
    assert not at.exception
    train, test = stratified_split(anes.y, 0.25, 3)
    expected = compare_ordinal(anes.X[train], anes.y[train], 7, 3, anes.X[test], anes.y[test])
    table = table_by_column(at, "Multinomial")
    assert table.loc["Held-out log-loss"].tolist()[:3] == [f"{s.test_log_loss:,.4f}" for s in expected.scores]
    assert table.loc["Held-out accuracy"].tolist()[:3] == [f"{s.test_accuracy:.1%}" for s in expected.scores]
    assert "Log-loss of the question at the cut (held-out rows)" in table.index
    # the binary model's held-out scores answer its yes/no question: said under the table and in the row notes
    assert "held-out log-loss and accuracy" in shown(at.caption)
    for row in ("Held-out log-loss", "Held-out accuracy"):
        assert "not comparable with the others'" in table.loc[row, "What it says"]


def test_the_notes_and_the_tests_say_what_is_true(anes):
    at = open_link(COMPARE, **ANES)
    assert not at.exception
    tests = table_by_column(at, "df")
    expected = compare_ordinal(anes.X, anes.y, 7, 3)
    assert tests["slopes at the cuts"].tolist() == [
        "differ (p < 0.05)" if test.p_value < 0.05 else "no evidence they differ" for test in expected.lr_tests]
    notes = table_by_column(at, "Multinomial")["What it says"]
    assert "never falls when parameters are added" not in " ".join(notes)
    assert "a model with more parameters of another form can still fit worse" in notes["Log-likelihood LL"]
    assert "rises and then falls" not in shown(at.caption) and "can rise and then fall" in shown(at.caption)


def test_a_binary_dataset_says_there_is_nothing_to_compare():
    at = open_link(COMPARE)
    assert not at.exception
    assert "two classes, so there is nothing to compare" in shown(at.info)
    assert "Pick a dataset with three or more classes on the Data page" in shown(at.info)
    assert not at.table and not at.selectbox


def test_a_dataset_fitted_as_one_class_against_the_rest_says_where_to_change_that():
    at = open_link(COMPARE, dataset="anes96", model="binary")
    assert not at.exception
    assert "Choose “Ordered categories” or “Unordered classes” as the model on the Data page" in shown(at.info)


def test_unordered_classes_compare_multinomial_with_one_vs_rest():
    at = open_link(COMPARE, dataset="clouds", model="multinomial")
    assert not at.exception
    clouds = catalogue.load("clouds")
    expected = compare_one_vs_rest(clouds.X, clouds.y, clouds.n_classes)
    assert [metric.value for metric in at.metric] == [f"{expected.sum_gap_max:.3f}", f"{expected.sum_gap_mean:.3f}"]
    table = table_by_column(at, "One-vs-rest (K binary fits)")
    assert table.loc["Parameters k"].tolist()[:2] == [str(2 * 3), str(3 * 3)]
    assert len(at.selectbox) == 1  # the feature; no cut for unordered classes
    at.selectbox(key="along").set_value("x1" if at.selectbox(key="along").value != "x1" else "x2").run()
    assert not at.exception
    figure = chart(at, "compare_curves")
    assert figure["data"][-1]["name"] == "sum of the K probabilities"


def test_separated_classes_get_a_sentence_and_l2_gives_the_comparison():
    at = open_link(COMPARE, dataset="iris", model="multinomial")
    assert not at.exception
    assert "has no finite estimate" in shown(at.error) and "Add L2 on the Train page" in shown(at.error)
    at = open_link(COMPARE, dataset="iris", model="multinomial", l2="0.01")
    assert not at.exception and not at.error
    assert "λ = 0.01" in shown(at.info) and "approximate" in shown(at.info)


@pytest.mark.slow
@pytest.mark.parametrize(("name", "kind", "column"), [("iris", "multinomial", "Multinomial"),
                                                      ("anes96", "ordinal", "Ordinal (proportional odds)")])
def test_with_l2_the_compared_fit_is_the_train_and_evaluate_pages_exact_fit(name, kind, column):
    # the Train page's exact fit penalises the standardised coefficients when Standardise is on
    at = open_link(COMPARE, dataset=name, model=kind, l2="0.01", standardize="true")
    assert not at.exception and not at.error
    dataset = catalogue.load(name)
    exact = exact_fit(dataset.X, dataset.y, TrainingSettings(kind=kind, standardize=True, l2=0.01)).reference
    raw = fit_model(dataset.X, dataset.y, Layout(kind, dataset.n_features, dataset.n_classes), l2=0.01)
    shown_ll = table_by_column(at, column).loc["Log-likelihood LL", column]
    assert shown_ll == f"{exact.log_likelihood:,.2f}" != f"{raw.log_likelihood:,.2f}"
    assert "standardised features" in shown(at.info)


@pytest.mark.slow
def test_with_l2_the_likelihood_ratio_tests_are_those_without_it(anes):
    at = open_link(COMPARE, **ANES, l2="0.01")
    assert not at.exception
    table = table_by_column(at, "df")
    unpenalised = compare_ordinal(anes.X, anes.y, 7, 3)
    assert table["χ² = 2 (LL larger − LL ordinal)"].tolist() == [f"{test.chi_square:.3f}"
                                                               for test in unpenalised.lr_tests]
    assert "fitted without L2" in shown(at.info)


@pytest.mark.slow
def test_the_figures_show_names_as_typed_and_one_colour_per_level(anes):
    expected = compare_ordinal(anes.X, anes.y, 7, 3)
    names = ["<b>low</b>", "mid $x$", *anes.class_names[2:]]
    curves = curves_along(expected, 1, n_points=11)
    figure = model_curves_figure(curves, [("ordinal", "Ordinal"), ("multinomial", "Multinomial"), ("binary", "Binary")],
                                 names, "<i>f</i>", ordered=True, cut=3).to_dict()
    text = json.dumps(figure)
    assert "<b>" not in text and "<i>" not in text and "$x$" not in text
    ordinal_colours = [trace["line"]["color"] for trace in figure["data"][:7]]
    multinomial_colours = [trace["line"]["color"] for trace in figure["data"][7:14]]
    assert ordinal_colours == multinomial_colours and len(set(ordinal_colours)) == 7
    # the binary panel's "or higher" curve has a colour no level has; the ordinal's own P(y >= cut) beside it
    binary = figure["data"][14:]
    assert binary[1]["line"]["color"] not in ordinal_colours and binary[1]["line"]["color"] != binary[0]["line"]["color"]
    np.testing.assert_allclose(binary[2]["y"], curves.probabilities["ordinal"][:, 3:].sum(axis=1), atol=1e-4)
    slopes = slopes_by_cut_figure(expected.cut_slopes[:, 1], expected.cut_low[:, 1], expected.cut_high[:, 1],
                                  float(expected.ordinal_slopes[1]), tuple(expected.ordinal_intervals[1]), names,
                                  "<i>f</i>", 3).to_dict()
    assert "<b>" not in json.dumps(slopes) and len(slopes["data"][-1]["y"]) == 6


def test_presentation_mode_folds_the_table_notes_away():
    at = open_link(COMPARE, **ANES, present="true")
    assert not at.exception
    table = table_by_column(at, "Multinomial")
    assert "What it says" not in table.columns
    assert any("AIC: −2 LL + 2k" in shown(expander.markdown) for expander in at.expander)
    # the long paragraphs are folded too: every place they appear is inside an expander
    for words in ("† The binary model predicts", "Ordinal against multinomial", "Under proportional odds"):
        folded = [element for expander in at.expander for element in expander.markdown if words in element.value]
        anywhere = [element for element in [*at.markdown, *at.caption] if words in element.value]
        assert len(folded) == len(anywhere) == 1


@pytest.mark.parametrize(("error", "words"), [
    (ComparisonError("empty_side", n_classes=4, cut=3, n_below=12, n_above=0),
     "The cut at d leaves no training row at or above it (12 below, 0 at or above)"),
    (ComparisonError("empty_side", n_classes=4, cut=1, n_below=0, n_above=12),
     "The cut at b leaves no training row below it (0 below, 12 at or above)"),
    (ComparisonError("cut_out_of_range", n_classes=4, cut=0), "one of b, c, d"),
    (ComparisonError("too_few_classes", n_classes=2), "there is nothing to compare"),
    (ComparisonError("no_estimate", n_classes=4, model="binary", level=2, separation="complete"),
     "The binary model at c or higher has no finite estimate: the classes are completely separated"),
    (ComparisonError("no_estimate", n_classes=4, model="one_vs_rest", level=0, separation="quasi-complete"),
     "The one-vs-rest model of a against the rest has no finite estimate: the classes are quasi-completely"),
    (ComparisonError("no_estimate", n_classes=4, model="ordinal", stop="data"),
     "The ordinal (proportional-odds) model cannot be fitted on these rows"),
    (ComparisonError("no_estimate", n_classes=4, model="multinomial", stop="no_progress"),
     "The multinomial model could not be fitted exactly (Newton's method stopped: no progress)"),
])
def test_every_problem_kind_has_its_sentence(error, words):
    assert words in comparison_problem(error, ("a", "b", "c", "d"))


def marked_up_ordinal_csv(n: int = 150) -> bytes:
    """Three ordered levels driven by two features, every name marked up."""
    rng = np.random.default_rng(8)
    first, second = rng.normal(size=n), rng.normal(size=n)
    latent = 1.5 * first - second + rng.logistic(size=n)
    codes = np.digitize(latent, [-1.0, 1.0])
    rows = "".join(f"{a:.4f},{b:.4f},{LEVELS[k]}\n" for a, b, k in zip(first, second, codes))
    return f"{FEATURE_BOLD},{FEATURE_IMAGE},{TARGET}\n{rows}".encode()


@pytest.mark.slow
def test_an_uploaded_ordinal_file_shows_its_names_as_typed():
    at = run_page("pages/1_data.py")
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((FILE_NAME, marked_up_ordinal_csv(), "text/csv")).run()
    at.selectbox(key="upload_target").set_value(TARGET).run()
    at.radio(key="model").set_value("ordinal").run()
    at.multiselect(key="order").set_value(list(LEVELS)).run()
    next(button for button in at.button if button.label == "Use this dataset").click().run()
    assert not at.exception
    at.switch_page(COMPARE).run()
    assert not at.exception and at.table
    texts = markdown_texts(at)
    for text in texts:
        assert not any(raw in text for raw in MARKUP), text
    seen = " ".join(unescape(text) for text in texts)
    for name in (*LEVELS[1:], FEATURE_BOLD, FEATURE_IMAGE):
        assert name in seen, name
    curves, slopes = chart_specs(at)
    assert_plotly_literal(curves, (*LEVELS, FEATURE_BOLD))
    assert_plotly_literal(slopes, (FEATURE_BOLD,))
    # the cuts are the slope chart's categories, which Plotly draws as tick labels (HTML): escaped too
    categories = slopes["layout"]["xaxis"]["categoryarray"]
    assert not any("<" in label or "$" in label for label in categories)
    assert [unescape(label) for label in categories] == [f"≥ {level}" for level in LEVELS[1:]]
