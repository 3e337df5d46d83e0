"""E-proposal supports per second through gunicorn, and the proposal pages' latency at scale.

What is measured
    *Supports/s*: wrk POSTs supports as logged-in residents' browsers would (a session
    cookie and the form's CSRF token; bench/proposals_support.lua), each to a proposal the
    resident has not supported yet, through gunicorn (2 workers × 4 threads). Two loads:
    *spread* (every resident supports every one of 100 proposals, in random order) and *hot*
    (every resident supports the same one proposal: the viral case, every write on one
    row). During the hot load a second wrk reads the hot proposal's page, and its p50/p99
    are compared with the same page read with no writes going on: a hot row that blocked
    readers would show there. A support counts when its row is in the database: supports/s
    is the rows added over wrk's duration, and afterwards every proposal's count must equal
    its rows. The *bare* figure is wrk GETting bench/bare_app.py under the same gunicorn
    settings: the ratio supports/s ÷ bare req/s is what one support costs against the least
    a Flask request can cost on this machine, measured in the same run.

    *Latency*: p50/p99 (wrk --latency, 4 connections) of the proposal list (open for
    support, most supported first) and of one proposal's page, with 1k proposals and 20k
    supports, then with 100k proposals and 5M supports (bulk SQL, 50 supporters per
    proposal; the proposal asked for has 50 supports in both). The 5M are made on
    PostgreSQL only unless --latency-sqlite is given: SQLite takes minutes for them.

How it runs
    Each backend gets a fresh database (SQLite in a temporary directory; PostgreSQL
    ``--postgresql-url``, its public schema dropped and re-created), ``flask db upgrade``,
    ``flask demo load`` (units, committees, staff), a rulebook whose threshold is out of
    reach (so that the figure is supports, not forwardings), 100 open proposals and
    ``--residents`` residents logged in through the test e-ID. gunicorn binds to ``--port``
    (bare Flask to ``--port`` + 1).

Usage: ``.venv/bin/python bench/proposals.py [--backend both] [--quick]`` from the repo root.
"""

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import requests
from harness import (
    ROOT,
    backends_to_run,
    gunicorn,
    load_schema_and_demo,
    wrk,
)
from harness import fresh_database as new_database
from sqlalchemy import create_engine
from sqlalchemy import text as sql

BENCH = Path(__file__).resolve().parent
LUA = BENCH / "proposals_support.lua"
POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
SPREAD_PROPOSALS = 100


# --- The database ------------------------------------------------------------------------


def fresh_database(backend, options, workdir, name):
    """(database URL, app environment) of an empty database, whose rulebook's threshold no
    run reaches."""
    url, env = new_database(backend, options.postgresql_url, workdir / f"{backend}-{name}")
    env["MODERATION_RULES"] = str(unreachable_rulebook(workdir))
    return url, env


def unreachable_rulebook(workdir):
    """The platform's rulebook with a threshold no run reaches."""
    path = workdir / "rules.yaml"
    if not path.exists():
        rules = (ROOT / "moderation" / "rules.yaml").read_text(encoding="utf-8")
        path.write_text(rules.replace("support_threshold: 200", "support_threshold: 1000000"))
    return path


