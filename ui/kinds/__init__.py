"""One Train view and one Evaluate view per kind of model other than binary.

``pages/2_train.py`` and ``pages/6_evaluate.py`` draw the binary model themselves and hand
any other kind to ``ui/kinds/<kind>_train.py`` / ``ui/kinds/<kind>_evaluate.py``, each with
one function ``render``:

- ``<kind>_train.render(dataset, test, settings, features)``: below the page's title and
  training controls; ``settings`` is the TrainingSettings with ``kind`` set, ``features``
  the one or two feature indices the controls chose. A train module may also define
  ``introduce(dataset)`` (drawn above the controls) and ``conclude(dataset)`` (below the
  section) for what no training setting changes: :func:`train_section` keeps them out of
  the reruns that a training control starts.
- ``<kind>_evaluate.render(dataset, test, settings)``: below the page's title.

``dataset`` is the training part (``test`` the held-out part or None), prepared for the
kind (``ui.state.active_dataset``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import streamlit as st

from logreg_core import Dataset
from ui import settings
from ui.controls import training_controls

KINDS = ("multinomial", "ordinal")


def view(kind: str, page: str) -> Callable[..., None]:
    """The ``render`` function of ``ui/kinds/<kind>_<page>.py`` (page "train" or "evaluate")."""
    if kind not in KINDS or page not in ("train", "evaluate"):
        raise ValueError(f"No view for kind {kind!r} on page {page!r}.")
    module = importlib.import_module(f"ui.kinds.{kind}_{page}")
    render: Callable[..., None] = module.render
    return render


def train_section(dataset: Dataset, test: Dataset | None) -> None:
    """The Train page of a kind other than binary: the kind's introduction, then its training
    controls and ``render`` as one fragment, then its closing part.

    A press on a training control (learning rate, iterations, ...) reruns the fragment alone:
    the browser redraws the chart, the tables and the step inspector, while the sidebar, the
    title and the explanations (whose formulas KaTeX would typeset again) stay as they are,
    and the server skips the page's setup.
    """
    kind = dataset.kind
    view(kind, "train")  # the same check of the kind
    module = importlib.import_module(f"ui.kinds.{kind}_train")
    introduce: Callable[[Dataset], None] | None = getattr(module, "introduce", None)
    conclude: Callable[[Dataset], None] | None = getattr(module, "conclude", None)
    if introduce is not None:
        introduce(dataset)

    @st.fragment
    def training() -> None:
        chosen, features = training_controls(dataset)
        # a rerun of this fragment alone skips page_setup, which keeps the link in step
        settings.sync_link()
        module.render(dataset, test, chosen, features)

    training()
    if conclude is not None:
        conclude(dataset)
