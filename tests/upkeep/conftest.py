"""The history tests' people and structure, shared with the upkeep tests."""

from tests.history.conftest import coordinator, le_fil, member, outsider, saint_etienne

__all__ = ["coordinator", "le_fil", "member", "outsider", "saint_etienne"]
