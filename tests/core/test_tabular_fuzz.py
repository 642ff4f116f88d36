"""Whatever bytes arrive, reading and preparing either work or raise a DataError (issue 17)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from logreg_core import DataError, prepare_dataset, read_csv_bytes
from logreg_core.tabular import default_features, default_positive_class, suggest_target, target_values

CELLS = st.one_of(
    st.integers(-5, 5).map(str), st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", "NA", "?", "yes", "no", "True", "false", "1,5", " 2 ", '"a,b"', "é", "-", "1e400"]),
)


def table_bytes(rows: list[list[str]], delimiter: str, encoding: str) -> bytes:
    text = "\n".join(delimiter.join(row) for row in rows)
    return text.encode(encoding, errors="replace")


def read_guess_prepare(content: bytes) -> None:
    try:
        table = read_csv_bytes(content)
    except DataError:
        return
    frame = table.frame
    target = suggest_target(frame).column
    values = target_values(frame[target])
    if values:
        assert default_positive_class(frame[target]) in values
    features = list(default_features(frame, target).features)
    for kind in ("binary", "multinomial", "ordinal"):
        try:
            dataset, _ = prepare_dataset(frame, name="f", target=target, kind=kind,
                                         positive_class=default_positive_class(frame[target]) if values else None,
                                         features=features or None)
        except DataError:
            continue
        assert dataset.X.shape[0] == dataset.y.shape[0] and np.all(np.isfinite(dataset.X))
        assert set(np.unique(dataset.y)) <= set(range(dataset.n_classes))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=14),
       st.sampled_from([",", ";", "\t", "|"]), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "cp1252"]))
@pytest.mark.slow
def test_tables_of_odd_cells_never_raise_anything_but_data_error(rows, delimiter, encoding):
    read_guess_prepare(table_bytes(rows, delimiter, encoding))


def test_a_lone_carriage_return_in_a_quoted_file_is_no_traceback():
    read_guess_prepare(b'\x01\r"\x01')
    table = read_csv_bytes(b'a,"b"\r' + b"1,0\r" * 10)
    assert table.frame.shape == (10, 2)


def test_a_quoted_field_longer_than_the_csv_module_takes_is_refused_with_a_reason():
    content = b'a,b\n"' + b"x" * 200_000 + b'",1\n' + b"2,1\n" * 10
    with pytest.raises(DataError, match="second line of the file does not end within its first 64 kB"):
        read_csv_bytes(content)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise_anything_but_data_error(content):
    read_guess_prepare(content)


@st.composite
def rectangular(draw):
    n_columns = draw(st.integers(2, 4))
    header = [f"c{j}" for j in range(n_columns - 1)] + [draw(st.sampled_from(["label", "y", "score", "x"]))]
    rows = draw(st.lists(st.lists(CELLS, min_size=n_columns, max_size=n_columns), min_size=8, max_size=20))
    return [header, *rows]


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rectangular(), st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-16-le"]))
def test_rectangular_tables_of_odd_cells_read_guess_and_prepare(rows, delimiter, encoding):
    read_guess_prepare(table_bytes(rows, delimiter, encoding))
