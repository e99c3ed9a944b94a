"""The 35 columns of the generated StockUniteLegale: SQL over unit `u` (see generator_sql)."""

from __future__ import annotations

from maillage.imports.sirene import distributions as d
from maillage.imports.sirene.draws import date_text, integer_text, one_of, pick

PERSON = "cat = '1000'"  # individual entrepreneurs: names of a person, no denomination
ND = "u_partly"  # a partly public unit: names read [ND]
# Treated after its creation, up to the stock's date (2025-12-06), most often recently.
TREATED = (
    "strftime(greatest(CAST(u_created AS TIMESTAMP), TIMESTAMP '2016-01-01 00:00:00' + "
    "to_seconds(CAST(floor(pow(rnd(u, 'treated'), 0.3) * 313000000) AS BIGINT))), '%Y-%m-%dT%H:%M:%S')"
)


def _person(expression: str) -> str:
    return f"CASE WHEN {PERSON} THEN CASE WHEN {ND} THEN '[ND]' ELSE {expression} END END"


def unit_columns() -> dict[str, str]:
    """Return the SQL of each column of StockUniteLegale."""
    size = pick("rnd(u, 'size')", d.COMPANY_CATEGORIES)
    return {
        "siren": "siren",
        "statutDiffusionUniteLegale": f"CASE WHEN {ND} THEN 'P' ELSE 'O' END",
        "unitePurgeeUniteLegale": f"CASE WHEN u_closed AND rnd(u, 'purged') < {d.PURGED_SHARE_OF_CLOSED} "
        "THEN 'true' END",
        "dateCreationUniteLegale": f"CASE WHEN rnd(u, 'nocreation') < {d.EMPTY_CREATION_DATE_SHARE} "
        "THEN NULL "
        f"ELSE {date_text('u_created', "rnd(u, 'baddate')")} END",
        "sigleUniteLegale": f"CASE WHEN {PERSON} THEN NULL WHEN rnd(u, 'sigle') < {d.ACRONYM_SHARE} "
        f"THEN CASE WHEN {ND} THEN '[ND]' ELSE upper(substr(replace(u_name, ' ', ''), 1, 5)) END END",
        "sexeUniteLegale": _person("CASE WHEN rnd(u, 'sex') < 0.5 THEN 'F' ELSE 'M' END"),
        "prenom1UniteLegale": _person(one_of("rnd(u, 'first')", d.FIRST_NAMES)),
        "prenom2UniteLegale": f"CASE WHEN {PERSON} AND NOT {ND} AND rnd(u, 'first2') < 0.3 "
        f"THEN {one_of("rnd(u, 'first2b')", d.FIRST_NAMES)} END",
        "prenom3UniteLegale": "NULL",
        "prenom4UniteLegale": "NULL",
        "prenomUsuelUniteLegale": _person(one_of("rnd(u, 'first')", d.FIRST_NAMES)),
        "pseudonymeUniteLegale": "NULL",
        "identifiantAssociationUniteLegale": "CASE WHEN cat LIKE '92%' AND rnd(u, 'rna') < 0.8 THEN 'W' || "
        f"lpad({integer_text("rnd(u, 'rnanum') * 1000000000")}, 9, '0') END",
        "trancheEffectifsUniteLegale": "u_band",
        "anneeEffectifsUniteLegale": "CASE WHEN u_band NOT IN ('NN') THEN '2023' END",
        "dateDernierTraitementUniteLegale": TREATED,
        "nombrePeriodesUniteLegale": integer_text("1 + rnd(u, 'periods') * 7"),
        "categorieEntreprise": f"CASE WHEN NOT u_closed THEN {size} END",
        "anneeCategorieEntreprise": f"CASE WHEN NOT u_closed AND {size} IS NOT NULL THEN '2023' END",
        "dateDebut": date_text(
            "CASE WHEN u_closed THEN u_closed_on ELSE u_created END", "rnd(u, 'baddebut')"
        ),
        "etatAdministratifUniteLegale": "CASE WHEN u_closed THEN 'C' ELSE 'A' END",
        "nomUniteLegale": _person(one_of("rnd(u, 'last')", d.LAST_NAMES)),
        "nomUsageUniteLegale": f"CASE WHEN rnd(u, 'usage') < 0.1 THEN "
        f"{_person(one_of("rnd(u, 'last2')", d.LAST_NAMES))} END",
        "denominationUniteLegale": f"CASE WHEN NOT {PERSON} THEN "
        f"CASE WHEN {ND} THEN '[ND]' ELSE u_name END END",
        "denominationUsuelle1UniteLegale": f"CASE WHEN NOT {PERSON} AND rnd(u, 'usual') < 0.05 "
        f"THEN CASE WHEN {ND} THEN '[ND]' ELSE {one_of("rnd(u, 'usualname')", d.NAME_WORDS)} END END",
        "denominationUsuelle2UniteLegale": "NULL",
        "denominationUsuelle3UniteLegale": "NULL",
        "categorieJuridiqueUniteLegale": "cat",
        "activitePrincipaleUniteLegale": "u_activity[2]",
        "nomenclatureActivitePrincipaleUniteLegale": "u_activity[1]",
        "nicSiegeUniteLegale": "'0001' || luhn13(siren || '0001')",
        "economieSocialeSolidaireUniteLegale": "flag",
        "societeMissionUniteLegale": "CASE WHEN cat LIKE '57%' THEN CASE WHEN rnd(u, 'mission') < 0.02 "
        "THEN 'O' ELSE 'N' END END",
        "caractereEmployeurUniteLegale": "CASE WHEN u_band IN ('NN', '00') OR u_band IS NULL "
        "THEN 'N' ELSE 'O' END",
        "activitePrincipaleNAF25UniteLegale": "CASE WHEN u_activity[1] = 'NAFRev2' AND NOT u_closed "
        "THEN substr(u_activity[2], 1, 5) || 'Y' END",
    }
