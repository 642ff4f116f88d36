"""The fast paths pinned against the plain ones they replace.

The compiled kernels (logreg_core.kernels) must give the NumPy path's numbers to rounding,
at ordinary and at extreme scores; the symmetric-update Gram matrices must equal the
definition; nested single-threaded BLAS blocks must restore the thread count only when
the last one ends.
"""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from logreg_core import blas, descend, kernels
from logreg_core import loss as loss_module
from logreg_core import newton as newton_module
from logreg_core import objective as objective_module
from logreg_core.objective import Layout, Objective, weighted_grams
from logreg_core.separation import separates_completely

from .synthetic import make_overlapping


def _without_kernels(monkeypatch):
    monkeypatch.setattr(loss_module, "_kernels", lambda: None)


def test_the_kernels_are_the_path_taken_for_large_data_only():
    assert loss_module._kernels_for(loss_module.COMPILED_MIN_ROWS) is kernels
    assert loss_module._kernels_for(loss_module.COMPILED_MIN_ROWS - 1) is None


@pytest.mark.parametrize("scale", [0.5, 40.0, 1e3, 1e300])
def test_binomial_kernel_equals_the_numpy_pass(scale):
    rng = np.random.default_rng(3)
    X = rng.standard_normal((3000, 4))
    X[:5] = 0.0  # scores of exactly 0: sigma rounds to 0.5, class 1 predicted
    X[5:10] = 1e-18  # scores so small that e^{-|z|} rounds to 1
    w = rng.standard_normal(4) * scale
    y = (rng.random(3000) < 0.5).astype(float)
    signs = loss_module.label_signs(y)
    plain = loss_module._block_sums(w, 0.0, X, signs, 3000)
    fast = kernels.binomial_block_sums(w, 0.0, X, signs, 3000)
    assert fast[0] == pytest.approx(plain[0], rel=1e-13)
    np.testing.assert_allclose(fast[1], plain[1], rtol=1e-12, atol=1e-12 * np.max(np.abs(plain[1])))
    assert fast[2] == pytest.approx(plain[2], rel=1e-12, abs=1e-12 * 3000)
    assert fast[3] == plain[3]


def test_binomial_kernel_keeps_tiny_losses_to_full_precision():
    # log(1 + e) for e = e^{-40}: Goldberg's identity keeps what 1 + e rounds away
    X = np.array([[40.0], [-40.0]])
    fast = kernels.binomial_block_sums(np.array([1.0]), 0.0, X, np.array([-1.0, 1.0]), 2)
    assert fast[0] == pytest.approx(np.log1p(np.exp(-40.0)), rel=1e-15)


def test_log1p_unit_equals_log1p_over_its_range():
    e = np.r_[0.0, 5e-324, 1e-300, 1e-17, 2.0 ** -53, 1e-10, np.geomspace(1e-8, 1.0, 2000)]
    fast = np.array([kernels.log1p_unit(value) for value in e])
    np.testing.assert_allclose(fast, np.log1p(e), rtol=4e-16, atol=0)


def test_binomial_kernel_carries_overflow_as_the_numpy_pass_does():
    X = np.array([[1e308], [-1e308]])
    signs = np.array([1.0, -1.0])
    with np.errstate(over="ignore", invalid="ignore"):
        plain = loss_module._block_sums(np.array([10.0]), 0.0, X, signs, 2)
        fast = kernels.binomial_block_sums(np.array([10.0]), 0.0, X, signs, 2)
    assert fast[0] == plain[0] == np.inf


@pytest.mark.parametrize("reference", [0, 2])
@pytest.mark.parametrize("scale", [0.3, 30.0, 1e3])
def test_multinomial_kernel_equals_the_numpy_pass(reference, scale):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((2000, 3))
    codes = rng.integers(0, 4, 2000)
    coefficients = rng.standard_normal((3, 4)) * scale
    plain = objective_module._multinomial_block_sums(coefficients, X, codes, reference, 2000)
    fast = objective_module._multinomial_compiled_sums(
        kernels.multinomial_block_sums, coefficients, X, codes, reference, 2000
    )
    assert fast[0] == pytest.approx(plain[0], rel=1e-13)
    np.testing.assert_allclose(fast[1], plain[1], rtol=1e-12, atol=1e-13 * np.max(np.abs(plain[1])))
    assert fast[2] == plain[2]


