"""The questionnaire of needs, defined once: themes, closed questions, choices, and how results read them.

Answers are stored as JSON keyed by question id: a choice id for a level or yes/no question, a list of
choice ids for a multiple-choice question. Ids never change once a campaign has used them; a new wording
or a new question makes a new version (Campaign.questionnaire_version says which one a campaign asked).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.core.exceptions import ValidationError


class QuestionKind(StrEnum):
    LEVEL = "level"  # besoin fort / modéré / pas de besoin
    YES_NO = "yes_no"
    MULTIPLE = "multiple"  # any number of choices, none included


@dataclass(frozen=True)
class Choice:
    id: str
    label: str


LEVEL_STRONG = "fort"
LEVEL_MODERATE = "modere"
LEVEL_NONE = "aucun"
LEVEL_CHOICES = (
    Choice(LEVEL_STRONG, "Besoin fort"),
    Choice(LEVEL_MODERATE, "Besoin modéré"),
    Choice(LEVEL_NONE, "Pas de besoin"),
)
YES = "oui"
YES_NO_CHOICES = (Choice(YES, "Oui"), Choice("non", "Non"))
# Answers that count as a need expressed, for each kind of single-answer question.
NEED_ANSWERS = {
    QuestionKind.LEVEL: frozenset({LEVEL_STRONG, LEVEL_MODERATE}),
    QuestionKind.YES_NO: frozenset({YES}),
}


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    kind: QuestionKind
    # How results name the need a "oui" or a "besoin fort ou modéré" expresses.
    need_label: str = ""
    options: tuple[Choice, ...] = ()
    help_text: str = ""

    @property
    def choices(self) -> tuple[Choice, ...]:
        match self.kind:
            case QuestionKind.LEVEL:
                return LEVEL_CHOICES
            case QuestionKind.YES_NO:
                return YES_NO_CHOICES
        return self.options

    @property
    def required(self) -> bool:
        """Tell whether an answer must be given (a multiple-choice question may be left with none ticked)."""
        return self.kind != QuestionKind.MULTIPLE


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    questions: tuple[Question, ...]

    @property
    def level_question(self) -> Question:
        """Return the theme's question on the level of need, which breakdowns compare across groups."""
        return next(q for q in self.questions if q.kind == QuestionKind.LEVEL)


@dataclass(frozen=True)
class Questionnaire:
    version: int
    themes: tuple[Theme, ...]

    def questions(self) -> dict[str, Question]:
        return {q.id: q for theme in self.themes for q in theme.questions}


def _level(theme_id: str, subject: str) -> Question:
    return Question(
        f"{theme_id}_niveau",
        f"Quel est le besoin de votre structure en matière {subject} ?",
        QuestionKind.LEVEL,
        need_label="Besoin exprimé (fort ou modéré)",
    )


def _choices(*labels: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(choice_id, label) for choice_id, label in labels)


