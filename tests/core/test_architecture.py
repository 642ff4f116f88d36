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
