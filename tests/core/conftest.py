import pytest

from logreg_core import datasets

from .synthetic import make_overlapping


def pytest_collection_modifyitems(items):
    # The core promises no overflow or divide warnings: any warning fails a core test.
    for item in items:
        if "tests/core" in str(item.fspath):
            item.add_marker(pytest.mark.filterwarnings("error"))


@pytest.fixture
def notes():
    return datasets.notes_table()


@pytest.fixture(params=[(200, 1, 0), (500, 3, 1), (1000, 5, 2), (80, 2, 3)], ids=lambda p: f"n{p[0]}m{p[1]}")
def overlapping(request):
    return make_overlapping(*request.param)
