"""AppTest fixtures shared by every page test."""

from __future__ import annotations

import functools

import pytest


@pytest.fixture(scope="session", autouse=True)
def scan_installed_components_once():
    """Scan the installed packages for Streamlit components once per test session.

    Every ``AppTest.run()`` of a new AppTest reads the metadata of every installed
    distribution in search of component manifests: about 0.45 s per test, a fifth of the
    AppTest suite's time, and always the same answer while the session runs (nothing is
    installed meanwhile). The result is remembered and handed out as a fresh list.
    """
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    remembered = functools.cache(scan)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests",
                      lambda max_workers=None: list(remembered(max_workers)))
        yield
