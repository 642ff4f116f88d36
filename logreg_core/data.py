"""CSV bytes -> a table -> a Dataset, with DataError messages a person can act on.

Reading is split in two, as the Data page works: :func:`read_csv_bytes` turns the raw
bytes into a table and says how it read them (encoding, delimiter, decimal mark, header);
:func:`prepare_dataset` applies the user's choices of target, positive class, features,
text columns and missing values, and says which rows it used and why others were dropped.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from .datasets import Dataset
from .validation import DataError

MAX_BYTES = 50 * 1024 * 1024  # the same limit as server.maxUploadSize
MIN_ROWS = 8
SNIFF_BYTES = 64 * 1024
# Files with quoted fields are checked row by row up to this size (the check parses in Python);
# above it, a short row becomes missing values, which the summary then counts.
QUOTED_CHECK_BYTES = 5 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MISSING_MARKERS = ("", "NA", "N/A", "n/a", "na", "NaN", "nan", "?", "null", "NULL", "None", "#N/A", "-")
MAX_CLASSES_SHOWN = 6

# Signatures of files that are not text, with what to do about each.
_BINARY_SIGNATURES = (
    (b"PK\x03\x04", "an Excel workbook (.xlsx) or another zip archive",
     "In Excel choose File > Save As > CSV UTF-8, then upload that file."),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls)",
     "In Excel choose File > Save As > CSV UTF-8, then upload that file."),
    (b"%PDF", "a PDF document", "Export the table from its source as CSV instead."),
    (b"\x1f\x8b", "a gzip-compressed file", "Decompress it first and upload the .csv inside."),
    (b"PAR1", "a Parquet file", "Save it as CSV first, for example with pandas' to_csv."),
    (b"\x89PNG", "a PNG image", "Upload the table itself as a CSV file."),
    (b"\xff\xd8\xff", "a JPEG image", "Upload the table itself as a CSV file."),
)
_DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d+,\d+\s*$")
_DECIMAL_POINT = re.compile(r"^\s*[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_TOKENIZER_ERROR = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


@dataclass(frozen=True)
class ReadReport:
    """How a file was read, in terms a person can check against the file."""

    encoding: str
    delimiter: str
    decimal: str
    has_header: bool
    n_rows: int
    n_columns: int
    notes: tuple[str, ...] = ()

    @property
    def delimiter_name(self) -> str:
        return DELIMITER_NAMES[self.delimiter]

    def describe(self) -> str:
        header = "a header row" if self.has_header else "no header row (columns named column_1, column_2, …)"
        decimal = "decimal commas" if self.decimal == "," else "decimal points"
        return (
            f"{self.n_rows} rows × {self.n_columns} columns, read as {self.encoding} with "
            f"{self.delimiter_name}-separated fields, {decimal} and {header}."
        )


@dataclass(frozen=True, eq=False)
class Table:
    """A file read into columns, before any roles are chosen."""

    frame: pd.DataFrame
    report: ReadReport


def _refuse_binary(head: bytes) -> None:
    for signature, what, remedy in _BINARY_SIGNATURES:
        if head.startswith(signature):
            raise DataError(f"This file is {what}, not a CSV text file. {remedy}")
    if b"\x00" in head[:8192]:
        raise DataError(
            "This file contains binary data, not text: it is not a CSV file. Export the table "
            "as CSV (comma- or semicolon-separated text) and upload that."
        )


def detect_encoding(content: bytes) -> tuple[str, int]:
    """The text encoding of the file and the length of its byte-order mark.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised; anything else that is
    not valid UTF-8 is read as Windows-1252, or Latin-1 where 1252 leaves a byte undefined.
    """
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    if content.isascii():
        return "utf-8", 0
    for encoding in ("utf-8", "cp1252"):
        try:
            content.decode(encoding)
            return encoding, 0
        except UnicodeDecodeError:
            continue
    return "latin-1", 0


def _sample_rows(text: str, delimiter: str, limit: int = 200) -> list[list[str]]:
    lines = text.splitlines()
    if len(lines) > 1 and len(text) >= SNIFF_BYTES:
        lines = lines[:-1]  # the sample may end inside a line
    reader = csv.reader(lines[:limit], delimiter=delimiter, skipinitialspace=True)
    return [row for row in reader if row and any(cell.strip() for cell in row)]


def sniff_delimiter(sample: str) -> str:
    """The delimiter among comma, semicolon, tab and pipe that splits the sample most evenly.

    Each candidate splits the first rows with a quote-aware reader; the winner gives the
    same number of fields, more than one, on the most rows (ties: more fields).
    """
    best, best_score = ",", (-1.0, 0)
    for delimiter in DELIMITERS:
        rows = _sample_rows(sample, delimiter)
        if not rows:
            continue
        counts = np.array([len(row) for row in rows])
        values, frequency = np.unique(counts, return_counts=True)
        mode = values[np.argmax(frequency)]
        if mode < 2:
            continue
        score = (float(frequency.max()) / counts.size, int(mode))
        if score > best_score:
            best, best_score = delimiter, score
    return best


def sniff_decimal(rows: list[list[str]], delimiter: str) -> str:
    """"," when numbers in the sample are written with decimal commas (1,5), else "."."""
    if delimiter == ",":
        return "."
    cells = [cell for row in rows[1:] for cell in row]
    commas = sum(bool(_DECIMAL_COMMA.match(cell)) for cell in cells)
    points = sum(bool(_DECIMAL_POINT.match(cell)) for cell in cells)
    return "," if commas > points else "."


def _is_number(cell: str, decimal: str) -> bool:
    text = cell.strip()
    if decimal == ",":
        text = text.replace(",", ".")
    try:
        float(text)
    except ValueError:
        return False
    return True


def sniff_header(rows: list[list[str]], decimal: str) -> bool:
    """Whether the first row names the columns: it does unless every cell of it is a number."""
    if len(rows) < 2:
        return True
    return not all(_is_number(cell, decimal) for cell in rows[0] if cell.strip())


def unique_names(names: list[str]) -> tuple[list[str], list[str]]:
    """Column names made unique and non-empty, with a note for each change."""
    notes, seen, result = [], {}, []
    for index, raw in enumerate(names):
        name = str(raw).strip() or f"column_{index + 1}"
        if not str(raw).strip():
            notes.append(f"Column {index + 1} has no name; it is called '{name}'.")
        base, count = name, seen.get(name, 0)
        while name in seen:
            count += 1
            name = f"{base}_{count + 1}"
        if name != base:
            notes.append(f"The column name '{base}' appears more than once; the repeat is called '{name}'.")
        seen[base] = count
        seen[name] = 0
        result.append(name)
    return result, notes


def _check_ragged_fast(content: bytes, delimiter: str, expected: int, start: int, lines_before: int) -> None:
    """Refuse rows with more or fewer fields than the header, counting delimiters per line.

    Only for files without quote characters, where every delimiter separates fields; it
    reads the bytes with NumPy, so it costs a fraction of the parse itself.
    """
    data_lines = content.count(b"\n", start) + (0 if content.endswith(b"\n") else 1)
    if content.count(delimiter.encode(), start) == (expected - 1) * data_lines:
        # Every line can have the right count only if the total is right; a line with one
        # too many that hides one with one too few is refused by the parser itself.
        return
    data = np.frombuffer(content, dtype=np.uint8)[start:]
    newlines = np.flatnonzero(data == 10)
    if newlines.size == 0 or newlines[-1] != data.size - 1:
        newlines = np.append(newlines, data.size)
    delimiters = np.flatnonzero(data == ord(delimiter))
    per_line = np.diff(np.searchsorted(delimiters, newlines), prepend=0)
    line_lengths = np.diff(newlines, prepend=-1)
    blank = line_lengths <= 2  # "\n" or "\r\n"
    short = np.flatnonzero((per_line + 1 != expected) & ~blank)
    if short.size:
        line = int(short[0]) + 1 + lines_before
        raise DataError(
            f"Line {line} of the file has {int(per_line[short[0]]) + 1} fields but the header has "
            f"{expected} ({short.size} line(s) differ like this). Every row needs exactly one value, "
            "or an empty field, per column: check for a missing or extra delimiter."
        )


def _check_ragged_quoted(text: str, delimiter: str, expected: int) -> None:
    """Refuse rows with more or fewer fields than the header, for files with quoted fields."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for row in reader:
        if row and len(row) != expected and any(cell.strip() for cell in row):
            raise DataError(
                f"Line {reader.line_num} of the file has {len(row)} fields but the header has {expected}. "
                "Every row needs exactly one value, or an empty field, per column: check for a missing "
                "or extra delimiter, or a quote that is not closed."
            )


