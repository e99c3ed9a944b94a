"""Statistical secrecy of published results: which groups and which cells to mask.

See `maillage.surveys.results` for the rules, and why each one.
"""

from __future__ import annotations


def masked_groups(sizes: dict[str, int], threshold: int) -> set[str]:
    """Return the groups to mask: those under the threshold, then the smallest others until the masked
    groups together hold no answer or at least `threshold` answers (secondary suppression)."""
    masked = {key for key, size in sizes.items() if size < threshold}
    while 0 < sum(sizes[key] for key in masked) < threshold:
        visible = [key for key in sizes if key not in masked]
        if not visible:
            break
        masked.add(min(visible, key=lambda key: (sizes[key], key)))
    return masked


def revealing(count: int, size: int) -> bool:
    """Tell whether a count of a group tells each member's answer: none of them, or all."""
    return count in (0, size)


def sensitive_cells(
    sizes: dict[str, int], counts: dict[str, int], *, small: int, hidden: tuple[int, int] | None = None
) -> set[str]:
    """Return the groups whose cell of one need to mask: the "none" or "all" of small groups, then others
    (the smallest first) until the masked cells together are neither none nor all of their answers.

    `hidden` is the (answers, count) of the masked groups together, which the total minus the visible
    groups gives away as well.
    """
    masked = {key for key, size in sizes.items() if size < small and revealing(counts[key], size)}
    while masked or hidden is not None:
        size = sum(sizes[key] for key in masked) + (hidden[0] if hidden else 0)
        count = sum(counts[key] for key in masked) + (hidden[1] if hidden else 0)
        if not revealing(count, size):
            break
        candidates = [key for key in sizes if key not in masked]
        if not candidates:
            break
        masked.add(min(candidates, key=lambda key: (sizes[key], key)))
    return masked
