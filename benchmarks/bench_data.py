"""Reading speed: read_csv_bytes (sniffing, checks, cleaning) against plain pandas.read_csv.

Builds a numeric CSV of about 100 MB in memory, then times, in one run, reading and
validating it with logreg_core.read_csv_bytes and reading the same bytes with
pandas.read_csv. Prints the ratio (target: at most 1.5). Then times what the Data page does
next with the table: guessing the target, choosing default features (looking for columns
that repeat another) and preparing the Dataset, against the same pandas read.

Run: .venv/bin/python benchmarks/bench_data.py
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logreg_core import prepare_dataset, read_csv_bytes
from logreg_core.tabular import default_features, suggest_target

TARGET_BYTES = 100 * 2**20


def numeric_csv(target_bytes: int) -> bytes:
    rng = np.random.default_rng(0)
    columns = [f"x{j}" for j in range(10)]
    sample = pd.DataFrame(rng.normal(size=(1000, 10)).round(6), columns=columns)
    sample["label"] = rng.integers(0, 2, size=1000)
    body = sample.to_csv(index=False, header=False).encode()
    repeats = max(1, target_bytes // len(body))
    return (",".join([*columns, "label"]) + "\n").encode() + body * repeats


def best_of(function, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    content = numeric_csv(TARGET_BYTES)
    ours = best_of(lambda: read_csv_bytes(content, max_bytes=len(content)))
    plain = best_of(lambda: pd.read_csv(io.BytesIO(content)))
    table = read_csv_bytes(content, max_bytes=len(content))
    print(f"numeric CSV of {len(content) / 2**20:.0f} MB, {table.report.n_rows:,} rows x {table.report.n_columns} columns")
    print(f"  read_csv_bytes: {ours:.2f} s; pandas.read_csv: {plain:.2f} s")
    print(f"  ratio = {ours / plain:.2f}   (target <= 1.5)")

    frame = table.frame
    guess = best_of(lambda: suggest_target(frame))
    features = best_of(lambda: default_features(frame, "label"))
    prepare = best_of(lambda: prepare_dataset(frame, name="bench", target="label"))
    print(f"  then suggest_target {guess:.2f} s, default_features {features:.2f} s, prepare_dataset "
          f"{prepare:.2f} s: together {(guess + features + prepare) / plain:.2f} x pandas.read_csv")


if __name__ == "__main__":
    main()
