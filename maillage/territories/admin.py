"""Admin of the referential: imported territories are read-only, project territories are made here."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from maillage.territories.enums import Level, ProjectKind
from maillage.territories.models import ReferentialRelease, Territory
from maillage.territories.services import ProjectTerritoryError, project_territory_import_csv


class ProjectTerritoryCsvForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=200)
    kind = forms.ChoiceField(label="Type", choices=ProjectKind.choices)
    description = forms.CharField(label="Description", widget=forms.Textarea, required=False)
    csv_file = forms.FileField(label="Fichier CSV des codes INSEE des communes")
    replace = forms.BooleanField(label="Remplacer un territoire du même nom", required=False)

    def clean_csv_file(self) -> str:
        upload = self.cleaned_data["csv_file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError("Fichier trop volumineux (5 Mo au plus).")
        raw = upload.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return str(raw.decode("cp1252"))


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "level", "population", "is_current", "millesime"]
    list_filter = ["level", "is_current", "project_kind"]
    search_fields = ["id", "name", "search_name"]
    readonly_fields = ["search_name", "updated_at"]
    raw_id_fields = ["region", "departement", "epci", "commune"]
    change_list_template = "admin/territories/territory/change_list.html"

    def has_change_permission(self, request: HttpRequest, obj: Territory | None = None) -> bool:
        # Imported territories are owned by import_territoires: only project territories are edited by hand.
        if obj is not None and obj.level != Level.PROJET:
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_urls(self) -> list[Any]:
        return [
            path(
                "territoire-de-projet/",
                self.admin_site.admin_view(self.import_project_view),
                name="territories_territory_import_project",
            ),
            *super().get_urls(),
        ]

    def import_project_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request) or not request.user.has_perm("territories.change_territory"):
            return HttpResponse(status=403)
        form = ProjectTerritoryCsvForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            try:
                report = project_territory_import_csv(
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    csv_text=form.cleaned_data["csv_file"],
                    description=form.cleaned_data["description"],
                    replace=form.cleaned_data["replace"],
                )
            except ProjectTerritoryError as error:
                form.add_error(None, str(error))
            else:
                if report.ok and report.territory is not None:
                    messages.success(
                        request, f"{report.territory.name} créé avec {report.communes} communes."
                    )
                    return HttpResponseRedirect(
                        reverse("admin:territories_territory_change", args=[report.territory.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "title": "Créer un territoire de projet à partir d'un CSV",
            "form": form,
            "report": report,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/territories/import_project.html", context)


@admin.register(ReferentialRelease)
class ReferentialReleaseAdmin(admin.ModelAdmin):
    list_display = ["imported_at", "source", "millesime"]
    readonly_fields = ["source", "millesime", "fingerprint", "summary", "imported_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
