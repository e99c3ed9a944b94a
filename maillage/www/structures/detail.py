"""What a structure's page shows beyond its fields: relations both ways, joint acts, figures, JSON-LD."""

from __future__ import annotations

import datetime
import functools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from maillage.structures.dates import partial_date_display
from maillage.structures.enums import JOINT_ACT_KINDS, SYMMETRIC_KINDS, DatePrecision, RelationKind
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.selectors import joint_act_participants

# How a relation reads from its target: Le Fil is member_of Culture et Coopération, so Culture et
# Coopération "a pour membre" Le Fil. Symmetric kinds read the same both ways.
INVERSE_LABELS: dict[str, str] = {
    RelationKind.MEMBER_OF: "A pour membre",
    RelationKind.SHAREHOLDER_OF: "A pour sociétaire",
    RelationKind.FOUNDER_OF: "Fondé par",
    RelationKind.SUPPORTED_BY: "Soutient",
    RelationKind.STEERING_COMMITTEE_MEMBER_OF: "A dans son comité de pilotage",
}
# Escapes that keep JSON from closing a <script> element, as django.utils.html.json_script does.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_ISO_FORMATS = {DatePrecision.YEAR: "%Y", DatePrecision.MONTH: "%Y-%m", DatePrecision.DAY: "%Y-%m-%d"}


def structure_url(slug: str) -> str:
    return reverse("structures:detail", kwargs={"slug": slug})


@dataclass(frozen=True)
class LinkedRelation:
    """A relation as read from the page's structure: the other structure, dates, source."""

    other: Structure
    relation: Relation


@dataclass
class RelationGroup:
    label: str
    kind: str
    items: list[LinkedRelation] = field(default_factory=list)


@dataclass
class JointAct:
    """A convention signed or an event organised: the structure's relation and the other participants."""

    relation: Relation
    others: list[Structure]

    @property
    def title(self) -> str:
        """Return "Signataire de « Convention … » du 13 janvier 2015", as precise as the date is known."""
        act = self.relation.joint_act
        # An act whose name already quotes a title reads better without another pair of guillemets.
        title = (
            f"{self.relation.get_kind_display()} : {act}"
            if "«" in act
            else f"{self.relation.get_kind_display()} « {act} »"
        )
        period = self.relation.period_display()
        if not period:
            return title
        if period.startswith(("du ", "fin")):
            return f"{title} ({period})" if period.startswith("fin") else f"{title} {period}"
        link = "du" if self.relation.date_precision == DatePrecision.DAY else "de"
        return f"{title} {link} {period}"


def relation_groups(structure: Structure, relations: Iterable[Relation]) -> list[RelationGroup]:
    """Group the relations with another structure by how they read from this one, in kind order."""
    groups: dict[tuple[str, str], RelationGroup] = {}
    for relation in relations:
        if relation.kind in JOINT_ACT_KINDS or relation.target is None:
            continue
        outgoing = relation.source_id == structure.pk
        if outgoing or relation.kind in SYMMETRIC_KINDS:
            label = relation.get_kind_display()
            direction = "out"
        else:
            label = INVERSE_LABELS.get(relation.kind, f"{relation.get_kind_display()} (réciproque)")
            direction = "in"
        other = relation.target if outgoing else relation.source
        group = groups.setdefault((relation.kind, direction), RelationGroup(label, relation.kind))
        group.items.append(LinkedRelation(other, relation))
    order = {kind: position for position, kind in enumerate(RelationKind.values)}
    ordered = sorted(groups.items(), key=lambda item: (order.get(item[0][0], 99), item[0][1]))
    for _, group in ordered:
        group.items.sort(key=lambda item: item.other.name.lower())
    return [group for _, group in ordered]


def joint_acts(structure: Structure, relations: Iterable[Relation]) -> list[JointAct]:
    """Return the conventions and events the structure took part in, with the others, in one query."""
    own = [r for r in relations if r.kind in JOINT_ACT_KINDS and r.source_id == structure.pk]
    if not own:
        return []
    # One query for every act: the participants' querysets of each act, OR-ed together.
    participants = functools.reduce(operator.or_, (joint_act_participants(r) for r in own))
    by_act: dict[tuple[str, str, datetime.date | None], list[Structure]] = {}
    for participation in participants:
        key = (participation.kind, participation.joint_act, participation.start_date)
        by_act.setdefault(key, []).append(participation.source)
    acts = []
    for relation in sorted(own, key=lambda r: (r.start_date or datetime.date.min, r.joint_act)):
        key = (relation.kind, relation.joint_act, relation.start_date)
        others = [s for s in by_act.get(key, []) if s.pk != structure.pk]
        acts.append(JointAct(relation, sorted(others, key=lambda s: s.name.lower())))
    return acts


