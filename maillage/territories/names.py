"""Territory names in sentences: "de la Loire", "du Rhône", "d'Auvergne-Rhône-Alpes", "la France"."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from django.conf import settings

from maillage import french
from maillage.french import Article
from maillage.territories.enums import FRANCE_ID


@cache
def cog_articles() -> dict[str, Article]:
    """Read the COG's name type (`typeLiaison`) of every région and département from the installed package.

    Communes are left out on purpose: their COG name carries its article ("Le Havre"), which
    `french.article_of_name` reads, and their file weighs megabytes.
    """
    articles: dict[str, Article] = {}
    data_dir = settings.DECOUPAGE_ADMINISTRATIF_DIR / "data"
    for prefix, name in (("REG", "regions"), ("DEP", "departements")):
        path = data_dir / f"{name}.json"
        if not path.exists():  # no package: names fall back to their own reading
            continue
        for row in json.loads(path.read_text(encoding="utf-8")):
            if row.get("typeLiaison") is not None:
                articles[f"{prefix}-{row['code']}"] = Article(int(row["typeLiaison"]))
    return articles


def territory_article(territory: Any) -> Article:
    """Return the article a territory's name takes: the COG's when it has one, else read from the name."""
    territory_id = getattr(territory, "id", "")
    if territory_id == FRANCE_ID:
        return Article.LA
    article = cog_articles().get(territory_id)
    return article if article is not None else french.article_of_name(territory.name)


def of_territory(territory: Any) -> str:
    """Return "de la Loire", "du Rhône", "d'Auvergne-Rhône-Alpes", "de Saint-Étienne", "de la France"."""
    return french.of(territory.name, territory_article(territory))


def territory_with_article(territory: Any) -> str:
    """Return "la Loire", "le Rhône", "l'Ain", "Auvergne-Rhône-Alpes", "la France"."""
    return french.with_article(territory.name, territory_article(territory))
