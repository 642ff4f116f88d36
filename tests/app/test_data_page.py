"""The Data page under AppTest: built-ins, uploads read or refused, the active dataset kept."""

from pathlib import Path

import pytest

from .helpers import run_page, shown

DATA = "pages/1_data.py"
CORPUS = Path(__file__).resolve().parents[1] / "core" / "messy_csv"


def upload(at, name: str):
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value((name, (CORPUS / name).read_bytes(), "text/csv")).run()
    return at


def sidebar_text(at) -> str:
    return shown(at.sidebar.markdown)


def test_opens_on_the_notes_table():
    at = run_page(DATA)
    assert not at.exception
    assert "Teaching notes (20 rows)" in shown(at.info)
    assert at.selectbox(key="dataset").value == "notes"


def test_choosing_a_built_in_makes_it_active_everywhere():
    at = run_page(DATA)
    at.selectbox(key="dataset").set_value("challenger").run()
    assert not at.exception
    assert "Challenger O-rings" in shown(at.info) and "Challenger O-rings" in sidebar_text(at)
    assert "Dalal" in shown(at.caption)
    at.switch_page("pages/2_train.py").run()
    assert not at.exception
    assert "Challenger O-rings" in sidebar_text(at)


def test_synthetic_parameters_rebuild_the_dataset():
    at = run_page(DATA)
    at.selectbox(key="dataset").set_value("two_clouds").run()
    at.select_slider(key="n_points").set_value(500).run()
    at.slider(key="separation").set_value(4.0).run()
    assert not at.exception
    assert "Two clouds (500 points)" in shown(at.info)


def test_upload_semicolon_decimal_comma_file_and_train_on_it():
    at = upload(run_page(DATA), "semicolon_decimal_comma.csv")
    assert not at.exception
    assert "10 rows × 3 columns" in shown(at.caption) and "decimal commas" in shown(at.caption)
    assert at.selectbox(key="upload_target").value == "Label"
    at.button(key="use_dataset").click().run()
    assert not at.exception
    assert "semicolon_decimal_comma" in shown(at.info)
    assert "semicolon_decimal_comma.csv is the active dataset" in shown(at.success)
    at.switch_page("pages/2_train.py").run()
    assert not at.exception
    assert "semicolon_decimal_comma" in sidebar_text(at)


def test_text_target_asks_for_the_positive_class():
    at = upload(run_page(DATA), "three_classes.csv")
    assert at.selectbox(key="upload_target").value == "grade"
    positive = at.selectbox(key="upload_positive_grade")
    assert positive.options == ["a", "b", "c"]
    positive.set_value("b").run()
    at.button(key="use_dataset").click().run()
    assert not at.exception
    assert "3 of class b" in shown(at.info)


def test_broken_upload_shows_an_error_and_keeps_the_active_dataset():
    at = run_page(DATA)
    at.selectbox(key="dataset").set_value("hours").run()
    upload(at, "excel_saved_as.csv")
    assert not at.exception
    assert "Excel workbook" in at.error[0].value
    assert "still Hours studied" in shown(at.caption)
    assert "Hours studied" in sidebar_text(at)


def test_test_split_reaches_the_train_page():
    at = run_page(DATA)
    at.selectbox(key="dataset").set_value("breast_cancer").run()
    at.toggle(key="split_on").set_value(True).run()
    at.slider(key="test_fraction").set_value(0.3).run()
    assert not at.exception
    assert "held out" in shown(at.caption)
    at.switch_page("pages/2_train.py").run()
    assert not at.exception
    assert any("held-out rows" in caption.value for caption in at.caption)


def test_a_loaded_file_is_not_called_active_until_it_is_used():
    """Issue 17: no green box and no preview of another dataset under a file that is not in use."""
    at = upload(run_page(DATA), "semicolon_decimal_comma.csv")
    assert not at.success
    assert "Loaded, not active yet" in shown(at.warning) and "still uses **Teaching notes" in shown(at.warning)
    assert "Active dataset: Teaching notes" in shown(at.subheader)
    assert "not the loaded file" in shown(at.caption)
    at.button(key="use_dataset").click().run()
    assert "Loaded, not active yet" not in shown(at.warning)
    assert "Active dataset: semicolon_decimal_comma" in shown(at.subheader)
    assert "not the loaded file" not in shown(at.caption)
    at.radio(key="upload_missing").set_value("mean").run()
    assert "is active, with other choices than these" in shown(at.warning)


