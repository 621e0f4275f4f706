"""The embedded PostgreSQL used when no DATABASE_URL is given.

A newcomer needs no database service: the `pgserver` package ships PostgreSQL
binaries and we start a server whose data lives in a git-ignored folder of
the checkout. The server keeps running after the process exits so that the
next command (or the web server's autoreloader) finds it ready.
"""

from pathlib import Path
from urllib.parse import parse_qs, urlparse

DATABASE_NAME = "groupage"


def embedded_database_settings(data_dir: Path) -> dict:
    import pgserver  # imported lazily: real deployments never need it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None)
    # A constant name: no user input reaches this SQL.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    uri = urlparse(server.get_uri())
    socket_dir = parse_qs(uri.query)["host"][0]
    return {
        "NAME": DATABASE_NAME,
        "USER": uri.username or "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": "",
    }
