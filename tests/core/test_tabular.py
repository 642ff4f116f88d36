"""The tabular package: contracts kept, K classes, the three kinds of model, target guessing,
limits, and built-in datasets."""

import importlib
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import logreg_core
from logreg_core import DataError, datasets, prepare_dataset, read_csv_bytes, stratified_split
from logreg_core.tabular import (
    MAX_FEATURES,
    default_features,
    level_order,
    possible_kinds,
    suggest_target,
    value_label,
)
from logreg_core.tabular.columns import default_positive_class, target_values
from logreg_core.tabular.preparing import column_sizes, scales_differ
from logreg_core.tabular.reading import MAX_BYTES, MAX_COLUMNS

ROOT = Path(__file__).resolve().parents[2]


# -- contracts -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "read_csv_bytes", "prepare_dataset", "Table", "ReadReport", "PrepareSummary", "Dataset", "stratified_split",
    "DataError", "data", "datasets",
])
def test_public_names_of_logreg_core_still_import(name):
    assert getattr(logreg_core, name) is not None


@pytest.mark.parametrize("module, names", [
    ("logreg_core.data", ["read_csv_bytes", "prepare_dataset", "Table", "ReadReport", "PrepareSummary",
                          "guess_target", "target_values", "needs_positive_class", "default_positive_class",
                          "list_values", "is_numeric", "count_missing_rows", "MAX_BYTES", "MIN_ROWS", "DataError"]),
    ("logreg_core.datasets", ["Dataset", "stratified_split", "load", "available", "notes_table", "hours_studied",
                              "challenger", "breast_cancer", "two_clouds", "xor", "DEFAULT_DATASET", "DATA_FILES"]),
])
def test_old_modules_keep_their_names(module, names):
    loaded = importlib.import_module(module)
    assert all(hasattr(loaded, name) for name in names)
    assert loaded.Dataset is logreg_core.Dataset if module == "logreg_core.datasets" else True


@pytest.mark.slow
def test_the_old_modules_and_the_package_import_in_any_order_without_a_cycle():
    for first in ("logreg_core.datasets", "logreg_core.data", "logreg_core.tabular.builtin", "logreg_core.tabular"):
        code = f"import {first}; import logreg_core; print(logreg_core.datasets.load('notes').n_rows)"
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0 and result.stdout.strip() == "20", result.stderr


def test_numeric_modules_do_not_import_the_tables():
    """CSV reading is not mathematics: only the re-export modules and the package name it."""
    for path in (ROOT / "logreg_core").glob("*.py"):
        if path.name in ("__init__.py", "data.py", "datasets.py"):
            continue
        text = path.read_text()
        assert "tabular" not in text and "read_csv" not in text, path.name


def test_existing_keys_come_first_and_new_ones_load():
    keys = datasets.available()
    assert keys[:6] == ("notes", "hours", "challenger", "breast_cancer", "two_clouds", "xor")
    assert {"iris", "clouds", "anes96", "latent_ordinal"} <= set(keys)


def test_dataset_positional_construction_still_works_and_is_binary():
    dataset = datasets.Dataset("d", np.zeros((4, 1)), np.array([0, 1, 0, 1.0]), ("x",), "y", ("no", "yes"), "")
    assert (dataset.n_classes, dataset.ordered, dataset.kind, dataset.n_positive) == (2, False, "binary", 2)


# -- Dataset and split --------------------------------------------------------------------------

def _labelled(class_names, **changes):
    X = np.arange(20, dtype=float).reshape(10, 2)
    y = np.array([0, 1] * 5, dtype=float)
    fields = {"name": "upload", "X": X, "y": y, "feature_names": ("a", "b"), "target_name": "t", "class_names": class_names,
                  "description": "Uploaded."}
    fields.update(changes)
    return datasets.Dataset(**fields)


