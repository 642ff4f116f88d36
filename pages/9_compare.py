"""Compare: one dataset under the ordinal, multinomial and binary models, fitted on the same rows."""

import streamlit as st

from logreg_core.comparison import ComparisonError, OrdinalComparison
from ui import compare_view, settings
from ui.layout import explain, page_setup
from ui.messages import compare_sample_note, comparison_problem, penalised_comparison_note
from ui.state import active_dataset, comparison, source_dataset, training_parts, training_sample
from ui.text import literal

page_setup("Compare models", icon=":material/compare_arrows:")

st.title("Compare: the same rows under different kinds of model")
explain(
    "With three or more ordered levels you can fit an ordinal model (one slope per feature, ordered "
    "cut-points), a multinomial model (its own slopes for every level but one, order ignored), or a "
    "binary model of one yes/no question (this level or higher?). Here all three are fitted exactly, "
    "by Newton's method, on the same training rows, so their numbers and curves can be set side by side. "
    "For unordered classes the page compares the multinomial model with one-vs-rest binary models."
)

dataset = active_dataset()
all_train, test_part = training_parts()
# On a large upload the fits use the Train page's sample (Newton's method and the per-feature tests
# refit on every training row); the held-out scores still use every held-out row.
train_part = training_sample(all_train)
l2 = float(settings.value("l2"))
standardize = bool(settings.value("standardize"))  # the Train page's exact fit penalises on this scale
cut_notice = compare_view.cut_notice(dataset)
if cut_notice:
    st.warning(literal(cut_notice), icon=":material/link_off:")

if dataset.n_classes < 3:
    if source_dataset().n_classes >= 3:
        st.info(literal(
            f"{dataset.name} is fitted as one class against the rest (the Data page's Model setting), so there "
            "is one binary model and nothing to compare. Choose “Ordered categories” or “Unordered classes” "
            "as the model on the Data page."
        ), icon=":material/info:")
    else:
        st.info(comparison_problem(ComparisonError("too_few_classes", n_classes=dataset.n_classes),
                                   dataset.class_names), icon=":material/info:")
    st.page_link("pages/1_data.py", label="Choose a dataset on the Data page", icon=":material/table_chart:")
    st.stop()

left, right = st.columns(2)
cut = None
if dataset.ordered:
    options = compare_view.cut_options(dataset)
    cut_name = settings.widget("cut", left, options=options, default=compare_view.default_cut(dataset))
    cut = dataset.class_names.index(cut_name)
if train_part.n_rows < all_train.n_rows:
    st.info(literal(compare_sample_note(train_part.n_rows, all_train.n_rows)), icon=":material/filter_alt:")
result = comparison(train_part, test_part, cut, l2, standardize)
if isinstance(result, ComparisonError):
    st.error(literal(comparison_problem(result, dataset.class_names)), icon=":material/error:")
    st.stop()
feature = compare_view.feature_choice(dataset, result, right if dataset.ordered else left)
settings.sync_link()  # again: the controls drawn above may have replaced a linked value this dataset lacks
where = (f"{result.n_train} training rows; {result.n_test} rows held out" if result.n_test
         else f"all {result.n_train} rows (hold out a test set on the Data page for held-out scores)")
st.caption(literal(f"Fitted on {where}."))
if l2:
    st.info(penalised_comparison_note(l2, standardize), icon=":material/info:")
if isinstance(result, OrdinalComparison):
    compare_view.render_ordinal(dataset, result, feature)
else:
    compare_view.render_one_vs_rest(dataset, result, feature)
