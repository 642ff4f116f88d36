"""Home page: what the explorer is and where to go."""

import streamlit as st

from ui.layout import available_pages, page_setup
from ui.state import active_choice, active_dataset
from ui.text import literal

page_setup("Home", icon=":material/home:")

st.title("Logistic regression explorer")
st.markdown(
    "Logistic regression turns a weighted sum of features into the probability that a "
    "row belongs to class 1. This explorer shows every piece of that: the score, the "
    "sigmoid that squeezes it into a probability, the threshold that turns the "
    "probability into a class, and gradient descent lowering the cross-entropy step by step."
)
st.markdown(
    "It fits three kinds of model, chosen on **Data** for a target with three or more values: "
    "**binary** (two classes, or one class against the rest; the Sigmoid, Cross-entropy and Loss "
    "landscape pages explain it), **multinomial** for unordered classes (the Softmax page), and "
    "**ordinal** for ordered categories (the Ordinal regression page). **Train** and **Evaluate** "
    "show whichever kind is chosen; **Compare models** fits them side by side on one dataset."
)

st.subheader("The model in three lines")
left, right = st.columns([3, 2])
with left:
    st.latex(r"z = w_1 x_1 + w_2 x_2 + \dots + w_m x_m + b = w \cdot x + b")
    st.latex(r"P(y = 1 \mid x) = \sigma(z) = \frac{1}{1 + e^{-z}} = \frac{e^{z}}{1 + e^{z}}")
    st.latex(r"\hat y = \begin{cases} 1 & \text{if } \sigma(z) \ge t \\ 0 & \text{otherwise} \end{cases}")
with right:
    st.markdown(
        "- **z**, the score: large and positive is strong evidence for class 1, large and "
        "negative for class 0, near zero is undecided.\n"
        "- **σ(z)**, the probability of class 1; class 0 gets 1 − σ(z).\n"
        "- **t**, the threshold, 0.5 unless you move it. Moving it changes the decisions, "
        "never the fitted weights."
    )

st.subheader("Where to go")
descriptions = {
    "Data": "Choose a built-in dataset or upload your own CSV, and hold out a test set.",
    "Train": "Watch gradient descent fit the model: the boundary, the sigmoid and the loss move together.",
    "Sigmoid and odds": "Score, probability, odds and log-odds, linked; what each weight does to the odds.",
    "Cross-entropy": "Why this loss: the cost of each point, and squared error's plateaus.",
    "Loss landscape": "Where descent walks on the loss surface, at several learning rates at once.",
    "Evaluate": "The threshold's consequences, ROC and PR curves, and the statistician's table.",
    "Softmax": "Three or more classes: K scores become K probabilities; two classes give back the sigmoid.",
    "Compare models": "One dataset under the ordinal, multinomial and binary models side by side.",
    "Ordinal regression": "Ordered categories: one score cut into K categories by K − 1 cut-points.",
}
for page in available_pages()[1:]:
    st.page_link(page.path, label=f"{page.label}: {descriptions.get(page.label, '')}", icon=page.icon)

dataset = active_dataset()
st.subheader(f"The active dataset: {literal(dataset.name)}")
# a built-in's description is the app's own Markdown; an upload's names its file
st.caption(literal(dataset.description) if active_choice().kind == "upload" else dataset.description)
st.dataframe(dataset.to_frame(), height=300, width="content")

with st.expander("Reading along with the teaching notes? Three corrections"):
    st.markdown(
        "- The probability is $e^{z}/(1+e^{z})$, which equals $1/(1+e^{-z})$: the minus "
        "sign in the exponent matters. Without it the formula gives $1-\\sigma(z)$, the "
        "probability of class 0.\n"
        "- The log-likelihood is "
        "$\\ell(w, b) = \\sum_{i=1}^{n} \\left[y_i \\log p_i + (1-y_i)\\log(1-p_i)\\right]$. "
        "The expression $\\sum_{i=1}^{n}(y_i - p_i)\\,x_{ij}$ is not the log-likelihood but "
        "its derivative with respect to $w_j$.\n"
        "- Every sum runs over the rows, from $i = 1$ to $n$."
    )
