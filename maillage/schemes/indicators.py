"""The observatory's indicator of the catalogue: open schemes reaching a territory, by need answered."""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from maillage.observatory.features import FeatureIndicator
from maillage.schemes.enums import TagKind
from maillage.schemes.models import Scheme, SchemeTag
from maillage.schemes.needs import need_labels
from maillage.schemes.search import open_now, overlapping_territory
from maillage.territories.models import Territory

OPEN_SCHEMES = FeatureIndicator(
    key="open_schemes_by_need",
    label="Dispositifs ouverts par besoin",
    definition=(
        "Nombre de dispositifs publiés, ouverts à la date du calcul (ouverture passée ou non précisée, "
        "clôture à venir ou non précisée) et non retirés de leur source, dont la zone d'éligibilité "
        "contient le territoire ou y est contenue, hors ceux qui l'excluent en entier ; puis le même "
        "nombre pour chaque besoin du questionnaire des besoins auquel le dispositif déclare répondre "
        "(un dispositif répondant à deux besoins compte dans chacun). Calculé à la demande, non "
        "additionné commune par commune : un dispositif national compte une fois."
    ),
    unit="dispositifs",
    source=(
        "Catalogue des dispositifs de maillage (imports au schéma Etalab des dispositifs d'aide et saisies)"
    ),
    breakdown_label="besoin",
    compute=lambda territory: open_schemes_by_need(territory),
)


def open_schemes_by_need(territory: Territory) -> list[tuple[str, str, int]]:
    """Return the number of open schemes reaching the territory, then the number per need."""
    schemes = (
        Scheme.objects.visible().filter(open_now(timezone.now())).filter(overlapping_territory(territory))
    )
    total = schemes.count()
    counts = dict(
        SchemeTag.objects.filter(kind=TagKind.NEED, scheme_id__in=schemes.values("pk"))
        .values_list("value")
        .annotate(n=Count("scheme_id"))
        .values_list("value", "n")
    )
    labels = need_labels()
    return [("", "Tous besoins", total)] + [(key, label, counts.get(key, 0)) for key, label in labels.items()]
