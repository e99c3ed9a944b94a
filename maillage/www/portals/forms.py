"""The portal's settings form: records named by their short address, the logo checked on upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from maillage.accounts.uploads import validate_logo
from maillage.concurrency.forms import VersionField
from maillage.portals.enums import Colour, Section
from maillage.portals.models import Portal
from maillage.structures.models import Discipline, Structure
from maillage.territories.models import Territory
from maillage.territories.selectors import canonical_id

MAX_LISTED = 500


def _slugs(raw: str) -> list[str]:
    return list(dict.fromkeys(part.strip() for part in raw.replace(",", "\n").splitlines() if part.strip()))


class PortalForm(forms.Form):
    name = forms.CharField(label="Nom du portail", max_length=200)
    slug = forms.SlugField(label="Adresse courte (/portail/…/)", max_length=80)
    introduction = forms.CharField(
        label="Présentation", widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=4000
    )
    colour = forms.ChoiceField(label="Couleur (palette contrastée)", choices=Colour.choices)
    sections = forms.MultipleChoiceField(
        label="Rubriques affichées",
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    network = forms.CharField(
        label="Réseau : adresse courte (ses membres seulement)", max_length=120, required=False
    )
    territory = forms.CharField(label="Territoire : code (ex. DEP-42)", max_length=80, required=False)
    disciplines = forms.ModelMultipleChoiceField(
        label="Disciplines",
        queryset=Discipline.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    highlighted = forms.CharField(
        label="Structures mises en avant : une adresse courte par ligne",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    excluded = forms.CharField(
        label="Structures exclues : une adresse courte par ligne",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    custom_host = forms.CharField(
        label="Nom d'hôte dédié (facultatif, ex. annuaire.reseau.fr)", max_length=253, required=False
    )
    logo = forms.FileField(label="Logo (PNG, JPEG ou WebP)", required=False)
    remove_logo = forms.BooleanField(label="Retirer le logo", required=False)
    version = VersionField(required=False)

    def clean_network(self) -> Structure | None:
        slug = self.cleaned_data["network"].strip()
        if not slug:
            return None
        network = Structure.objects.published().filter(slug=slug).first()
        if network is None:
            raise ValidationError(f"Aucune structure publiée à l'adresse « {slug[:40]} ».")
        return network

    def clean_territory(self) -> Territory | None:
        raw = self.cleaned_data["territory"].strip()
        if not raw:
            return None
        territory = Territory.objects.filter(id=canonical_id(raw)).first()
        if territory is None:
            raise ValidationError(f"Territoire inconnu : « {raw[:40]} ».")
        return territory

    def _structures(self, name: str) -> list[Structure]:
        slugs = _slugs(self.cleaned_data[name])
        if len(slugs) > MAX_LISTED:
            raise ValidationError(f"{MAX_LISTED} structures au plus.")
        found = {s.slug: s for s in Structure.objects.filter(slug__in=slugs)}
        if missing := [s for s in slugs if s not in found]:
            raise ValidationError(f"Structure introuvable : « {missing[0][:60]} ».")
        return [found[s] for s in slugs]

    def clean_highlighted(self) -> list[Structure]:
        return self._structures("highlighted")

    def clean_excluded(self) -> list[Structure]:
        return self._structures("excluded")

    def clean_logo(self) -> Any:
        uploaded = self.cleaned_data.get("logo")
        return validate_logo(uploaded) if uploaded else None

    def service_fields(self) -> dict[str, Any]:
        """Return the cleaned values as the services take them."""
        data = self.cleaned_data
        fields = {
            k: data[k]
            for k in ("name", "colour", "introduction", "network", "territory", "sections", "custom_host")
        }
        if data.get("logo") is not None:
            fields["logo"] = data["logo"]
        elif data.get("remove_logo"):
            fields["logo"] = ""
        return fields


def initial_of(portal: Portal) -> dict[str, Any]:
    """Return the form's values for an existing portal."""
    return {
        "name": portal.name,
        "slug": portal.slug,
        "introduction": portal.introduction,
        "colour": portal.colour,
        "sections": portal.sections,
        "network": portal.network.slug if portal.network else "",
        "territory": portal.territory_id or "",
        "disciplines": list(portal.disciplines.all()),
        "highlighted": "\n".join(portal.highlighted.order_by("name").values_list("slug", flat=True)),
        "excluded": "\n".join(portal.excluded.order_by("name").values_list("slug", flat=True)),
        "custom_host": portal.custom_host or "",
        "version": portal.version,
    }
