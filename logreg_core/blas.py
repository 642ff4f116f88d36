"""Keeping BLAS to one thread inside the core's own row-parallel loops.

The core splits large matrices into row blocks and hands them to its own threads; each
block's matrix products are small. OpenBLAS would start its own threads for each of them,
and on a busy machine those threads spin waiting for cores: a 100,000 x 20 weighted Gram
matrix took 130 ms with two BLAS threads against 16 ms with one (measured on the 2-core
machine with other work running). ``threadpoolctl`` limits BLAS for the duration of a
computation; without it the products run as they are.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from typing import Any


@functools.cache
def _controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # optional: without it BLAS keeps its own threading
        return None
    return ThreadpoolController()


# How many blocks are inside single_threaded_blas now, in any thread: BLAS's thread count
# is one setting for the whole process, so the first block in sets it and the last one out
# restores it (each call to threadpoolctl costs 0.1-0.4 ms, which a Newton fit would
# otherwise pay some 60 times).
_depth = 0
_limiter: Any = None
_depth_lock = threading.Lock()
# Set by hold_one_thread: BLAS stays on one thread for the rest of the process.
_held = False


def hold_one_thread() -> None:
    """Keep BLAS on the calling thread for the rest of the process; :func:`single_threaded_blas` then costs nothing.

    For a server that runs one process per core (the app): its products are small, or run
    inside the core's own row-parallel loops, and a limit set and lifted around every
    computation costs 0.5-2 ms each time once BLAS's threads have gone idle (twice per
    training press on the Train page).
    """
    global _held
    controller = _controller()
    if controller is None:
        return
    with _depth_lock:
        if not _held:
            controller.limit(limits=1, user_api="blas")
            _held = True


@contextlib.contextmanager
def single_threaded_blas() -> Iterator[None]:
    """Within the block, BLAS runs on the calling thread only."""
    global _depth, _limiter
    controller = _controller()
    if controller is None or _held:
        yield
        return
    with _depth_lock:
        if _depth == 0:
            _limiter = controller.limit(limits=1, user_api="blas")
        _depth += 1
    try:
        yield
    finally:
        with _depth_lock:
            _depth -= 1
            if _depth == 0:
                if not _held:  # held meanwhile: one thread stays
                    _limiter.restore_original_limits()
                _limiter = None
