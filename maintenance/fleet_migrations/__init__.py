"""Bringing every collective's schema up to date, fast, in rings, one failure at a time.

- Which collectives are behind is one query: each collective records the
  fingerprint of the tenant migrations its schema has (`Collective.migration_fingerprint`),
  compared with the fingerprint of the migration files on disk. No migration
  planner runs for collectives that are up to date (`detect`).
- For those behind, Django's planner runs once per distinct state (usually
  one), not once per schema: the plan's SQL is collected once and replayed
  in each schema, with the migration records and the new fingerprint, in one
  transaction per schema (`planning`, `worker`). Plans that cannot be written
  as SQL (data migrations, non-atomic ones) run through Django's executor in
  that schema instead.
- Schemas are migrated in parallel worker processes, each with its own
  connection: a failure rolls back that schema only and is recorded; the
  others go on. Rings: canaries first, then early collectives, then everyone,
  stopping after a failed ring unless forced (`runner`).
- A re-run only sees the collectives still behind: it resumes.
"""

from maintenance.fleet_migrations.runner import FleetBusy, fleet_migrate

__all__ = ["FleetBusy", "fleet_migrate"]
