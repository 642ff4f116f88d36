"""ui.messages words the core's kinds and numbers for the pages; the core keeps only plain summaries."""

import numpy as np

from logreg_core import TrainingSettings, datasets, fit_newton, train
from logreg_core.descent import count_rises
from logreg_core.landscape import plane_descent
from ui import messages


def test_each_run_kind_has_its_own_words():
    notes = datasets.notes_table()
    headlines = {}
    for settings in (TrainingSettings(learning_rate=10.0), TrainingSettings(learning_rate=0.1),
                     TrainingSettings(learning_rate=1.0, standardize=True, l2=0.1, iterations=3000),
                     TrainingSettings(learning_rate=0.001, standardize=True, l2=0.1, iterations=50)):
        status = train(notes.X, notes.y, settings).status
        headlines[status.kind] = messages.status_headline(status)
        # The page's lesson is the UI's; the core's own summary states the kind without the lesson.
        assert status.headline != headlines[status.kind] and status.detail != messages.status_detail(status)
    assert set(headlines) == {"diverged", "separated", "converged", "improving"}
    assert "Diverged at step" in headlines["diverged"] and "10" in headlines["diverged"]
    assert "separable" in headlines["separated"]


def test_newton_message_names_separation_and_the_remedy():
    notes = datasets.notes_table()
    result = fit_newton(notes.X, notes.y)
    text = messages.newton_message(result)
    assert "no finite maximum-likelihood estimate" in text and "Add L2" in text
    # The remedy is the page's advice; the core's summary only states what happened.
    assert "Add L2" not in result.message and f"{result.n_iter} Newton steps" in result.message
    assert messages.newton_message(fit_newton(notes.X, notes.y, l2=0.1)).startswith("Converged in")


def test_plane_outcome_counts_rises_by_the_one_rule():
    data = datasets.hours_studied()
    path = plane_descent(data.X, data.y, np.zeros(1), 0.0, (0, 1), (0.0, 0.0), learning_rate=3.0, iterations=100)
    assert path.rises == count_rises(path.loss)
    assert messages.plane_outcome(path) == f"oscillating: the loss rose at {path.rises} steps"
    assert path.outcome() == f"stopped after 100 steps; the loss rose at {path.rises} steps"


def test_no_sentence_refers_to_numbers_a_page_does_not_show():
    """Issue 17: the separation sentence says where Newton stopped instead of pointing at numbers."""
    notes = datasets.notes_table()
    text = messages.newton_message(fit_newton(notes.X, notes.y))
    assert "numbers shown" not in text and "stopped after" in text
