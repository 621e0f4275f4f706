"""Backups of the whole database, and the restore of ONE collective from them.

Runs deploy/scripts/pg-backup.sh and restore-collective.sh as an operator
would, against scratch databases on the test PostgreSQL server, with the
PostgreSQL client programs of the machine.
"""

import os
import shutil
import subprocess
from urllib.parse import urlparse

import pytest

from tests.deploy.support import DEPLOY

CLIENTS = ("pg_dump", "pg_restore", "psql", "createdb", "dropdb")
pytestmark = pytest.mark.skipif(
    not all(shutil.which(c) for c in CLIENTS), reason="PostgreSQL client programs missing"
)

SCHEMA = """
CREATE TABLE public.tenants_collective (id serial PRIMARY KEY, schema_name text);
INSERT INTO public.tenants_collective (schema_name)
    VALUES ('panier_des_pres'), ('bocage_paysan'), ('ferme_du_lac');
"""
COLLECTIVE = """
CREATE SCHEMA {name};
CREATE TABLE {name}.orders (id bigserial PRIMARY KEY, customer text NOT NULL);
CREATE TABLE {name}.order_lines (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL REFERENCES {name}.orders (id) ON DELETE CASCADE,
    product text NOT NULL
);
CREATE INDEX ON {name}.order_lines (order_id);
INSERT INTO {name}.orders (customer) VALUES ('Chloé'), ('Élise');
INSERT INTO {name}.order_lines (order_id, product) VALUES (1, 'tomates'), (2, 'miel');
"""


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A scratch database shaped like Groupage's: a public schema and three collectives.

    Shared by this module's tests (creating a database takes a while): each
    test restores a different collective.
    """
    tmp_path = tmp_path_factory.mktemp("backups")
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x"))
    environment = {
        **os.environ,
        "PGHOST": url.hostname or "127.0.0.1",
        "PGPORT": str(url.port or 5432),
        "PGUSER": url.username or "postgres",
        "PGPASSWORD": url.password or "",
        "PGDATABASE": f"deploy_restore_{os.getpid()}",
        "BACKUP_DIR": str(tmp_path),
    }
    run(["dropdb", "--if-exists", environment["PGDATABASE"]], environment)
    run(["createdb", environment["PGDATABASE"]], environment)
    sql(environment, SCHEMA + COLLECTIVE.format(name="panier_des_pres"))
    sql(environment, COLLECTIVE.format(name="bocage_paysan"))
    sql(environment, COLLECTIVE.format(name="ferme_du_lac"))
    yield environment
    run(["dropdb", "--if-exists", environment["PGDATABASE"]], environment)


def run(command: list[str], environment: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{command}: {result.stdout}{result.stderr}"
    return result


def sql(environment: dict, statements: str) -> str:
    command = ["psql", "-v", "ON_ERROR_STOP=1", "-Atq", "-c", statements]
    return run(command, environment).stdout.strip()


def backup(environment: dict) -> str:
    """A backup made now, in a folder of its own; returns its file."""
    folder = os.path.join(
        environment["BACKUP_DIR"], str(len(os.listdir(environment["BACKUP_DIR"])))
    )
    run(
        ["sh", str(DEPLOY / "scripts" / "pg-backup.sh")],
        {**environment, "ONCE": "1", "BACKUP_DIR": folder},
    )
    (dump,) = [f for f in os.listdir(folder) if f.endswith(".dump")]
    return os.path.join(folder, dump)


def restore(environment: dict, *args: str) -> subprocess.CompletedProcess:
    script = str(DEPLOY / "scripts" / "restore-collective.sh")
    return subprocess.run(
        ["sh", script, *args], env=environment, capture_output=True, text=True, timeout=60
    )


def test_one_collective_is_restored_without_touching_another(live):
    dump = backup(live)
    # After the backup: Panier des Prés loses an order by mistake, the Ferme
    # du Lac takes a new one that must survive Panier's restore.
    sql(live, "DELETE FROM panier_des_pres.orders WHERE customer = 'Chloé'")
    sql(live, "INSERT INTO ferme_du_lac.orders (customer) VALUES ('Denis')")

    result = restore(live, dump, "panier_des_pres", "--swap")

    assert result.returncode == 0, result.stderr
    assert sql(
        live, "SELECT string_agg(customer, ',' ORDER BY id) FROM panier_des_pres.orders"
    ) == ("Chloé,Élise")
    assert sql(live, "SELECT count(*) FROM panier_des_pres.order_lines") == "2"
    # Sequences come back too: the next order does not reuse an id.
    assert (
        sql(live, "INSERT INTO panier_des_pres.orders (customer) VALUES ('x') RETURNING id") == "3"
    )
    assert sql(live, "SELECT count(*) FROM ferme_du_lac.orders") == "3"
    assert sql(live, "SELECT count(*) FROM public.tenants_collective") == "3"
    kept = sql(
        live, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'panier_des_pres_replaced_%'"
    )
    replaced = f"SELECT count(*) FROM {kept}.orders"  # noqa: S608 (a name from pg_namespace)
    assert sql(live, replaced) == "1"  # the data the restore replaced, kept aside


def test_without_swap_the_copy_waits_beside_the_live_schema(live):
    dump = backup(live)
    sql(live, "DELETE FROM bocage_paysan.orders")

    assert restore(live, dump, "bocage_paysan").returncode == 0

    assert sql(live, "SELECT count(*) FROM bocage_paysan.orders") == "0"
    assert sql(live, "SELECT count(*) FROM bocage_paysan_restored.orders") == "2"


def test_restore_refuses_a_schema_the_backup_lacks(live):
    dump = backup(live)
    result = restore(live, dump, "ferme_inconnue")
    assert result.returncode == 1
    assert "holds no schema named ferme_inconnue" in result.stderr


def test_restore_refuses_the_public_schema(live):
    assert restore(live, "any.dump", "public").returncode == 2
