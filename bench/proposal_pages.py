"""E-proposal list and proposal page latency: 1k proposals against 100k and 5M supports.

What is measured
    The public pages of e-proposals, asked for by wrk (``--latency``) through gunicorn: the
    list as it opens (newest first), sorted by most supported, ending soon, a search (in
    titles and texts, through the full-text index), page 5, one proposal's page and the
    Atom feed. Each page's p50 and p99 over ``--duration`` seconds with ``--connections``
    open connections, at 1k proposals (about 50k supports) and at 100k (about 5M), the
    ratio 100k ÷ 1k, and the load average of the machine when the table is printed.

How it runs
    For each backend and size, a fresh database (SQLite: a file in a temporary directory;
    PostgreSQL: a schema of its own, ``proposals_<size>``, in the database of
    ``--postgresql-url``, by default ``bench``), ``flask db upgrade``, then seeded in bulk
    with SQLAlchemy Core: the same 300 proposals open for support at both sizes (as at
    any time: a proposal is open for 90 days), the rest history over years: closed,
    rejected, forwarded and answered. Each proposal has 0–57 supports (200 once sent to
    the committee, none when rejected; 50 on average), in ``support_count`` and as rows:
    the rows are made by the database itself in one INSERT … SELECT from 200 residents (on
    PostgreSQL with the foreign-key triggers off for that transaction), not sent from
    Python. Each size is served by its own gunicorn (2 workers × 4 threads,
    ``ESERVICES_ENV=development``) on a free port, or on ``--port`` and the next one.

Usage: ``.venv/bin/python bench/proposal_pages.py [--backend sqlite|postgresql|both]
[--quick]`` from the repo root.
"""

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from datetime import timedelta
from pathlib import Path

from harness import (
    ROOT,
    app_environment,
    free_port,
    migrate,
    prepare_postgresql,
    stop_process_group,
    tail,
    wait_until_ready,
)
from sqlalchemy import create_engine, insert
from sqlalchemy import text as sql
from sqlalchemy.engine import make_url

from eservices.database import utcnow

