"""The library's addresses are watched by the link checker: a broken one is marked, on the page too."""

import datetime
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from maillage.links.services import check_links
from maillage.resources.models import Resource
from tests.links.servers import Behaviour, http_server
from tests.resources.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_a_broken_address_is_marked_then_cleared_when_it_answers_again(client: Client) -> None:
    """Two failures in a row mark the resource and its page says so; an answer clears the mark."""
    behaviour = Behaviour(statuses={"/publication": 404})
    with http_server(behaviour) as port:
        url = f"http://127.0.0.1:{port}/publication"
        resource = ResourceFactory.create(url=url)
        ResourceFactory.create(url=f"http://127.0.0.1:{port}/retiree", withdrawn_at=timezone.now())
        start = timezone.now()
        check_links(now=start)
        check_links(now=start + datetime.timedelta(hours=2))
        assert Resource.objects.get(pk=resource.pk).url_broken_since is not None
        html = unescape(client.get(resource.get_absolute_url()).content.decode())
        assert "lien inaccessible depuis le" in html
        # A withdrawn resource's address is not watched.
        assert {path for _m, path, _t in behaviour.requests} == {"/publication"}

        behaviour.statuses.clear()
        check_links(now=start + datetime.timedelta(hours=5))
        assert Resource.objects.get(pk=resource.pk).url_broken_since is None
