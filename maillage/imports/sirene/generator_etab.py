"""The 54 columns of the generated StockEtablissement: SQL over row `j` of unit `u` (see generator_sql)."""

from __future__ import annotations

from maillage.imports.sirene import distributions as d
from maillage.imports.sirene.draws import date_text, integer_text, one_of, pick

ND = "u_partly"  # a partly public unit: its establishments' names and street addresses read [ND]
ABROAD = "foreign_address"


def _masked(expression: str) -> str:
    """Return an address or name field: [ND] for a partly public unit, nothing abroad."""
    return f"CASE WHEN {ABROAD} THEN NULL WHEN {ND} THEN '[ND]' ELSE {expression} END"


def _lambert(axis: str, tag: str) -> str:
    # Overseas points are not Lambert-93 (see generator._write_communes); jitter of ±1.5 km either way.
    return (
        f"CASE WHEN {ABROAD} OR c_{axis} IS NULL THEN NULL WHEN {ND} THEN '[ND]' "
        f"WHEN rnd(j, 'e.nocoords') < {d.MISSING_COORDINATES_SHARE} THEN NULL "
        f"ELSE printf('%.1f', c_{axis} + (rnd(j, 'e.{tag}') - 0.5) * 3000) END"
    )


def _country(index: int) -> str:
    values = tuple(country[index] for country in d.FOREIGN_COUNTRIES)
    return f"CASE WHEN {ABROAD} THEN {one_of("rnd(j, 'e.country')", values)} END"


