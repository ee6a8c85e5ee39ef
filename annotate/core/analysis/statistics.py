"""Agreement statistics over a coders-by-units table of nominal values (whole numbers).

Krippendorff's alpha comes from the ``krippendorff`` package (Santiago Castro's implementation,
the one reviewers cite); Cohen's kappa and percentage agreement are their textbook formulas.
A statistic that is undefined (every value the same, so chance agreement is already perfect) is None.
"""

from __future__ import annotations

import numpy as np


def percent_agreement(values: np.ndarray) -> float | None:
    """The share of units (columns) on which every coder (row) gave the same value."""
    if values.shape[1] == 0:
        return None
    return float(np.mean(np.all(values == values[0], axis=0)))


def cohen_kappa(first: np.ndarray, second: np.ndarray) -> float | None:
    """Cohen's kappa of two coders' values on the same units: (p_o - p_e) / (1 - p_e).

    p_o is the share of units on which they agree; p_e the agreement expected by chance from each
    coder's own proportions of each value.
    """
    if len(first) == 0:
        return None
    observed = float(np.mean(first == second))
    values, inverse = np.unique(np.concatenate([first, second]), return_inverse=True)
    first_counts = np.bincount(inverse[: len(first)], minlength=len(values)) / len(first)
    second_counts = np.bincount(inverse[len(first) :], minlength=len(values)) / len(second)
    expected = float(np.dot(first_counts, second_counts))
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(values: np.ndarray) -> float | None:
    """Krippendorff's alpha, nominal, for two or more coders (rows) over the units (columns)."""
    import krippendorff

    if values.shape[1] == 0 or len(np.unique(values)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=values.astype(float), level_of_measurement="nominal"))
