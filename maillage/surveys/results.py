"""Published results of a campaign: counts and shares per need, overall and by group, kept secret when small.

Results are published once, at the campaign's closing: while answers still come in, comparing the page before
and after a known structure answers would give that structure's answers away (a differencing attack).

No published figure rests on fewer than settings.STATISTICAL_SECRECY_MIN answers:
- a campaign with fewer answers publishes nothing but that fact;
- a group of a breakdown (a discipline, a family, a territory) with fewer answers is masked, and when the
  masked groups add up to fewer answers than the threshold, the smallest visible group is masked too
  (secondary suppression), so that the total minus the visible groups never gives a small group away;
  the groups under the threshold lose their label as well, gathered as "Autres (regroupés)": a name such as
  a small commune's would point at the few structures behind it;
- in a small group (under twice the threshold), a need expressed by none or by all of its structures tells
  each one's answer: such a cell is masked, and so is another cell of the same need (complementary
  suppression) until the masked cells together are neither none nor all of their answers, so that the
  overall count minus the visible cells never gives them back.
Free-text answers are never part of the results: `campaign_results` adds them only when asked, for the
campaign's coordinators.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from django.conf import settings

from maillage.structures.enums import EssFamily
from maillage.structures.models import Structure
from maillage.surveys.models import Campaign, Response
from maillage.surveys.questionnaire import (
    LEVEL_STRONG,
    NEED_ANSWERS,
    Question,
    QuestionKind,
    Theme,
    questionnaire,
)
from maillage.surveys.result_tables import (
    Breakdown,
    CampaignResults,
    FreeTextAnswer,
    FreeTextQuestion,
    GroupResults,
    NeedRow,
    ThemeResults,
)
from maillage.surveys.secrecy import masked_groups, revealing, sensitive_cells
from maillage.territories.enums import Level

NO_GROUP = "_aucun"
OTHERS = "_autres"
OTHERS_LABEL = "Autres (regroupés)"
# Which child territories a campaign's answers are compared across, by the level of its scope: the
# commune's own foreign key to that level, or the commune itself.
CHILD_LEVELS: dict[str, tuple[str, str]] = {
    Level.PAYS: ("region_id", "Par région"),
    Level.REGION: ("departement_id", "Par département"),
    Level.DEPARTEMENT: ("epci_id", "Par intercommunalité"),
    Level.EPCI: ("id", "Par commune"),
    Level.PROJET: ("id", "Par commune"),
}
# A network's members are spread over the map: compare them by département.
NETWORK_CHILD_LEVEL = ("departement_id", "Par département")


def min_answers() -> int:
    return int(settings.STATISTICAL_SECRECY_MIN)


def small_group() -> int:
    """Return the size under which a group's "none" or "all" would tell each member's answer."""
    return 2 * min_answers()


def expressed_needs(answers: dict[str, object], themes: Iterable[Theme]) -> set[str]:
    """Return the keys of the needs an answer expresses (see `theme_rows` for what each key counts)."""
    needs: set[str] = set()
    for theme in themes:
        for question in theme.questions:
            value = answers.get(question.id)
            if question.kind == QuestionKind.MULTIPLE:
                chosen = value if isinstance(value, list) else []
                allowed = {choice.id for choice in question.options}
                needs.update(f"{question.id}:{c}" for c in chosen if c in allowed)
            elif value in NEED_ANSWERS[question.kind]:
                needs.add(question.id)
                if value == LEVEL_STRONG:
                    needs.add(f"{question.id}:{LEVEL_STRONG}")
    return needs


def _question_rows(question: Question) -> list[tuple[str, str]]:
    match question.kind:
        case QuestionKind.LEVEL:
            return [(question.id, question.need_label), (f"{question.id}:{LEVEL_STRONG}", "dont besoin fort")]
        case QuestionKind.YES_NO:
            return [(question.id, question.need_label)]
    return [(f"{question.id}:{choice.id}", choice.label) for choice in question.options]


def theme_rows(counts: Counter[str], total: int, themes: Iterable[Theme]) -> list[ThemeResults]:
    """Return every need of the questionnaire with its count and share of `total` answers."""
    results = []
    for theme in themes:
        rows = [
            NeedRow(key, theme.title, label, counts[key], counts[key] / total if total else 0.0, total)
            for question in theme.questions
            for key, label in _question_rows(question)
        ]
        results.append(ThemeResults(theme.id, theme.title, rows))
    return results


def _mask(themes: list[ThemeResults], keys: set[str]) -> list[ThemeResults]:
    """Return the themes with the rows of `keys` masked."""
    return [
        ThemeResults(
            theme.id,
            theme.title,
            [replace(row, count=None, share=None) if row.key in keys else row for row in theme.rows],
        )
        for theme in themes
    ]


GroupsOf = Callable[[Structure], list[tuple[str, str]]]


def breakdown(
    key: str,
    title: str,
    responses: list[Response],
    groups_of: GroupsOf,
    *,
    themes: tuple[Theme, ...],
    needs: dict[int, set[str]],
    threshold: int,
    note: str = "",
) -> Breakdown:
    """Split the answers into groups (a structure may fall in several), mask the small ones with their
    label, and the cells that would tell each member's answer."""
    labels: dict[str, str] = {}
    members: dict[str, list[int]] = {}
    for response in responses:
        for group_key, label in groups_of(response.structure):
            labels[group_key] = label
            members.setdefault(group_key, []).append(response.pk)
    sizes = {group_key: len(pks) for group_key, pks in members.items()}
    masked = masked_groups(sizes, threshold)
    counts: dict[str, Counter[str]] = {}
    for group_key in sizes:
        counts[group_key] = Counter()
        for pk in members[group_key]:
            counts[group_key].update(needs[pk])
    visible = {group_key: size for group_key, size in sizes.items() if group_key not in masked}
    rows = theme_rows(Counter(), 0, themes)
    masked_cells: dict[str, set[str]] = {group_key: set() for group_key in visible}
    for need in (row.key for theme in rows for row in theme.rows):
        hidden = (sum(sizes[k] for k in masked), sum(counts[k][need] for k in masked)) if masked else None
        cells = {group_key: counts[group_key][need] for group_key in visible}
        for group_key in sensitive_cells(visible, cells, small=small_group(), hidden=hidden):
            masked_cells[group_key].add(need)
    groups = []
    for group_key in sorted(labels, key=lambda k: (k == NO_GROUP, labels[k].lower())):
        if group_key not in masked:
            size = sizes[group_key]
            group_themes = _mask(theme_rows(counts[group_key], size, themes), masked_cells[group_key])
            groups.append(GroupResults(group_key, labels[group_key], size, group_themes))
        elif sizes[group_key] >= threshold:
            groups.append(GroupResults(group_key, labels[group_key], None))
    if any(sizes[group_key] < threshold for group_key in masked):
        groups.append(GroupResults(OTHERS, OTHERS_LABEL, None))
    return Breakdown(key, title, [theme.title for theme in themes], groups, note)


