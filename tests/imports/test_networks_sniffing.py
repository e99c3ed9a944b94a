"""Reading networks' files: encodings, byte-order marks, separators, header rows, Excel sheets."""

import codecs
import datetime
import io

import openpyxl
import pytest

from maillage.imports.networks.columns import MappingError, detect_layout
from maillage.imports.networks.sniffing import UnreadableFileError, read_table

BOM = codecs.BOM_UTF8
TEXT = "Nom de la structure;Commune\nThéâtre du Verso;Saint-Étienne\n"


def cells(content: bytes) -> list[tuple[int, list[str]]]:
    return read_table(content, "adherents.csv").rows


@pytest.mark.parametrize("boms", [0, 1, 2, 3])
def test_every_utf8_bom_in_front_is_dropped(boms: int) -> None:
    table = read_table(BOM * boms + TEXT.encode(), "adherents.csv")

    assert table.rows[0] == (1, ["Nom de la structure", "Commune"])
    assert table.info.encoding == "UTF-8"
    assert bool(table.info.notes) == (boms > 1)


def test_a_bom_decoded_as_windows_1252_then_saved_again_is_dropped() -> None:
    content = ("ï»¿" + TEXT).encode("utf-8")

    assert cells(content)[0][1][0] == "Nom de la structure"


def test_windows_1252_and_utf16_files_are_decoded() -> None:
    cp1252 = read_table(TEXT.encode("cp1252"), "a.csv")
    utf16 = read_table(TEXT.replace(";", "\t").encode("utf-16"), "a.txt")

    assert cp1252.info.encoding == "Windows-1252"
    assert cp1252.rows[1][1] == ["Théâtre du Verso", "Saint-Étienne"]
    assert utf16.info.encoding == "UTF-16"
    assert utf16.info.delimiter == "\t"
    assert utf16.rows[1][1] == ["Théâtre du Verso", "Saint-Étienne"]


def test_utf8_encoded_twice_is_repaired() -> None:
    twice = TEXT.encode("utf-8").decode("cp1252").encode("utf-8")

    assert cells(twice)[1][1] == ["Théâtre du Verso", "Saint-Étienne"]


@pytest.mark.parametrize("delimiter", [";", ",", "\t", "|"])
def test_the_separator_is_detected(delimiter: str) -> None:
    text = f"Nom{delimiter}Adresse{delimiter}Ville\n"
    text += f'Le Fil{delimiter}"20, boulevard Thiers"{delimiter}Saint-Étienne\n'
    text += f"La Comédie{delimiter}7 avenue Émile Loubet{delimiter}Saint-Étienne\n"

    table = read_table(text.encode(), "a.csv")

    assert table.info.delimiter == delimiter
    assert table.rows[1][1] == ["Le Fil", "20, boulevard Thiers", "Saint-Étienne"]


def test_commas_inside_values_do_not_fool_the_semicolon_detection() -> None:
    text = "titre;objet;ville\nA;diffuser, produire, accompagner;Lyon\nB;créer, jouer;Lyon\nC;lire;Lyon\n"

    assert read_table(text.encode(), "a.csv").info.delimiter == ";"


def test_line_numbers_are_the_file_s_own_even_across_quoted_line_breaks() -> None:
    text = 'Nom;Description\nLe Fil;"Salle de\nmusiques actuelles"\n\nLa Comédie;Théâtre\n'

    rows = cells(text.encode())

    assert [line for line, _ in rows] == [1, 2, 4, 5]
    assert rows[1][1][1] == "Salle de\nmusiques actuelles"
    assert rows[3] == (5, ["La Comédie", "Théâtre"])


def test_title_lines_above_the_header_are_skipped() -> None:
    text = "Annuaire des adhérents 2026;;\nÉdité par le réseau;;\n;;\n"
    text += "Nom;Code postal;Ville\nLe Fil;42000;Saint-Étienne\n"

    layout = detect_layout(cells(text.encode()))

    assert layout.header_line == 4
    assert layout.title_lines == [1, 2]
    assert [c.field for c in layout.columns] == ["name", "postal_code", "commune"]


def test_a_file_without_any_known_header_is_refused_in_french() -> None:
    with pytest.raises(MappingError, match="En-tête introuvable"):
        detect_layout(cells(b"a;b\n1;2\n"))


def test_an_old_xls_file_is_refused_with_what_to_do() -> None:
    with pytest.raises(UnreadableFileError, match=r"\.xlsx"):
        read_table(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "adherents.xls")


def test_an_excel_sheet_is_read_with_its_row_numbers_and_cells_as_typed() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Adhérents"
    sheet.append(["Liste des adhérents"])
    sheet.append([])
    sheet.append(["Nom", "Code postal", "SIRET", "Adhésion", "Latitude"])
    sheet.append(["Le Fil", 42000, 1.2345678901234e13, datetime.date(2024, 3, 1), 45.43])
    workbook.create_sheet("Notes")
    content = io.BytesIO()
    workbook.save(content)

    table = read_table(content.getvalue(), "adherents.xlsx")

    assert table.info.format == "xlsx"
    assert table.info.sheet == "Adhérents"
    assert "seule la première feuille" in table.info.notes[0]
    assert table.rows[3] == (4, ["Le Fil", "42000", "12345678901234", "2024-03-01", "45.43"])
    assert detect_layout(table.rows).header_line == 3
