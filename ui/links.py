"""Settings in the URL: every page's link reproduces the view, and bad values are reported.

Each setting has a name in the link, a parser that accepts only valid values, and the
value it falls back to. Widgets bind most of them themselves; this module checks a link's
values before any widget reads them, and writes the settings a page does not show into
its link, so that a link copied from any page carries the whole state.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from logreg_core import TrainingSettings
from ui import state

LEARNING_RATES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
L2_STRENGTHS = (0.0, 0.0001, 0.001, 0.01, 0.1, 1.0)
POINT_COUNTS = (20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
BUILTIN_KEYS = ("notes", "hours", "challenger", "breast_cancer", "two_clouds", "xor")
DEFAULTS = TrainingSettings()


def _number(kind: type, low: float, high: float) -> Callable[[str], object | None]:
    def parse(raw: str):
        try:
            value = kind(raw)
        except ValueError:
            return None
        return value if low <= value <= high else None

    return parse


def _one_of(options) -> Callable[[str], object | None]:
    def parse(raw: str):
        for option in options:
            if str(option) == raw or (isinstance(option, float) and _float_equal(raw, option)):
                return option
        return None

    return parse


def _float_equal(raw: str, option: float) -> bool:
    try:
        return float(raw) == option
    except ValueError:
        return False


def _boolean(raw: str):
    return {"true": True, "false": False, "1": True, "0": False}.get(raw.lower())


@dataclass(frozen=True)
class Setting:
    name: str
    parse: Callable[[str], object | None]
    default: object
    described: str


SETTINGS = {
    setting.name: setting
    for setting in (
        Setting("dataset", _one_of(BUILTIN_KEYS), "notes", "the dataset"),
        Setting("n_points", _one_of(POINT_COUNTS), 200, "the number of points"),
        Setting("separation", _number(float, 0.0, 6.0), 2.0, "the class separation"),
        Setting("noise", _number(float, 0.1, 3.0), 1.0, "the noise"),
        Setting("data_seed", _number(int, 0, 1_000_000), 0, "the data seed"),
        Setting("split_on", _boolean, False, "the test split"),
        Setting("test_fraction", _number(float, 0.1, 0.5), 0.25, "the test share"),
        Setting("split_seed", _number(int, 0, 1_000_000), 0, "the split seed"),
        Setting("learning_rate", _one_of(LEARNING_RATES), DEFAULTS.learning_rate, "the learning rate"),
        Setting("iterations", _number(int, 10, 3000), DEFAULTS.iterations, "the number of iterations"),
        Setting("threshold", _number(float, 0.01, 0.99), 0.5, "the threshold"),
        Setting("l2", _one_of(L2_STRENGTHS), DEFAULTS.l2, "the L2 strength"),
        Setting("standardize", _boolean, DEFAULTS.standardize, "standardising"),
        Setting("start", _one_of(("zeros", "random")), DEFAULTS.start, "the start weights"),
        Setting("seed", _number(int, 0, 1_000_000), DEFAULTS.seed, "the seed"),
        Setting("present", _boolean, False, "presentation mode"),
    )
}

DATASET_PARAMETERS = ("n_points", "separation", "noise", "data_seed")


def parse(name: str, raw: str):
    """The valid value a link gives for a setting, or None."""
    return SETTINGS[name].parse(raw)


def invalid_values(params: dict[str, str]) -> list[str]:
    """Sentences naming each setting whose value in the link is not valid."""
    notices = []
    for name, setting in SETTINGS.items():
        raw = params.get(name)
        if raw is not None and setting.parse(raw) is None:
            notices.append(f"'{raw}' is not a valid value for {setting.described} ({name}); using {setting.default}.")
    return notices


_APPLIED = "links.applied"
WIDGET_SETTINGS = ("learning_rate", "iterations", "l2", "standardize", "start", "seed", "threshold", "present")


def apply_link() -> None:
    """Take the settings of the link that opened the session (a page opened from a link, or
    reloaded after editing its address).

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
        st.warning("This link has values that cannot be used: " + " ".join(notices), icon=":material/link_off:")
    values = {name: parse(name, raw) for name, raw in params.items() if name in SETTINGS}
    values = {name: value for name, value in values.items() if value is not None}
    for name in WIDGET_SETTINGS:
        if name in values:
            st.session_state[f"saved.{name}"] = values[name]
            st.session_state[name] = values[name]
    if "dataset" in values:
        key = values["dataset"]
        parameters = state.builtin_parameters(key, {name: values.get(name) for name in DATASET_PARAMETERS})
        choice = state.DataChoice("builtin", key, parameters)
        if state.active_choice() != choice:
            state.set_active_dataset(state.builtin_dataset(key, parameters), choice)
    if "split_on" in values:
        split = state.SplitChoice(values.get("test_fraction", 0.25), values.get("split_seed", 0))
        state.set_active_split(split if values["split_on"] else None)


def sync_link() -> None:
    """Write the session's settings into the page's link (defaults left out, to keep it short)."""
    values: dict[str, object] = {}
    for name in WIDGET_SETTINGS:
        values[name] = st.session_state.get(name, st.session_state.get(f"saved.{name}"))
    choice = state.active_choice()
    values.update({name: None for name in ("dataset", *DATASET_PARAMETERS)})
    if choice.kind == "builtin":  # an upload cannot travel in a link
        values["dataset"] = choice.key
        values.update({("data_seed" if name == "seed" else name): value for name, value in choice.parameters})
    split = state.active_split()
    values["split_on"] = split is not None
    values["test_fraction"] = split.test_fraction if split else None
    values["split_seed"] = split.seed if split else None
    for name, value in values.items():
        setting = SETTINGS[name]
        if value is None or value == setting.default:
            if name in st.query_params:
                del st.query_params[name]
            continue
        text = str(value).lower() if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)
        if st.query_params.get(name) != text:
            st.query_params[name] = text
