"""Text from a link, a file or a user, shown as typed: never as Markdown, HTML or LaTeX.

Streamlit renders Markdown (with HTML-like tags, ``$...$`` maths, ``:color[...]`` and
``:material/...:`` directives) in st.markdown, st.caption, alert bodies, widget labels and
help. A lecture link or an uploaded file's names reach every student who opens them, so
anything that did not come from the app's own source goes through :func:`literal` before it
is put into one of those elements. st.text, st.code, st.dataframe and widget values are
already literal and need nothing.
"""

from __future__ import annotations

import re

# CommonMark lets a backslash escape any ASCII punctuation character and then shows the
# character itself; escaping all of them covers Markdown, tags and entities (<, &), maths ($)
# and Streamlit's directives (:) without knowing which syntax a renderer enables.
_PUNCTUATION = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def literal(text: object) -> str:
    r"""``text`` escaped so that Streamlit's Markdown shows it exactly as typed.

    Parameters
    ----------
    text : object
        Any value; it is converted with ``str`` first.

    Returns
    -------
    str
        The text with every ASCII punctuation character backslash-escaped and line breaks
        turned into spaces (a line break could start a heading or a list).

    Examples
    --------
    >>> print(literal("**bold** $x$ <b>"))
    \*\*bold\*\* \$x\$ \<b\>
    """
    return _PUNCTUATION.sub(r"\\\1", _LINE_BREAKS.sub(" ", str(text)))


def unescape(markdown: str) -> str:
    """The text :func:`literal` was given (tests use it to check what a reader sees)."""
    return re.sub(r"\\(.)", r"\1", markdown)
