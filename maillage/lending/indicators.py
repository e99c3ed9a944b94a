"""The observatory's indicators of equipment lending: items pooled in a territory, loans per year."""

from __future__ import annotations

from django.db.models import Count

from maillage.bookings.enums import ACCEPTED_STATES
from maillage.bookings.models import Booking
from maillage.lending.enums import Category
from maillage.lending.models import Item
from maillage.observatory.features import SECRECY_NOTE, FeatureIndicator, counts_by_year, secret_counts
from maillage.territories.models import Territory

SOURCE = "Matériel prêté entre structures sur maillage (saisies des structures qui prêtent)"


def pooled_items(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the items on offer whose lending structure lies in the territory, then per category."""
    items = Item.objects.filter(
        resource__withdrawn_at__isnull=True,
        resource__owner__commune__container_links__territory_id=territory.pk,
    )
    counts = dict(items.values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    rows = [("", "Toutes catégories", sum(counts.values()))]
    rows += [(key, label, counts.get(key, 0)) for key, label in Category.choices]
    return secret_counts(rows)


def loans_by_year(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the loans of items lent from the territory, then per year of their first day."""
    loans = Booking.objects.filter(
        resource__item__isnull=False,
        state__in=ACCEPTED_STATES,
        resource__owner__commune__container_links__territory_id=territory.pk,
    )
    return counts_by_year(loans, "start")


POOLED_ITEMS = FeatureIndicator(
    key="pooled_items_by_category",
    label="Matériel mutualisé par catégorie",
    definition=(
        "Nombre de matériels proposés au prêt entre structures, non retirés à la date du calcul, dont la "
        "structure qui prête a sa commune dans le territoire ; puis le même nombre par catégorie (son, "
        "lumière, vidéo…). Calculé à la demande. Aucune donnée personnelle : seuls les matériels sont "
        "comptés." + SECRECY_NOTE
    ),
    unit="matériels",
    source=SOURCE,
    breakdown_label="catégorie",
    compute=pooled_items,
)
LOANS_BY_YEAR = FeatureIndicator(
    key="loans_by_year",
    label="Prêts de matériel par année",
    definition=(
        "Nombre de prêts de matériel acceptés par la structure qui prête (puis remis, rendus ou clos ; "
        "hors demandes refusées ou annulées), dont la structure qui prête a sa commune dans le "
        "territoire ; puis le même nombre par année du premier jour du prêt. Un prêt passé directement "
        "d'un emprunteur au suivant compte deux prêts. Calculé à la demande, sans donnée personnelle."
        + SECRECY_NOTE
    ),
    unit="prêts",
    source=SOURCE,
    breakdown_label="année",
    compute=loans_by_year,
)
