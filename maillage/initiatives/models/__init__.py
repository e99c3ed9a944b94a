"""Initiative fiches (with their structures, figures and essaimage) and the PTCE charter."""

from maillage.initiatives.models.charter import Charter, CharterSignature, CharterVersion
from maillage.initiatives.models.fiche import (
    Essaimage,
    Initiative,
    InitiativeFigure,
    InitiativeStructure,
)

__all__ = [
    "Charter",
    "CharterSignature",
    "CharterVersion",
    "Essaimage",
    "Initiative",
    "InitiativeFigure",
    "InitiativeStructure",
]
