"""What a structure declares beyond its profile: relations to others and key figures, as JSON-safe changes.

A proposal stores them beside the profile's fields:
    {"relations_add": [{"kind": "partner", "target": "<slug>"}],
     "relations_remove": [{"relation": 12, "kind": "partner", "target": "<slug>"}],
     "figures": [{"year": 2024, "metric": "budget", "value": "120000"}],
     "figures_remove": [{"figure": 7, "year": 2023, "metric": "budget", "value": "90000"}]}
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from maillage.contributions.consent import notify_declaration
from maillage.history.enums import Via
from maillage.memberships.rules import decides_membership_of
from maillage.structures.enums import Metric, RelationKind, RelationState
from maillage.structures.models import KeyFigure, Relation, Structure
from maillage.structures.relation_services import (
    key_figure_delete,
    key_figure_set,
    relation_create,
    relation_delete,
    relation_update,
)

# The relations a structure declares itself: the networks it belongs to, its partners, what it shares.
DECLARABLE_KINDS = (
    RelationKind.MEMBER_OF,
    RelationKind.PARTNER,
    RelationKind.POOLING_PREMISES,
    RelationKind.POOLING_STAFF,
    RelationKind.POOLING_EQUIPMENT,
)
DECLARATION_KEYS = frozenset({"relations_add", "relations_remove", "figures", "figures_remove"})
# The source a figure stated by the structure itself is recorded under.
FIGURE_SOURCE = "Déclaration de la structure"


def declared_relations(structure: Structure) -> list[Relation]:
    """Return the relations the structure declares, with their targets, whatever the networks decided."""
    return list(
        Relation.objects.filter(source=structure, kind__in=DECLARABLE_KINDS, target__isnull=False)
        .select_related("target")
        .order_by("kind", "target__name")
    )


def relation_addition(structure: Structure, kind: str, target: Structure) -> dict[str, Any]:
    """Return the change that adds a relation, once checked."""
    if kind not in DECLARABLE_KINDS:
        raise ValidationError({"kind": "Choisissez un type de relation de la liste."})
    if target.pk == structure.pk:
        raise ValidationError({"target": "Une structure ne peut pas être liée à elle-même."})
    # A refused membership may be declared again: it goes back to the network for a new decision.
    existing = Relation.objects.filter(kind=kind, source=structure, target=target).exclude(
        state=RelationState.REFUSED
    )
    if kind != RelationKind.MEMBER_OF:
        # Symmetric kinds read the same both ways: one row says it already.
        existing = existing | Relation.objects.filter(kind=kind, source=target, target=structure)
    if existing.exists():
        raise ValidationError({"target": "Cette relation figure déjà sur la fiche."})
    return {"relations_add": [{"kind": kind, "target": target.slug}]}


def relation_removal(relation: Relation) -> dict[str, Any]:
    """Return the change that removes a declared relation."""
    assert relation.target is not None  # noqa: S101 (declared relations have a target)
    return {
        "relations_remove": [{"relation": relation.pk, "kind": relation.kind, "target": relation.target.slug}]
    }


def figure_setting(year: int, metric: str, value: Decimal) -> dict[str, Any]:
    """Return the change that states a key figure of a year."""
    if metric not in Metric.values:
        raise ValidationError({"metric": "Choisissez un indicateur de la liste."})
    return {"figures": [{"year": int(year), "metric": metric, "value": str(value)}]}


def declared_figures(structure: Structure) -> list[KeyFigure]:
    """Return the figures the structure stated itself: those it may change or remove."""
    return list(structure.key_figures.filter(source_label=FIGURE_SOURCE).order_by("-year", "metric"))


def figure_removal(figure: KeyFigure) -> dict[str, Any]:
    """Return the change that removes a figure the structure stated (the history keeps it)."""
    if figure.source_label != FIGURE_SOURCE:
        raise ValidationError("Seuls les chiffres déclarés par la structure se retirent ici.")
    return {
        "figures_remove": [
            {"figure": figure.pk, "year": figure.year, "metric": figure.metric, "value": str(figure.value)}
        ]
    }


def declarations_apply(
    *,
    structure: Structure,
    declared: Mapping[str, Any],
    actor: Any,
    via: str = Via.DIRECT,
    comment: str = "",
    site_url: str = "",
) -> None:
    """Apply the declared changes through the directory's services, each recorded in the history.

    A membership of a network is only declared: the network's coordinators confirm it (contributions.consent),
    unless the person declaring it is one of those who decide for the network.
    """
    recorded = {"actor": actor, "via": via, "comment": comment}
    for item in declared.get("relations_add", []):
        target = Structure.objects.filter(slug=item["target"]).first()
        if target is None:
            raise ValidationError("La structure à lier n'existe plus : refusez cette proposition.")
        relation_addition(structure, item["kind"], target)
        if item["kind"] == RelationKind.MEMBER_OF:
            _declare_membership(structure, target, recorded, site_url)
        else:
            relation_create(source=structure, kind=item["kind"], target=target, **recorded)
    for item in declared.get("relations_remove", []):
        relation = Relation.objects.filter(pk=item["relation"], source=structure).first()
        if relation is not None:  # already removed: nothing left to do
            relation_delete(relation=relation, **recorded)
    for item in declared.get("figures", []):
        key_figure_set(
            structure=structure,
            year=int(item["year"]),
            metric=item["metric"],
            value=Decimal(item["value"]),
            source_label=FIGURE_SOURCE,
            **recorded,
        )
    for item in declared.get("figures_remove", []):
        figure = KeyFigure.objects.filter(
            pk=item["figure"], structure=structure, source_label=FIGURE_SOURCE
        ).first()
        if figure is not None:  # already removed: nothing left to do
            key_figure_delete(figure=figure, **recorded)


def _declare_membership(
    structure: Structure, network: Structure, recorded: dict[str, Any], site_url: str
) -> None:
    consents = decides_membership_of(recorded["actor"], network)
    state = RelationState.ACCEPTED if consents else RelationState.DECLARED
    refused = Relation.objects.filter(
        kind=RelationKind.MEMBER_OF, source=structure, target=network, state=RelationState.REFUSED
    ).first()
    if refused is not None:
        relation = relation_update(
            relation=refused, state=state, refusal_reason="", decided_by=None, decided_at=None, **recorded
        )
    else:
        relation = relation_create(
            source=structure, kind=RelationKind.MEMBER_OF, target=network, state=state, **recorded
        )
    if relation.state == RelationState.DECLARED:
        notify_declaration(relation, site_url=site_url)


def declaration_lines(declared: Mapping[str, Any], names: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Return (label, before, after) lines that say the declared changes; `names` maps slugs to names."""
    kinds = dict(RelationKind.choices)
    metrics = dict(Metric.choices)
    lines = []
    for item in declared.get("relations_add", []):
        lines.append(
            ("Relation ajoutée", "", f"{kinds.get(item['kind'], item['kind'])} {_name(item, names)}")
        )
    for item in declared.get("relations_remove", []):
        lines.append(
            ("Relation retirée", f"{kinds.get(item['kind'], item['kind'])} {_name(item, names)}", "")
        )
    for item in declared.get("figures", []):
        value = f"{Decimal(item['value']):,.0f}".replace(",", "\u202f")
        lines.append(
            (f"Chiffre clé {item['year']}", "", f"{metrics.get(item['metric'], item['metric'])} : {value}")
        )
    for item in declared.get("figures_remove", []):
        value = f"{Decimal(item['value']):,.0f}".replace(",", "\u202f")
        lines.append(
            (
                f"Chiffre clé {item['year']} retiré",
                f"{metrics.get(item['metric'], item['metric'])} : {value}",
                "",
            )
        )
    return lines


def _name(item: Mapping[str, Any], names: Mapping[str, str]) -> str:
    return f"« {names.get(item['target'], item['target'])} »"
