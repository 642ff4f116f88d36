"""Every page runs under AppTest without an exception."""

import pytest

from ui.layout import available_pages

from .helpers import run_page, shown


@pytest.mark.parametrize("entry", available_pages(), ids=lambda entry: entry.label)
def test_page_runs_without_exception(entry):
    at = run_page(entry.path)
    assert not at.exception, at.exception
    # the shared sidebar names the active dataset on every page
    assert "Teaching notes (20 rows)" in shown(at.sidebar.markdown)


def test_home_explains_the_model_and_shows_the_dataset():
    at = run_page("app.py")
    assert at.title[0].value == "Logistic regression explorer"
    assert any("sigma(z)" in latex.value for latex in at.latex)
    frame = at.dataframe[0].value
    assert list(frame.columns) == ["Feature1", "Feature2", "Label"] and len(frame) == 20


def test_home_names_the_three_kinds_and_where_each_lives():
    at = run_page("app.py")
    intro = shown(at.markdown)
    assert "**binary** (two classes, or one class against the rest" in intro
    assert "**multinomial** for unordered classes (the Softmax page)" in intro
    assert "**ordinal** for ordered categories (the Ordinal regression page)" in intro
    links = {link.label for link in at.get("page_link")}
    assert any(label.startswith("Ordinal regression: Ordered categories") for label in links), links
