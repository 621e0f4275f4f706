"""Worker processes for fleet-wide work, each with its own database connection."""

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.db import connections

# Connections a forked worker inherited from its parent. They are kept, never
# used and never closed: closing one would end the parent's session.
_inherited = []


def _start_forked_worker() -> None:
    """Give the worker a connection table of its own.

    A forked child inherits every open socket of its parent, including
    connections held in threads or contexts that `close_all()` does not
    reach; two processes talking on one connection corrupt each other's work.
    """
    from asgiref.local import Local

    _inherited.append(connections._connections)
    connections._connections = Local(connections.thread_critical)


@contextmanager
def fork_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked processes, each opening its own database connection.

    Forked, so that workers share the parent's in-memory state (settings,
    migration modules); the parent's own connections are closed first and
    reopen on its next query.
    """
    connections.close_all()
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start_forked_worker,
    )
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
