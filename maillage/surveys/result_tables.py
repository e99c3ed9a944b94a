"""What published results hold: need rows by theme, breakdowns by group, free-text answers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from maillage.surveys.models import Campaign


def percent(share: float) -> str:
    """Return a share as a rounded French percentage: "42 %" (narrow no-break space)."""
    return f"{int(share * 100 + 0.5)}\u202f%"


MASKED_DISPLAY = "masqué"


@dataclass(frozen=True)
class NeedRow:
    """A need: how many structures expressed it, and their share of the answers it rests on.

    A masked row has neither its count nor its share (None).
    """

    key: str
    theme: str
    label: str
    count: int | None
    share: float | None
    answers_total: int = 0

    @property
    def masked(self) -> bool:
        return self.count is None

    @property
    def share_display(self) -> str:
        return MASKED_DISPLAY if self.share is None else percent(self.share)

    @property
    def count_display(self) -> str:
        return MASKED_DISPLAY if self.count is None else str(self.count)


@dataclass(frozen=True)
class ThemeResults:
    id: str
    title: str
    rows: list[NeedRow]

    @property
    def need_row(self) -> NeedRow:
        """Return the row of structures expressing a need (fort or modéré) on the theme."""
        return self.rows[0]


@dataclass(frozen=True)
class GroupResults:
    """One group of a breakdown; a masked group has neither its answer count nor its rows."""

    key: str
    label: str
    answers: int | None
    themes: list[ThemeResults] = field(default_factory=list)

    @property
    def masked(self) -> bool:
        return self.answers is None


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    columns: list[str]
    groups: list[GroupResults]
    note: str = ""

    @property
    def has_masked(self) -> bool:
        return any(group.masked for group in self.groups)

    @property
    def has_masked_cells(self) -> bool:
        return any(row.masked for group in self.groups for theme in group.themes for row in theme.rows)


@dataclass(frozen=True)
class FreeTextAnswer:
    structure: str
    text: str


@dataclass(frozen=True)
class FreeTextQuestion:
    label: str
    answers: list[FreeTextAnswer]


@dataclass
class CampaignResults:
    """What may be published of a campaign; `withheld` when it is not closed yet (`pending`) or has fewer
    answers than the threshold."""

    campaign: Campaign
    title: str
    opens_on: datetime.date
    closes_on: datetime.date
    status_label: str
    min_answers: int
    withheld: bool
    pending: bool
    # None when withheld: even the exact number of answers is a figure resting on too few of them.
    answer_count: int | None
    themes: list[ThemeResults] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    # None for everyone but the campaign's coordinators.
    free_texts: list[FreeTextQuestion] | None = None

    @property
    def rows(self) -> list[NeedRow]:
        return [row for theme in self.themes for row in theme.rows]

    @property
    def small_group(self) -> int:
        return 2 * self.min_answers
