"""On PostgreSQL, let the database refuse two holding bookings of one resource whose periods overlap.

The period a booking holds is [start, blocked_until): its end plus the resource's buffer. btree_gist lets
one GiST index compare the resource with = and the periods with &&. SQLite has no such constraint: there
the services decide inside one IMMEDIATE transaction (see maillage/bookings/services.py and ADR 10).
"""

from django.db import migrations

from maillage.bookings.db_operations import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("bookings", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            "CREATE EXTENSION IF NOT EXISTS btree_gist;",
            reverse_sql=migrations.RunSQL.noop,
        ),
        PostgresOnlySQL(
            "ALTER TABLE bookings_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
            "(resource_id WITH =, tstzrange(start, blocked_until, '[)') WITH &&) "
            "WHERE (state IN ('accepted', 'handed_over'));",
            reverse_sql="ALTER TABLE bookings_booking DROP CONSTRAINT booking_no_overlap;",
        ),
    ]
