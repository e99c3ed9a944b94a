"""Fold names into a search key that ignores case, accents and punctuation."""

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
# Ligatures NFKD leaves whole: "Œuvre" must be found by "oeuvre".
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})


def search_key(text: str) -> str:
    """Return text lowercased, without accents, with every run of punctuation or spaces as one space."""
    lowered = text.lower()
    if lowered.isascii():  # most names (SIRENE's are upper-case ASCII): nothing to decompose
        return _NON_WORD.sub(" ", lowered).strip()
    lowered = lowered.translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_only).strip()
