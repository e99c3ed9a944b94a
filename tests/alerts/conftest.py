"""Fixtures of the alerts: the Loire and the Rhône, and a way to create confirmed alerts."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.http import QueryDict
from django.utils import timezone

from maillage.alerts.directory import parse_structure_search
from maillage.alerts.models import Alert
from maillage.alerts.services import alert_create

SAINT_ETIENNE = "COM-42218"
LYON = "COM-69123"

MakeAlert = Callable[..., Alert]


@pytest.fixture
def make_alert(loire_rhone: None) -> MakeAlert:
    """Create a directory alert from a query string, confirmed an hour ago unless told otherwise."""

    def make(
        query: str, *, email: str = "lea@example.org", frequency: str = "daily", confirmed: bool = True
    ) -> Alert:
        params: dict[str, Any] = parse_structure_search(QueryDict(query))
        alert = alert_create(email=email, kind="structures", params=params, frequency=frequency)
        if confirmed:
            Alert.objects.filter(pk=alert.pk).update(
                confirmed_at=timezone.now() - datetime.timedelta(hours=1)
            )
            alert.refresh_from_db()
        return alert

    return make
