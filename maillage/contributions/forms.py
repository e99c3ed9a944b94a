"""Forms of contributions: SIRET, a structure's profile, decisions, invitations and roles."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse

from maillage.accounts.uploads import validate_logo
from maillage.concurrency.forms import VersionField
from maillage.contributions.declarations import DECLARABLE_KINDS
from maillage.contributions.proposals import PROFILE_FIELDS
from maillage.contributions.reference_forms import ReferenceForm, suggestions
from maillage.contributions.references import commune_display, resolve_commune, resolve_structure
from maillage.memberships.enums import MemberRole
from maillage.search.numbers import parse_french_decimal
from maillage.search.params import is_ascii_digits
from maillage.structures.enums import Activity, EssFamily, Metric, StructureKind
from maillage.structures.legal_categories import LEGAL_CATEGORY_LABELS
from maillage.structures.models import Discipline, Structure
from maillage.structures.validators import compact_identifier, validate_siret
from maillage.territories.models import Territory

__all__ = ["commune_display", "resolve_commune", "resolve_structure"]  # kept here for the pages


MESSAGE_LENGTH = 2000


class SiretForm(forms.Form):
    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=30,
        help_text="Les 14 chiffres de l'établissement, espaces permis (par exemple 123 456 789 00012).",
        error_messages={"required": "Indiquez le numéro SIRET de la structure."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_siret(self) -> str:
        siret = compact_identifier(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret


class StructureClaimForm(forms.Form):
    """A claim of a record: only the message to the reviewers (the record is in the address)."""

    message = forms.CharField(
        label="Message aux personnes qui examineront la demande (facultatif)",
        help_text="Votre fonction dans la structure, de quoi vérifier votre lien avec elle.",
        required=False,
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(ReferenceForm):
    """The public profile of a structure; `values()` gives it as JSON-safe values."""

    name = forms.CharField(label="Nom", max_length=255, error_messages={"required": "Indiquez le nom."})
    acronym = forms.CharField(label="Sigle", max_length=50, required=False)
    description = forms.CharField(
        label="Présentation",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que fait la structure, pour qui, où : quelques phrases publiques.",
    )
    website = forms.URLField(
        label="Site web",
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Saisissez une adresse web complète, comme https://exemple.fr."},
    )
    email = forms.EmailField(
        label="Courriel de la structure",
        required=False,
        help_text="Une adresse générique (contact@…) : pas l'adresse d'une personne, elle serait publique.",
        error_messages={"invalid": "Saisissez une adresse électronique valide."},
    )
    phone = forms.CharField(
        label="Téléphone de la structure",
        max_length=30,
        required=False,
        help_text="Le standard, pas une ligne personnelle.",
        validators=[
            RegexValidator(
                r"^[\d\s+().-]*$", "Un numéro ne contient que des chiffres, espaces, +, ( ) . et -."
            )
        ],
    )
    street = forms.CharField(label="Adresse", max_length=255, required=False)
    postal_code = forms.CharField(
        label="Code postal",
        max_length=5,
        required=False,
        validators=[RegexValidator(r"^\d{5}$", "Un code postal compte 5 chiffres.")],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    commune = forms.CharField(
        label="Commune",
        max_length=120,
        required=False,
        help_text="Tapez le nom ou le code postal, puis choisissez dans les suggestions.",
    )
    kind = forms.ChoiceField(label="Type", choices=StructureKind.choices)
    legal_category_code = forms.ChoiceField(
        label="Forme juridique",
        required=False,
        choices=(),
        help_text="La catégorie juridique de l'INSEE ; SIRENE la donne pour les structures immatriculées.",
    )
    ess_family = forms.ChoiceField(
        label="Famille de l'ESS",
        required=False,
        choices=EssFamily.choices,
        initial=EssFamily.UNKNOWN,
        help_text="Déduite de la forme juridique quand elle le dit ; une SCIC ou une CAE se déclare ici.",
    )
    disciplines = forms.MultipleChoiceField(
        label="Disciplines", required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    activities = forms.MultipleChoiceField(
        label="Activités", required=False, widget=forms.CheckboxSelectMultiple, choices=Activity.choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        disciplines = Discipline.objects.select_related("parent")
        field = self.fields["disciplines"]
        assert isinstance(field, forms.MultipleChoiceField)  # noqa: S101 (declared just above)
        field.choices = [(d.slug, f"{d.parent.name} : {d.name}" if d.parent else d.name) for d in disciplines]
        legal = self.fields["legal_category_code"]
        assert isinstance(legal, forms.ChoiceField)  # noqa: S101 (declared above)
        known = sorted(
            ((code, f"{label} ({code})") for code, label in LEGAL_CATEGORY_LABELS.items()),
            key=lambda choice: choice[1],
        )
        # A code SIRENE gave that the directory has no label for stays selectable as it is.
        current = str(self.initial.get("legal_category_code") or "")
        unlabelled = (
            [(current, f"Code INSEE {current}")] if current and current not in LEGAL_CATEGORY_LABELS else []
        )
        legal.choices = [("", "Non renseignée"), *unlabelled, *known]
        # Suggestions as one types, through HTMX; without JavaScript a name or postal code is enough.
        self.fields["commune"].widget.attrs.update(
            suggestions("contributions:commune_options", "commune-options")
        )
        # The postal code typed narrows the commune's suggestions (hx-include) and fills it when alone.
        self.fields["commune"].widget.attrs["hx-include"] = "[name='postal_code']"
        self.fields["postal_code"].widget.attrs.update(
            {
                "hx-get": reverse("contributions:commune_for_postal_code"),
                "hx-trigger": "input changed delay:200ms",
                "hx-target": "#commune-from-postal-code",
                "hx-swap": "innerHTML",
                "aria-describedby": "commune-from-postal-code",
            }
        )

    def clean_ess_family(self) -> str:
        return self.cleaned_data["ess_family"] or EssFamily.UNKNOWN

    def clean_commune(self) -> Territory | None:
        text = self.cleaned_data["commune"]
        if not text.strip() and not self.data.get("commune_choice") and not isinstance(self, CreationForm):
            return None  # a record without a commune stays so until someone names it
        # Fields are cleaned in order: the postal code, just above, narrows the communes of a name.
        postal_code = self.cleaned_data.get("postal_code", "")
        return self.resolved("commune", lambda text, chosen: resolve_commune(text, postal_code, chosen))

    def values(self) -> dict[str, Any]:
        """Return the profile as JSON-safe values (a commune as its id, disciplines as slugs)."""
        data = self.cleaned_data
        values = {name: data[name] for name in PROFILE_FIELDS if name != "commune"}
        values["commune"] = data["commune"].pk if data["commune"] is not None else ""
        return values


class EditForm(ProfileForm):
    """A profile edit: a message for a proposal, a logo for a direct change."""

    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="PNG, JPEG ou WebP, 1 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    message = forms.CharField(
        label="Message aux modérateurs (facultatif)",
        help_text="D'où viennent ces informations, pourquoi elles changent.",
        required=False,
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    # The structure's version the form was filled from: a direct edit over a newer one is refused.
    version = VersionField()

    def __init__(self, *args: Any, direct: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A logo goes straight to the record; a proposal would have to keep a file nobody accepted yet.
        del self.fields["message" if direct else "logo"]

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        return validate_logo(logo) if logo else None


class CreationForm(ProfileForm):
    """A new structure's profile and SIRET, as proposed or as a moderator corrects it."""

    # Its own id: the SIRET lookup form above it on the page has "id_siret".
    siret = forms.CharField(widget=forms.HiddenInput(attrs={"id": "creation-siret"}))
    message = forms.CharField(
        label="Message aux modérateurs (facultatif)",
        help_text="Votre lien avec la structure, d'où viennent ces informations.",
        required=False,
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_siret(self) -> str:
        siret = compact_identifier(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_commune(self) -> Territory | None:
        commune = super().clean_commune()
        if commune is None:
            raise ValidationError("Indiquez la commune de la structure.")
        return commune

    def values(self) -> dict[str, Any]:
        return {**super().values(), "siret": self.cleaned_data["siret"]}


class RefusalForm(forms.Form):
    decision_message = forms.CharField(
        label="Message à l'auteur",
        help_text="Obligatoire : expliquez pourquoi la demande est refusée.",
        max_length=MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Expliquez votre refus à l'auteur de la demande."},
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne",
        error_messages={
            "required": "Indiquez l'adresse électronique de la personne à inviter.",
            "invalid": "Saisissez une adresse électronique valide.",
        },
    )
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices, initial=MemberRole.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=MemberRole.choices)


class RelationForm(ReferenceForm):
    kind = forms.ChoiceField(
        label="Type de relation",
        choices=[(kind.value, kind.label) for kind in DECLARABLE_KINDS],
    )
    target = forms.CharField(
        label="Structure liée",
        max_length=300,
        help_text="Son nom (accents et majuscules ne comptent pas), son SIRET ou l'adresse de sa fiche.",
        error_messages={"required": "Indiquez la structure liée."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.attrs.update(
            suggestions("contributions:structure_options", "target-options")
        )

    def clean_target(self) -> Structure:
        return self.resolved("target", resolve_structure)


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way: "45 000 €", "45 000,50", "1.200"."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # stubs type DecimalField as IntegerField
        if value in self.empty_values:
            return None
        try:
            return parse_french_decimal(str(value))
        except ValueError as error:
            raise forms.ValidationError(str(error), code="invalid") from error


class FigureForm(forms.Form):
    required_css_class = "required"
    year = forms.IntegerField(
        label="Année",
        min_value=1900,
        max_value=2100,
        # A text box like the others (no spinner), with the phone's digit keyboard.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": "4", "autocomplete": "off"}),
        error_messages={
            "required": "Indiquez l'année.",
            "invalid": "Une année s'écrit en chiffres, comme 2024.",
            "min_value": "Indiquez une année à partir de 1900.",
            "max_value": "Indiquez une année jusqu'à 2100.",
        },
    )
    # The declared figure being changed, if any: a new year or indicator replaces it rather than adding one.
    figure = forms.CharField(required=False, max_length=12, widget=forms.HiddenInput)
    metric = forms.ChoiceField(label="Indicateur", choices=Metric.choices)
    value = FrenchDecimalField(
        label="Valeur",
        min_value=0,
        max_digits=15,
        decimal_places=2,
        localize=True,
        help_text="En euros pour un budget ou un chiffre d'affaires (« 45 000 € »), en personnes sinon.",
        error_messages={"required": "Indiquez la valeur."},
    )

    def clean_figure(self) -> int | None:
        value = self.cleaned_data["figure"]
        return int(value) if value and is_ascii_digits(value) else None
