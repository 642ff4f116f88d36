import numpy as np
import pytest
import statsmodels.api as sm

from logreg_core import TrainingSettings, exact_fit, fit_newton, inspect_step, train

from .synthetic import make_overlapping


def test_standardised_run_is_reported_on_the_original_scale(notes):
    run = train(notes.X, notes.y, TrainingSettings(standardize=True, learning_rate=0.5, iterations=50))
    X_std = (notes.X - run.mean) / run.scale
    z_std = X_std @ run.history.weights[-1] + run.history.bias[-1]
    z_orig = notes.X @ run.weights[-1] + run.bias[-1]
    np.testing.assert_allclose(z_orig, z_std, rtol=1e-12, atol=1e-12)


def test_reference_covariance_maps_to_the_original_scale():
    X, y = make_overlapping(300, 2, seed=9)
    run = train(X, y, TrainingSettings(standardize=True, learning_rate=1.0, iterations=10))
    reference = sm.Logit(y, sm.add_constant(X)).fit(disp=False, tol=1e-12)
    np.testing.assert_allclose(run.reference.params, reference.params, atol=1e-6)
    np.testing.assert_allclose(run.reference.covariance, reference.cov_params(), rtol=1e-6)


@pytest.mark.parametrize(
    "settings, kind",
    [
        (TrainingSettings(learning_rate=10.0), "diverged"),
        (TrainingSettings(learning_rate=0.1), "separated"),
        (TrainingSettings(learning_rate=1.0, standardize=True, l2=0.1, iterations=3000), "converged"),
        (TrainingSettings(learning_rate=0.001, standardize=True, l2=0.1, iterations=50), "improving"),
    ],
)
def test_status_in_words_on_the_notes_table(notes, settings, kind):
    status = train(notes.X, notes.y, settings).status
    assert status.kind == kind
    k = status.steps
    assert status.headline == {
        "diverged": f"diverged at step {k} with learning rate 10",
        "separated": "no finite optimum: the classes are separated and L2 is 0; stopped at step 500",
        "converged": f"converged at step {k}",
        "improving": "still improving at step 50",
    }[kind]
    assert status.detail.startswith(f"loss {status.start_loss:.4g} -> {status.final_loss:.4g} over {k} steps")
    assert status.detail.endswith(f"the loss rose at {status.rises} steps")


def test_oscillation_is_named_when_the_loss_rises():
    X, y = make_overlapping(300, 2, seed=1)
    X = X * 5  # large features make a moderate rate overshoot
    run = train(X, y, TrainingSettings(learning_rate=0.3, iterations=200))
    # the loss rises at many steps but never runs away: oscillating, not diverged
    assert run.status.kind == "oscillating"
    assert run.status.rises > 0 and run.history.stop_reason == "iterations"


def test_random_start_is_reproducible(notes):
    settings = TrainingSettings(start="random", seed=3, iterations=5)
    first, second = train(notes.X, notes.y, settings), train(notes.X, notes.y, settings)
    np.testing.assert_array_equal(first.history.weights, second.history.weights)
    assert not np.all(first.history.weights[0] == 0)


def test_inspected_step_reproduces_the_next_row_of_the_history(notes):
    for standardize in (False, True):
        run = train(notes.X, notes.y, TrainingSettings(standardize=standardize, l2=0.01, iterations=20))
        detail = inspect_step(run, notes.X, notes.y, 7)
        np.testing.assert_allclose(detail.next_weights, run.history.weights[8], rtol=1e-13)
        assert detail.next_bias == pytest.approx(run.history.bias[8], rel=1e-13)
        assert detail.loss == pytest.approx(run.history.loss[7], rel=1e-13)
    with pytest.raises(ValueError, match="step must be"):
        inspect_step(run, notes.X, notes.y, 20)


def test_reference_without_l2_on_collinear_data_gives_a_reason():
    X, y = make_overlapping(100, 2, seed=2)
    X = np.column_stack([X, X[:, 0] + X[:, 1]])
    run = train(X, y, TrainingSettings(iterations=10))
    assert run.reference is None and "linearly dependent" in run.reference_error
    assert fit_newton(X, y, l2=0.01).converged


@pytest.mark.parametrize("kind", ["multinomial", "ordinal"])
def test_train_runs_any_kind_and_compares_with_its_exact_fit(kind):
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 2)) * [1.0, 20.0] + [0.0, 100.0]
    codes = np.digitize(X[:, 0] + 0.05 * X[:, 1] + rng.logistic(size=300), [4.0, 5.5, 7.0]).astype(float)
    run = train(X, codes, TrainingSettings(kind=kind, standardize=True, learning_rate=1.0, iterations=5000,
                                           tol=1e-9))
    assert run.status.kind == "converged" and run.reference is not None and run.reference.converged
    np.testing.assert_allclose(run.params[-1], run.reference.params, atol=1e-6)
    assert run.params.shape == (run.history.n_steps + 1, run.history.layout.n_params)


def test_binary_run_also_has_its_path_in_the_layout(notes):
    run = train(notes.X, notes.y, TrainingSettings(iterations=5))
    np.testing.assert_array_equal(run.params[:, 0], run.bias)
    np.testing.assert_array_equal(run.params[:, 1:], run.weights)


@pytest.mark.parametrize("kind", ["binary", "multinomial", "ordinal"])
def test_an_exact_fit_kept_by_the_caller_gives_the_same_run_for_every_learning_rate(kind):
    rng = np.random.default_rng(5)
    X = rng.normal(size=(200, 2)) * [1.0, 10.0]
    score = X[:, 0] + 0.1 * X[:, 1] + rng.logistic(size=200)
    y = (score > 0).astype(float) if kind == "binary" else np.digitize(score, [-1.0, 0.5, 2.0]).astype(float)
    kept = exact_fit(X, y, TrainingSettings(kind=kind, standardize=True, l2=0.01, learning_rate=9.0))
    assert kept.error is None and kept.reference.converged
    for rate in (0.1, 0.3):
        settings = TrainingSettings(kind=kind, standardize=True, l2=0.01, learning_rate=rate, iterations=20)
        alone, reused = train(X, y, settings), train(X, y, settings, exact=kept)
        assert reused.reference is kept.reference and reused.status == alone.status
        np.testing.assert_array_equal(reused.reference.params, alone.reference.params)
        np.testing.assert_array_equal(reused.params, alone.params)
    # an exact fit of other settings is refused, not silently shown beside the wrong run
    with pytest.raises(ValueError, match="l2=0.1"):
        train(X, y, TrainingSettings(kind=kind, standardize=True, l2=0.1), exact=kept)


def test_exact_fit_says_why_there_is_none():
    X, y = make_overlapping(100, 2, seed=2)
    X = np.column_stack([X, X[:, 0] + X[:, 1]])
    kept = exact_fit(X, y, TrainingSettings())
    assert kept.reference is None and "linearly dependent" in kept.error
    assert train(X, y, TrainingSettings(iterations=10), exact=kept).reference_error == kept.error
