"""Session state shared by the pages: the active dataset, its split, and cached training."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

import numpy as np
import streamlit as st
from numpy.typing import NDArray

from logreg_core import (
    Dataset,
    ExactFit,
    ThresholdSweep,
    TrainingRun,
    TrainingSettings,
    datasets,
    exact_fit,
    probabilities,
    stable_learning_rate,
    stratified_split,
    threshold_sweep,
    train,
)
from logreg_core.comparison import (
    ComparisonError,
    OneVsRestComparison,
    OrdinalComparison,
    OrdinalFits,
    compare_one_vs_rest,
    compare_ordinal,
    fit_ordinal_models,
)
from logreg_core.tabular import stratified_sample
from ui import settings
from ui.figures import PathSummary, View, training_animation
from ui.settings import DEFAULT_CHOICE, DataChoice, SplitChoice, active_choice, active_split, set_active_split

__all__ = [
    "DEFAULT_CHOICE", "DataChoice", "SplitChoice", "active_choice", "active_dataset", "active_split",
    "as_kind", "binary_dataset", "builtin_dataset", "class_balance", "model_kind", "model_notices", "natural_order",
    "possible_models", "reference_class", "source_dataset", "default_dataset", "set_active_dataset", "set_active_split",
    "clear_training_cache", "comparison", "stable_rate", "training_figure", "training_parts", "training_run", "training_runs_started",
    "MAX_TRAINING_ROWS", "PartScores", "part_scores", "training_sample",
]

# Rows gradient descent runs on. Each of its hundreds of steps reads every row: 500 steps on a
# million rows took 45 s of a loaded 2-core machine, on 20,000 rows 2-4 s. The mean gradient of a
# random sample this size points where the full one does, so the path looks the same.
MAX_TRAINING_ROWS = 20_000


Result = TypeVar("Result")


class RecentResults(Generic[Result]):
    """The last few results of a cached function, looked up by a key of Python's own hashing.

    Streamlit's cache hashes the arguments of every call with its own hasher, about 1 ms for a
    settings dataclass and a view; a whole Train page asks it nine times per rerun, a class of
    200 hundreds of times a second. The keys here are the same content (a dataset's fingerprint,
    frozen settings and views: equal only when everything the result shows is equal), hashed by
    Python in microseconds. A key not held here goes on to Streamlit's cache, which computes
    the result once for every session and keeps more of them.

    Parameters
    ----------
    size : int
        Results kept; the least recently used goes first.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._results: OrderedDict[Hashable, Result] = OrderedDict()
        self._lock = threading.Lock()
        _every_recent_results.append(self)

    def get(self, key: Hashable, compute: Callable[[], Result]) -> Result:
        """The result held for ``key``, else ``compute()``'s, kept for next time."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = compute()  # outside the lock: a slow computation must not hold up other keys
        with self._lock:
            self._results[key] = result
            self._results.move_to_end(key)
            while len(self._results) > self._size:
                self._results.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._results.clear()


_every_recent_results: list[RecentResults] = []
_recent_datasets: RecentResults[Dataset] = RecentResults(16)
_recent_runs: RecentResults[TrainingRun] = RecentResults(32)
_recent_stable_rates: RecentResults[float] = RecentResults(32)
_recent_figures: RecentResults = RecentResults(32)


def builtin_dataset(key: str, parameters: tuple[tuple[str, float], ...] = ()) -> Dataset:
    """A built-in dataset, built once per process and shared by all sessions (its arrays are read-only)."""
    return _recent_datasets.get((key, parameters), lambda: _cached_builtin_dataset(key, parameters))


@st.cache_resource(max_entries=32)
def _cached_builtin_dataset(key: str, parameters: tuple[tuple[str, float], ...] = ()) -> Dataset:
    return datasets.load(key, **dict(parameters))


def default_dataset() -> Dataset:
    return builtin_dataset(DEFAULT_CHOICE.key, DEFAULT_CHOICE.parameters)


def source_dataset() -> Dataset:
    """The active dataset as built or uploaded, before the model choice is applied."""
    choice = active_choice()
    if choice.kind == "builtin":
        return builtin_dataset(choice.key, choice.parameters)
    upload = settings.uploaded_dataset()
    return upload if upload is not None else default_dataset()


def possible_models(dataset: Dataset) -> tuple[str, ...]:
    """The model kinds a dataset's classes allow, as the Data page offers them (binary only for two classes)."""
    return ("multinomial", "ordinal", "binary") if dataset.n_classes >= 3 else ("binary",)


