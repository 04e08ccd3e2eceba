"""The PostgreSQL server's own floor for a saturated farm, next to the build that wrote it.

    python benchmarks/bench_floor.py --database URL [--scale medium] [--readings 6] [--workers 1,2]

A build's rows go through one server backend: the one transaction that lets a failed build
leave the database as it was. This measures how long that backend needs for the rows alone.
In one run:

1. saturate a scratch database as ``aquadata saturate`` does (committed), once per worker
   count of ``--workers`` (flushed in between, untimed), each timed, with the CPU seconds of
   this process and its worker processes and, when the server runs on this host, of the
   server's processes;
2. write every table of the last build out with ``COPY … TO STDOUT (FORMAT binary)`` into a
   temporary folder;
3. load those files into a second scratch database with the same (empty, migrated) schema in
   one transaction (emptied first: the migrations' own rows are in the files too), the
   cheapest way the server takes them: no triggers and no foreign-key checks
   (``session_replication_role = replica``, where the role may), the plain indexes dropped
   first and built once after (as the build does), nothing computed on this side but sending
   the files' bytes. Timed in three parts: the ``COPY`` of every table, the index builds, the
   commit.

Printed: the floor, and each build's time as a multiple of it with the CPU seconds of both
sides of the build and the least time they need on this machine's cores if every core were
busy all the time. Scratch databases and files are removed afterwards.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench_load import scratch_database

BLOCK = 1 << 20


def _ticks(pid: int) -> tuple[int, int, int]:
    """(ppid, own CPU ticks, reaped children's CPU ticks) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])


def server_cpu() -> float | None:
    """CPU seconds used so far by the local PostgreSQL server: the postmaster, its live
    processes and every process of it that has ended. None when no server runs here."""
    procs: dict[int, tuple[int, int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            procs[int(entry.name)] = _ticks(int(entry.name))
        except OSError:
            continue
    roots = [pid for pid, (ppid, _, _) in procs.items() if ppid not in procs]
    if len(roots) != 1:
        return None
    root = roots[0]
    ticks = procs[root][1] + procs[root][2]
    ticks += sum(own for pid, (ppid, own, _) in procs.items() if ppid == root)
    return ticks / os.sysconf("SC_CLK_TCK")


def client_cpu() -> float:
    """CPU seconds of this process and of its ended (waited-for) child processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _tables(conn) -> list[str]:
    """The current schema's ordinary tables."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND n.nspname = current_schema() ORDER BY c.relname"
    ).fetchall()
    return [name for (name,) in rows]


def dump(url: str, folder: Path) -> dict[str, int]:
    """Write every non-empty table to ``folder/<table>.bin``; {table: bytes}."""
    import psycopg

    sizes: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        for table in _tables(conn):
            path = folder / f"{table}.bin"
            cursor = conn.cursor()
            with (
                path.open("wb") as out,
                cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy,
            ):
                for block in copy:
                    out.write(block)
            if cursor.rowcount:  # the rows the COPY wrote
                sizes[table] = path.stat().st_size
            else:
                path.unlink()
    return sizes


def reload(url: str, folder: Path, tables: list[str]) -> tuple[float, float, float, bool]:
    """Load the files in one transaction, indexes dropped and built after; (COPY seconds,
    index seconds, commit seconds, whether triggers were off)."""
    import psycopg

    with psycopg.connect(url) as conn:
        replica = conn.execute(
            "SELECT rolsuper OR has_parameter_privilege('session_replication_role', 'SET') "
            "FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if replica:
            conn.execute("SET LOCAL session_replication_role = replica")
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexdef NOT LIKE 'CREATE UNIQUE%%'",
            [tables],
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        # the migrations' own rows (content types, permissions, reference data) are in the
        # files too
        conn.execute("TRUNCATE " + ", ".join(f'"{t}"' for t in _tables(conn)))
        started = time.perf_counter()
        for table in tables:
            with (
                (folder / f"{table}.bin").open("rb") as source,
                conn.cursor().copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy,
            ):
                while block := source.read(BLOCK):
                    copy.write(block)
        copied = time.perf_counter()
        for _, sql in indexes:
            conn.execute(sql)
        indexed = time.perf_counter()
        conn.commit()
        done = time.perf_counter()
    return copied - started, indexed - copied, done - indexed, bool(replica)


def _twin(server: str, url: str) -> tuple[str, str]:
    """(admin URL: the server URL given, as ``scratch_database`` uses it; URL of a second
    scratch database next to ``url``'s)."""
    parts = urlsplit(url)
    admin = urlunsplit(urlsplit(server)._replace(scheme="postgresql"))
    return admin, urlunsplit(parts._replace(scheme="postgresql", path=f"{parts.path}_floor"))


def main(argv: list[str] | None = None) -> int:
    """Build, dump, reload; print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="PostgreSQL server URL")
    parser.add_argument("--scale", default="medium", help="saturation scale")
    parser.add_argument("--readings", type=int, default=6, help="readings per sensor per day")
    parser.add_argument(
        "--workers", default="2", help="comma-separated worker counts, one build each"
    )
    args = parser.parse_args(argv)
    import psycopg

    url, remove = scratch_database(args.database)
    admin, floor_url = _twin(args.database, url)
    floor_name = urlsplit(floor_url).path.lstrip("/")
    folder = Path(tempfile.mkdtemp(prefix="aquadata_floor_"))
    try:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "pytest_aquadata.settings"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from pytest_aquadata.saturation import saturate

        call_command("migrate", verbosity=0)
        connection.close()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{floor_name}"')
            conn.execute(f'CREATE DATABASE "{floor_name}" TEMPLATE "{urlsplit(url).path[1:]}"')

        cores = len(os.sched_getaffinity(0))
        counts = [int(w) for w in args.workers.split(",") if w]
        builds: list[tuple[int, float, float, float | None]] = []
        for i, workers in enumerate(counts):
            if i:
                call_command("flush", interactive=False, verbosity=0)
                connection.close()
            server_before, client_before = server_cpu(), client_cpu()
            started = time.perf_counter()
            rows = saturate(
                args.scale, seed=1, readings_per_day=args.readings, workers=workers
            ).total_rows
            seconds = time.perf_counter() - started
            connection.close()
            server_after, client_after = server_cpu(), client_cpu()
            server = (
                None
                if server_before is None or server_after is None
                else server_after - server_before
            )
            builds.append((workers, seconds, client_after - client_before, server))

        sizes = dump(url, folder)
        server_floor_before = server_cpu()
        copy_s, index_s, commit_s, replica = reload(floor_url, folder, sorted(sizes))
        server_floor_after = server_cpu()
        floor = copy_s + index_s + commit_s

        print(
            f"scale {args.scale}: {rows:,} rows in {len(sizes)} tables, "
            f"{sum(sizes.values()) / 2**20:,.0f} MiB of binary COPY data; {cores} cores"
        )
        floor_cpu = (
            ""
            if server_floor_before is None or server_floor_after is None
            else f"; server CPU {server_floor_after - server_floor_before:.1f} s"
        )
        print(
            f"floor (one transaction, {'no triggers' if replica else 'triggers on'}): "
            f"{floor:.1f} s = COPY {copy_s:.1f} s + indexes {index_s:.1f} s "
            f"+ commit {commit_s:.1f} s{floor_cpu}"
        )
        for workers, seconds, client, server in builds:
            line = (
                f"build, {workers} worker(s): {seconds:.1f} s = {seconds / floor:.2f}x the floor; "
                f"CPU of this process and its workers {client:.1f} s"
            )
            if server is not None:
                line += (
                    f", server {server:.1f} s; on {cores} cores at least "
                    f"{(client + server) / cores:.1f} s with every core busy all the time"
                )
            print(line)
    finally:
        for path in folder.glob("*.bin"):
            path.unlink()
        folder.rmdir()
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{floor_name}"')
        remove()
    return 0


if __name__ == "__main__":
    sys.exit(main())
