"""Tab icons come from files in the app, never from fonts.gstatic.com."""

from ui.favicon import FAVICON_DIRECTORY, favicon
from ui.layout import PAGES


def test_every_page_icon_has_a_local_svg():
    for page in PAGES:
        name = page.icon.removeprefix(":material/").removesuffix(":")
        assert favicon(page.icon) == FAVICON_DIRECTORY / f"{name}.svg"
        assert favicon(page.icon).read_text(encoding="utf-8").startswith("<svg ")


def test_an_icon_without_a_local_copy_falls_back_to_a_local_file():
    path = favicon(":material/no_such_icon:")
    assert path.parent == FAVICON_DIRECTORY and path.is_file()


def test_the_page_config_carries_the_icon_itself():
    # Streamlit turns an SVG file into a data: URL sent with the page; a :material/ code
    # would be turned into a fonts.gstatic.com address by the browser
    from streamlit.commands.page_config import _get_favicon_string

    assert _get_favicon_string(favicon(":material/home:")).startswith("data:image/svg+xml;base64,")
