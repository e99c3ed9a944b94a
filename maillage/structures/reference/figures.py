"""Key figures of the reference dataset, exactly as the seed documents state them."""

from decimal import Decimal

from maillage.structures.enums import Metric
from maillage.structures.reference.schema import KeyFigureFact
from maillage.structures.reference.sources import C_ET_C, LABO_FICHE

# The Labo's page does not date its figures: the year is that of the page (2015), and the note says so.
# The same sentence already stood in its version of 2 April 2013, quoted by the resources page.
UNDATED = (
    "La fiche ne date pas ce chiffre : année de publication de la fiche retenue. "
    "La même phrase figurait déjà dans sa version du 2 avril 2013."
)

KEY_FIGURES = [
    KeyFigureFact(
        structure=C_ET_C,
        year=2015,
        metric=Metric.TURNOVER,
        value=Decimal(3_000_000),
        qualifier="plus de",
        note=f"Chiffre d'affaires annuel consolidé du regroupement. {UNDATED}",
        document=LABO_FICHE,
    ),
    KeyFigureFact(
        structure=C_ET_C,
        year=2015,
        metric=Metric.EMPLOYEES,
        value=Decimal(50),
        note=f"Salariés employés par le regroupement. {UNDATED}",
        document=LABO_FICHE,
    ),
    KeyFigureFact(
        structure=C_ET_C,
        year=2015,
        metric=Metric.INTERMITTENTS,
        value=Decimal(250),
        note=f"Intermittents employés par le regroupement. {UNDATED}",
        document=LABO_FICHE,
    ),
    KeyFigureFact(
        structure=C_ET_C,
        year=2010,
        metric=Metric.STRUCTURES_MEMBERS,
        value=Decimal(15),
        qualifier="une quinzaine",
        note=(
            "Entreprises et associations qui initient la démarche en 2010 et créent l'association en octobre."
        ),
        document=LABO_FICHE,
    ),
]