def model_kind() -> str:
    """The kind of model in force: "binary", "multinomial" or "ordinal".

    A built-in with three or more classes is fitted as the "Model" setting says; an upload
    was prepared for the kind chosen when it was used; two classes are always binary.
    """
    source = source_dataset()
    if active_choice().kind == "upload" or source.n_classes < 3:
        return source.kind
    kind = settings.value("model")
    return kind if kind in possible_models(source) else "binary"


def natural_order(dataset: Dataset) -> tuple[str, ...]:
    """The classes in the dataset's own order (for ordered data, lowest first)."""
    return dataset.class_names


def chosen_order(dataset: Dataset) -> tuple[str, ...]:
    """The level order of the "order" setting when it names every class once, else the natural order."""
    order = settings.value("order")
    if order and sorted(order) == sorted(dataset.class_names) and len(set(order)) == len(order):
        return tuple(order)
    return natural_order(dataset)


def as_kind(dataset: Dataset, kind: str, order: tuple[str, ...] | None = None) -> Dataset:
    """A dataset of K classes prepared for one kind of model.

    Multinomial keeps the classes unordered; ordinal puts them in ``order`` (lowest first,
    default: the dataset's order); binary takes the last class against all the others.
    """
    if kind == "multinomial":
        return dataset if not dataset.ordered else replace(dataset, ordered=False)
    if kind == "ordinal":
        levels = tuple(order) if order else dataset.class_names
        new_code = np.array([levels.index(name) for name in dataset.class_names], dtype=np.float64)
        return replace(dataset, y=new_code[dataset.y.astype(np.int64)], class_names=levels, ordered=True)
    if dataset.n_classes == 2:
        return dataset
    positive = dataset.n_classes - 1
    return replace(dataset, y=(dataset.y == positive).astype(np.float64),
                   class_names=("other", dataset.class_names[positive]), ordered=False)


@st.cache_resource(max_entries=32)
def _as_kind(fingerprint: str, kind: str, order: tuple[str, ...] | None, _dataset: Dataset) -> Dataset:
    return as_kind(_dataset, kind, order)


def active_dataset() -> Dataset:
    """The dataset every page works on, prepared for the model in force; the notes' table until
    the user picks another."""
    source = source_dataset()
    if active_choice().kind == "upload" or source.n_classes < 3:
        return source
    kind = model_kind()
    order = chosen_order(source) if kind == "ordinal" else None
    return _as_kind(source.fingerprint, kind, order, source)


def binary_dataset() -> Dataset:
    """The active dataset as a binary problem, for the pages about the binary model (the
    sigmoid, cross-entropy, the loss landscape): the last class against the rest when it has more."""
    dataset = active_dataset()
    if dataset.n_classes == 2:
        return dataset if not dataset.ordered else replace(dataset, ordered=False)
    return _as_kind(dataset.fingerprint, "binary", None, dataset)


def reference_class(dataset: Dataset) -> int:
    """The multinomial reference class's code: the "reference" setting's class, else the first."""
    chosen = settings.value("reference")
    return dataset.class_names.index(chosen) if chosen in dataset.class_names else 0