def test_fingerprint_differs_when_only_the_class_labels_differ():
    secret = _labelled(("ALICE_SECRET_NEG", "ALICE_SECRET_POS"))
    public = _labelled(("cat", "dog"))
    assert secret.fingerprint != public.fingerprint
    assert public.fingerprint == _labelled(("cat", "dog")).fingerprint  # same content, same key


@pytest.mark.parametrize("change", [
    {"name": "other"}, {"description": "Other."}, {"source": "Someone, 2020."}, {"feature_names": ("a", "c")},
    {"target_name": "u"}, {"ordered": True}, {"recommended_standardize": True},
])
def test_fingerprint_covers_everything_a_page_shows(change):
    assert _labelled(("no", "yes")).fingerprint != _labelled(("no", "yes"), **change).fingerprint


def test_fingerprint_is_not_fooled_by_text_moving_between_fields():
    assert _labelled(("a,b", "c")).fingerprint != _labelled(("a", "b,c")).fingerprint


def test_uploads_with_the_same_numbers_and_different_labels_get_different_keys():
    numbers = "x,label\n" + "".join(f"{i},{'{pos}' if i % 2 else '{neg}'}\n" for i in range(10))
    keys = []
    for negative, positive in (("ALICE_SECRET_NEG", "ALICE_SECRET_POS"), ("cat", "dog")):
        content = numbers.replace("{pos}", positive).replace("{neg}", negative).encode()
        frame = read_csv_bytes(content).frame
        dataset, _ = prepare_dataset(frame, name="same", target="label", positive_class=positive)
        np.testing.assert_array_equal(dataset.y, [0, 1] * 5)
        keys.append(dataset.fingerprint)
    assert keys[0] != keys[1]


def test_stratified_split_keeps_each_of_k_classes_on_both_sides():
    y = np.repeat(np.arange(4.0), [40, 20, 10, 2])
    train, test = stratified_split(y, 0.25, seed=3)
    assert np.intersect1d(train, test).size == 0 and train.size + test.size == y.size
    assert np.bincount(y[test].astype(int)).tolist() == [10, 5, 2, 1]
    assert set(y[train]) == {0.0, 1.0, 2.0, 3.0}


def test_stratified_split_of_binary_labels_is_unchanged():
    """The same rows as before K classes: each class shuffled in turn with one generator."""
    y = np.array([0, 1] * 30, dtype=float)
    rng = np.random.default_rng(7)
    expected = np.sort(np.concatenate([rng.permutation(np.flatnonzero(y == c))[:8] for c in (0.0, 1.0)]))
    np.testing.assert_array_equal(stratified_split(y, 0.25, seed=7)[1], expected)


# -- one formatting function (#17) -------------------------------------------------------------

@pytest.mark.parametrize("value, label", [
    (3.0, "3"), (3, "3"), (np.int64(-2), "-2"), (2.5, "2.5"), (0.1, "0.1"), (1e-7, "1e-07"),
    (True, "True"), (np.bool_(False), "False"), ("yes", "yes"), (None, None), (float("nan"), None),
    (1234567.0, "1234567"), (1234567.5, "1234567.5"),
])
def test_value_label(value, label):
    assert value_label(value) == label


def test_close_numbers_keep_different_labels():
    column = pd.Series([1234567.0, 1234568.0, 1234567.0, 0.30000000000000004, 0.3])
    assert target_values(column) == ["0.3", "0.30000000000000004", "1234567", "1234568"]


def test_numeric_target_without_one_defaults_to_one_of_its_own_labels():
    """The crash of issue 17: '3.0' is not in list. The default is always among the values."""
    content = b"x,outcome\n" + b"".join(f"{i},{2 + (i % 3 == 0)}\n".encode() for i in range(10))
    frame = read_csv_bytes(content).frame
    values = target_values(frame["outcome"])
    assert values == ["2", "3"]
    assert default_positive_class(frame["outcome"]) == "3"  # the rarer value


