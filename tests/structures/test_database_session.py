"""The settings every database connection opens with, which the directory's search times rely on."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_each_connection_opens_with_the_settings_the_search_was_measured_with():
    """Open PostgreSQL without JIT, SQLite with WAL and its read cache mapped in memory."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # JIT compiled the counted pages' 10 ms statements for 830 ms: a page of the directory
            # taking a second again is what a user would see if this setting were lost.
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            cursor.execute("PRAGMA mmap_size")
            assert cursor.fetchone()[0] == 268435456
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone()[0] == -65536