def model_notices(dataset: Dataset) -> list[str]:
    """Sentences about link values of the model settings that the dataset cannot use (plain text)."""
    notices = []
    chosen = settings.value("reference")
    if dataset.kind == "multinomial" and chosen is not None and chosen not in dataset.class_names:
        notices.append(
            f"Reference class: “{chosen}” is not a class of {dataset.name}; its classes are "
            f"{', '.join(dataset.class_names)}. Using {dataset.class_names[0]}."
        )
    order = settings.value("order")
    if dataset.kind == "ordinal" and order and tuple(order) != dataset.class_names:
        notices.append(
            f"Order of the levels: “{settings.SETTINGS['order'].link_text(order)}” does not name each level of "
            f"{dataset.name} once; its levels are {', '.join(dataset.class_names)}. Using that order."
        )
    kind = settings.value("model")
    if kind != "binary" and dataset.kind == "binary" and active_choice().kind == "builtin" \
            and source_dataset().n_classes < 3:
        notices.append(f"Model: {dataset.name} has two classes, so it is fitted as a binary model.")
    return notices


def set_active_dataset(dataset: Dataset, choice: DataChoice) -> None:
    """Make ``dataset`` active on every page (an upload is kept in the session; a built-in is rebuilt from the cache).

    Settings whose default depends on the data (standardising) start again from the new
    dataset's, unless only a synthetic dataset's parameters changed.
    """
    previous = active_choice()
    settings.set_active_choice(choice, dataset if choice.kind == "upload" else None)
    if (previous.kind, previous.key) != (choice.kind, choice.key) or choice.kind == "upload":
        settings.apply_dataset_defaults(dataset)


def training_parts() -> tuple[Dataset, Dataset | None]:
    """The rows to train on and the held-out rows (None without a split)."""
    dataset = active_dataset()
    split = active_split()
    if split is None:
        return dataset, None
    return _split_parts(dataset.fingerprint, split, dataset)


@st.cache_resource(max_entries=32)
def _split_parts(fingerprint: str, split: SplitChoice, _dataset: Dataset) -> tuple[Dataset, Dataset]:
    train_index, test_index = stratified_split(_dataset.y, split.test_fraction, split.seed)
    return (
        _dataset.rows(train_index, f"{_dataset.name}, training part"),
        _dataset.rows(test_index, f"{_dataset.name}, test part"),
    )


def training_sample(dataset: Dataset) -> Dataset:
    """The rows a training run uses: every row up to ``MAX_TRAINING_ROWS``, else a fixed random
    sample of that many with each class in its share (the same sample in every session)."""
    if dataset.n_rows <= MAX_TRAINING_ROWS:
        return dataset
    return _cached_sample(dataset.fingerprint, dataset)


@st.cache_resource(max_entries=16, show_spinner=False)
def _cached_sample(fingerprint: str, _dataset: Dataset) -> Dataset:
    return _dataset.rows(stratified_sample(_dataset.y, MAX_TRAINING_ROWS, seed=0), _dataset.name)


def training_run(dataset: Dataset, settings: TrainingSettings) -> TrainingRun:
    """The cached run for this dataset's content and these settings, trained on :func:`training_sample`.

    Keyed on the content hash and the frozen settings only, so a rerun that changes
    anything else (the threshold, the features shown) reuses the same run object; a page that
    passes the full dataset and one that passes its sample get the same run.
    """
    rows = training_sample(dataset)
    return _recent_runs.get((rows.fingerprint, settings), lambda: _cached_training_run(rows.fingerprint, settings, rows))


_training_runs = 0
_training_runs_lock = threading.Lock()


