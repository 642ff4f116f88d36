import orjson
from streamlit.testing.v1 import AppTest

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