def seed_proposals(url, count, supports_each=0, supporters=None):
    """``count`` open proposals in the first committee, each with ``supports_each`` supports
    by the first ``supports_each`` resident ids (made here as bare rows), in bulk SQL."""
    engine = create_engine(url)
    postgres = url.startswith("postgresql")
    series = (
        "SELECT generate_series(1, :n) AS i"
        if postgres
        else "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < :n) "
        "SELECT i FROM s"
    )
    now = "now()" if postgres else "datetime('now')"
    later = "now() + interval '80 days'" if postgres else "datetime('now', '+80 days')"
    with engine.begin() as conn:
        committee = conn.scalar(sql("SELECT id FROM units WHERE kind = 'committee' ORDER BY id"))
        first = conn.scalar(sql("SELECT coalesce(max(id), 0) FROM proposals")) + 1
        conn.execute(
            sql(  # made of constants
                "INSERT INTO proposals (slug, title, body, category, area, proposer_name,"  # noqa: S608
                " status, rule_ids, created_at, updated_at, submitted_at, published_at,"
                " closes_at, committee_id, support_count)"
                f" SELECT 'forslag-' || i, 'Förslag nummer ' || i, 'Gör något bra, nummer '"
                f" || i || '.', 'parker-och-natur', 'centrum', 'Bench Person', 'published',"
                f" '[]', {now}, {now}, {now}, {now}, {later}, :committee, :supports"
                f" FROM ({series}) AS s"
            ),
            {"n": count, "committee": committee, "supports": supports_each},
        )
        if supports_each:
            people = supporters or make_people(conn, supports_each, postgres)
            conn.execute(
                sql(  # made of constants and ids
                    "INSERT INTO proposal_supports (proposal_id, supporter_id, channel, notify,"  # noqa: S608
                    f" created_at) SELECT p.id, u.id, 'digital', false, {now}"
                    " FROM proposals p CROSS JOIN users u"
                    " WHERE p.id >= :first AND u.id IN (" + ",".join(map(str, people)) + ")"
                ),
                {"first": first},
            )
    if postgres:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sql("VACUUM ANALYZE"))
    engine.dispose()
    return first


def platform(env, options, log_path):
    """The platform under gunicorn with the benchmark's workers, threads and port."""
    return gunicorn(
        "eservices:create_app()",
        env=env,
        workers=options.workers,
        threads=options.threads,
        log_path=log_path,
        ready_path="/healthz",
        port=options.port,
    )


def make_people(conn, count, postgres):
    """``count`` bare resident rows (no personnummer: they never log in); their ids."""
    now = "now()" if postgres else "datetime('now')"
    true = "true" if postgres else "1"
    ids = []
    for n in range(count):
        ids.append(
            conn.scalar(
                sql(  # made of constants
                    "INSERT INTO users (kind, given_name, family_name, is_active, created_at,"  # noqa: S608
                    f" notify_status, notify_messages) VALUES ('resident', 'Bench', :name,"
                    f" {true}, {now}, {true}, {true}) RETURNING id"
                ),
                {"name": f"Person {n}"},
            )
        )
    return ids


def counts_match(url):
    """(support rows, proposals whose count differs from their rows)."""
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = conn.scalar(sql("SELECT count(*) FROM proposal_supports"))
        wrong = conn.scalar(
            sql(
                "SELECT count(*) FROM proposals p WHERE p.support_count <> (SELECT count(*)"
                " FROM proposal_supports s WHERE s.proposal_id = p.id)"
            )
        )
    engine.dispose()
    return rows, wrong


# --- Residents -----------------------------------------------------------------------------


def personnummer(n):
    """The n-th valid made-up personnummer: a day from 1970 on, and a serial number."""
    born = date(1970, 1, 1) + timedelta(days=n // 999)
    digits = f"{born:%Y%m%d}{n % 999 + 1:03d}"  # serial numbers run from 001
    total = 0
    for index, char in enumerate(digits[2:]):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return f"{digits}{(10 - total % 10) % 10}"


def log_in(base_url, n, page):
    """A resident logged in through the test e-ID: (cookie header, CSRF token of ``page``)."""
    browser = requests.Session()
    form = browser.get(base_url + "/logga-in/test", timeout=30)
    data = {
        "csrf_token": CSRF.search(form.text).group(1),
        "personnummer": personnummer(n),
        "given_name": "Bench",
        "family_name": f"Person {n}",
    }
    done = browser.post(base_url + "/logga-in/test", data=data, timeout=30)
    if done.status_code != 200 or "/logga-in" in done.url:
        raise RuntimeError(f"log-in {n} failed: {done.status_code} at {done.url}")
    token = CSRF.search(browser.get(base_url + page, timeout=30).text).group(1)
    cookie = "; ".join(f"{key}={value}" for key, value in browser.cookies.items())
    return cookie, token


def log_in_residents(base_url, count, page):
    """``count`` residents logged in at once, in 8 threads."""
    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(lambda n: log_in(base_url, n, page), range(count)))


# --- Measurements ------------------------------------------------------------------------


