"""The seed page's resources and its collection exist from `load_reference_data` alone, in its words."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from maillage.resources.models import Collection, Resource

pytestmark = pytest.mark.django_db
AVISE_URL = "http://www.avise.org/actualites/nouvelle-publication-lintegration-des-clauses-sociales-dans-la-commande-publique"


def load() -> str:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    return out.getvalue()


def test_the_seed_resources_are_loaded_with_their_publishers(loire_rhone: None) -> None:
    """Avise's publication, Opale's synthesis and the Labo de l'ESS page, linked to their structures."""
    load()
    avise = Resource.objects.get(source="reference", source_id="avise-clauses-sociales")
    assert avise.url == AVISE_URL
    assert avise.publisher is not None
    assert avise.publisher.name == "Avise"
    synthesis = Resource.objects.get(source_id="opale-synthese-ge-2012")
    assert synthesis.publisher is not None
    assert synthesis.publisher.source_id == "opale"
    assert {s.source_id for s in synthesis.creators.all()} == {"opale", "agec"}
    labo = Resource.objects.get(source_id="labo-culture-et-cooperation")
    assert labo.title == "Culture et Coopération (Loire)"
    assert labo.publisher is not None
    assert labo.publisher.name == "Le Labo de l'ESS"
    assert [t.id for t in labo.territories.all()] == ["DEP-42"]
    assert [s.source_id for s in labo.structures.all()] == ["culture-et-cooperation"]
    op_ed = Resource.objects.get(source_id="tribune-liberation-2012")
    assert (op_ed.publisher_name, op_ed.creator_names) == (
        "Libération",
        "Claude Alphandéry, Christophe Chevalier",
    )
    assert "La culture cherche sa voie dans l'ESS" in op_ed.source_label


def test_the_seed_collection_nests_the_ptce_articles_and_a_second_load_changes_nothing(
    client: Client, loire_rhone: None
) -> None:
    """The page is a collection in its order with a PTCE sub-collection; loading again is idempotent."""
    load()
    page = Collection.objects.get(source="reference", parent=None)
    assert page.title == "La culture cherche sa voie dans l'ESS"
    first = [i.resource.source_id for i in page.items.select_related("resource")][:3]
    assert first == ["avise-clauses-sociales", "labo-culture-et-cooperation", "opale-synthese-ge-2012"]
    (ptce,) = page.children.all()
    assert ptce.items.count() == 5
    versions = sorted(Resource.objects.values_list("version", flat=True))
    assert "0 créée(s), 0 modifiée(s), 12 inchangée(s)" in load()
    assert sorted(Resource.objects.values_list("version", flat=True)) == versions
    html = client.get(page.get_absolute_url()).content.decode()
    assert "Repères sur différentes formes de mutualisation" in html
