"""The readable summary of a SIRENE run: each counter of ImportRun.counts with its French label."""

from __future__ import annotations

from maillage.imports.models import ImportRun
from maillage.structures.changes import listener_label

SECTIONS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Lecture",
        (
            ("rows_read", "établissements lus"),
            ("malformed_lines", "lignes mal formées (champs manquants), écartées"),
            (
                "legacy_nomenclature",
                "établissements en nomenclature ancienne (NAP, NAF 1993, NAF rév. 1), ignorés",
            ),
            ("cultural", "établissements d'activité culturelle (ESS ou non)"),
            ("cultural_active", "  dont actifs (décomptés pour l'observatoire)"),
            ("cultural_ess_active", "  dont actifs et dans l'ESS"),
            ("without_legal_unit", "établissements sans unité légale dans le fichier, ignorés"),
            ("selected", "établissements retenus : ESS et culture"),
        ),
    ),
    (
        "Anomalies des établissements retenus (corrigées ou écartées, jamais bloquantes)",
        (
            ("partly_public", "en diffusion partielle ([ND]) : jamais publiés"),
            ("masked_fields", "  dont champs masqués [ND] rencontrés"),
            ("duplicates", "SIRET en double, un seul gardé"),
            ("invalid_siret", "SIRET invalides (clé de contrôle), écartés"),
            ("invalid_creation_date", "dates de création impossibles (ex. 2014-12-35), laissées vides"),
            ("invalid_closure_date", "dates de fermeture impossibles, laissées vides"),
            ("invalid_source_date", "dates de traitement impossibles, laissées vides"),
            ("closed_without_date", "fermetures sans date"),
            ("naf_without_dot", "codes NAF sans point (9001Z), corrigés"),
            ("foreign_address", "adresses à l'étranger : sans commune"),
            ("without_name", "sans nom diffusé : nommés d'après leur SIRET"),
            ("without_street", "sans voie"),
            ("invalid_postal_code", "codes postaux illisibles, laissés vides"),
            ("commune_unknown", "codes commune inconnus du référentiel"),
            ("commune_via_arrondissement", "arrondissements rattachés à leur commune"),
            ("commune_via_former_code", "anciens codes de communes fusionnées, résolus"),
            ("overseas_coordinates", "coordonnées d'outre-mer (autre projection) : point de la commune"),
            ("lambert_out_of_bounds", "coordonnées Lambert-93 hors de la métropole : point de la commune"),
            ("point_lambert", "points issus des coordonnées Lambert-93"),
            ("point_commune", "points pris au centre de la commune"),
            ("point_none", "sans point"),
        ),
    ),
    (
        "Écritures",
        (
            ("created", "structures créées"),
            ("updated", "structures SIRENE mises à jour"),
            ("unchanged", "structures SIRENE inchangées"),
            ("closed_now", "  dont fermées depuis l'import précédent (gardées, marquées fermées)"),
            ("closed_not_created", "établissements fermés inconnus de l'annuaire, non créés"),
            ("entered_filled", "fiches saisies (main, réseau) complétées sur leurs champs vides"),
            ("entered_unchanged", "fiches saisies laissées telles quelles"),
            ("closed_entered_kept", "fiches saisies fermées selon SIRENE : à vérifier, non modifiées"),
            ("partly_public_skipped", "établissements en diffusion partielle non importés"),
            (
                "partly_public_withdrawn",
                "structures SIRENE passées en diffusion partielle : retirées de la publication, gardées",
            ),
            ("partly_public_still_withdrawn", "structures déjà retirées, toujours en diffusion partielle"),
            ("republished", "structures retirées redevenues publiques : publiées à nouveau"),
            ("kept_person_values", "valeurs saisies par une personne gardées malgré SIRENE"),
            ("source_changes_new", "changements proposés aux gestionnaires (« SIRENE dit désormais »)"),
            ("source_changes_updated", "changements proposés mis à jour"),
            ("source_changes_closed", "changements proposés devenus sans objet"),
            ("disciplines_derived", "disciplines déduites de l'activité (NAF)"),
            ("history_lines", "lignes d'historique écrites"),
            ("named_after_siret", "structures nommées d'après leur SIRET"),
        ),
    ),
)


# Marks of ImportRun.report["seconds"], in the order they are reached, each with what ends there.
PHASES = (
    ("read_and_select", "lecture et sélection"),
    ("structures", "structures écrites"),
    ("write", "comptages par commune écrits"),
    ("committed", "transaction validée"),
)


def duration_lines(run: ImportRun) -> list[str]:
    """Return how long each phase and each listener took, so that an operator sees what costs."""
    report = run.report or {}
    marks = report.get("seconds") or {}
    lines, previous = [], 0.0
    for key, label in PHASES:
        if key in marks:
            lines.append(f"  {marks[key] - previous:>10.1f} s  {label}")
            previous = marks[key]
    for name, seconds in (report.get("listeners_s") or {}).items():
        lines.append(f"  {seconds:>10.1f} s  ensuite : {listener_label(name)}")
    if "total_s" in report:
        lines.append(f"  {report['total_s']:>10.1f} s  au total")
    return ["Durées :", *lines] if lines else []


def summary_lines(run: ImportRun) -> list[str]:
    """Return the lines of the summary, sections with their non-zero counters."""
    counts = run.counts or {}
    lines = [f"Import SIRENE n° {run.pk} : {run.get_status_display()}.", run.message]
    for title, entries in SECTIONS:
        shown = [(label, counts[key]) for key, label in entries if counts.get(key)]
        if not shown:
            continue
        lines.append(f"{title} :")
        lines += [f"  {value:>12_}  {label}".replace("_", " ") for label, value in shown]
    return lines + duration_lines(run)
