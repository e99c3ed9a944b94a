"""Read a network's file into numbered rows of text, whatever its format, encoding and separator.

CSV exported from any spreadsheet (UTF-8 with or without BOM — even a BOM written twice by a tool that
added its own —, UTF-16 "texte Unicode", Windows-1252, Latin-1; `,` `;` tab or `|`) and Excel .xlsx.
Line numbers are those a person sees: the file's physical line (CSV) or the sheet's row (Excel).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import zipfile
from collections import Counter
from dataclasses import dataclass, field

DELIMITERS = (";", ",", "\t", "|")
DELIMITER_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation", "|": "barre verticale"}
# Lines read to guess the separator: enough to see past a title block, cheap on any file.
SNIFF_LINES = 50
UTF8_BOM = codecs.BOM_UTF8
# A UTF-8 BOM that a tool decoded as Windows-1252 and saved again as UTF-8.
MOJIBAKE_BOM = "ï»¿"
XLSX_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"

Rows = list[tuple[int, list[str]]]


class UnreadableFileError(ValueError):
    """The file is not a CSV or .xlsx table this importer can read."""


@dataclass
class FileInfo:
    """How the file was read, for the report."""

    file_name: str
    format: str = "csv"
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.file_name,
            "format": self.format,
            "encoding": self.encoding,
            "delimiter": self.delimiter,
            "sheet": self.sheet,
            "notes": self.notes,
        }


@dataclass
class Table:
    info: FileInfo
    rows: Rows


def read_table(content: bytes, file_name: str) -> Table:
    """Return the file's rows as (line number, cells), told apart by content rather than by extension."""
    info = FileInfo(file_name=file_name)
    if content.startswith(OLE2_MAGIC):
        raise UnreadableFileError(
            "Ancien format Excel (.xls) : enregistrez le fichier en .xlsx ou en CSV, puis recommencez."
        )
    if content.startswith(XLSX_MAGIC):
        info.format = "xlsx"
        return Table(info, _xlsx_rows(content, info))
    text = decode(content, info)
    info.delimiter = detect_delimiter(text)
    return Table(info, _csv_rows(text, info.delimiter))


def decode(content: bytes, info: FileInfo) -> str:
    """Decode the bytes of a CSV file and drop every byte-order mark in front of it."""
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        info.encoding = "UTF-16"
        text = content.decode("utf-16")
    else:
        boms = 0
        while content.startswith(UTF8_BOM):
            content = content[len(UTF8_BOM) :]
            boms += 1
        if boms > 1:
            info.notes.append(f"marque d'ordre des octets (BOM) présente {boms} fois en tête : retirée")
        text = _decode_8bit(content, info)
    stray = 0
    while text.startswith(("\ufeff", MOJIBAKE_BOM)):
        text = text[1:] if text.startswith("\ufeff") else text[len(MOJIBAKE_BOM) :]
        stray += 1
    if stray:
        info.notes.append(f"{stray} marque(s) d'ordre des octets (BOM) mal décodée(s) en tête : retirée(s)")
    return _undo_double_encoding(text, info)


def _decode_8bit(content: bytes, info: FileInfo) -> str:
    try:
        info.encoding = "UTF-8"
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        info.encoding = "Windows-1252"
        return content.decode("cp1252")
    except UnicodeDecodeError:
        # Five bytes have no character in Windows-1252; Latin-1 reads every byte.
        info.encoding = "ISO-8859-1"
        return content.decode("latin-1")


def _undo_double_encoding(text: str, info: FileInfo) -> str:
    """Repair UTF-8 text that was read as Windows-1252 and saved as UTF-8 again ("Ã©" for "é")."""
    if "Ã" not in text and "â€" not in text:
        return text
    try:
        repaired = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    info.notes.append("texte encodé deux fois en UTF-8 (« Ã© » pour « é ») : réparé")
    return repaired


def detect_delimiter(text: str) -> str:
    """Return the separator that splits the first lines into the most rows of one same width."""
    sample_lines = [line for line in io.StringIO(text, newline="").readlines() if line.strip()]
    sample = "".join(sample_lines[:SNIFF_LINES])
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = [len(row) for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)]
        wide = [w for w in widths if w > 1]
        if not wide:
            continue
        width, count = Counter(wide).most_common(1)[0]
        score = (count, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _csv_rows(text: str, delimiter: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: Rows = []
    previous_end = 0
    for cells in reader:
        rows.append((previous_end + 1, [cell.strip() for cell in cells]))
        previous_end = reader.line_num
    return rows


def _xlsx_rows(content: bytes, info: FileInfo) -> Rows:
    import openpyxl  # noqa: PLC0415 (300 ms to import: only Excel files need it, not every command's start)

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFileError(
            "Fichier Excel illisible : enregistrez-le en .xlsx (ou en CSV) et recommencez."
        ) from error
    try:
        sheet = workbook.worksheets[0]
        info.sheet = sheet.title
        if len(workbook.worksheets) > 1:
            info.notes.append(f"seule la première feuille (« {sheet.title} ») est lue")
        rows: Rows = [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return rows


def _cell_text(value: object) -> str:
    """Write a cell as the text a person typed: whole numbers without ".0", dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()
