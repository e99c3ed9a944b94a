"""Calls for projects: the call, its questions and criteria, applications, reviews and decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from maillage.calls.enums import ApplicationState, CallStatus, CommitteeRole, Decision, QuestionKind
from maillage.concurrency.versions import version_field
from maillage.structures.models import Discipline, Structure
from maillage.structures.models.provenance import Sourced
from maillage.territories.models import Territory

USER = settings.AUTH_USER_MODEL


class Call(Sourced):
    """A call for projects: who organises it, for whom (the schemes' typed criteria), when, judged how."""

    title = models.CharField("titre", max_length=300)
    slug = models.SlugField("adresse courte", max_length=120, unique=True)
    summary = models.TextField("présentation")
    organisers = models.ManyToManyField(
        Structure, related_name="organised_calls", verbose_name="organisateurs"
    )
    territory = models.ForeignKey(
        Territory, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="territoire"
    )
    # The schemes' criteria, same names (maillage.schemes.criteria.Criteria): the same judge reads both.
    targets = models.JSONField("publics visés", default=list, blank=True)
    min_years = models.PositiveSmallIntegerField("années d'existence minimales", null=True, blank=True)
    headcount_min = models.PositiveIntegerField("effectif minimal", null=True, blank=True)
    headcount_max = models.PositiveIntegerField("effectif maximal", null=True, blank=True)
    legal_forms = models.JSONField("formes juridiques", default=list, blank=True)
    legal_forms_excluded = models.JSONField("formes juridiques exclues", default=list, blank=True)
    naf_codes = models.JSONField("codes NAF ciblés", default=list, blank=True)
    naf_excluded = models.JSONField("codes NAF exclus", default=list, blank=True)
    ess_families = models.JSONField("familles de l'ESS", default=list, blank=True)
    esus_only = models.BooleanField("réservé aux entreprises agréées ESUS", default=False)
    disciplines = models.ManyToManyField(Discipline, blank=True, related_name="calls")
    opens_at = models.DateTimeField("ouverture des candidatures")
    closes_at = models.DateTimeField("clôture des candidatures")
    review_until = models.DateField("fin de l'évaluation")
    decision_on = models.DateField("date de décision")
    anonymised = models.BooleanField(
        "évaluation anonyme",
        default=False,
        help_text="Les évaluateurs ne voient pas l'identité des candidats.",
    )
    reviews_per_application = models.PositiveSmallIntegerField("évaluations par candidature", default=3)
    status = models.CharField("statut", max_length=10, choices=CallStatus.choices, default=CallStatus.DRAFT)
    decisions_published_at = models.DateTimeField("décisions notifiées le", null=True, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    version = version_field()

    class Meta:
        verbose_name = "appel à projets"
        verbose_name_plural = "appels à projets"
        ordering = ["-closes_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="call_closes_after_open"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("calls:detail", kwargs={"slug": self.slug})


class Question(models.Model):
    """A typed question of the call's questionnaire, with its limits."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField("rang", default=0)
    label = models.CharField("question", max_length=300)
    help_text = models.CharField("aide", max_length=300, blank=True)
    kind = models.CharField("type", max_length=12, choices=QuestionKind.choices)
    required = models.BooleanField("obligatoire", default=True)
    max_length = models.PositiveIntegerField("longueur maximale", null=True, blank=True)
    min_value = models.IntegerField("minimum", null=True, blank=True)
    max_value = models.IntegerField("maximum", null=True, blank=True)
    choices = models.JSONField("choix", default=list, blank=True)

    class Meta:
        verbose_name = "question"
        ordering = ["call", "position", "pk"]

    def __str__(self) -> str:
        return self.label

    @property
    def key(self) -> str:
        return f"q{self.pk}"


class Criterion(models.Model):
    """A weighted scoring criterion: each reviewer gives 0 to `max_score` points."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField("rang", default=0)
    label = models.CharField("critère", max_length=200)
    description = models.TextField("description", blank=True)
    weight = models.PositiveSmallIntegerField("poids", default=1)
    max_score = models.PositiveSmallIntegerField("note maximale", default=10)

    class Meta:
        verbose_name = "critère de notation"
        verbose_name_plural = "critères de notation"
        ordering = ["call", "position", "pk"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")]

    def __str__(self) -> str:
        return self.label


class CommitteeMember(models.Model):
    """A person sitting on the call's committee: a reviewer, or its chair who also deliberates."""

    call = models.ForeignKey(Call, models.CASCADE, related_name="committee")
    user = models.ForeignKey(USER, models.CASCADE, related_name="call_committees")
    role = models.CharField(
        "rôle", max_length=10, choices=CommitteeRole.choices, default=CommitteeRole.REVIEWER
    )
    added_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "membre du comité"
        verbose_name_plural = "membres du comité"
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="committee_call_user_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Application(models.Model):
    """A structure's application: a draft its managers edit, then submitted and frozen with a receipt."""

    call = models.ForeignKey(Call, models.PROTECT, related_name="applications")
    structure = models.ForeignKey(Structure, models.PROTECT, related_name="call_applications")
    title = models.CharField("titre du projet", max_length=300)
    answers = models.JSONField("réponses", default=dict, blank=True)
    # What the directory said of the structure (identity, territory, key figures, relations) and when:
    # copied at creation, read again at submission, then frozen with the rest.
    directory = models.JSONField("fiche de l'annuaire", default=dict, blank=True)
    directory_read_at = models.DateTimeField("fiche lue le", null=True, blank=True)
    consent_publication = models.BooleanField("accepte d'être cité si retenu", default=False)
    state = models.CharField(
        "état", max_length=10, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    submitted_at = models.DateTimeField("déposée le", null=True, blank=True)
    submitted_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    receipt = models.CharField("accusé de réception", max_length=40, blank=True)
    content_hash = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    decision = models.CharField("décision", max_length=10, choices=Decision.choices, default=Decision.PENDING)
    justification = models.TextField("motivation de la décision", blank=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    created_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)
    version = version_field()

    class Meta:
        verbose_name = "candidature"
        ordering = ["call", "pk"]
        constraints = [
            # One live application per structure and call, decided by the database.
            models.UniqueConstraint(
                fields=["call", "structure"],
                condition=~Q(state=ApplicationState.WITHDRAWN),
                name="application_one_live_per_structure",
            )
        ]
        indexes = [models.Index(fields=["call", "state"], name="application_call_state_idx")]

    def __str__(self) -> str:
        return f"Candidature n° {self.pk} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("calls:application", kwargs={"pk": self.pk})


class Assignment(models.Model):
    """A reviewer given an application to score; withdrawn (never deleted) when a conflict is declared."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="assignments")
    # Kept (detached) when the reviewer's account is erased: the scores belong to the deliberation.
    reviewer = models.ForeignKey(USER, models.SET_NULL, null=True, related_name="call_assignments")
    assigned_by = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    assigned_at = models.DateTimeField("assignée le", auto_now_add=True)
    submitted_at = models.DateTimeField("évaluation rendue le", null=True, blank=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    withdrawn_reason = models.CharField("motif du retrait", max_length=300, blank=True)
    version = version_field()

    class Meta:
        verbose_name = "évaluation assignée"
        verbose_name_plural = "évaluations assignées"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="assignment_once_per_reviewer")
        ]
        indexes = [models.Index(fields=["reviewer", "application"], name="assignment_reviewer_idx")]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.application}"


class ConflictDeclaration(models.Model):
    """A conflict of interest a reviewer declares on an application, beyond those the graph shows."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="conflicts_declared")
    reviewer = models.ForeignKey(USER, models.CASCADE, related_name="call_conflicts")
    reason = models.CharField("motif", max_length=300)
    declared_at = models.DateTimeField("déclaré le", auto_now_add=True)

    class Meta:
        verbose_name = "conflit d'intérêts déclaré"
        verbose_name_plural = "conflits d'intérêts déclarés"
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="conflict_once_per_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} — {self.application} : {self.reason}"


class Score(models.Model):
    """A reviewer's points on one criterion, with a comment: confidential to the committee."""

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField("note")
    comment = models.TextField("commentaire", blank=True, max_length=3000)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    class Meta:
        verbose_name = "note"
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_once_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.value}"


class ApplicationEvent(models.Model):
    """One step of an application's history: who, when, from which state or decision to which, why."""

    application = models.ForeignKey(Application, models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField("le", auto_now_add=True)
    field = models.CharField("objet", max_length=10)  # "state" or "decision"
    old = models.CharField("avant", max_length=12, blank=True)
    new = models.CharField("après", max_length=12)
    reason = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "étape d'une candidature"
        verbose_name_plural = "historique des candidatures"
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.field} {self.old} → {self.new}"

    def _label(self, value: str) -> str:
        labels = dict(ApplicationState.choices if self.field == "state" else Decision.choices)
        return str(labels.get(value, value))

    @property
    def old_label(self) -> str:
        return self._label(self.old) if self.old else ""

    @property
    def new_label(self) -> str:
        return self._label(self.new)
