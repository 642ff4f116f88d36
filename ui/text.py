"""Text from a link, a file or a user, shown as typed: never as Markdown, HTML or LaTeX.

Streamlit renders Markdown (with HTML-like tags, ``$...$`` maths, ``:color[...]`` and
``:material/...:`` directives) in st.markdown, st.caption, alert bodies, widget labels and
help. A lecture link or an uploaded file's names reach every student who opens them, so
anything that did not come from the app's own source goes through :func:`literal` before it
is put into one of those elements. st.text, st.code, st.dataframe and widget values are
already literal and need nothing.

Plotly reads a small HTML subset (``<b>``, ``<i>``, ``<a href>``, ``<br>``, ``<sub>``, entities)
in legend names, titles, annotations, hover text and text traces, fills ``%{...}`` in hover
templates and hands ``$...$`` to MathJax where a page loads it: such strings take user text
through :func:`plotly_literal`.
"""

from __future__ import annotations

import html
import re

import pandas as pd

# Every ASCII punctuation character becomes a numeric character reference (":" -> "&#58;").
# CommonMark shows a reference as the character itself and never reads it as syntax, so this
# covers Markdown, tags and entities (<, &), maths ($), Streamlit's directives (:[]) and
# GitHub's bare-URL autolinks ("http://", "www.", "a@b.c"), which a backslash escape does
# not stop, without knowing which extensions a renderer enables.
_PUNCTUATION = re.compile(r"""[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~]""")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")
# GitHub-flavoured Markdown turns bare URLs and e-mail addresses into links after parsing,
# whatever their escaping. It links "http://" or "www." only after a space or punctuation, and
# an address only when a domain follows "@": an invisible word joiner (U+2060) before the one
# and after the other keeps them text.
WORD_JOINER = "\u2060"
_URL_START = re.compile(r"(?i)(https?:|www\.|mailto:|xmpp:)")
# A number as Python formats one (digits, a point, a sign, an exponent): nothing in it is Markdown.
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?|[-+]?(inf|nan)")


def literal(text: object) -> str:
    r"""``text`` escaped so that Streamlit's Markdown shows it exactly as typed.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str`` first.

    Returns
    -------
    str
        The text with every ASCII punctuation character written as a numeric character
        reference, line breaks turned into spaces (a line break could start a heading or
        a list), and an invisible word joiner (U+2060) before "http:", "www." and the like and
        after "@", so that no link is made of them.

    Examples
    --------
    >>> print(literal("**bold** <b>"))
    &#42;&#42;bold&#42;&#42; &#60;b&#62;
    """
    text = _LINE_BREAKS.sub(" ", str(text)).replace(WORD_JOINER, "")
    text = _URL_START.sub(WORD_JOINER + r"\1", text).replace("@", "@" + WORD_JOINER)
    return _PUNCTUATION.sub(lambda match: f"&#{ord(match.group())};", text)


def markdown_table(table: pd.DataFrame) -> str:
    """``table`` as one Markdown table for st.markdown, every heading and every cell but a plain number
    through :func:`literal`.

    st.table renders each of its cells as a Markdown element of its own, which a Train page pays
    for on every press (about 15 ms per table of some 40 cells in Chromium); one Markdown
    element holding the whole table costs a fraction of that. The index is the first column,
    under the index's name (or an empty heading); the cells are shown as their ``str``, and
    columns whose every cell reads as a number are aligned right.

    Parameters
    ----------
    table : DataFrame
        Cells already formatted as they are to be shown (numbers as text, for example).

    Returns
    -------
    str
    """
    headings = [table.index.name or "", *table.columns]
    columns = [[str(value) for value in table.index], *([str(value) for value in table[name]] for name in table.columns)]
    numbers = [bool(values) and all(_NUMBER.fullmatch(text) for text in values) for values in columns]
    rule = ["---:" if position > 0 and number else "---" for position, number in enumerate(numbers)]
    lines = ["| " + " | ".join(literal(heading) for heading in headings) + " |", "| " + " | ".join(rule) + " |"]
    # a number as Python writes it is plain text in a table cell, and costs the parser no entities
    lines += ["| " + " | ".join(text if _NUMBER.fullmatch(text) else literal(text) for text in row) + " |"
              for row in zip(*columns)]
    return "\n".join(lines)


def unescape(markdown: str) -> str:
    """The text :func:`literal` was given (tests use it to check what a reader sees)."""
    return html.unescape(markdown).replace(WORD_JOINER, "")


# Plotly turns character references back into characters after it has read tags, hover
# templates and maths, so these show as typed and are never read as markup.
_PLOTLY_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}
_PLOTLY_PATTERN = re.compile("[&<>$%]")


def plotly_literal(text: object) -> str:
    """``text`` escaped for a Plotly string (legend name, title, annotation, hover text, text trace).

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str`` first.

    Returns
    -------
    str
        The text with ``&``, ``<`` and ``>`` written as entities, and ``$`` and ``%`` as numeric
        character references, so that Plotly shows it as typed: no tag, link, image, hover
        template field or formula is made of it.

    Examples
    --------
    >>> print(plotly_literal("<b>x</b> & 5%"))
    &lt;b&gt;x&lt;/b&gt; &amp; 5&#37;
    """
    return _PLOTLY_PATTERN.sub(lambda match: _PLOTLY_SPECIAL[match.group()], str(text))
