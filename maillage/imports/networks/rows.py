"""Turn one row of a network's file into the fields of a structure, with what was repaired or rejected."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from maillage.imports.networks import values
from maillage.imports.networks.columns import Layout
from maillage.imports.networks.places import PlaceResolver
from maillage.search.normalize import search_key
from maillage.structures.models import Discipline
from maillage.territories.models import Territory

NAME_MAX_LENGTH = 255
ACRONYM_MAX_LENGTH = 50
STREET_MAX_LENGTH = 255
# Words people write for the directory's disciplines (slug of the discipline they mean).
DISCIPLINE_SYNONYMS = {
    "musiques": "musique",
    "musiques actuelles": "musique",
    "spectacle": "spectacle-vivant",
    "arts vivants": "spectacle-vivant",
    "theatre": "theatre",
    "arts du cirque": "cirque",
    "arts de la piste": "cirque",
    "cinema": "cinema-audiovisuel",
    "audiovisuel": "cinema-audiovisuel",
    "arts plastiques": "arts-visuels-numeriques",
    "arts visuels": "arts-visuels-numeriques",
    "arts numeriques": "arts-visuels-numeriques",
    "livre": "livre-lecture",
    "lecture": "livre-lecture",
    "litterature": "livre-lecture",
    "multidisciplinaire": "pluridisciplinaire",
    "transdisciplinaire": "pluridisciplinaire",
}
_LIST_SEPARATORS = re.compile(r"[,;/|\n+]+|\s-\s")


@dataclass
class CleanRow:
    line: int
    name: str = ""
    # Structure fields to write: only those the file has a column for, so an update keeps the rest.
    fields: dict[str, Any] = field(default_factory=dict)
    disciplines: list[Discipline] | None = None
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    empty: bool = False

    @property
    def commune(self) -> Territory | None:
        commune = self.fields.get("commune")
        return commune if isinstance(commune, Territory) else None


class DisciplineIndex:
    """The directory's disciplines by folded name, slug and usual synonyms, loaded once per run."""

    def __init__(self) -> None:
        disciplines = list(Discipline.objects.select_related("parent"))
        by_slug = {d.slug: d for d in disciplines}
        self.by_key: dict[str, Discipline] = {}
        for key, slug in DISCIPLINE_SYNONYMS.items():
            if slug in by_slug:
                self.by_key[key] = by_slug[slug]
        for discipline in disciplines:
            self.by_key[search_key(discipline.slug)] = discipline
            self.by_key[search_key(discipline.name)] = discipline

    def match(self, raw: str) -> tuple[list[Discipline], list[str]]:
        """Return the disciplines a cell names and the words it holds that name none."""
        whole = self._find(raw)
        if whole is not None:
            return [whole], []
        found: dict[int, Discipline] = {}
        unknown = []
        for part in (p.strip() for p in _LIST_SEPARATORS.split(raw)):
            if not part:
                continue
            discipline = self._find(part)
            if discipline is None:
                unknown.append(part)
            else:
                found[discipline.pk] = discipline
        return list(found.values()), unknown

    def _find(self, raw: str) -> Discipline | None:
        key = search_key(raw)
        return self.by_key.get(key) or self.by_key.get(key.removesuffix("s"))


