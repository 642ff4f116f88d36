import sys
import time
from pathlib import Path

import pytest

# The app's packages (logreg_core, ui) import from the project root, as `streamlit run` does.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# A test that spends more processor time than this, in a run that leaves out the slow ones, is
# named at the end of the run, so that whoever wrote it marks it `@pytest.mark.slow` (the full
# run keeps it) or makes it faster. Processor time, not the clock: on a machine shared with
# other work the clock time of a test can triple while its processor time barely moves.
SLOW_CPU_SECONDS = 1.0
_unmarked_slow: list[tuple[float, str]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    # process time counts every thread of this process, so AppTest's script thread is included
    start = time.process_time()
    yield
    item.user_properties.append(("cpu_seconds", round(time.process_time() - start, 3)))


def pytest_runtest_logreport(report):
    if report.when != "call" or "slow" in report.keywords:
        return
    cpu = dict(report.user_properties).get("cpu_seconds", 0.0)
    if cpu > SLOW_CPU_SECONDS:
        _unmarked_slow.append((cpu, report.nodeid))


def pytest_terminal_summary(terminalreporter, config):
    if "not slow" not in (config.getoption("markexpr", "") or "") or not _unmarked_slow:
        return
    terminalreporter.section("unmarked slow tests")
    terminalreporter.write_line(
        f"These used more than {SLOW_CPU_SECONDS:g} s of processor time in a run without the slow tests: "
        "mark them @pytest.mark.slow (the full run keeps them) or make them faster."
    )
    for cpu, nodeid in sorted(_unmarked_slow, reverse=True):
        terminalreporter.write_line(f"{cpu:6.2f} s  {nodeid}")
