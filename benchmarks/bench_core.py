"""Core speed, as ratios measured in one run on this machine.

1. One gradient-descent step (loss, gradient and accuracy from loss_gradient, plus the
   update) on 1,000,000 x 20 float64, divided by one `X @ w` on the same X: the time to
   read X from memory once, the floor for any full-batch step.
2. fit_newton on 100,000 x 20, divided by scikit-learn's LogisticRegression (lbfgs,
   unpenalised with C=inf) on the same data, with the largest coefficient difference.

Run: .venv/bin/python benchmarks/bench_core.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from logreg_core import fit_newton, gradient_descent  # noqa: E402

REPEATS = 15


def median_seconds(function, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def logistic_data(n: int, m: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, m))
    w = rng.standard_normal(m) * 0.5
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-(X @ w + 0.2)))).astype(np.float64)
    return X, y


def bench_descent_step() -> None:
    X, y = logistic_data(1_000_000, 20, seed=0)
    w = np.random.default_rng(1).standard_normal(20) * 0.1
    floor = median_seconds(lambda: X @ w)
    # iterations=1 evaluates the start and the point after one update: two passes; the
    # per-step cost is the difference between 2 and 1 updates.
    one = median_seconds(lambda: gradient_descent(X, y, learning_rate=0.1, iterations=1, w0=w), 7)
    two = median_seconds(lambda: gradient_descent(X, y, learning_rate=0.1, iterations=2, w0=w), 7)
    step = two - one

    def naive_step():
        z = X @ w + 0.1
        p = 1.0 / (1.0 + np.exp(-z))
        loss = np.mean(np.logaddexp(0.0, z) - y * z)
        return loss, X.T @ (p - y) / y.size

    naive = median_seconds(naive_step, 7)
    print(f"gradient descent step, 1,000,000 x 20: {step * 1e3:.1f} ms; X @ w: {floor * 1e3:.1f} ms")
    print(f"  ratio step / (X @ w) = {step / floor:.2f}   (target <= 2.0)")
    print(f"  a naive step (X @ w, sigmoid, loss, X.T @ r) in the same run: {naive / floor:.2f}")


def bench_newton() -> None:
    from sklearn.linear_model import LogisticRegression

    X, y = logistic_data(100_000, 20, seed=2)
    ours = fit_newton(X, y)
    # lbfgs stops at its default tolerance, so the coefficients are compared with a
    # scikit-learn fit run to convergence.
    reference = LogisticRegression(C=np.inf, solver="newton-cholesky", tol=1e-12, max_iter=1000).fit(X, y)
    ours_time = median_seconds(lambda: fit_newton(X, y), 7)
    reference_time = median_seconds(lambda: LogisticRegression(C=np.inf, max_iter=1000).fit(X, y), 7)
    difference = max(
        float(np.max(np.abs(ours.coef - reference.coef_[0]))),
        abs(ours.intercept - float(reference.intercept_[0])),
    )
    print(
        f"fit_newton, 100,000 x 20: {ours_time * 1e3:.0f} ms ({ours.n_iter} steps); "
        f"scikit-learn lbfgs: {reference_time * 1e3:.0f} ms"
    )
    print(f"  ratio fit_newton / lbfgs = {ours_time / reference_time:.2f}   (target <= 1.0)")
    print(f"  largest coefficient difference from scikit-learn run to convergence = {difference:.1e}   (target < 1e-6)")


if __name__ == "__main__":
    bench_descent_step()
    bench_newton()
