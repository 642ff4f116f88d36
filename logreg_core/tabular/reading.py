"""CSV bytes -> a Table: how a file is read, or why it is refused.

:func:`read_csv_bytes` turns an uploaded file's bytes into columns of numbers or text and
says how it read them (encoding, delimiter, decimal mark, header). Choosing the columns'
roles is the next step, in :mod:`.preparing`.

Limits, each refused with a message that says what to do:

- ``MAX_BYTES`` = 50,000,000 bytes, the same number the browser enforces for
  ``server.maxUploadSize = 50`` (Streamlit's browser side counts a megabyte as 10^6 bytes).
- ``MAX_COLUMNS`` = 1,000 columns in the file; fitting takes at most ``MAX_FEATURES``
  (in :mod:`.preparing`) of them.
- Binary content anywhere in the file (a NUL byte in a text file read as UTF-8 or a
  one-byte encoding), not only in its first kilobytes.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..validation import DataError

# The browser refuses files over server.maxUploadSize x 10^6 bytes (50 in .streamlit/config.toml);
# the server itself would take up to 50 x 2^20: the reader holds everyone to the browser's number.
UPLOAD_LIMIT_MB = 50
MAX_BYTES = UPLOAD_LIMIT_MB * 1_000_000
MAX_COLUMNS = 1_000
MIN_ROWS = 8
SNIFF_BYTES = 64 * 1024
# Files with quoted fields are checked row by row up to this size (the check parses in Python);
# above it, a short row becomes missing values, which the summary then counts.
QUOTED_CHECK_BYTES = 5 * 1024 * 1024
DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
MISSING_MARKERS = ("", "NA", "N/A", "n/a", "na", "NaN", "nan", "?", "null", "NULL", "None", "#N/A", "-")

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
_ENCODING_NAMES = {"utf-8": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16",
                   "cp1252": "Windows-1252", "latin-1": "Latin-1"}
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


_BINARY_MESSAGE = (
    "This file contains binary data (a NUL byte at byte {position:,}), not text: it is not a CSV file. "
    "Export the table as CSV (comma- or semicolon-separated text) and upload that."
)


def _refuse_binary(content: bytes) -> None:
    """Refuse known non-text formats by their signature, and any file with a NUL byte.

    A NUL byte anywhere counts, not only near the start: pandas would read the rest of such a
    line as text and silently turn numeric columns into text columns.
    """
    for signature, what, remedy in _BINARY_SIGNATURES:
        if content.startswith(signature):
            raise DataError(f"This file is {what}, not a CSV text file. {remedy}")
    position = content.find(b"\x00")
    if position >= 0:
        raise DataError(_BINARY_MESSAGE.format(position=position + 1))


def _utf16_without_bom(content: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the start looks like UTF-16 text without a byte-order mark.

    Text in UTF-16 has a NUL byte beside every ASCII character (digits, delimiters, line ends):
    in the odd positions for little-endian, the even ones for big-endian, and never in the
    other (almost). Binary data do not keep to one side; what slips through is refused on decoding.
    """
    head = content[:8192]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 4:
        return None
    pairs = np.frombuffer(head, dtype=np.uint8).reshape(-1, 2)
    zero_share = (pairs == 0).mean(axis=0)
    for endian, (zeros, text) in (("utf-16-le", (1, 0)), ("utf-16-be", (0, 1))):
        if zero_share[zeros] > 0.3 and zero_share[text] < 0.01:
            return endian
    return None


def detect_encoding(content: bytes) -> tuple[str, int]:
    """The text encoding of the file and the length of its byte-order mark.

    UTF-8 (with or without BOM) and UTF-16 with BOM, or without one when every other byte of
    the start is NUL, are recognised; anything else that is not valid UTF-8 is read as
    Windows-1252, or Latin-1 where 1252 leaves a byte undefined.
    """
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    utf16 = _utf16_without_bom(content)
    if utf16 is not None:
        return utf16, 0
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
    try:
        return [row for row in reader if row and any(cell.strip() for cell in row)]
    except csv.Error:  # e.g. a quoted field longer than the csv module's limit: try another delimiter
        return []


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
    notes: list[str] = []
    seen: dict[str, int] = {}
    result: list[str] = []
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
    # newline="" lets the csv module see line ends itself, a lone carriage return included
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            if row and len(row) != expected and any(cell.strip() for cell in row):
                raise DataError(
                    f"Line {reader.line_num} of the file has {len(row)} fields but the header has {expected}. "
                    "Every row needs exactly one value, or an empty field, per column: check for a missing "
                    "or extra delimiter, or a quote that is not closed."
                )
    except csv.Error as error:
        raise DataError(
            f"Line {reader.line_num} of the file could not be split into fields ({error}). Check for a quote "
            "that is not closed, or a very long quoted text."
        ) from None


def _decode_utf16(content: bytes, encoding: str) -> str:
    """UTF-16 bytes as text, refused when they do not decode or hold a NUL character."""
    try:
        text = content.decode(encoding)
    except UnicodeDecodeError:
        raise DataError(
            "The file looks like UTF-16 text but does not decode as UTF-16. Open it in a spreadsheet "
            "or text editor and save it as CSV UTF-8, then upload that."
        ) from None
    position = text.find("\x00")
    if position >= 0:
        raise DataError(_BINARY_MESSAGE.format(position=2 * position + 1))
    return text