@pytest.mark.parametrize("scale", [0.3, 20.0])
def test_multinomial_compiled_hessian_equals_the_numpy_one(monkeypatch, scale):
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    rng = np.random.default_rng(5)
    X = rng.standard_normal((3000, 3))
    objective = Objective(X, rng.integers(0, 4, 3000), Layout("multinomial", 3, 4, reference=1), l2=0.1)
    params = rng.standard_normal(objective.layout.n_params) * scale
    fast = objective.hessian(params)
    _without_kernels(monkeypatch)
    plain = objective.hessian(params)
    np.testing.assert_allclose(fast, plain, rtol=1e-12, atol=1e-13 * np.max(np.abs(plain)))
    assert np.array_equal(fast, fast.T)


@pytest.mark.parametrize("rows", [3001, 70_000])  # one thread; two
@pytest.mark.parametrize("scale", [0.3, 20.0, 1e3])
def test_binomial_compiled_hessian_equals_the_numpy_one(monkeypatch, rows, scale):
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    rng = np.random.default_rng(6)
    X = rng.standard_normal((rows, 5))
    X[:7] = 0.0  # scores of the intercept alone
    objective = Objective(X, rng.integers(0, 2, rows), Layout("binomial", 5), l2=0.1)
    params = rng.standard_normal(6) * scale  # at 1e3 most weights underflow to 0
    fast = objective.hessian(params)
    _without_kernels(monkeypatch)
    plain = objective.hessian(params)
    np.testing.assert_allclose(fast, plain, rtol=1e-12, atol=1e-13 * np.max(np.abs(plain)))
    assert np.array_equal(fast, fast.T)


@pytest.mark.parametrize("rows", [1, 203, 3001, 70_000])  # remainders of a block; one thread; two
@pytest.mark.parametrize("scale", [0.3, 20.0, 1e3])
@pytest.mark.parametrize("l2", [0.0, 0.1])
def test_the_evaluation_with_its_hessian_in_one_pass_equals_the_two_passes(monkeypatch, rows, scale, l2):
    monkeypatch.setattr(loss_module, "COMPILED_MIN_ROWS", 0)
    rng = np.random.default_rng(rows)
    X = rng.standard_normal((rows, 5))
    X[:7] = 0.0
    objective = Objective(X, rng.integers(0, 2, rows), Layout("binomial", 5), l2=l2)
    params = rng.standard_normal(6) * scale
    evaluation, hessian, extremes = newton_module._evaluation_and_hessian(objective, params)
    separate = objective.evaluate(params)
    # the same operations in the same order as the two kernels: the same numbers
    assert evaluation.loss == separate.loss
    np.testing.assert_array_equal(evaluation.gradient, separate.gradient)
    assert evaluation.accuracy == separate.accuracy
    np.testing.assert_array_equal(hessian, objective.hessian(params))
    assert not evaluation.gradient.flags.writeable
    # the class score extremes on the way, as the separate pass over the scores finds them
    lowest, highest = kernels.class_score_extremes(objective.scores(params), objective.codes)
    np.testing.assert_allclose([extremes.lowest_positive, extremes.highest_negative], [lowest, highest], rtol=1e-12)
    np.testing.assert_array_equal(extremes.at, params)