# every value type a target can take, with and without missing values
TARGETS = {
    "ints without 1": ([2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 2], ["2", "3"]),
    "ints 0/1": ([0, 1] * 6, ["0", "1"]),
    "floats": ([0.5, 1.5] * 6, ["0.5", "1.5"]),
    "negative floats": ([-1.25, 2.0, 7.5] * 4, ["-1.25", "2", "7.5"]),
    "strings": (["cat", "dog", "cat ", "dog"] * 3, ["cat", "dog"]),
    "booleans": (["True", "False"] * 6, ["False", "True"]),
    "lower booleans": (["true", "false"] * 6, ["False", "True"]),  # pandas reads them as booleans
    "yes/no": (["yes", "no", "no"] * 4, ["no", "yes"]),
    "Y/N": (["Y", "N"] * 6, ["N", "Y"]),
    "ints with missing": ([2, "", 3, 2, "NA", 3, 2, 3, 2, 3, 2, 3], ["2", "3"]),
    "strings with missing": (["a", "", "b", "?", "a", "b", "a", "b", "a", "b", "a", "b"], ["a", "b"]),
    "three ints": ([4, 5, 6] * 4, ["4", "5", "6"]),
    "big ints": ([10**12, 10**12 + 1] * 6, ["1000000000000", "1000000000001"]),
}


LABEL_OF = {"true": "True", "false": "False"}


@pytest.mark.parametrize("case", list(TARGETS))
def test_every_target_type_goes_through_read_guess_and_prepare(case):
    values, labels = TARGETS[case]
    rows = "".join(f"{i},{(i * 7) % 5},{value}\n" for i, value in enumerate(values))
    frame = read_csv_bytes(("size,weight,result\n" + rows).encode()).frame
    assert suggest_target(frame).column == "result"
    column = frame["result"]
    assert target_values(column) == labels
    positive = default_positive_class(column)
    assert positive in labels
    dataset, _ = prepare_dataset(frame, name=case, target="result", positive_class=positive,
                                 features=["size", "weight"])
    shown = [None if v in ("", "NA", "?") else LABEL_OF.get(value_label(v).strip(), value_label(v).strip())
             for v in values]
    expected = [float(label == positive) for label in shown if label is not None]
    np.testing.assert_array_equal(dataset.y, expected)
    assert dataset.class_names[1] == positive
    multinomial, _ = prepare_dataset(frame, name=case, target="result", kind="multinomial",
                                     features=["size", "weight"])
    assert multinomial.class_names == tuple(labels)
    np.testing.assert_array_equal(multinomial.y, [labels.index(label) for label in shown if label is not None])


# -- target guess and default features (#17) --------------------------------------------------

def anes96_frame_as_statsmodels_gives_it() -> pd.DataFrame:
    frame = pd.read_csv(datasets.DATA_FILES / "anes96.csv")
    frame["logpopul"] = np.log(frame["popul"] + 0.1)  # the last column, as in load_pandas().data
    return frame


def test_anes96_file_gets_a_class_column_not_the_continuous_last_one():
    frame = read_csv_bytes(anes96_frame_as_statsmodels_gives_it().to_csv(index=False).encode()).frame
    assert frame.columns[-1] == "logpopul"
    guess = suggest_target(frame)
    assert guess.column == "vote"
    assert "two values (0, 1)" in guess.reason


def test_anes96_default_features_leave_out_the_duplicate_population():
    frame = anes96_frame_as_statsmodels_gives_it()
    choice = default_features(frame, "PID")
    assert "popul" in choice.features and "logpopul" not in choice.features
    assert choice.left_out == (("logpopul", "'logpopul' repeats 'popul' on another scale (each determines the other)."),)


def test_the_real_anes96_file_from_statsmodels_reads_and_guesses():
    sm_datasets = pytest.importorskip("statsmodels.datasets")
    frame = sm_datasets.anes96.load_pandas().data
    table = read_csv_bytes(frame.to_csv(index=False).encode())
    assert suggest_target(table.frame).column == "vote"


