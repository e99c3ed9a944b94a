"""Culture et Coopération's fiche and the PTCE charter exist from `load_reference_data` alone."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from maillage.initiatives.enums import CarrierRole, InitiativeState
from maillage.initiatives.models import Charter, Initiative

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_the_fiche_is_drawn_from_the_labo_page_alone(loire_rhone: None) -> None:
    """Published, flagged as drawn from the Labo's page, with its history, missions and sourced figures."""
    output = load()
    assert "fiche de Culture et Coopération créée" in output
    fiche = Initiative.objects.get(source_id="labo-culture-et-cooperation")
    assert fiche.state == InitiativeState.PUBLISHED
    assert fiche.drawn_from_public_page
    assert fiche.source_label.startswith("« Culture et Coopération (Loire) », Le Labo de l'ESS")
    assert fiche.source_date is not None
    assert fiche.source_date.isoformat() == "2015-09-09"
    assert fiche.territory_id == "DEP-42"
    assert "années 2000" in fiche.history
    assert "octobre 2010" in fiche.history
    assert len(fiche.mission_list()) == 3
    carriers = [link.structure.source_id for link in fiche.links.filter(role=CarrierRole.CARRIER)]
    assert carriers == ["culture-et-cooperation"]
    assert fiche.links.filter(role=CarrierRole.PARTNER, structure__source_id="le-fil").exists()
    figures = {
        f.get_metric_display(): (f.value_display(), f.year, f.source_date) for f in fiche.figures.all()
    }
    assert figures["Chiffre d'affaires"][0].startswith("plus de 3")
    assert figures["Salariés"][0] == "50"
    assert figures["Intermittents du spectacle"][0] == "250"
    assert {f.year for f in fiche.figures.all()} == {2015}
    assert all(f.source_label for f in fiche.figures.all())
    # No person and no address of the page is kept.
    text = " ".join(str(v) for v in Initiative.objects.filter(pk=fiche.pk).values()[0].values())
    assert "Lemaître" not in text
    assert "Saint-Joseph" not in text


def test_the_charter_holds_its_title_and_no_invented_text(loire_rhone: None) -> None:
    load()
    charter = Charter.objects.get(slug="charte-des-ptce")
    (version,) = charter.versions.all()
    assert version.text == ""
    assert "sans en donner le texte" in version.text_note


def test_loading_twice_changes_nothing(loire_rhone: None) -> None:
    load()
    assert "rien à créer" in load()
    assert Initiative.objects.count() == 1


def test_the_fiche_pdf_holds_its_title_missions_and_sourced_figures(loire_rhone: None) -> None:
    """pypdf reads back the title, the three missions and each figure with the Labo's page as source."""
    load()
    response = Client().get(reverse("initiatives:pdf", args=["culture-et-cooperation"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Culture et Coopération (Loire)" in text
    assert "Missions" in text
    assert "Développer une offre de services mutualisés" in text
    assert "Accompagner la création d'activités innovantes" in text
    assert "Soutenir les professionnels par la mobilisation de ressources" in text
    assert "Chiffres clés" in text
    assert "Intermittents du spectacle" in text
    assert "250" in text
    assert "Le Labo de l'ESS" in text
    assert "2015" in text
