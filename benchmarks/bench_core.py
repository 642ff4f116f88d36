"""Core speed, as ratios measured in one run on this machine.

1. One gradient-descent step (loss, gradient and accuracy, plus the update) on
   1,000,000 x 20 float64, for two classes (binomial) and four (multinomial), divided by
   one ``X @ W`` on the same X with W of the same width: the time to read X from memory
   once, the floor for any full-batch step.
2. The exact fit (Newton) against the reference implementations run to the same accuracy,
   with the largest coefficient difference:
   - binary, 100,000 x 20, against scikit-learn's lbfgs with tol=1e-10;
   - multinomial, 100,000 x 10, K = 5, against statsmodels' MNLogit (Newton);
   - ordinal, 100,000 x 10, K = 5, against statsmodels' OrderedModel (BFGS).
   Each reference is timed with BLAS's own threads and with one thread, and the faster
   counts (the core runs its products on one BLAS thread).

Run: .venv/bin/python benchmarks/bench_core.py   (``--fits``: only the exact fits of 2;
``--fits binary multinomial``: only those of them.)
"""

from __future__ import annotations

import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logreg_core import descend, fit_model, fit_newton  # noqa: E402
from logreg_core.blas import single_threaded_blas  # noqa: E402
from logreg_core.objective import Layout, Objective  # noqa: E402

REPEATS = 7
# Descent steps timed together (see bench_descent_steps).
STEPS = 5


def median_seconds(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def reference_seconds(function, repeats: int = REPEATS) -> float:
    """The reference at its best: the faster of BLAS's own threads and one thread.

    On a busy machine BLAS threads spin waiting for cores (scikit-learn's lbfgs took 1.1 s
    with them against 0.25 s with one thread under a load of 10 on 2 cores); the core
    itself runs its products on one BLAS thread, so the reference gets that choice too.
    """
    threaded = median_seconds(function, repeats)
    with single_threaded_blas():
        return min(threaded, median_seconds(function, repeats))


def logistic_data(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    w = rng.standard_normal(m) * 0.5
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ w + 0.2)))).astype(np.float64)
    return X, y


