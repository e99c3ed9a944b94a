"""Decide what a clean row does: create a structure, update the one an earlier run of the file wrote, or
propose a duplicate a person confirms.

A row updates a structure only if that structure came from a file with the same source label (the same
network's list, imported again). A structure from SIRENE, the reference data, the admin or another
network is never overwritten by a spreadsheet: the row is reported as a proposal and not written.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.text import slugify

from maillage.imports.networks.rows import CleanRow
from maillage.search.normalize import search_key
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.territories.models import Territory

CREATE, UPDATE, DUPLICATE = "create", "update", "duplicate"
SOURCE_ID_MAX_LENGTH = 100
# Words that do not tell two organisations apart: "Compagnie La Baroufada" is "Baroufada".
NAME_STOP_WORDS = frozenset(
    {
        *("le", "la", "les", "l", "de", "du", "des", "d", "et", "a", "au", "aux", "en", "the"),
        *("association", "asso", "compagnie", "cie", "collectif", "ste", "societe"),
    }
)
# Names this close (difflib ratio) in one commune are proposed as the same organisation.
SIMILARITY = 0.9
SIMILARITY_MIN_LENGTH = 8
_NUMBER = re.compile(r"\d+")


@dataclass
class Decision:
    action: str
    structure: Structure | None = None
    message: str = ""
    proposal: dict[str, object] = field(default_factory=dict)


def _shortened(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    digest = hashlib.sha256(text.encode()).hexdigest()[:8]
    return f"{text[: length - 9]}-{digest}"


def natural_key(*, source_label: str, siret: str, name: str, commune: Territory | None) -> str:
    """Return `source_id`: the source label, then the SIRET or the folded name and commune code."""
    label = _shortened(slugify(search_key(source_label)) or "fichier", 40)
    if siret:
        rest = siret
    else:
        code = commune.code if commune is not None else "sans-commune"
        rest = _shortened(f"{code}:{slugify(search_key(name))}", SOURCE_ID_MAX_LENGTH - len(label) - 1)
    return f"{label}:{rest}"


def similarity_key(name: str) -> str:
    folded = search_key(name)
    return " ".join(w for w in folded.split() if w not in NAME_STOP_WORDS) or folded


def similar(first: str, second: str) -> bool:
    a, b = similarity_key(first), similarity_key(second)
    if a == b:
        return True
    if _NUMBER.findall(a) != _NUMBER.findall(b):
        return False  # "Lycée 12" and "Lycée 21", "Salle 1" and "Salle 2" are different places
    return min(len(a), len(b)) >= SIMILARITY_MIN_LENGTH and SequenceMatcher(None, a, b).ratio() >= SIMILARITY


class Matcher:
    """Match the rows of one run against the directory and against the rows already read."""

    def __init__(self, source_label: str) -> None:
        self.source_label = source_label
        self.lines_by_key: dict[str, int] = {}
        self.lines_by_structure: dict[int, int] = {}
        self._communes: dict[str, list[Structure]] = {}
        # Read once: SIRET and source_id are unique only where not empty (partial indexes), which SQLite
        # cannot use for an equality lookup; a query per row would scan the directory each time.
        self._by_key = dict(
            Structure.objects.filter(source=DataSource.NETWORK_FILE)
            .exclude(source_id="")
            .values_list("source_id", "pk")
        )
        self._by_siret = dict(Structure.objects.exclude(siret="").values_list("siret", "pk"))

    def key(self, row: CleanRow) -> str:
        return natural_key(
            source_label=self.source_label,
            siret=row.fields.get("siret", ""),
            name=row.name,
            commune=row.commune,
        )

    def decide(self, row: CleanRow) -> Decision:
        key = self.key(row)
        siret = row.fields.get("siret", "")
        if key in self.lines_by_key:
            same = f"même SIRET {siret}" if siret else "même nom dans la même commune"
            first = self.lines_by_key[key]
            return Decision(DUPLICATE, message=f"{same} que la ligne {first} : ligne non écrite")
        if key in self._by_key:
            known = Structure.objects.get(pk=self._by_key[key])
            written = self.lines_by_structure.get(known.pk)
            if written is not None:
                return Decision(
                    DUPLICATE, message=f"même structure que la ligne {written} : ligne non écrite"
                )
            return Decision(UPDATE, known)
        if siret in self._by_siret:
            holder = Structure.objects.get(pk=self._by_siret[siret])
            return self._against(holder, f"SIRET {siret} déjà porté par")
        for candidate in self._neighbours(row.commune):
            if candidate.siret and siret and candidate.siret != siret:
                continue  # two SIRETs: two establishments, whatever their names
            if similar(candidate.name, row.name):
                commune = row.commune.name if row.commune else ""
                return self._against(candidate, f"nom proche, à {commune}, de")
        return Decision(CREATE)

    def _against(self, structure: Structure, reason: str) -> Decision:
        line = self.lines_by_structure.get(structure.pk)
        if line is not None:
            return Decision(DUPLICATE, message=f"{reason} la ligne {line} : ligne non écrite")
        if structure.source == DataSource.NETWORK_FILE and structure.source_label == self.source_label:
            return Decision(UPDATE, structure)  # this file's own row, whose key changed (a SIRET added)
        proposal = {
            "id": structure.pk,
            "name": structure.name,
            "source": structure.source,
            "source_label": structure.source_label,
        }
        origin = structure.get_source_display() + (
            f" « {structure.source_label} »" if structure.source_label else ""
        )
        return Decision(
            DUPLICATE,
            structure,
            f"{reason} « {structure.name} » (n° {structure.pk}, source : {origin}) : rapprochement proposé, "
            "ligne non écrite",
            proposal,
        )

    def _neighbours(self, commune: Territory | None) -> list[Structure]:
        if commune is None:
            return []
        if commune.pk not in self._communes:
            self._communes[commune.pk] = list(
                Structure.objects.filter(commune=commune).only(
                    "name", "siret", "source", "source_label", "commune_id"
                )
            )
        return self._communes[commune.pk]

    def remember(self, row: CleanRow, structure: Structure, key: str) -> None:
        """Record a row written, so that a later row of the file matching it is a duplicate."""
        self.lines_by_key[key] = row.line
        self.lines_by_structure[structure.pk] = row.line
        self._by_key[key] = structure.pk
        if structure.siret:
            self._by_siret[structure.siret] = structure.pk
        neighbours = self._neighbours(row.commune)
        if all(s.pk != structure.pk for s in neighbours):
            neighbours.append(structure)
