"""Admin of networks' files: upload a CSV or .xlsx, check its columns on a simulation, then apply.

Staff users only for now (coordinators' accounts and roles come with a later issue). Between the
simulation and the import, the uploaded file waits in a private temporary folder under a random token;
it is deleted once applied, and any file older than a day is removed at the next upload.
"""

from __future__ import annotations

import re
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from maillage.concurrency.locks import IMPORTS, LockHeldError, exclusive
from maillage.imports.models import ColumnMapping
from maillage.imports.networks.columns import FIELDS, IGNORE
from maillage.imports.networks.importer import NetworkFileError, NetworkImport, network_file_import

UPLOAD_DIR = Path(tempfile.gettempdir()) / "maillage-network-files"
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KEEP_SECONDS = 24 * 3600
TOKEN = re.compile(r"^[0-9a-f]{32}$")
FIELD_CHOICES = [("", "— ne pas importer —"), *FIELDS.items()]


class NetworkFileUploadForm(forms.Form):
    file = forms.FileField(label="Fichier CSV ou Excel (.xlsx)")
    source_label = forms.CharField(
        label="Nom de la source",
        max_length=300,
        required=False,
        help_text="Par exemple « Adhérents du réseau X, 2026 ». Réimporter un fichier sous le même nom met à "
        "jour les structures qu'il a créées au lieu d'en créer d'autres. Par défaut : le nom du fichier.",
    )
    saved_mapping = forms.ModelChoiceField(
        ColumnMapping.objects.all(), label="Correspondance de colonnes enregistrée", required=False
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(f"Fichier trop volumineux ({MAX_UPLOAD_BYTES // 1024 // 1024} Mo au plus).")
        return upload


class NetworkFilePreviewForm(forms.Form):
    """The columns as read, each with the field it feeds, to correct before simulating again or applying."""

    token = forms.RegexField(TOKEN, widget=forms.HiddenInput)
    file_name = forms.CharField(max_length=500, widget=forms.HiddenInput)
    source_label = forms.CharField(label="Nom de la source", max_length=300, required=False)
    save_mapping_as = forms.CharField(
        label="Enregistrer ces correspondances sous le nom",
        max_length=200,
        required=False,
        help_text="Pour relire les prochains fichiers de ce réseau sans tout refaire.",
    )

    def __init__(self, *args: Any, headers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.headers = headers
        for index, header in enumerate(headers):
            self.fields[f"header_{index}"] = forms.CharField(widget=forms.HiddenInput, initial=header)
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header, choices=FIELD_CHOICES, required=False
            )

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def mapping(self) -> dict[str, str]:
        return {
            header: self.cleaned_data.get(f"column_{index}") or IGNORE
            for index, header in enumerate(self.headers)
            if header
        }


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "updated_at"]
    search_fields = ["name"]
    readonly_fields = ["created_at", "updated_at"]

    def get_urls(self) -> list[Any]:
        return [
            path(
                "importer-un-fichier/",
                self.admin_site.admin_view(self.network_file_view),
                name="imports_network_file",
            ),
            *super().get_urls(),
        ]

    def network_file_view(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST" and "token" in request.POST:
            return self._preview_step(request)
        form = NetworkFileUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            saved: ColumnMapping | None = form.cleaned_data["saved_mapping"]
            token = _store(upload.read())
            return self._simulate(
                request,
                token=token,
                file_name=str(upload.name),
                source_label=form.cleaned_data["source_label"],
                mapping=saved.mapping if saved else None,
                mapping_name=saved.name if saved else "",
                upload_form=form,
            )
        return self._render(request, "admin/imports/network_file_upload.html", {"form": form})

    def _preview_step(self, request: HttpRequest) -> HttpResponse:
        indices = sorted(int(k.split("_")[1]) for k in request.POST if re.fullmatch(r"header_[0-9]{1,4}", k))
        headers = [str(request.POST.get(f"header_{i}", "")) for i in indices]
        form = NetworkFilePreviewForm(request.POST, headers=headers)
        content = _load(str(request.POST.get("token", "")))
        if not form.is_valid() or content is None:
            messages.error(request, "Fichier expiré ou formulaire incomplet : déposez le fichier à nouveau.")
            return HttpResponseRedirect(reverse("admin:imports_network_file"))
        mapping = form.mapping()
        name = form.cleaned_data["save_mapping_as"].strip()
        if name:
            saved, _ = ColumnMapping.objects.get_or_create(name=name)
            saved.mapping = mapping
            saved.full_clean()
            saved.save()
            messages.success(request, f"Correspondance « {name} » enregistrée.")
        options = {
            "token": form.cleaned_data["token"],
            "file_name": form.cleaned_data["file_name"],
            "source_label": form.cleaned_data["source_label"],
            "mapping": mapping,
            "mapping_name": name,
        }
        if request.POST.get("action") != "apply":
            return self._simulate(request, **options)
        try:
            # The structures' imports are exclusive: another one running, this one is refused at once.
            with exclusive(IMPORTS):
                result = self._run(options, dry_run=False)
        except (NetworkFileError, LockHeldError) as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:imports_network_file"))
        _discard(options["token"])
        for line in result.report.summary():
            messages.info(request, line)
        messages.info(
            request,
            "Les indicateurs de l'observatoire seront mis à jour en arrière-plan : le nouvel instantané "
            "paraîtra dans quelques minutes.",
        )
        return HttpResponseRedirect(reverse("admin:imports_importrun_change", args=[result.run.pk]))

    def _simulate(
        self, request: HttpRequest, upload_form: NetworkFileUploadForm | None = None, **options: Any
    ) -> HttpResponse:
        result, error = None, ""
        try:
            result = self._run(options, dry_run=True)
            layout = result.report.layout
        except NetworkFileError as failure:
            if failure.layout is None:
                upload_form = upload_form or NetworkFileUploadForm()
                upload_form.add_error(None, str(failure))
                return self._render(request, "admin/imports/network_file_upload.html", {"form": upload_form})
            # The header was found but not the name: show the columns so that a person says which.
            layout, error = failure.layout, str(failure)
        columns = layout.columns
        initial = {
            "token": options["token"],
            "file_name": options["file_name"],
            "source_label": result.report.source_label if result else options["source_label"],
            **{f"header_{i}": c.header for i, c in enumerate(columns)},
            **{f"column_{i}": c.field or "" for i, c in enumerate(columns)},
        }
        form = NetworkFilePreviewForm(initial=initial, headers=[c.header for c in columns])
        context: dict[str, Any] = {
            "form": form,
            "report": result.report if result else None,
            "error": error,
            "header_line": layout.header_line,
            "column_rows": list(zip(form.column_fields(), [c.note for c in columns], strict=True)),
        }
        return self._render(request, "admin/imports/network_file_preview.html", context)

    @staticmethod
    def _run(options: dict[str, Any], *, dry_run: bool) -> NetworkImport:
        content = _load(options["token"])
        if content is None:
            raise NetworkFileError("Fichier expiré : déposez-le à nouveau.")
        return network_file_import(
            content=content,
            file_name=options["file_name"],
            source_label=options["source_label"],
            mapping=options["mapping"],
            mapping_name=options["mapping_name"],
            dry_run=dry_run,
            defer_indicators=True,  # 15 to 25 s at full scale: never inside the admin's request
        )

    def _render(self, request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": "Importer le fichier d'un réseau",
            "opts": self.model._meta,
            **context,
        }
        return TemplateResponse(request, template, context)


def _store(content: bytes) -> str:
    UPLOAD_DIR.mkdir(mode=0o700, exist_ok=True)
    now = time.time()
    for old in UPLOAD_DIR.iterdir():
        if now - old.stat().st_mtime > KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = uuid.uuid4().hex
    (UPLOAD_DIR / token).write_bytes(content)
    return token


def _load(token: str) -> bytes | None:
    if not TOKEN.match(token):
        return None
    try:
        return (UPLOAD_DIR / token).read_bytes()
    except FileNotFoundError:
        return None


def _discard(token: str) -> None:
    if TOKEN.match(token):
        (UPLOAD_DIR / token).unlink(missing_ok=True)
