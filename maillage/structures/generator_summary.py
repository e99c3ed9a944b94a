"""What a generation run made, described in French."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.generator_french import grouped


@dataclass
class GenerationSummary:
    seed: int
    structures: int = 0
    networks: int = 0
    memberships: int = 0
    discipline_links: int = 0
    activities: int = 0
    closed: int = 0
    families: Counter[str] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """Describe the run in French."""

        def shares(counter: Counter[str], labels: dict[str, str]) -> str:
            total = max(sum(counter.values()), 1)
            return ", ".join(
                f"{labels.get(key, key)} {100 * n / total:.1f} %" for key, n in counter.most_common()
            )

        return [
            f"Jeu généré (graine {self.seed}) : {grouped(self.structures)} structures "
            f"en {self.seconds:.1f} s",
            f"  Réseaux : {self.networks}, adhésions : {self.memberships}, fermées : {self.closed}",
            f"  Liens aux disciplines : {self.discipline_links}, activités : {self.activities}",
            f"  Familles : {shares(self.families, dict(EssFamily.choices))}",
            f"  Types : {shares(self.kinds, dict(StructureKind.choices))}",
        ]
