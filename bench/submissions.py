"""Submissions per second through gunicorn, on SQLite and PostgreSQL, against a bare Flask app.

What is measured
    A *submission* is what an anonymous resident's browser does to report a fault with the
    e-service ``felanmalan``, following every redirect: GET the service page, POST ``ansok``
    (start), then for each of the four steps POST its answers with ``action=next`` and GET the
    next page, POST ``granska`` (send) and GET the receipt ``/kvitto/<number>``: 13 HTTP
    requests. It counts only when the receipt answers 200 and shows its case number. Each
    simulated user is a thread with its own cookies, starting a new submission as soon as
    the last one ends. Photos (optional) are not sent; the steps are posted urlencoded.

    The *bare* figure is the same client hammering ``GET /`` of bench/bare_app.py, served by
    gunicorn with the same workers and threads: the ceiling set by gunicorn, Flask and the
    client, with no database, templates, sessions or CSRF.

How it runs
    Each backend gets a fresh database (SQLite in a temporary directory; the PostgreSQL
    database ``bench``, its schema dropped and re-created), ``flask db upgrade`` and
    ``flask demo load``, then a gunicorn of its own on a free port, stopped at the end. After
    a warm-up, requests are counted for ``--duration`` seconds. At the end the cases in the
    database are counted: they must equal the receipts received (warm-up included).

How to read the figures
    ``subm/s`` is whole submissions completed per second, ``req/s`` the HTTP requests per
    second behind them. ``p50``/``p95`` are the wall time of one submission (13 requests) or,
    for bare, of one request. ``req/s ÷ bare req/s`` compares request for request;
    ``subm/s ÷ bare req/s`` is one over the number of bare requests a submission costs.
    ``client`` and ``server`` are CPU time over wall time (100% is one core busy; the server
    is gunicorn's processes, not PostgreSQL's). Client and server share the machine: when
    the client is near 100% (one core, Python's GIL) it, not the server, bounds the figure,
    as it usually does for bare. ``server ms/req`` (gunicorn CPU per request) does not depend
    on the client, so its ratio to bare is the fairer measure of what the platform costs.
    Per-route times are taken under load, so they include waiting for a worker thread and,
    on SQLite, for the write lock.

Usage: ``.venv/bin/python bench/submissions.py [--backend both] [--quick]`` from the repo root.
"""

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

from harness import (
    Failed,
    backends_to_run,
    count_cases,
    fresh_database,
    gunicorn,
    load_schema_and_demo,
    route,
    run_users,
)

BENCH = Path(__file__).resolve().parent
SERVICE = "felanmalan"
POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
CATEGORIES = (
    "gatubelysning", "gata-och-trottoar", "klotter", "nedskrapning", "park-och-lekplats",
    "trafikskylt-och-signal", "ovrigt",
)  # fmt: skip
CSRF_INPUT = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*>')
VALUE = re.compile(r'\bvalue="([^"]*)"')


def csrf_token(response):
    """The CSRF token of the form on the page `response` holds."""
    tag = CSRF_INPUT.search(response.text)
    value = VALUE.search(tag.group(0)) if tag else None
    if value is None:
        raise Failed(f"no csrf_token on {route(response.url)} ({response.status_code})")
    return value.group(1)


def expect_page(response, path):
    """Fail unless the redirects ended on `path` with 200 (a refused step stays put)."""
    landed = urlsplit(response.url).path
    if response.status_code != 200 or landed != path:
        raise Failed(
            f"expected 200 at {route(path)}, got {response.status_code} at {route(landed)}"
        )


def fault_report(rng, serial):
    """Valid answers to the four steps of felanmalan; the contact step stays anonymous."""
    return [
        {"category": rng.choice(CATEGORIES)},
        {
            "location__description": f"Korsningen Avenyn och Vasagatan, stolpe {serial}",
            "location__lat": f"{rng.uniform(57.65, 57.75):.5f}",
            "location__lng": f"{rng.uniform(11.90, 12.05):.5f}",
        },
        {"description": f"Gatlyktan är släckt sedan i går kväll (rapport {serial})."},
        {"wants_reply": "no"},
    ]


