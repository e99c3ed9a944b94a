"""The calls in the admin: read mostly; writes by people go through the pages and their services."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from maillage.calls.models import (
    Application,
    ApplicationEvent,
    Assignment,
    Call,
    CommitteeMember,
    Criterion,
    Question,
)
from maillage.concurrency.forms import VersionField
from maillage.concurrency.versions import versioned_update


class QuestionInline(admin.TabularInline[Question, Call]):
    model = Question
    extra = 0


class CriterionInline(admin.TabularInline[Criterion, Call]):
    model = Criterion
    extra = 0


class CommitteeInline(admin.TabularInline[CommitteeMember, Call]):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ("user",)


class CallAdminForm(forms.ModelForm[Call]):
    # The call's version when the page was opened: saving over a newer one is refused (ADR 6).
    expected_version = VersionField(label="version", required=False)

    class Meta:
        model = Call
        fields = [
            *("title", "slug", "summary", "organisers", "territory", "targets", "min_years", "headcount_min"),
            *("headcount_max", "legal_forms", "legal_forms_excluded", "naf_codes", "naf_excluded"),
            *("ess_families", "esus_only", "disciplines", "opens_at", "closes_at", "review_until"),
            *("decision_on", "anonymised", "reviews_per_application", "status", "created_by"),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["expected_version"] = self.instance.version

    def clean_expected_version(self) -> int | None:
        version = self.cleaned_data["expected_version"]
        if self.instance.pk and version is not None and version != self.instance.version:
            raise forms.ValidationError(
                "Quelqu'un a modifié cet appel depuis que vous l'avez ouvert (par sa page ou ici) : rien "
                "n'a été enregistré. Rouvrez-le pour voir ses valeurs actuelles, puis refaites vos "
                "changements."
            )
        return version


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    form = CallAdminForm
    list_display = ("title", "status", "opens_at", "closes_at", "decisions_published_at")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("organisers", "disciplines")
    raw_id_fields = ("territory", "created_by")
    readonly_fields = ("version", "decisions_published_at")
    inlines = [QuestionInline, CriterionInline, CommitteeInline]

    def save_model(self, request: HttpRequest, obj: Call, form: forms.ModelForm[Call], change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # Conditional on the version the form was read at: a page's edit in between is not overwritten.
        expected = form.cleaned_data.get("expected_version")
        fields = [name for name in form.changed_data if name in {f.name for f in Call._meta.concrete_fields}]
        versioned_update(obj, expected_version=obj.version if expected is None else expected, fields=fields)


class EventInline(admin.TabularInline[ApplicationEvent, Application]):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("actor", "at", "field", "old", "new", "reason")


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    list_display = ("pk", "title", "structure", "call", "state", "decision")
    list_filter = ("state", "decision", "call")
    search_fields = ("title", "structure__name", "receipt")
    raw_id_fields = ("structure", "call", "created_by", "submitted_by")
    # Frozen content: the admin shows it, the services alone write it.
    readonly_fields = (
        *("state", "answers", "directory", "directory_read_at", "submitted_at", "submitted_by"),
        *("receipt", "content_hash", "decision", "justification", "decided_at", "version"),
    )
    inlines = [EventInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin[Assignment]):
    list_display = ("application", "reviewer", "assigned_at", "submitted_at", "withdrawn_at")
    raw_id_fields = ("application", "reviewer", "assigned_by")
