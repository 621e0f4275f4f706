"""The template recipe: what pg_dump wrote, minus its session settings and comments."""

import psycopg2
from django.db import connection

from tenants.schema_template import _dump_schema

TEXT = "Bonjour,\n-- pas un commentaire\nSET en avant\n\nl'équipe"


def _committed(sql: str, params=None) -> None:
    """pg_dump reads committed data: this runs outside the test's transaction."""
    db = connection.settings_dict
    other = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )
    other.autocommit = True
    try:
        with other.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        other.close()


def test_a_recipe_keeps_text_lines_that_look_like_comments_or_settings(db):
    _committed("DROP SCHEMA IF EXISTS recipe_src CASCADE; CREATE SCHEMA recipe_src")
    try:
        _committed("CREATE TABLE recipe_src.note (id int PRIMARY KEY, body text)")
        _committed("INSERT INTO recipe_src.note VALUES (1, %s)", [TEXT])
        recipe = _dump_schema("recipe_src")

        assert "-- PostgreSQL database dump" not in recipe
        assert "SET statement_timeout" not in recipe
        with connection.cursor() as cursor:  # in the test's transaction, rolled back
            cursor.execute("CREATE SCHEMA recipe_copy")
            cursor.execute(recipe.replace("__SCHEMA__", "recipe_copy"))
            cursor.execute("SELECT body FROM recipe_copy.note WHERE id = 1")
            assert cursor.fetchone()[0] == TEXT
    finally:
        _committed("DROP SCHEMA IF EXISTS recipe_src CASCADE")
