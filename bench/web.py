"""The web server under load: latency per page for one client and for N concurrent clients.

    python bench/web.py                          # 16 clients x 25 requests per page, 2 workers
    python bench/web.py --clients 8 --workers 4 --requests 50
    python bench/web.py --only "story page" --repeat 5   # the median of 5 ratios

Starts `storyweave serve` (a real process, uvicorn workers) on a free loopback port over the
demo store (examples/demo, ingested and briefed first), warms each page, then per page:
1. one client, `--requests` requests in a row;
2. `--clients` clients at once, each `--requests` requests in a row (each client keeps its own
   connection), stopped after `--max-s` seconds per page however far they got.
The clients run in this process on the same machine, speaking plain HTTP/1.1 by hand so they
take as little CPU from the server as they can.
Prints p50/p95 latency and errors for both, the ratio of the loaded p95 to the one-client
p50, the server's CPU time per request under load (all its processes, from /proc), and the
machine's load average (1 minute) before and after each line: other work on a shared machine
shows there. With `--repeat N` each page is measured N times and the median
ratio printed. The issue's target: a story page's ratio <= 10, and 0 errors under 16 clients
x 25.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "examples" / "demo"
STORYWEAVE = [sys.executable, "-m", "storyweave.cli"]
STORY_RATIO_TARGET = 10.0


@dataclass
class Sample:
    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    def add(self, took: float, status: int | None, problem: str = "") -> None:
        if status == 200:
            self.latencies_s.append(took)
        else:
            self.errors += 1
            self.first_error = self.first_error or problem or f"status {status}"

    def percentile(self, share: float) -> float:
        if not self.latencies_s:
            return float("nan")
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Connection(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection, spoken by hand on the event loop's protocol layer
    (no stream objects): the clients share the machine's cores with the server, and a full
    HTTP client costs more CPU per request than the server's kept story page does, so it
    would measure itself. Answers must carry Content-Length (every answer of the server does)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.answer: asyncio.Future[int] | None = None
        self.status = 0
        self.needed: int | None = None  # bytes of the answer under way, once its head is in
        self.closing = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        if self.needed is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            self.status = int(lines[0].split()[1])
            headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
            self.closing = headers.get("connection") == "close"
            self.needed = end + 4 + int(headers.get("content-length", "0"))
        if len(self.buffer) >= self.needed:
            del self.buffer[: self.needed]
            self.needed = None
            if self.answer is not None and not self.answer.done():
                self.answer.set_result(self.status)

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        if self.answer is not None and not self.answer.done():
            self.answer.set_exception(ConnectionError(f"connection closed: {exc}"))


class Client:
    """Asks for gzip as every browser does (Accept-Encoding), unless `identity`; the body is
    counted, not unpacked."""

    identity = False

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.accept = "" if self.identity else "Accept-Encoding: gzip, deflate\r\n"
        self.connection: Connection | None = None

    async def get(self, path: str) -> int:
        if self.connection is None or self.connection.transport is None:
            loop = asyncio.get_running_loop()
            _, self.connection = await loop.create_connection(Connection, self.host, self.port)
        connection = self.connection
        connection.answer = asyncio.get_running_loop().create_future()
        assert connection.transport is not None
        head = f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.accept}\r\n"
        connection.transport.write(head.encode())
        status = await connection.answer
        if connection.closing:
            self.close()
        return status

    def close(self) -> None:
        if self.connection is not None and self.connection.transport is not None:
            self.connection.transport.close()
        self.connection = None


async def one_client(base: str, path: str, requests: int, deadline: float, into: Sample) -> None:
    host, port = base.removeprefix("http://").split(":")
    client = Client(host, int(port))
    try:
        for _ in range(requests):
            if time.monotonic() > deadline:
                return
            started = time.perf_counter()
            try:
                status = await client.get(path)
                into.add(time.perf_counter() - started, status)
            except (OSError, ValueError) as exc:
                into.add(time.perf_counter() - started, None, f"{type(exc).__name__}: {exc}")
                client.close()
    finally:
        client.close()


def load(base: str, path: str, clients: int, requests: int, max_s: float) -> Sample:
    sample = Sample()
    deadline = time.monotonic() + max_s

    async def run() -> None:
        await asyncio.gather(
            *(one_client(base, path, requests, deadline, sample) for _ in range(clients))
        )

    # uvloop (uvicorn's loop, installed with it) costs the clients less CPU per request.
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:
        factory = asyncio.new_event_loop
    with asyncio.Runner(loop_factory=factory) as runner:
        runner.run(run())
    return sample


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(store: str, port: int, workers: int) -> subprocess.Popen:
    environment = {**os.environ, "STORYWEAVE_TOKEN": "bench-only"}
    command = [*STORYWEAVE, "serve", "--db", store, "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", str(workers)], env=environment, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server exited with status {server.returncode}")
        try:
            if httpx.get(base + "/api/stories", timeout=5).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    server.kill()
    sys.exit("the server did not come up within 120 s")


def pages(base: str) -> dict[str, str]:
    """One URL per kind of page, chosen from what the store holds (the largest story)."""
    listing = httpx.get(base + "/api/stories", timeout=60).json()["stories"]
    story = max(listing, key=lambda s: s["articles"])
    brief = httpx.get(f"{base}/api/stories/{story['id']}", timeout=60).json()
    article = brief["summary"][0]["citations"][0]["article"] if brief["summary"] else None
    word = story["title"].split()[0]
    found = {
        "story list": "/",
        "story page": f"/stories/{story['id']}",
        "story JSON": f"/api/stories/{story['id']}",
        "search": f"/search?q={word}",
    }
    if article:
        found["article page"] = f"/articles/{article}"
    return found


def milliseconds(seconds: float) -> str:
    return f"{1000 * seconds:8.1f}"


def load_average() -> str:
    return f"{os.getloadavg()[0]:.1f}"


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of a process and its children, from /proc (Linux; nan
    elsewhere): the server's own cost per request, which other work on the machine does not
    change the way it changes latency."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except (OSError, ValueError, IndexError):
        return float("nan")
    return own + sum(cpu_s(int(child)) for child in children)


def measure(
    base: str, name: str, path: str, server: int, args: argparse.Namespace
) -> tuple[float, bool]:
    """One line: one client, then `--clients` clients, on one page; (ratio, all answered)."""
    before = load_average()
    load(base, path, 1, 3, args.max_s)  # warm: caches, connections
    single = load(base, path, 1, args.requests, args.max_s)
    used_s = cpu_s(server)
    loaded = load(base, path, args.clients, args.requests, args.max_s)
    used_s = cpu_s(server) - used_s
    ratio = loaded.percentile(0.95) / single.percentile(0.5)
    done = len(loaded.latencies_s) + loaded.errors
    print(
        f"{name:14s} {milliseconds(single.percentile(0.5))} "
        f"{milliseconds(single.percentile(0.95))} {single.errors:4d} | "
        f"{milliseconds(loaded.percentile(0.5))} "
        f"{milliseconds(loaded.percentile(0.95))} {loaded.errors:4d} {done:5d} | "
        f"{ratio:6.1f}x | {1000 * used_s / max(done, 1):6.2f} | "
        f"{before:>4s} -> {load_average():>4s}",
        flush=True,
    )
    for sample in (single, loaded):
        if sample.first_error:
            print(f"  first error: {sample.first_error}")
    complete = not single.errors and not loaded.errors and done == args.clients * args.requests
    return ratio, complete


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=25, help="per client and page")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-s", type=float, default=60.0, help="bound per page and phase")
    parser.add_argument("--only", help="one page: story list, story page, story JSON, ...")
    parser.add_argument("--repeat", type=int, default=1, help="measure each page N times")
    parser.add_argument(
        "--identity", action="store_true", help="ask for answers uncompressed (no gzip)"
    )
    args = parser.parse_args()
    Client.identity = args.identity
    with tempfile.TemporaryDirectory() as tmp:
        store = os.path.join(tmp, "demo.db")
        subprocess.run([*STORYWEAVE, "ingest", str(DEMO), "--db", store], check=True,
                       capture_output=True)  # fmt: skip
        port = free_port()
        server = start_server(store, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        try:
            print(
                f"storyweave serve --workers {args.workers} on the demo store; "
                f"{args.clients} clients x {args.requests} requests per page"
                f"{' (no gzip)' if args.identity else ' (gzip accepted)'}; "
                f"{os.cpu_count()} CPUs on this machine (the clients share them)"
            )
            header = "page            1 client: p50 ms  p95 ms  err"
            print(
                header + f" | {args.clients} clients: p50 ms  p95 ms  err  done | p95/p50(1)"
                " | server CPU ms/req | load avg"
            )
            story_ratios, story_ok = [], True
            for name, path in pages(base).items():
                if args.only and name != args.only:
                    continue
                ratios = []
                for _ in range(args.repeat):
                    ratio, complete = measure(base, name, path, server.pid, args)
                    ratios.append(ratio)
                    if name == "story page":
                        story_ratios.append(ratio)
                        story_ok = story_ok and complete
                if args.repeat > 1:
                    print(
                        f"{name:14s} median ratio of {args.repeat}: "
                        f"{statistics.median(ratios):.1f}x"
                    )
            if story_ratios:
                median = statistics.median(story_ratios)
                met = median <= STORY_RATIO_TARGET and story_ok
                print(
                    f"target (story page p95 under {args.clients} clients <= "
                    f"{STORY_RATIO_TARGET:g}x its one-client p50, 0 errors): "
                    f"{'met' if met else 'NOT met'} (ratio {median:.1f}x"
                    f"{', median of ' + str(len(story_ratios)) if len(story_ratios) > 1 else ''})"
                )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
