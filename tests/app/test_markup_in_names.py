"""Markup in an uploaded file's name, column names and class labels is shown as typed on every page (issue 18).

Streamlit reads Markdown (with maths) in st.markdown, captions, alerts, headings, widget labels
and every cell of st.table; Plotly reads a subset of HTML in legend names, titles, annotations and
hover text. A file goes through all of them here, and each is checked twice: nothing of the
markup is left for the renderer to act on, and a reader still sees the names exactly as typed.
"""

import html
import re

import numpy as np
import orjson
import pandas as pd
import pytest

from logreg_core import Dataset, train
from logreg_core.training import TrainingSettings
from ui.concept_figures import (
    landscape_figure,
    losses_along_weight_figure,
    one_feature_sigmoid_figure,
    point_losses_figure,
)
from ui.figures import View, readout_text, training_animation
from ui.text import markdown_table, plotly_literal, unescape

from .helpers import player_arguments, run_page

FEATURE_BOLD = "**fat** <b>x</b>"
FEATURE_IMAGE = "<img src=http://127.0.0.1:9/x.png>"
TARGET = r"$\href{http://127.0.0.1:9/t}{t}$"
NEGATIVE = "[l](http://127.0.0.1:9/n)"
POSITIVE = "<i>pos</i> **p**"
FILE_NAME = "<b>f</b> [l](http://127.0.0.1:9/f) $x$ **file**.csv"
DATASET_NAME = FILE_NAME.rsplit(".", 1)[0]
NAMES = (FEATURE_BOLD, FEATURE_IMAGE, TARGET, NEGATIVE, POSITIVE, DATASET_NAME)
# What a Markdown or HTML renderer would act on in the names above, were they passed on raw.
MARKUP = ("**fat**", "**p**", "**file**", "<b>", "<i>", "<img", "$\\href", "$x$", "](http")

PAGES = ("app.py", "pages/1_data.py", "pages/2_train.py", "pages/3_sigmoid.py", "pages/4_cross-entropy.py",
         "pages/5_landscape.py", "pages/6_evaluate.py")
MARKDOWN_TYPES = {"title", "header", "subheader", "markdown", "caption", "latex", "info", "warning", "error",
                  "success"}
# Where each page shows the names (the sidebar shows the file's name and both labels on every page).
EXPECTED = {
    "app.py": (DATASET_NAME,),
    "pages/1_data.py": (DATASET_NAME,),  # the upload itself is checked while it is on the page
    "pages/2_train.py": (FEATURE_BOLD, FEATURE_IMAGE),
    "pages/3_sigmoid.py": (DATASET_NAME, FEATURE_BOLD, FEATURE_IMAGE, POSITIVE),
    "pages/4_cross-entropy.py": (DATASET_NAME, FEATURE_BOLD),
    "pages/5_landscape.py": (FEATURE_BOLD, FEATURE_IMAGE),
    "pages/6_evaluate.py": (NEGATIVE, POSITIVE, FEATURE_BOLD, FEATURE_IMAGE),
}


def marked_up_csv(n: int = 80) -> bytes:
    """Two overlapping classes (an exact fit exists), every name marked up."""
    rng = np.random.default_rng(5)
    labels = np.arange(n) % 2
    first = rng.normal(size=n) + labels
    second = rng.normal(size=n) - 0.5 * labels
    rows = "".join(f"{a:.4f},{b:.4f},{POSITIVE if k else NEGATIVE}\n" for a, b, k in zip(first, second, labels))
    return f"{FEATURE_BOLD},{FEATURE_IMAGE},{TARGET}\n{rows}".encode()


