"""A trigram index for the contains-search on task titles and document keys (PostgreSQL only;
on SQLite the same queries run without it). Not in Meta.indexes: SQLite has no GIN."""

from django.db import migrations

INDEXES = [
    ("tasks_task_search_key_trgm", "tasks_task"),
    ("resolutions_document_search_key_trgm", "resolutions_document"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_key gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("resolutions", "0001_initial"),
        ("tasks", "0002_evidence_private_storage"),
    ]

    operations = [migrations.RunPython(create, drop)]
