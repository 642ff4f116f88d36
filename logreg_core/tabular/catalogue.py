"""The built-in datasets by key, as the app and links name them."""

from __future__ import annotations

from collections.abc import Callable

from .builtin import anes96, breast_cancer, challenger, hours_studied, iris, notes_table
from .dataset import Dataset
from .synthetic import clouds, latent_ordinal, two_clouds, xor

DEFAULT_DATASET = "notes"

_BUILDERS: dict[str, Callable[..., Dataset]] = {
    "notes": notes_table,
    "hours": hours_studied,
    "challenger": challenger,
    "breast_cancer": breast_cancer,
    "two_clouds": two_clouds,
    "xor": xor,
    # three or more classes
    "iris": iris,
    "clouds": clouds,
    "anes96": anes96,
    "latent_ordinal": latent_ordinal,
}


def available() -> tuple[str, ...]:
    """Keys of the built-in datasets, the default first."""
    return tuple(_BUILDERS)


def load(key: str = DEFAULT_DATASET, **parameters: float) -> Dataset:
    """Build the built-in dataset called ``key`` (see :func:`available`).

    ``parameters`` go to the synthetic datasets' builders: n_points, separation, noise, seed
    (two_clouds, xor), with n_classes (clouds, latent_ordinal; latent_ordinal has no separation).
    """
    try:
        builder = _BUILDERS[key]
    except KeyError:
        raise KeyError(f"No built-in dataset {key!r}; choose one of {', '.join(_BUILDERS)}.") from None
    return builder(**parameters)
