"""The downloaded animation is inert whatever a dataset is called."""

import html
import re

import plotly.graph_objects as go

from ui.exports import EXPORT_CONTENT_SECURITY_POLICY, animation_html

HOSTILE_NAME = "</title><script>alert(9)</script><img src=x onerror=alert(8)>\"'&"


def exported(title: str) -> str:
    figure = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], name="<b>label</b></script>"))
    return animation_html(figure, title).decode("utf-8")


def test_the_title_is_text_not_markup():
    page = exported(HOSTILE_NAME)
    assert f"<title>{html.escape(HOSTILE_NAME)}</title>" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    # the file's only script elements are plotly's own three
    assert len(re.findall(r"<script\b", page)) == 3


def test_the_title_comes_after_the_character_set():
    page = exported("Ünïcode datasét")
    assert page.index('<meta charset="utf-8" />') < page.index("<title>Ünïcode datasét</title>")
    assert page[: page.index("</head>")].count("<title>") == 1


def test_the_file_carries_a_policy_that_lets_nothing_be_fetched():
    page = exported("Descent")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert policy is not None and html.unescape(policy.group(1)) == EXPORT_CONTENT_SECURITY_POLICY
    directives = dict(part.strip().split(" ", 1) for part in EXPORT_CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert "http" not in EXPORT_CONTENT_SECURITY_POLICY and "*" not in EXPORT_CONTENT_SECURITY_POLICY


def test_trace_names_stay_inside_plotlys_json():
    # plotly.io writes < and > inside its JSON as \u003c and \u003e: a name cannot close the script
    page = exported("Descent")
    assert "</script></script>" not in page and "\\u003cb\\u003elabel" in page


def test_csv_keeps_the_index_name():
    import pandas as pd

    from ui.exports import safe_csv

    frame = pd.DataFrame({"coef": [1.0, -2.0]}, index=pd.Index(["intercept", "=x"], name="term"))
    assert safe_csv(frame).decode("utf-8-sig").splitlines() == ["term,coef", "intercept,1.0", "'=x,-2.0"]
