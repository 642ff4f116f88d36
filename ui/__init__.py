"""Streamlit and Plotly glue shared by the pages; the mathematics lives in logreg_core."""

import gc

from logreg_core.blas import hold_one_thread

# Python's cyclic garbage collector makes a young-generation pass every 700 new container
# objects by default, and one rerun of a page creates far more than that (Streamlit's
# messages and element trees), most of them freed by reference counting without any pass.
# Collecting every 50,000 allocations, the older generations less often, took 200 sessions
# with retrains on two processes from p95 1.85-2.1 s to 1.5-1.7 s (benchmarks/bench_load.py,
# runs alternating on a quiet 2-core machine). Cycles wait a little longer to be freed.
YOUNG_GENERATION_ALLOCATIONS = 50_000
gc.set_threshold(YOUNG_GENERATION_ALLOCATIONS, 20, 100)

# One process per core (README): BLAS's own threads would only compete with the other process,
# and limiting them around each computation instead costs 0.5-2 ms a time.
hold_one_thread()
