"""Two people upload the same numbers under different labels: neither sees the other's (issue 18).

Cached figures and split parts are shared by every session with the same content; a key that
left out the class labels once showed one session's labels to another. Two browser contexts
(two people) upload files identical but for the labels, hold out a test set, and read the
Train page's legend and the Evaluate page.
"""

import numpy as np

from .conftest import player, wait_for_app

SECRET = ("ALICE_SECRET_NEG", "ALICE_SECRET_POS")
PLAIN = ("cat", "dog")


def labelled_csv(labels: tuple[str, str]) -> bytes:
    rng = np.random.default_rng(11)
    classes = np.arange(120) % 2
    first = rng.normal(size=120) + classes
    second = rng.normal(size=120) - classes
    rows = "".join(f"{a:.5f},{b:.5f},{labels[k]}\n" for a, b, k in zip(first, second, classes))
    return ("width,height,kind\n" + rows).encode()


def go_to(page, label: str) -> None:
    """Follow the sidebar's link: the session (and its upload) stays, as it does for a person."""
    page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).click()
    wait_for_app(page)


def upload_with_test_split(page, app_url: str, labels: tuple[str, str]) -> None:
    page.goto(app_url + "/data")
    wait_for_app(page)
    page.get_by_test_id("stButtonGroup").get_by_text("Upload a CSV file").click()
    wait_for_app(page)
    # the same file name too: only the labels tell the two files apart
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        {"name": "measurements.csv", "mimeType": "text/csv", "buffer": labelled_csv(labels)})
    wait_for_app(page)
    page.get_by_role("button", name="Use this dataset").click()
    wait_for_app(page)
    page.get_by_test_id("stSidebar").get_by_text(f"of class {labels[1]}").wait_for()
    page.get_by_text("Hold out a test set").click()
    wait_for_app(page)
    page.get_by_text("held out; both keep the class balance").wait_for()


def shown_labels(page, labels: tuple[str, str], other: tuple[str, str]) -> None:
    """The Train legend and the Evaluate page name this person's classes and never the other's."""
    go_to(page, "Train")
    legend = player(page).locator("g.legend")
    legend.get_by_text(f"{labels[1]} (class 1)").wait_for()
    legend_text = legend.text_content()
    assert f"{labels[0]} (class 0)" in legend_text
    go_to(page, "Evaluate")
    page.get_by_text("Test rows").first.wait_for()
    main = page.get_by_test_id("stMain")
    main.get_by_text(f"called {labels[1]} (1)").first.wait_for()
    text = main.text_content() + page.get_by_test_id("stSidebar").text_content()
    assert text.count(f"called {labels[1]} (1)") == 2  # the training and the test rows' matrices
    for name in other:
        assert name not in legend_text and name not in text


def test_two_sessions_with_the_same_numbers_never_see_each_others_labels(app_url, browser):
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        alice, bob = (context.new_page() for context in contexts)
        upload_with_test_split(alice, app_url, SECRET)
        shown_labels(alice, SECRET, PLAIN)
        # Bob's page comes second, so every cached part of Alice's is there to be (wrongly) reused
        upload_with_test_split(bob, app_url, PLAIN)
        shown_labels(bob, PLAIN, SECRET)
        # and Alice, coming back after Bob, still sees her own
        shown_labels(alice, SECRET, PLAIN)
    finally:
        for context in contexts:
            context.close()