def measure_bare(options, workdir):
    """wrk against the bare Flask app under the same gunicorn settings."""
    with gunicorn(
        "bare_app:create_app()",
        env=dict(os.environ),
        workers=options.workers,
        threads=options.threads,
        log_path=workdir / "bare.log",
        ready_path="/",
        pythonpath=str(BENCH),
        port=options.port + 1,
    ) as (url, _pid):
        return wrk(url + "/", **load(options))


def load(options):
    """wrk's settings for the measured loads."""
    return {
        "duration": options.duration,
        "connections": options.connections,
        "threads": options.wrk_threads,
    }


def measure_supports(backend, options, workdir):
    """Supports/s, spread and hot, and reads of the hot page beside the hot writes."""
    url, env = fresh_database(backend, options, workdir, "supports")
    log_path = workdir / f"{backend}-supports.log"
    load_schema_and_demo(env, log_path)
    first = seed_proposals(url, SPREAD_PROPOSALS + 1)
    hot = first + SPREAD_PROPOSALS
    hot_page = f"/e-forslag/{hot}-forslag-{SPREAD_PROPOSALS + 1}"
    result = {"backend": backend}
    with platform(env, options, log_path) as (base, _pid):
        sessions = log_in_residents(base, options.residents, hot_page)
        spread = [
            (cookie, token, f"/e-forslag/{first + j}/stod")
            for cookie, token in sessions
            for j in range(SPREAD_PROPOSALS)
        ]
        random.Random(1).shuffle(spread)
        result["spread"] = run_supports(base, url, spread, options, workdir / "spread.tsv")
        result["idle_read"] = wrk(base + hot_page, duration=options.duration / 2,
                                  connections=2, threads=1)  # fmt: skip
        hot_targets = [(cookie, token, f"/e-forslag/{hot}/stod") for cookie, token in sessions]
        reads = {}
        reader = threading.Thread(
            target=lambda: reads.update(
                wrk(base + hot_page, duration=options.duration, connections=2, threads=1)
            )
        )
        reader.start()
        result["hot"] = run_supports(base, url, hot_targets, options, workdir / "hot.tsv")
        reader.join()
        result["hot_read"] = reads
    result["rows"], result["wrong_counts"] = counts_match(url)
    return result


def run_supports(base, url, targets, options, path):
    """wrk posting ``targets``; the figures plus supports/s as rows added per second."""
    path.write_text("".join(f"{c}\t{t}\t{p}\n" for c, t, p in targets), encoding="utf-8")
    before = counts_match(url)[0]
    started = time.monotonic()
    figures = wrk(base + "/", **load(options), script=LUA, args=(path, options.wrk_threads))
    elapsed = time.monotonic() - started
    figures["supports"] = counts_match(url)[0] - before
    figures["supports_per_s"] = figures["supports"] / elapsed
    figures["exhausted"] = figures["supports"] >= len(targets)
    return figures


def measure_latency(backend, options, workdir, size):
    """p50/p99 of the list and one proposal page with ``size`` proposals × 50 supports."""
    url, env = fresh_database(backend, options, workdir, f"latency-{size}")
    log_path = workdir / f"{backend}-latency-{size}.log"
    load_schema_and_demo(env, log_path)
    started = time.monotonic()
    engine = create_engine(url)
    with engine.begin() as conn:
        people = make_people(conn, 50, url.startswith("postgresql"))
    engine.dispose()
    first = seed_proposals(url, size, supports_each=50, supporters=people)
    seeded = time.monotonic() - started
    pages = {
        "list": "/e-forslag/?sortering=mest-stod",
        "proposal": f"/e-forslag/{first + size // 2}-forslag-{size // 2 + 1}",
    }
    figures = {"seconds_to_seed": seeded, "supports": counts_match(url)[0]}
    with platform(env, options, log_path) as (base, _pid):
        for name, page in pages.items():
            answer = requests.get(base + page, timeout=30)
            if answer.status_code != 200:
                raise RuntimeError(f"{page} answered {answer.status_code}")
            figures[name] = wrk(base + page, duration=options.duration, connections=4, threads=1)
    return figures


# --- Report -------------------------------------------------------------------------------


