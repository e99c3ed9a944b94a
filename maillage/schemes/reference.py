"""Schemes of the reference data: only what the founding documents state, in their own words.

The convention of 13 January 2015 names an "axe d'accompagnement des structures au regard des services,
outils et dispositifs, notamment développés par les CRESS, le DLA, les réseaux d'économie solidaire et
leurs partenaires", the cooperation forms it supports and three solidarity-finance instruments. No
document states eligibility criteria: every typed criterion stays empty (unknown), and the eligibility
text says so. Real catalogues come in through the CSV import.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import transaction

from maillage.schemes.enums import AccompanimentFormat, Instrument, SchemeStatus, Variant
from maillage.schemes.models import Scheme
from maillage.schemes.services import scheme_create
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure

SOURCE = "Jeu de référence (documents fondateurs)"
# The convention's press release (seeds), the document every scheme below quotes.
CONVENTION = (
    "« Renforcer le secteur artistique et culturel de l'économie sociale et solidaire », communiqué de presse"
)
CONVENTION_DATE = datetime.date(2015, 1, 13)
NAMESPACE = uuid.UUID("6f1c2b8e-4c1d-4a53-9a57-2f0e6d7c1a10")
UNKNOWN_ELIGIBILITY = (
    "Les documents fondateurs ne précisent pas de critère d'éligibilité : renseignez-vous auprès du porteur."
)
AXIS = (
    "Un axe d'accompagnement des structures au regard des services, outils et dispositifs, notamment "
    "développés par les CRESS, le DLA, les réseaux d'économie solidaire et leurs partenaires."
)


@dataclass(frozen=True)
class SchemeFact:
    key: str
    title: str
    description: str
    porteurs: tuple[tuple[str, str, str], ...]  # (name, role, reference structure key or "")
    aid_types: tuple[str, ...] = ("accompagnement",)
    needs: tuple[str, ...] = ()
    instruments: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def uid(self) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, self.key)


SCHEMES = (
    SchemeFact(
        key="dla",
        title="Dispositif local d'accompagnement (DLA)",
        description=(
            f"{AXIS} Le CRDLA Culture s'est constitué en juillet 2004 pour apporter un appui au réseau des "
            "Dispositifs Locaux d'Accompagnement."
        ),
        porteurs=(("Dispositif local d'accompagnement (DLA)", "instructeur", ""),),
        formats=(AccompanimentFormat.DLA,),
    ),
    SchemeFact(
        key="crdla-culture",
        title="Centre de ressources culture du DLA (Opale / CRDLA Culture)",
        description=(
            "Opale/CRDLA Culture (Centre de Ressource Culture pour le Dispositif Local d'Accompagnement). "
            "Le CRDLA Culture s'est constitué en juillet 2004 pour apporter un appui au réseau des "
            "Dispositifs Locaux d'Accompagnement."
        ),
        porteurs=(("Opale / CRDLA Culture", "animateur", "opale"),),
        formats=(AccompanimentFormat.DLA,),
    ),
    SchemeFact(
        key="cress",
        title="Services, outils et dispositifs des CRESS",
        description=AXIS,
        porteurs=(
            (
                "Conseil national des chambres régionales de l'économie sociale et solidaire",
                "animateur",
                "cncres",
            ),
            (
                "Chambre régionale de l'économie sociale et solidaire Rhône-Alpes",
                "animateur",
                "cress-rhone-alpes",
            ),
        ),
    ),
    SchemeFact(
        key="cooperation",
        title="Accompagnement des démarches de coopération",
        description=(
            "L'accompagnement des démarches de coopération telles les lieux partagés, les Pôles Territoriaux "
            "de Coopération Economique (PTCE), les Sociétés coopératives d'intérêt collectif (SCIC)…"
        ),
        porteurs=(("Réseaux de l'économie solidaire et leurs partenaires", "animateur", ""),),
        needs=("cooperation", "locaux"),
    ),
    SchemeFact(
        key="fonction-employeur",
        title="Accompagnement de la fonction employeur",
        description=(
            "L'accompagnement de la fonction employeur et la mobilisation des outils dédiés à la formation "
            "et au développement des compétences."
        ),
        porteurs=(("Réseaux de l'économie solidaire et leurs partenaires", "animateur", ""),),
        needs=("emploi", "formation"),
    ),
    SchemeFact(
        key="finance-solidaire",
        title="Outils financiers solidaires",
        description=(
            "La construction et/ou le développement de l'accessibilité à des outils financiers solidaires "
            "(fonds de solidarité, emprunts éthiques, fonds de dotation…)."
        ),
        porteurs=(("Réseaux de l'économie solidaire et leurs partenaires", "financeur", ""),),
        aid_types=("financement",),
        needs=("financement",),
        instruments=(Instrument.SOLIDARITY_FUND, Instrument.ETHICAL_LOAN, Instrument.ENDOWMENT_FUND),
    ),
)


def load_reference_schemes(dry_run: bool = False) -> list[str]:
    """Create the reference schemes missing; never overwrite one (people may have completed it)."""
    existing = set(Scheme.objects.filter(uid__in=[f.uid for f in SCHEMES]).values_list("uid", flat=True))
    missing = [fact for fact in SCHEMES if fact.uid not in existing]
    if dry_run:
        return [f"Dispositifs de référence : {len(missing)} à créer, {len(existing)} déjà présents."]
    with transaction.atomic():
        for fact in missing:
            _create(fact)
    return [f"Dispositifs de référence : {len(missing)} créés, {len(existing)} déjà présents."]


def _create(fact: SchemeFact) -> Scheme:
    keys = {key for _, _, key in fact.porteurs if key}
    structures = {
        s.source_id: s for s in Structure.objects.filter(source=DataSource.REFERENCE_SEED, source_id__in=keys)
    }
    return scheme_create(
        actor=None,
        source=SOURCE,
        source_date=CONVENTION_DATE,
        provenance={"kind": "reference", "source": CONVENTION, "at": CONVENTION_DATE.isoformat()},
        uid=fact.uid,
        variant=Variant.BASE,
        title=fact.title,
        description=fact.description,
        eligibility=UNKNOWN_ELIGIBILITY,
        aid_types=list(fact.aid_types),
        targets=["associations", "professionnels"],
        geo_codes=["PAYS-99100"],
        source_updated_at=datetime.datetime.combine(CONVENTION_DATE, datetime.time(), tzinfo=datetime.UTC),
        needs=list(fact.needs),
        instruments=list(fact.instruments),
        formats=list(fact.formats),
        status=SchemeStatus.PUBLISHED,
        porteurs=[
            {"nom": name, "siren": "", "roles": [role], "structure": structures.get(key)}
            for name, role, key in fact.porteurs
        ],
    )