def test_default_features_leave_out_copies_reversals_constants_and_other_outcomes():
    rng = np.random.default_rng(0)
    x = rng.normal(size=50)
    frame = pd.DataFrame({"x": x, "copy": x.copy(), "minus": 5 - 2 * x, "cube": x**3, "flat": np.ones(50),
                          "label": (x > 0).astype(float), "z": rng.normal(size=50), "target": x > 1})
    choice = default_features(frame, "target")
    assert choice.features == ("x", "z")
    assert [name for name, _ in choice.left_out] == ["copy", "minus", "cube", "flat", "label"]


def test_duplicates_beyond_the_sampled_rows_are_checked_on_every_row():
    x = np.arange(30_000, dtype=float)
    w = x.copy()
    w[-1] = -1.0  # the same order as x on the first 10,000 rows only
    assert default_features(pd.DataFrame({"x": x, "w": w, "t": x % 2}), "t").features == ("x", "w")
    assert default_features(pd.DataFrame({"x": x, "w": np.sqrt(x), "t": x % 2}), "t").features == ("x",)


def test_default_features_are_capped_at_the_feature_limit():
    rng = np.random.default_rng(1)
    frame = pd.DataFrame(rng.normal(size=(20, MAX_FEATURES + 5)), columns=[f"f{i}" for i in range(MAX_FEATURES + 5)])
    frame["t"] = [0, 1] * 10
    choice = default_features(frame, "t")
    assert len(choice.features) == MAX_FEATURES
    assert "5 numeric column(s) from 'f200' on" in choice.left_out[-1][1]


def test_prepare_with_default_features_reports_what_it_left_out():
    frame = anes96_frame_as_statsmodels_gives_it()
    dataset, summary = prepare_dataset(frame, name="anes", target="vote")
    assert "logpopul" not in dataset.feature_names and "popul" in dataset.feature_names
    assert any("'logpopul' repeats 'popul'" in line for line in summary.lines)


@pytest.mark.parametrize("columns, expected", [
    ({"a": [1.5, 2.5] * 10, "outcome": list("abcab") * 4, "b": [0, 1] * 10}, "outcome"),
    ({"a": range(20), "b": [0, 1] * 10, "c": [2, 3] * 10, "d": np.linspace(0, 1, 20)}, "c"),
    ({"a": range(20), "grade": list("abcd") * 5, "d": np.linspace(0, 1, 20)}, "grade"),
    ({"a": range(20), "d": np.linspace(0, 1, 20)}, "d"),
])
def test_target_guess(columns, expected):
    assert suggest_target(pd.DataFrame(columns)).column == expected


def test_a_guess_among_only_measurements_says_so():
    guess = suggest_target(pd.DataFrame({"a": range(20), "d": np.linspace(0, 1, 20)}))
    assert "choose the target yourself" in guess.reason


# -- the three kinds of model --------------------------------------------------------------

def _frame(target, n=None):
    n = n or len(target)
    rng = np.random.default_rng(2)
    return pd.DataFrame({"x1": rng.normal(size=n), "x2": rng.normal(size=n), "t": target})


def test_binary_signature_is_unchanged_and_gives_zero_one():
    dataset, _ = prepare_dataset(_frame(list("abcab") * 4), name="t", target="t", positive_class="b")
    assert dataset.class_names == ("other", "b") and set(dataset.y) == {0.0, 1.0} and dataset.kind == "binary"


def test_multinomial_codes_follow_sorted_labels_or_the_given_order():
    frame = _frame(["pear", "apple", "fig", "apple", "fig", "pear"] * 3)
    dataset, summary = prepare_dataset(frame, name="t", target="t", kind="multinomial")
    assert dataset.class_names == ("apple", "fig", "pear") and dataset.n_classes == 3 and not dataset.ordered
    np.testing.assert_array_equal(dataset.y[:6], [2, 0, 1, 0, 1, 2])
    assert "3 classes: 'apple' (6), 'fig' (6), 'pear' (6)" in summary.lines[-1]
    reordered, _ = prepare_dataset(frame, name="t", target="t", kind="multinomial", levels=["pear", "fig", "apple"])
    np.testing.assert_array_equal(reordered.y[:6], [0, 2, 1, 2, 1, 0])