SIZES = (1_000, 100_000)
OPEN = 300
WORDS = (
    "bänkar", "parken", "cykelbana", "belysning", "skolgård", "bibliotek", "simhall",
    "lekplats", "träd", "gångväg", "busshållplats", "papperskorgar", "utegym", "badplats",
    "konstgräs", "torget", "hundrastgård",
)  # fmt: skip
CATEGORIES = ("trafik-och-gator", "parker-och-natur", "miljo-och-klimat", "skola", "kultur")
AREAS = ("hela-staden", "centrum", "nordost", "sydvast", "hisingen")
HISTORY = (("closed", 70), ("rejected", 15), ("answered", 10), ("forwarded", 5))
PAGES = (
    ("list, newest", "/e-forslag/"),
    ("list, most supported", "/e-forslag/?sortering=mest-stod"),
    ("list, ending soon", "/e-forslag/?sortering=slutar-snart"),
    ("list, search", "/e-forslag/?q=simhall"),
    ("list, page 5", "/e-forslag/?page=5"),
    ("proposal page", "/e-forslag/{open_page}"),
    ("Atom feed", "/e-forslag/flode.atom"),
)
# Supports per proposal: 200 for one sent on, 0–57 for the others, none when rejected: 50
# on average, 5M at 100k proposals.
SUPPORTS_OF = {
    "published": lambda rng: rng.randint(0, 57), "closed": lambda rng: rng.randint(0, 57),
    "rejected": lambda rng: 0, "forwarded": lambda rng: 200, "answered": lambda rng: 200,
}  # fmt: skip
SUPPORTERS = 200
LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def seed(database_url, size, rng):
    """Add a committee and ``size`` proposals; return the id of an open one."""
    engine = create_engine(database_url)
    now = utcnow()
    history = [status for status, share in HISTORY for _ in range(share)]
    with engine.begin() as conn:
        sqlite = conn.dialect.name == "sqlite"

        def when(moment):
            return moment.replace(tzinfo=None) if sqlite else moment

        conn.execute(
            sql(
                "INSERT INTO units (id, kind, slug, name_sv, name_en, is_active, created_at)"
                " VALUES (1, 'committee', 'kommunstyrelsen', 'Kommunstyrelsen', '', :t, :c)"
            ),
            {"t": True, "c": when(now)},
        )
        rows = []
        for number in range(size):
            is_open = number >= size - OPEN
            status = "published" if is_open else rng.choice(history)
            age = rng.uniform(0, 89) if is_open else rng.uniform(91, 2000)
            decided = now - timedelta(days=age)
            title = " ".join(rng.sample(WORDS, 3)).capitalize()
            rows.append({
                "slug": title.lower().replace(" ", "-"), "title": title,
                "body": f"{title}. " + " ".join(rng.choices(WORDS, k=60)),
                "category": rng.choice(CATEGORIES), "area": rng.choice(AREAS),
                "proposer_name": "Anna Andersson", "status": status, "rule_ids": [],
                "created_at": when(decided - timedelta(days=2)),
                "updated_at": when(decided), "submitted_at": when(decided - timedelta(days=2)),
                "decided_at": when(decided),
                "published_at": None if status == "rejected" else when(decided),
                "closes_at": None if status == "rejected" else when(decided + timedelta(days=90)),
                "committee_id": None if status == "rejected" else 1,
                "support_count": SUPPORTS_OF[status](rng),
            })  # fmt: skip
        table = sql_table(conn)
        for start in range(0, len(rows), 10_000):
            conn.execute(insert(table), rows[start : start + 10_000])
        open_page = conn.execute(
            sql(
                "SELECT id || '-' || slug FROM proposals WHERE status = 'published'"
                " ORDER BY id DESC LIMIT 1"
            )
        ).scalar()
    supports = add_supports(engine)
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sql("VACUUM ANALYZE"))
    engine.dispose()
    return open_page, supports


def add_supports(engine):
    """Each proposal's ``support_count`` supports, as rows made by the database itself
    (INSERT … SELECT), by SUPPORTERS residents; the number of rows."""
    postgres = engine.dialect.name == "postgresql"
    now = "now()" if postgres else "datetime('now')"
    with engine.begin() as conn:
        conn.execute(
            sql(  # made of constants
                "INSERT INTO users (id, kind, given_name, family_name, is_active, created_at,"  # noqa: S608
                f" notify_status, notify_messages) SELECT i, 'resident', 'Bench', 'Person ' || i,"
                f" :t, {now}, :t, :t FROM ({series(postgres)}) AS s"
            ),
            {"n": SUPPORTERS, "t": True},
        )
        if postgres:
            # The rows are made valid; checking 5M foreign keys one by one would take
            # longer than making them (this run's own database only).
            conn.execute(sql("SET LOCAL session_replication_role = replica"))
        conn.execute(
            sql(  # made of constants
                "INSERT INTO proposal_supports (proposal_id, supporter_id, channel, notify,"  # noqa: S608
                " created_at) SELECT p.id, u.id, 'digital', :f, p.decided_at"
                " FROM proposals p JOIN users u ON u.id <= p.support_count"
            ),
            {"f": False},
        )
        return conn.scalar(sql("SELECT count(*) FROM proposal_supports"))


def series(postgres):
    """A SELECT of the whole numbers 1 to :n, as i."""
    if postgres:
        return "SELECT generate_series(1, :n) AS i"
    return (
        "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :n)"
        " SELECT i FROM s"
    )


def sql_table(conn):
    """The proposals table as the database has it, without the models' type conversions."""
    from sqlalchemy import MetaData, Table

    return Table("proposals", MetaData(), autoload_with=conn)