def multinomial_data(n: int, m: int, K: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    scores = X @ (rng.standard_normal((m, K)) * 0.4)
    # Gumbel-max draws a class with the softmax probabilities
    return X, np.argmax(scores + rng.gumbel(size=(n, K)), axis=1)


def ordinal_data(n: int, m: int, K: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    eta = X @ (rng.standard_normal(m) * 0.4)
    return X, np.digitize(eta + rng.logistic(size=n), np.linspace(-1.5, 1.5, K - 1))


def bench_descent_steps() -> None:
    X, y = logistic_data(1_000_000, 20, seed=0)
    codes = multinomial_data(1_000_000, 1, 4, seed=5)[1]
    for layout, labels in ((Layout("binomial", 20), y), (Layout("multinomial", 20, 4), codes)):
        objective = Objective(X, labels, layout)
        start = np.random.default_rng(1).standard_normal(layout.n_params) * 0.1
        width = layout.n_params // 21
        W = np.random.default_rng(2).standard_normal((20, width) if width > 1 else 20)
        # The floor is the faster of X @ W with BLAS's own threads and with one thread
        # (on a busy machine BLAS threads can spin waiting for cores).
        floor = median_seconds(lambda W=W: X @ W)
        with single_threaded_blas():
            floor = min(floor, median_seconds(lambda W=W: X @ W))
        # iterations=1 evaluates the start and the point after one update: two passes; the
        # per-step cost is the difference between 1 + STEPS and 1 updates, divided by STEPS
        # (a difference of two single steps drowns in the noise of a busy machine).
        one = median_seconds(lambda o=objective, s=start: descend(o, s, learning_rate=0.1, iterations=1), 5)
        more = median_seconds(
            lambda o=objective, s=start: descend(o, s, learning_rate=0.1, iterations=1 + STEPS), 5
        )
        step = (more - one) / STEPS
        K = layout.n_classes
        print(f"descent step, 1,000,000 x 20, K = {K}: {step * 1e3:.1f} ms; X @ W ({width} column(s)): {floor * 1e3:.1f} ms")
        print(f"  ratio step / (X @ W) = {step / floor:.2f}   (target <= 2.0)")


def bench_binary_fit() -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = logistic_data(100_000, 20, seed=2)
    ours = fit_newton(X, y)
    reference = LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y)
    ours_time = median_seconds(lambda: fit_newton(X, y))
    reference_time = reference_seconds(lambda: LogisticRegression(C=np.inf, tol=1e-10, max_iter=10_000).fit(X, y))
    difference = float(np.max(np.abs(ours.params - np.r_[reference.intercept_, reference.coef_[0]])))
    print(f"binary exact fit, 100,000 x 20: {ours_time * 1e3:.0f} ms ({ours.n_iter} Newton steps); "
          f"scikit-learn lbfgs tol=1e-10: {reference_time * 1e3:.0f} ms")
    print(f"  ratio = {ours_time / reference_time:.2f}   (target <= 0.5); largest coefficient difference "
          f"{difference:.1e}   (target < 1e-6)")


def bench_multinomial_fit() -> None:
    import statsmodels.api as sm

    X, codes = multinomial_data(100_000, 10, 5, seed=3)
    layout = Layout("multinomial", 10, 5)
    ours = fit_model(X, codes, layout)
    design = sm.add_constant(X)
    reference = sm.MNLogit(codes, design).fit(method="newton", tol=1e-10, maxiter=100, disp=False)
    ours_time = median_seconds(lambda: fit_model(X, codes, layout), 5)
    reference_time = reference_seconds(
        lambda: sm.MNLogit(codes, design).fit(method="newton", tol=1e-10, maxiter=100, disp=False), 3
    )
    difference = float(np.max(np.abs(ours.params - np.asarray(reference.params).T.ravel())))
    print(f"multinomial exact fit, 100,000 x 10, K = 5: {ours_time * 1e3:.0f} ms ({ours.n_iter} steps); "
          f"statsmodels MNLogit: {reference_time * 1e3:.0f} ms")
    print(f"  ratio = {ours_time / reference_time:.2f}   (target <= 0.5); largest coefficient difference "
          f"{difference:.1e}   (target < 1e-6)")


def bench_ordinal_fit() -> None:
    import pandas as pd
    from statsmodels.miscmodels.ordinal_model import OrderedModel
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    X, codes = ordinal_data(100_000, 10, 5, seed=4)
    layout = Layout("ordinal", 10, 5)
    ours = fit_model(X, codes, layout)
    endog = pd.Series(pd.Categorical(codes, categories=range(5), ordered=True))

    def reference_fit():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            return OrderedModel(endog, X, distr="logit").fit(method="bfgs", gtol=1e-8, maxiter=5000, disp=False)

    reference = reference_fit()
    ours_time = median_seconds(lambda: fit_model(X, codes, layout), 5)
    reference_time = reference_seconds(reference_fit, 1)
    params = np.asarray(reference.params)
    theirs = np.r_[params[:10], reference.model.transform_threshold_params(params)[1:-1]]
    difference = float(np.max(np.abs(ours.params - theirs)))
    print(f"ordinal exact fit, 100,000 x 10, K = 5: {ours_time * 1e3:.0f} ms ({ours.n_iter} steps); "
          f"statsmodels OrderedModel (BFGS): {reference_time * 1e3:.0f} ms")
    print(f"  ratio = {ours_time / reference_time:.2f}   (target <= 0.2); largest coefficient difference "
          f"{difference:.1e}   (target < 1e-6)")


if __name__ == "__main__":
    from logreg_core.loss import _kernels

    print("compiled kernels (Numba):", "yes" if _kernels() is not None else "no, the NumPy path")
    arguments = sys.argv[1:]
    fits = {"binary": bench_binary_fit, "multinomial": bench_multinomial_fit, "ordinal": bench_ordinal_fit}
    chosen = [name for name in arguments if name in fits] or list(fits)
    if "--fits" not in arguments:
        bench_descent_steps()
    for name in chosen:
        fits[name]()
