"""Fixtures of the API tests."""

import pytest

from tests.api.structure_api_data import load_reference_data


@pytest.fixture
def reference_data(loire_rhone: None) -> None:
    """The Loire and the Rhône, then the 31 structures of the reference dataset."""
    load_reference_data()
