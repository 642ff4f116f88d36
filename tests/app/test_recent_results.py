"""The process-wide shortcut in front of Streamlit's cache: same content, same result; other content, its own."""

from dataclasses import replace

import numpy as np

import ui.state
from logreg_core import TrainingSettings
from ui.figures import View
from ui.state import RecentResults


def test_a_key_is_computed_once_and_the_least_recent_goes_first():
    recent: RecentResults[str] = RecentResults(2)
    computed = []

    def compute(key):
        def make():
            computed.append(key)
            return f"result of {key}"
        return make

    assert recent.get("a", compute("a")) == "result of a"
    assert recent.get("a", compute("a")) == "result of a"
    recent.get("b", compute("b"))
    recent.get("a", compute("a"))  # a is now the most recent
    recent.get("c", compute("c"))  # so b goes
    recent.get("a", compute("a"))
    recent.get("b", compute("b"))
    assert computed == ["a", "b", "c", "b"]
    recent.clear()
    recent.get("a", compute("a"))
    assert computed[-1] == "a"


def test_datasets_that_differ_only_in_a_label_never_share_a_run_or_a_figure():
    ui.state.clear_training_cache()
    notes = ui.state.default_dataset()
    renamed = replace(notes, class_names=(notes.class_names[0], "someone else's label"))
    settings = TrainingSettings()
    view = View(features=(0, 1))
    ours, theirs = (ui.state.training_run(data, settings) for data in (notes, renamed))
    assert ours is ui.state.training_run(notes, settings)  # the same content: the run kept
    np.testing.assert_array_equal(ours.weights, theirs.weights)  # same numbers, yet each dataset its own entry
    figure = ui.state.training_figure(notes, settings, view, None)
    assert figure is ui.state.training_figure(notes, settings, view, None)
    other = ui.state.training_figure(renamed, settings, view, None)
    assert other is not figure
    assert b"someone else" in other.json_bytes and b"someone else" not in figure.json_bytes
    ui.state.clear_training_cache()
    assert ui.state.training_run(notes, settings) is not ours  # cleared: trained again
