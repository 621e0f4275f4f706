"""One migration plan per distinct schema state, turned into replayable SQL."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.migrations import operations as ops
from django.db.migrations.executor import MigrationExecutor

from maintenance.fleet_migrations.detect import tenant_labels

# Operations after which Django's post_migrate handlers add content types
# and permissions: the replay then runs those handlers too.
_MODEL_SET_CHANGES = (ops.CreateModel, ops.DeleteModel, ops.RenameModel, ops.AlterModelOptions)


@dataclass(frozen=True)
class SchemaPlan:
    """What bringing a schema of one state up to date takes.

    `statements` is empty and `replayable` false when some migration can only
    run through Django's executor (Python code, or a non-atomic migration).
    """

    state_hash: str
    migrations: list[tuple[str, str]] = field(default_factory=list)
    records: list[tuple[str, str]] = field(default_factory=list)
    statements: str = ""
    replayable: bool = True
    post_migrate: bool = False
    why_not_replayable: str = ""


def plan_for(schema_name: str, state_hash: str) -> SchemaPlan:
    """Plan from one schema of the state; the SQL is the same for every schema of it.

    Django names tables, constraints and indexes without the schema, and the
    connection's search_path points at `schema_name`, so introspection (when
    an operation needs it) reads this schema and the SQL runs anywhere.
    """
    connection.set_schema(schema_name)
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        labels = set(tenant_labels())
        migrations = [(m.app_label, m.name) for m, _backwards in plan]
        records = []
        for migration, _backwards in plan:
            records += list(migration.replaces or [])
            records.append((migration.app_label, migration.name))
        problem = _not_replayable(plan, labels)
        post_migrate = any(
            isinstance(op, _MODEL_SET_CHANGES)
            for m, _b in plan
            if m.app_label in labels
            for op in m.operations
        )
        if problem:
            return SchemaPlan(state_hash, migrations, records, "", False, post_migrate, problem)
        collected = executor.loader.collect_sql(plan)
        statements = "\n".join(s for s in collected if not s.lstrip().startswith("--"))
        return SchemaPlan(state_hash, migrations, records, statements, True, post_migrate)
    finally:
        connection.set_schema_to_public()


def _not_replayable(plan, labels: set[str]) -> str:
    for migration, backwards in plan:
        if backwards:
            return f"{migration.app_label}.{migration.name} would be unapplied"
        if migration.app_label not in labels:
            continue  # the router skips shared-only apps in a collective's schema
        if not migration.atomic:
            return f"{migration.app_label}.{migration.name} is not atomic"
        for operation in migration.operations:
            if not operation.reduces_to_sql:
                return f"{migration.app_label}.{migration.name} runs Python code"
    return ""
