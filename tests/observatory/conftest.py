"""Fixtures of the observatory's tests."""

import pytest

from tests.observatory.directory import Directory, build_directory


@pytest.fixture
def directory(loire_rhone: None) -> Directory:
    return build_directory()
