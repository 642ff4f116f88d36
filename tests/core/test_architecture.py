"""The core computes and never draws: it must not import streamlit or plotly."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "logreg_core"
FORBIDDEN = ("streamlit", "plotly")


def test_no_core_module_imports_streamlit_or_plotly():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {name}" for name in names if name.split(".")[0] in FORBIDDEN]
    assert not offenders


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
