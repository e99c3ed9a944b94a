"""A person's history: exported with their data, anonymised when they delete their account."""

from maillage.accounts.models import User
from maillage.accounts.personal_data import SECTIONS
from maillage.history.models import Revision
from maillage.structures.models import Structure
from maillage.structures.services import structure_update


def test_the_export_lists_the_changes_the_person_made(le_fil: Structure, member: User) -> None:
    structure_update(
        structure=le_fil, actor=member, comment="Nouveau site", website="https://le-fil.example.org"
    )

    exported = SECTIONS["history"].export(member)

    assert exported["modifications"] == [
        {
            "date": exported["modifications"][0]["date"],
            "fiche": "Le Fil",
            "type_de_fiche": "Fiche",
            "action": "Modification",
            "au_titre_de": "membre",
            "par": "Modification directe",
            "commentaire": "Nouveau site",
            "changements": {
                "website": {"old": "https://lefil.example.org", "new": "https://le-fil.example.org"}
            },
        }
    ]


def test_erasing_a_person_keeps_the_change_and_its_role_but_not_who_nor_their_words(
    le_fil: Structure, member: User
) -> None:
    structure_update(
        structure=le_fil,
        actor=member,
        comment="Camille, de la billetterie",
        website="https://le-fil.example.org",
    )

    SECTIONS["history"].erase(member)

    revision = Revision.objects.filter(structure=le_fil).first()
    assert revision is not None
    assert (revision.author, revision.author_role, revision.comment) == (None, "membre", "")
    assert revision.changes["website"]["new"] == "https://le-fil.example.org"
    assert SECTIONS["history"].export(member) == {"modifications": [], "fusions": []}
