"""The settings registry: every setting round-trips through a link and survives a page change."""

import re

import pytest

from logreg_core import TrainingSettings, datasets
from ui.layout import ROOT
from ui.settings import BUILTIN_TITLES, SETTINGS, builtin_defaults

from .test_links import open_link

TRAIN, DATA, SIGMOID = "pages/2_train.py", "pages/1_data.py", "pages/3_sigmoid.py"
COMPARE = "pages/9_compare.py"
# Settings that only the Compare page draws.
COMPARE_KEYS = ("cut", "along")
# How AppTest finds each kind of widget.
FINDERS = {"select_slider": "select_slider", "slider": "slider", "toggle": "toggle", "radio": "radio",
           "number": "number_input", "selectbox": "selectbox", "multiselect": "multiselect"}
# The model settings, with a dataset of three classes they apply to.
MODEL_EXAMPLES = {
    "model": {"dataset": "iris", "model": "multinomial"},
    "reference": {"dataset": "iris", "model": "multinomial", "reference": "versicolor"},
    "order": {"dataset": "iris", "model": "ordinal", "order": "virginica|setosa|versicolor"},
    "cut": {"dataset": "latent_ordinal", "model": "ordinal", "cut": "level 4"},
    "along": {"dataset": "latent_ordinal", "model": "ordinal", "along": "x2"},
}
# The Evaluate page's calculator draws these (tests/app/test_calculator.py checks its widgets).
CALCULATOR_EXAMPLES = {"row": {"row": "3"}, "at": {"at": "1.5|-2"}}


def example_link(key: str) -> dict[str, str]:
    """A link that sets ``key`` to a valid value other than its default, with what that needs."""
    setting = SETTINGS[key]
    if key in MODEL_EXAMPLES:
        return MODEL_EXAMPLES[key]
    if key in CALCULATOR_EXAMPLES:
        return CALCULATOR_EXAMPLES[key]
    context: dict[str, str] = {}
    default = setting.default
    if setting.group == "dataset" and key != "dataset":
        context["dataset"] = "clouds" if key == "n_classes" else "two_clouds"
        default = builtin_defaults(context["dataset"])[key]
    if setting.group == "split" and key != "split_on":
        context["split_on"] = "true"
    if setting.widget == "toggle":
        value = not default
    elif setting.options:
        position = setting.options.index(default)
        value = setting.options[position + 1 if position + 1 < len(setting.options) else 0]
    else:
        value = round(default + setting.step, 6)
    return {**context, key: setting.link_text(value)}


def widget_value(at, key: str):
    shown = getattr(at, FINDERS[SETTINGS[key].widget])(key=key).value
    return tuple(shown) if isinstance(shown, list) else shown


def test_every_setting_has_a_label_and_a_link_name_and_the_labels_are_unchanged():
    labels = {key: setting.label for key, setting in SETTINGS.items()}
    # widget labels are a contract (tests in the browser and users' habits find them)
    assert labels["threshold"] == "Threshold" and labels["learning_rate"] == "Learning rate"
    assert labels["iterations"] == "Iterations" and labels["l2"] == "L2 strength"
    assert labels["standardize"] == "Standardise features" and labels["start"] == "Start weights"
    assert labels["present"] == "Presentation mode" and labels["dataset"] == "Dataset"


def test_the_registry_agrees_with_the_core():
    assert SETTINGS["dataset"].options == tuple(BUILTIN_TITLES) and set(BUILTIN_TITLES) <= set(datasets.available())
    assert SETTINGS["dataset"].options[0] == datasets.DEFAULT_DATASET
    defaults = TrainingSettings()
    for name in ("learning_rate", "iterations", "l2", "standardize", "start", "seed"):
        assert SETTINGS[name].default == getattr(defaults, name)
    assert builtin_defaults("xor")["noise"] == 0.35 and builtin_defaults("two_clouds")["noise"] == 1.0


