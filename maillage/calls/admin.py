"""The calls in the admin: read mostly; writes by people go through the pages and their services."""

from django.contrib import admin

from maillage.calls.models import (
    Application,
    ApplicationEvent,
    Assignment,
    Call,
    CommitteeMember,
    Criterion,
    Question,
)


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


@admin.register(Call)
class CallAdmin(admin.ModelAdmin[Call]):
    list_display = ("title", "status", "opens_at", "closes_at", "decisions_published_at")
    list_filter = ("status",)
    search_fields = ("title",)
    filter_horizontal = ("organisers", "disciplines")
    raw_id_fields = ("territory", "created_by")
    readonly_fields = ("version", "decisions_published_at")
    inlines = [QuestionInline, CriterionInline, CommitteeInline]


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