def walk(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from walk(child)


def markdown_texts(at) -> list[str]:
    """Every string the page hands to a Markdown renderer: texts, alerts, headings, table cells, labels, help."""
    texts = []
    for node in walk(at._tree):
        kind = getattr(node, "type", None)
        if kind in MARKDOWN_TYPES:
            texts.append(node.value)
        elif kind == "table":
            frame = node.value
            texts += [str(label) for label in (*frame.index, *frame.columns)]
            texts += [str(cell) for cell in frame.to_numpy().ravel()]
        for attribute in ("label", "help"):
            value = getattr(node, attribute, None)
            if isinstance(value, str):
                texts.append(value)
    return texts


def chart_specs(at) -> list[dict]:
    """Every Plotly figure of the page: Streamlit's charts and the Train page's player."""
    specs = [orjson.loads(node.proto.spec) for node in walk(at._tree) if getattr(node, "type", None) == "plotly_chart"]
    if at.get("component_instance"):
        specs.append(player_arguments(at)[0])
    return specs


def plotly_strings(figure: dict) -> dict[str, list[str]]:
    """A figure's strings that Plotly renders, grouped: names and titles, and other text (hover, readout)."""
    labels, other = [], []

    def visit(value, key=""):
        if isinstance(value, dict):
            for child_key, child in value.items():
                visit(child, child_key)
        elif isinstance(value, list):
            for child in value:
                visit(child, key)
        elif isinstance(value, str):
            if key in ("name", "text") and not key.endswith("revision"):
                labels.append(value)
            if key in ("text", "hovertext", "hovertemplate"):
                other.append(value)

    for trace in [*figure.get("data", []), *(t for f in figure.get("frames", []) for t in f.get("data", []))]:
        visit({key: value for key, value in trace.items() if key in ("name", "text", "hovertext", "hovertemplate")})
    layout = figure.get("layout", {})
    visit({key: value for key, value in layout.items() if key.startswith(("xaxis", "yaxis", "scene", "annotations",
                                                                           "title", "legend"))})
    return {"labels": labels, "other": other}


def assert_plotly_literal(figure: dict, expected: tuple[str, ...]) -> None:
    strings = plotly_strings(figure)
    own_tags = re.compile(r"</?(br|b|sub|extra)>")
    for text in strings["labels"] + strings["other"]:
        # Plotly reads no Markdown: tags, entities, hover fields and maths are what it acts on
        assert "$" not in text and "%{" not in text.replace("%{x}", "").replace("%{y}", "").replace("%{z", ""), text
        # the figures' own tags (<b>Iteration</b>, <br>, w<sub>1</sub>, <extra>) are the only ones left
        assert "<" not in own_tags.sub("", text), text
    shown_text = html.unescape(" ".join(strings["labels"] + strings["other"]))
    for name in expected:
        assert name in shown_text, name


@pytest.fixture(scope="module")
def uploaded():
    """An AppTest session with the marked-up file uploaded and made active."""
    at = run_page("pages/1_data.py")
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((FILE_NAME, marked_up_csv(), "text/csv")).run()
    assert not at.exception
    at.selectbox(key="upload_target").set_value(TARGET).run()
    at.selectbox(key=f"upload_positive_{TARGET}").set_value(POSITIVE).run()
    before = markdown_texts(at)
    next(button for button in at.button if button.label == "Use this dataset").click().run()
    assert not at.exception
    at.texts_while_uploading = (before, markdown_texts(at))
    return at


def test_the_data_page_shows_the_upload_as_typed(uploaded):
    """The file's name, the target, the positive class and "What was used", before and after it is used."""
    before, after = uploaded.texts_while_uploading
    for texts, expected in ((before, (FILE_NAME, TARGET, POSITIVE, NEGATIVE)), (after, (DATASET_NAME, POSITIVE))):
        for text in texts:
            assert not any(raw in text for raw in MARKUP), text
        seen = " ".join(unescape(text) for text in texts)
        for name in expected:
            assert name in seen, name
    assert any("What was used" in text and unescape(POSITIVE) in unescape(text) for text in after)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_shows_marked_up_names_as_typed(uploaded, page):
    at = uploaded
    at.switch_page(page).run()
    assert not at.exception
    texts = markdown_texts(at)
    for text in texts:
        assert not any(raw in text for raw in MARKUP), text
    seen = " ".join(unescape(text) for text in texts)
    for name in (DATASET_NAME, NEGATIVE, POSITIVE, *EXPECTED[page]):  # the sidebar names the dataset and its classes
        assert name in seen, (page, name)
    for figure in chart_specs(at):
        assert_plotly_literal(figure, ())


def test_the_train_page_figure_names_classes_and_features_as_typed(uploaded):
    at = uploaded
    at.switch_page("pages/2_train.py").run()
    figure, _ = player_arguments(at)
    assert_plotly_literal(figure, (FEATURE_BOLD, FEATURE_IMAGE, NEGATIVE, POSITIVE))


def marked_up_dataset() -> Dataset:
    rng = np.random.default_rng(3)
    y = (np.arange(60) % 2).astype(float)
    X = np.column_stack([rng.normal(size=60) + y, rng.normal(size=60) - y])
    return Dataset(name=DATASET_NAME, X=X, y=y, feature_names=(FEATURE_BOLD, FEATURE_IMAGE), target_name=TARGET,
                   class_names=(NEGATIVE, POSITIVE), description="test")


def test_figure_builders_escape_every_name():
    dataset = marked_up_dataset()
    run = train(dataset.X, dataset.y, TrainingSettings(learning_rate=0.5, iterations=30))
    for features in ((0, 1), (0,)):
        figure = training_animation(dataset, run, View(features=features), test=dataset).to_dict()
        assert_plotly_literal(figure, (FEATURE_BOLD, NEGATIVE, POSITIVE))
    one = Dataset(name=DATASET_NAME, X=dataset.X[:, :1], y=dataset.y, feature_names=(FEATURE_IMAGE,),
                  target_name=TARGET, class_names=(NEGATIVE, POSITIVE), description="test")
    assert_plotly_literal(one_feature_sigmoid_figure(one, 1.0, 0.0, 0.5).to_dict(), (FEATURE_IMAGE, NEGATIVE, POSITIVE))
    losses = np.linspace(0.1, 2.0, 60)
    assert_plotly_literal(point_losses_figure(dataset, losses, np.full(60, 0.5)).to_dict(), (FEATURE_BOLD, FEATURE_IMAGE))
    values = np.linspace(-1, 1, 5)
    assert_plotly_literal(losses_along_weight_figure(values, values ** 2, values ** 2, FEATURE_BOLD, 0.0).to_dict(),
                          (FEATURE_BOLD,))
    grid = np.ones((3, 3))
    for surface in (False, True):
        figure = landscape_figure(values[:3], values[:3], grid, [], (FEATURE_BOLD, FEATURE_IMAGE), None, surface=surface)
        assert_plotly_literal(figure.to_dict(), (FEATURE_BOLD, FEATURE_IMAGE))


def test_the_readout_escapes_names_but_keeps_its_own_tags():
    text = readout_text(3, np.array([1.0, -2.0]), 0.5, 0.3, 0.9, 0.5, (FEATURE_BOLD, FEATURE_IMAGE))
    assert text.startswith("<b>Iteration 3</b><br>")
    assert "<img" not in text and "<b>x" not in text
    assert FEATURE_IMAGE in html.unescape(text)


def test_the_plotly_helper_leaves_nothing_plotly_reads():
    for raw in (*NAMES, "a & b", "%{x} of 5%", "&lt;b&gt;", "<a href='http://x'>l</a>", "<br>"):
        escaped = plotly_literal(raw)
        assert not re.search(r"[<>$%]", escaped)
        assert not re.search(r"&(?!(amp|lt|gt|#36|#37);)", escaped)
        assert html.unescape(escaped) == raw


def test_a_markdown_table_shows_every_heading_and_cell_as_typed():
    table = pd.DataFrame({"value": ["1.5", "-2e-05"], FEATURE_BOLD: [NEGATIVE, "a | b"]},
                         index=pd.Index([FEATURE_IMAGE, TARGET], name=POSITIVE))
    text = markdown_table(table)
    assert not [markup for markup in MARKUP if markup in text]
    lines = text.splitlines()
    # one delimiter per cell edge: a pipe in a cell does not start a new one; numbers align right
    assert [line.count("|") for line in lines] == [4, 4, 4, 4]
    assert lines[1] == "| --- | ---: | --- |"
    cells = [[unescape(cell) for cell in line[2:-2].split(" | ")] for line in lines]
    assert cells[0] == [POSITIVE, "value", FEATURE_BOLD]
    assert cells[2:] == [[FEATURE_IMAGE, "1.5", NEGATIVE], [TARGET, "-2e-05", "a | b"]]
