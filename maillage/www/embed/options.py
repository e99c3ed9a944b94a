"""A widget's own parameters, beside the directory's filters: colour, compact mode, a partner's preset."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from maillage.portals.enums import Colour, Widget
from maillage.portals.models import Portal
from maillage.portals.selectors import portal_by_token
from maillage.search.params import ParameterError, parse_positive_int

YES_NO = {"oui": True, "non": False, "": False}
PAGE_SIZE, COMPACT_PAGE_SIZE, MAX_PAGE_SIZE = 10, 5, 50
# The widget's own parameters: kept on every link inside it, never read as a filter.
OWN_PARAMETERS = ("couleur", "compact", "preset")


class EmbedOptionError(ValueError):
    """A widget parameter cannot be understood; the message says which and why, in French."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class EmbedOptions:
    colour: str
    compact: bool
    portal: Portal | None
    params: dict[str, str]  # the widget parameters as given, to keep on the widget's own links

    @property
    def page_size(self) -> int:
        return COMPACT_PAGE_SIZE if self.compact else PAGE_SIZE

    @property
    def css_classes(self) -> str:
        return f"embed-colour-{self.colour}" + (" embed-compact" if self.compact else "")


def parse_options(params: Mapping[str, Any]) -> EmbedOptions:
    """Read `couleur`, `compact` and `preset`; raise EmbedOptionError on a bad value."""
    portal = None
    if token := str(params.get("preset", "")).strip():
        portal = portal_by_token(token)
        if portal is None:
            raise EmbedOptionError(
                "preset", "Préréglage inconnu ou retiré : vérifiez le code fourni par le portail."
            )
    colour = str(params.get("couleur", "")).strip()
    if colour and colour not in Colour.values:
        raise EmbedOptionError(
            "couleur", f"Couleur inconnue : « {colour[:20]} » (au choix : {', '.join(Colour.values)})."
        )
    compact = str(params.get("compact", "")).strip().lower()
    if compact not in YES_NO:
        raise EmbedOptionError("compact", "« compact » vaut « oui » ou « non ».")
    kept = {name: str(params.get(name, "")).strip() for name in OWN_PARAMETERS}
    return EmbedOptions(
        colour=colour or (portal.colour if portal is not None else Colour.BLUE),
        compact=YES_NO[compact],
        portal=portal,
        params={k: v for k, v in kept.items() if v},
    )


def page_size(params: Mapping[str, Any], options: EmbedOptions) -> int:
    """Return the widget's page size: `taille` when given (50 at most), else by the compact mode."""
    raw = str(params.get("taille", "")).strip()
    if not raw:
        return options.page_size
    try:
        return parse_positive_int(raw, field="taille", maximum=MAX_PAGE_SIZE, clamp=True)
    except ParameterError as error:
        raise EmbedOptionError(error.parameter, error.message) from None


def open_url(widget: Widget | str, target: str, options: EmbedOptions) -> str:
    """Return the counted link that leads from a widget to a page of the site."""
    params = {"vers": target, **({"preset": options.params["preset"]} if "preset" in options.params else {})}
    return f"/embed/ouvrir/{widget}/?{urlencode(params)}"