def read_csv_bytes(content: bytes, *, max_bytes: int = MAX_BYTES) -> Table:
    """Read an uploaded CSV file's bytes into a table, or refuse with a reason.

    Parameters
    ----------
    content : bytes
        The whole file.
    max_bytes : int
        Larger files are refused.

    Returns
    -------
    Table
        Columns of numbers (float64) or text; missing markers (empty, NA, ?, …) and
        infinite or overflowing numbers become missing values, each noted in the report.

    Raises
    ------
    DataError
        Empty, binary, oversized or ragged files, a header without rows, or fewer than
        MIN_ROWS rows.
    """
    if len(content) > max_bytes:
        raise DataError(
            f"The file is {len(content) / 2**20:.1f} MB; the limit is {max_bytes / 2**20:.0f} MB. "
            "Upload a sample of the rows, or only the columns you need."
        )
    if not content[:SNIFF_BYTES].strip() and (len(content) <= SNIFF_BYTES or not content.strip()):
        raise DataError("The file is empty. Choose a CSV file with a header row and data rows.")
    encoding, bom = detect_encoding(content)
    if encoding != "utf-16":
        _refuse_binary(content[bom:])
    notes: list[str] = []
    head_bytes = content[bom : bom + SNIFF_BYTES]
    if encoding == "utf-16":
        text = content.decode("utf-16")
        head = text[:SNIFF_BYTES]
    else:
        text = None
        head = head_bytes.decode(encoding, errors="replace")
    if encoding == "cp1252" or encoding == "latin-1":
        notes.append(f"The file is not UTF-8; it was read as {'Windows-1252' if encoding == 'cp1252' else 'Latin-1'}.")

    delimiter = sniff_delimiter(head)
    rows = _sample_rows(head, delimiter)
    if not rows:
        raise DataError("The file has no readable rows. Choose a CSV file with a header row and data rows.")
    decimal = sniff_decimal(rows, delimiter)
    has_header = sniff_header(rows, decimal)
    n_fields = len(rows[0])
    if has_header and len(rows) == 1:
        raise DataError(
            "The file has a header row but no data rows. Add the data below the header, or "
            "choose another file."
        )

    if text is None and b'"' not in content:
        header_end = content.find(b"\n", bom) + 1 if has_header else bom
        if header_end > 0:
            _check_ragged_fast(content, delimiter, n_fields, header_end, 1 if has_header else 0)
    elif len(content) <= QUOTED_CHECK_BYTES:
        _check_ragged_quoted(text if text is not None else content[bom:].decode(encoding), delimiter, n_fields)

    source = io.StringIO(text) if text is not None else io.BytesIO(content[bom:])
    try:
        with warnings.catch_warnings(record=True) as caught:
            # mixed types in a column are resolved in _clean_columns, not warned about
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                source,
                sep=delimiter,
                decimal=decimal,
                header=0 if has_header else None,  # names are set below from the sniffed header
                index_col=False,  # never take a column as the index, even when rows are longer
                encoding=None if text is not None else encoding,
                keep_default_na=False,
                na_values=list(MISSING_MARKERS),
                skip_blank_lines=True,
                engine="c",
            )
    except pd.errors.ParserError as error:
        match = _TOKENIZER_ERROR.search(str(error))
        if match:
            expected, line, seen = match.groups()
            raise DataError(
                f"Line {line} of the file has {seen} fields but the header has {expected}. A value "
                "probably contains the delimiter without quotes around it: put such values in "
                "double quotes, or remove the extra field."
            ) from None
        raise DataError(f"The file could not be read as CSV ({error}). Check that it is a CSV text file.") from None
    except (UnicodeDecodeError, ValueError) as error:
        raise DataError(f"The file could not be read as CSV ({error}). Check that it is a CSV text file.") from None

    if frame.shape[1] != n_fields or any(issubclass(w.category, pd.errors.ParserWarning) for w in caught):
        raise DataError(
            f"The {'header' if has_header else 'first row'} has {n_fields} fields but the rows below it have "
            "a different number. Make the header name every column (and no more), or check for a "
            "delimiter at the end of the lines."
        )
    if has_header:
        names, name_notes = unique_names(rows[0])
        notes.extend(name_notes)
    else:
        names = [f"column_{index + 1}" for index in range(n_fields)]
        notes.append("The first row holds numbers, so the file was read as having no header row.")
    frame.columns = names
    frame = _clean_columns(frame, notes)

    if len(frame) < MIN_ROWS:
        raise DataError(
            f"The file has {len(frame)} data row(s); at least {MIN_ROWS} are needed to fit and show "
            "a model. Add more rows."
        )
    report = ReadReport(
        encoding="UTF-8 with BOM" if bom else {"utf-8": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252",
                                               "latin-1": "Latin-1"}[encoding],
        delimiter=delimiter, decimal=decimal, has_header=has_header,
        n_rows=len(frame), n_columns=frame.shape[1], notes=tuple(notes),
    )
    return Table(frame=frame, report=report)