def wrk(url, *, duration, connections):
    """p50 and p99 in ms of GET ``url`` under wrk."""
    out = subprocess.run(
        ["wrk", "--latency", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    if "Non-2xx" in out:
        raise SystemExit(f"{url} answered errors:\n{out}")
    found = {p: float(v) * UNITS[u] for p, v, u in LATENCY.findall(out)}
    if not found.get("50"):  # no request came back within the timeout
        raise SystemExit(f"{url} did not answer within wrk's timeout:\n{out}")
    return found["50"], found["99"]


def warm_up(url):
    """Ask for ``url`` a few times, each waited for (a 1 s wrk run counts none that is slower
    than that, which a loaded machine makes a failure)."""
    for _ in range(3):
        with urllib.request.urlopen(url, timeout=60) as answer:  # noqa: S310 (our own server)
            answer.read()


def serve(env, port, log_path):
    """Start gunicorn on ``port``; the process, ready."""
    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "--no-control-socket", "eservices:create_app()"]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        wait_until_ready(process, f"http://127.0.0.1:{port}/e-forslag/", log_path)
    except RuntimeError:
        stop_process_group(process)  # never leave a server behind
        raise
    return process


def database(backend, size, tmp, postgresql_url):
    """A fresh, empty database for one size; its URL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp / f'proposals_{size}.sqlite'}"
    schema = f"proposals_{size}"
    prepare_postgresql(postgresql_url, schema)
    url = make_url(postgresql_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def run(backend, options):
    """Seed both sizes, serve them, time every page; print a table."""
    tmp = Path(tempfile.mkdtemp(prefix="proposal-pages-"))
    log_path = tmp / "server.log"
    processes, targets = [], {}
    try:
        ports = (options.port, options.port + 1) if options.port else (free_port(), free_port())
        for size, port in zip(SIZES, ports, strict=True):
            url = database(backend, size, tmp, options.postgresql_url)
            env = app_environment(url, tmp / f"instance_{size}")
            migrate(env, log_path)
            started = time.perf_counter()
            open_page, supports = seed(url, size, random.Random(size))
            took = time.perf_counter() - started
            print(
                f"{backend}: {size:>7,} proposals and {supports:>9,} supports seeded in"
                f" {took:.0f} s",
                flush=True,
            )
            processes.append(serve(env, port, log_path))
            targets[size] = (f"http://127.0.0.1:{port}", open_page)
        heads = ("p50 1k", "p99 1k", "p50 100k", "p99 100k", "×p50")
        print(f"\n{'page':<24}" + "".join(f"{head:>10}" for head in heads))
        for label, path in PAGES:
            times = []
            for size in SIZES:
                base, open_page = targets[size]
                # The slug has å, ä and ö: sent as a browser sends them, encoded.
                address = base + urllib.parse.quote(path.format(open_page=open_page), safe="/?=&-")
                warm_up(address)
                times.append(
                    wrk(address, duration=options.duration, connections=options.connections)
                )
            (p50a, p99a), (p50b, p99b) = times
            figures = (p50a, p99a, p50b, p99b)
            print(
                f"{label:<24}" + "".join(f"{f:>10.1f}" for f in figures) + f"{p50b / p50a:>10.2f}",
                flush=True,
            )
        print("(ms; wrk with 2 threads and", options.connections, "connections, gunicorn 2 × 4)")
        print("load average (1, 5, 15 min): {:.2f} {:.2f} {:.2f}\n".format(*os.getloadavg()))
    except SystemExit:
        print(tail(log_path, 40))
        raise
    finally:
        for process in processes:
            stop_process_group(process)
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--quick", action="store_true", help="2 s a page")
    parser.add_argument("--port", type=int, default=0, help="the first of two ports to serve on")
    parser.add_argument(
        "--postgresql-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/bench"
    )
    options = parser.parse_args()
    if options.quick:
        options.duration = 2
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        run(backend, options)


if __name__ == "__main__":
    main()
