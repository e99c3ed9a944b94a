"""Choices of portals and widgets: the accessible palette, the sections a portal shows."""

from django.db import models


class Colour(models.TextChoices):
    """Accent colours offered to partners: each reaches 4.5:1 against white, as text and behind white text.

    Named choices rather than free hexadecimal values: a partner cannot pick a colour that makes the
    widget unreadable, and the strict CSP needs no inline style (each colour is a class in embed.css).
    """

    BLUE = "bleu", "Bleu"
    GREEN = "vert", "Vert"
    RED = "rouge", "Rouge"
    PURPLE = "violet", "Violet"
    SLATE = "ardoise", "Ardoise"
    BROWN = "brun", "Brun"


# The hexadecimal value of each colour, for the contrast test and the snippet page's swatches' labels.
COLOUR_VALUES = {
    Colour.BLUE: "#1d4e89",
    Colour.GREEN: "#1e6b3c",
    Colour.RED: "#a4262c",
    Colour.PURPLE: "#5c3b8c",
    Colour.SLATE: "#37474f",
    Colour.BROWN: "#7a4a12",
}


class Section(models.TextChoices):
    """Parts of the site a portal may show."""

    DIRECTORY = "annuaire", "Annuaire"
    MAP = "carte", "Carte"
    AGENDA = "agenda", "Agenda"
    RESOURCES = "ressources", "Ressources"
    OBSERVATORY = "observatoire", "Observatoire"


class Widget(models.TextChoices):
    """Widgets a partner can embed, named as their address under /embed/."""

    STRUCTURES = "structures", "Liste des structures"
    MAP = "carte", "Carte des structures"
    TERRITORY = "territoire", "Chiffres clés d'un territoire"
    NETWORK = "reseau", "Membres d'un réseau"
    AGENDA = "agenda", "Agenda"