def test_ordinal_numbers_in_numeric_order_by_default():
    dataset, _ = prepare_dataset(_frame([10, 9, 2, 10, 9, 2] * 3), name="t", target="t", kind="ordinal")
    assert dataset.class_names == ("2", "9", "10") and dataset.ordered and dataset.kind == "ordinal"
    np.testing.assert_array_equal(dataset.y[:3], [2, 1, 0])


def test_ordinal_order_may_be_given_as_numbers():
    dataset, _ = prepare_dataset(_frame([10, 9, 2] * 6), name="t", target="t", kind="ordinal", levels=[10, 9, 2])
    assert dataset.class_names == ("10", "9", "2")
    np.testing.assert_array_equal(dataset.y[:3], [0, 1, 2])


def test_ordinal_text_scale_recognised_and_user_order_respected():
    frame = _frame(["high", "Low", "medium"] * 6)
    dataset, summary = prepare_dataset(frame, name="t", target="t", kind="ordinal")
    assert dataset.class_names == ("Low", "medium", "high")
    assert "'Low' (6) < 'medium' (6) < 'high' (6)" in summary.lines[-1]
    given, _ = prepare_dataset(frame, name="t", target="t", kind="ordinal", levels=["high", "medium", "Low"])
    np.testing.assert_array_equal(given.y[:3], [0, 2, 1])


@pytest.mark.parametrize("labels, expected, basis", [
    (["agree", "strongly disagree", "neutral", "Strongly Agree", "disagree"],
     ("strongly disagree", "disagree", "neutral", "agree", "Strongly Agree"), "scale"),
    (["sometimes", "never", "always", "often", "rarely"], ("never", "rarely", "sometimes", "often", "always"), "scale"),
    (["good", "poor", "excellent", "fair"], ("poor", "fair", "good", "excellent"), "scale"),
    (["very_high", "low", "very-low", "high"], ("very-low", "low", "high", "very_high"), "scale"),
    (["2 - some", "10 - all", "1 - none"], ("1 - none", "2 - some", "10 - all"), "numbered"),
    (["S", "XL", "M", "L"], ("S", "M", "L", "XL"), "scale"),
    (["red", "green", "blue"], ("blue", "green", "red"), None),
])
def test_level_order(labels, expected, basis):
    order = level_order(pd.Series(labels * 2))
    assert (order.levels, order.basis) == (expected, basis)


@pytest.mark.parametrize("values, kinds", [
    ([0, 1] * 5, ("binary",)),
    (["low", "high", "medium"] * 3, ("binary", "multinomial", "ordinal")),
    (["red", "green", "blue"] * 3, ("binary", "multinomial")),
    (list(range(13)), ("binary",)),
    ([5] * 6, ()),
])
def test_possible_kinds(values, kinds):
    assert possible_kinds(pd.Series(values)) == kinds


@pytest.mark.parametrize("target, kwargs, message", [
    (["a", "b", "c"] * 5 + ["d"], {"kind": "multinomial"}, r"Class 'd' of 't' has a single row"),
    ([str(i) for i in range(13)] * 2, {"kind": "multinomial"},
     r"13 different values: more than the 12 classes.*Choose binary.*or ordinal"),
    (list(np.linspace(0, 1, 40)), {"kind": "multinomial"}, r"looks like a measurement"),
    (["low", "high"] * 8, {"kind": "ordinal"}, r"at least 3 ordered levels.*choose binary"),
    (["low", "mid", "high"] * 6, {"kind": "ordinal", "levels": ["low", "high"]}, r"leaves out 'mid'"),
    (["low", "mid", "high"] * 6, {"kind": "ordinal", "levels": ["low", "mid", "high", "huge"]},
     r"'huge' is not a value of column 't'"),
    (["low", "mid", "high"] * 6, {"kind": "ordinal", "levels": ["low", "mid", "mid", "high"]}, r"more than once"),
    (["low", "mid", "high"] * 6, {"kind": "ordinal", "levels": ["low", None, "mid", None, "high"]},
     r"The order contains an empty value; name only values of column 't'"),
    (["red", "green", "blue"] * 6, {"kind": "ordinal"}, r"no order recognised: give the order"),
    (["a", "b", "c"] * 6, {"kind": "logistic"}, r"binary, multinomial or ordinal"),
])
def test_refusals_say_what_to_do(target, kwargs, message):
    with pytest.raises(DataError, match=message):
        prepare_dataset(_frame(target), name="t", target="t", **kwargs)


