"""Needs surveys: a campaign over a territory or a network, and one response per structure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from maillage.concurrency.versions import version_field
from maillage.memberships.models import COORDINATED_KINDS
from maillage.structures.models import Structure
from maillage.surveys.enums import CampaignStatus
from maillage.surveys.managers import CampaignQuerySet
from maillage.surveys.questionnaire import CURRENT_VERSION, QUESTIONNAIRES, validate_answers
from maillage.territories.models import Territory

MAX_EXTRA_QUESTIONS = 5
MAX_EXTRA_QUESTION_LENGTH = 300
MAX_FREE_TEXT_LENGTH = 3000


class Campaign(models.Model):
    """A needs survey run by a coordinator over a territory (any level) or over a network's members."""

    title = models.CharField("titre", max_length=200)
    description = models.TextField("présentation", blank=True)
    territory = models.ForeignKey(
        Territory,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_campaigns",
        verbose_name="territoire",
    )
    network = models.ForeignKey(
        Structure,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="survey_campaigns",
        limit_choices_to={"kind__in": COORDINATED_KINDS},
        verbose_name="réseau",
    )
    opens_on = models.DateField("ouverture le")
    closes_on = models.DateField("clôture le")
    # Set when a coordinator closes the campaign before its last day.
    closed_at = models.DateTimeField("close le", null=True, blank=True)
    invited_at = models.DateTimeField("membres invités le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_campaigns",
        verbose_name="créée par",
    )
    questionnaire_version = models.PositiveSmallIntegerField(
        "version du questionnaire", default=CURRENT_VERSION
    )
    # [{"id": "libre-1", "label": "…"}]: optional free-text questions of this campaign.
    extra_questions = models.JSONField("questions ouvertes", default=list, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "enquête de besoins"
        verbose_name_plural = "enquêtes de besoins"
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(territory__isnull=False) & Q(network__isnull=True))
                | (Q(territory__isnull=True) & Q(network__isnull=False)),
                name="campaign_one_scope",
                violation_error_message="Une enquête porte sur un territoire ou sur un réseau, pas les deux.",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")),
                name="campaign_closes_after_opening",
                violation_error_message="La clôture ne peut précéder l'ouverture.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (self.territory_id is None) == (self.network_id is None):
            errors["territory"] = "Choisissez un territoire ou un réseau (un seul)."
        if self.network is not None and self.network.kind not in COORDINATED_KINDS:
            errors["network"] = "Choisissez un réseau, un PTCE ou une CRESS."
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = "La clôture ne peut précéder l'ouverture."
        if self.questionnaire_version not in QUESTIONNAIRES:
            errors["questionnaire_version"] = "Version du questionnaire inconnue."
        if message := _extra_questions_error(self.extra_questions):
            errors["extra_questions"] = message
        if errors:
            raise ValidationError(errors)

    @property
    def scope(self) -> Territory | Structure:
        scope = self.territory if self.territory_id else self.network
        assert scope is not None  # noqa: S101 (the check constraint guarantees one scope)
        return scope

    @property
    def status(self) -> CampaignStatus:
        today = timezone.localdate()
        if self.closed_at is not None or today > self.closes_on:
            return CampaignStatus.CLOSED
        if today < self.opens_on:
            return CampaignStatus.DRAFT
        return CampaignStatus.OPEN

    @property
    def status_label(self) -> str:
        return str(self.status.label)

    @property
    def is_open(self) -> bool:
        return self.status == CampaignStatus.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == CampaignStatus.CLOSED

    @property
    def extra_question_ids(self) -> list[str]:
        return [question["id"] for question in self.extra_questions]


def _extra_questions_error(questions: Any) -> str | None:
    """Return why a list of free-text questions is malformed, or None."""
    if not isinstance(questions, list):
        return "Les questions ouvertes forment une liste."
    if len(questions) > MAX_EXTRA_QUESTIONS:
        return f"{MAX_EXTRA_QUESTIONS} questions ouvertes au plus."
    ids = set()
    for question in questions:
        if not isinstance(question, dict) or not isinstance(question.get("label"), str):
            return "Chaque question ouverte a un identifiant et un libellé."
        label = question["label"].strip()
        if not label:
            return "Une question ouverte ne peut être vide."
        if len(label) > MAX_EXTRA_QUESTION_LENGTH:
            return f"Une question ouverte compte {MAX_EXTRA_QUESTION_LENGTH} caractères au plus."
        ids.add(question.get("id"))
    if len(ids) != len(questions):
        return "Deux questions ouvertes portent le même identifiant."
    return None


class Response(models.Model):
    """A structure's answers to a campaign, revised in place until the campaign closes."""

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="responses", verbose_name="enquête")
    structure = models.ForeignKey(
        Structure, models.CASCADE, related_name="survey_responses", verbose_name="structure"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
        verbose_name="saisie par",
    )
    answers = models.JSONField("réponses", default=dict, blank=True)
    free_text = models.JSONField("réponses ouvertes", default=dict, blank=True)
    # Who wrote each free-text answer ({question id: user pk}): a revision by another member keeps the
    # author of the texts left unchanged, so the erasure of an account blanks exactly that person's texts.
    free_text_authors = models.JSONField("auteurs des réponses ouvertes", default=dict, blank=True)
    created_at = models.DateTimeField("répondu le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    # Two members revising the answers at once: the second names a version that no longer is.
    version = version_field()

    class Meta:
        verbose_name = "réponse"
        verbose_name_plural = "réponses"
        ordering = ["campaign", "structure__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "structure"],
                name="survey_response_unique",
                violation_error_message="Cette structure a déjà répondu à cette enquête.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.structure} — {self.campaign}"

    def clean(self) -> None:
        validate_answers(self.answers, self.campaign.questionnaire_version)
        if not isinstance(self.free_text, dict):
            raise ValidationError({"free_text": "Les réponses ouvertes sont données question par question."})
        known = set(self.campaign.extra_question_ids)
        errors: dict[str, str] = {}
        for question_id, text in self.free_text.items():
            if question_id not in known:
                errors.setdefault("free_text", f"Question ouverte inconnue : « {question_id} ».")
            elif not isinstance(text, str):
                errors[question_id] = "Réponse illisible."
            elif len(text) > MAX_FREE_TEXT_LENGTH:
                errors[question_id] = f"{MAX_FREE_TEXT_LENGTH} caractères au plus."
        if errors:
            raise ValidationError(errors)
