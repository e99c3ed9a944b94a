"""Turn French text into index terms: folded, stop words dropped, stemmed (théâtres → theatr)."""

from functools import cache, lru_cache
from typing import Any

from maillage.search.normalize import search_key

# Words too frequent in names to discriminate ("Culture et Coopération", "Maison de la culture").
STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "d",
        "de",
        "des",
        "du",
        "en",
        "et",
        "l",
        "la",
        "le",
        "les",
        "un",
        "une",
        "sur",
        "pour",
        "par",
        "dans",
        "avec",
        "ou",
        "s",
    ]
)


@cache
def _stemmer() -> Any:
    """Build the French stemmer on first use."""
    # snowballstemmer loads every language (200 ms): only indexing and searching need it, not start-up.
    import snowballstemmer  # noqa: PLC0415

    return snowballstemmer.stemmer("french")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Return the French stem of one folded word."""
    return str(_stemmer().stemWord(word))


def index_terms(text: str) -> list[str]:
    """Return the stemmed terms of a text, in order, stop words left out."""
    return [stem(word) for word in search_key(text).split() if word not in STOP_WORDS]


def query_terms(query: str) -> tuple[list[str], str | None]:
    """Return the whole-word terms of a query and the last word as typed, to match as a prefix.

    While someone types "cooperat", the last word is unfinished: its stem may not be the stem of the
    finished word, so it is matched as a prefix of the folded word as well as of the stem.
    """
    words = [w for w in search_key(query).split() if w not in STOP_WORDS]
    if not words:
        return [], None
    return [stem(w) for w in words[:-1]], words[-1]