def submit(client, rng, serial):
    """One whole fault report, from the service page to the receipt; returns the case number."""
    base = f"/e-tjanster/{SERVICE}"
    page = client.get(base)
    expect_page(page, base)
    page = client.post(f"{base}/ansok", {"csrf_token": csrf_token(page)})
    for number, answers in enumerate(fault_report(rng, serial), start=1):
        step = f"{base}/steg/{number}"
        expect_page(page, step)
        page = client.post(step, {"csrf_token": csrf_token(page), **answers, "action": "next"})
    expect_page(page, f"{base}/granska")
    receipt = client.post(f"{base}/granska", {"csrf_token": csrf_token(page)})
    case_number = urlsplit(receipt.url).path.rpartition("/kvitto/")[2]
    expect_page(receipt, f"/kvitto/{case_number}")
    if not case_number or case_number not in receipt.text:
        raise Failed("the receipt does not show the case number")
    return case_number


def fetch_bare(client, rng, serial):
    """One request to the bare app."""
    response = client.get("/")
    if response.status_code != 200 or response.text != "ok\n":
        raise Failed(f"bare app answered {response.status_code}")


# --- Measurements ---------------------------------------------------------------------------


def measure_bare(options, workdir):
    """Requests per second of the bare Flask app under the same gunicorn settings."""
    with gunicorn(
        "bare_app:create_app()",
        env=dict(os.environ),
        workers=options.workers,
        threads=options.threads,
        log_path=workdir / "bare.log",
        ready_path="/",
        pythonpath=str(BENCH),
    ) as (url, pid):
        return run_users("bare Flask", fetch_bare, url, **load_settings(options, pid))


def measure_backend(backend, options, workdir):
    """Submissions per second on a fresh database of `backend`; the cases are counted after."""
    database_url, env = fresh_database(backend, options.postgresql_url, workdir / backend)
    log_path = workdir / f"{backend}.log"
    load_schema_and_demo(env, log_path)
    # The demo brings its own cases: only the ones made during the run are compared.
    demo_cases = count_cases(database_url)
    with gunicorn(
        "eservices:create_app()",
        env=env,
        workers=options.workers,
        threads=options.threads,
        log_path=log_path,
        ready_path="/healthz",
    ) as (url, pid):
        run = run_users(backend, submit, url, **load_settings(options, pid))
    run.cases_in_database = count_cases(database_url) - demo_cases
    return run


def load_settings(options, server_pid):
    """The keyword arguments of run_users that come from the command line."""
    return {
        "users": options.users,
        "warmup": options.warmup,
        "duration": options.duration,
        "server_pid": server_pid,
    }


# --- Report ---------------------------------------------------------------------------------


def rates(run):
    """(units/s, requests/s, p50 ms, p95 ms) over the measured window."""
    samples, responses = run.in_window(run.samples), run.in_window(run.responses)
    latencies = sorted(seconds for _finished, seconds, _result in samples)
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    return len(samples) / run.seconds, len(responses) / run.seconds, p50, p95


def percent(value):
    """A CPU share as a percentage of one core, or a dash."""
    return "-" if value is None else f"{value * 100:.0f}%"


def server_ms_per_request(run):
    """gunicorn's CPU milliseconds per HTTP request: a cost the client's speed does not bound."""
    requests_per_s = rates(run)[1]
    if run.server_cpu is None or not requests_per_s:
        return None
    return run.server_cpu * 1000 / requests_per_s


def print_table(bare, backends):
    """The figures of every measurement, one row each."""
    header = ("measurement", "subm/s", "req/s", "p50 ms", "p95 ms", "failed", "client", "server")
    print("{:<12} {:>7} {:>8} {:>8} {:>8} {:>6} {:>7} {:>7}  server ms/req".format(*header))
    for run in [bare, *backends]:
        units, requests_per_s, p50, p95 = rates(run)
        cost = server_ms_per_request(run)
        print(
            f"{run.name:<12} {'-' if run is bare else f'{units:.1f}':>7} {requests_per_s:>8.1f} "
            f"{p50:>8.1f} {p95:>8.1f} {sum(run.failures.values()):>6} "
            f"{percent(run.client_cpu):>7} {percent(run.server_cpu):>7}  "
            f"{'-' if cost is None else f'{cost:.2f}':>13}"
        )
    print(
        "(p50/p95: one whole submission, or one bare request; client/server: CPU time over wall"
        " time, 100% = one core)"
    )


