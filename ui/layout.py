"""page_setup(): the first call of every page: page config, sidebar navigation, active dataset."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from logreg_core.loss import warm_kernels
from ui import messages, reconnect, rerun_pacing, settings, state
from ui.favicon import favicon
from ui.text import literal

# Once per app process: the compiled kernels load (or compile, on a machine's first run) while nobody waits.
threading.Thread(target=warm_kernels, name="warm-kernels", daemon=True).start()

ROOT = Path(__file__).resolve().parent.parent
# once per process, before the first page's widgets exist: a browser reconnected from a dead process
# gets a page that follows its controls (ui/reconnect.py)
reconnect.install()
rerun_pacing.install()  # and one tab cannot starve the others (ui/rerun_pacing.py)


@dataclass(frozen=True)
class PageEntry:
    path: str  # relative to the app's folder, as st.page_link wants it
    label: str
    icon: str


# Every page of the app, in the order of the sidebar. A page appears only once its file
# exists, so the navigation never links to a page that is not there.
PAGES = (
    PageEntry("app.py", "Home", ":material/home:"),
    PageEntry("pages/1_data.py", "Data", ":material/table_chart:"),
    PageEntry("pages/2_train.py", "Train", ":material/play_circle:"),
    PageEntry("pages/3_sigmoid.py", "Sigmoid and odds", ":material/show_chart:"),
    PageEntry("pages/4_cross-entropy.py", "Cross-entropy", ":material/functions:"),
    PageEntry("pages/5_landscape.py", "Loss landscape", ":material/landscape:"),
    PageEntry("pages/6_evaluate.py", "Evaluate", ":material/analytics:"),
    PageEntry("pages/7_softmax.py", "Softmax", ":material/bar_chart:"),
    PageEntry("pages/8_ordinal.py", "Ordinal regression", ":material/stairs:"),
    PageEntry("pages/9_compare.py", "Compare models", ":material/compare_arrows:"),
)


def available_pages() -> tuple[PageEntry, ...]:
    return tuple(page for page in PAGES if (ROOT / page.path).exists())


PRESENTATION_FONT = 20
NORMAL_FONT = 14


def page_setup(title: str, icon: str = ":material/show_chart:") -> None:
    """Configure the page, apply a new link's settings and draw the shared sidebar. Call it first.

    Parameters
    ----------
    title : str
        Shown in the browser tab after the app's name.
    icon : str
        The page's icon in the browser tab.
    """
    # the link first: whether it asks for presentation mode decides the sidebar
    settings.apply_link()
    settings.enter_page(title)
    st.set_page_config(
        page_title=f"{title} · Logistic regression explorer",
        page_icon=favicon(icon),  # a local file: a :material/ icon would be fetched from the internet
        layout="wide",
        # on a projector the chart needs the whole width; the sidebar opens with its arrow
        initial_sidebar_state="collapsed" if presenting() else "expanded",
    )
    with st.sidebar:
        st.markdown("### Logistic regression explorer")
        for page in available_pages():
            st.page_link(page.path, label=page.label, icon=page.icon)
        st.divider()
        _dataset_summary()
        st.divider()
        settings.widget("present")
    if presenting():
        st.markdown(PRESENTATION_STYLE, unsafe_allow_html=True)
    missing = settings.missing_upload()
    if missing is not None:
        st.warning(literal(messages.missing_upload_note(missing, state.active_dataset().name)),
                   icon=":material/upload_file:")
    settings.sync_link()


# Presentation mode: the page's text grows for the back of the room (charts scale their own
# fonts), captions and widget labels with it; the space above the first element shrinks to
# the height of the toolbar, so a chart placed first fits a 720-pixel screen.
PRESENTATION_STYLE = """<style>
[data-testid='stMainBlockContainer'] { padding-top: 3.2rem; padding-bottom: 2rem; }
[data-testid='stMain'] [data-testid='stMarkdownContainer'] :is(p, li) { font-size: 1.3rem; }
[data-testid='stMain'] [data-testid='stCaptionContainer'],
[data-testid='stMain'] [data-testid='stCaptionContainer'] p { font-size: 1.1rem; }
[data-testid='stMain'] [data-testid='stWidgetLabel'] p { font-size: 1.15rem; }
[data-testid='stMain'] :is([data-testid='stSliderThumbValue'], [data-testid='stSliderTickBar']) { font-size: 1.05rem; }
[data-testid='stMain'] :is([data-testid='stSliderThumbValue'], [data-testid='stSliderTickBar']) p { font-size: inherit; }
[data-testid='stMain'] [data-testid='stDownloadButton'] button p { font-size: 1.1rem; }
</style>"""


def presenting() -> bool:
    """Whether presentation mode is on (it is in the link as present=true)."""
    return bool(settings.value("present"))


def chart_font_size() -> int:
    return PRESENTATION_FONT if presenting() else NORMAL_FONT


def explain(text: str) -> None:
    """An explanation: shown in full normally, folded away in presentation mode."""
    if presenting():
        with st.expander("Explanation"):
            st.markdown(text)
    else:
        st.markdown(text)


def hidden_controls() -> set[str]:
    """Controls a lecturer's link hides (hide=l2,start,seed): they keep their linked values."""
    return settings.hidden_controls()


def _dataset_summary() -> None:
    dataset = state.active_dataset()
    st.caption("Active dataset")
    st.markdown(f"**{literal(dataset.name)}**")
    st.caption(literal(
        f"{dataset.n_rows} rows · {dataset.n_features} feature{'s' if dataset.n_features != 1 else ''} · "
        + state.class_balance(dataset)
    ))
    split = state.active_split()
    if split is not None:
        train_part, test_part = state.training_parts()
        st.caption(f"Held out for testing: {test_part.n_rows} rows ({split.test_fraction:.0%}, seed {split.seed}).")
    if state.active_choice().kind == "upload":
        st.caption("An uploaded file cannot travel in a link: whoever opens this page's link sees the default dataset.")


def dark_theme() -> bool:
    """Whether the page is shown with a dark background (figures adapt their colours)."""
    theme = getattr(st.context, "theme", None)
    return getattr(theme, "type", "light") == "dark"


def show_chart(figure, key: str) -> None:
    """Draw a Plotly figure the way every page does.

    Streamlit's theming is off: restyling the figure in the browser on every rerun
    tripled the time to repaint; figures carry their own light or dark template instead.
    """
    st.plotly_chart(figure, key=key, theme=None, config={"displaylogo": False, "scrollZoom": False})
