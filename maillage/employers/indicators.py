"""The observatory's indicator of employer groups: groups, shared positions and the members they serve."""

from __future__ import annotations

from maillage.employers.models import PlannedShare, SharedPosition, WorkedTime
from maillage.observatory.features import FeatureIndicator, secret_counts
from maillage.structures.models import Structure
from maillage.territories.models import Territory


def shared_positions(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the groups based in the territory, their current positions, and the members those serve."""
    positions = SharedPosition.objects.filter(
        withdrawn_at__isnull=True, group__commune__container_links__territory_id=territory.pk
    )
    # Only ids and counts are read: the employee's name (personal data) never leaves the table.
    position_ids = positions.values("pk")
    members = Structure.objects.filter(
        pk__in=PlannedShare.objects.filter(position_id__in=position_ids).values("member_id")
    ) | Structure.objects.filter(
        pk__in=WorkedTime.objects.filter(position_id__in=position_ids).values("member_id")
    )
    return secret_counts(
        [
            ("groups", "Groupements d'employeurs", positions.values("group_id").distinct().count()),
            ("positions", "Postes partagés", positions.count()),
            ("members", "Structures membres servies", members.distinct().count()),
        ]
    )


SHARED_POSITIONS = FeatureIndicator(
    key="shared_positions",
    label="Groupements d'employeurs, postes partagés et membres servis",
    definition=(
        "Nombre de groupements d'employeurs dont la commune est dans le territoire et qui emploient au "
        "moins un poste partagé non retiré à la date du calcul ; nombre de ces postes ; nombre de "
        "structures membres auxquelles ces postes sont répartis (au plan ou au temps réellement "
        "travaillé, chaque structure comptée une fois, où qu'elle soit). Calculé à la demande : ni le "
        "nom des personnes salariées ni les coûts ne sont lus. Secret statistique : un nombre de 1 à 4 "
        "n'est pas publié."
    ),
    unit="groupements, postes ou structures",
    source="Groupements d'employeurs sur maillage (saisies des groupements)",
    breakdown_label="nature",
    compute=shared_positions,
)