@pytest.mark.parametrize(
    "layout, labels",
    [(Layout("binomial", 20), "binary"), (Layout("multinomial", 20, 4), "four")],
)
def test_descent_with_the_kernels_equals_descent_without(monkeypatch, layout, labels):
    X, y = make_overlapping(140_000, 20, seed=9)  # large enough for the threaded split
    codes = y if labels == "binary" else np.random.default_rng(1).integers(0, 4, X.shape[0])
    start = np.random.default_rng(2).standard_normal(layout.n_params) * 0.1
    fast = descend(Objective(X, codes, layout), start, learning_rate=0.5, iterations=5)
    _without_kernels(monkeypatch)
    plain = descend(Objective(X, codes, layout), start, learning_rate=0.5, iterations=5)
    np.testing.assert_allclose(fast.params, plain.params, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(fast.loss, plain.loss, rtol=1e-12)
    np.testing.assert_array_equal(fast.accuracy, plain.accuracy)


def test_weighted_grams_equal_the_definition_for_every_sign_pattern(monkeypatch):
    rng = np.random.default_rng(6)
    X = rng.standard_normal((700, 3))
    weights = np.column_stack([rng.random(700), -rng.random(700), rng.standard_normal(700), np.zeros(700)])
    monkeypatch.setattr(objective_module, "GRAM_ROWS_PER_BLOCK", 64)  # many blocks, a short last one
    grams = weighted_grams(X, weights)
    tilde = np.column_stack([np.ones(700), X])
    for column in range(weights.shape[1]):
        expected = (tilde * weights[:, column, None]).T @ tilde / 700
        np.testing.assert_allclose(grams[column], expected, rtol=1e-12, atol=1e-15)
        assert np.array_equal(grams[column], grams[column].T)


def test_nested_single_threaded_blocks_restore_blas_threads_when_the_last_ends(monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    monkeypatch.setattr(blas, "_held", False)  # as in a process that is not the app's

    def blas_threads():
        return [info["num_threads"] for info in threadpoolctl.threadpool_info() if info["user_api"] == "blas"]

    before = blas_threads()
    with threadpoolctl.threadpool_limits(2, "blas"):
        with blas.single_threaded_blas():
            with blas.single_threaded_blas():
                assert set(blas_threads()) == {1}
            assert set(blas_threads()) == {1}  # the outer block is still open
        assert set(blas_threads()) == {2}
    assert blas_threads() == before


def test_a_process_that_holds_one_blas_thread_keeps_it_through_single_threaded_blocks():
    pytest.importorskip("threadpoolctl")
    # in a fresh process: the hold lasts for the rest of it
    script = (
        "import threadpoolctl\n"
        "from logreg_core import blas\n"
        "def threads(): return {i['num_threads'] for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'}\n"
        "with threadpoolctl.threadpool_limits(2, 'blas'):\n"
        "    with blas.single_threaded_blas():\n"
        "        blas.hold_one_thread()\n"
        "    assert threads() == {1}, threads()\n"
        "    with blas.single_threaded_blas():\n"
        "        assert threads() == {1}\n"
        "    assert threads() == {1}, threads()\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parents[2], timeout=120)


def test_the_last_evaluation_is_reused_and_cannot_be_changed():
    X, y = make_overlapping(200, 2, seed=1)
    objective = Objective(X, y, Layout("binomial", 2))
    first = objective.evaluate([0.1, 0.2, -0.3])
    assert objective.evaluate(np.array([0.1, 0.2, -0.3])) is first
    assert objective.evaluate([0.1, 0.2, -0.31]) is not first
    with pytest.raises(ValueError):
        first.gradient[0] = 1.0


def test_the_kinds_use_the_kernels_at_every_size_the_binomial_pass_only_for_large_data():
    assert loss_module._kernels_for(150, kinds=True) is kernels
    assert loss_module._kernels_for(150) is None


def _ordinal_objective(n, m, K, seed):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    codes = np.r_[np.arange(K), rng.integers(0, K, n - K)]
    return Objective(X, codes, Layout("ordinal", m, K), l2=0.05), rng


@pytest.mark.parametrize("scale", [0.3, 5.0, 60.0, 1e3, 1e300])
@pytest.mark.parametrize("K", [2, 3, 7])
def test_ordinal_kernel_equals_the_numpy_pass(monkeypatch, scale, K):
    objective, rng = _ordinal_objective(3000, 3, K, seed=K)
    beta = rng.standard_normal(3) * scale
    # cut-points close together (q large) and far apart (log(1 - e^{-w}) near 0)
    cutpoints = np.sort(rng.standard_normal(K - 1)) * 3.0 + np.arange(K - 1) * 1e-3
    params = np.r_[beta, cutpoints]
    with np.errstate(over="ignore", invalid="ignore"):
        fast = objective._ordinal(params)
        _without_kernels(monkeypatch)
        plain = objective._ordinal(params)
    assert np.isfinite(fast[0])
    assert fast[0] == pytest.approx(plain[0], rel=1e-12)
    np.testing.assert_allclose(fast[1], plain[1], rtol=1e-12, atol=1e-13 * np.max(np.abs(plain[1])))
    assert fast[2] == plain[2]


def test_ordinal_kernel_keeps_tiny_and_huge_losses_as_the_numpy_pass_does(monkeypatch):
    # each row far inside its own class (a loss near 1e-20), or far outside it (a loss near 1e300)
    X = np.array([[-50.0], [0.0], [50.0], [1e299], [-1e299]])
    codes = np.array([0, 1, 2, 0, 2])
    objective = Objective(X, codes, Layout("ordinal", 1, 3))
    params = np.array([1.0, -1.0, 1.0])
    fast = objective._ordinal(params)
    _without_kernels(monkeypatch)
    plain = objective._ordinal(params)
    assert fast[0] == pytest.approx(plain[0], rel=1e-13)
    fast_points = [Objective(X[[i]], codes[[i]], Layout("ordinal", 1, 3)) for i in range(3)]
    monkeypatch.undo()
    tiny = fast_points[0]._ordinal(params)[0]
    assert 0.0 < tiny == pytest.approx(float(np.log1p(np.exp(-49.0))), rel=1e-13)
    np.testing.assert_allclose(fast[1], plain[1], rtol=1e-12)
    assert fast[2] == plain[2] == 0.6


def test_unordered_cutpoints_give_an_infinite_loss_with_the_kernels_in_use():
    objective, _ = _ordinal_objective(50, 2, 4, seed=1)
    assert loss_module._kernels_for(objective.n, kinds=True) is kernels
    loss, gradient, accuracy = objective._ordinal(np.array([0.0, 0.0, 1.0, 0.5, 2.0]))
    assert loss == np.inf and np.all(np.isnan(gradient)) and accuracy == 0.0


@pytest.mark.parametrize("kind", ["ordinal", "multinomial"])
def test_descent_of_the_kinds_with_the_kernels_equals_descent_without(monkeypatch, kind):
    rng = np.random.default_rng(8)
    X = rng.standard_normal((944, 4))
    latent = X @ np.array([1.0, -0.5, 0.3, 0.0]) + rng.logistic(size=944)
    codes = np.digitize(latent, [-2.0, -1.0, 0.0, 0.5, 1.0, 2.0])  # K = 7, as ANES 1996
    layout = Layout(kind, 4, 7)  # type: ignore[arg-type]
    objective = Objective(X, codes, layout, l2=0.01)
    start = np.zeros(layout.n_params)
    if kind == "ordinal":
        start[4:] = objective.null_params()[4:]
    fast = descend(objective, start, learning_rate=0.3, iterations=200)
    _without_kernels(monkeypatch)
    plain = descend(Objective(X, codes, layout, l2=0.01), start, learning_rate=0.3, iterations=200)
    np.testing.assert_allclose(fast.params, plain.params, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(fast.loss, plain.loss, rtol=1e-12)
    np.testing.assert_array_equal(fast.accuracy, plain.accuracy)


def test_warming_the_kernels_runs_each_once_and_without_numba_does_nothing(monkeypatch):
    loss_module.warm_kernels.cache_clear()
    loss_module.warm_kernels()
    for kernel in (kernels.binomial_block_sums, kernels.binomial_hessian_sums, kernels.binomial_block_sums_hessian,
                   kernels.multinomial_block_sums,
                   kernels.multinomial_hessian_sums, kernels.ordinal_block_sums, kernels.ordinal_descent_step,
                   kernels.multinomial_descent_step,
                   kernels.column_moments, kernels.standardise, kernels.class_score_extremes):
        assert kernel.signatures  # compiled (or loaded from the disk cache)
    loss_module.warm_kernels.cache_clear()
    _without_kernels(monkeypatch)
    assert loss_module.warm_kernels() is None
    loss_module.warm_kernels.cache_clear()


def test_exp_of_minus_equals_exp_to_a_rounding_unit_down_to_the_smallest_subnormal():
    a = np.r_[0.0, 5e-17, 1e-300, np.geomspace(1e-10, 745.2, 20001), np.linspace(0.0, 40.0, 10001),
              708.4, 745.13, 745.2, 746.0, 1e300, np.inf, np.nan]
    out = np.empty_like(a)
    kernels.exp_of_minus(a, out, a.size, np.empty(2 * a.size, dtype=np.int64))
    expected = np.exp(-a)
    normal = expected >= np.finfo(float).tiny
    assert np.max(np.abs(out[normal] - expected[normal]) / np.spacing(expected[normal])) <= 1.0
    subnormal = ~normal & ~np.isnan(a)
    assert np.max(np.abs(out[subnormal] - expected[subnormal])) <= 5e-324
    assert out[-2] == 0.0 and out[-3] == 0.0  # e^{-inf}, e^{-1e300}
    assert np.isnan(out[-1])


def test_exp_of_minus_writes_only_the_first_count_entries():
    out = np.full(5, -1.0)
    kernels.exp_of_minus(np.zeros(5), out, 3, np.empty(10, dtype=np.int64))
    np.testing.assert_array_equal(out, [1.0, 1.0, 1.0, -1.0, -1.0])


def test_log_of_sums_equals_log_to_two_rounding_units_from_one_to_a_softmax_sum_of_twelve_classes():
    values = np.r_[1.0, 1.0 + 2.0 ** -52, 2.0 - 2.0 ** -52, 2.0, 4.0, 8.0, 12.0, np.linspace(1.0, 12.0, 20001),
                   1.0 + np.geomspace(1e-15, 1.0, 2001)]
    out = np.full(values.size + 2, -1.0)
    kernels.log_of_sums(values, out, values.size, np.empty(values.size, dtype=np.int64))
    expected = np.log(values)
    assert out[0] == 0.0 and out[3] == np.log(2.0)
    assert np.max(np.abs(out[: values.size] - expected) / np.spacing(np.maximum(expected, 1.0))) <= 2.0
    assert out[-1] == out[-2] == -1.0  # only the first count entries are written


def test_log1p_series_equals_log1p_to_three_rounding_units_over_its_range():
    e = np.r_[0.0, 5e-324, 1e-300, 1e-17, 2.0 ** -53, 1e-10, np.geomspace(1e-8, 1.0, 2000),
              np.linspace(0.0, 1.0, 2001)]
    fast = np.array([kernels.log1p_series(value) for value in e])
    expected = np.log1p(e)
    assert np.max(np.abs(fast - expected) / np.spacing(np.maximum(expected, 5e-324))) <= 3.0
    assert fast[0] == 0.0 and fast[1] == 5e-324


@pytest.mark.parametrize("rows", [1, 3, 5, 203, 1000])
def test_blocked_kernels_cover_every_row_whatever_the_remainder(rows):
    # the kernels take rows in blocks and the gradient four rows at a time: every remainder
    rng = np.random.default_rng(rows)
    X = rng.standard_normal((rows, 3))
    w = rng.standard_normal(3)
    signs = np.where(rng.random(rows) < 0.5, 1.0, -1.0)
    plain = loss_module._block_sums(w, 0.2, X, signs, rows)
    fast = kernels.binomial_block_sums(w, 0.2, X, signs, rows)
    assert fast[0] == pytest.approx(plain[0], rel=1e-13)
    np.testing.assert_allclose(fast[1], plain[1], rtol=1e-12, atol=1e-14)
    assert fast[3] == plain[3]
    codes = rng.integers(0, 3, rows)
    full = np.r_[np.zeros((1, 4)), rng.standard_normal((2, 4))]
    loss_sum, gradient, correct = kernels.multinomial_block_sums(full, X, codes, rows)
    scores = full[:, 0] + X @ full[:, 1:].T
    top = scores.max(axis=1, keepdims=True)
    probabilities = np.exp(scores - top) / np.exp(scores - top).sum(axis=1, keepdims=True)
    residual = probabilities - np.eye(3)[codes]
    expected_loss = np.mean(-np.log(probabilities[np.arange(rows), codes]))
    assert loss_sum == pytest.approx(expected_loss, rel=1e-12)
    np.testing.assert_allclose(gradient, residual.T @ np.c_[np.ones(rows), X], rtol=1e-11, atol=1e-13)
    assert correct == np.count_nonzero(scores.argmax(axis=1) == codes)


def test_the_multinomial_kernel_leaves_the_reference_gradient_at_zero_and_the_rest_unchanged():
    rng = np.random.default_rng(4)
    X = rng.standard_normal((301, 3))
    codes = rng.integers(0, 4, 301)
    full = np.r_[rng.standard_normal((1, 4)), np.zeros((1, 4)), rng.standard_normal((2, 4))]
    every = kernels.multinomial_block_sums(full, X, codes, 301)
    skipped = kernels.multinomial_block_sums(full, X, codes, 301, 1)
    assert skipped[0] == every[0] and skipped[2] == every[2]
    np.testing.assert_array_equal(skipped[1][1], 0.0)
    assert np.all(every[1][1] != 0.0)
    np.testing.assert_array_equal(skipped[1][[0, 2, 3]], every[1][[0, 2, 3]])


@pytest.mark.parametrize("gap", [-1.0, 0.0, 1e-12, 1.0])
def test_class_score_extremes_decide_separation_as_the_numpy_check(gap):
    rng = np.random.default_rng(7)
    y = (rng.random(1000) < 0.3).astype(np.int64)
    z = np.where(y == 1, 5.0 + rng.random(1000), 5.0 - gap - rng.random(1000))
    lowest, highest = kernels.class_score_extremes(z, y)
    assert lowest == np.min(z[y == 1]) and highest == np.max(z[y == 0])
    assert (lowest > highest) == separates_completely(z, y.astype(float))
    z[3] = np.nan
    lowest, highest = kernels.class_score_extremes(z, y)
    assert not lowest > highest
    assert kernels.class_score_extremes(np.ones(3), np.zeros(3, dtype=np.int64)) == (np.inf, 1.0)
