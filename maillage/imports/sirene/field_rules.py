"""Which structure fields SIRENE owns, fills when empty, and refreshes whoever set the others."""

from __future__ import annotations

SOURCE_LABEL = "Répertoire SIRENE des entreprises et de leurs établissements (INSEE)"
SOURCE_URL = "https://annuaire-entreprises.data.gouv.fr/etablissement/{siret}"
# Fields SIRENE owns on the structures it wrote.
SIRENE_FIELDS = (
    "name",
    "acronym",
    "siret",
    "siren",
    "legal_category_code",
    "legal_category_label",
    "ess_family",
    "is_ess",
    "naf_code",
    "naf_label",
    "street",
    "postal_code",
    "commune_id",
    "latitude",
    "longitude",
    "founded_on",
    "founded_on_precision",
    "is_active",
    "closed_on",
    "source_date",
    "source_label",
    "source_url",
    "headcount_band",
    "headcount_year",
)
ADDRESS_FIELDS = ("street", "postal_code", "commune_id", "latitude", "longitude")
# Filled on a structure entered by hand or by a network only when empty there.
FILLABLE_FIELDS = ("acronym", "siren", "naf_code", "naf_label", "founded_on")
WRITTEN_FIELDS = [
    *(f.removesuffix("_id") for f in SIRENE_FIELDS),
    "slug",
    "search_text",
    "search_name",
    "search_document",
    "field_sources",
    "withdrawn_at",
    "withdrawn_reason",
    "updated_at",
]
# Fields describing the document, refreshed whoever set the others.
DOCUMENT_FIELDS = frozenset({"source_date", "source_label", "source_url"})