class RowCleaner:
    """Clean the rows of one file, laid out by its header."""

    def __init__(self, layout: Layout, places: PlaceResolver, disciplines: DisciplineIndex) -> None:
        self.layout = layout
        self.places = places
        self.disciplines = disciplines
        self.width = max(c.index for c in layout.columns) + 1
        self.present = layout.fields

    def raw(self, cells: list[str]) -> dict[str, str]:
        """Return field → text of a row, the columns of a multi-column field joined."""
        result: dict[str, str] = {}
        for name in self.present:
            parts = [cells[i] for i in self.layout.indices(name) if i < len(cells) and cells[i].strip()]
            result[name] = (", " if name == "disciplines" else " ").join(parts)
        return result

    def clean(self, line: int, cells: list[str]) -> CleanRow:
        raw = self.raw(cells)
        row = CleanRow(line)
        if not any(raw.values()):
            row.empty = True
            return row
        extra = [c for c in cells[self.width :] if c.strip()]
        if extra:
            row.errors.append(
                f"{len(cells)} cellules pour {self.width} colonnes : un séparateur dans une valeur sans "
                "guillemets ? La ligne est décalée, elle n'est pas lue"
            )
            row.name = raw.get("name", "")
            return row
        self._identity(row, raw)
        self._place(row, raw)
        self._contact(row, raw)
        self._description(row, raw)
        return row

    def _identity(self, row: CleanRow, raw: dict[str, str]) -> None:
        name, notes = values.text(raw.get("name", ""))
        row.name = name
        row.notes += notes
        if not name:
            row.errors.append("nom de la structure manquant")
        elif len(name) > NAME_MAX_LENGTH:
            row.errors.append(f"nom de plus de {NAME_MAX_LENGTH} caractères")
        row.fields["name"] = name
        if "acronym" in self.present:
            acronym, notes = values.text(raw["acronym"])
            if len(acronym) > ACRONYM_MAX_LENGTH:
                notes.append(f"sigle de plus de {ACRONYM_MAX_LENGTH} caractères : ignoré")
                acronym = ""
            row.fields["acronym"] = acronym
            row.notes += notes
        siret = siren = ""
        for name_, length in (("siret", 14), ("siren", 9)):
            if not raw.get(name_):
                continue
            try:
                value, notes = values.identifier(raw[name_], length)
            except values.CellError as error:
                row.errors.append(str(error))
                continue
            row.notes += notes
            if length == 14:
                siret = value
            else:
                siren = value
        if siret and siren and siret[:9] != siren:
            row.errors.append(f"le SIREN {siren} ne correspond pas au SIRET {siret}")
        if "siret" in self.present:
            row.fields["siret"] = siret
        if siren and not siret:
            row.fields["siren"] = siren

    def _place(self, row: CleanRow, raw: dict[str, str]) -> None:
        postal = ""
        if raw.get("postal_code"):
            postal, notes = values.postal_code(raw["postal_code"])
            row.notes += notes
        if "postal_code" in self.present:
            row.fields["postal_code"] = postal
        if "street" in self.present or "street_complement" in self.present:
            street = ", ".join(p for p in (raw.get("street", ""), raw.get("street_complement", "")) if p)
            street, notes = values.text(street)
            if len(street) > STREET_MAX_LENGTH:
                notes.append(f"adresse de plus de {STREET_MAX_LENGTH} caractères : coupée")
                street = street[:STREET_MAX_LENGTH].rstrip()
            row.fields["street"] = street
            row.notes += notes
        commune_name, _ = values.text(raw.get("commune", ""))
        place = self.places.resolve(
            code=values.insee_code(raw.get("insee_code", "")),
            postal_code=postal,
            name=commune_name,
            departement=raw.get("departement", ""),
        )
        row.notes += place.fixes
        if place.error:
            row.errors.append(place.error)
        row.fields["commune"] = place.commune
        self._coordinates(row, raw)

    def _coordinates(self, row: CleanRow, raw: dict[str, str]) -> None:
        if not {"latitude", "longitude", "coordinates"} & self.present:
            return
        latitude = longitude = None
        notes: list[str] = []
        if raw.get("coordinates"):
            pair, notes = values.coordinates(raw["coordinates"])
            if pair:
                latitude, longitude = pair
        if raw.get("latitude"):
            latitude, more = values.coordinate(raw["latitude"], -90, 90, "latitude")
            notes += more
        if raw.get("longitude"):
            longitude, more = values.coordinate(raw["longitude"], -180, 180, "longitude")
            notes += more
        if (latitude is None) != (longitude is None):
            notes.append("latitude sans longitude (ou l'inverse) : coordonnées ignorées")
            latitude = longitude = None
        row.fields["latitude"], row.fields["longitude"] = latitude, longitude
        row.notes += notes

    def _contact(self, row: CleanRow, raw: dict[str, str]) -> None:
        for name, clean in (("website", values.website), ("phone", values.phone)):
            if name in self.present:
                value, notes = clean(raw[name]) if raw[name] else ("", [])
                row.fields[name] = value
                row.notes += notes
        if "email" in self.present:
            value, notes = values.email(raw["email"], row.name) if raw["email"] else ("", [])
            row.fields["email"] = value
            row.notes += notes

    def _description(self, row: CleanRow, raw: dict[str, str]) -> None:
        if "description" in self.present:
            row.fields["description"] = raw["description"].strip()
        if "founded_on" in self.present:
            founded, precision, notes = values.date(raw["founded_on"], "date de création")
            row.fields["founded_on"], row.fields["founded_on_precision"] = founded, precision
            row.notes += notes
        if "closed_on" in self.present:
            closed, _, notes = values.date(raw["closed_on"], "date de fermeture")
            row.fields["closed_on"] = closed
            row.notes += notes
            if closed is not None:
                row.fields["is_active"] = False
        if "disciplines" in self.present:
            found, unknown = self.disciplines.match(raw["disciplines"]) if raw["disciplines"] else ([], [])
            row.disciplines = found
            row.notes += [f"discipline « {word} » inconnue du répertoire : ignorée" for word in unknown]
