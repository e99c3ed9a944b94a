"""Attach documents to a case (typed by their content, size capped), withdraw them, decide who reads them.

A file is accepted for what its first bytes show it is — PDF, ODT, ODS, DOCX, XLSX, PNG or JPEG — and only
when its extension says the same; its size is capped by ACCOMPANIMENT_ATTACHMENT_MAX_BYTES (10 Mo).
"""

from __future__ import annotations

import os
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accompaniment.enums import CaseAction
from maillage.accompaniment.models import Attachment, AttachmentKind, Case, Intervention
from maillage.accompaniment.rules import case_rule, intervention_rule, is_officer

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Found type → (content type, the extensions that may carry it).
TYPES = {
    "pdf": ("application/pdf", ("pdf",)),
    "png": ("image/png", ("png",)),
    "jpeg": ("image/jpeg", ("jpg", "jpeg")),
    "odt": ("application/vnd.oasis.opendocument.text", ("odt",)),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ("ods",)),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",)),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)),
}
ACCEPTED = "PDF, ODT, ODS, DOCX, XLSX, PNG ou JPEG"


class AttachmentTooLargeError(ValidationError):
    """The file is over the size cap (answered 413)."""


class AttachmentTypeError(ValidationError):
    """The file's content is none of the accepted types, or its extension says otherwise (answered 415)."""


def max_bytes() -> int:
    return int(getattr(settings, "ACCOMPANIMENT_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _zipped(upload: Any, head: bytes) -> str | None:
    # OpenDocument stores its type first, uncompressed, in an entry named "mimetype" (ODF 1.2, 3.3).
    if head[30:38] == b"mimetype":
        for found in ("odt", "ods"):
            mimetype = TYPES[found][0].encode()
            if head[38 : 38 + len(mimetype) + 2] == mimetype + b"PK":
                return found
    try:
        names = set(zipfile.ZipFile(upload).namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    return None


def sniff(upload: Any) -> str | None:
    """Return the type the file's first bytes show ("pdf", "docx"…), None for any other content."""
    upload.seek(0)
    head = upload.read(128)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04"):
        return _zipped(upload, head)
    return None


def check_file(upload: Any) -> str:
    """Return the file's content type, or raise a French error on its size or its type."""
    limit = max_bytes()
    if upload.size > limit:
        raise AttachmentTooLargeError(
            f"Fichier trop lourd ({upload.size / 1048576:.1f} Mo) : {limit / 1048576:.0f} Mo au plus."
        )
    found = sniff(upload)
    if found is None:
        raise AttachmentTypeError(f"Type de fichier refusé : seuls les fichiers {ACCEPTED} sont acceptés.")
    content_type, extensions = TYPES[found]
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension not in extensions:
        raise AttachmentTypeError(
            f"Le nom du fichier (.{extension or '?'}) ne correspond pas à son contenu ({found.upper()})."
        )
    return content_type


@transaction.atomic
def attachment_add(
    *, case: Case, actor: Any, upload: Any, kind: str, intervention: Intervention | None = None
) -> Attachment:
    """Attach a document to the case (or to one of its actions): the body's officers only."""
    if not case_rule(actor, CaseAction.EDIT, case):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure déposent des pièces.")
    if intervention is not None and intervention.case_id != case.pk:
        raise ValidationError({"intervention": "Cette action n'appartient pas au dossier."})
    content_type = check_file(upload)
    title = os.path.basename(upload.name or "piece")[:200]
    attachment = Attachment(
        case=case, intervention=intervention, kind=AttachmentKind(kind), title=title,
        content_type=content_type, size=upload.size, uploaded_by=actor,
    )  # fmt: skip
    attachment.file.save(title, upload, save=False)
    attachment.save()
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())
    return attachment


@transaction.atomic
def attachment_withdraw(*, attachment: Attachment, actor: Any) -> Attachment:
    """Hide a document from the case (kept, dated, file included); a second withdrawal is refused."""
    if not is_officer(actor, attachment.case.body_id) and not getattr(actor, "is_superuser", False):
        raise PermissionDenied("Seul·es les chargé·es d'accompagnement de la structure retirent une pièce.")
    now = timezone.now()
    if not Attachment.objects.filter(pk=attachment.pk, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor
    ):
        raise ValidationError("Cette pièce était déjà retirée.")
    attachment.withdrawn_at, attachment.withdrawn_by = now, actor
    return attachment


def attachment_rule(user: Any, action: str, attachment: Attachment) -> bool:
    """An action's document: whoever reads the action; a diagnostic report: the diagnostic's readers."""
    if action == "view":
        if attachment.intervention is not None:
            return intervention_rule(user, "view", attachment.intervention)
        needed = (
            CaseAction.VIEW_DIAGNOSTIC if attachment.kind == AttachmentKind.DIAGNOSTIC else CaseAction.VIEW
        )
        return case_rule(user, needed, attachment.case)
    return case_rule(user, CaseAction.EDIT, attachment.case)


def visible_attachments(user: Any, case: Case) -> list[Attachment]:
    """Return the case's live documents the user may read (the rule asked once per kind, not per file)."""
    found = list(
        Attachment.objects.filter(case=case, withdrawn_at__isnull=True).select_related("intervention")
    )
    if not found:
        return []
    reads = case_rule(user, CaseAction.VIEW, case)
    reads_diagnostic = reads and case_rule(user, CaseAction.VIEW_DIAGNOSTIC, case)

    def readable(attachment: Attachment) -> bool:
        if attachment.intervention is not None:
            return reads or attachment.intervention.consultant_id == getattr(user, "pk", None)
        return reads_diagnostic if attachment.kind == AttachmentKind.DIAGNOSTIC else reads

    return [a for a in found if readable(a)]