def test_a_level_left_without_rows_after_dropping_missing_values_is_named():
    frame = _frame(["low", "mid", "high"] * 6)
    frame.loc[frame["t"] == "mid", "x1"] = np.nan
    with pytest.raises(DataError, match=r"Level 'mid' of 't' has no rows after dropping rows with missing values"):
        prepare_dataset(frame, name="t", target="t", kind="ordinal")
    filled, _ = prepare_dataset(frame, name="t", target="t", kind="ordinal", missing="mean")
    assert filled.class_counts().tolist() == [6, 6, 6]


def test_feature_limit_is_refused_with_what_to_do():
    rng = np.random.default_rng(3)
    frame = pd.DataFrame(rng.normal(size=(30, MAX_FEATURES + 1)), columns=[f"f{i}" for i in range(MAX_FEATURES + 1)])
    frame["t"] = [0, 1] * 15
    with pytest.raises(DataError, match=rf"{MAX_FEATURES + 1} columns.*at most {MAX_FEATURES}.*Choose fewer features"):
        prepare_dataset(frame, name="t", target="t", features=[c for c in frame.columns if c != "t"])
    frame["kind"] = [f"k{i % 10}" for i in range(30)]  # one-hot columns count too
    with pytest.raises(DataError, match=rf"{MAX_FEATURES - 1 + 9} columns"):
        prepare_dataset(frame, name="t", target="t", features=[f"f{i}" for i in range(MAX_FEATURES - 1)] + ["kind"])


# -- reading limits (#18 item 8) ------------------------------------------------------------

def test_one_upload_limit_in_bytes_for_browser_server_and_reader():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    # the browser counts maxUploadSize in units of 10^6 bytes
    assert config["server"]["maxUploadSize"] * 1_000_000 == MAX_BYTES == 50_000_000
    with pytest.raises(DataError, match=r"50,000,001 bytes.*the limit is 50,000,000 bytes \(50 MB\)"):
        read_csv_bytes(b"a" * (MAX_BYTES + 1))


def test_a_nul_byte_far_into_the_file_is_refused_as_binary():
    rows = b"".join(f"{i},{i % 2}\n".encode() for i in range(5000))  # about 40 kB
    content = b"x,label\n" + rows + b"7\x00,1\n" + rows
    with pytest.raises(DataError, match=rf"binary data \(a NUL byte at byte {content.index(0) + 1:,}\)"):
        read_csv_bytes(content)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(encoding):
    text = "x,größe,label\n" + "".join(f"{i},{i * 0.5},{'ja' if i % 2 else 'nein'}\n" for i in range(12))
    table = read_csv_bytes(text.encode(encoding))
    assert table.report.encoding == "UTF-16" and any("without a byte-order mark" in n for n in table.report.notes)
    assert list(table.frame.columns) == ["x", "größe", "label"] and table.frame["größe"].iloc[3] == 1.5


def test_utf16_without_bom_in_another_script_is_read():
    text = "編號,分數,結果\n" + "".join(f"{i},{i * 0.5},{'是' if i % 2 else '否'}\n" for i in range(12))
    table = read_csv_bytes(text.encode("utf-16-le"))
    assert list(table.frame.columns) == ["編號", "分數", "結果"] and set(table.frame["結果"]) == {"是", "否"}


