import functools

import orjson
import pandas as pd
import pytest
from streamlit.runtime.scriptrunner import RerunData
from streamlit.testing.v1 import AppTest, local_script_runner

from ui.animation import PLAYER_NAME
from ui.layout import ROOT
from ui.text import unescape

TIMEOUT = 60


def run_page(path: str) -> AppTest:
    """Run a page the way a visitor reaches it: through the app's entry point."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if path != "app.py":
        at.switch_page(path)
    return at.run()


def player_arguments(at: AppTest) -> tuple[dict, dict]:
    """The Train page's animation player as the browser receives it: its figure, and its other arguments."""
    (player,) = at.get("component_instance")
    proto = player.proto
    assert proto.component_name == PLAYER_NAME
    (figure,) = [arg.bytes for arg in proto.special_args if arg.key == "figure"]
    return orjson.loads(figure), orjson.loads(proto.json_args)


def shown(elements) -> str:
    """The text of some elements as a reader sees it (escaped markup shown as typed), joined by spaces."""
    return " ".join(unescape(element.value) for element in elements)


def fragment_of(at: AppTest, widget) -> str:
    """The id of the fragment that drew ``widget`` ("" for the page itself), as Streamlit noted it for the widget."""
    metadata = at._session_state._state._new_widget_state.widget_metadata[widget.id]
    return metadata.fragment_id or ""


def rerun_fragment_of(at: AppTest, widget) -> AppTest:
    """Rerun the fragment that drew ``widget`` alone, as a browser does when the widget changes.

    AppTest's own ``run`` reruns the whole page. Here every request of the test's script runner
    names the fragment, as the browser's request does. Afterwards ``at`` holds what that run
    sent, which is the fragment's elements only; a later ``at.run()`` is a whole-page run again.
    """
    fragment = fragment_of(at, widget)
    assert fragment, f"{widget.key} is not drawn in a fragment"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(local_script_runner, "RerunData", functools.partial(RerunData, fragment_id_queue=[fragment]))
        return at._run(at._tree.get_widget_states())


def markdown_tables(at: AppTest) -> list[pd.DataFrame]:
    """The Markdown tables on the page (ui.text.markdown_table), read back as a reader sees them:
    the first column is the index, every cell the text shown."""
    tables = []
    for element in at.markdown:
        lines = element.value.splitlines()
        if len(lines) < 2 or not lines[0].startswith("| ") or not set(lines[1]) <= set("|-: "):
            continue
        rows = [[unescape(cell.strip()) for cell in line.strip()[1:-1].split(" | ")] for line in lines]
        header, body = rows[0], rows[2:]
        frame = pd.DataFrame([row[1:] for row in body], columns=header[1:],
                             index=pd.Index([row[0] for row in body], name=header[0] or None))
        tables.append(frame)
    return tables
