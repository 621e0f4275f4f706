"""A small HTTP load generator on loopback, for benchmarks and load tests.

Concurrent clients (asyncio, one connection per request as gunicorn's sync
workers close it) send requests for a fixed time; we keep each latency and
each non-2xx/3xx answer. Bounded in time and count, loopback only.
"""

import asyncio
import itertools
import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from maintenance.benchmarks import percentile


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0
    statuses: Counter = field(default_factory=Counter)

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.latencies, 95) if self.latencies else 0.0

    @property
    def p99(self) -> float:
        return percentile(self.latencies, 99) if self.latencies else 0.0


async def _request(port: int, request: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        await writer.drain()
        status_line = await reader.readline()
        await reader.read()  # the server closes after the response
        return int(status_line.split()[1])
    finally:
        writer.close()


async def _client(port, next_request, deadline, result: LoadResult, max_requests: int) -> None:
    while time.perf_counter() < deadline and len(result.latencies) + result.errors < max_requests:
        request = next_request()
        started = time.perf_counter()
        try:
            status = await _request(port, request)
        except (OSError, ValueError, IndexError):
            result.errors += 1
            continue
        result.statuses[status] += 1
        if status >= 400:
            result.errors += 1
        else:
            result.latencies.append(time.perf_counter() - started)


def build_request(method: str, path: str, host: str, *, cookies: str = "", body: str = "") -> bytes:
    headers = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}",
        "Accept-Language: fr",
        "User-Agent: groupage-bench",
        "Connection: close",
    ]
    if cookies:
        headers.append(f"Cookie: {cookies}")
    if body:
        headers += [
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body.encode())}",
        ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def run_load(
    port: int,
    path: str,
    host: str,
    *,
    concurrency: int = 16,
    seconds: float = 5.0,
    max_requests: int = 100_000,
    requests: list[bytes] | None = None,
) -> LoadResult:
    """GET `path` with `Host: host` from `concurrency` clients for `seconds`.

    `requests`, when given, are sent in turn instead (e.g. each one a
    different signed-in consumer with a basket ready); none is sent twice
    while unsent ones remain.
    """
    prepared = requests or [build_request("GET", path, host)]
    counter = itertools.count()
    result = LoadResult()

    def next_request() -> bytes:
        return prepared[next(counter) % len(prepared)]

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _client(port, next_request, deadline, result, max_requests)
                for _ in range(concurrency)
            )
        )
        result.elapsed = time.perf_counter() - started

    # In a thread of its own: the caller's thread may already run an event loop
    # (e.g. a browser driven by Playwright in the same test session).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, main()).result()
    return result
