#!/bin/sh
# Scheduled backups of the whole database (every collective's schema and the
# public one), in pg_dump's custom format: one file restores everything, or
# only one collective (see restore-collective.sh).
#
# Environment: PGHOST, PGUSER, PGDATABASE, PGPASSWORD (libpq's), BACKUP_DIR,
# BACKUP_INTERVAL_HOURS (24), BACKUP_KEEP_DAYS (14). With ONCE=1, one backup
# and exit (a Kubernetes CronJob, or before an upgrade).
set -eu

BACKUP_DIR="${BACKUP_DIR:-/backups}"
INTERVAL_HOURS="${BACKUP_INTERVAL_HOURS:-24}"
KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"

backup_once() {
    stamp="$(date -u +%Y%m%dT%H%M%SZ)"
    partial="$BACKUP_DIR/.groupage-$stamp.dump.partial"
    final="$BACKUP_DIR/groupage-$stamp.dump"
    echo "backup: starting $final"
    # A partial file never looks like a backup: renamed only once complete.
    pg_dump --format=custom --compress=6 --no-owner --file="$partial"
    mv "$partial" "$final"
    echo "backup: done $final ($(du -h "$final" | cut -f1))"
    find "$BACKUP_DIR" -name 'groupage-*.dump' -mtime +"$KEEP_DAYS" -print -delete
    find "$BACKUP_DIR" -name '.groupage-*.partial' -mmin +1440 -delete
}

mkdir -p "$BACKUP_DIR"
if [ "${ONCE:-0}" = "1" ]; then
    backup_once
    exit 0
fi
while true; do
    # A failed backup is reported and retried at the next turn, not fatal.
    backup_once || echo "backup: FAILED at $(date -u +%FT%TZ)" >&2
    sleep "$((INTERVAL_HOURS * 3600))"
done
