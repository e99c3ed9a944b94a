"""The creation form of /contribuer/: a new structure, the networks it belongs to, look-alikes first."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.contributions.forms import CreationForm
from maillage.contributions.reference_forms import suggestions
from maillage.contributions.references import resolve_structure
from maillage.search.params import is_ascii_digits
from maillage.structures.distinct import look_alikes
from maillage.structures.enums import StructureKind
from maillage.structures.models import Structure

MAX_NETWORK_BOXES = 40


class ProposalForm(CreationForm):
    """The creation form of /contribuer/: the networks one belongs to, and look-alikes checked first."""

    networks = forms.MultipleChoiceField(
        label="Réseaux et fédérations dont la structure est adhérente",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
        help_text="Chaque réseau confirmera votre adhésion avant qu'elle ne paraisse comme telle.",
    )
    other_network = forms.CharField(
        label="Autre réseau (facultatif)",
        max_length=300,
        required=False,
        help_text="Son nom, tel qu'il figure dans l'annuaire ; accents et majuscules ne comptent pas.",
    )
    not_same = forms.BooleanField(
        label="Ce n'est pas la même structure : je propose bien une nouvelle fiche",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.look_alikes: list[Structure] = []
        self.known_networks = {s.slug: s for s in network_choices()}
        field = self.fields["networks"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 (declared just above)
        field.choices = [(slug, s.name) for slug, s in self.known_networks.items()]
        self.fields["other_network"].widget.attrs.update(
            suggestions("contributions:structure_options", "other-network-options")
        )

    def clean_other_network(self) -> Structure | None:
        if not self.cleaned_data["other_network"].strip() and not self.data.get("other_network_choice"):
            return None
        return self.resolved("other_network", resolve_structure)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        name, commune, siret = data.get("name"), data.get("commune"), data.get("siret")
        if name and commune is not None and siret:
            self.look_alikes = look_alikes(name=name, commune_id=commune.pk, siret=siret)
        seen = {
            int(pk)
            for pk in str(self.data.get("look_alikes_seen", "")).split(",")[:20]
            if is_ascii_digits(pk[:12])
        }
        if self.look_alikes and not (data.get("not_same") and self.look_alike_ids() <= seen):
            self.add_error(
                "not_same",
                "Une fiche de l'annuaire ressemble à celle-ci (même nom ou SIREN dans la même commune) : "
                "revendiquez-la si c'est la vôtre, sinon cochez « Ce n'est pas la même structure ».",
            )
        return data

    def look_alike_ids(self) -> set[int]:
        return {s.pk for s in self.look_alikes}

    def declared_networks(self) -> list[Structure]:
        """Return the networks the structure says it belongs to: those ticked and the one typed."""
        chosen = [self.known_networks[slug] for slug in self.cleaned_data.get("networks", [])]
        other = self.cleaned_data.get("other_network")
        return [*chosen, other] if other is not None and other not in chosen else chosen


def network_choices() -> list[Structure]:
    """Return the networks and federations offered as boxes to tick (others are typed)."""
    return list(
        Structure.objects.published()
        .filter(kind=StructureKind.NETWORK)
        .only("pk", "slug", "name")
        .order_by("name")[:MAX_NETWORK_BOXES]
    )
