"""The catalogue in the alerts' digests and under the link checker, now that all three apps run together."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.http import QueryDict
from django.utils import timezone

from maillage.alerts.digests import send_digests
from maillage.alerts.models import Alert
from maillage.alerts.registry import alert_kind
from maillage.alerts.services import alert_create
from maillage.links.services import check_links
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from tests.accounts.factories import UserFactory
from tests.links.servers import Behaviour, http_server
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_a_saved_search_of_schemes_mails_a_scheme_published_since() -> None:
    kind = alert_kind("dispositifs")
    assert kind is not None, "the catalogue registers its saved searches"
    params = kind.parse(QueryDict("q=mutualisation"))
    alert = alert_create(email="lea@example.org", kind="dispositifs", params=params, frequency="daily")
    Alert.objects.filter(pk=alert.pk).update(confirmed_at=timezone.now() - datetime.timedelta(hours=1))
    make_scheme(title="Aide à la mutualisation d'emplois culturels", description="Mutualisation d'emplois.")
    make_scheme(title="Prêt d'honneur aux créateurs", description="Un prêt sans intérêt.")
    mail.outbox.clear()

    summary = send_digests(frequency="daily")

    assert summary.sent == 1
    [message] = mail.outbox
    assert "Aide à la mutualisation d'emplois culturels" in message.body
    assert "Prêt d'honneur aux créateurs" not in message.body
    assert "Dispositifs" in message.body


def test_a_broken_scheme_link_is_flagged_to_its_porteurs_managers_then_cleared(
    django_capture_on_commit_callbacks: Any,
) -> None:
    porteur = StructureFactory.create(name="CRESS Auvergne-Rhône-Alpes")
    manager = UserFactory.create(email="gestion@cress.example")
    StructureMembership.objects.create(user=manager, structure=porteur, role=MemberRole.MANAGER)
    behaviour = Behaviour(statuses={"/dispositif": 503})
    with http_server(behaviour) as port:
        url = f"http://127.0.0.1:{port}/dispositif"
        scheme = make_scheme(
            url_source=url, porteurs=[{"nom": porteur.name, "structure": porteur, "roles": ["instructeur"]}]
        )
        start = timezone.now()
        mail.outbox.clear()
        check_links(now=start)
        with django_capture_on_commit_callbacks(execute=True):
            check_links(now=start + datetime.timedelta(hours=2))
        scheme.refresh_from_db()
        assert scheme.url_broken_since is not None
        assert [m.to for m in mail.outbox] == [["gestion@cress.example"]]
        assert url in mail.outbox[0].body

        behaviour.statuses.clear()
        check_links(now=start + datetime.timedelta(hours=5))
        scheme.refresh_from_db()
        assert scheme.url_broken_since is None
