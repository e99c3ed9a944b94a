"""Pages of open data: parse the address, read the published files, answer."""

from __future__ import annotations

import datetime
import re

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from maillage.opendata.models import PublishedFile
from maillage.opendata.publication import file_path
from maillage.opendata.registry import LICENCE, LICENCE_URL, dataset_get
from maillage.opendata.selectors import current_file, current_files, datapackage, dated_file, dated_file_name

DATED = re.compile(r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})\.(?P<extension>[a-z]+)", re.ASCII)
JSON_OPTIONS = {"ensure_ascii": False, "indent": 2}


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """List the datasets with their current file's schema, licence, date, size and checksum."""
    return render(
        request,
        "www/opendata/index.html",
        {"listings": current_files(), "licence": LICENCE, "licence_url": LICENCE_URL},
    )


@require_GET
def datapackage_json(request: HttpRequest) -> JsonResponse:
    """Describe every current file as a Data Package."""
    site_url = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(datapackage(site_url=site_url), json_dumps_params=JSON_OPTIONS)


@require_GET
def table_schema(request: HttpRequest, name: str) -> JsonResponse:
    """Answer the Table Schema a CSV dataset follows."""
    dataset = dataset_get(name)
    if dataset is None or dataset.table_schema is None:
        raise Http404("Aucun schéma de table pour ce jeu de données.")
    return JsonResponse(dataset.table_schema, json_dumps_params=JSON_OPTIONS)


def _serve(published: PublishedFile | None) -> FileResponse:
    dataset = dataset_get(published.dataset) if published else None
    if published is None or dataset is None:
        raise Http404("Ce fichier n'est pas publié.")
    path = file_path(published)
    if not path.is_file():
        raise Http404("Ce fichier n'est plus conservé.")
    response = FileResponse(
        path.open("rb"),
        content_type=dataset.media_type,
        as_attachment=True,
        filename=dated_file_name(published),
    )
    response["ETag"] = f'"{published.sha256}"'
    return response


@require_GET
def current_download(request: HttpRequest, file_name: str) -> FileResponse:
    """Serve a dataset's current file at its stable address, /donnees/<dataset>.<format>."""
    name, _, extension = file_name.rpartition(".")
    dataset = dataset_get(name)
    if dataset is None or extension != dataset.extension:
        raise Http404("Aucun jeu de données de ce nom.")
    return _serve(current_file(name))


@require_GET
def dated_download(request: HttpRequest, name: str, file_name: str) -> FileResponse:
    """Serve a day's valid file, /donnees/<dataset>/<dataset>-<AAAA-MM-JJ>.<format>."""
    dataset = dataset_get(name)
    found = DATED.fullmatch(file_name.removeprefix(f"{name}-")) if file_name.startswith(f"{name}-") else None
    if dataset is None or found is None or found["extension"] != dataset.extension:
        raise Http404("Aucun fichier de ce nom.")
    try:
        day = datetime.date.fromisoformat(found["day"])
    except ValueError:
        raise Http404("Date invalide.") from None
    return _serve(dated_file(name, day))
