"""A small HTTP load generator on loopback, for benchmarks and load tests.

Concurrent clients (asyncio, one connection per request as gunicorn's sync
workers close it) send requests for a fixed time; we keep each latency and
each non-2xx/3xx answer. Bounded in time and count, loopback only.
"""

import asyncio
import statistics
import time
from dataclasses import dataclass, field

from maintenance.benchmarks import percentile


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    elapsed: float = 0.0

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


async def _client(port, request, deadline, result: LoadResult, max_requests: int) -> None:
    while time.perf_counter() < deadline and len(result.latencies) + result.errors < max_requests:
        started = time.perf_counter()
        try:
            status = await _request(port, request)
        except (OSError, ValueError, IndexError):
            result.errors += 1
            continue
        if status >= 400:
            result.errors += 1
        else:
            result.latencies.append(time.perf_counter() - started)


def run_load(
    port: int,
    path: str,
    host: str,
    *,
    concurrency: int = 16,
    seconds: float = 5.0,
    max_requests: int = 100_000,
) -> LoadResult:
    """GET `path` with `Host: host` from `concurrency` clients for `seconds`."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Language: fr\r\n"
        "User-Agent: groupage-bench\r\nConnection: close\r\n\r\n"
    ).encode()
    result = LoadResult()

    async def main() -> None:
        deadline = time.perf_counter() + seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(_client(port, request, deadline, result, max_requests) for _ in range(concurrency))
        )
        result.elapsed = time.perf_counter() - started

    asyncio.run(main())
    return result