def test_only_the_registry_touches_session_and_link():
    touching = sorted(
        str(path.relative_to(ROOT)) for path in [ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").rglob("*.py")]
        if re.search(r"st\.(session_state|query_params)", path.read_text(encoding="utf-8"))
    )
    assert touching == ["ui/settings.py"]


@pytest.mark.slow
@pytest.mark.parametrize("key", list(SETTINGS))
def test_each_setting_round_trips_through_a_link_and_survives_page_changes(key):
    link = example_link(key)
    expected = SETTINGS[key].parse(link[key])
    at = open_link(TRAIN, **link)
    assert not at.exception
    assert not [warning for warning in at.warning if warning.icon == ":material/link_off:"]
    for page in (SIGMOID, DATA, TRAIN, *((COMPARE,) if key in COMPARE_KEYS else ())):
        assert at.query_params[key] == link[key], f"{key} left the link on the way to {page}"
        at.switch_page(page).run()
        assert not at.exception
        shows_it = page == COMPARE if key in COMPARE_KEYS else \
            SETTINGS[key].group in ("dataset", "split", "model") if page == DATA else \
            SETTINGS[key].group in ("training", "view") and key not in ("fit", *CALCULATOR_EXAMPLES) \
            if page == TRAIN else \
            key in ("present", "fit")
        if shows_it and not (key == "seed" and page == TRAIN):
            assert widget_value(at, key) == expected, f"{key} on {page}"
    assert at.query_params[key] == link[key]


def test_a_seed_round_trips_with_random_start_weights():
    at = open_link(TRAIN, start="random", seed="7")
    at.switch_page(SIGMOID).run()
    at.switch_page(TRAIN).run()
    assert at.number_input(key="seed").value == 7 and at.query_params["seed"] == "7"


def test_xor_keeps_a_noise_of_one_from_its_link():
    # the noise's default is XOR's own (0.35), so 1.0 is a choice the link must keep
    at = open_link(TRAIN, dataset="xor", noise="1")
    assert not at.exception
    at.switch_page(DATA).run()
    assert at.slider(key="noise").value == 1.0
    assert at.query_params["noise"] == "1"
    # the preview shows the data built with that noise
    expected = datasets.xor(noise=1.0).to_frame().head(500)
    assert any(frame.value.reset_index(drop=True).equals(expected) for frame in at.dataframe)


def test_defaults_of_the_chosen_dataset_stay_out_of_the_link():
    at = open_link(TRAIN, dataset="xor", noise="0.35")
    assert "noise" not in at.query_params and at.query_params["dataset"] == "xor"


def test_choosing_another_built_in_starts_from_its_own_parameters():
    at = open_link(DATA, dataset="two_clouds", noise="2")
    at.selectbox(key="dataset").set_value("xor").run()
    assert not at.exception
    assert at.slider(key="noise").value == builtin_defaults("xor")["noise"]


def test_standardising_is_on_by_default_where_the_dataset_recommends_it():
    """Issue 17: the notes keep their defaults; Challenger and breast cancer standardise."""
    at = open_link(DATA)
    assert at.toggle(key="standardize").value is False
    at.selectbox(key="dataset").set_value("challenger").run()
    assert at.toggle(key="standardize").value is True
    assert "standardize" not in at.query_params  # the dataset's default stays out of the link
    at.toggle(key="standardize").set_value(False).run()
    assert at.query_params["standardize"] == "false"
    at.selectbox(key="dataset").set_value("notes").run()
    assert at.toggle(key="standardize").value is False


def test_a_link_that_turns_standardising_off_wins_over_the_dataset():
    at = open_link(TRAIN, dataset="breast_cancer", standardize="false")
    assert not at.exception
    assert at.toggle(key="standardize").value is False
    at.switch_page(DATA).run()
    assert at.toggle(key="standardize").value is False and at.query_params["standardize"] == "false"
