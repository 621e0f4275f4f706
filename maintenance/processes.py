"""Worker processes for fleet-wide work, each with its own database connection."""

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

from django.db import connections


@contextmanager
def fork_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool of forked processes that share no connection with this one.

    The parent's connections are closed before forking (all workers start at
    the first submit, the "fork" way); each worker then opens its own, and the
    parent reconnects on its next query.
    """
    connections.close_all()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
