"""Clean one cell of a network's file: what a spreadsheet did to it is undone, and said.

Each cleaner returns the value to store and the French notes of what it repaired or dropped; a value that
makes the whole row wrong (an invalid SIRET) raises `CellError`.
"""

from __future__ import annotations

import datetime
import html
import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from maillage.search.normalize import search_key
from maillage.structures.enums import DatePrecision
from maillage.structures.validators import compact_identifier, validate_siren, validate_siret

# "1.2345678901234E13", "1,23457E+13": what a spreadsheet writes for a long number.
_SCIENTIFIC = re.compile(r"^(\d)[.,](\d+)[eE]\+?(\d+)$")
# A spreadsheet showing a number in scientific notation keeps about six digits: fewer than the SIREN's
# nine and the trailing digits are lost for good.
MIN_EXACT_DIGITS = 9
# Leading zeros a spreadsheet may have dropped from a SIREN (none starts with three zeros).
MAX_LOST_ZEROS = 2
_HTML_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
URL_MAX_LENGTH = 200  # URLField's default
# Role mailboxes an organisation publishes: they name no one.
GENERIC_MAILBOXES = frozenset(
    {
        *("contact", "contacts", "info", "infos", "information", "informations", "accueil", "bonjour"),
        *("hello", "salut", "secretariat", "administration", "admin", "direction", "communication", "com"),
        *("production", "prod", "diffusion", "booking", "billetterie", "resa", "reservation"),
        *("reservations", "asso", "association", "bureau", "presse", "mediation", "public", "publics"),
        *("coordination", "equipe", "team", "office", "mairie", "culture", "festival", "programmation"),
        *("adhesion", "adhesions", "benevoles", "compta", "comptabilite", "gestion", "siege", "general"),
        *("cie", "compagnie", "collectif", "studio", "atelier", "theatre", "lieu", "tierslieu", "fablab"),
        *("administratif", "technique", "partenariats", "formation", "formations", "ecole", "mail"),
    }
)
FREE_MAIL_DOMAINS = frozenset(
    {
        *("gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "live.fr"),
        *("outlook.fr", "outlook.com", "orange.fr", "wanadoo.fr", "free.fr", "laposte.net", "sfr.fr"),
        *("neuf.fr", "bbox.fr", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me", "gmx.fr"),
    }
)
_PERSONAL_LOCAL = re.compile(r"^[a-z]+[._-][a-z]+$")
_DATE_FORMATS: tuple[tuple[str, str], ...] = (
    *(("%Y-%m-%d", DatePrecision.DAY), ("%d/%m/%Y", DatePrecision.DAY), ("%d-%m-%Y", DatePrecision.DAY)),
    *(("%d.%m.%Y", DatePrecision.DAY), ("%m/%Y", DatePrecision.MONTH), ("%Y", DatePrecision.YEAR)),
)


class CellError(ValueError):
    """A value that makes its row impossible to import."""


Cleaned = tuple[str, list[str]]


def text(raw: str) -> Cleaned:
    """Collapse spaces and decode the HTML entities some exports leave ("Escale &amp; CO")."""
    value = _SPACES.sub(" ", raw).strip()
    if _HTML_ENTITY.search(value):
        decoded = html.unescape(value)
        return decoded, [f"« {value} » : entités HTML décodées en « {decoded} »"]
    return value, []


def _number_text(raw: str, label: str) -> Cleaned:
    """Undo a spreadsheet's number formats: "1.2345678901234E13", "12345678901234.0"."""
    value = raw.strip().replace("\u00a0", " ")
    match = _SCIENTIFIC.match(value.replace(" ", ""))
    if match:
        mantissa, exponent = match[1] + match[2], int(match[3])
        if len(mantissa) < MIN_EXACT_DIGITS or len(mantissa) - 1 > exponent:
            raise CellError(
                f"{label} « {raw} » écrit en notation scientifique par un tableur : des chiffres sont "
                "perdus, ressaisissez-le (format de cellule « texte »)"
            )
        digits = mantissa + "0" * (exponent - len(mantissa) + 1)
        return digits, [f"{label} « {raw} » écrit en notation scientifique : lu comme {digits}"]
    for suffix in (".0", ",0"):
        if value.endswith(suffix) and value[: -len(suffix)].replace(" ", "").isdigit():
            digits = value[: -len(suffix)].replace(" ", "")
            return digits, [f"{label} « {raw} » lu comme {digits}"]
    return compact_identifier(value), []


def identifier(raw: str, length: int) -> Cleaned:
    """Return a SIRET (14) or SIREN (9) checked by its key, repaired from what spreadsheets do to it."""
    label = "SIRET" if length == 14 else "SIREN"
    value, notes = _number_text(raw, label)
    if value.isdigit() and length - MAX_LOST_ZEROS <= len(value) < length:
        value = value.zfill(length)
        notes = [f"{label} « {raw} » : zéros initiaux rétablis ({value})"]
    try:
        (validate_siret if length == 14 else validate_siren)(value)
    except ValidationError as error:
        raise CellError(" ".join(error.messages)) from error
    return value, notes


def postal_code(raw: str) -> Cleaned:
    """Return a 5-digit postal code ("29600.0" and "7400" repaired), or "" with a note if unreadable."""
    try:
        value, notes = _number_text(raw, "code postal")
    except CellError:
        return "", [f"code postal « {raw} » illisible : ignoré"]
    if value.isdigit() and len(value) == 4:
        value = "0" + value
        notes = [f"code postal « {raw} » : zéro initial rétabli ({value})"]
    if not (value.isdigit() and len(value) == 5):
        return "", [f"code postal « {raw} » illisible : ignoré"]
    return value, notes


def insee_code(raw: str) -> str:
    """Return the code as written, without the separators people type; the resolver repairs the rest."""
    return raw.strip().replace(" ", "")


def coordinate(raw: str, low: float, high: float, label: str) -> tuple[float | None, list[str]]:
    try:
        value = float(raw.strip().replace(",", "."))
    except ValueError:
        return None, [f"{label} « {raw} » illisible : ignorée"]
    if not low <= value <= high:
        return None, [f"{label} « {raw} » hors des bornes ({low} à {high}) : ignorée"]
    return value, []


def coordinates(raw: str) -> tuple[tuple[float, float] | None, list[str]]:
    """Read "45.43, 4.39" or "45,43 ; 4,39" as (latitude, longitude)."""
    parts = [p for p in re.split(r"\s*[;/]\s*|,\s+|\s+", raw.strip()) if p]
    if len(parts) != 2:
        return None, [f"coordonnées « {raw} » illisibles (attendu : « latitude, longitude ») : ignorées"]
    latitude, notes = coordinate(parts[0], -90, 90, "latitude")
    longitude, more = coordinate(parts[1], -180, 180, "longitude")
    if latitude is None or longitude is None:
        return None, notes + more
    return (latitude, longitude), []


def website(raw: str) -> Cleaned:
    value = raw.strip()
    notes = []
    if not _SCHEME.match(value):
        value = "https://" + value.removeprefix("//")
        notes.append(f"site web « {raw.strip()} » complété en {value}")
    try:
        URLValidator()(value)
    except ValidationError:
        return "", [f"site web « {raw.strip()} » invalide : ignoré"]
    if len(value) > URL_MAX_LENGTH:
        return "", [f"site web de plus de {URL_MAX_LENGTH} caractères : ignoré"]
    return value, notes


def email(raw: str, structure_name: str) -> Cleaned:
    """Keep an address only if it is the organisation's generic one, never a person's (GDPR).

    The directory publishes what it stores. An address that names a person (prénom.nom@, or a personal
    mailbox that carries neither a role nor the structure's name) is personal data: dropped and said.
    """
    candidates = [c for c in re.split(r"[;,\s]+", raw.strip().lower()) if c]
    notes = []
    for candidate in candidates:
        address = candidate.removeprefix("mailto:")
        try:
            validate_email(address)
        except ValidationError:
            notes.append(f"courriel « {address} » invalide : ignoré")
            continue
        if is_generic_address(address, structure_name):
            if len(candidates) > 1:
                notes.append(f"plusieurs courriels : seul {address} est gardé")
            return address, notes
        why = (
            "adresse nominative (prénom.nom@)"
            if _PERSONAL_LOCAL.match(address.partition("@")[0])
            else "pas une adresse générique de la structure (contact@, info@, nom de la structure…)"
        )
        notes.append(f"courriel « {address} » : {why}, donnée personnelle : non importé")
    return "", notes


def is_generic_address(address: str, structure_name: str) -> bool:
    local, _, domain = address.partition("@")
    words = [w for w in re.split(r"[._+-]+", local) if w]
    if any(w.rstrip("0123456789") in GENERIC_MAILBOXES for w in words):
        return True
    compact_local = re.sub(r"[^a-z]", "", local)
    compact_name = search_key(structure_name).replace(" ", "")
    domain_label = domain.split(".")[0].replace("-", "")
    if len(compact_local) >= 3 and (compact_local in compact_name or compact_local == domain_label):
        return True
    return len(compact_name) >= 4 and compact_name in compact_local


def phone(raw: str) -> Cleaned:
    """Return a French number as "04 77 12 34 56" (lost zero and +33 repaired), or an international one."""
    value = raw.strip().removesuffix(".0")
    digits = re.sub(r"\D", "", value)
    international = value.startswith("+") or digits.startswith("00")
    if digits.startswith("0033"):
        digits, international = "0" + digits[4:], False
    elif value.startswith("+33"):
        digits, international = "0" + digits[2:], False
    notes = []
    if not international and len(digits) == 9 and digits[0] != "0":
        digits = "0" + digits
        notes.append(f"téléphone « {raw} » : zéro initial rétabli")
    if not international and len(digits) == 10 and digits[0] == "0":
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2)), notes
    if international and 8 <= len(digits.lstrip("0")) <= 15:
        return "+" + digits.lstrip("0"), notes
    return "", [f"téléphone « {raw} » illisible : ignoré"]


def date(raw: str, label: str) -> tuple[datetime.date | None, str, list[str]]:
    """Return a date with its precision ("1998" is a year); RNA's "0001-01-01" means none."""
    value = raw.strip()[:10]
    for pattern, precision in _DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
        if parsed.year < 1000:  # placeholders: 0001-01-01
            return None, DatePrecision.DAY, []
        return parsed, precision, []
    if value.startswith("0000"):
        return None, DatePrecision.DAY, []
    return None, DatePrecision.DAY, [f"{label} « {raw} » illisible : ignorée"]