def print_ratios(bare, backends):
    """Each backend against the bare ceiling."""
    bare_requests = rates(bare)[1]
    print(f"\nRatios to the bare Flask endpoint ({bare_requests:.1f} req/s):")
    for run in backends:
        submissions, requests_per_s, _p50, _p95 = rates(run)
        print(
            f"  {run.name:<11} req/s ÷ bare req/s = {requests_per_s / bare_requests:.3f}   "
            f"subm/s ÷ bare req/s = {submissions / bare_requests:.4f}"
        )
    bare_cost = server_ms_per_request(bare)
    if bare_cost and bare.client_cpu > 0.85:
        print(
            f"  The client used {percent(bare.client_cpu)} CPU on bare: that figure is bounded by"
            " the client, so these ratios flatter the platform."
        )
    for run in backends:
        cost = server_ms_per_request(run)
        if bare_cost and cost:
            print(
                f"  {run.name:<11} server CPU per request ÷ bare = {cost / bare_cost:.1f}"
                f" ({cost:.2f} ms ÷ {bare_cost:.2f} ms)"
            )


def print_routes(run):
    """Every route of `run` with its response time, slowest first."""
    by_route = defaultdict(list)
    for _finished, label, seconds in run.in_window(run.responses):
        by_route[label].append(seconds)
    rows = sorted(by_route.items(), key=lambda item: -statistics.fmean(item[1]))
    print(f"\nRoutes on {run.name}, slowest first (ms per request: mean, p95; count):")
    for label, times in rows:
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))] * 1000
        print(f"  {label:<38} {statistics.fmean(times) * 1000:>7.1f} {p95:>7.1f} {len(times):>6}")


def print_checks(run):
    """Failures, and whether the cases in the database are exactly the receipts; True if so."""
    receipts = [result for _finished, _seconds, result in run.samples]
    unique, cases = len(set(receipts)), run.cases_in_database
    if cases == len(receipts):
        verdict = "OK, no lost submission"
    elif cases < len(receipts):
        verdict = f"LOST: {len(receipts) - cases} receipts without a case"
    else:
        verdict = f"MISMATCH: {cases - len(receipts)} cases whose receipt never came"
    print(
        f"\n{run.name}: {len(receipts)} receipts ({unique} distinct case numbers), "
        f"{cases} cases in the database: {verdict}"
    )
    for reason, count in run.failures.most_common(5):
        print(f"  failed ×{count}: {reason}")
    return cases == len(receipts) == unique and not run.failures


# --- Command line ---------------------------------------------------------------------------


def parse_options(argv=None):
    """The command-line options; --quick shortens warm-up and duration."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=float, default=15.0, help="seconds measured [15]")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds not measured [3]")
    parser.add_argument("--users", type=int, default=8, help="simulated users (threads) [8]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker [4]")
    parser.add_argument("--quick", action="store_true", help="3 s per measurement, 1 s warm-up")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help=f"[{POSTGRESQL_URL}]")
    options = parser.parse_args(argv)
    if options.quick:
        options.duration, options.warmup = 3.0, 1.0
    return options


def main(argv=None):
    """Measure, print the table, ratios and checks; exit 1 on a failure or lost submission."""
    options = parse_options(argv)
    backends = backends_to_run(options)
    print(
        f"gunicorn {options.workers} workers × {options.threads} threads, {options.users} users, "
        f"{options.warmup:g} s warm-up + {options.duration:g} s per measurement, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the start\n"
    )
    workdir = Path(tempfile.mkdtemp(prefix="eservices-bench-"))
    consistent = False
    try:
        bare = measure_bare(options, workdir)
        runs = [measure_backend(backend, options, workdir) for backend in backends]
        print_table(bare, runs)
        print_ratios(bare, runs)
        for run in runs:
            print_routes(run)
        checks = [print_checks(run) for run in runs]
        consistent = all(checks)
    finally:
        if consistent:
            shutil.rmtree(workdir)
        else:
            print(f"\nServer logs and databases kept in {workdir}", file=sys.stderr)
    return 0 if consistent else 1


if __name__ == "__main__":
    sys.exit(main())
