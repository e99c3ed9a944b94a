"""Editing a record: members change it at once, everyone else proposes and a moderator decides."""

import io

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maillage.contributions.enums import RequestKind, RequestStatus
from maillage.contributions.forms import commune_display
from maillage.contributions.models import ChangeRequest
from maillage.contributions.proposals import profile_values
from maillage.history.models import Revision
from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from tests.contributions.conftest import add_member


def form_data(structure: Structure, **changes: object) -> dict[str, object]:
    """Return the edit form as the page fills it, with some fields changed."""
    values = profile_values(structure)
    values["commune"] = commune_display(structure.commune)
    values["version"] = structure.version
    return {k: v for k, v in {**values, **changes}.items() if v not in ("", None)}


def edit_url(structure: Structure) -> str:
    return reverse("contributions:edit", args=[structure.slug])


def test_anonymous_visitors_are_sent_to_login(client, sirene_structure) -> None:
    for response in (client.get(edit_url(sirene_structure)), client.post(edit_url(sirene_structure), {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_the_form_shows_the_current_profile(client, sirene_structure, outsider) -> None:
    client.force_login(outsider)
    page = client.get(edit_url(sirene_structure)).content.decode()
    assert 'value="Compagnie du Chaudron"' in page
    assert "Saint-Étienne (42000)" in page
    assert "Proposer ces modifications" in page
    assert 'name="logo"' not in page


def test_a_member_edits_directly_and_the_history_records_it(client, sirene_structure) -> None:
    member = add_member(sirene_structure)
    client.force_login(member)
    response = client.post(
        edit_url(sirene_structure), form_data(sirene_structure, description="Nouvelle présentation.")
    )
    assert response.status_code == 302
    assert response.url == reverse("structures:detail", args=[sirene_structure.slug])
    sirene_structure.refresh_from_db()
    assert sirene_structure.description == "Nouvelle présentation."
    assert sirene_structure.confirmed_at is not None
    assert not ChangeRequest.objects.exists()
    revision = Revision.objects.filter(structure=sirene_structure).latest("pk")
    assert revision.author == member


def test_an_outsiders_edit_waits_for_moderation(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    """Only the changed fields are proposed; the record stays as it was until a moderator accepts."""
    manager = add_member(sirene_structure, MemberRole.MANAGER)
    client.force_login(outsider)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url(sirene_structure),
            form_data(
                sirene_structure,
                description="Compagnie de théâtre et de marionnettes.",
                message="Vu sur leur site.",
            ),
        )
    request = ChangeRequest.objects.get(kind=RequestKind.EDIT)
    assert response.url == reverse("contributions:request", args=[request.pk])
    assert request.proposed == {"description": "Compagnie de théâtre et de marionnettes."}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([loire_coordinator.email, manager.email])
    sirene_structure.refresh_from_db()
    assert sirene_structure.description == "Compagnie de théâtre."

    client.force_login(loire_coordinator)
    queue = client.get(reverse("contributions:moderation")).content.decode()
    assert "Compagnie de théâtre et de marionnettes." in queue
    assert "Vu sur leur site." in queue
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"})
    sirene_structure.refresh_from_db()
    assert sirene_structure.description == "Compagnie de théâtre et de marionnettes."
    revision = Revision.objects.filter(structure=sirene_structure).latest("pk")
    assert revision.author == loire_coordinator
    assert f"demande n° {request.pk}" in revision.comment
    assert [m.to for m in mail.outbox] == [[outsider.email]]


def test_a_refusal_needs_a_message_which_the_author_receives(
    client, sirene_structure, outsider, loire_coordinator, django_capture_on_commit_callbacks
) -> None:
    client.force_login(outsider)
    client.post(edit_url(sirene_structure), form_data(sirene_structure, name="Chaudron"))
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    url = reverse("contributions:request", args=[request.pk])
    response = client.post(url, {"action": "refuse", "decision_message": "  "})
    assert response.status_code == 400
    assert "Expliquez votre refus" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "refuse", "decision_message": "Le nom officiel reste celui de SIRENE."})
    request.refresh_from_db()
    assert request.status == RequestStatus.REFUSED
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert "refusée" in mail.outbox[0].subject
    assert "Le nom officiel reste celui de SIRENE." in mail.outbox[0].body
    sirene_structure.refresh_from_db()
    assert sirene_structure.name == "Compagnie du Chaudron"
    client.force_login(outsider)
    page = client.get(url).content.decode()
    assert "Refusée" in page
    assert "Le nom officiel reste celui de SIRENE." in page
    # A decided request cannot be decided again.
    client.force_login(loire_coordinator)
    assert client.post(url, {"action": "accept"}).status_code == 400
    sirene_structure.refresh_from_db()
    assert sirene_structure.name == "Compagnie du Chaudron"


def test_edit_then_accept_applies_the_moderators_version(
    client, sirene_structure, outsider, loire_coordinator
) -> None:
    client.force_login(outsider)
    client.post(
        edit_url(sirene_structure),
        form_data(sirene_structure, website="http://chaudron.example", phone="04 77 00 00 00"),
    )
    request = ChangeRequest.objects.get()
    client.force_login(loire_coordinator)
    review = reverse("contributions:review", args=[request.pk])
    assert 'value="http://chaudron.example"' in client.get(review).content.decode()
    response = client.post(
        review, form_data(sirene_structure, website="https://chaudron.example", phone="04 77 00 00 00")
    )
    assert response.status_code == 302
    sirene_structure.refresh_from_db()
    assert sirene_structure.website == "https://chaudron.example"
    assert sirene_structure.phone == "04 77 00 00 00"
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED
    assert request.applied == {"website": "https://chaudron.example", "phone": "04 77 00 00 00"}


def test_a_coordinator_elsewhere_neither_sees_nor_decides(
    client, sirene_structure, outsider, rhone_coordinator
) -> None:
    client.force_login(outsider)
    client.post(edit_url(sirene_structure), form_data(sirene_structure, acronym="CDC"))
    request = ChangeRequest.objects.get()
    client.force_login(rhone_coordinator)
    assert "CDC" not in client.get(reverse("contributions:moderation")).content.decode()
    assert client.get(reverse("contributions:request", args=[request.pk])).status_code == 403
    assert client.get(reverse("contributions:review", args=[request.pk])).status_code == 403
    assert (
        client.post(reverse("contributions:request", args=[request.pk]), {"action": "accept"}).status_code
        == 403
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING
    sirene_structure.refresh_from_db()
    assert sirene_structure.acronym == ""


def test_nothing_changed_makes_no_request(client, sirene_structure, outsider) -> None:
    client.force_login(outsider)
    response = client.post(edit_url(sirene_structure), form_data(sirene_structure))
    assert response.url == edit_url(sirene_structure)
    assert not ChangeRequest.objects.exists()


def test_bad_values_are_explained_next_to_the_fields(client, sirene_structure, outsider) -> None:
    client.force_login(outsider)
    response = client.post(
        edit_url(sirene_structure), form_data(sirene_structure, postal_code="42", website="pas une adresse")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Un code postal compte 5 chiffres." in page
    assert "Saisissez une adresse web complète" in page
    assert 'aria-invalid="true"' in page


def png_bytes() -> bytes:
    image = Image.new("RGB", (40, 20), (200, 30, 30))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def test_a_member_uploads_a_logo_but_an_svg_is_refused(client, sirene_structure) -> None:
    client.force_login(add_member(sirene_structure))
    svg = SimpleUploadedFile(
        "logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "image/svg+xml"
    )
    response = client.post(edit_url(sirene_structure), {**form_data(sirene_structure), "logo": svg})
    assert response.status_code == 400
    assert "Les images SVG sont refusées" in response.content.decode()
    png = SimpleUploadedFile("logo.png", png_bytes(), "image/png")
    response = client.post(edit_url(sirene_structure), {**form_data(sirene_structure), "logo": png})
    assert response.status_code == 302
    sirene_structure.refresh_from_db()
    assert sirene_structure.logo.name.endswith(".png")
