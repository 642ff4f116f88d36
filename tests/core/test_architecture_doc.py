"""docs/ARCHITECTURE.md names real files: a renamed or removed module fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "ARCHITECTURE.md"
# A backticked repository path: starts at a top-level folder of the project.
PATH = re.compile(r"`((?:logreg_core|ui|pages|tests|benchmarks|docs)/[\w./-]*)`")


def named_paths() -> list[str]:
    return sorted(set(PATH.findall(DOC.read_text(encoding="utf-8"))))


def test_the_document_names_paths():
    assert len(named_paths()) >= 20


def test_every_path_the_document_names_exists():
    missing = [path for path in named_paths() if not (ROOT / path).exists()]
    assert not missing, f"docs/ARCHITECTURE.md names paths that do not exist: {missing}"
