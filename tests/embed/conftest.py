"""The robustness sweep's fixture of real objects: the header tests walk the same pages."""

from tests.robustness.conftest import objects  # noqa: F401 (a fixture, used by name)