def establishment_columns() -> dict[str, str]:
    """Return the SQL of each column of StockEtablissement, in INSEE's order."""
    naf_code = "e_activity[2]"
    nomenclature = "e_activity[1]"
    closed = "e_closed"
    band = (
        f"CASE WHEN k = 0 THEN u_band WHEN ess_kind THEN {pick("rnd(j, 'e.band')", d.ESS_EMPLOYEE_BANDS)} "
        f"ELSE {pick("rnd(j, 'e.band')", d.OTHER_EMPLOYEE_BANDS)} END"
    )
    sign_head = one_of("rnd(j, 'e.signhead')", d.CULTURAL_NAME_HEADS)
    sign = f"{sign_head} || ' ' || {one_of("rnd(j, 'e.signword')", d.NAME_WORDS)}"
    return {
        "siren": "siren",
        "nic": "substr(siret, 10, 5)",
        "siret": "siret",
        "statutDiffusionEtablissement": f"CASE WHEN {ND} THEN 'P' ELSE 'O' END",
        "dateCreationEtablissement": f"CASE WHEN rnd(j, 'e.nocreation') < {d.EMPTY_CREATION_DATE_SHARE} "
        "THEN NULL "
        f"ELSE {date_text('e_created', "rnd(j, 'e.baddate')")} END",
        "trancheEffectifsEtablissement": band,
        "anneeEffectifsEtablissement": f"CASE WHEN ({band}) NOT IN ('NN') THEN '2023' END",
        "activitePrincipaleRegistreMetiersEtablissement": "CASE WHEN cat = '1000' AND rnd(j, 'e.rm') < 0.05 "
        "THEN '9003BZ' END",
        "dateDernierTraitementEtablissement": "strftime(greatest(CAST(e_created AS TIMESTAMP), "
        "TIMESTAMP '2016-01-01 00:00:00' + to_seconds(CAST(floor(pow(rnd(j, 'e.treated'), 0.3) * 313000000) "
        "AS BIGINT))), '%Y-%m-%dT%H:%M:%S')",
        "etablissementSiege": "CASE WHEN k = 0 THEN 'true' ELSE 'false' END",
        "nombrePeriodesEtablissement": integer_text("1 + rnd(j, 'e.periods') * 5"),
        "complementAdresseEtablissement": f"CASE WHEN rnd(j, 'e.complement') < 0.1 THEN "
        f"{_masked(one_of("rnd(j, 'e.complementtext')", d.COMPLEMENTS))} END",
        "numeroVoieEtablissement": f"CASE WHEN rnd(j, 'e.nonumber') < 0.15 THEN NULL "
        f"ELSE {_masked(integer_text("1 + pow(rnd(j, 'e.number'), 2) * 250"))} END",
        "indiceRepetitionEtablissement": f"CASE WHEN NOT {ND} AND NOT {ABROAD} AND rnd(j, 'e.bis') < 0.03 "
        "THEN 'B' END",
        "dernierNumeroVoieEtablissement": "NULL",
        "indiceRepetitionDernierNumeroVoieEtablissement": "NULL",
        "typeVoieEtablissement": _masked(pick("rnd(j, 'e.streettype')", d.STREET_TYPE_CODES)),
        "libelleVoieEtablissement": _masked(one_of("rnd(j, 'e.street')", d.STREET_NAMES)),
        "codePostalEtablissement": f"CASE WHEN {ABROAD} THEN NULL ELSE nullif(c_postal, '') END",
        "libelleCommuneEtablissement": f"CASE WHEN {ABROAD} THEN NULL ELSE c_name END",
        "libelleCommuneEtrangerEtablissement": _country(2),
        "distributionSpecialeEtablissement": f"CASE WHEN NOT {ND} AND NOT {ABROAD} AND rnd(j, 'e.bp') < 0.02 "
        f"THEN 'BP ' || {integer_text("1 + rnd(j, 'e.bpnumber') * 400")} END",
        "codeCommuneEtablissement": f"CASE WHEN {ABROAD} THEN NULL "
        f"WHEN c_former IS NOT NULL AND rnd(j, 'e.former') < {d.FORMER_COMMUNE_CODE_SHARE} THEN c_former "
        "ELSE c_code END",
        "codeCedexEtablissement": "NULL",
        "libelleCedexEtablissement": "NULL",
        "codePaysEtrangerEtablissement": _country(0),
        "libellePaysEtrangerEtablissement": _country(1),
        "identifiantAdresseEtablissement": f"CASE WHEN NOT {ND} AND NOT {ABROAD} AND rnd(j, 'e.ban') < 0.6 "
        f"THEN c_code || '_' || lpad({integer_text("rnd(j, 'e.banstreet') * 9999")}, 4, '0') || '_' "
        f"|| lpad({integer_text("rnd(j, 'e.bannumber') * 300")}, 5, '0') END",
        "coordonneeLambertAbscisseEtablissement": _lambert("x", "jitterx"),
        "coordonneeLambertOrdonneeEtablissement": _lambert("y", "jittery"),
        "complementAdresse2Etablissement": "NULL",
        "numeroVoie2Etablissement": "NULL",
        "indiceRepetition2Etablissement": "NULL",
        "typeVoie2Etablissement": "NULL",
        "libelleVoie2Etablissement": "NULL",
        "codePostal2Etablissement": "NULL",
        "libelleCommune2Etablissement": "NULL",
        "libelleCommuneEtranger2Etablissement": "NULL",
        "distributionSpeciale2Etablissement": "NULL",
        "codeCommune2Etablissement": "NULL",
        "codeCedex2Etablissement": "NULL",
        "libelleCedex2Etablissement": "NULL",
        "codePaysEtranger2Etablissement": "NULL",
        "libellePaysEtranger2Etablissement": "NULL",
        "dateDebut": date_text(
            f"CASE WHEN {closed} THEN e_closed_on ELSE e_created END", "rnd(j, 'e.baddebut')"
        ),
        "etatAdministratifEtablissement": f"CASE WHEN {closed} THEN 'F' ELSE 'A' END",
        "enseigne1Etablissement": f"CASE WHEN rnd(j, 'e.sign') < {d.SIGN_SHARE} "
        f"THEN CASE WHEN {ND} THEN '[ND]' ELSE {sign} END END",
        "enseigne2Etablissement": "NULL",
        "enseigne3Etablissement": "NULL",
        "denominationUsuelleEtablissement": f"CASE WHEN rnd(j, 'e.usual') < {d.USUAL_NAME_SHARE} "
        f"THEN CASE WHEN {ND} THEN '[ND]' ELSE {one_of("rnd(j, 'e.usualhead')", d.CULTURAL_NAME_HEADS)} "
        f"|| ' ' || {one_of("rnd(j, 'e.usualword')", d.NAME_WORDS)} END END",
        "activitePrincipaleEtablissement": f"CASE WHEN {nomenclature} = 'NAFRev2' "
        f"AND rnd(j, 'e.nodot') < {d.NAF_WITHOUT_DOT_SHARE} THEN replace({naf_code}, '.', '') "
        f"ELSE {naf_code} END",
        "nomenclatureActivitePrincipaleEtablissement": nomenclature,
        "caractereEmployeurEtablissement": f"CASE WHEN ({band}) IN ('NN', '00') OR ({band}) IS NULL "
        "THEN 'N' ELSE 'O' END",
        "activitePrincipaleNAF25Etablissement": f"CASE WHEN {nomenclature} = 'NAFRev2' AND NOT {closed} "
        f"THEN substr({naf_code}, 1, 5) || 'Y' END",
    }
