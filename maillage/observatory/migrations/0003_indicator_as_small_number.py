"""Store each value's indicator as its small number (codes.py): 20 bytes less per value and index entry.

The keys are turned into their numbers as text first, then the column changes type (SQLite copies the
table, PostgreSQL casts in place). The numbers are frozen here, as codes.py had them.
"""

from django.db import migrations

import maillage.observatory.codes

CODES = {
    "structures_active": 1,
    "structures_per_10k": 2,
    "structures_by_ess_family": 3,
    "structures_by_discipline": 4,
    "structures_by_kind": 5,
    "structures_by_headcount_band": 6,
    "creations_by_year": 7,
    "closures_by_year": 8,
    "ess_share_cultural": 9,
    "networks_present": 10,
    "relations_per_structure": 11,
}
TABLE = "observatory_indicatorvalue"
TO_NUMBERS = (
    f'UPDATE "{TABLE}" SET "indicator" = CASE "indicator" '
    + " ".join(f"WHEN '{key}' THEN '{code}'" for key, code in CODES.items())
    + " ELSE '0' END"
)
TO_KEYS = (
    f'UPDATE "{TABLE}" SET "indicator" = CASE "indicator" '
    + " ".join(f"WHEN '{code}' THEN '{key}'" for key, code in CODES.items())
    + " ELSE \"indicator\" END"
)


class Migration(migrations.Migration):
    dependencies = [
        ("observatory", "0002_slimmer_value_indexes"),
    ]

    operations = [
        migrations.RunSQL(TO_NUMBERS, TO_KEYS),
        migrations.AlterField(
            model_name="indicatorvalue",
            name="indicator",
            field=maillage.observatory.codes.IndicatorKeyField(verbose_name="indicateur"),
        ),
    ]
