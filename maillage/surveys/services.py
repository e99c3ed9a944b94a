"""Writes of the needs surveys: create and close a campaign, answer it, invite the structures' members."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from maillage.accounts.emails import send_after_commit
from maillage.concurrency.versions import StaleWriteError, check_version
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign, Response
from maillage.surveys.selectors import scope_structures, structure_in_scope
from maillage.territories.models import Territory


class CampaignClosedError(PermissionDenied):
    """The campaign is not open: answers can no longer (or cannot yet) be given or revised."""


def extra_questions_from_labels(labels: list[str]) -> list[dict[str, str]]:
    """Number free-text questions from their labels, blank ones left out."""
    kept = [label.strip() for label in labels if label.strip()]
    return [{"id": f"libre-{position}", "label": label} for position, label in enumerate(kept, start=1)]


@transaction.atomic
def campaign_create(
    *,
    user: Any,
    title: str,
    scope: Territory | Structure,
    opens_on: datetime.date,
    closes_on: datetime.date,
    description: str = "",
    extra_questions: list[str] | None = None,
) -> Campaign:
    """Create a campaign over a territory or a network the user may run campaigns for."""
    if not can(user, Action.RUN_CAMPAIGN, scope):
        raise PermissionDenied("Vous ne pouvez pas mener d'enquête sur ce périmètre.")
    campaign = Campaign(
        title=title.strip(),
        description=description.strip(),
        territory=scope if isinstance(scope, Territory) else None,
        network=scope if isinstance(scope, Structure) else None,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=user,
        extra_questions=extra_questions_from_labels(extra_questions or []),
    )
    campaign.full_clean()
    campaign.save()
    return campaign


@transaction.atomic
def campaign_close(*, user: Any, campaign: Campaign) -> Campaign:
    """Close a campaign now: its answers become read-only."""
    if not can(user, Action.RUN_CAMPAIGN, campaign.scope):
        raise PermissionDenied("Seule la coordination de l'enquête peut la clore.")
    if campaign.is_closed:
        raise CampaignClosedError("Cette enquête est déjà close.")
    campaign.closed_at = timezone.now()
    campaign.full_clean()
    campaign.save(update_fields=["closed_at"])
    return campaign


def check_can_answer(*, user: Any, campaign: Campaign, structure: Structure) -> None:
    """Raise PermissionDenied, with the reason in French, unless the user may answer for the structure."""
    if not can(user, Action.ANSWER_CAMPAIGN, structure):
        raise PermissionDenied("Seuls les membres de la structure peuvent répondre pour elle.")
    if not structure_in_scope(campaign, structure):
        raise PermissionDenied("Cette structure n'est pas dans le périmètre de l'enquête.")


@transaction.atomic
def response_submit(
    *,
    user: Any,
    campaign: Campaign,
    structure: Structure,
    answers: dict[str, Any],
    free_text: dict[str, str] | None = None,
    expected_version: int | None = None,
) -> Response:
    """Record or revise a structure's answers while the campaign is open.

    `expected_version` is the version of the answers the person started from (0: none yet); answers
    saved by another member since raise StaleWriteError. None: revise whatever is saved now.
    """
    check_can_answer(user=user, campaign=campaign, structure=structure)
    if not campaign.is_open:
        if campaign.is_closed:
            raise CampaignClosedError("L'enquête est close : les réponses ne peuvent plus être modifiées.")
        raise CampaignClosedError("L'enquête n'est pas encore ouverte.")
    # The structure's row is locked first, so that two first answers (no response row to lock yet) take
    # turns: the second then finds the first and is refused as stale instead of colliding with it.
    list(Structure.objects.select_for_update().filter(pk=structure.pk).values_list("pk", flat=True))
    response = Response.objects.select_for_update().filter(
        campaign=campaign, structure=structure
    ).first() or Response(campaign=campaign, structure=structure, version=0)
    check_version(response, expected_version)
    texts = {key: value.strip() for key, value in (free_text or {}).items() if value.strip()}
    # A text left as it was keeps its author; a new or changed one is the current user's.
    authors = {
        key: response.free_text_authors.get(key) if response.free_text.get(key) == text else user.pk
        for key, text in texts.items()
    }
    response.answers = answers
    response.free_text = texts
    response.free_text_authors = {key: author for key, author in authors.items() if author is not None}
    response.answered_by = user
    # The row is locked (or, on SQLite, the whole write serialised): saving it whole loses nothing.
    response.version += 1
    response.full_clean()
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        # Another member's first answer landed between the read and this one.
        raise StaleWriteError(current=None, expected_version=expected_version) from error
    return response


@transaction.atomic
def campaign_invite(*, user: Any, campaign: Campaign, answer_url: str) -> int:
    """E-mail the members of the structures in scope that the campaign is open; return how many."""
    if not can(user, Action.RUN_CAMPAIGN, campaign.scope):
        raise PermissionDenied("Seule la coordination de l'enquête peut inviter les membres.")
    if not campaign.is_open:
        raise ValidationError("Les invitations partent quand l'enquête est ouverte.")
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, memberships__structure__in=scope_structures(campaign))
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    send_after_commit(
        to=recipients,
        subject=f"Enquête de besoins : {campaign.title}",
        template="emails/surveys_invitation.txt",
        context={
            "campaign": campaign,
            "answer_url": answer_url,
            "min_answers": settings.STATISTICAL_SECRECY_MIN,
        },
    )
    campaign.invited_at = timezone.now()
    campaign.save(update_fields=["invited_at"])
    return len(set(recipients))
