"""Reading real-world CSV files: each messy file is read right or refused with a reason."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from logreg_core import DataError, fit_newton, prepare_dataset, read_csv_bytes
from logreg_core.data import default_positive_class, guess_target, needs_positive_class

CORPUS = Path(__file__).parent / "messy_csv"
NOTES_TEN = {
    "Feature1": [2.5, 3.6, 1.2, 4.5, 3.3, 5.1, 6.2, 7.4, 5.5, 8.0],
    "Feature2": [1.0, 2.1, 0.5, 3.3, 2.8, 4.0, 5.5, 6.1, 4.8, 7.2],
    "Label": [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
}


def read(name: str):
    return read_csv_bytes((CORPUS / name).read_bytes())


@pytest.mark.parametrize(
    "name, delimiter, decimal, encoding",
    [
        ("utf8_plain.csv", ",", ".", "UTF-8"),
        ("utf8_bom.csv", ",", ".", "UTF-8 with BOM"),
        ("utf16_bom_tab.csv", "\t", ".", "UTF-16"),
        ("semicolon_decimal_comma.csv", ";", ",", "UTF-8"),
        ("tab_separated.tsv", "\t", ".", "UTF-8"),
        ("pipe_separated.csv", "|", ".", "UTF-8"),
        ("windows_line_endings.csv", ",", ".", "UTF-8"),
    ],
)
def test_the_same_table_in_every_dialect(name, delimiter, decimal, encoding):
    table = read(name)
    report = table.report
    assert (report.delimiter, report.decimal, report.encoding) == (delimiter, decimal, encoding)
    assert report.has_header and (report.n_rows, report.n_columns) == (10, 3)
    pd.testing.assert_frame_equal(table.frame, pd.DataFrame(NOTES_TEN).astype(float))


def test_file_without_header_gets_generated_names_and_says_so():
    table = read("no_header.csv")
    assert list(table.frame.columns) == ["column_1", "column_2", "column_3"]
    assert len(table.frame) == 10 and table.frame.iloc[0, 0] == 2.5
    assert not table.report.has_header
    assert any("no header row" in note for note in table.report.notes)


def test_padding_spaces_are_trimmed_from_names_and_values():
    table = read("padded_spaces.csv")
    assert list(table.frame.columns) == ["Feature1", "Feature2", "Label"]
    assert table.frame["Feature2"].dtype == np.float64 and table.frame["Feature2"].iloc[1] == 2.1


def test_duplicate_names_are_made_unique_with_a_note():
    table = read("duplicate_names.csv")
    assert list(table.frame.columns) == ["x", "x_2", "Label"]
    assert any("more than once" in note for note in table.report.notes)


def test_html_in_a_header_is_kept_as_plain_text():
    table = read("html_header.csv")
    assert list(table.frame.columns)[:2] == ["<b>Feature1</b>", "<script>alert(1)</script>"]


def test_windows_1252_text_is_decoded():
    table = read("cp1252_text.csv")
    assert table.report.encoding == "Windows-1252"
    assert list(table.frame.columns) == ["Größe", "Café", "Ergebnis"]
    assert set(table.frame["Café"]) == {"crème", "brûlée"}


def test_quoted_fields_keep_their_commas_and_quotes():
    table = read("quoted_fields.csv")
    assert list(table.frame.columns) == ["name", "score", "comment, with comma", "label"]
    assert table.frame["name"].iloc[3] == "Smith, J3"
    assert table.frame["comment, with comma"].iloc[0] == 'she said "ok"'
    assert table.frame["score"].dtype == np.float64


def test_missing_markers_become_missing_values():
    frame = read("missing_markers.csv").frame
    assert frame["a"].isna().sum() == 1 and frame["b"].isna().sum() == 3
    assert frame["b"].dtype == np.float64


def test_infinite_and_overflowing_numbers_become_missing_with_the_column_named():
    table = read("infinite_values.csv")
    assert table.frame["a"].isna().sum() == 1 and table.frame["b"].isna().sum() == 1
    notes = " ".join(table.report.notes)
    assert "Column 'a'" in notes and "Column 'b'" in notes and "infinite" in notes


@pytest.mark.parametrize(
    "name, message",
    [
        ("empty.csv", "The file is empty"),
        ("header_only.csv", "header row but no data rows"),
        ("too_few_rows.csv", "3 data row"),
        ("excel_saved_as.csv", "Excel workbook"),
        ("binary_data.csv", "binary data"),
        ("ragged_extra_field.csv", "Line 4 of the file has 4 fields but the header has 3"),
        ("ragged_missing_field.csv", "Line 4 of the file has 2 fields but the header has 3"),
        ("quoted_ragged.csv", "Line 4 of the file has 2 fields but the header has 3"),
        ("quoted_short_header.csv", "(header has 2 fields but the rows below it have a different number|Line 2 of the file has 3 fields)"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(name, message):
    with pytest.raises(DataError, match=message):
        read(name)


def test_oversized_files_are_refused_with_the_limit():
    with pytest.raises(DataError, match=r"the limit is 1,000,000 bytes \(1 MB\)"):
        read_csv_bytes(b"a,b\n" + b"1,0\n" * 300_000, max_bytes=1_000_000)


def test_text_target_needs_and_gets_a_positive_class():
    frame = read("text_target.csv").frame
    assert needs_positive_class(frame["passed"]) and default_positive_class(frame["passed"]) == "yes"
    with pytest.raises(DataError, match="pick the positive class"):
        prepare_dataset(frame, name="t", target="passed")
    dataset, summary = prepare_dataset(frame, name="t", target="passed", positive_class="yes")
    np.testing.assert_array_equal(dataset.y, NOTES_TEN["Label"])
    assert dataset.class_names == ("no", "yes")
    assert "10 of 10 rows used" in summary.lines[-1]


def test_three_classes_become_one_against_the_rest():
    frame = read("three_classes.csv").frame
    with pytest.raises(DataError, match=r"has 3 classes \(a, b, c\): pick the positive class"):
        prepare_dataset(frame, name="t", target="grade")
    dataset, _ = prepare_dataset(frame, name="t", target="grade", positive_class="b")
    assert dataset.y.sum() == 3 and dataset.class_names == ("other", "b")


def test_one_class_target_is_refused():
    frame = read("one_class.csv").frame
    with pytest.raises(DataError, match="only one value"):
        prepare_dataset(frame, name="t", target="label")


def test_missing_values_dropped_or_filled_with_counts():
    frame = read("missing_markers.csv").frame
    with pytest.raises(DataError, match="Only 6 row"):
        prepare_dataset(frame, name="t", target="label", missing="drop")  # 4 of 10 rows have gaps
    doubled = pd.concat([frame, frame], ignore_index=True)
    dropped, summary = prepare_dataset(doubled, name="t", target="label", missing="drop")
    assert dropped.n_rows == 12 and any("8 row(s) with a missing feature value were dropped" in s for s in summary.lines)
    filled, summary = prepare_dataset(frame, name="t", target="label", missing="mean")
    assert filled.n_rows == 10 and np.all(np.isfinite(filled.X))
    assert filled.X[1, 0] == pytest.approx(np.nanmean(frame["a"]))


def test_text_features_are_one_hot_encoded_without_the_first_level():
    frame = read("cp1252_text.csv").frame
    dataset, _ = prepare_dataset(frame, name="t", target="Ergebnis", positive_class="ja",
                                       features=["Größe", "Café"])
    assert dataset.feature_names == ("Größe", "Café=crème")
    left_out, _ = prepare_dataset(frame, name="t", target="Ergebnis", positive_class="ja",
                                  features=["Größe", "Café"], text_columns="drop")
    assert left_out.feature_names == ("Größe",)


def test_guess_target_prefers_label_like_names():
    assert guess_target(read("utf8_plain.csv").frame) == "Label"
    assert guess_target(read("three_classes.csv").frame) == "grade"


def test_uploaded_table_fits_like_the_same_numbers_typed_in():
    frame = read("semicolon_decimal_comma.csv").frame
    frame.loc[4, "Label"] = 1  # the same change in both tables
    dataset, _ = prepare_dataset(frame, name="t", target="Label")
    X = np.column_stack([NOTES_TEN["Feature1"], NOTES_TEN["Feature2"]])
    y = np.array(NOTES_TEN["Label"], dtype=float)
    y[4] = 1
    np.testing.assert_array_equal(dataset.X, X)
    # these ten rows are still separable: L2 gives both a finite, unique fit to compare
    from_file, typed_in = fit_newton(dataset.X, dataset.y, l2=0.1), fit_newton(X, y, l2=0.1)
    assert from_file.converged and typed_in.converged
    np.testing.assert_array_equal(dataset.y, y)
    np.testing.assert_allclose(from_file.coef, typed_in.coef, rtol=1e-12)
    assert from_file.intercept == pytest.approx(typed_in.intercept, rel=1e-12)
