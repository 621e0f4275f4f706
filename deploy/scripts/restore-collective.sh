#!/bin/sh
# Restore ONE collective's schema from a backup made by pg-backup.sh, beside
# the live one, without touching any other collective.
#
#   restore-collective.sh BACKUP.dump SCHEMA            # restores into SCHEMA_restored
#   restore-collective.sh BACKUP.dump SCHEMA --swap     # ...then swaps it in
#
# Without --swap the restored copy waits as SCHEMA_restored for inspection.
# With --swap the live schema is renamed SCHEMA_replaced_<time> (kept until
# you drop it) and the copy takes its name, in one transaction. Suspend the
# collective first, and afterwards bring the copy to the current migrations:
#   python manage.py migrate_schemas --schema=SCHEMA
# See deploy/README.md, "Backup and restore of one collective".
#
# Environment: libpq's PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (the live database).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: $0 BACKUP.dump SCHEMA [--swap]" >&2
    exit 2
fi
dump="$1"
schema="$2"
swap="${3:-}"
case "$schema" in
    *[!a-z0-9_]* | "" | public | pg_* | information_schema)
        echo "restore: '$schema' is not a collective's schema name" >&2
        exit 2
        ;;
esac
live="${PGDATABASE:?set PGDATABASE}"
scratch="restore_${schema}_$$"
restored="${schema}_restored"
stamp="$(date -u +%Y%m%d%H%M%S)"

if ! pg_restore --list "$dump" | grep -q " SCHEMA - $schema "; then
    echo "restore: $dump holds no schema named $schema" >&2
    exit 1
fi
if [ -n "$(psql -d "$live" -Atc "SELECT 1 FROM pg_namespace WHERE nspname = '$restored'")" ]; then
    echo "restore: $restored already exists in $live; drop or rename it first" >&2
    exit 1
fi

# pg_restore cannot rename a schema: restore it alone into a scratch
# database, rename it there, then copy it into the live database.
createdb "$scratch"
trap 'dropdb --if-exists "$scratch"' EXIT
psql -q -d "$scratch" -v ON_ERROR_STOP=1 -c "CREATE SCHEMA \"$schema\""
pg_restore --dbname="$scratch" --schema="$schema" --no-owner --no-privileges --exit-on-error "$dump"
psql -q -d "$scratch" -v ON_ERROR_STOP=1 -c "ALTER SCHEMA \"$schema\" RENAME TO \"$restored\""
pg_dump --dbname="$scratch" --schema="$restored" --no-owner --no-privileges \
    | psql -q -d "$live" -v ON_ERROR_STOP=1 --single-transaction -o /dev/null
echo "restore: $schema from $dump is now $restored in $live"

if [ "$swap" = "--swap" ]; then
    psql -q -d "$live" -v ON_ERROR_STOP=1 --single-transaction \
        -c "ALTER SCHEMA \"$schema\" RENAME TO \"${schema}_replaced_$stamp\"" \
        -c "ALTER SCHEMA \"$restored\" RENAME TO \"$schema\""
    echo "restore: swapped in; the previous data is in ${schema}_replaced_$stamp"
fi
