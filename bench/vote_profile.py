"""Where the CPU of one youth-election vote goes: CPU ms and SQL statements per step.

The seven requests of bench/election.py's vote (the start page, the code, the ballot, the
choice, the confirmation page, the vote, "Du har röstat"), sent through a WSGI call loop
(Flask's test client, one fresh browser a pupil) to the platform with the benchmark's
settings (development config, no debugger), on a fresh database migrated to head with the
demo's election, and a census and codes made by the real services (``codes.issue``).
No HTTP server: what is left is the platform's own cost per request.

Prints, per step, the mean CPU ms of this process (``time.process_time``) and the mean
number of SQL statements sent (an SQLAlchemy ``before_cursor_execute`` listener), over
``--votes`` votes after ``--warmup`` votes not counted. ``--profile N`` also runs cProfile
over the counted votes and prints the N functions with the most cumulative and own time.

Usage: ``.venv/bin/python bench/vote_profile.py [--votes 200] [--profile 40]`` from the
repository root; ``--postgresql-url`` to run on PostgreSQL (its public schema is dropped
and re-created).
"""

import argparse
import cProfile
import os
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from election import CHOICE, CSRF, STEPS, new_classes
from harness import fresh_database, load_schema_and_demo
from sqlalchemy import event

from eservices import create_app
from eservices.extensions import db

VOTE = "/ungdomsval"
EXPECTED = (200, 302, 200, 302, 200, 302, 200)


def arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=int, default=200, help="votes measured (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="votes first, not counted")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print cProfile's N costliest functions")  # fmt: skip
    parser.add_argument("--postgresql-url", help="PostgreSQL instead of SQLite")
    return parser.parse_args()


def vote(client, pupil, step_done):
    """The seven requests of one vote; `step_done(i)` after step i's response."""
    token = None

    def send(index, method, path, data=None):
        nonlocal token
        if data is not None:
            data = {"csrf_token": token, **data}
        response = client.open(VOTE + path, method=method, data=data)
        step_done(index)
        if response.status_code != EXPECTED[index]:
            raise SystemExit(f"{STEPS[index]}: {response.status_code}, not {EXPECTED[index]}")
        found = CSRF.search(response.get_data(as_text=True))
        if found:
            token = found.group(1)
        return response

    send(0, "GET", "/rosta")
    send(1, "POST", "/rosta/kod", {"code": pupil.code})
    page = send(2, "GET", "/valsedel").get_data(as_text=True)
    send(3, "POST", "/valsedel", {"choice": CHOICE.search(page).group(1)})
    send(4, "GET", "/valsedel/bekrafta")
    send(5, "POST", "/valsedel/bekrafta", {})
    send(6, "GET", "/har-rostat")


def measure(app, pupils, profiler=None):
    """(CPU ms per step, statements per step), summed over `pupils`' votes."""
    cpu, statements = defaultdict(float), defaultdict(int)
    sent = [0]

    def count(*_args):
        sent[0] += 1

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        for pupil in pupils:
            client = app.test_client()
            started = [time.process_time(), 0]

            def step_done(index, started=started):
                now = time.process_time()
                cpu[index] += (now - started[0]) * 1000
                statements[index] += sent[0] - started[1]
                started[0], started[1] = now, sent[0]

            started[1] = sent[0]
            if profiler:
                profiler.enable()
            vote(client, pupil, step_done)
            if profiler:
                profiler.disable()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return cpu, statements


def report(cpu, statements, votes):
    print(f"{'step':38} {'CPU ms':>8} {'statements':>11}")
    for index, step in enumerate(STEPS):
        print(f"{step:38} {cpu[index] / votes:8.2f} {statements[index] / votes:11.1f}")
    total_cpu, total_sql = sum(cpu.values()) / votes, sum(statements.values()) / votes
    print(f"{'a vote (7 requests)':38} {total_cpu:8.2f} {total_sql:11.1f}")


def main():
    options = arguments()
    workdir = Path(tempfile.mkdtemp(prefix="vote-profile-"))
    try:
        backend = "postgresql" if options.postgresql_url else "sqlite"
        url, env = fresh_database(backend, options.postgresql_url, workdir)
        started = time.monotonic()
        load_schema_and_demo(env, workdir / "flask.log")
        print(f"migrated, demo loaded in {time.monotonic() - started:.0f} s", flush=True)
        os.environ.update(env)
        total = options.warmup + options.votes
        pupils = new_classes(url, classes=-(-total // 30), class_size=30)[:total]
        app = create_app()
        measure(app, pupils[: options.warmup])
        profiler = cProfile.Profile() if options.profile else None
        cpu, statements = measure(app, pupils[options.warmup :], profiler)
        print(f"{options.votes} votes after {options.warmup} not counted, "
              f"{re.sub(r'://.*@', '://', url.split('?')[0])}")  # fmt: skip
        report(cpu, statements, options.votes)
        if profiler:
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats("cumulative").print_stats(options.profile)
            stats.sort_stats("tottime").print_stats(options.profile)
        with app.app_context():
            db.engine.dispose()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
