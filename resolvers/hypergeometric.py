"""The hypergeometric upper tail P(X >= k), X ~ Hypergeometric(N, K, n), vectorised.

scipy's ``hypergeom.sf`` (Boost) costs about 50 us a table at the kit's N, most of an
enrichment request's CPU for the thousand or so tables of 200 study genes. Here every
table's tail is summed at once in numpy: the first term from log-gamma, the next ones by the
exact ratio of consecutive terms, summed away from the mode (the upper tail itself when k is
above the mean, one minus the lower tail otherwise) and only as far as terms can matter
(12 standard deviations). Agrees with scipy to about 1e-10 relative, tails of 1e-100 included
(tests/test_enrichment.py compares with goatools on the kit).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy.special import gammaln

FloatArray = npt.NDArray[np.float64]
# Tables summed at once: bounds the (tables x terms) arrays.
_BLOCK = 256


def _log_choose(a: FloatArray | float, b: FloatArray | float) -> FloatArray:
    return np.asarray(gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1), dtype=np.float64)


def upper_tails(
    study_counts: npt.NDArray[np.int64],
    background_counts: npt.NDArray[np.int64],
    study_size: int,
    universe_size: int,
) -> FloatArray:
    """P(X >= k) for each (k, K), with n = ``study_size`` and N = ``universe_size``."""
    k = study_counts.astype(np.float64)
    big_k = background_counts.astype(np.float64)
    n, big_n = float(study_size), float(universe_size)
    p_values = np.ones(len(k))
    lowest = np.maximum(0.0, n - (big_n - big_k))  # the support is lowest..min(n, K)
    highest = np.minimum(n, big_k)
    mean = n * big_k / big_n
    spread = np.sqrt(mean * (1 - big_k / big_n) * (big_n - n) / max(big_n - 1, 1))
    upper = (k > mean) & (k > lowest)
    lower = ~upper & (k > lowest)  # k <= lowest: P = 1
    for rows, summing_up in ((np.flatnonzero(upper), True), (np.flatnonzero(lower), False)):
        for block in range(0, len(rows), _BLOCK):
            r = rows[block : block + _BLOCK]
            kk, bk = k[r], big_k[r]
            other = big_n - bk[:, None] - n  # N - K - n
            start = kk if summing_up else kk - 1
            after = (highest[r] - start) if summing_up else (start - lowest[r])
            after = np.minimum(after, np.ceil(12 * spread[r] + 20))
            first = np.exp(
                _log_choose(bk, start) + _log_choose(big_n - bk, n - start) - _log_choose(big_n, n)
            )
            steps = int(after.max(initial=0))
            total = first
            if steps:
                j = np.arange(steps)
                if summing_up:  # pmf(x + 1) / pmf(x)
                    x = start[:, None] + j
                    ratio = (bk[:, None] - x) * (n - x) / ((x + 1) * (other + x + 1))
                else:  # pmf(x - 1) / pmf(x)
                    x = start[:, None] - j
                    ratio = x * (other + x) / ((bk[:, None] - x + 1) * (n - x + 1))
                ratio[j >= after[:, None]] = 0.0
                total = first * (1 + np.cumprod(ratio, axis=1).sum(axis=1))
            p_values[r] = total if summing_up else 1 - total
    return np.clip(p_values, 0.0, 1.0)
