"""Uploads of every kind of target through the Data page: never a traceback (issue 17)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ui.text import unescape

from .helpers import player_arguments, run_page

DATA = "pages/1_data.py"
CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"
ANES96 = Path(__file__).resolve().parents[2] / "logreg_core" / "data_files" / "anes96.csv"

TARGETS = {
    "ints_without_1": ([2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 2], ["2", "3"]),
    "floats": ([0.5, 1.5] * 6, ["0.5", "1.5"]),
    "three_floats": ([-1.25, 2.0, 7.5] * 4, ["-1.25", "2", "7.5"]),
    "strings": (["cat", "dog"] * 6, ["cat", "dog"]),
    "booleans": (["True", "False"] * 6, ["False", "True"]),
    "yes_no": (["yes", "no", "no"] * 4, ["no", "yes"]),
    "ints_with_missing": ([2, "", 3, 2, "NA", 3, 2, 3, 2, 3, 2, 3], ["2", "3"]),
    "strings_with_missing": (["a", "", "b", "?", "a", "b", "a", "b", "a", "b", "a", "b"], ["a", "b"]),
}


def upload(at, name: str, content: bytes):
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((name, content, "text/csv")).run()
    return at


def use_it(at):
    next(button for button in at.button if button.label == "Use this dataset").click().run()
    return at


def test_numeric_target_without_the_value_one_loads():
    """The crash of issue 17: ValueError: '3.0' is not in list."""
    name = "numeric_target_without_one.csv"
    at = upload(run_page(DATA), name, (CORPUS / name).read_bytes())
    assert not at.exception
    assert at.selectbox(key="upload_target").value == "outcome"
    positive = at.selectbox(key="upload_positive_outcome")
    assert positive.options == ["2", "3"] and positive.value == "3"
    use_it(at)
    assert not at.exception
    assert "numeric_target_without_one" in unescape(at.info[0].value) and "4 of class 3" in unescape(at.info[0].value)


@pytest.mark.parametrize("case", list(TARGETS))
def test_every_target_type_uploads_without_an_exception(case):
    values, labels = TARGETS[case]
    rows = "".join(f"{i},{(i * 7) % 5},{value}\n" for i, value in enumerate(values))
    at = upload(run_page(DATA), f"{case}.csv", ("size,weight,result\n" + rows).encode())
    assert not at.exception
    assert at.selectbox(key="upload_target").value == "result"
    positive = at.selectbox(key="upload_positive_result")
    assert positive.options == labels and positive.value in labels
    use_it(at)
    assert not at.exception
    assert f"Active on every page: {case}" in unescape(at.info[0].value)


def test_the_anes96_file_with_its_continuous_last_column_loads():
    frame = pd.read_csv(ANES96)
    frame["logpopul"] = np.log(frame["popul"] + 0.1)  # the last column, as statsmodels gives it
    at = upload(run_page(DATA), "anes96.csv", frame.to_csv(index=False).encode())
    assert not at.exception
    assert at.selectbox(key="upload_target").value == "vote"
    captions = " ".join(unescape(caption.value) for caption in at.caption)
    assert "Guessed: 'vote' has two values" in captions
    assert "'logpopul' repeats 'popul' on another scale" in captions
    assert "logpopul" not in at.multiselect(key="upload_features_vote").value
    use_it(at)
    assert not at.exception
    assert "Active on every page: anes96" in unescape(at.info[0].value)


@pytest.mark.slow
def test_two_sessions_with_the_same_numbers_never_see_each_others_labels():
    """Issue 18: cached runs and figures are keyed on everything shown, class labels included."""
    numbers = "x,label\n" + "".join(f"{i},{{{i % 2}}}\n" for i in range(12))
    shown = {}
    for negative, positive in (("ALICE_SECRET_NEG", "ALICE_SECRET_POS"), ("cat", "dog")):
        content = numbers.replace("{0}", negative).replace("{1}", positive).encode()
        at = upload(run_page(DATA), "same.csv", content)
        at.selectbox(key="upload_positive_label").set_value(positive).run()
        use_it(at)
        at.switch_page("pages/2_train.py").run()
        assert not at.exception
        figure, _ = player_arguments(at)
        shown[positive] = str(figure)
    assert "ALICE_SECRET" in shown["ALICE_SECRET_POS"]
    assert "ALICE_SECRET" not in shown["dog"] and "dog" in shown["dog"]
