"""On PostgreSQL, "everything under my unit" is ``path LIKE 'prefix%'``; a plain btree index serves it
only under the C collation, so add ``varchar_pattern_ops`` indexes (tenant first, for sharding)."""

from django.db import migrations

INDEXES = [
    ("orgs_unit_tenant_path_like", "orgs_unit", "tenant_id, path varchar_pattern_ops"),
    ("audit_unit_path_like", "audit_auditentry", "tenant_id, unit_path varchar_pattern_ops"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _columns in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial"), ("audit", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
