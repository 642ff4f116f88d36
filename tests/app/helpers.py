from streamlit.testing.v1 import AppTest

from ui.layout import ROOT

TIMEOUT = 60


def run_page(path: str) -> AppTest:
    """Run a page the way a visitor reaches it: through the app's entry point."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if path != "app.py":
        at.switch_page(path)
    return at.run()
