"""With no survey yet, /enquetes/ says who runs surveys and how a structure takes part."""

from html import unescape

from django.test import Client


def test_an_empty_survey_list_says_who_runs_surveys_and_how_to_take_part(client: Client, db: None) -> None:
    html = unescape(client.get("/enquetes/").content.decode())

    assert "Aucune enquête publiée pour l'instant." in html
    assert "lancées par les coordinations d'un territoire" in html
    assert 'href="/contribuer/"' in html


def test_a_list_with_surveys_still_says_who_runs_them_and_how_to_answer(client: Client, db: None) -> None:
    from tests.structures.factories import StructureFactory  # noqa: PLC0415 (Django is set up by then)
    from tests.surveys.factories import CampaignFactory  # noqa: PLC0415

    campaign = CampaignFactory.create(network=StructureFactory.create(kind="network"))
    html = unescape(client.get("/enquetes/").content.decode())

    assert campaign.title in html
    assert "Qui lance les enquêtes, et comment y répondre" in html
    assert "lancées par les coordinations d'un territoire" in html
    assert 'href="/contribuer/"' in html
