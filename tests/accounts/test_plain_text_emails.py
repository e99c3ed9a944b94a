"""Plain-text e-mails show names as typed: an apostrophe or an ampersand never becomes an HTML entity."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string

EMAIL_TEMPLATES = sorted((Path(settings.BASE_DIR) / "templates" / "emails").glob("*.txt"))
NAME = "L'Atelier & Cie <« Théâtre »>"
EMAIL = "o'neil@atelier.example"
URL = "https://maillage.example/contribuer/?a=1&b=2"
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
WHEN = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
STRUCTURE = SimpleNamespace(name=NAME, commune=SimpleNamespace(name="L'Horme"))
# One context holding every variable the e-mail templates use, each a value HTML would escape.
CONTEXT = {
    "user": SimpleNamespace(display_name=NAME),
    "email": EMAIL,
    "link": URL,
    "login_link": URL,
    "reset_link": URL,
    "url": URL,
    "answer_url": URL,
    "structure_url": URL,
    "domain": "maillage.example",
    "protocol": "https",
    "uid": "MQ",
    "token": "cxyz-0123456789abcdef",
    "verdict": "acceptée",
    "inviter_name": NAME,
    "min_answers": 5,
    "days": 365,
    "request": SimpleNamespace(
        get_kind_display="Revendication", subject=NAME, decision_message=NAME, message=NAME, created_at=WHEN
    ),
    "invitation": SimpleNamespace(get_role_display="Membre", structure=STRUCTURE, expires_at=WHEN),
    "campaign": SimpleNamespace(title=NAME, scope=NAME, closes_on=WHEN.date()),
    "structures": [(STRUCTURE, URL)],
    "relation": SimpleNamespace(source=STRUCTURE, target=STRUCTURE),
    "corrections": [SimpleNamespace(label="Nom", before=NAME, after=NAME)],
    "role": "gestionnaire",
    "object": f"de {NAME}",
    "allows": [NAME],
    "second_factor": True,
    "links": [SimpleNamespace(label="Mon espace", url=URL)],
    "actor_role": "administration",
    "kind": "réseau",
    "signup_url": URL,
    "coordination": SimpleNamespace(object_name=NAME, email=EMAIL, expires_at=WHEN),
    "scheme": SimpleNamespace(title=NAME),
    # Initiatives' charter and the open data's rejected file.
    "charter": SimpleNamespace(title=NAME),
    "version": SimpleNamespace(number=2),
    "dataset": SimpleNamespace(title=NAME, schema=NAME),
    "published": SimpleNamespace(day=WHEN.date(), path=NAME),
    "current": SimpleNamespace(day=WHEN.date()),
    "problems": [NAME],
    "more": 0,
    # Alerts, bookings and events (feature apps' mails share this one check).
    "alert": SimpleNamespace(get_frequency_display="quotidienne", description=NAME),
    "confirm_url": URL,
    "count": 1,
    "sections": [
        (
            SimpleNamespace(
                alert=SimpleNamespace(description=NAME),
                items=[SimpleNamespace(title=NAME, summary=NAME, url=URL)],
            ),
            URL,
        )
    ],
    "unsubscribe_url": URL,
    "booking": SimpleNamespace(
        resource=NAME,
        requester=NAME,
        get_state_display="Acceptée",
        cancel_reason=NAME,
        state="requested",
        note=NAME,
    ),
    "period": "du 2 au 3 décembre 2026",
    "registration": SimpleNamespace(name=NAME),
    "event": SimpleNamespace(
        title=NAME,
        start_date=WHEN.date(),
        end_date=WHEN.date(),
        venue=NAME,
        commune=SimpleNamespace(name="L'Horme"),
    ),
    "session": SimpleNamespace(title=NAME),
    "call": SimpleNamespace(title=NAME),
    "application": SimpleNamespace(
        title=NAME,
        structure=SimpleNamespace(name=NAME),
        receipt="AAP-1-1",
        get_decision_display="Retenue",
        justification=NAME,
    ),
    "event_url": URL,
    "cancel_url": URL,
    "checkpoints": [SimpleNamespace(case=SimpleNamespace(title=NAME), months=12, due_on=WHEN.date())],
    "workspace_url": URL,
}


def test_every_email_template_is_checked() -> None:
    assert len(EMAIL_TEMPLATES) >= 9


@pytest.mark.parametrize("template", EMAIL_TEMPLATES, ids=lambda path: path.name)
def test_plain_text_email_keeps_apostrophes_and_ampersands(template: Path) -> None:
    body = render_to_string(f"emails/{template.name}", CONTEXT)

    assert NAME in body or EMAIL in body
    assert ENTITY.search(body) is None, ENTITY.search(body)
