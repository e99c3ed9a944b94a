"""Two members answering a survey for their structure at once: one answer is saved, the other is told."""

from html import unescape

import pytest
from django.test import Client

from maillage.structures.models import Structure
from maillage.surveys.models import Campaign, Response
from tests.concurrency.conftest import THREADS, race
from tests.surveys.conftest import ROANNE, campaign, coordinator, loire, make_structure, member_of  # noqa: F401
from tests.surveys.test_answering import MakeStructure, MemberOf, answer_url, form_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_first_answers_at_once_save_one_and_refuse_nine(
    campaign: Campaign,  # noqa: F811
    make_structure: MakeStructure,  # noqa: F811
    member_of: MemberOf,  # noqa: F811
) -> None:
    """Ten members who opened the empty form send it together: one answer, nine 409 pages keeping theirs."""
    structure: Structure = make_structure(ROANNE)
    clients = []
    for _ in range(THREADS):
        client = Client()
        client.force_login(member_of(structure))
        clients.append(client)
    levels = ["fort", "modere"]

    def answer(index: int) -> int:
        data = {**form_data(emploi_niveau=levels[index % 2]), "libre-1": f"Projet {index}", "version": "0"}
        sent = clients[index].post(answer_url(campaign, structure), data)
        if sent.status_code == 409:
            page = unescape(sent.content.decode())
            assert "pendant que vous répondiez" in page
            assert f"Projet {index}" in page  # what the person typed is still there
        return sent.status_code

    statuses = race(answer)

    assert sorted(statuses) == [302] + [409] * (THREADS - 1), statuses
    saved = Response.objects.get(campaign=campaign, structure=structure)
    assert saved.version == 1


def test_a_revision_from_an_old_page_is_refused_then_accepted_once_sent_again(
    campaign: Campaign,  # noqa: F811
    make_structure: MakeStructure,  # noqa: F811
    member_of: MemberOf,  # noqa: F811
) -> None:
    """Both members revise version 1; the second is refused with its input kept, then sent again it wins."""
    structure: Structure = make_structure(ROANNE)
    first, second = Client(), Client()
    first.force_login(member_of(structure))
    second.force_login(member_of(structure))
    assert first.post(answer_url(campaign, structure), form_data(emploi_niveau="modere")).status_code == 302

    assert (
        first.post(answer_url(campaign, structure), {**form_data(emploi_niveau="fort"), "version": "1"})
    ).status_code == 302
    stale = second.post(
        answer_url(campaign, structure), {**form_data(emploi_niveau="modere"), "version": "1"}
    )

    assert stale.status_code == 409
    assert Response.objects.get(campaign=campaign, structure=structure).answers["emploi_niveau"] == "fort"
    page = unescape(stale.content.decode())
    assert 'name="version" value="2"' in page
    again = second.post(
        answer_url(campaign, structure), {**form_data(emploi_niveau="modere"), "version": "2"}
    )
    assert again.status_code == 302
    assert Response.objects.get(campaign=campaign, structure=structure).answers["emploi_niveau"] == "modere"
