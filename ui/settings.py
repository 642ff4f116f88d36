"""Every setting of the app declared once, and the one module that touches session and link.

A :class:`Setting` holds a setting's name in the link (also its widget key), its widget and
label, its default and valid range, its help text and the session key it survives page
changes in. Everything else reads settings through this module: pages draw a setting with
:func:`widget` and read one with :func:`value`; :func:`apply_link` takes a new link's values
once per session and :func:`sync_link` writes the session's settings back into the page's
link. Nothing outside this module reads or writes ``st.session_state`` or ``st.query_params``
(a test checks it); page-local state (an upload being read, the sigmoid page's linked
inputs) goes through :func:`local` and :func:`set_local`.

To add a setting (a model kind, a reference class, a level order), declare one more
``Setting`` in ``SETTINGS`` with group "model", draw it with ``widget(key, container)`` and
read it anywhere with ``value(key)``; the link, the page-change memory, the bad-link message
and the registry's round-trip test (tests/app/test_settings.py, which needs to know which
page draws it) follow. A choice whose options depend on the data (a reference class among
the dataset's levels) passes them to ``widget(key, options=...)`` and validates a linked value
against them on the page that knows them.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

import streamlit as st

from logreg_core import Dataset, TrainingSettings, datasets
from ui.text import literal

Widget = Literal["select_slider", "slider", "toggle", "radio", "number", "selectbox", "multiselect", "none"]
# "model" is for the settings the next model kinds bring (kind, reference class, level order):
# remembered and linked like the training settings.
Group = Literal["dataset", "split", "model", "training", "view"]

_TRAINING_DEFAULTS = TrainingSettings()

# The built-ins the pages offer, by their keys in logreg_core.datasets, with their titles; the
# last four have three or more classes, for the multinomial and ordinal models.
BUILTIN_TITLES = {
    "notes": "Teaching notes (20 rows, 2 features, separable)",
    "hours": "Hours studied vs passed (1 feature)",
    "challenger": "Challenger O-rings (1 feature, real data)",
    "breast_cancer": "Breast cancer, Wisconsin (10 features, real data)",
    "two_clouds": "Two clouds (synthetic, adjustable)",
    "xor": "XOR (synthetic, no line separates it)",
    "iris": "Iris (3 species, 4 features, real data)",
    "clouds": "K clouds (3 to 6 classes, synthetic, adjustable)",
    "anes96": "Party identification, ANES 1996 (7 ordered levels, real data)",
    "latent_ordinal": "Ordered levels from a latent score (3 to 6 levels, synthetic, adjustable)",
}
# The synthetic built-ins' builders: their keyword defaults are the parameters' defaults.
_SYNTHETIC_BUILDERS: dict[str, Callable[..., Dataset]] = {
    "two_clouds": datasets.two_clouds, "xor": datasets.xor,
    "clouds": datasets.clouds, "latent_ordinal": datasets.latent_ordinal,
}
# A builder's parameter name -> its name in the link and its widget key.
_PARAMETER_LINK_NAMES = {"n_points": "n_points", "n_classes": "n_classes", "separation": "separation",
                         "noise": "noise", "seed": "data_seed"}
# The three kinds of model, as the Data page offers them (the link holds the key).
MODEL_TITLES = {
    "multinomial": "Unordered classes (multinomial)",
    "ordinal": "Ordered categories (ordinal)",
    "binary": "One class against the rest (binary)",
}
# Levels of an order in a link: "low|medium|high".
ORDER_SEPARATOR = "|"
# The prediction calculator's values in a link, in the features' order: "5.1|3.5|1.4|0.2".
CALCULATOR_SEPARATOR = "|"


def _rate(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Setting:
    """One setting: how the link spells it, how it is drawn, what it may be.

    Attributes
    ----------
    key : str
        Its name in the link, and the key of its widget.
    label : str
        The widget's label; messages name the setting by it.
    group : {"dataset", "split", "model", "training", "view"}
        What it changes: the data, the held-out part, the model fitted (kind, reference
        class, level order), the training run, or only the view.
    default : object
        The value without a link or a choice (None for the synthetic datasets' parameters,
        whose defaults depend on the dataset: see :func:`builtin_defaults`).
    widget : str
        How it is drawn: select_slider, slider, toggle, radio, number, selectbox, or none.
    options : tuple
        The allowed values of a choice (select_slider, radio, selectbox).
    low, high, step : float or None
        The range of a number and its step.
    integer : bool
        Whether a number is whole.
    help : str
        The widget's help text.
    format : callable or None
        How an option is shown (and named in messages).
    separator : str or None
        A list in the link, its items joined by this (the level order, the calculator's values).
    numbers : bool
        With ``separator``: the items are finite numbers (their count is checked by the page
        that knows the data).
    dataset_default : callable or None
        The default for a given active dataset, when it depends on the data (standardising
        where the features' scales differ); ``default`` is then the core's own default.
    """

    key: str
    label: str
    group: Group
    default: Any
    widget: Widget
    options: tuple = ()
    low: float | None = None
    high: float | None = None
    step: float | None = None
    integer: bool = False
    help: str | None = None
    format: Callable[[Any], str] | None = None
    separator: str | None = None
    numbers: bool = False
    dataset_default: Callable[[Dataset], Any] | None = None

    @property
    def session_key(self) -> str:
        """Where the value survives while a page without its widget is shown."""
        return f"saved.{self.key}"

    def show(self, value: Any) -> str:
        """A value as the page shows it."""
        return self.format(value) if self.format else self.link_text(value)

    def parse(self, raw: str) -> Any | None:
        """The valid value ``raw`` (text from a link) stands for, or None."""
        if self.widget == "toggle":
            return {"true": True, "false": False, "1": True, "0": False}.get(raw.strip().lower())
        if self.separator is not None and self.numbers:  # finite numbers, counted by the page
            try:
                values = tuple(float(item) for item in raw.split(self.separator))
            except ValueError:
                return None
            return values if values and all(math.isfinite(value) for value in values) else None
        if self.separator is not None:  # a list of labels, checked against the data by the page
            items = tuple(item for item in raw.split(self.separator) if item)
            return items or None
        if self.low is None and not self.options:  # a label, checked against the data by the page
            return raw or None
        if self.options:
            for option in self.options:
                if str(option) == raw or (isinstance(option, float) and _float_equal(raw, option)):
                    return option
            return None
        try:
            number = int(raw) if self.integer else float(raw)
        except ValueError:
            return None
        return number if self.low <= number <= self.high else None

    def link_text(self, value: Any) -> str:
        """A value as the link writes it."""
        if isinstance(value, bool):
            return str(value).lower()
        if self.separator is not None and isinstance(value, (tuple, list)):
            return self.separator.join(map(_shortest if self.numbers else str, value))
        return f"{value:g}" if isinstance(value, float) else str(value)

    def valid_values(self) -> str:
        """What the setting accepts, in words, for a message."""
        if self.widget == "toggle":
            return "true or false"
        if self.options:
            return "one of " + ", ".join(self.show(option) for option in self.options)
        if self.numbers:
            return f"numbers joined by {self.separator}, one for each feature in the features' order"
        if self.low is None:
            return "a class of the chosen dataset"
        kind = "a whole number" if self.integer else "a number"
        return f"{kind} from {self.show(self.low)} to {self.show(self.high)}"

    def clamp(self, number: float) -> float:
        """The nearest value of a number setting's range (for values computed elsewhere)."""
        return min(self.high, max(self.low, number))


def _shortest(number: float) -> str:
    """The shortest text that reads back as the same float, without a trailing ".0" (2.0 -> "2")."""
    text = repr(float(number))
    return text[:-2] if text.endswith(".0") else text


def _float_equal(raw: str, option: float) -> bool:
    try:
        return float(raw) == option
    except ValueError:
        return False


SETTINGS: dict[str, Setting] = {
    setting.key: setting
    for setting in (
        Setting("dataset", "Dataset", "dataset", datasets.DEFAULT_DATASET, "selectbox",
                options=tuple(BUILTIN_TITLES), format=BUILTIN_TITLES.__getitem__),
        Setting("n_points", "Number of points", "dataset", None, "select_slider",
                options=(20, 50, 100, 200, 300, 500, 1000, 2000, 5000, 10000)),
        Setting("n_classes", "Number of classes", "dataset", None, "slider", low=3, high=6, step=1, integer=True,
                help="K, how many clouds or levels."),
        Setting("separation", "Class separation", "dataset", None, "slider", low=0.0, high=6.0, step=0.25,
                help="Distance between the two clouds' centres."),
        Setting("noise", "Noise", "dataset", None, "slider", low=0.1, high=3.0, step=0.05,
                help="Spread of the points around their centres."),
        Setting("data_seed", "Seed", "dataset", None, "number", low=0, high=1_000_000, step=1, integer=True,
                help="Seed of the random points."),
        Setting("model", "Model", "model", "binary", "radio", options=tuple(MODEL_TITLES),
                format=MODEL_TITLES.__getitem__,
                help="How to treat a target with three or more values: each value a class of its own, the values "
                "as ordered levels, or one value against all the others."),
        Setting("reference", "Reference class", "model", None, "selectbox",
                help="The class the others are compared with: its scores are fixed at 0, and every coefficient "
                "says how a feature changes the log of P(class) / P(reference class). Probabilities do not change."),
        Setting("order", "Order of the levels, lowest first", "model", None, "multiselect", separator=ORDER_SEPARATOR,
                help="Pick the levels from the lowest to the highest; remove one and add it again to move it to the end."),
        Setting("cut", "Binary cut: this level or higher", "model", None, "selectbox",
                help="The Compare page's binary model asks one yes/no question: is the level this one or higher? "
                "Every level from here up counts as yes, every level below as no."),
        Setting("along", "Feature along the chart", "view", None, "selectbox",
                help="The Compare page's chart moves this feature over its range in the training rows; "
                "every other feature stays at its training mean."),
        Setting("split_on", "Hold out a test set", "split", False, "toggle",
                help="Train on part of the rows and measure the loss on the rest, which the model never sees."),
        Setting("test_fraction", "Test share", "split", 0.25, "slider", low=0.1, high=0.5, step=0.05),
        Setting("split_seed", "Split seed", "split", 0, "number", low=0, high=1_000_000, step=1, integer=True),
        Setting("learning_rate", "Learning rate", "training", _TRAINING_DEFAULTS.learning_rate, "select_slider",
                options=(0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0), format=_rate,
                help="η, the size of each step: w ← w − η ∇J. Too small crawls; too large overshoots."),
        Setting("iterations", "Iterations", "training", _TRAINING_DEFAULTS.iterations, "slider",
                low=10, high=3000, step=10, integer=True, help="How many gradient-descent steps to take at most."),
        Setting("l2", "L2 strength", "training", _TRAINING_DEFAULTS.l2, "select_slider",
                options=(0.0, 0.0001, 0.001, 0.01, 0.1, 1.0), format=_rate,
                help="λ in J + (λ/2)‖w‖². Pulls the weights toward 0; gives a finite fit on separable data."),
        Setting("standardize", "Standardise features", "training", _TRAINING_DEFAULTS.standardize, "toggle",
                help="Descend on (x − mean) / standard deviation, so one learning rate suits every weight. "
                "Weights are still shown on the original scale. On by default where the features' scales "
                "differ (every dataset but the notes' table, Hours studied and the synthetic ones).",
                dataset_default=lambda dataset: dataset.recommended_standardize),
        Setting("start", "Start weights", "training", _TRAINING_DEFAULTS.start, "radio", options=("zeros", "random"),
                format={"zeros": "Zeros (as in the notes)", "random": "Random"}.__getitem__),
        Setting("seed", "Seed", "training", _TRAINING_DEFAULTS.seed, "number", low=0, high=1_000_000, step=1,
                integer=True, help="Seed of the random start weights."),
        Setting("threshold", "Threshold", "view", 0.5, "slider", low=0.01, high=0.99, step=0.01,
                help="A point is put in class 1 when its probability σ(z) is at least this. Moving it "
                "changes decisions and accuracy, never the trained weights."),
        Setting("fit", "Model to evaluate", "view", "descent", "radio", options=("descent", "exact"),
                format={"descent": "Gradient descent, as trained on the Train page",
                        "exact": "Exact maximum-likelihood fit (Newton's method)"}.__getitem__,
                help="The Evaluate and Sigmoid pages show the model trained on the Train page, or the exact "
                "fit descent is heading for (it exists only when the classes overlap, or with L2)."),
        Setting("log_loss", "Loss on a log scale", "view", False, "toggle",
                help="Draw the loss curve on a logarithmic axis: an early spike (a large learning rate) "
                "no longer flattens the rest of the curve."),
        Setting("row", "Row to start from", "view", 0, "number", low=0, high=1_000_000, step=1, integer=True,
                help="The prediction calculator starts from this row's values (rows numbered as in the Data "
                "page's table, from 0). Moving a slider or typing a value changes only the calculator."),
        Setting("at", "Calculator values", "view", None, "none", separator=CALCULATOR_SEPARATOR, numbers=True),
        Setting("present", "Presentation mode", "view", False, "toggle",
                help="For a projector: large chart text, thick lines, explanations folded away. "
                "Add hide=l2,start,seed to a Train link to hide those controls."),
    )
}
TRAINING_KEYS = tuple(key for key, setting in SETTINGS.items() if setting.group == "training")
# Settings kept under their widget key and a saved copy (the dataset's and the split's live in
# the active dataset and split instead, which the Data page's widgets show).
REMEMBERED_KEYS = tuple(key for key, setting in SETTINGS.items() if setting.group in ("model", "training", "view"))
DATASET_PARAMETER_KEYS = ("n_points", "n_classes", "separation", "noise", "data_seed")
# Settings whose default follows the active dataset: a new dataset starts from its own.
DATASET_DEFAULT_KEYS = tuple(key for key, setting in SETTINGS.items() if setting.dataset_default is not None)
# hide=... names controls a lecturer's link leaves out: the training settings and the threshold.
HIDEABLE_KEYS = (*TRAINING_KEYS, "threshold")


def builtin_defaults(key: str) -> dict[str, Any]:
    """A built-in's parameters and their defaults under their link names ({} without any).

    Read from the core's builders, so a default is written in one place only.
    """
    builder = _SYNTHETIC_BUILDERS.get(key)
    if builder is None:
        return {}
    return {_PARAMETER_LINK_NAMES[name]: parameter.default
            for name, parameter in inspect.signature(builder).parameters.items()}


# ---- the active dataset and split --------------------------------------------------------

@dataclass(frozen=True)
class DataChoice:
    """Where the active dataset came from: a built-in with its parameters, or an upload.

    ``parameters`` use the core builders' names (seed, not data_seed), sorted by name.
    """

    kind: Literal["builtin", "upload"]
    key: str  # the built-in's key, or the uploaded file's name
    parameters: tuple[tuple[str, float], ...] = ()

    @classmethod
    def builtin(cls, key: str, given: dict[str, Any] | None = None) -> DataChoice:
        """A built-in with parameters given under their link names, defaults filled in."""
        given = given or {}
        chosen = {name: given.get(name) if given.get(name) is not None else default
                  for name, default in builtin_defaults(key).items()}
        return cls("builtin", key, tuple(sorted(
            ("seed" if name == "data_seed" else name, value) for name, value in chosen.items())))

    def link_parameters(self) -> dict[str, Any]:
        return {("data_seed" if name == "seed" else name): value for name, value in self.parameters}


@dataclass(frozen=True)
class SplitChoice:
    """A held-out test part: its share of the rows and the seed that picks them."""

    test_fraction: float
    seed: int


DEFAULT_CHOICE = DataChoice.builtin(datasets.DEFAULT_DATASET)
_ACTIVE_CHOICE = "active.choice"
_ACTIVE_UPLOAD = "active.upload"
_ACTIVE_SPLIT = "active.split"


def active_choice() -> DataChoice:
    return st.session_state.get(_ACTIVE_CHOICE, DEFAULT_CHOICE)


def uploaded_dataset() -> Dataset | None:
    """The active upload's dataset (None while a built-in is active)."""
    return st.session_state.get(_ACTIVE_UPLOAD) if active_choice().kind == "upload" else None


def set_active_choice(choice: DataChoice, upload: Dataset | None = None) -> None:
    st.session_state[_ACTIVE_CHOICE] = choice
    st.session_state[_ACTIVE_UPLOAD] = upload
    st.session_state.pop(_MISSING_UPLOAD, None)  # a dataset chosen now replaces the one the link named


# The uploaded file's name travels in the link (the file cannot): a session that opens such a
# link without the file (a browser reconnected to another app process, a restarted app, a link
# passed on) says the file must be loaded again instead of silently showing another dataset.
UPLOAD_LINK_KEY = "upload"
_MISSING_UPLOAD = "active.missing_upload"


def missing_upload() -> str | None:
    """The name of the uploaded file this session's link was made with but the session does not hold, if any."""
    return st.session_state.get(_MISSING_UPLOAD)


def active_split() -> SplitChoice | None:
    return st.session_state.get(_ACTIVE_SPLIT)


def set_active_split(split: SplitChoice | None) -> None:
    st.session_state[_ACTIVE_SPLIT] = split


# ---- widgets and values ------------------------------------------------------------------

_MISSING = object()
# the page this run draws, and the page each setting's widget was last drawn on
_PAGE = "pages.current"
_DRAWN_ON = "pages.drawn_on"


def default_value(key: str) -> Any:
    """A setting's default in this session: the registry's, or the active dataset's own (see
    ``Setting.dataset_default``)."""
    setting = SETTINGS[key]
    if setting.dataset_default is None:
        return setting.default
    from ui.state import active_dataset  # imported here: ui.state builds on this module

    return setting.dataset_default(active_dataset())


def apply_dataset_defaults(dataset: Dataset) -> None:
    """Set the settings whose default follows the dataset to ``dataset``'s own (called when the
    user picks another dataset, before the widgets are drawn; a link's values are applied after it).

    Set, not forgotten: the browser keeps a shown widget's value until the app sends a new one.
    """
    for key in DATASET_DEFAULT_KEYS:
        set_value(key, SETTINGS[key].dataset_default(dataset))


def value(key: str) -> Any:
    """A setting's value in this session: its widget's, else the one saved when another page
    showed it or a link set it, else the default."""
    setting = SETTINGS[key]
    if setting.group == "dataset":
        choice = active_choice()
        if key == "dataset":
            return choice.key if choice.kind == "builtin" else None
        return choice.link_parameters().get(key)
    if setting.group == "split":
        split = active_split()
        return {"split_on": split is not None, "test_fraction": split.test_fraction if split else None,
                "split_seed": split.seed if split else None}[key]
    if key in st.session_state:
        return st.session_state[key]
    if setting.session_key in st.session_state:
        return st.session_state[setting.session_key]
    return default_value(key)


def set_value(key: str, new_value: Any) -> None:
    """Set a remembered setting, e.g. from a button's callback (the widget shows it next run)."""
    setting = SETTINGS[key]
    st.session_state[key] = new_value
    st.session_state[setting.session_key] = new_value


def widget(key: str, container: Any = st, *, current: Any = _MISSING, default: Any = _MISSING,
           **options: Any) -> Any:
    """Draw a setting's widget in ``container`` and return its value.

    Parameters
    ----------
    key : str
        The setting's key in ``SETTINGS``.
    container : streamlit module or container
        Where to draw it (a column, the sidebar).
    current : optional
        The value to show when the widget appears, for settings kept elsewhere (the active
        dataset's parameters, the split). Without it, a remembered setting shows its saved value.
    default : optional
        Replaces the registry's default (a parameter whose default depends on the dataset).
    **options
        Passed on to the Streamlit widget (``disabled``, ``on_change``); ``options`` replaces a
        choice's registered options and ``max_value`` a number's upper bound (both when they
        depend on the data).
    """
    setting = SETTINGS[key]
    start = default_value(key) if default is _MISSING else default
    drawn_on = st.session_state.setdefault(_DRAWN_ON, {})
    if key in st.session_state:
        # Re-assigning keeps the value when another page draws the widget (a new widget id).
        # Only then: an assigned value is sent back to the browser, and on every rerun it
        # would overwrite the presses a held arrow key made while that rerun ran.
        if drawn_on.get(key) != current_page():
            st.session_state[key] = st.session_state[key]
    elif current is not _MISSING:
        if current is not None:
            st.session_state[key] = current
    elif setting.session_key in st.session_state:
        st.session_state[key] = st.session_state[setting.session_key]
    choices = tuple(options.pop("options", setting.options))  # choices known only to the page (a dataset's levels)
    high = options.pop("max_value", setting.high)  # a bound known only to the page (a dataset's last row)
    common = {"key": key, "help": setting.help, **options}
    if setting.widget == "select_slider":
        chosen = container.select_slider(setting.label, options=choices, value=start,
                                         format_func=setting.show, **common)
    elif setting.widget == "slider":
        kind = int if setting.integer else float
        chosen = container.slider(setting.label, min_value=kind(setting.low), max_value=kind(setting.high),
                                  value=kind(start), step=kind(setting.step), **common)
    elif setting.widget == "toggle":
        chosen = container.toggle(setting.label, value=bool(start), **common)
    elif setting.widget == "radio":
        chosen = container.radio(setting.label, options=choices, index=choices.index(start),
                                 format_func=setting.show, horizontal=True, **common)
    elif setting.widget == "number":
        kind = int if setting.integer else float
        chosen = container.number_input(setting.label, min_value=kind(setting.low), max_value=kind(high),
                                        value=kind(start), step=kind(setting.step), **common)
    elif setting.widget == "selectbox":
        chosen = container.selectbox(setting.label, options=choices, index=choices.index(start),
                                     format_func=setting.show, **common)
    elif setting.widget == "multiselect":
        if key in st.session_state:
            st.session_state[key] = list(st.session_state[key])
        chosen = tuple(container.multiselect(setting.label, options=choices, default=list(start),
                                             format_func=setting.show, **common))
    else:
        raise ValueError(f"The setting {key!r} has no widget.")
    if key in REMEMBERED_KEYS:
        st.session_state[setting.session_key] = chosen
    drawn_on[key] = current_page()
    return chosen


def enter_page(name: str) -> None:
    """Note which page this run draws (page_setup calls it): a widget that another page
    drew last is given its remembered value again."""
    st.session_state[_PAGE] = name


def current_page() -> str | None:
    return st.session_state.get(_PAGE)


def training_settings(kind: str = "binary") -> TrainingSettings:
    """The training settings in force for a model of this ``kind`` (binary, multinomial,
    ordinal): the Train page's widgets, or those saved or linked."""
    values = {field.name: value(field.name) for field in fields(TrainingSettings) if field.name in SETTINGS}
    return TrainingSettings(
        learning_rate=float(values["learning_rate"]), iterations=int(values["iterations"]), l2=float(values["l2"]),
        standardize=bool(values["standardize"]), start=values["start"], seed=int(values["seed"]), kind=kind,
    )


def hidden_controls() -> set[str]:
    """Controls a lecturer's link hides (hide=l2,start,seed): they keep their linked values."""
    return {name for name in _split_names(st.query_params.get("hide", "")) if name in HIDEABLE_KEYS}


def _split_names(raw: str) -> list[str]:
    return [name.strip() for name in raw.split(",") if name.strip()]


# ---- page-local state --------------------------------------------------------------------

def local(key: str, default: Any = None) -> Any:
    """A page's own state (not a setting): an upload being read, a widget's value."""
    return st.session_state.get(key, default)


def set_local(key: str, new_value: Any) -> None:
    st.session_state[key] = new_value


def has_local(key: str) -> bool:
    return key in st.session_state


def reset(*keys: str) -> None:
    """Forget remembered settings entirely (widget and saved copy): they show their defaults again."""
    for key in keys:
        st.session_state.pop(key, None)
        st.session_state.pop(SETTINGS[key].session_key, None)


def show_first(key: str, new_value: Any) -> None:
    """Show ``new_value`` in a page's own widget the first time it is drawn on this visit."""
    if key not in st.session_state:
        st.session_state[key] = new_value


def forget(*keys: str) -> None:
    """Drop page-local values or widget states (a widget then shows its default again)."""
    for key in keys:
        st.session_state.pop(key, None)


# ---- links -------------------------------------------------------------------------------

_APPLIED = "links.applied"


def invalid_values(params: dict[str, str]) -> list[str]:
    """A sentence for each setting whose value in the link cannot be used, naming it by its label.

    The sentences hold the link's text as typed: show them with ``ui.text.literal`` or as plain text.
    """
    notices = []
    dataset = params.get("dataset")
    defaults = builtin_defaults(dataset if dataset in BUILTIN_TITLES else datasets.DEFAULT_DATASET)
    for key, setting in SETTINGS.items():
        raw = params.get(key)
        if raw is None or setting.parse(raw) is not None:
            continue
        fallback = defaults.get(key, setting.default)
        if setting.numbers:
            notices.append(f"{setting.label}: “{raw}” cannot be used; it takes {setting.valid_values()}. "
                           "Using the chosen row's values.")
            continue
        if fallback is None:  # a parameter of a dataset that has no such parameter
            notices.append(f"{setting.label}: “{raw}” is ignored: the chosen dataset has no such parameter.")
            continue
        valid = ("one of the built-in datasets: " + ", ".join(BUILTIN_TITLES.values())) if key == "dataset" \
            else setting.valid_values()
        notices.append(f"{setting.label}: “{raw}” cannot be used; it takes {valid}. Using {setting.show(fallback)}.")
    unknown = [name for name in _split_names(params.get("hide", "")) if name not in HIDEABLE_KEYS]
    if unknown:
        names = ", ".join(HIDEABLE_KEYS)
        notices.append(f"Hidden controls: “{', '.join(unknown)}” cannot be hidden; hide takes names among {names}.")
    return notices


def apply_link() -> None:
    """Take the settings of the link that opened the session (a page opened from a link, or
    reloaded after editing its address), and say which values could not be used.

    Only the session's first run reads the link: afterwards the browser keeps sending back
    the link this session wrote, which can lag behind a slider moved quickly, and reading
    it again would undo the move.
    """
    if st.session_state.get(_APPLIED):
        return
    st.session_state[_APPLIED] = True
    params = st.query_params.to_dict()
    if not params:
        return
    notices = invalid_values(params)
    if notices:
        # the link's text is shown as typed: a shared link must not render links, images or maths
        st.warning("This link has values that cannot be used. " + " ".join(literal(notice) for notice in notices),
                   icon=":material/link_off:")
    values = {key: SETTINGS[key].parse(raw) for key, raw in params.items() if key in SETTINGS}
    values = {key: parsed for key, parsed in values.items() if parsed is not None}
    for key in REMEMBERED_KEYS:
        if key in values:
            set_value(key, values[key])
    if "dataset" in values:
        set_active_choice(DataChoice.builtin(values["dataset"], values))
    elif params.get(UPLOAD_LINK_KEY):
        st.session_state[_MISSING_UPLOAD] = params[UPLOAD_LINK_KEY]
    if "split_on" in values:
        split = SplitChoice(values.get("test_fraction", SETTINGS["test_fraction"].default),
                            values.get("split_seed", SETTINGS["split_seed"].default))
        set_active_split(split if values["split_on"] else None)


def link_values() -> dict[str, Any]:
    """The session's settings as the link carries them, defaults left out (to keep it short)."""
    values: dict[str, Any] = {key: value(key) for key in REMEMBERED_KEYS}
    choice = active_choice()
    if choice.kind == "builtin":  # an upload cannot travel in a link
        values["dataset"] = choice.key
        defaults = builtin_defaults(choice.key)
        values.update({key: parameter for key, parameter in choice.link_parameters().items()
                       if parameter != defaults.get(key)})
    split = active_split()
    if split is not None:
        values.update(split_on=True, test_fraction=split.test_fraction, split_seed=split.seed)
    return {key: shown for key, shown in values.items()
            if shown is not None and (SETTINGS[key].default is None or shown != default_value(key))}


def sync_link() -> None:
    """Write the session's settings into the page's link, and the name of its uploaded file (active or missing)."""
    choice = active_choice()
    upload_name = choice.key if choice.kind == "upload" else missing_upload()
    if upload_name is None:
        if UPLOAD_LINK_KEY in st.query_params:
            del st.query_params[UPLOAD_LINK_KEY]
    elif st.query_params.get(UPLOAD_LINK_KEY) != upload_name:
        st.query_params[UPLOAD_LINK_KEY] = upload_name
    values = link_values()
    for key, setting in SETTINGS.items():
        if key not in values:
            if key in st.query_params:
                del st.query_params[key]
            continue
        text = setting.link_text(values[key])
        if st.query_params.get(key) != text:
            st.query_params[key] = text