@st.cache_resource(max_entries=64, show_spinner="Training…")
def _cached_training_run(fingerprint: str, settings: TrainingSettings, _dataset: Dataset) -> TrainingRun:
    # cache_resource returns the very same object on a hit; TrainingRun is read-only, so
    # sessions can share it safely.
    global _training_runs
    with _training_runs_lock:
        _training_runs += 1
    exact = _cached_exact_fit(fingerprint, settings.kind, settings.standardize, settings.l2, _dataset)
    return train(_dataset.X, _dataset.y, settings, exact=exact)


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_exact_fit(fingerprint: str, kind: str, standardize: bool, l2: float, _dataset: Dataset) -> ExactFit:
    # keyed on what the exact fit depends on: a new learning rate, iteration count or start
    # reuses it (Newton on 10,000 rows and five classes takes a few tenths of a second)
    return exact_fit(_dataset.X, _dataset.y, TrainingSettings(kind=kind, standardize=standardize, l2=l2))


def training_runs_started() -> int:
    """How many trainings this process has run (cache misses): tests and benchmarks count retrains with it."""
    return _training_runs


def clear_training_cache() -> None:
    """Forget every cached training run and what was drawn of it (tests start from an empty cache with it)."""
    _cached_training_run.clear()
    _cached_exact_fit.clear()
    _cached_path_summary.clear()
    _cached_animation.clear()
    _cached_stable_rate.clear()
    for recent in _every_recent_results:
        if recent is not _recent_datasets:
            recent.clear()


def stable_rate(dataset: Dataset, settings: TrainingSettings) -> float:
    """The largest learning rate at which descent on these data (the rows it runs on, :func:`training_sample`)
    with these settings cannot diverge (:func:`logreg_core.stable_learning_rate`), computed once per
    dataset, scaling and L2."""
    rows = training_sample(dataset)
    key = (rows.fingerprint, settings.kind, settings.standardize, settings.l2)
    return _recent_stable_rates.get(key, lambda: _cached_stable_rate(*key, rows))


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_stable_rate(fingerprint: str, kind: str, standardize: bool, l2: float, _dataset: Dataset) -> float:
    family = "binomial" if kind == "binary" else kind  # the core names the binary family by its distribution
    return stable_learning_rate(_dataset.X, kind=family, n_classes=_dataset.n_classes, l2=l2, standardize=standardize)


def class_balance(dataset: Dataset) -> str:
    if dataset.n_classes > 2:
        counts = dataset.class_counts()
        joined = " < " if dataset.ordered else ", "
        return f"{dataset.n_classes} {'ordered levels' if dataset.ordered else 'classes'}: " + joined.join(
            f"{name} ({count})" for name, count in zip(dataset.class_names, counts))
    negative, positive = dataset.class_names
    n_positive = dataset.n_positive
    return (
        f"{n_positive} of class {positive}, {dataset.n_rows - n_positive} of class {negative} "
        f"({n_positive / dataset.n_rows:.0%} positive)"
    )



def threshold_grid() -> tuple[float, ...]:
    """Every value the threshold slider offers (0.01, 0.02, …, 0.99): counted in advance for each run."""
    setting = settings.SETTINGS["threshold"]
    count = int(round((setting.high - setting.low) / setting.step)) + 1
    return tuple(float(value) for value in np.round(setting.low + setting.step * np.arange(count), 10))


@st.cache_resource(max_entries=32, show_spinner=False)
def _cached_path_summary(fingerprint: str, settings: TrainingSettings, test_fingerprint: str | None,
                         _dataset: Dataset, _test: Dataset | None) -> PathSummary:
    # keyed without the view: a new threshold or pair of features reuses every pass over the rows
    return PathSummary.build(_dataset, training_run(_dataset, settings), _test, threshold_grid())


@st.cache_resource(max_entries=128, show_spinner=False)
def _cached_animation(fingerprint: str, settings: TrainingSettings, view: View, test_fingerprint: str | None,
                      _dataset: Dataset, _test: Dataset | None):
    summary = _cached_path_summary(fingerprint, settings, test_fingerprint, _dataset, _test)
    return training_animation(_dataset, training_run(_dataset, settings), view, test=_test, summary=summary)