def test_utf16_that_does_not_decode_says_utf16_and_how_to_resave():
    content = "x,label\n1,0\n".encode("utf-16-le") * 10 + b"\x00\xd8"  # a lone surrogate at the end
    with pytest.raises(DataError, match=r"UTF-16.*save it as CSV UTF-8"):
        read_csv_bytes(content)


def test_a_line_with_a_million_columns_is_refused_for_what_it_is():
    content = b",".join(b"1" for _ in range(1_000_000)) + b"\n"
    with pytest.raises(DataError, match=r"1,000,000 comma-separated fields on the only line.*transpose"):
        read_csv_bytes(content)


def test_more_columns_than_the_reader_takes_is_refused():
    header = ",".join(f"c{i}" for i in range(MAX_COLUMNS + 1))
    content = (header + "\n" + ("1," * MAX_COLUMNS + "0\n") * 10).encode()
    with pytest.raises(DataError, match=r"1,001 comma-separated fields on the first line"):
        read_csv_bytes(content)


# -- built-in datasets -----------------------------------------------------------------------

def test_iris_is_fishers_table():
    iris = datasets.load("iris")
    assert (iris.n_rows, iris.n_features, iris.kind) == (150, 4, "multinomial")
    assert iris.class_names == ("setosa", "versicolor", "virginica") and iris.class_counts().tolist() == [50] * 3
    assert "Fisher" in iris.source and "Annals of Eugenics" in iris.source
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    reference = sklearn_datasets.load_iris()
    np.testing.assert_array_equal(iris.X, reference.data)
    np.testing.assert_array_equal(iris.y, reference.target)


