"""Claiming "this person gets this cycle's e-mail" before sending it, exactly once.

One INSERT … ON CONFLICT DO NOTHING RETURNING: of the people asked for, it
returns those nobody had claimed yet. Two runs at once (a retried task, two
workers) split the people between them and never both write to one person.
"""

from datetime import datetime

from django.db import connection, models


def claim(
    model: type[models.Model], *, cycle_id: int, user_ids: list[int], at: datetime
) -> list[int]:
    """Insert (cycle, user) rows of `model`; the user ids actually inserted."""
    if not user_ids:
        return []
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (cycle_id, user_id, sent_at) "  # our own table name
            "SELECT %s, unnest(%s::bigint[]), %s "
            "ON CONFLICT (cycle_id, user_id) DO NOTHING RETURNING user_id",
            [cycle_id, list(user_ids), at],
        )
        return [row[0] for row in cursor.fetchall()]


def release(model: type[models.Model], *, cycle_id: int, user_ids: list[int]) -> None:
    """Give claims back (the e-mail did not go out), so that the next run tries again."""
    if user_ids:
        model.objects.filter(cycle_id=cycle_id, user_id__in=user_ids).delete()
