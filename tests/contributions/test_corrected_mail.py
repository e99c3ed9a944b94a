""" "Corriger puis accepter": the author is told, field by field, what the proposal became."""

from django.core import mail
from django.urls import reverse

from maillage.contributions.models import ChangeRequest
from tests.contributions.test_edits import edit_url, form_data


def test_the_author_reads_what_was_kept_against_what_was_proposed(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    client.post(
        edit_url(sirene_structure),
        form_data(sirene_structure, website="http://chaudron.example", phone="04 77 00 00 00"),
    )
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contributions:review", args=[request.pk]),
            form_data(
                sirene_structure,
                website="https://chaudron.example",
                phone="04 77 00 00 00",
                acronym="CDC",
            ),
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == [outsider.email]
    assert "acceptée avec des corrections" in message.subject
    body = str(message.body)
    assert (
        "Site web : « https://chaudron.example » (vous aviez proposé : « http://chaudron.example »)" in body
    )
    # What the moderator added shows too; what was kept as proposed does not.
    assert "Sigle : « CDC » (vous aviez proposé : « (vide) »)" in body
    assert "Téléphone" not in body


def test_an_acceptance_as_proposed_lists_no_correction(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    client.post(edit_url(sirene_structure), form_data(sirene_structure, acronym="CDC"))
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    [message] = mail.outbox
    assert message.subject.endswith("acceptée : Compagnie du Chaudron")
    assert "corrigé" not in str(message.body)
