"""Data: pick a built-in dataset or upload a CSV, choose the columns' roles, hold out a test set."""

import streamlit as st

from logreg_core import DataError, prepare_dataset, read_csv_bytes
from logreg_core.data import (
    count_missing_rows,
    default_features,
    default_positive_class,
    is_numeric,
    list_values,
    looks_continuous,
    needs_positive_class,
    suggest_target,
    target_values,
)
from logreg_core.tabular import level_order
from ui import settings
from ui.controls import standardize_toggle
from ui.layout import page_setup
from ui.state import (
    DataChoice,
    SplitChoice,
    active_choice,
    active_dataset,
    active_split,
    builtin_dataset,
    class_balance,
    model_notices,
    natural_order,
    possible_models,
    set_active_dataset,
    set_active_split,
    source_dataset,
    training_parts,
)
from ui.text import literal

page_setup("Data", icon=":material/table_chart:")

SOURCES = {"builtin": "Built-in dataset", "upload": "Upload a CSV file"}

st.title("Data: choose a dataset or upload your own")
dataset = active_dataset()
st.info(
    f"**Active on every page: {literal(dataset.name)}**: {dataset.n_rows} rows, {dataset.n_features} "
    f"feature{'s' if dataset.n_features != 1 else ''}, {literal(class_balance(dataset))}.",
    icon=":material/check_circle:",
)


choice = active_choice()
settings.show_first("source", choice.kind)
source = st.segmented_control(
    "Source", options=list(SOURCES), format_func=SOURCES.__getitem__, key="source", required=True,
)


def new_builtin() -> None:
    """A new built-in starts from its own parameters, with the model its classes call for."""
    settings.forget(*settings.DATASET_PARAMETER_KEYS)
    settings.reset("reference", "order", "cut", "along")
    key = settings.local("dataset")
    if key in settings.BUILTIN_TITLES:
        settings.set_value("model", builtin_dataset(key, settings.DataChoice.builtin(key).parameters).kind)


def builtin_section() -> None:
    shown = choice if choice.kind == "builtin" else DataChoice.builtin(settings.SETTINGS["dataset"].default)
    key = settings.widget("dataset", current=shown.key, on_change=new_builtin)
    defaults = settings.builtin_defaults(key)
    current = shown.link_parameters() if shown.key == key else defaults
    parameters: dict[str, float] = {}
    if defaults:
        columns = dict(zip(settings.DATASET_PARAMETER_KEYS, st.columns(len(settings.DATASET_PARAMETER_KEYS))))
        for name, default in defaults.items():
            parameters[name] = settings.widget(name, columns[name], current=current[name], default=default)
    new_choice = DataChoice.builtin(key, parameters)
    chosen = builtin_dataset(key, new_choice.parameters)
    if new_choice != choice:
        set_active_dataset(chosen, new_choice)
        st.rerun()  # the sidebar and the banner above show the new dataset
    st.markdown(chosen.description)
    if chosen.source:
        st.caption(f"Source: {chosen.source}")


def read_upload(uploaded):
    """The file read once per upload; a DataError in place of the table when it cannot be read."""
    cache = settings.local("upload_cache")
    if cache is None or cache[0] != uploaded.file_id:
        try:
            result = read_csv_bytes(uploaded.getvalue())
        except DataError as error:
            result = error
        cache = (uploaded.file_id, result)
        settings.set_local("upload_cache", cache)
    return cache[1]


def upload_state(uploaded, choices: tuple) -> str:
    """Whether the loaded file is the active dataset: "active", "changed" (active, but the choices
    above differ from those in use), "model" (active, and only the kind of model, the level order or
    the positive class differ) or "loaded" (read, not in use)."""
    if active_choice().kind != "upload":
        return "loaded"
    in_use = settings.local("upload_in_use")
    if in_use is None or in_use[0] != uploaded.file_id:
        return "loaded"
    if in_use[1] == choices:
        return "active"
    # choices = (target, kind, levels, positive, features, text columns, missing, name)
    same_data = in_use[1][0] == choices[0] and in_use[1][4:] == choices[4:]
    return "model" if same_data else "changed"


