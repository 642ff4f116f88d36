"""The three kinds of logistic regression as families over raw scores.

A family knows, for one observation's raw score(s) and its class, the loss (minus the
log-likelihood), its derivatives, the class probabilities and the intercept-only (null)
model. Solvers never see a family directly: :mod:`logreg_core.objective` combines a family
with a design matrix, a parameter layout and the L2 penalty.

- :mod:`.binomial`: two classes, one score :math:`z`, :math:`P(y=1) = \\sigma(z)`.
- :mod:`.multinomial`: K unordered classes, a score per class against a reference class,
  :math:`P(y=k) = \\operatorname{softmax}(z)_k`.
- :mod:`.ordinal`: K ordered classes, one score :math:`\\eta = x\\cdot\\beta` and K - 1
  cut-points, :math:`P(y \\le j) = \\sigma(\\theta_j - \\eta)` (proportional odds).
"""

from . import binomial, multinomial, ordinal
from .base import FamilyKind, null_log_likelihood

__all__ = ["FamilyKind", "binomial", "multinomial", "null_log_likelihood", "ordinal"]
