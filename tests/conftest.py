import sys
from pathlib import Path

# The app's packages (logreg_core, ui) import from the project root, as `streamlit run` does.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
