"""Accompaniment's records: bodies and their staff, cases and their phases' contents, shares and reads."""

from maillage.accompaniment.models.attachments import Attachment, AttachmentKind
from maillage.accompaniment.models.bodies import Body, BodyStaff, Consent
from maillage.accompaniment.models.cases import Case, CaseNeed
from maillage.accompaniment.models.content import Checkpoint, Intervention, Situation
from maillage.accompaniment.models.figures import PendingFigures
from maillage.accompaniment.models.sharing import AccessLog, Share

__all__ = [
    "AccessLog",
    "Attachment",
    "AttachmentKind",
    "Body",
    "BodyStaff",
    "Case",
    "CaseNeed",
    "Checkpoint",
    "Consent",
    "Intervention",
    "PendingFigures",
    "Share",
    "Situation",
]