def test_anes96_party_identification_is_ordinal_and_matches_statsmodels():
    anes = datasets.load("anes96")
    assert anes.kind == "ordinal" and anes.n_classes == 7 and anes.n_rows == 944
    assert anes.class_names[0] == "strong Democrat" and anes.class_names[-1] == "strong Republican"
    assert "public domain" in anes.source and "1996" in anes.source
    sm_datasets = pytest.importorskip("statsmodels.datasets")
    reference = sm_datasets.anes96.load_pandas().data
    np.testing.assert_allclose(anes.X, reference[list(anes.feature_names)].to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(anes.y, reference["PID"])


@pytest.mark.parametrize("n_classes", [3, 4, 5, 6])
def test_clouds_with_k_classes(n_classes):
    data = datasets.load("clouds", n_points=120, n_classes=n_classes, separation=4.0, noise=0.5, seed=1)
    assert data.n_classes == n_classes and data.kind == "multinomial" and data.n_rows == 120
    assert data.class_counts().min() >= 120 // n_classes
    centres = np.array([data.X[data.y == k].mean(axis=0) for k in range(n_classes)])
    neighbours = np.linalg.norm(centres - np.roll(centres, 1, axis=0), axis=1)
    np.testing.assert_allclose(neighbours, 4.0, atol=0.6)
    again = datasets.load("clouds", n_points=120, n_classes=n_classes, separation=4.0, noise=0.5, seed=1)
    assert again.fingerprint == data.fingerprint


def test_latent_ordinal_levels_rise_with_the_score():
    data = datasets.load("latent_ordinal", n_points=3000, n_classes=5, noise=0.3, seed=2)
    assert data.kind == "ordinal" and data.n_classes == 5 and data.class_counts().tolist() == [600] * 5
    score = data.X @ np.array([1.5, -1.0])
    means = [score[data.y == k].mean() for k in range(5)]
    assert all(np.diff(means) > 0)


@pytest.mark.parametrize("key, parameters, message", [
    ("clouds", {"n_classes": 2}, "between 3 and 6"), ("clouds", {"n_classes": 7}, "between 3 and 6"),
    ("latent_ordinal", {"n_points": 10, "n_classes": 6}, "two per class"),
    ("latent_ordinal", {"noise": 0.0}, "greater than 0"),
])
def test_synthetic_parameters_are_checked(key, parameters, message):
    with pytest.raises(ValueError, match=message):
        datasets.load(key, **parameters)


EXPECTED_STANDARDIZE = {"notes": False, "hours": False, "challenger": True, "breast_cancer": True,
                        "two_clouds": False, "xor": False, "iris": True, "clouds": False, "anes96": True,
                        "latent_ordinal": False}


@pytest.mark.parametrize("key", datasets.available())
def test_every_built_in_says_whether_to_standardise(key):
    data = datasets.load(key)
    assert data.recommended_standardize is EXPECTED_STANDARDIZE[key]
    if key != "notes":  # the notes' lesson keeps the raw numbers although Feature1 reaches 17.8
        assert data.recommended_standardize is scales_differ(data.X)


def test_scales_of_huge_values_do_not_overflow():
    X = np.array([[1e200, 1.0], [-1e200, 2.0], [0.0, 3.0]])
    np.testing.assert_allclose(column_sizes(X), [1e200 * np.sqrt(2 / 3), np.sqrt(14 / 3)], rtol=1e-14)
    assert scales_differ(X)


def test_uploads_get_the_standardise_recommendation_from_their_scales():
    frame = pd.DataFrame({"big": np.linspace(100, 900, 20), "t": [0, 1] * 10})
    assert prepare_dataset(frame, name="t", target="t")[0].recommended_standardize
    frame["big"] /= 1000
    assert not prepare_dataset(frame, name="t", target="t")[0].recommended_standardize


def test_built_in_sources_cite_and_license():
    for key in ("hours", "challenger", "breast_cancer", "iris", "anes96"):
        source = datasets.load(key).source
        assert any(word in source for word in ("CC BY", "public domain")), key


def test_to_frame_gives_codes_for_k_classes():
    frame = datasets.load("iris").to_frame()
    assert frame["species"].tolist()[::50] == [0, 1, 2]


@pytest.mark.slow
def test_tables_import_no_cycle():
    """The table modules take part in no import cycle (data.py and datasets.py used to import each other)."""
    import ast

    package = ROOT / "logreg_core"
    graph = {}
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        parent = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = parent.rsplit(".", node.level - 1)[0] if node.level > 1 else parent
                targets.add(f"{base}.{node.module}" if node.module else base)
        graph[module] = {target for target in targets if target != module}

    def visit(module, path):
        assert module not in path, " -> ".join([*path, module])
        for target in graph.get(module, ()):
            if target != "logreg_core":  # the package's own __init__ only re-exports
                visit(target, (*path, module))

    tables = [module for module in graph if module.startswith("logreg_core.tabular")
              or module in ("logreg_core.data", "logreg_core.datasets")]
    assert len(tables) >= 9
    for module in tables:
        visit(module, ())


def test_stratified_sample_has_its_size_and_the_class_shares():
    from logreg_core.tabular import stratified_sample

    y = np.r_[np.zeros(7000), np.ones(2000), np.full(1000, 2.0)]
    index = stratified_sample(y, 1000, seed=3)
    assert index.size == 1000 and np.all(np.diff(index) > 0)
    np.testing.assert_array_equal(np.bincount(y[index].astype(int)), [700, 200, 100])
    np.testing.assert_array_equal(index, stratified_sample(y, 1000, seed=3))
    assert not np.array_equal(index, stratified_sample(y, 1000, seed=4))


def test_stratified_sample_keeps_a_rare_class_and_every_row_of_a_small_table():
    from logreg_core.tabular import stratified_sample

    y = np.r_[np.zeros(9999), 1.0]
    index = stratified_sample(y, 10, seed=0)
    assert index.size == 10 and y[index].sum() == 1.0
    np.testing.assert_array_equal(stratified_sample(y[:8], 10), np.arange(8))
    with pytest.raises(ValueError, match="cannot hold all 2 classes"):
        stratified_sample(y, 1)
