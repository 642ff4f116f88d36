"""One Train view and one Evaluate view per kind of model other than binary.

``pages/2_train.py`` and ``pages/6_evaluate.py`` draw the binary model themselves and hand
any other kind to ``ui/kinds/<kind>_train.py`` / ``ui/kinds/<kind>_evaluate.py``, each with
one function ``render``:

- ``<kind>_train.render(dataset, test, settings, features)``: below the page's title and
  training controls; ``settings`` is the TrainingSettings with ``kind`` set, ``features``
  the one or two feature indices the controls chose.
- ``<kind>_evaluate.render(dataset, test, settings)``: below the page's title.

``dataset`` is the training part (``test`` the held-out part or None), prepared for the
kind (``ui.state.active_dataset``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

KINDS = ("multinomial", "ordinal")


def view(kind: str, page: str) -> Callable[..., None]:
    """The ``render`` function of ``ui/kinds/<kind>_<page>.py`` (page "train" or "evaluate")."""
    if kind not in KINDS or page not in ("train", "evaluate"):
        raise ValueError(f"No view for kind {kind!r} on page {page!r}.")
    module = importlib.import_module(f"ui.kinds.{kind}_{page}")
    render: Callable[..., None] = module.render
    return render
