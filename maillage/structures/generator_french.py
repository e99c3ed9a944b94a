"""French phrasing of the generator: « de Lyon », « au Havre », 200 000, acronyms."""

from __future__ import annotations

from maillage.search.normalize import search_key

_VOWELS = frozenset("aeiouyhâàéèêëîïôöûüœAEIOUYHÂÀÉÈÊËÎÏÔÖÛÜŒ")


def de(name: str) -> str:
    """Return "de Lyon", "d'Angers", "du Havre", "des Sables-d'Olonne", "de la Rochelle"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name.startswith(("La ", "L'")):
        return "de " + name[0].lower() + name[1:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def a(name: str) -> str:
    """Return "à Lyon", "au Havre", "aux Mureaux", "à la Rochelle"."""
    if name.startswith("Le "):
        return "au " + name[3:]
    if name.startswith("Les "):
        return "aux " + name[4:]
    if name.startswith(("La ", "L'")):
        return "à " + name[0].lower() + name[1:]
    return "à " + name


def grouped(number: int) -> str:
    """Return 200 000 for 200000, as French readers group thousands."""
    return f"{number:,}".replace(",", " ")


def acronym_of(name: str) -> str:
    letters = [w[0] for w in search_key(name).split() if len(w) > 2 and w not in {"les", "des", "pour"}]
    return "".join(letters).upper()[:8] if len(letters) >= 2 else ""
