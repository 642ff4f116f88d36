"""The core computes and never draws: it must not import streamlit or plotly."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "logreg_core"
FORBIDDEN = ("streamlit", "plotly")


def _imported_packages(path: Path) -> list[str]:
    """Top-level package of every import in a file, module level or inside a function."""
    packages = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            packages += [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            packages.append(node.module.split(".")[0])
    return packages


def test_no_core_module_imports_streamlit_or_plotly():
    offenders = [f"{path.name}: {name}" for path in CORE.rglob("*.py") for name in _imported_packages(path)
                 if name in FORBIDDEN]
    assert not offenders


def test_no_core_module_imports_the_ui():
    """The core returns kinds and numbers; the pages' sentences live in ui and the core never reaches for them."""
    offenders = [f"{path.name}: {name}" for path in CORE.rglob("*.py") for name in _imported_packages(path)
                 if name == "ui"]
    assert not offenders


@pytest.mark.slow
def test_the_core_summaries_work_where_ui_cannot_be_imported():
    """A notebook without the app: the compatibility properties answer from the core alone."""
    code = (
        "import sys; sys.modules['ui'] = None\n"  # any `import ui...` now raises ImportError
        "import numpy as np\n"
        "from logreg_core import TrainingSettings, datasets, fit_newton, train\n"
        "from logreg_core.landscape import plane_descent\n"
        "notes = datasets.notes_table()\n"
        "status = train(notes.X, notes.y, TrainingSettings(iterations=50)).status\n"
        "path = plane_descent(notes.X, notes.y, np.zeros(2), 0.0, (0, 2), (0.0, 0.0), learning_rate=0.1,"
        " iterations=5)\n"
        "print(fit_newton(notes.X, notes.y).message, status.headline, status.detail, path.outcome(), sep='|')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=CORE.parent, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    message, headline, detail, outcome = result.stdout.strip().split("|")
    assert message.startswith("no finite maximum-likelihood estimate")
    assert headline == "no finite optimum: the classes are separated and L2 is 0; stopped at step 50"
    assert detail.startswith("loss 0.6931 -> ")
    assert outcome == "stopped after 5 steps; the loss rose at 0 steps"


@pytest.mark.slow
def test_importing_the_core_loads_neither():
    code = "import sys, logreg_core; print(','.join(m for m in ('streamlit', 'plotly') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], cwd=CORE.parent, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def _module_level_imports(path: Path, package: str) -> set[str]:
    """Sibling modules a file imports at module level (not inside functions or TYPE_CHECKING)."""
    names = set()
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            if node.module:
                names.add(f"{base}.{node.module}")
            else:
                names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def test_numeric_modules_take_part_in_no_import_cycle():
    """estimator.py and training.py used to import each other; no module of the mathematics may."""
    graph = {}
    for path in CORE.rglob("*.py"):
        parts = path.relative_to(CORE.parent).with_suffix("").parts
        module = ".".join(parts).removesuffix(".__init__")
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        graph[module] = {name for name in _module_level_imports(path, package) if not name.endswith("__init__")}
    numeric = [name for name in graph if name != "logreg_core" and not name.endswith((".data", ".datasets"))
               and ".tabular" not in name]

    def reaches(start, target, seen):
        for following in graph.get(start, ()):
            if following == target:
                return True
            if following not in seen and following in graph:
                seen.add(following)
                if reaches(following, target, seen):
                    return True
        return False

    cycles = [name for name in numeric if reaches(name, name, set())]
    assert cycles == []
