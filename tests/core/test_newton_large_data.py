"""The exact fit's paths for large data give the plain path's answer.

On large data the fit starts from a subsample's estimate and Hessian, reuses a Hessian while
the steps shrink fast, takes the column moments and the standardised copy of X in one pass
each, and splits evaluations and Gram matrices over threads. None of it may change what the
fit reports beyond rounding.
"""

import math

import numpy as np
import pytest
import statsmodels.api as sm

from logreg_core import fit_model, fit_newton, kernels
from logreg_core import loss as loss_module
from logreg_core import newton as newton_module
from logreg_core import objective as objective_module
from logreg_core.objective import Layout, Objective
from logreg_core.validation import DataError, all_finite, check_features_labels

from .synthetic import make_overlapping


def _small_warm_start(monkeypatch, rows: int = 1500, from_rows: int = 3000) -> None:
    """The subsample start on data of a few thousand rows, so that the tests stay quick."""
    monkeypatch.setattr(newton_module, "WARM_START_MIN_ROWS", from_rows)
    monkeypatch.setattr(newton_module, "WARM_START_ROWS", rows)


def _no_warm_start(monkeypatch) -> None:
    monkeypatch.setattr(newton_module, "WARM_START_MIN_ROWS", 10**12)


def _multinomial_codes(X: np.ndarray, K: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scores = X @ (rng.standard_normal((X.shape[1], K)) * 0.4)
    return np.argmax(scores + rng.gumbel(size=(X.shape[0], K)), axis=1)


def _ordinal_codes(X: np.ndarray, K: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    eta = X @ (rng.standard_normal(X.shape[1]) * 0.4)
    return np.digitize(eta + rng.logistic(size=X.shape[0]), np.linspace(-1.5, 1.5, K - 1))


@pytest.mark.parametrize("kind", ["binomial", "multinomial", "ordinal"])
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_the_subsample_start_reaches_the_plain_fit(monkeypatch, kind, l2):
    X, y = make_overlapping(6000, 4, seed=31)
    codes = {"binomial": y, "multinomial": _multinomial_codes(X, 4, 1), "ordinal": _ordinal_codes(X, 4, 2)}[kind]
    layout = Layout(kind, 4, 2 if kind == "binomial" else 4)
    taken: list[bool] = []
    subsample_start = newton_module._subsample_start

    def recorded(*args, **kwargs):
        answer = subsample_start(*args, **kwargs)
        taken.append(answer is not None)
        return answer

    monkeypatch.setattr(newton_module, "_subsample_start", recorded)
    _small_warm_start(monkeypatch)
    warm = fit_model(X, codes, layout, l2=l2)
    assert taken == [True]  # the subsample's estimate was the start
    _no_warm_start(monkeypatch)
    plain = fit_model(X, codes, layout, l2=l2)
    assert taken == [True]  # and the plain fit did not ask for one
    assert warm.converged and plain.converged and warm.stop == "converged"
    np.testing.assert_allclose(warm.params, plain.params, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(warm.std_err, plain.std_err, rtol=1e-7)
    assert warm.log_likelihood == pytest.approx(plain.log_likelihood, rel=1e-12)
    assert warm.gradient_norm < 1e-8


def test_a_subsample_without_every_class_falls_back_to_the_null_start(monkeypatch):
    X, y = make_overlapping(6000, 3, seed=32)
    codes = _multinomial_codes(X, 3, 3)
    codes[:4] = 3  # a class of four rows, which a subsample of 50 misses
    _small_warm_start(monkeypatch, rows=50)
    rows = np.sort(np.random.default_rng(0).choice(6000, size=50, replace=False))
    assert not np.any(codes[rows] == 3)
    assert newton_module._subsample_start(
        X, codes, Layout("multinomial", 3, 4), l2=0.0, penalty_weights=np.ones(16), max_iter=100
    ) is None
    warm = fit_model(X, codes, Layout("multinomial", 3, 4))
    _no_warm_start(monkeypatch)
    plain = fit_model(X, codes, Layout("multinomial", 3, 4))
    np.testing.assert_array_equal(warm.params, plain.params)
    assert warm.n_iter == plain.n_iter


def test_separated_large_data_still_have_no_estimate(monkeypatch):
    rng = np.random.default_rng(33)
    X = rng.standard_normal((6000, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
    _small_warm_start(monkeypatch)
    result = fit_newton(X, y)
    assert not result.converged and result.separation == "complete" and result.covariance is None


def test_large_binary_fit_equals_statsmodels():
    # 60,000 rows: the subsample start, the compiled one-pass basis and the threaded passes all run
    X, y = make_overlapping(60_000, 5, seed=34)
    X[:, 1] += 100.0  # an offset the internal basis absorbs
    assert X.shape[0] >= newton_module.WARM_START_MIN_ROWS
    ours = fit_newton(X, y)
    reference = sm.Logit(y, sm.add_constant(X, has_constant="add")).fit(method="newton", tol=1e-12, disp=False)
    assert ours.converged
    np.testing.assert_allclose(ours.params, reference.params, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(np.sqrt(np.diag(ours.covariance)), reference.bse, rtol=1e-6)
    assert ours.log_likelihood == pytest.approx(reference.llf, rel=1e-10)


def test_dependent_and_constant_columns_are_refused_on_large_data():
    X, y = make_overlapping(60_000, 3, seed=35)
    with pytest.raises(DataError, match="linearly dependent"):
        fit_newton(np.column_stack([X, X[:, 0] - 2 * X[:, 1]]), y)
    with pytest.raises(DataError, match="same value in every row"):
        fit_newton(np.column_stack([X, np.full(60_000, 7.0)]), y)


def test_column_moments_equal_numpy():
    rng = np.random.default_rng(36)
    X = rng.standard_normal((5000, 4)) * [1.0, 1e-3, 50.0, 2.0] + [0.0, 1e6, -3.0, 0.5]
    lowest, highest, shifted_mean, squares = kernels.column_moments(X, X[0])
    mean = X[0] + shifted_mean
    np.testing.assert_array_equal(lowest, X.min(axis=0))
    np.testing.assert_array_equal(highest, X.max(axis=0))
    # the exactly rounded mean (NumPy's own sum of values near 1e6 is off by 1e-6 of the spread)
    exact = np.array([math.fsum(column) for column in X.T]) / 5000
    assert np.all(np.abs(mean - exact) <= np.spacing(np.abs(exact)) + 1e-13 * X.std(axis=0))
    np.testing.assert_allclose(squares / 5000, X.var(axis=0), rtol=1e-12)


def test_standardise_equals_numpy_to_the_last_bit():
    rng = np.random.default_rng(37)
    X = rng.standard_normal((300, 3)) + [1e6, 0.0, -2.0]
    mean, scale = X.mean(axis=0), X.std(axis=0)
    out = np.empty_like(X)
    kernels.standardise(X, mean, scale, out)
    np.testing.assert_array_equal(out, (X - mean) / scale)
    np.testing.assert_array_equal(newton_module._standardised(np.tile(X, (250, 1)), mean, scale), np.tile(out, (250, 1)))


def test_moments_of_row_ranges_combine_into_the_moments_of_all_rows():
    rng = np.random.default_rng(42)
    X = rng.standard_normal((9000, 3)) * [1.0, 1e-3, 20.0] + [0.0, 1e6, 5.0]
    parts = [(rows.shape[0], kernels.column_moments(rows, X[0])) for rows in (X[:2000], X[2000:7000], X[7000:])]
    lowest, highest, mean, squares = newton_module._combined_moments(parts)
    whole = kernels.column_moments(X, X[0])
    np.testing.assert_array_equal(lowest, whole[0])
    np.testing.assert_array_equal(highest, whole[1])
    # to a rounding unit of the mean itself (1.2e-10 at 1e6) or of the spread
    assert np.all(np.abs(mean - whole[2]) <= np.spacing(np.abs(whole[2])) + 1e-13 * X.std(axis=0))
    np.testing.assert_allclose(squares, whole[3], rtol=1e-10)


@pytest.mark.parametrize("offset", [0.0, 1e6, 1e200])
def test_the_one_pass_basis_equals_the_careful_one(monkeypatch, offset):
    X, _ = make_overlapping(60_000, 3, seed=38)
    X = np.column_stack([X, np.full(60_000, 4.0)])
    X[:, 0] = X[:, 0] * (1.0 if offset < 1e100 else 1e195) + offset
    fast = newton_module._basis_and_constant(X)
    monkeypatch.setattr(loss_module, "_kernels", lambda: None)
    careful = newton_module._basis_and_constant(X)
    for ours, theirs in zip(fast[:3], careful[:3]):
        np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    np.testing.assert_array_equal(fast[2], [False, False, False, True])
    # the largest standardised magnitude is a bound (used with a margin): the one-pass one
    # subtracts the mean from the extremes, which loses digits to an offset
    np.testing.assert_allclose(fast[3], careful[3], rtol=1e-6)


def test_all_finite_sees_every_non_finite_value_and_large_finite_ones():
    X = np.ones((50, 3))
    assert all_finite(X)
    for bad in (np.nan, np.inf, -np.inf):
        Y = X.copy()
        Y[7, 2] = bad
        assert not all_finite(Y)
    both = X.copy()
    both[0, 0], both[1, 1] = np.inf, -np.inf
    assert not all_finite(both)
    huge = np.full((50, 3), 1e308)  # the sum overflows, every entry is finite
    assert all_finite(huge)
    with pytest.raises(DataError, match="missing or infinite, the first in row 7, column 2"):
        Y = X.copy()
        Y[7, 2] = np.nan
        check_features_labels(Y, np.arange(50) % 2)


def test_the_threaded_binomial_evaluation_equals_the_single_pass():
    X, y = make_overlapping(70_000, 6, seed=39)  # two threads of 35,000 rows
    assert objective_module._kernel_worker_count(70_000) == 2
    params = np.array([0.2, 0.5, -0.3, 0.1, 0.0, 0.7, -0.4])
    threaded = Objective(X, y, Layout("binomial", 6)).evaluate(params)
    single = loss_module.loss_gradient(params[1:], params[0], X, y)
    assert threaded.loss == pytest.approx(single.loss, rel=1e-13)
    np.testing.assert_allclose(threaded.gradient, np.r_[single.grad_b, single.grad_w], rtol=1e-11, atol=1e-15)
    assert threaded.accuracy == single.accuracy


def test_the_threaded_gram_equals_the_definition():
    X, _ = make_overlapping(70_000, 4, seed=40)
    assert newton_module._gram(X).shape == (4, 4)
    np.testing.assert_allclose(newton_module._gram(X), X.T @ X, rtol=1e-12)


def test_fit_newton_is_fit_model_on_large_data():
    X, y = make_overlapping(60_000, 3, seed=41)
    result = fit_newton(X, y)
    generic = fit_model(X, y, Layout("binomial", 3))
    np.testing.assert_array_equal(result.params, generic.params)
    np.testing.assert_array_equal(result.covariance, generic.covariance)
    assert result.n_iter == generic.n_iter and result.converged


def test_a_healthy_large_fit_proves_its_columns_independent_on_the_subsample_alone(monkeypatch):
    X, y = make_overlapping(60_000, 3, seed=43)
    formed: list[int] = []
    full_gram = newton_module._gram
    monkeypatch.setattr(newton_module, "_gram", lambda rows: formed.append(rows.shape[0]) or full_gram(rows))
    assert fit_newton(X, y).converged
    assert formed == []  # the Gram matrix of all 60,000 rows was not needed
    # a column that is nearly a combination of others on every row: the subsample cannot
    # clear the bar, so the full check runs and refuses it
    nearly = X[:, 0] - 2 * X[:, 1] + 1e-9 * np.random.default_rng(44).standard_normal(60_000)
    with pytest.raises(DataError, match="linearly dependent"):
        fit_newton(np.column_stack([X, nearly]), y)
    assert formed == [60_000]


def test_the_gram_matrix_of_some_rows_is_a_lower_bound_for_all_rows():
    X, _ = make_overlapping(5000, 4, seed=45)
    some = newton_module._smallest_gram_eigenvalue(X[::3])
    every = newton_module._smallest_gram_eigenvalue(X)
    tilde = np.column_stack([np.ones(5000), X])
    assert every == pytest.approx(np.linalg.eigvalsh(tilde.T @ tilde)[0], rel=1e-10)
    assert 0.0 < some <= every


def test_a_large_binary_fit_and_its_subsample_take_the_compiled_passes_only(monkeypatch):
    X, y = make_overlapping(60_000, 3, seed=46)
    plain: list[str] = []

    def recorder(name, function):
        return lambda *args, **kwargs: plain.append(name) or function(*args, **kwargs)

    monkeypatch.setattr(objective_module, "weighted_grams", recorder("gram", objective_module.weighted_grams))
    monkeypatch.setattr(objective_module, "loss_gradient_signed", recorder("pass", objective_module.loss_gradient_signed))
    result = fit_newton(X, y)
    assert result.converged and plain == []
    # a small table on its own keeps the NumPy passes (no compilation to wait for)
    fit_newton(X[:2000], y[:2000])
    assert "gram" in plain and "pass" in plain


def _counting_passes(monkeypatch, rows: int) -> dict[str, int]:
    """Count the evaluations, Hessians and both-in-one passes over objectives of ``rows`` rows."""
    counts = {"evaluate": 0, "hessian": 0, "both": 0}
    evaluate, hessian, both = Objective._evaluate, Objective.hessian, newton_module._evaluation_and_hessian

    def counted_evaluate(self, params):
        counts["evaluate"] += self.n == rows
        return evaluate(self, params)

    def counted_hessian(self, params):
        counts["hessian"] += self.n == rows
        return hessian(self, params)

    def counted_both(objective, params):
        counts["both"] += objective.n == rows
        return both(objective, params)

    monkeypatch.setattr(Objective, "_evaluate", counted_evaluate)
    monkeypatch.setattr(Objective, "hessian", counted_hessian)
    monkeypatch.setattr(newton_module, "_evaluation_and_hessian", counted_both)
    return counts


@pytest.mark.parametrize("l2", [0.0, 0.001])
def test_the_binomial_schedule_of_the_compiled_path_gives_the_plain_answer_in_fewer_passes(monkeypatch, l2):
    # the compiled path replaces a slow subsample Hessian, takes a point's Hessian with its
    # evaluation where it will be wanted, and ends on the quadratic model's loss
    X, y = make_overlapping(10_000, 6, seed=41)
    _small_warm_start(monkeypatch, rows=2000)
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    counts = _counting_passes(monkeypatch, 10_000)
    fast = fit_newton(X, y, l2=l2)
    fast_passes = counts["evaluate"] + 2 * counts["hessian"] + 2 * counts["both"]
    assert counts["both"] >= 1
    for name in counts:
        counts[name] = 0
    monkeypatch.setattr(loss_module, "_kernels", lambda: None)  # the NumPy path keeps the plain schedule
    plain = fit_newton(X, y, l2=l2)
    plain_passes = counts["evaluate"] + 2 * counts["hessian"]
    assert counts["both"] == 0
    assert fast.converged and plain.converged
    assert fast_passes < plain_passes
    np.testing.assert_allclose(fast.params, plain.params, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(fast.covariance, plain.covariance, rtol=1e-7, atol=1e-7 * np.max(np.abs(plain.covariance)))
    # the reported loss is the loss at the reported estimate, to rounding
    at_estimate = loss_module.loss_gradient(fast.coef, fast.intercept, X, y, l2=l2).loss
    assert fast.loss == pytest.approx(at_estimate, rel=1e-13)
    assert fast.log_likelihood == pytest.approx(plain.log_likelihood, rel=1e-12)


def test_separated_data_on_the_compiled_binomial_path_still_have_no_estimate(monkeypatch):
    rng = np.random.default_rng(42)
    X = rng.standard_normal((6000, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
    _small_warm_start(monkeypatch)
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    result = fit_newton(X, y)
    assert not result.converged and result.separation == "complete" and result.covariance is None


@pytest.mark.parametrize("l2", [0.0, 1e-6])  # L2 weak enough that the penalised estimate still splits them
def test_the_separation_check_reads_the_last_pass_s_score_extremes_and_still_finds_separation(monkeypatch, l2):
    # overlapping classes: the scores at the estimate are not formed again for the check
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    _small_warm_start(monkeypatch)
    X, y = make_overlapping(6000, 4, seed=43)
    scored = []
    scores = Objective.scores
    monkeypatch.setattr(Objective, "scores", lambda self, *args: scored.append(self.n) or scores(self, *args))
    overlapping = fit_newton(X, y, l2=l2)
    assert overlapping.converged and overlapping.separation is None
    assert 6000 not in scored
    # separated classes (with L2 the estimate is finite, and the check still names them)
    rng = np.random.default_rng(44)
    X = rng.standard_normal((6000, 2))
    y = (X[:, 0] + 0.5 * X[:, 1] > 0).astype(float)
    separated = fit_newton(X, y, l2=l2)
    assert separated.separation == "complete"
    assert separated.converged == (l2 > 0)


def test_the_subsample_s_rows_are_the_same_every_time_and_cannot_be_changed():
    rows = newton_module._subsample_rows(60_000)
    assert rows is newton_module._subsample_rows(60_000)  # drawn once
    assert not rows.flags.writeable
    np.testing.assert_array_equal(
        rows, np.sort(np.random.default_rng(0).choice(60_000, size=newton_module.WARM_START_ROWS, replace=False))
    )


def test_scores_near_a_split_are_looked_at_rather_than_judged_from_a_nearby_point():
    extremes = newton_module.ScoreExtremes(np.zeros(3), -1.0, 1.0)  # class 1 reaches below class 0's top
    bound = np.ones(3)
    assert newton_module._surely_not_split(np.full(3, 0.1), extremes, bound)  # scores move by at most 0.3
    assert not newton_module._surely_not_split(np.full(3, 0.4), extremes, bound)  # by up to 1.2: look
    assert not newton_module._surely_not_split(np.zeros(3), extremes._replace(lowest_positive=2.0), bound)
    assert not newton_module._surely_not_split(np.zeros(3), extremes._replace(highest_negative=np.inf), bound)
    assert not newton_module._surely_not_split(np.full(3, np.nan), extremes, bound)


def test_the_model_loss_is_used_only_when_its_remainder_is_below_rounding():
    rng = np.random.default_rng(43)
    X = rng.standard_normal((500, 3))
    objective = Objective(X, (rng.random(500) < 0.4).astype(int), Layout("binomial", 3))
    params = rng.standard_normal(4) * 0.3
    current, H = objective.evaluate(params), objective.hessian(params)
    row_bound = np.r_[1.0, np.max(np.abs(X), axis=0)]
    tiny = np.linalg.solve(H, current.gradient) * 0 + 1e-9
    model = newton_module._model_loss(current, tiny, H, row_bound)
    assert model == pytest.approx(objective.loss(params - tiny), rel=1e-15, abs=0)
    # a step whose cubic remainder could exceed a rounding unit: evaluate instead
    assert newton_module._model_loss(current, np.full(4, 1e-2), H, row_bound) is None


def test_a_kept_hessian_gives_way_only_when_its_steps_shrink_too_slowly():
    # 1e-4 to 1e-10 at 0.05 a step takes five steps: more than two plus a Hessian of two
    assert newton_module._refresh_pays(1e-4, 2e-3, 1e-10, 2.0)
    # at 1e-3 a step, two: keep it
    assert not newton_module._refresh_pays(1e-4, 1e-1, 1e-10, 2.0)
    assert newton_module._refresh_pays(1e-4, 1e-4, 1e-10, 2.0)  # no progress
    assert not newton_module._refresh_pays(1e-4, np.inf, 1e-10, 2.0)  # no contraction known yet
    assert not newton_module._refresh_pays(1e-11, 1e-4, 1e-10, 2.0)  # already small


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("column_values", ["modest", "huge", "everywhere"])
def test_the_exact_fit_refuses_missing_or_infinite_features_found_by_its_column_moments(
    monkeypatch, compiled, bad, column_values
):
    # fit_newton leaves the finiteness check to the column moments, on either path
    if compiled:
        monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    X, y = make_overlapping(400, 3, seed=44)
    if column_values == "huge":
        X[:, 2] *= 1e200  # beyond the one-pass moments' range: the careful path
    if column_values == "everywhere":
        X[:, 2] = bad
    X[7, 2] = bad
    first = 0 if column_values == "everywhere" else 7
    with pytest.raises(DataError, match=f"missing or infinite, the first in row {first}, column 2"):
        fit_newton(X, y)


def test_the_identifiability_check_tries_a_tenth_of_the_sample_then_all_of_it(monkeypatch):
    X, y = make_overlapping(60_000, 3, seed=47)
    sizes: list[int] = []
    smallest = newton_module._smallest_gram_eigenvalue
    monkeypatch.setattr(
        newton_module, "_smallest_gram_eigenvalue", lambda rows: sizes.append(rows.shape[0]) or smallest(rows)
    )
    assert fit_newton(X, y).converged
    assert sizes == [newton_module.WARM_START_ROWS // 10]
    # an indicator set on a few rows: a tenth of the sample may miss them all, the whole sample not
    rows = newton_module._subsample_rows(60_000)
    rare = np.zeros(60_000)
    rare[rows[1:200:10]] = 1.0  # 20 rows of the sample, none of every tenth (those are rows[::10])
    sizes.clear()
    assert fit_newton(np.column_stack([X, rare]), y).converged
    assert sizes == [newton_module.WARM_START_ROWS // 10, newton_module.WARM_START_ROWS]


@pytest.mark.parametrize("compiled", [True, False])
@pytest.mark.parametrize("l2", [0.0, 0.05])
def test_the_standardised_binomial_on_x_itself_equals_the_objective_on_the_standardised_copy(
    monkeypatch, compiled, l2
):
    if compiled:
        monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    else:
        monkeypatch.setattr(loss_module, "_kernels", lambda: None)
    X, y = make_overlapping(3001, 4, seed=51)
    mean, scale = newton_module.internal_basis(X)
    weights = np.r_[0.0, 1.0 / scale**2]
    folded = objective_module.StandardisedBinomial(X, y, mean, scale, l2=l2, penalty_weights=weights)
    copied = Objective((X - mean) / scale, y, Layout("binomial", 4), l2=l2, penalty_weights=weights)
    params = np.random.default_rng(52).standard_normal(5)
    for a, b in [(folded.evaluate(params), copied.evaluate(params)),
                 (newton_module._evaluation_and_hessian(folded, params)[0], copied.evaluate(params))]:
        assert a.loss == pytest.approx(b.loss, rel=1e-13)
        np.testing.assert_allclose(a.gradient, b.gradient, rtol=1e-11, atol=1e-13)
        assert a.accuracy == b.accuracy
    H = copied.hessian(params)
    for folded_H in (folded.hessian(params), newton_module._evaluation_and_hessian(folded, params)[1]):
        np.testing.assert_allclose(folded_H, H, rtol=1e-11, atol=1e-13 * np.max(np.abs(H)))
        assert np.array_equal(folded_H, folded_H.T)
    np.testing.assert_allclose(folded.scores(params), copied.scores(params), rtol=1e-12, atol=1e-12)
    assert folded.penalty(params) == copied.penalty(params)


@pytest.mark.parametrize("offset, order, folds", [(0.0, "C", True), (1e6, "C", False), (0.0, "F", False)])
@pytest.mark.parametrize("l2", [0.0, 0.01])
def test_a_large_binary_fit_folds_the_standardisation_only_for_means_within_the_spreads(
    monkeypatch, offset, order, folds, l2
):
    # (and only on X stored row by row, as the kernels read it; a table's columns are often not)
    X, y = make_overlapping(6000, 4, seed=53)
    X = np.asarray(X - X.mean(axis=0) + offset, order=order)
    _small_warm_start(monkeypatch)
    plain = fit_newton(X, y, l2=l2)  # the NumPy path: always on the standardised copy
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    copied_rows: list[int] = []
    standardised = newton_module._standardised
    monkeypatch.setattr(
        newton_module, "_standardised", lambda X, *args: copied_rows.append(X.shape[0]) or standardised(X, *args)
    )
    fast = fit_newton(X, y, l2=l2)
    assert (6000 not in copied_rows) == folds  # folded: only the subsample's rows are standardised
    assert fast.converged and plain.converged
    np.testing.assert_allclose(fast.params, plain.params, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(fast.covariance, plain.covariance, rtol=1e-7, atol=1e-7 * np.max(np.abs(plain.covariance)))
    assert fast.log_likelihood == pytest.approx(plain.log_likelihood, rel=1e-12)
    if l2 == 0 and folds:  # (statsmodels' own Newton does not converge on the offset columns)
        reference = sm.Logit(y, sm.add_constant(X)).fit(disp=0, method="newton", tol=1e-12)
        np.testing.assert_allclose(fast.params, reference.params, rtol=1e-7, atol=1e-8)


def test_a_folded_fit_still_refuses_dependent_columns_by_the_full_test(monkeypatch):
    # every tenth row of the sample, and the sample, miss what makes the columns independent
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    _small_warm_start(monkeypatch)
    X, y = make_overlapping(6000, 3, seed=54)
    X = np.column_stack([X, X[:, 0] - X[:, 1]])
    with pytest.raises(DataError, match="linearly dependent"):
        fit_newton(X, y)