def print_supports(bare, runs):
    """Supports/s of each load, with the ratio to bare Flask."""
    print(f"bare Flask: {bare['rps']:.0f} req/s (p50 {bare['p50']:.1f} ms)\n")
    print(f"{'load':<18} {'supports/s':>10} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7}"
          f" {'÷ bare':>7}  check")  # fmt: skip
    for run in runs:
        for load_name in ("spread", "hot"):
            figures = run[load_name]
            check = "count = rows" if not run["wrong_counts"] else f"{run['wrong_counts']} WRONG"
            if figures["exhausted"]:
                check += ", targets ran out: raise --residents"
            print(
                f"{run['backend'] + ' ' + load_name:<18} {figures['supports_per_s']:>10.1f}"
                f" {figures['rps']:>8.1f} {figures['p50']:>7.1f} {figures['p99']:>7.1f}"
                f" {figures['supports_per_s'] / bare['rps']:>7.3f}  {check}"
            )
        idle, busy = run["idle_read"], run["hot_read"]
        print(
            f"  {run['backend']}: the hot proposal's page read alone p50 {idle['p50']:.1f} /"
            f" p99 {idle['p99']:.1f} ms; beside the hot writes p50 {busy['p50']:.1f} /"
            f" p99 {busy['p99']:.1f} ms"
        )


def print_latency(backend, small, large):
    """p50/p99 at 1k and at 100k proposals."""
    print(
        f"\n{backend}: seeded 1k in {small['seconds_to_seed']:.0f} s,"
        f" 100k proposals with {large['supports']:,} supports in {large['seconds_to_seed']:.0f} s"
    )
    print(
        f"  {'page':<10} {'1k p50':>8} {'1k p99':>8} {'100k p50':>9} {'100k p99':>9} {'×p50':>6}"
    )
    for page in ("list", "proposal"):
        a, b = small[page], large[page]
        print(
            f"  {page:<10} {a['p50']:>8.1f} {a['p99']:>8.1f} {b['p50']:>9.1f} {b['p99']:>9.1f}"
            f" {b['p50'] / a['p50']:>6.2f}"
        )


# --- Command line -------------------------------------------------------------------------


def parse_options(argv=None):
    """The command-line options; --quick shortens every load."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per load [10]")
    parser.add_argument("--residents", type=int, default=300, help="logged-in residents [300]")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections [8]")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk threads [2]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker [4]")
    parser.add_argument("--port", type=int, default=8170, help="gunicorn's port; bare +1")
    parser.add_argument("--large", type=int, default=100_000, help="proposals at scale")
    parser.add_argument("--latency-sqlite", action="store_true", help="5M supports on SQLite")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--quick", action="store_true", help="3 s loads, 2k proposals")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help=f"[{POSTGRESQL_URL}]")
    options = parser.parse_args(argv)
    if options.quick:
        options.duration, options.large, options.residents = 3.0, 2000, 100
    return options


def main(argv=None):
    """Measure and print; exit 1 when a count differs from its rows."""
    options = parse_options(argv)
    backends = backends_to_run(options)
    print(
        f"gunicorn {options.workers} workers × {options.threads} threads; wrk"
        f" {options.wrk_threads} threads × {options.connections} connections,"
        f" {options.duration:g} s per load; {os.cpu_count()} CPUs, load average"
        f" {os.getloadavg()[0]:.1f} before the start\n"
    )
    workdir = Path(tempfile.mkdtemp(prefix="eservices-bench-proposals-"))
    consistent = False
    try:
        bare = measure_bare(options, workdir)
        runs = [measure_supports(backend, options, workdir) for backend in backends]
        print_supports(bare, runs)
        consistent = not any(run["wrong_counts"] for run in runs)
        if not options.skip_latency:
            for backend in backends:
                if backend == "sqlite" and not options.latency_sqlite:
                    print("\nsqlite: latency at scale left out (--latency-sqlite to run it)")
                    continue
                small = measure_latency(backend, options, workdir, 1000)
                large = measure_latency(backend, options, workdir, options.large)
                print_latency(backend, small, large)
    finally:
        if consistent:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"\nServer logs and databases kept in {workdir}", file=sys.stderr)
    return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())