def training_figure(dataset: Dataset, settings: TrainingSettings, view: View, test: Dataset | None):
    """The training animation for this data, settings and view, built once and shared.

    A class moving the threshold over the same few values, or one student moving it back
    and forth, gets the figure from the cache instead of rebuilding 100 frames. The figure
    is read-only (ui.figures.PlainFigure), so sharing it is safe.
    """
    key = (dataset.fingerprint, settings, view, None if test is None else test.fingerprint)
    return _recent_figures.get(key, lambda: _cached_animation(*key, dataset, test))


Comparison = OrdinalComparison | OneVsRestComparison | ComparisonError


def comparison(train_part: Dataset, test_part: Dataset | None, cut: int | None, l2: float,
               standardize: bool = False) -> Comparison:
    """The Compare page's fits on these training rows (and held-out rows), cached.

    An ordered dataset is compared as ordinal, multinomial and binary at level code ``cut``; an
    unordered one as multinomial against one-vs-rest. A comparison that cannot be made is
    cached as its ComparisonError, so a rerun does not refit to fail again. ``l2`` and
    ``standardize`` are the Train page's settings, so the fits are those of its exact fit.
    """
    return _cached_comparison(train_part.fingerprint, None if test_part is None else test_part.fingerprint,
                              cut if train_part.ordered else None, l2, standardize, train_part, test_part)


@st.cache_resource(max_entries=32, show_spinner="Fitting the models…")
def _cached_ordinal_fits(fingerprint: str, l2: float, standardize: bool, _train: Dataset) -> OrdinalFits | ComparisonError:
    # everything a new cut does not change: moving the cut then costs no refit
    try:
        return fit_ordinal_models(_train.X, _train.y, _train.n_classes, l2=l2, standardize=standardize)
    except ComparisonError as error:
        return error


@st.cache_resource(max_entries=64, show_spinner=False)
def _cached_comparison(fingerprint: str, test_fingerprint: str | None, cut: int | None, l2: float,
                       standardize: bool, _train: Dataset, _test: Dataset | None) -> Comparison:
    held_out = (None, None) if _test is None else (_test.X, _test.y)
    try:
        if _train.ordered:
            fits = _cached_ordinal_fits(fingerprint, l2, standardize, _train)
            if isinstance(fits, ComparisonError):
                return fits
            return compare_ordinal(_train.X, _train.y, _train.n_classes, cut if cut is not None else 1, *held_out,
                                   l2=l2, standardize=standardize, fits=fits)
        return compare_one_vs_rest(_train.X, _train.y, _train.n_classes, *held_out, l2=l2, standardize=standardize)
    except ComparisonError as error:
        return error


@dataclass(frozen=True, eq=False)
class PartScores:
    """One model's probabilities on one set of rows and the counts at every threshold, read-only.

    Attributes
    ----------
    probability : ndarray, shape (n,)
        P(class 1) of each row.
    sweep : ThresholdSweep or None
        None when the rows cannot give curves (``sweep_error`` says why).
    sweep_error : str or None
    """

    probability: NDArray[np.float64]
    sweep: ThresholdSweep | None
    sweep_error: str | None


def part_scores(data: Dataset, coef: NDArray[np.float64], intercept: float) -> PartScores:
    """The model (coef, intercept) scored on every row of ``data`` and swept over every threshold, once.

    A new threshold reuses it: sorting a million probabilities took longer than the rest of the
    Evaluate page together.
    """
    return _cached_part_scores(data.fingerprint, tuple(float(c) for c in coef), float(intercept), data)


# a million rows hold about 32 MB here (probabilities, and thresholds and two counts per distinct one)
@st.cache_resource(max_entries=8, show_spinner=False)
def _cached_part_scores(fingerprint: str, coef: tuple[float, ...], intercept: float, _data: Dataset) -> PartScores:
    probability = probabilities(_data.X, np.array(coef), intercept)
    probability.flags.writeable = False
    try:
        return PartScores(probability, threshold_sweep(_data.y, probability), None)
    except ValueError as error:
        return PartScores(probability, None, str(error))
