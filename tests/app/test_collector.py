"""The app's processes collect cyclic garbage less often than Python's default, and keep BLAS on one thread
(ui/__init__.py)."""

import gc

import ui
from logreg_core import blas


def test_importing_the_app_sets_the_collector_threshold():
    assert gc.get_threshold() == (ui.YOUNG_GENERATION_ALLOCATIONS, 20, 100)
    assert gc.isenabled()  # less often, never off


def test_importing_the_app_keeps_blas_on_one_thread():
    assert blas._held