def _clean_columns(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Numbers as float64 with infinities missing; text stripped; whole-empty rows dropped."""
    frame = frame.dropna(how="all")
    cleaned = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
            infinite = np.isinf(values)
            if infinite.any():
                notes.append(
                    f"Column '{name}': {int(infinite.sum())} value(s) are infinite or too large for a "
                    "number; they are treated as missing."
                )
                values = np.where(infinite, np.nan, values)
            cleaned[name] = values
        else:
            text = column.astype("string").str.strip()
            text = text.mask(text.isin(MISSING_MARKERS))
            numbers = pd.to_numeric(text, errors="coerce")  # e.g. numbers with trailing spaces
            if text.notna().sum() and numbers.notna().sum() == text.notna().sum():
                cleaned[name] = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                cleaned[name] = text.astype(object).where(text.notna(), None)
    return pd.DataFrame(cleaned, index=np.arange(len(frame)))


def is_numeric(column: pd.Series) -> bool:
    return pd.api.types.is_float_dtype(column) or pd.api.types.is_integer_dtype(column)


def target_values(column: pd.Series) -> list[str]:
    """The distinct values of a target column as text, sorted, missing left out."""
    values = column.dropna().unique()
    if is_numeric(column):
        return [f"{value:g}" for value in sorted(values)]
    return sorted(str(value) for value in values)


def list_values(values: list[str]) -> str:
    """The first few values, comma-separated, with an ellipsis when there are more."""
    return ", ".join(values[:MAX_CLASSES_SHOWN]) + (", …" if len(values) > MAX_CLASSES_SHOWN else "")


def needs_positive_class(column: pd.Series) -> bool:
    """Whether the user must say which value is class 1: unless the values are 0 and 1."""
    if is_numeric(column):
        values = set(column.dropna().unique())
        return not values <= {0.0, 1.0}
    return True


def default_positive_class(column: pd.Series) -> str:
    """A sensible first guess: 1, yes/true/positive-like words, else the rarer value."""
    values = target_values(column)
    preferred = ("1", "yes", "true", "positive", "y", "pass", "passed", "malignant", "spam", "default")
    for candidate in preferred:
        for value in values:
            if value.lower() == candidate:
                return value
    counts = column.dropna().astype(str).value_counts()
    return str(counts.index[-1]) if len(counts) else (values[0] if values else "")


def count_missing_rows(frame: pd.DataFrame, columns: list[str]) -> int:
    """How many rows have a missing value in any of the columns."""
    if not columns:
        return 0
    return int(frame.loc[:, columns].isna().any(axis=1).sum())


def guess_target(frame: pd.DataFrame) -> str:
    """A column named like a label (label, target, class, outcome, y, …), else the last one."""
    names = [str(c) for c in frame.columns]
    for candidate in ("label", "target", "class", "outcome", "y", "diagnosis", "passed", "result"):
        for name in names:
            if name.lower() == candidate:
                return name
    return names[-1]


@dataclass(frozen=True)
class PrepareSummary:
    """What :func:`prepare_dataset` did with the rows and columns, in sentences."""

    rows_read: int
    rows_used: int
    lines: tuple[str, ...] = field(default_factory=tuple)


def prepare_dataset(
    frame: pd.DataFrame,
    *,
    name: str,
    target: str,
    positive_class: str | None = None,
    features: list[str] | None = None,
    text_columns: Literal["onehot", "drop"] = "onehot",
    missing: Literal["drop", "mean"] = "drop",
    description: str = "",
) -> tuple[Dataset, PrepareSummary]:
    """Turn a table and the user's choices into a Dataset, and say what was done.

    Parameters
    ----------
    frame : DataFrame
        From :func:`read_csv_bytes`.
    name : str
        Shown in the app.
    target : str
        The column to predict.
    positive_class : str or None
        The target value that becomes 1 (as text, see :func:`target_values`); every other
        value becomes 0. Needed unless the target holds only 0 and 1.
    features : list of str or None
        Feature columns; None takes every numeric column except the target.
    text_columns : {"onehot", "drop"}
        Text features become one 0/1 column per value except the first (which the
        intercept stands for), or are left out.
    missing : {"drop", "mean"}
        Rows with a missing feature are dropped, or the gap filled with the column mean.
        Rows with a missing target are always dropped.

    Raises
    ------
    DataError
        An unknown column, no features, a target with one class, or too few rows left.
    """
    if target not in frame.columns:
        raise DataError(f"There is no column '{target}'. Choose the target among: {', '.join(map(str, frame.columns))}.")
    column = frame[target]
    values = target_values(column)
    if len(values) < 2:
        shown = f"('{values[0]}')" if values else "(every value is missing)"
        raise DataError(
            f"Column '{target}' has only one value {shown}: a model needs both classes. Choose "
            "another target column, or a file with examples of both classes."
        )
    if needs_positive_class(column):
        if positive_class is None:
            raise DataError(
                f"Column '{target}' has {len(values)} classes ({list_values(values)}): pick the positive class, "
                "the one that becomes 1."
            )
        if positive_class not in values:
            raise DataError(f"'{positive_class}' is not a value of column '{target}'; choose one of {list_values(values)}.")
    else:
        positive_class = "1"
    if features is None:
        features = [str(c) for c in frame.columns if c != target and is_numeric(frame[c])]
    unknown = [f for f in features if f not in frame.columns]
    if unknown:
        raise DataError(f"There is no column '{unknown[0]}'. Choose features among the file's columns.")
    features = [f for f in features if f != target]
    lines: list[str] = []

    target_text = column.map(lambda v: None if v is None or (isinstance(v, float) and np.isnan(v))
                             else (f"{v:g}" if isinstance(v, float) else str(v)))
    keep = target_text.notna().to_numpy().copy()
    if (~keep).any():
        lines.append(f"{int((~keep).sum())} row(s) have no value in '{target}' and were dropped.")

    numeric = [f for f in features if is_numeric(frame[f])]
    text = [f for f in features if f not in numeric]
    if text and text_columns == "drop":
        lines.append(f"Text column(s) left out: {', '.join(text)}.")
        text = []
    if not numeric and not text:
        raise DataError("No feature columns are chosen. Choose at least one numeric or text column as a feature.")

    numeric_block = frame.loc[:, numeric].to_numpy(dtype=np.float64) if numeric else np.empty((len(frame), 0))
    missing_rows = np.isnan(numeric_block).any(axis=1) & keep
    if missing == "drop":
        if missing_rows.any():
            lines.append(f"{int(missing_rows.sum())} row(s) with a missing feature value were dropped.")
        keep &= ~missing_rows
    elif missing_rows.any():
        means = np.nanmean(numeric_block[keep], axis=0)
        holes = np.isnan(numeric_block)
        numeric_block = np.where(holes, means, numeric_block)
        lines.append(
            f"{int(holes[keep].sum())} missing feature value(s) in {int(missing_rows.sum())} row(s) were filled "
            "with their column's mean."
        )

    blocks, names = [numeric_block], list(numeric)
    for column_name in text:
        categories = frame[column_name].fillna("(missing)").astype(str)
        levels = sorted(categories[keep].unique())
        if len(levels) > 50:
            raise DataError(
                f"Text column '{column_name}' has {len(levels)} different values: too many to encode. "
                "Leave it out, or group its values first."
            )
        for level in levels[1:]:
            blocks.append((categories == level).to_numpy(dtype=np.float64)[:, None])
            names.append(f"{column_name}={level}")
        if len(levels) > 1:
            lines.append(
                f"Text column '{column_name}' became {len(levels) - 1} 0/1 column(s), one per value except "
                f"'{levels[0]}', which the intercept stands for."
            )
    X = np.hstack(blocks)[keep]
    y = (target_text[keep] == positive_class).to_numpy(dtype=np.float64)
    if X.shape[1] == 0:
        raise DataError("The chosen features give no columns to fit. Choose at least one feature.")
    if len(y) < MIN_ROWS:
        raise DataError(
            f"Only {len(y)} row(s) are left after dropping missing values; at least {MIN_ROWS} are needed. "
            "Fill missing values with the column mean instead, or choose other features."
        )
    n_positive = int(y.sum())
    if n_positive == 0 or n_positive == len(y):
        raise DataError(
            f"Every row left has the same class in '{target}', so there is nothing to separate. "
            "Choose another positive class or target."
        )
    negative_label = "other" if len(values) > 2 else next(v for v in values if v != positive_class)
    lines.append(
        f"{len(y)} of {len(frame)} rows used; class balance: {n_positive} '{positive_class}' (1) and "
        f"{len(y) - n_positive} '{negative_label}' (0), {n_positive / len(y):.0%} positive."
    )
    dataset = Dataset(
        name=name, X=X, y=y, feature_names=tuple(names), target_name=str(target),
        class_names=(negative_label, positive_class), description=description,
    )
    return dataset, PrepareSummary(rows_read=len(frame), rows_used=len(y), lines=tuple(lines))
