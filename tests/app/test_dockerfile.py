"""The Dockerfile (no container engine runs here to build it): pinned, not root, health checked."""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINES = [line.strip() for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.strip().startswith("#")]


def instructions(name: str) -> list[str]:
    return [line for line in LINES if line.split()[0] == name]


def test_the_base_image_is_pinned_to_the_python_the_tests_run_on():
    (base,) = instructions("FROM")
    match = re.fullmatch(r"FROM python:(\d+)\.(\d+)\.(\d+)-slim-bookworm", base)
    assert match is not None, base
    assert tuple(int(part) for part in match.groups()[:2]) == sys.version_info[:2]


def test_the_app_does_not_run_as_root():
    (user,) = instructions("USER")
    assert user.split()[1] not in ("root", "0")
    assert LINES.index(user) < LINES.index(instructions("CMD")[0])


def test_the_health_check_has_an_interval_and_a_timeout():
    (check,) = instructions("HEALTHCHECK")
    assert re.search(r"--interval=\d+s", check) and re.search(r"--timeout=\d+s", check)
    assert "/_stcore/health" in " ".join(LINES)


def test_everything_the_app_imports_is_copied():
    copied = {line.split()[1] for line in instructions("COPY")}
    assert {"app.py", "pages", "ui", "logreg_core", ".streamlit", "requirements.txt"} <= copied
