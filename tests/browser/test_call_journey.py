"""A structure applies to a call, a committee member scores it, the chair decides and the report shows it."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.calls.enums import CommitteeRole
from maillage.calls.models import Application
from tests.browser.test_event_journey import AxeCheck, fits_a_phone
from tests.browser.test_lending_journey import log_in_at
from tests.calls.factories import applicant, make_call, reviewer
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("transactional_db")


def test_apply_review_decide_and_publish(live_server: LiveServer, page: Page, axe_check: AxeCheck) -> None:
    call, organiser = make_call(title="Pôles culturels de coopération")
    _, manager = applicant(StructureFactory.create(name="Compagnie du Fil", association=True))
    person = reviewer(call)
    chair = reviewer(call, role=CommitteeRole.CHAIR)

    # An organiser edits the call from its page (versioned form).
    log_in_at(page, f"{live_server.url}/appels/{call.slug}/", organiser.email)
    page.get_by_role("link", name="Modifier l'appel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier « Pôles culturels de coopération »")
    axe_check()
    fits_a_phone(page)
    page.get_by_label("Présentation").fill("Un appel pour des pôles de coopération culturelle.")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    expect(page.get_by_text("L'appel est modifié.")).to_be_visible()

    # The applicant sees that the structure may apply, opens a pre-filled draft, answers and submits.
    log_in_at(page, f"{live_server.url}/appels/{call.slug}/", manager.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pôles culturels de coopération")
    expect(page.get_by_text("Compagnie du Fil peut candidater")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("button", name="Candidater au nom de Compagnie du Fil").click()
    expect(page.get_by_role("heading", name="Votre brouillon")).to_be_visible()
    page.get_by_label("Titre du projet").fill("Un pôle pour la vallée")
    page.get_by_label("Décrivez le projet").fill("Mutualiser un lieu et des emplois.")
    page.get_by_label("Nombre de structures associées").fill("6")
    page.get_by_label("Forme de la coopération").select_option("PTCE")
    page.get_by_label("Si le projet est retenu").check()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("button", name="Déposer la candidature").click()
    expect(page.get_by_role("heading", name="Accusé de réception")).to_be_visible()
    application = Application.objects.get(structure__name="Compagnie du Fil")
    expect(page.get_by_text(application.content_hash)).to_be_visible()
    axe_check()
    fits_a_phone(page)

    # An organiser gives it to a committee member.
    log_in_at(page, f"{live_server.url}/appels/candidatures/{application.pk}/", organiser.email)
    page.get_by_label("Évaluateur", exact=True).select_option(label=str(person))
    page.get_by_role("button", name="Confier l'évaluation").click()
    expect(page.get_by_text(f"Évaluation confiée à {person}")).to_be_visible()
    axe_check()

    # The reviewer scores it from the dashboard.
    log_in_at(page, f"{live_server.url}/appels/{call.slug}/comite/", person.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation des candidatures")
    axe_check()
    fits_a_phone(page)
    page.get_by_role("link", name=f"n° {application.pk} — Un pôle pour la vallée").click()
    for label, score in (("Ancrage territorial", "8"), ("Coopération", "9"), ("Modèle économique", "6")):
        page.get_by_label(f"{label} : note sur 10").select_option(score)
        page.get_by_label(f"{label} : commentaire").fill(f"{label} : convaincant.")
    axe_check()
    fits_a_phone(page)
    page.get_by_role("button", name="Enregistrer l'évaluation").click()
    expect(page.get_by_text("Évaluation enregistrée.")).to_be_visible()

    # The chair decides, with a justification, then publishes the decisions.
    log_in_at(page, f"{live_server.url}/appels/{call.slug}/deliberation/", chair.email)
    expect(page.get_by_text("note moyenne 16,00 / 20")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_label("Décision").select_option(label="Retenue")
    page.get_by_label("Motivation").fill("Projet solide et bien ancré.")
    page.get_by_role("button", name=f"Enregistrer la décision n° {application.pk}").click()
    expect(page.get_by_text(f"Décision enregistrée : candidature n° {application.pk}.")).to_be_visible()
    page.get_by_role("button", name="Rendre les décisions et prévenir les candidats").click()
    expect(page.get_by_text("Décisions rendues : les candidats en sont avertis")).to_be_visible()
    page.get_by_role("link", name="Compte rendu public").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Compte rendu")
    expect(page.get_by_text("Un pôle pour la vallée — Compagnie du Fil")).to_be_visible()
    axe_check()
    fits_a_phone(page)
