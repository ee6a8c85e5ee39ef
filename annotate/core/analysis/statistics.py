"""Agreement statistics over a coders-by-units table of nominal values (whole numbers).

Krippendorff's alpha comes from the ``krippendorff`` package (Santiago Castro's implementation,
the one reviewers cite); Cohen's kappa (two coders), Fleiss' kappa (three or more) and percentage
agreement are their textbook formulas.
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
    """Cohen's kappa of two coders' values (whole numbers 0 and up) on the same units: (p_o - p_e) / (1 - p_e).

    p_o is the share of units on which they agree; p_e the agreement expected by chance from each
    coder's own proportions of each value.
    """
    if len(first) == 0:
        return None
    observed = float(np.mean(first == second))
    # Values are small non-negative whole numbers (category ids): count them directly.
    size = int(max(first.max(), second.max())) + 1
    first_counts = np.bincount(first, minlength=size) / len(first)
    second_counts = np.bincount(second, minlength=size) / len(second)
    expected = float(np.dot(first_counts, second_counts))
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(values: np.ndarray) -> float | None:
    """Fleiss' kappa of three or more coders (rows) who each coded every unit (columns): (P - P_e) / (1 - P_e).

    P is the mean, over units, of the share of coder pairs that agree on the unit; P_e the chance of
    that from the share of all values given to each category.
    """
    coders, units = values.shape
    if units == 0 or coders < 2:
        return None
    # Pairs of coders rather than a units-by-values table: a few coders, but maybe millions of units.
    agreeing = sum(np.count_nonzero(values[first] == values[second]) for first in range(coders) for second in range(first + 1, coders))
    observed = agreeing / (units * coders * (coders - 1) / 2)
    shares = np.bincount(values.ravel()) / (units * coders)
    expected = float(np.dot(shares, shares))
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


# The krippendorff package builds dense units x values x values arrays; above this many cells
# (about 160 MB of floats) the same coincidence matrix is counted here instead.
PACKAGE_CELLS = 20_000_000


def krippendorff_alpha(values: np.ndarray, package_cells: int = PACKAGE_CELLS) -> float | None:
    """Krippendorff's alpha, nominal, for two or more coders (rows) over the units (columns, whole numbers 0 and up).

    Every coder codes every unit here. The ``krippendorff`` package computes it from value counts
    (units by values); the units on which all coders agree are merged into one row per value first,
    which leaves the coincidence matrix, and so alpha, exactly as it was (such a unit adds only its
    coder count to its value's diagonal cell, and so does a merged row). When the disputed units
    times the values squared still exceed ``package_cells``, the coincidence matrix is counted pair
    by pair instead and alpha taken from it by the textbook formula (the tests hold the two equal).
    """
    import krippendorff

    if values.shape[1] == 0:
        return None
    # Values are small non-negative whole numbers (category ids): renumber those present 0..V-1.
    present = np.bincount(values.ravel())
    domain = np.flatnonzero(present)
    if len(domain) < 2:
        return None
    renumber = np.zeros(len(present), dtype=np.int64)
    renumber[domain] = np.arange(len(domain))
    coders, units = values.shape
    codes = renumber[values]
    agreed = np.all(codes == codes[0], axis=0)
    disputed = codes[:, ~agreed]
    if disputed.shape[1] * len(domain) ** 2 > package_cells:
        return _alpha_from_coincidences(_coincidences(codes, len(domain)))
    counts = np.zeros((disputed.shape[1], len(domain)), dtype=np.int64)
    for row in disputed:
        counts[np.arange(disputed.shape[1]), row] += 1
    merged = np.diag(np.bincount(codes[0, agreed], minlength=len(domain)) * coders)
    merged = merged[merged.sum(axis=1) > 0]
    value_counts = np.vstack([counts, merged])
    return float(krippendorff.alpha(value_counts=value_counts, level_of_measurement="nominal"))


def _coincidences(codes: np.ndarray, domain_size: int) -> np.ndarray:
    # Each unit adds 1/(m-1) to o[c, k] for every ordered pair of its m coders' values c and k.
    coders = codes.shape[0]
    pairs = np.zeros(domain_size * domain_size, dtype=np.float64)
    for first in range(coders):
        for second in range(coders):
            if first != second:
                pairs += np.bincount(codes[first] * domain_size + codes[second], minlength=domain_size * domain_size)
    return pairs.reshape(domain_size, domain_size) / (coders - 1)


def _alpha_from_coincidences(coincidences: np.ndarray) -> float | None:
    # Nominal alpha: 1 - (n - 1) * (disagreeing coincidences) / (pairs of values that differ by chance).
    totals = coincidences.sum(axis=1)
    pairable = totals.sum()
    expected = pairable**2 - float(np.sum(totals**2))
    if expected <= 0:
        return None
    observed = pairable - float(np.trace(coincidences))
    return 1.0 - (pairable - 1) * observed / expected