def _disciplines_of(structure: Structure) -> list[tuple[str, str]]:
    # Sub-disciplines count under their parent (danse → spectacle vivant): fewer, larger groups.
    roots = {(d.parent or d) for d in structure.disciplines.all()}
    ordered = sorted(roots, key=lambda d: (d.position, d.name))
    return [(d.slug, d.name) for d in ordered] or [(NO_GROUP, "Discipline non renseignée")]


def _family_of(structure: Structure) -> list[tuple[str, str]]:
    return [(structure.ess_family, str(EssFamily(structure.ess_family).label))]


def territory_groups(campaign: Campaign, names: dict[str, str]) -> tuple[str, GroupsOf] | None:
    """Return the title of the territorial breakdown of a campaign and how to group its structures."""
    if campaign.network_id is not None:
        attribute, title = NETWORK_CHILD_LEVEL
    elif campaign.territory is not None and campaign.territory.level in CHILD_LEVELS:
        attribute, title = CHILD_LEVELS[campaign.territory.level]
    else:
        return None

    def groups_of(structure: Structure) -> list[tuple[str, str]]:
        commune = structure.commune
        child = getattr(commune, attribute) if commune is not None else None
        if child is None:
            return [(NO_GROUP, "Hors des territoires détaillés")]
        return [(child, names.get(child, child))]

    return title, groups_of


def territory_keys(campaign: Campaign, responses: Iterable[Response]) -> set[str]:
    """Return the ids of the child territories a campaign's answers fall in, to look their names up."""
    grouping = territory_groups(campaign, {})
    if grouping is None:
        return set()
    return {key for r in responses for key, _ in grouping[1](r.structure) if key != NO_GROUP}


def free_text_answers(campaign: Campaign, responses: Iterable[Response]) -> list[FreeTextQuestion]:
    """Return each free-text question of the campaign with the non-empty answers, by structure name."""
    ordered = sorted(responses, key=lambda r: r.structure.name.lower())
    return [
        FreeTextQuestion(
            question["label"],
            [
                FreeTextAnswer(r.structure.name, text)
                for r in ordered
                if (text := str(r.free_text.get(question["id"], "")).strip())
            ],
        )
        for question in campaign.extra_questions
    ]


def campaign_results(
    campaign: Campaign,
    responses: list[Response],
    *,
    territory_names: dict[str, str],
    include_free_text: bool = False,
) -> CampaignResults:
    """Compute what may be published of a campaign from its responses (structures, communes and
    disciplines with their parents already fetched)."""
    threshold = min_answers()
    total = len(responses)
    pending = not campaign.is_closed
    withheld = pending or total < threshold
    results = CampaignResults(
        campaign=campaign,
        title=campaign.title,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        status_label=campaign.status_label,
        min_answers=threshold,
        withheld=withheld,
        pending=pending,
        answer_count=None if withheld else total,
    )
    if include_free_text:
        results.free_texts = free_text_answers(campaign, responses)
    if withheld:
        return results
    themes = questionnaire(campaign.questionnaire_version).themes
    needs = {r.pk: expressed_needs(r.answers, themes) for r in responses}
    counts: Counter[str] = Counter()
    for expressed in needs.values():
        counts.update(expressed)
    overall = theme_rows(counts, total, themes)
    if total < small_group():
        # A small campaign is a small group: its "none" and "all" tell each respondent's answer.
        overall = _mask(
            overall, {row.key for t in overall for row in t.rows if revealing(row.count or 0, total)}
        )
    results.themes = overall

    def split(key: str, title: str, groups_of: GroupsOf, note: str = "") -> Breakdown:
        return breakdown(
            key, title, responses, groups_of, themes=themes, needs=needs, threshold=threshold, note=note
        )

    results.breakdowns = [
        split(
            "discipline",
            "Par discipline",
            _disciplines_of,
            note="Une structure peut relever de plusieurs disciplines ; les sous-disciplines comptent "
            "avec leur discipline (la danse avec le spectacle vivant).",
        ),
        split("famille", "Par famille de l'ESS", _family_of),
    ]
    if grouping := territory_groups(campaign, territory_names):
        results.breakdowns.append(split("territoire", *grouping))
    return results