def target_section(frame, column) -> tuple[str, str | None, bool, str, tuple[str, ...] | None]:
    """The target, the kind of model and the positive class or level order; returns the target, the
    positive class, whether the target can be used as chosen, the kind and the levels."""
    columns = [str(c) for c in frame.columns]
    guess = suggest_target(frame)
    target = column.selectbox("Target (the class to predict)", columns, index=columns.index(guess.column),
                              key="upload_target")
    if target == guess.column:
        column.caption(f"Guessed: {literal(guess.reason)}")
    target_column = frame[target]
    values = target_values(target_column)
    if len(values) < 2:
        column.error(f"Column '{literal(target)}' has {'one value' if values else 'no values'}: a model needs two "
                     "classes. Choose another target column.")
        return target, None, False, "binary", None
    continuous = looks_continuous(target_column)
    if continuous:
        column.warning(
            f"'{literal(target)}' has {len(values)} different values: it looks like a measurement, not classes. "
            "Choose another target, or take one of its values against all the others.",
            icon=":material/straighten:",
        )
        if not column.checkbox(f"Use '{literal(target)}' anyway, one value against the rest",
                               key=f"upload_continuous_{target}"):
            return target, None, False, "binary", None
    kind, levels = "binary", None
    if len(values) >= 3 and not continuous:
        kind = settings.widget("model", column)
        if kind == "ordinal":
            levels = order_editor(target_column, values, column)
    positive = None
    if kind != "binary":
        column.caption(f"'{literal(target)}' has {len(values)} values: each becomes a class"
                       + (", in the order above." if kind == "ordinal" else "."))
    elif needs_positive_class(target_column):
        default = default_positive_class(target_column)
        positive = column.selectbox(
            "Positive class (becomes 1)", values, index=values.index(default), key=f"upload_positive_{target}",
            help="Every other value becomes 0.",
        )
        column.caption(f"'{literal(target)}' has {len(values)} values ({literal(list_values(values))}): "
                       f"'{literal(positive)}' becomes 1, the rest 0.")
    return target, positive, True, kind, levels


def upload_section() -> str | None:
    """The upload, its columns' roles and the switch; returns the loaded file's state (None without one)."""
    limit = st.get_option("server.maxUploadSize")
    uploaded = st.file_uploader(
        f"A CSV file, up to {limit} MB", type=["csv", "txt", "tsv"], key="upload",
        help="Comma, semicolon, tab or pipe separated; UTF-8, UTF-16 or Windows-1252; decimal points or commas.",
    )
    if uploaded is None:
        st.caption(
            "Each row one case, each column one measurement, and one column that says the class. "
            "The file is read in this session only and never stored."
        )
        return None
    table = read_upload(uploaded)
    if isinstance(table, DataError):
        st.error(f"**{literal(uploaded.name)} could not be used.** {literal(table)}", icon=":material/error:")
        st.caption(f"Nothing changed: the active dataset is still {literal(active_dataset().name)}.")
        return None
    frame, report = table.frame, table.report
    st.markdown(f"#### Loaded file: {literal(uploaded.name)}")
    st.caption(literal(report.describe()))
    for note in report.notes:
        st.caption(literal(note))
    st.dataframe(frame.head(200), height=260)

    st.subheader("Roles of the columns")
    left, right = st.columns(2)
    target, positive, usable, kind, levels = target_section(frame, left)
    candidates = [str(c) for c in frame.columns if str(c) != target]
    numeric = [c for c in candidates if is_numeric(frame[c])]
    suggested = default_features(frame, target)
    features = right.multiselect("Features", candidates, default=list(suggested.features),
                                 key=f"upload_features_{target}")
    if suggested.left_out:
        right.caption("Left out of the default features: "
                      + " ".join(literal(reason) for _, reason in suggested.left_out))
    text_features = [c for c in features if c not in numeric]
    text_mode = "onehot"
    if text_features:
        text_mode = right.radio(
            f"Text columns ({literal(', '.join(text_features))})", ["onehot", "drop"], horizontal=True,
            key="upload_text", format_func={"onehot": "One 0/1 column per value", "drop": "Leave out"}.__getitem__,
        )
    missing_rows = count_missing_rows(frame, [c for c in features if c in numeric])
    missing_mode = right.radio(
        f"Rows with a missing feature value ({missing_rows} of {len(frame)})", ["drop", "mean"],
        horizontal=True, key="upload_missing",
        format_func={"drop": "Drop those rows", "mean": "Fill with the column mean"}.__getitem__,
    )
    name = left.text_input("Name shown in the app", value=uploaded.name.rsplit(".", 1)[0], key="upload_name")
    choices = (target, kind, levels, positive, tuple(features), text_mode, missing_mode, name)
    state = upload_state(uploaded, choices)
    active_name = literal(active_dataset().name)
    # the model of the data in use is a choice about the active dataset, as it is for a built-in:
    # a new kind, level order or positive class applies at once, without Use this dataset
    apply_now = state == "model" and usable
    if state == "active":
        st.success(f"**{literal(uploaded.name)} is the active dataset** on every page, as "
                   f"{active_name}.", icon=":material/check_circle:")
    elif state == "changed":
        st.warning(f"**{literal(uploaded.name)} is active, with other choices than these.** Press "
                   "**Use this dataset** to apply the target, features and rows chosen above (a new kind of "
                   "model or order of the levels applies at once).", icon=":material/sync_problem:")
    elif state == "loaded":
        st.warning(f"**Loaded, not active yet.** Every page still uses **{active_name}**. Press "
                   f"**Use this dataset** to switch to {literal(uploaded.name)}.", icon=":material/pending:")
    if st.button("Use this dataset", type="primary", icon=":material/check:", disabled=not usable,
                 key="use_dataset") or apply_now:
        try:
            prepared, summary = prepare_dataset(
                frame, name=name or uploaded.name, target=target, positive_class=positive,
                features=features, text_columns=text_mode, missing=missing_mode,
                description=f"Uploaded from {uploaded.name}.", kind=kind, levels=levels,
            )
        except DataError as error:
            st.error(literal(error), icon=":material/error:")
            st.caption(f"Nothing changed: the active dataset is still {active_name}.")
            return state
        set_active_dataset(prepared, DataChoice("upload", uploaded.name))
        settings.set_local("upload_summary", summary.lines)
        settings.set_local("upload_in_use", (uploaded.file_id, choices))
        st.rerun()
    if state != "loaded" and settings.local("upload_summary"):
        st.markdown("**What was used**\n" + "\n".join(f"- {literal(line)}" for line in settings.local("upload_summary")))
    return state


