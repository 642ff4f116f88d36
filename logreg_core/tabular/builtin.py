"""Built-in datasets read from tables: the teaching notes' 20 rows first, then real data.

Each states whether its features should be standardised by default
(``recommended_standardize``): true where the features' scales differ
(:func:`.preparing.scales_differ`), false for the notes' table, whose lesson uses the raw
numbers.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from .dataset import Dataset
from .preparing import prepare_dataset
from .reading import read_csv_bytes

DATA_FILES = Path(__file__).resolve().parent.parent / "data_files"


# The notes' example table: two features that rise together and a label that switches
# from 0 to 1 between Feature1 = 4.5 and Feature1 = 5.1.
_NOTES_FEATURE1 = [2.5, 3.6, 1.2, 4.5, 3.3, 5.1, 6.2, 7.4, 5.5, 8.0,
                   9.1, 10.2, 8.5, 11.0, 12.3, 13.5, 14.1, 15.6, 16.2, 17.8]
_NOTES_FEATURE2 = [1.0, 2.1, 0.5, 3.3, 2.8, 4.0, 5.5, 6.1, 4.8, 7.2,
                   8.3, 9.0, 7.5, 10.1, 11.4, 12.0, 13.2, 14.5, 15.0, 16.3]
_NOTES_LABEL = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]


def notes_table() -> Dataset:
    """The 20-row example from the teaching notes (Feature1, Feature2, Label).

    Every row with Feature1 at most 4.5 is class 0 and every row with Feature1 at least
    5.1 is class 1, so the classes are perfectly separable: gradient descent keeps
    lowering the loss by growing the weights, and no finite maximum-likelihood fit exists.
    """
    return Dataset(
        name="Teaching notes (20 rows)",
        recommended_standardize=False,
        X=np.column_stack([_NOTES_FEATURE1, _NOTES_FEATURE2]),
        y=np.array(_NOTES_LABEL, dtype=np.float64),
        feature_names=("Feature1", "Feature2"),
        target_name="Label",
        class_names=("0", "1"),
        description=(
            "The example table of the teaching notes: 20 rows, two features that rise "
            "together, 5 rows of class 0 and 15 of class 1. The classes are perfectly "
            "separable (Feature1 <= 4.5 is always 0, >= 5.1 always 1)."
        ),
    )


# Hours of study and exam result of 20 students, the textbook one-feature example.
_HOURS = [0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50,
          2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50]
_PASSED = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1]


def hours_studied() -> Dataset:
    """One feature, overlapping classes: hours studied against passing an exam (20 students)."""
    return Dataset(
        name="Hours studied vs passed (20 students)",
        recommended_standardize=False,
        X=np.array(_HOURS)[:, None],
        y=np.array(_PASSED, dtype=np.float64),
        feature_names=("Hours",),
        target_name="Passed",
        class_names=("failed", "passed"),
        description=(
            "Twenty students, the hours each studied and whether they passed. One feature, so "
            "the whole model is one sigmoid over the hours; the classes overlap between 1.75 "
            "and 3.5 hours, so a finite best fit exists."
        ),
        source="The standard illustrative example of the English Wikipedia article 'Logistic regression' (CC BY-SA 4.0).",
    )


# Space shuttle launches before the Challenger accident: joint temperature (°F) and
# whether any O-ring showed thermal distress.
_LAUNCH_TEMPERATURE = [53, 57, 58, 63, 66, 67, 67, 67, 68, 69, 70, 70,
                       70, 70, 72, 73, 75, 75, 76, 76, 78, 79, 81]
_O_RING_DISTRESS = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]


def challenger() -> Dataset:
    """23 shuttle launches: temperature at launch and O-ring distress (Dalal et al., 1989)."""
    return Dataset(
        name="Challenger O-rings (23 launches)",
        recommended_standardize=True,
        X=np.array(_LAUNCH_TEMPERATURE, dtype=np.float64)[:, None],
        y=np.array(_O_RING_DISTRESS, dtype=np.float64),
        feature_names=("Temperature_F",),
        target_name="O_ring_distress",
        class_names=("no distress", "distress"),
        description=(
            "The 23 space-shuttle launches before the Challenger accident of January 1986: the "
            "temperature at launch (°F) and whether any O-ring showed thermal distress. The "
            "fitted model gives a high probability of distress at the 31 °F forecast for the "
            "Challenger launch, far below every temperature in the data."
        ),
        source=(
            "Dalal, S. R., Fowlkes, E. B. and Hoadley, B. (1989). Risk analysis of the space "
            "shuttle: pre-Challenger prediction of failure. Journal of the American Statistical "
            "Association 84(408), 945-957. Data of the US government, in the public domain."
        ),
    )


def breast_cancer() -> Dataset:
    """569 tumours, 10 cell-nucleus measurements each, malignant or benign (Wisconsin)."""
    table = read_csv_bytes((DATA_FILES / "breast_cancer_wisconsin_means.csv").read_bytes())
    dataset, _ = prepare_dataset(
        table.frame, name="Breast cancer, Wisconsin (569 tumours)", target="diagnosis",
        positive_class="malignant",
        description=(
            "Fine-needle aspirates of 569 breast masses: the means of ten measurements of the "
            "cell nuclei in each image, and whether the mass was malignant (212) or benign (357)."
        ),
    )
    return replace(
        dataset,
        class_names=("benign", "malignant"),
        recommended_standardize=True,
        source=(
            "Wolberg, W., Mangasarian, O., Street, N. and Street, W. (1993). Breast Cancer "
            "Wisconsin (Diagnostic). UCI Machine Learning Repository, doi:10.24432/C5DW2B, "
            "CC BY 4.0. The ten 'mean' features of the original thirty."
        ),
    )




def iris() -> Dataset:
    """150 iris flowers, four measurements each, three species (Fisher, 1936): multinomial."""
    table = read_csv_bytes((DATA_FILES / "iris.csv").read_bytes())
    dataset, _ = prepare_dataset(
        table.frame, name="Iris (150 flowers, 3 species)", target="species", kind="multinomial",
        levels=["setosa", "versicolor", "virginica"],
        description=(
            "Edgar Anderson's measurements of 150 iris flowers, 50 of each of three species: the length "
            "and width of the sepals and petals in centimetres. Setosa is separated from the other two "
            "by its small petals; versicolor and virginica overlap a little."
        ),
        source=(
            "Fisher, R. A. (1936). The use of multiple measurements in taxonomic problems. Annals of "
            "Eugenics 7(2), 179-188; measurements by Anderson, E. (1935). The values of Fisher's paper, "
            "also in the UCI Machine Learning Repository, doi:10.24432/C56C76, CC BY 4.0."
        ),
    )
    return replace(dataset, recommended_standardize=True)


# Party identification in the 1996 American National Election Study, codes 0..6 in the file.
PARTY_LEVELS = ("strong Democrat", "weak Democrat", "independent Democrat", "independent",
                "independent Republican", "weak Republican", "strong Republican")


def anes96() -> Dataset:
    """944 voters' party identification on a 7-level scale, from the 1996 ANES: ordinal."""
    frame = read_csv_bytes((DATA_FILES / "anes96.csv").read_bytes()).frame
    # as statsmodels' loader does: the population of the respondent's place on a log scale
    frame["logpopul"] = np.log(frame["popul"] + 0.1)
    frame["PID"] = frame["PID"].map(dict(enumerate(PARTY_LEVELS)))
    dataset, _ = prepare_dataset(
        frame, name="Party identification, ANES 1996 (944 voters)", target="PID", kind="ordinal",
        levels=list(PARTY_LEVELS), features=["logpopul", "selfLR", "age", "educ", "income"],
        description=(
            "944 respondents of the 1996 American National Election Study: party identification on a "
            "7-level scale from strong Democrat to strong Republican, against the log population of their "
            "place (logpopul = log(popul + 0.1)), their own position from extremely liberal (1) to "
            "extremely conservative (7), age, education (1-7) and household income (1-24)."
        ),
        source=(
            "The American National Election Studies (electionstudies.org), 1996 Time Series Study; the "
            "944-row subset distributed with statsmodels as statsmodels.datasets.anes96 (public domain)."
        ),
    )
    return replace(dataset, recommended_standardize=True)