@dataclass
class FigureYear:
    year: int
    figures: list[KeyFigure]


def figures_by_year(figures: Iterable[KeyFigure]) -> list[FigureYear]:
    """Group key figures by year, the latest first, each year's figures in metric order."""
    years: dict[int, list[KeyFigure]] = {}
    for figure in figures:
        years.setdefault(figure.year, []).append(figure)
    return [
        FigureYear(year, sorted(years[year], key=lambda f: f.metric)) for year in sorted(years, reverse=True)
    ]


def current_networks(structure: Structure, relations: Iterable[Relation]) -> list[Structure]:
    """Return the structures this one is a current member of (Relation.is_current: confirmed, in force)."""
    return [
        r.target
        for r in relations
        if r.kind == RelationKind.MEMBER_OF and r.source_id == structure.pk and r.target and r.is_current()
    ]


def current_member_count(structure: Structure, relations: Iterable[Relation]) -> int:
    """Return how many structures are current members of this one."""
    return sum(
        1
        for r in relations
        if r.kind == RelationKind.MEMBER_OF and r.target_id == structure.pk and r.is_current()
    )


def map_point(structure: Structure) -> tuple[float, float, bool] | None:
    """Return (latitude, longitude, approximate): a structure without a point is at its commune's."""
    if structure.latitude is not None and structure.longitude is not None:
        return structure.latitude, structure.longitude, False
    commune = structure.commune
    if commune is not None and commune.latitude is not None and commune.longitude is not None:
        return commune.latitude, commune.longitude, True
    return None


def founded_display(structure: Structure) -> str:
    return partial_date_display(structure.founded_on, structure.founded_on_precision)


def json_ld(
    structure: Structure, *, page_url: str, networks: list[Structure], base_url: str
) -> dict[str, Any]:
    """Describe a structure as a schema.org Organization."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": page_url,
        "name": structure.name,
        "url": page_url,
    }
    alternate = [structure.acronym, *structure.other_names.splitlines()]
    if names := [n.strip() for n in alternate if n.strip()]:
        data["alternateName"] = names
    if structure.description:
        data["description"] = structure.description
    if structure.website:
        data["sameAs"] = [structure.website]
    if structure.email:
        data["email"] = structure.email
    if structure.phone:
        data["telephone"] = structure.phone
    if structure.commune_id or structure.street or structure.postal_code:
        address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": "FR"}
        if structure.street:
            address["streetAddress"] = structure.street
        if structure.postal_code:
            address["postalCode"] = structure.postal_code
        if structure.commune is not None:
            address["addressLocality"] = structure.commune.name
        data["address"] = address
    if structure.latitude is not None and structure.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": structure.latitude,
            "longitude": structure.longitude,
        }
    identifiers = [("SIRET", structure.siret), ("SIREN", structure.siren)]
    if found := [{"@type": "PropertyValue", "propertyID": k, "value": v} for k, v in identifiers if v]:
        data["identifier"] = found
    if structure.siret:
        data["taxID"] = structure.siret
    if networks:
        data["memberOf"] = [
            {"@type": "Organization", "name": n.name, "url": base_url + structure_url(n.slug)}
            for n in networks
        ]
    if structure.parent is not None:
        data["parentOrganization"] = {
            "@type": "Organization",
            "name": structure.parent.name,
            "url": base_url + structure_url(structure.parent.slug),
        }
    if structure.founded_on:
        data["foundingDate"] = structure.founded_on.strftime(
            _ISO_FORMATS.get(DatePrecision(structure.founded_on_precision), "%Y-%m-%d")
        )
    if structure.closed_on:
        data["dissolutionDate"] = structure.closed_on.isoformat()
    return data


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """Render JSON-LD in a <script> data block; `<`, `>` and `&` are escaped so no value can close it."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    # Safe: with those three characters escaped, the text cannot end the element nor open a tag.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