def order_editor(column, values: list[str], container) -> tuple[str, ...]:
    """The ordinal order editor: the levels from the lowest, numbers in numeric order and known
    scales pre-ordered; returns the order in force."""
    natural = level_order(column) if column is not None else None
    start = tuple(natural.levels) if natural is not None else tuple(values)
    saved = settings.value("order")
    if saved and (sorted(saved) != sorted(values) or len(set(saved)) != len(saved)):
        settings.reset("order")  # another dataset's order, or a link's that does not fit these levels
    order = settings.widget("order", container, options=values, default=start)
    if natural is not None and natural.basis is None:
        container.caption("These values are text in no order the app recognises: put them in order, lowest first.")
    elif natural is not None:
        container.caption(f"Pre-ordered by {'their numbers' if natural.basis != 'scale' else 'a known scale'}.")
    if sorted(order) != sorted(values):
        container.warning("Put every level in the order once; until then the dataset's own order is used.")
    return order if sorted(order) == sorted(values) else start


def model_section() -> None:
    """The model for the active dataset: the kind, the reference class, the level order."""
    source, dataset = source_dataset(), active_dataset()
    st.subheader("Model")
    for notice in model_notices(dataset):
        st.warning(literal(notice), icon=":material/link_off:")
    if choice.kind == "builtin" and len(possible_models(source)) > 1:
        kind = settings.widget("model")
        dataset = active_dataset()
        if kind == "ordinal":
            order_editor(None, list(natural_order(source)), st)
            dataset = active_dataset()
        elif kind == "binary":
            st.caption(f"The last class, {literal(dataset.class_names[1])}, against all the others.")
    elif dataset.n_classes == 2:
        st.markdown("Two classes: **binary logistic regression**, class 1 against class 0.")
    else:
        st.markdown(f"**{settings.MODEL_TITLES[dataset.kind]}**, as chosen when the file was used.")
    if dataset.kind == "multinomial":
        names = list(dataset.class_names)
        if settings.value("reference") not in names:
            settings.reset("reference")
        settings.widget("reference", options=names, default=names[0])
        st.caption(
            "The class with the highest probability wins; there is no threshold. Statistics packages report "
            "one coefficient vector per class against the reference class."
        )
    elif dataset.kind == "ordinal":
        st.caption("Levels, lowest first: " + literal(" < ".join(dataset.class_names)) + ".")


upload_shown = None
if source == "builtin":
    builtin_section()
else:
    upload_shown = upload_section()
model_section()

st.divider()
st.subheader("Before training")
left, right = st.columns(2)
with left:
    split = active_split()
    split_on = settings.widget("split_on", current=split is not None)
    if split_on:
        columns = st.columns(2)
        fraction = settings.widget("test_fraction", columns[0], current=split.test_fraction if split else None)
        seed = settings.widget("split_seed", columns[1], current=split.seed if split else None)
        set_active_split(SplitChoice(float(fraction), int(seed)))
        train_part, test_part = training_parts()
        st.caption(
            f"{train_part.n_rows} rows to train on, {test_part.n_rows} held out; both keep the class balance."
        )
    else:
        set_active_split(None)
with right:
    standardize_toggle()
    st.caption("Also on the Train page. Standardising changes how descent walks, not the fitted model without L2.")

st.subheader(f"Active dataset: {literal(active_dataset().name)}")
if upload_shown in ("loaded", "changed", "model"):
    st.caption("This is what every page uses now, not the loaded file's choices above: press **Use this "
               "dataset** to switch.")
st.dataframe(active_dataset().to_frame().head(500), height=300)
