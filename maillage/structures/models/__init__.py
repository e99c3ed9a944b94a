"""The directory: structures, their key figures and the relations between them."""

from maillage.structures.models.distinct_pair import DistinctPair
from maillage.structures.models.key_figure import KeyFigure
from maillage.structures.models.relation import Relation
from maillage.structures.models.source_change import SourceChange
from maillage.structures.models.structure import Structure, StructureActivity
from maillage.structures.models.taxonomy import Discipline, Label

__all__ = [
    "Discipline",
    "DistinctPair",
    "KeyFigure",
    "Label",
    "Relation",
    "SourceChange",
    "Structure",
    "StructureActivity",
]
