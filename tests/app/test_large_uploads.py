"""Large uploads stay bounded (issue 18, item 6): descent on a sample, the Evaluate page swept once
per model with curves thinned for drawing; and a link names its uploaded file (item 11)."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import ui.state
from logreg_core import TrainingSettings, prepare_dataset, read_csv_bytes, roc_auc, threshold_sweep, train
from logreg_core.tabular import stratified_sample
from ui.evaluation_figures import (
    MAX_CURVE_VERTICES,
    curve_vertices,
    metrics_by_threshold_figure,
    roc_pr_figure,
)
from ui.layout import ROOT

from .helpers import TIMEOUT, run_page, shown

DATA, TRAIN, EVALUATE = "pages/1_data.py", "pages/2_train.py", "pages/6_evaluate.py"


def csv_of(rows: int) -> bytes:
    rng = np.random.default_rng(7)
    y = (rng.random(rows) < 0.4).astype(int)
    X = rng.normal(size=(rows, 2)) + y[:, None] * np.array([1.0, -0.7])
    lines = [f"{a:.3f},{b:.3f},{c}" for (a, b), c in zip(X, y)]
    return ("first,second,outcome\n" + "\n".join(lines) + "\n").encode()


def csv_dataset(rows: int):
    frame = read_csv_bytes(csv_of(rows)).frame
    return prepare_dataset(frame, name="thousand", target="outcome")[0]


def upload_and_use(at: AppTest, name: str, content: bytes) -> AppTest:
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    at.button(key="use_dataset").click().run()
    assert not at.exception
    return at


@pytest.fixture
def small_sample(monkeypatch):
    """Sampling from 300 rows on, so that a 1,000-row file shows what a million-row one does."""
    monkeypatch.setattr(ui.state, "MAX_TRAINING_ROWS", 300)
    ui.state.clear_training_cache()
    yield 300
    ui.state.clear_training_cache()


@pytest.mark.slow
def test_descent_runs_on_a_sample_and_says_so(small_sample):
    at = upload_and_use(run_page(DATA), "thousand.csv", csv_of(1000))
    at.switch_page(TRAIN).run()
    assert not at.exception
    assert "Descent and the exact fit run on 300 of the 1,000 rows" in shown(at.info)
    assert "averaged over the 300 rows" in shown(at.markdown)
    # the page's loss is that of descent on the 300 sampled rows, not on all 1,000
    table = csv_dataset(1000)
    sample = table.rows(stratified_sample(table.y, 300, seed=0), table.name)
    settings = TrainingSettings(standardize=table.recommended_standardize)
    on_sample = train(sample.X, sample.y, settings).history.loss[-1]
    on_all = train(table.X, table.y, settings).history.loss[-1]
    comparison = next(t.value for t in at.table if "loss J" in t.value.index)
    shown_loss = float(comparison.loc["loss J"].iloc[0])
    assert shown_loss == pytest.approx(on_sample, rel=1e-5)
    assert shown_loss != pytest.approx(on_all, rel=1e-5)


def test_evaluate_counts_every_row_and_says_the_fit_used_a_sample(small_sample):
    at = upload_and_use(run_page(DATA), "thousand.csv", csv_of(1000))
    at.switch_page(EVALUATE).run()
    assert not at.exception
    assert "Training rows (1000)" in shown(at.markdown)
    assert "fitted on 300 of the 1,000 training rows" in shown(at.caption)


def test_a_new_threshold_on_evaluate_reuses_the_sweep(monkeypatch):
    sweeps = []
    original = ui.state.threshold_sweep
    monkeypatch.setattr(ui.state, "threshold_sweep", lambda *args: sweeps.append(1) or original(*args))
    ui.state._cached_part_scores.clear()
    at = run_page(EVALUATE)
    assert not at.exception and len(sweeps) == 1
    for threshold in (0.3, 0.7, 0.3):
        at.slider(key="threshold").set_value(threshold).run()
        assert not at.exception
    assert len(sweeps) == 1


def big_sweep(rows: int = 200_000):
    rng = np.random.default_rng(1)
    y = (rng.random(rows) < 0.3).astype(float)
    probability = 1 / (1 + np.exp(-(rng.normal(size=rows) + 1.5 * y - 1)))
    return threshold_sweep(y, probability)


def test_thinned_roc_curve_stays_within_a_pixel_of_every_vertex():
    sweep = big_sweep()
    fpr, tpr = sweep.fpr, sweep.tpr
    kept = curve_vertices(fpr, tpr)
    assert kept.size <= MAX_CURVE_VERTICES < fpr.size
    assert kept[0] == 0 and kept[-1] == fpr.size - 1
    # each vertex's distance to the drawn segment between the kept vertices around it
    after = np.clip(np.searchsorted(kept, np.arange(fpr.size)), 1, kept.size - 1)
    ax, ay, bx, by = fpr[kept[after - 1]], tpr[kept[after - 1]], fpr[kept[after]], tpr[kept[after]]
    length = (bx - ax) ** 2 + (by - ay) ** 2
    along = np.clip(((fpr - ax) * (bx - ax) + (tpr - ay) * (by - ay)) / np.where(length > 0, length, 1), 0, 1)
    distance = np.hypot(fpr - ax - along * (bx - ax), tpr - ay - along * (by - ay))
    assert distance.max() < 1 / 500  # a pixel of a 500-pixel chart


def test_curve_figures_send_a_few_thousand_points_and_the_auc_of_every_row():
    sweep = big_sweep()
    figure = roc_pr_figure({"training": sweep}, 0.5).to_dict()
    assert max(len(trace["x"]) for trace in figure["data"]) <= MAX_CURVE_VERTICES
    (roc,) = [trace for trace in figure["data"] if trace.get("name", "").startswith("ROC")]
    assert f"AUC {roc_auc(sweep):.3f}" in roc["name"]
    metrics = metrics_by_threshold_figure(sweep, 0.5).to_dict()
    assert max(len(trace["x"]) for trace in metrics["data"]) <= 2 * MAX_CURVE_VERTICES


def test_a_small_curve_keeps_every_vertex():
    x = np.linspace(0, 1, 50)
    np.testing.assert_array_equal(curve_vertices(x, x ** 2), np.arange(50))


def open_link(page: str, **params) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.switch_page(page)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def test_the_link_names_the_active_upload():
    at = upload_and_use(run_page(DATA), "semicolon.csv", csv_of(50))
    assert at.query_params["upload"] == "semicolon.csv"
    at.switch_page(TRAIN).run()
    assert at.query_params["upload"] == "semicolon.csv"


def test_a_session_without_the_linked_upload_says_to_load_it_again_on_every_page():
    at = open_link(TRAIN, upload="[class *marks*](https://example.invalid).csv", threshold="0.7")
    assert not at.exception
    (warning,) = [text for text in (w.value for w in at.warning) if "must be loaded again" in text]
    assert "[class *marks*](https://example.invalid).csv" in shown([w for w in at.warning if w.value == warning])
    assert "](https" not in warning  # shown as typed, never as a link
    assert "Teaching notes" in warning
    assert at.slider(key="threshold").value == 0.7  # the link's settings still apply
    at.switch_page(EVALUATE).run()
    assert any("must be loaded again" in w.value for w in at.warning)
    assert at.query_params["upload"] == "[class *marks*](https://example.invalid).csv"


def test_choosing_a_dataset_ends_the_missing_upload_notice():
    at = open_link(DATA, upload="gone.csv")
    assert any("must be loaded again" in w.value for w in at.warning)
    at.selectbox(key="dataset").set_value("challenger").run()
    assert not any("must be loaded again" in w.value for w in at.warning)
    assert "upload" not in at.query_params


def ordinal_csv_of(rows: int) -> bytes:
    rng = np.random.default_rng(11)
    first, second = rng.normal(size=rows), rng.normal(size=rows)
    codes = np.digitize(1.2 * first - second + rng.logistic(size=rows), [-1.0, 1.0])
    levels = ("low", "mid", "high")
    lines = [f"{a:.3f},{b:.3f},{levels[k]}" for a, b, k in zip(first, second, codes)]
    return ("first,second,grade\n" + "\n".join(lines) + "\n").encode()


def test_compare_fits_the_sample_and_says_so(small_sample):
    at = run_page(DATA)
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value(("grades.csv", ordinal_csv_of(1000), "text/csv")).run()
    at.selectbox(key="upload_target").set_value("grade").run()
    at.radio(key="model").set_value("ordinal").run()
    at.multiselect(key="order").set_value(["low", "mid", "high"]).run()
    at.button(key="use_dataset").click().run()
    assert not at.exception
    at.switch_page("pages/9_compare.py").run()
    assert not at.exception and at.table
    assert "fitted on 300 of the 1,000 training rows" in shown(at.info)
    assert "Fitted on all 300 rows" in shown(at.caption)