def _refuse_too_many_columns(content: bytes | str, delimiter: str, fields_in_sample: int) -> None:
    """Refuse a file whose first line has more than MAX_COLUMNS fields.

    When the first line is longer than the sniffed sample, its fields are counted over the
    whole line (delimiters, ignoring quotes: enough to tell a few thousand fields from a few).
    """
    end = content.find("\n") if isinstance(content, str) else content.find(b"\n")
    if 0 <= end < SNIFF_BYTES:
        n_fields = fields_in_sample
    else:
        stop = end if end >= 0 else len(content)
        if isinstance(content, str):
            n_fields = content.count(delimiter, 0, stop) + 1
        else:
            n_fields = content.count(delimiter.encode(), 0, stop) + 1
    if n_fields > MAX_COLUMNS:
        lines = "the only line" if end < 0 or not content[end:].strip() else "the first line"
        raise DataError(
            f"The file has {n_fields:,} {DELIMITER_NAMES[delimiter]}-separated fields on {lines}: more than "
            f"the {MAX_COLUMNS:,} columns the explorer reads (and a model uses at most a few hundred). "
            "If the table is stored sideways (one row per measurement), transpose it; otherwise upload "
            "only the columns you need, one row per case."
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
        Empty, binary, oversized or ragged files, more than MAX_COLUMNS columns, a header
        without rows, or fewer than MIN_ROWS rows.
    """
    if len(content) > max_bytes:
        raise DataError(
            f"The file is {len(content):,} bytes ({len(content) / 1e6:.1f} MB); the limit is {max_bytes:,} bytes "
            f"({max_bytes / 1e6:g} MB). Upload a sample of the rows, or only the columns you need."
        )
    if not content[:SNIFF_BYTES].strip() and (len(content) <= SNIFF_BYTES or not content.strip()):
        raise DataError("The file is empty. Choose a CSV file with a header row and data rows.")
    encoding, bom = detect_encoding(content)
    notes: list[str] = []
    if encoding.startswith("utf-16"):
        text = _decode_utf16(content, encoding)
        head = text[:SNIFF_BYTES]
        if encoding != "utf-16":
            notes.append("The file is UTF-16 text without a byte-order mark; it was read as "
                         f"{'little' if encoding.endswith('le') else 'big'}-endian UTF-16.")
    else:
        _refuse_binary(content[bom:])
        text = None
        head = content[bom : bom + SNIFF_BYTES].decode(encoding, errors="replace")
    if encoding == "cp1252" or encoding == "latin-1":
        notes.append(f"The file is not UTF-8; it was read as {'Windows-1252' if encoding == 'cp1252' else 'Latin-1'}.")

    delimiter = sniff_delimiter(head)
    rows = _sample_rows(head, delimiter)
    if not rows:
        raise DataError("The file has no readable rows. Choose a CSV file with a header row and data rows.")
    _refuse_too_many_columns(text if text is not None else content[bom:], delimiter, len(rows[0]))
    decimal = sniff_decimal(rows, delimiter)
    has_header = sniff_header(rows, decimal)
    n_fields = len(rows[0])
    if has_header and len(rows) == 1 and len(content) - bom > SNIFF_BYTES and len(head.splitlines()) > 1:
        raise DataError(
            f"The second line of the file does not end within its first {SNIFF_BYTES // 1024} kB: a cell holds "
            "a very long text, or a quote is not closed. Shorten that text or close the quote, then upload "
            "the file again."
        )
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
        encoding="UTF-8 with BOM" if bom else _ENCODING_NAMES[encoding],
        delimiter=delimiter, decimal=decimal, has_header=has_header,
        n_rows=len(frame), n_columns=frame.shape[1], notes=tuple(notes),
    )
    return Table(frame=frame, report=report)


def _clean_columns(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Numbers as float64 with infinities missing; text stripped; whole-empty rows dropped."""
    # rows missing in every column, narrowed column by column (usually ruled out by the first)
    empty = np.ones(len(frame), dtype=bool)
    cleaned = {}
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
            values = column.to_numpy(dtype=np.float64, na_value=np.nan)
            if empty.any():
                empty &= np.isnan(values)
            infinite = np.isinf(values)
            if infinite.any():
                notes.append(
                    f"Column '{name}': {int(infinite.sum())} value(s) are infinite or too large for a "
                    "number; they are treated as missing."
                )
                values = np.where(infinite, np.nan, values)
            cleaned[name] = values
        else:
            if empty.any():
                empty &= column.isna().to_numpy()
            text = column.astype("string").str.strip()
            text = text.mask(text.isin(MISSING_MARKERS))
            numbers = pd.to_numeric(text, errors="coerce")  # e.g. numbers with trailing spaces
            if text.notna().sum() and numbers.notna().sum() == text.notna().sum():
                cleaned[name] = numbers.to_numpy(dtype=np.float64, na_value=np.nan)
            else:
                cleaned[name] = text.astype(object).where(text.notna(), None)
    if empty.any():
        cleaned = {name: values[~empty] if isinstance(values, np.ndarray) else values[~empty].to_numpy()
                   for name, values in cleaned.items()}
    return pd.DataFrame(cleaned, index=np.arange(int((~empty).sum())))