THEMES = (
    Theme(
        "emploi",
        "Emploi et fonction employeur",
        (
            _level("emploi", "d'emploi et de fonction employeur"),
            Question(
                "emploi_sujets",
                "Sur quels sujets ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("mutualiser", "Mutualiser un emploi (groupement d'employeurs)"),
                    ("fonction_employeur", "Fonction employeur (paie, contrats)"),
                    ("recruter", "Recruter"),
                    ("perenniser", "Pérenniser un emploi"),
                    ("intermittence", "Emploi d'artistes et de techniciens intermittents"),
                    ("conditions_travail", "Conditions de travail, santé et sécurité"),
                ),
            ),
            Question(
                "emploi_partage",
                "Seriez-vous intéressés par un emploi partagé avec d'autres structures ?",
                QuestionKind.YES_NO,
                need_label="Intérêt pour un emploi partagé",
            ),
        ),
    ),
    Theme(
        "formation",
        "Formation et compétences",
        (
            _level("formation", "de formation et de compétences"),
            Question(
                "formation_sujets",
                "Dans quels domaines ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("gestion", "Gestion administrative et financière"),
                    ("droit", "Droit et réglementation (contrats, licences d'entrepreneur de spectacles)"),
                    ("communication", "Communication et relations avec les publics"),
                    ("numerique", "Outils numériques"),
                    ("management", "Management et conduite de projet"),
                    ("securite", "Sécurité des lieux et des publics"),
                ),
            ),
            Question(
                "formation_plan",
                "Avez-vous besoin d'aide pour construire le plan de formation de l'équipe ?",
                QuestionKind.YES_NO,
                need_label="Aide au plan de formation",
            ),
        ),
    ),
    Theme(
        "financement",
        "Financement et modèle économique",
        (
            _level("financement", "de financement et de modèle économique"),
            Question(
                "financement_sujets",
                "Sur quels sujets ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("diversifier", "Diversifier les ressources"),
                    ("tresorerie", "Trésorerie"),
                    ("subventions", "Subventions et appels à projets"),
                    ("mecenat", "Mécénat et financement participatif"),
                    ("investissement", "Financer un investissement (équipement, travaux)"),
                    ("tarifs", "Fixer ses prix et ses tarifs"),
                ),
            ),
            Question(
                "financement_accompagnement",
                "Souhaitez-vous un accompagnement sur votre modèle économique (par exemple par un DLA) ?",
                QuestionKind.YES_NO,
                need_label="Accompagnement sur le modèle économique",
            ),
        ),
    ),
    Theme(
        "locaux",
        "Locaux et lieux partagés",
        (
            _level("locaux", "de locaux et de lieux"),
            Question(
                "locaux_sujets",
                "De quoi avez-vous besoin ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("bureau", "Un bureau ou un local de stockage"),
                    ("repetition", "Un lieu de répétition, de création ou de fabrication"),
                    ("partage", "Partager un lieu avec d'autres structures"),
                    ("normes", "Mettre un lieu aux normes ou le rendre accessible"),
                    ("energie", "Réduire les dépenses d'énergie"),
                ),
            ),
            Question(
                "locaux_offre",
                "Disposez-vous d'espaces que vous pourriez partager avec d'autres structures ?",
                QuestionKind.YES_NO,
                need_label="Espaces à partager",
            ),
        ),
    ),
    Theme(
        "cooperation",
        "Coopération et mutualisation",
        (
            _level("cooperation", "de coopération et de mutualisation"),
            Question(
                "cooperation_sujets",
                "Que souhaiteriez-vous mutualiser ou développer ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("materiel", "Du matériel"),
                    ("fonctions_support", "Des fonctions support (comptabilité, communication)"),
                    ("coproduction", "Des coproductions ou des événements communs"),
                    ("achats", "Des achats groupés"),
                    ("reseau", "L'adhésion à un réseau ou à une fédération"),
                    ("ptce", "Un pôle territorial de coopération économique (PTCE)"),
                ),
            ),
            Question(
                "cooperation_connaissance",
                "Souhaitez-vous mieux connaître les structures proches de vous ?",
                QuestionKind.YES_NO,
                need_label="Mieux connaître les structures proches",
            ),
        ),
    ),
    Theme(
        "numerique",
        "Numérique",
        (
            _level("numerique", "de numérique"),
            Question(
                "numerique_sujets",
                "Sur quels sujets ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("gestion", "Outils de gestion (comptabilité, paie, planning)"),
                    ("site_web", "Site web et réseaux sociaux"),
                    ("billetterie", "Billetterie et vente en ligne"),
                    ("donnees", "Protection des données personnelles (RGPD)"),
                    ("diffusion", "Diffusion numérique des œuvres"),
                    ("equipement", "Équipement informatique"),
                ),
            ),
        ),
    ),
    Theme(
        "gouvernance",
        "Gouvernance",
        (
            _level("gouvernance", "de gouvernance"),
            Question(
                "gouvernance_sujets",
                "Sur quels sujets ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("instances", "Renouveler les instances (bureau, conseil d'administration)"),
                    ("statut", "Faire évoluer le statut (association, SCOP, SCIC…)"),
                    ("participation", "Associer salariés, bénévoles et usagers aux décisions"),
                    ("statuts", "Rédiger ou réviser les statuts"),
                    ("transmission", "Préparer une transmission"),
                ),
            ),
        ),
    ),
    Theme(
        "benevolat",
        "Bénévolat",
        (
            _level("benevolat", "de bénévolat"),
            Question(
                "benevolat_sujets",
                "Sur quels sujets ?",
                QuestionKind.MULTIPLE,
                options=_choices(
                    ("recruter", "Trouver des bénévoles"),
                    ("accueillir", "Accueillir et former les bénévoles"),
                    ("valoriser", "Reconnaître et valoriser l'engagement"),
                    ("articuler", "Articuler le travail des bénévoles et des salariés"),
                ),
            ),
            Question(
                "benevolat_service_civique",
                "Souhaitez-vous accueillir une personne en service civique ?",
                QuestionKind.YES_NO,
                need_label="Accueil d'une personne en service civique",
            ),
        ),
    ),
)

QUESTIONNAIRES = {1: Questionnaire(1, THEMES)}
CURRENT_VERSION = max(QUESTIONNAIRES)


def questionnaire(version: int = CURRENT_VERSION) -> Questionnaire:
    """Return a version of the questionnaire."""
    return QUESTIONNAIRES[version]


def validate_answers(answers: Any, version: int = CURRENT_VERSION) -> None:
    """Raise a French ValidationError, per question, for unknown questions or choices and missing answers."""
    if not isinstance(answers, dict):
        raise ValidationError("Les réponses doivent être données question par question.")
    questions = questionnaire(version).questions()
    errors: dict[str, list[str]] = {}
    for question_id, value in answers.items():
        question = questions.get(question_id)
        if question is None:
            errors.setdefault("answers", []).append(f"Question inconnue : « {question_id} ».")
            continue
        allowed = {choice.id for choice in question.choices}
        given = value if question.kind == QuestionKind.MULTIPLE else [value]
        if not isinstance(given, list) or not all(isinstance(v, str) for v in given):
            errors[question_id] = ["Réponse illisible."]
        elif unknown := [v for v in given if v not in allowed]:
            errors[question_id] = [f"Choix inconnu : « {unknown[0]} »."]
    for question in questions.values():
        if question.required and question.id not in answers and question.id not in errors:
            errors[question.id] = ["Répondez à cette question."]
    if errors:
        raise ValidationError(errors)