def test_the_target_guess_says_why():
    at = upload(run_page(DATA), "three_classes.csv")
    assert "Guessed: 'grade'" in shown(at.caption)


def test_a_continuous_target_is_offered_as_classes_only_when_asked():
    rows = "".join(f"{i},{i % 2},{i * 1.37:.2f}\n" for i in range(60))
    at = run_page(DATA)
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value(("measure.csv", ("a,b,size\n" + rows).encode(), "text/csv")).run()
    at.selectbox(key="upload_target").set_value("size").run()
    assert not at.exception
    assert "looks like a measurement" in shown(at.warning)
    assert not [box for box in at.selectbox if box.key == "upload_positive_size"]
    assert at.button(key="use_dataset").disabled
    at.checkbox(key="upload_continuous_size").check().run()
    assert at.selectbox(key="upload_positive_size").value in at.selectbox(key="upload_positive_size").options
    assert not at.button(key="use_dataset").disabled


def test_default_features_say_what_they_leave_out():
    rows = "".join(f"{i + 1},{(i + 1) * 10},{(i * 7) % 5},{i % 2}\n" for i in range(30))
    at = run_page(DATA)
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value(("twins.csv", ("popul,popul10,w,vote\n" + rows).encode(),
                                                "text/csv")).run()
    assert at.selectbox(key="upload_target").value == "vote"
    assert at.multiselect(key="upload_features_vote").value == ["popul", "w"]
    assert "'popul10' repeats 'popul'" in shown(at.caption)


def ratings_csv() -> bytes:
    """60 rows whose target is "low" < "medium" < "high", first met in the file as medium, high, low."""
    levels = ["medium", "high", "low"]
    rows = "".join(f"{i % 7 + (2 * levels.index(levels[i % 3]))},{i % 5},{levels[i % 3]}\n" for i in range(60))
    return ("hours,age,rating\n" + rows).encode()


@pytest.mark.slow  # eight runs of the Data page: about 1.3 s of processor time
def test_a_new_model_for_the_active_upload_applies_at_once():
    """Issue 14: the kind of model and the level order of the active upload apply without Use this dataset."""
    at = run_page(DATA)
    at.segmented_control(key="source").set_value("upload").run()
    at.file_uploader(key="upload").set_value(("ratings.csv", ratings_csv(), "text/csv")).run()
    at.radio(key="model").set_value("multinomial").run()
    at.button(key="use_dataset").click().run()
    assert "3 classes: high (20), low (20), medium (20)" in shown(at.info)
    at.selectbox(key="reference").set_value("medium").run()  # no button pressed from here on
    assert at.query_params["reference"] == "medium"
    assert at.success and "other choices than these" not in shown(at.warning)
    at.radio(key="model").set_value("ordinal").run()
    assert not at.exception
    # the known scale is pre-ordered, lowest first
    assert "3 ordered levels: low (20) < medium (20) < high (20)" in shown(at.info)
    assert at.success and "is the active dataset" in shown(at.success)
    at.multiselect(key="order").set_value(["high", "medium", "low"]).run()
    assert "3 ordered levels: high (20) < medium (20) < low (20)" in shown(at.info)
    assert "Levels, lowest first: high < medium < low." in shown(at.caption)
    at.radio(key="model").set_value("binary").run()
    assert not at.exception
    assert "Active on every page: ratings" in shown(at.info) and "positive)" in shown(at.info)
    assert "other choices than these" not in shown(at.warning)
    # the rows and columns are another matter: those still wait for the button, and the page says so
    at.multiselect(key="upload_features_rating").set_value(["hours"]).run()
    assert "Press **Use this dataset** to apply the target, features and rows" in shown(at.warning)
    assert "a new kind of model or order of the levels applies at once" in shown(at.warning)
    assert at.info[0].value.count("feature") == 1 and "2 features" in shown(at.info)
