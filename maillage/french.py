"""French grammar for generated sentences: articles, elision, contraction with "de", plurals.

The articles follow the "type de nom en clair" (TNCC) of INSEE's Code officiel géographique, whose
documentation gives for each type the article and the "charnière" that joins the name to "de":

    TNCC  article  charnière     example
    0     —        de            de Paris, de Mayotte
    1     —        d'            d'Auvergne-Rhône-Alpes, d'Eure-et-Loir
    2     le       du            du Rhône, du Grand Est
    3     la       de la         de la Loire, de la Guadeloupe
    4     les      des           des Hauts-de-Seine, des Pays de la Loire
    5     l'       de l'         de l'Ain, de l'Hérault
    6     aux      des           (communes only)
    7     las      de las        (communes only)
    8     los      de los        (communes only)

Names whose article is unknown (structures, intercommunalities, communes, whose COG name carries the
article: "Le Havre") get it from the name itself: see `article_of_name`.
"""

from __future__ import annotations

import unicodedata
from enum import IntEnum

from django.utils.formats import number_format


class Article(IntEnum):
    """The COG's "type de nom en clair": which article a name takes."""

    NONE = 0
    NONE_ELIDED = 1
    LE = 2
    LA = 3
    LES = 4
    L = 5
    AUX = 6
    LAS = 7
    LOS = 8


_ARTICLE = {
    Article.NONE: "",
    Article.NONE_ELIDED: "",
    Article.LE: "le ",
    Article.LA: "la ",
    Article.LES: "les ",
    Article.L: "l'",
    Article.AUX: "aux ",
    Article.LAS: "las ",
    Article.LOS: "los ",
}
_OF = {
    Article.NONE: "de ",
    Article.NONE_ELIDED: "d'",
    Article.LE: "du ",
    Article.LA: "de la ",
    Article.LES: "des ",
    Article.L: "de l'",
    Article.AUX: "des ",
    Article.LAS: "de las ",
    Article.LOS: "de los ",
}

# Common nouns that open the names of organisations ("Fédération des scènes de jazz"): such a name takes
# the noun's article ("de la Fédération…"). Their gender, and whether they begin with a vowel sound.
_LEADING_NOUNS = {
    "agence": Article.L,
    "association": Article.L,
    "caisse": Article.LA,
    "centre": Article.LE,
    "chambre": Article.LA,
    "collectif": Article.LE,
    "comité": Article.LE,
    "communauté": Article.LA,
    "compagnie": Article.LA,
    "conseil": Article.LE,
    "coopérative": Article.LA,
    "coordination": Article.LA,
    "établissement": Article.L,
    "fédération": Article.LA,
    "festival": Article.LE,
    "fondation": Article.LA,
    "groupe": Article.LE,
    "groupement": Article.LE,
    "institut": Article.L,
    "maison": Article.LA,
    "métropole": Article.LA,
    "ministère": Article.LE,
    "mouvement": Article.LE,
    "musée": Article.LE,
    "office": Article.L,
    "pôle": Article.LE,
    "région": Article.LA,
    "réseau": Article.LE,
    "scène": Article.LA,
    "société": Article.LA,
    "syndicat": Article.LE,
    "théâtre": Article.LE,
    "union": Article.L,
    "ville": Article.LA,
}
_VOWELS = set("aeiouy")
_APOSTROPHES = ("'", "\N{RIGHT SINGLE QUOTATION MARK}")


def _starts_with_vowel(name: str) -> bool:
    """Tell whether a name elides "de": it opens with a vowel (accents ignored), never with "Y" + vowel."""
    folded = unicodedata.normalize("NFKD", name[:2]).encode("ascii", "ignore").decode().lower()
    if not folded or folded[0] not in _VOWELS:
        return False
    # "Yes", "Yonne": a "y" before a vowel is a consonant ("de Yes High Tech", "de l'Yonne" is TNCC's job).
    return not (folded[0] == "y" and len(folded) > 1 and folded[1] in _VOWELS)


def _split_leading_article(name: str) -> tuple[str, str]:
    """Split "Le Fil" into ("Le", "Fil"), "L'Usine" into ("L'", "Usine"); ("", name) without article."""
    for apostrophe in _APOSTROPHES:
        if name[:2].lower() == "l" + apostrophe:
            return name[:2], name[2:]
    first, _, rest = name.partition(" ")
    if first.lower() in ("le", "la", "les", "aux", "las", "los") and rest:
        return first, rest
    return "", name


def article_of_name(name: str) -> Article:
    """Guess a name's article from the name itself, for names the COG does not type."""
    article, _rest = _split_leading_article(name)
    if article:
        lowered = article.lower().rstrip("".join(_APOSTROPHES))
        return {"l": Article.L, "le": Article.LE, "la": Article.LA, "les": Article.LES}.get(
            lowered, {"aux": Article.AUX, "las": Article.LAS, "los": Article.LOS}.get(lowered, Article.NONE)
        )
    first_word = name.split(" ", 1)[0].split("-", 1)[0].lower()
    if first_word in _LEADING_NOUNS:
        return _LEADING_NOUNS[first_word]
    return Article.NONE_ELIDED if _starts_with_vowel(name) else Article.NONE


def _typed(name: str, article: Article) -> Article:
    # The COG types "Île de Clipperton" 0 although it opens with a vowel: elision is not optional.
    if article == Article.NONE and _starts_with_vowel(name):
        return Article.NONE_ELIDED
    return article


def with_article(name: str, article: Article | None = None) -> str:
    """Return the name with its article: "la Loire", "l'Ain", "les Hauts-de-Seine", "Le Fil", "Paris"."""
    if _split_leading_article(name)[0]:
        return name  # the name carries its article ("Le Fil", "Le Chambon-Feugerolles")
    if article is None:
        article = article_of_name(name)
    return _ARTICLE[_typed(name, article)] + name


def of(name: str, article: Article | None = None) -> str:
    """Join "de" to a name: "de la Loire", "du Rhône", "d'Auvergne-Rhône-Alpes", "du Fil", "de La Fabrique".

    When the name carries its own article, "Le" and "Les" contract ("du Fil", "des Noctambules") while
    "La" and "L'" stay as written ("de La Fabrique", "de L'Usine"), as French typography wants for
    proper names.
    """
    leading, rest = _split_leading_article(name)
    if leading:
        lowered = leading.lower()
        if lowered == "le":
            return "du " + rest
        if lowered in ("les", "aux"):
            return "des " + rest
        return "de " + name
    if article is None:
        article = article_of_name(name)
    return _OF[_typed(name, article)] + name


def plural_form(count: int | float | None, singular: str, plural: str | None = None) -> str:
    """Choose the word for a count: singular below two ("0 structure", "1 structure"), else plural."""
    if plural is None:
        plural = singular if singular.endswith(("s", "x", "z")) else singular + "s"
    return singular if count is not None and abs(count) < 2 else plural


def count_of(count: int | None, singular: str, plural: str | None = None) -> str:
    """Write a count with its noun, the number grouped the French way: "1 structure", "12 345 structures"."""
    number = number_format(count or 0, decimal_pos=0, use_l10n=True, force_grouping=True)
    return f"{number}\N{NO-BREAK SPACE}{plural_form(count or 0, singular, plural)}"
