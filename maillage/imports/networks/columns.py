"""Tell which column of a network's file feeds which field of a structure.

Headers are folded (case, accents, punctuation: `search_key`) and matched against keyword rules, in
order: the columns never to import come first (people, a declarant's home address, the carrying
structure), then the precise ones (INSEE code, postal code) before the broad ones (address, name). A saved
mapping (header → field) overrides the rules for the headers it names.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from maillage.search.normalize import search_key

IGNORE = "ignore"
# Field → French label. The keys are what a saved mapping may name.
FIELDS: dict[str, str] = {
    "name": "nom",
    "acronym": "sigle",
    "siret": "SIRET",
    "siren": "SIREN",
    "street": "adresse",
    "street_complement": "complément d'adresse",
    "postal_code": "code postal",
    "commune": "commune (nom)",
    "insee_code": "code INSEE de la commune",
    "departement": "département",
    "latitude": "latitude",
    "longitude": "longitude",
    "coordinates": "coordonnées « latitude, longitude »",
    "website": "site web",
    "email": "courriel de la structure",
    "phone": "téléphone de la structure",
    "description": "présentation",
    "disciplines": "disciplines",
    "founded_on": "date de création",
    "closed_on": "date de fermeture ou de dissolution",
}
# Fields several columns may feed (joined in column order): RNA splits the street in four.
MULTI_FIELDS = frozenset({"street", "street_complement", "disciplines"})

PERSONAL = "donnée personnelle (une personne) : jamais importée"
DECLARANT = "adresse de gestion ou du déclarant (souvent un domicile) : jamais importée"
CARRIER = "structure porteuse : non importée (le rattachement se fait à la main)"
# Words that name a person, not an organisation.
PERSON_WORDS = frozenset(
    {
        *("prenom", "prenoms", "civilite", "responsable", "responsables", "referent", "referente"),
        *("president", "presidente", "directeur", "directrice", "dirigeant", "dirigeante", "gerant"),
        *("gerante", "interlocuteur", "interlocutrice", "correspondant", "correspondante", "personne"),
        *("portable", "mobile", "naissance"),
    }
)
WEBSITE_WORDS = frozenset({"internet", "url", "web", "siteweb", "siteinternet", "website"})
CONTACT_PERSON_WORDS = frozenset({"nom", "tel", "telephone", "fonction", "qualite"})
NAME_FIRST_WORDS = frozenset(
    {
        *("nom", "denomination", "raison", "titre", "structure", "organisme", "organisation"),
        *("association", "enseigne", "entreprise", "etablissement", "adherent", "membre", "libelle"),
        "intitule",
    }
)
# A name column read from a precise header beats a bare "Nom", which beats a "Titre" or "Structure".
PRECISE_NAME = ("nomdelastructure", "nomstructure", "raisonsociale", "denomination", "nomdelorganisme")


@dataclass(frozen=True)
class Recognition:
    field: str | None  # None: not imported
    note: str = ""  # why a recognised column is not imported
    rank: int = 1  # lower wins when several columns claim a one-column field


@dataclass
class Column:
    index: int
    header: str
    field: str | None
    note: str = ""
    origin: str = ""  # "règles" or "correspondance"
    rank: int = 1  # which column keeps a one-column field claimed twice (lower wins)

    def as_json(self) -> dict[str, object]:
        return {"header": self.header, "field": self.field, "note": self.note, "origin": self.origin}


@dataclass
class Layout:
    """Where the header is and what each column feeds."""

    header_line: int
    columns: list[Column]
    title_lines: list[int] = field(default_factory=list)

    def indices(self, name: str) -> list[int]:
        return [c.index for c in self.columns if c.field == name]

    @property
    def fields(self) -> set[str]:
        return {c.field for c in self.columns if c.field}


class MappingError(ValueError):
    """A mapping names a field that does not exist, or the file has no column for the name."""

    def __init__(self, message: str, layout: Layout | None = None) -> None:
        super().__init__(message)
        self.layout = layout  # the header found, when only the name column is missing


def recognise(header: str) -> Recognition:
    """Tell which field a header names, or why its column is never imported."""
    folded = search_key(header)
    words = folded.split()
    compact = folded.replace(" ", "")
    if not words:
        return Recognition(None)
    first = words[0]
    has = set(words).__contains__

    if compact.startswith("adrg") or has("declarant"):
        return Recognition(None, DECLARANT)
    if any(has(w) for w in PERSON_WORDS) or words == ["contact"]:
        return Recognition(None, PERSONAL)
    if has("contact") and any(has(w) for w in CONTACT_PERSON_WORDS):
        return Recognition(None, PERSONAL)
    if has("porteuse") or has("porteur") or "strcport" in compact or has("gestionnaire"):
        return Recognition(None, CARRIER)
    if "insee" in compact or "codgeo" in compact or compact in {"codecommune", "codcom", "depcom"}:
        return Recognition("insee_code")
    if ("postal" in compact and not compact.startswith("adresse")) or "codpost" in compact:
        return Recognition("postal_code")
    if first == "cp" or has("zip"):
        return Recognition("postal_code")
    if any(has(w) for w in ("departement", "dept", "dep", "dpt")):
        return Recognition("departement")
    if "commune" in compact or any(has(w) for w in ("ville", "localite", "city")):
        return Recognition("commune")
    if "siret" in compact:
        return Recognition("siret")
    if "siren" in compact:
        return Recognition("siren")
    return _recognise_contact_and_text(words, compact)


def _recognise_contact_and_text(words: list[str], compact: str) -> Recognition:
    first = words[0]
    has = set(words).__contains__
    if has("latitude") or first == "lat":
        return Recognition("latitude")
    if has("longitude") or first in {"lon", "lng", "long"}:
        return Recognition("longitude")
    if any(has(w) for w in ("coordonnees", "gps", "geolocalisation", "coord")):
        return Recognition("coordinates")
    if first == "site" or any(has(w) for w in WEBSITE_WORDS):
        return Recognition("website")
    if any(has(w) for w in ("mail", "email", "courriel", "mel")):
        return Recognition("email")
    if any(has(w) for w in ("telephone", "tel", "phone", "standard")):
        return Recognition("phone")
    if any(w.startswith(("disciplin", "domaine", "esthetique")) for w in words):
        return Recognition("disciplines")
    if words == ["objet"] or has("description") or has("presentation"):
        return Recognition("description")
    if "datecreat" in compact or has("creation") or has("fondation"):
        return Recognition("founded_on")
    if "disso" in compact or any(has(w) for w in ("dissolution", "fermeture", "cessation")):
        return Recognition("closed_on")
    if has("sigle") or has("acronyme"):
        return Recognition("acronym")
    if words == ["titre", "court"]:
        return Recognition(None, "titre abrégé : le nom complet est lu ailleurs")
    if "distrib" in compact:
        return Recognition(None, "distribution postale (boîte postale, lieu-dit) : non importée")
    if "complement" in compact or compact in {"adresse2", "adresseligne2", "adr2", "adresse2eligne"}:
        return Recognition("street_complement")
    if "voie" in compact or "repetition" in compact or compact.startswith(("adresse", "adr", "address")):
        return Recognition("street")
    if has("rue"):
        return Recognition("street")
    if any(p in compact for p in PRECISE_NAME):
        return Recognition("name", rank=0)
    if first in NAME_FIRST_WORDS:
        return Recognition("name", rank=1 if first == "nom" else 2)
    return Recognition(None)


def mapping_errors(mapping: Mapping[str, object]) -> list[str]:
    """Return what is wrong in a mapping (header → field name or "ignore"), in French."""
    errors = []
    for header, name in mapping.items():
        if name in (None, "", IGNORE):
            continue
        if not isinstance(name, str) or name not in FIELDS:
            known = ", ".join([*FIELDS, IGNORE])
            errors.append(f"« {header} » → « {name} » : champ inconnu (champs possibles : {known})")
    return errors


def detect_layout(rows: list[tuple[int, list[str]]], mapping: Mapping[str, object] | None = None) -> Layout:
    """Find the header among the first rows (titles may sit above it) and read its columns."""
    folded_mapping = {search_key(h): v for h, v in (mapping or {}).items()}
    best: tuple[int, int] | None = None  # (score, position in rows)
    for position, (_, cells) in enumerate(rows[:30]):
        score = sum(
            1
            for cell in cells
            if cell and (search_key(cell) in folded_mapping or _is_recognised(recognise(cell)))
        )
        if score and (best is None or score > best[0]):
            best = (score, position)
    if best is None:
        raise MappingError(
            "En-tête introuvable : aucune des 30 premières lignes ne porte de titre de colonne reconnu "
            "(« Nom de la structure », « SIRET », « Code postal »…). Indiquez une correspondance de colonnes."
        )
    position = best[1]
    header_line, header_cells = rows[position]
    layout = Layout(
        header_line=header_line,
        columns=_columns(header_cells, folded_mapping),
        title_lines=[line for line, cells in rows[:position] if any(cells)],
    )
    if "name" not in layout.fields:
        headers = ", ".join(f"« {c.header} »" for c in layout.columns if c.header)
        raise MappingError(
            f"Colonne du nom introuvable dans l'en-tête (ligne {header_line} : {headers}). "
            "Indiquez-la dans une correspondance de colonnes.",
            layout,
        )
    return layout


def _is_recognised(recognition: Recognition) -> bool:
    return recognition.field is not None or bool(recognition.note)


def _columns(cells: list[str], folded_mapping: dict[str, object]) -> list[Column]:
    columns: list[Column] = []
    has_first_name = any(search_key(c).split()[:1] == ["prenom"] for c in cells if c)
    for index, header in enumerate(cells):
        key = search_key(header)
        label = header or f"colonne {index + 1}"
        if key and key in folded_mapping:
            name = folded_mapping[key]
            target = str(name) if name not in (None, "", IGNORE) else None
            note = "" if target else "ignorée par la correspondance"
            columns.append(Column(index, label, target, note, "correspondance", rank=-1))
            continue
        recognition = recognise(header)
        target, note = recognition.field, recognition.note
        if target == "name" and key == "nom" and has_first_name:
            # "Nom" beside "Prénom" is a person's surname, not the organisation's name.
            target, note = None, PERSONAL
        note = note or ("" if target else "non reconnue")
        columns.append(Column(index, label, target, note, "règles", rank=recognition.rank))
    _keep_one_column_per_field(columns)
    return columns


def _keep_one_column_per_field(columns: list[Column]) -> None:
    """Keep one column per one-column field: the mapping's, then the most precise header, then the first."""
    claims: dict[str, list[Column]] = {}
    for column in columns:
        if column.field and column.field not in MULTI_FIELDS:
            claims.setdefault(column.field, []).append(column)
    for name, claimants in claims.items():
        kept, *others = sorted(claimants, key=lambda c: (c.rank, c.index))
        for column in others:
            column.field, column.note = None, f"« {FIELDS[name]} » déjà lu dans la colonne « {kept.header} »"


def load_mapping(text: str) -> dict[str, str]:
    """Read a mapping saved as JSON, `{"en-tête": "champ"}`; raise MappingError in French if wrong."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MappingError(f"Correspondance illisible (JSON attendu) : {error}") from error
    if isinstance(data, dict) and isinstance(data.get("mapping"), dict):
        data = data["mapping"]  # the shape the admin exports: {"name": …, "mapping": {…}}
    if not isinstance(data, dict):
        raise MappingError('Correspondance : un objet JSON est attendu, {"en-tête": "champ"}.')
    errors = mapping_errors(data)
    if errors:
        raise MappingError("Correspondance : " + " ; ".join(errors))
    return {str(header): str(name or IGNORE) for header, name in data.items()}
