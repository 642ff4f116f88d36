"""What the Evaluate page computes before it renders, as functions tests call directly."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from logreg_core import Dataset, probabilities


def part_probabilities(parts: dict[str, Dataset], coef: NDArray[np.float64], intercept: float
                       ) -> dict[str, NDArray[np.float64]]:
    """P(class 1) of every row of each part (training, test), shape (rows of the part,)."""
    return {part: probabilities(data.X, coef, intercept) for part, data in parts.items()}


def predictions_frame(parts: dict[str, Dataset], scores: dict[str, NDArray[np.float64]],
                      threshold: float) -> pd.DataFrame:
    """Every row with its features, its class, its probability of class 1 and its class at the threshold.

    With more than one part, a ``part`` column says which each row belongs to.
    """
    frames = []
    for part, data in parts.items():
        frame = pd.DataFrame(data.X, columns=list(data.feature_names))
        frame[data.target_name] = data.y.astype(int)
        frame["probability_of_1"] = scores[part]
        frame[f"predicted_at_{threshold:g}"] = (scores[part] >= threshold).astype(int)
        if len(parts) > 1:
            frame["part"] = part
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def file_stem(dataset_name: str) -> str:
    """A dataset's name as the start of a file name: "Challenger O-rings, training part" -> "challenger_o-rings"."""
    return dataset_name.split(",")[0].replace(" ", "_").lower()


@dataclass(frozen=True)
class Download:
    """One download button: its label, the file made when it is clicked, and how the file is sent."""

    label: str
    make: Callable[[], bytes]
    file_name: str
    mime: str
    help: str | None = None
