"""Votes per second in the youth election through gunicorn, and a school day of classes
voting, with and without a worker killed half-way; every vote counted once.

What is measured
    *Votes/s*: wrk drives school computers on which pupils vote one after another, each
    with the voting code of their class slip (bench/election_vote.lua): GET the start page
    ``/ungdomsval/rosta``, POST the code to ``/rosta/kod``, GET the ballot ``/valsedel``,
    POST the choice to it, GET ``/valsedel/bekrafta``, POST the vote to it, GET
    ``/har-rostat``: seven requests, with the session cookie and the real CSRF token of
    each page. One code per vote, none used twice. wrk runs one connection per thread
    (``--computers``), since a thread cannot tell its connections' answers apart. A vote
    counts when its voter is marked as voted in the database: votes/s is the voters marked
    during wrk's run over its duration. The *bare* figure is wrk GETting bench/bare_app.py
    under the same gunicorn settings with as many connections, just before: votes/s ÷ bare
    req/s is what one vote costs against the least a Flask request costs on this machine.
    CPU ms are gunicorn's processes' CPU per vote and per bare request.

    *Class burst*: ``--classes`` classes of ``--class-size`` pupils. Class k starts at
    k × ``--class-every`` seconds, and each of its pupils starts voting at a random moment
    within ``--class-window`` seconds of that: a school day compressed, in which a class
    sits down at its computers and votes within the window while the next classes begin
    (with the defaults, 100 classes of 30 over 200 s, about five classes voting at once,
    15 votes/s on average). The client is Python (threads, ``requests``), one browser a
    pupil, on the same machine: it measures latency, not throughput. p50/p95/max per step
    (a redirect followed is a step of its own), and how long after its start each class's
    last vote was confirmed.

    *Worker killed*: the same burst on a fresh database, with one gunicorn worker killed
    with SIGKILL when half the classes have started; gunicorn starts another. A pupil
    whose request fails (the connection dies) starts again in a new browser with the same
    code, up to three times: the vote then goes through once, or the code is refused
    because the vote had already been cast before the request died.

    *The check*, after each run: ballots (pending pool + ballot table) = voters marked as
    voted = codes used = votes the clients account for, and each candidate's ballots equal
    the choices of the voters the clients saw vote. A voter is a yes/no flag, so a doubled
    vote shows as one ballot more than voters marked, and in the candidate's count. For the
    burst the clients account for each voter: confirmed (the vote's redirect to "Du har
    röstat" arrived) or, after a request that died, refused on retry (the vote was cast by
    the request that died); a voter confirmed but not marked is a lost vote, a marked voter
    no client accounts for a vote nobody cast, a refused code without a died request a
    code that died without its vote. For wrk, whose last requests are cut off at the end,
    the marked voters may exceed wrk's confirmations by at most one a computer.

How it runs
    Each run gets a fresh database (SQLite in a temporary directory; PostgreSQL
    ``--postgresql-url``, its public schema dropped and re-created), ``flask db upgrade``
    and ``flask demo load`` (the election, open, with its four areas and their candidates),
    then the pupils added to the census in classes over the four schools, with codes from
    ``codes.issue``. gunicorn: ``--workers`` × ``--threads``, development settings, on a
    free port. The load average before each run is printed: the machine may be shared.

Usage: ``.venv/bin/python bench/election.py [--backend both] [--quick]`` from the repo root.
"""

import argparse
import hashlib
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
from harness import (
    Client,
    backends_to_run,
    fresh_database,
    gunicorn,
    load_schema_and_demo,
    process_tree_cpu,
    route,
    wrk,
)
from sqlalchemy import create_engine, delete, func, select, union_all, update

from eservices import create_app
from eservices.database import transaction
from eservices.extensions import db
from eservices.youth import codes, services
from eservices.youth.models import Ballot, PendingBallot, School, Voter, VotingCode

BENCH = Path(__file__).resolve().parent
LUA = BENCH / "election_vote.lua"
POSTGRESQL_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench"
VOTE = "/ungdomsval"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
CHOICE = re.compile(r'name="choice" id="[^"]*" value="([^"]+)"')
ATTEMPTS = 5
# A browser waits longer than the harness's 30 s before giving up on a page; a pupil who gave
# up would leave a vote the check cannot account for.
PATIENCE = 120
STEPS = (
    "GET /ungdomsval/rosta",
    "POST /ungdomsval/rosta/kod",
    "GET /ungdomsval/valsedel",
    "POST /ungdomsval/valsedel",
    "GET /ungdomsval/valsedel/bekrafta",
    "POST /ungdomsval/valsedel/bekrafta",
    "GET /ungdomsval/har-rostat",
)


# --- The election ---------------------------------------------------------------------------


@dataclass
class Pupil:
    """A voter of the census with the code of their slip; `choice` once they have chosen."""

    voter_id: int
    code: str
    klass: int
    start: float = 0.0
    choice: str | None = None


def fresh_election(backend, options, workdir):
    """(database URL, app environment, log) of a new database with the demo's election."""
    url, env = fresh_database(backend, options.postgresql_url, workdir / backend)
    log_path = workdir / f"{backend}.log"
    started = time.monotonic()
    load_schema_and_demo(env, log_path)
    print(f"{backend}: migrated, demo loaded in {time.monotonic() - started:.0f} s", flush=True)
    return url, env, log_path


def new_classes(url, classes, class_size):
    """No votes, and `classes` classes of `class_size` pupils in the census (instead of the
    last run's), over the election's schools, each with a fresh voting code; the pupils,
    class by class."""
    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    try:
        with app.app_context():
            election = services.current_election()
            bench_pupils = Voter.class_name.like("_K___")
            with transaction():
                db.session.execute(delete(PendingBallot))
                db.session.execute(delete(Ballot))
                db.session.execute(
                    delete(VotingCode).where(
                        VotingCode.voter_id.in_(select(Voter.id).where(bench_pupils))
                    )
                )
                db.session.execute(delete(Voter).where(bench_pupils))
                db.session.execute(update(Voter).values(has_voted=False))
            schools = db.session.scalars(
                select(School).where(School.election_id == election.id).order_by(School.id)
            ).all()
            voters = []
            for klass in range(classes):
                school, year = schools[klass % len(schools)], 7 + klass % 3
                for seat in range(class_size):
                    number = klass * class_size + seat
                    key = hashlib.sha256(f"bench-pupil-{number}".encode()).hexdigest()
                    voters.append(
                        Voter(
                            election_id=election.id,
                            census_key=key,
                            name=f"Elev {number}",
                            birth_date=date(2024 - year - 6, 1 + number % 12, 1 + number % 28),
                            school_id=school.id,
                            class_name=f"{year}K{klass:03d}",
                            school_year=year,
                            area_id=school.area_id,
                        )
                    )
            with transaction():
                db.session.add_all(voters)
            issued = codes.issue(voters)
            return [Pupil(v.id, code, n // class_size) for n, (v, code) in enumerate(issued)]
    finally:
        with app.app_context():
            db.engine.dispose()


def platform(env, options, log_path):
    """The platform under gunicorn with the benchmark's workers and threads, on a free port."""
    return gunicorn(
        "eservices:create_app()",
        env=env,
        workers=options.workers,
        threads=options.threads,
        log_path=log_path,
        ready_path="/healthz",
    )


# --- The check ------------------------------------------------------------------------------


@dataclass
class State:
    """What the database holds of the votes."""

    pending: int
    ballots: int
    marked: set
    used_codes: int
    by_candidate: Counter

    @property
    def cast(self):
        """Ballots anywhere: waiting in the pool or moved to the ballot table."""
        return self.pending + self.ballots


def read_state(url):
    """The votes in the database at `url`."""
    voters, used = Voter.__table__.c, VotingCode.__table__.c
    pending, ballots = PendingBallot.__table__, Ballot.__table__
    choices = union_all(select(pending.c.candidate_id), select(ballots.c.candidate_id))
    choices = choices.subquery()
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tally = select(choices.c.candidate_id, func.count()).group_by(choices.c.candidate_id)
            return State(
                pending=conn.scalar(select(func.count()).select_from(pending)),
                ballots=conn.scalar(select(func.count()).select_from(ballots)),
                marked=set(conn.scalars(select(voters.id).where(voters.has_voted))),
                used_codes=conn.scalar(select(func.count()).where(used.used)),
                by_candidate=Counter(dict(conn.execute(tally).all())),
            )
    finally:
        engine.dispose()


@dataclass
class Outcome:
    """What the clients saw of each voter (voter ids)."""

    confirmed: set = field(default_factory=set)
    refused: set = field(default_factory=set)
    died: set = field(default_factory=set)  # at least one request died under them
    gave_up: set = field(default_factory=set)  # every attempt died
    unexpected: Counter = field(default_factory=Counter)
    choices: dict = field(default_factory=dict)  # voter id: candidate id, or None for blank

    @property
    def cast_by_a_request_that_died(self):
        """Refused on retry after a request died: that request cast the vote."""
        return self.refused & self.died

    def accounted(self, marked):
        """The voters the clients know to have voted, and those who gave up after their
        vote was cast (by a request whose answer never came)."""
        return self.confirmed | self.cast_by_a_request_that_died | (self.gave_up & marked)


def db_problems(state):
    """The disagreements between ballots, voters marked and codes used."""
    problems = []
    if state.cast != len(state.marked):
        problems.append(f"{state.cast} ballots but {len(state.marked)} voters marked as voted")
    if state.used_codes != len(state.marked):
        problems.append(f"{state.used_codes} codes used but {len(state.marked)} voters marked")
    return problems


def problems(state, outcome):
    """Every way the database and what the clients saw disagree; empty when each vote the
    clients cast is counted once and nothing else is."""
    found = db_problems(state)
    accounted = outcome.accounted(state.marked)
    if state.cast != len(accounted):
        found.append(f"{state.cast} ballots but {len(accounted)} votes the clients account for")
    checks = (
        (outcome.confirmed - state.marked, "confirmed but not marked (lost)"),
        (outcome.refused - outcome.died, "code refused with no earlier attempt"),
        (outcome.cast_by_a_request_that_died - state.marked, "refused but not marked (lost)"),
        (state.marked - accounted, "marked but cast by no client"),
    )
    found += [f"{len(voters)} voters {what}" for voters, what in checks if voters]
    expected = Counter(outcome.choices.get(voter, "no choice") for voter in accounted)
    if +state.by_candidate != +expected:
        found.append(
            f"ballots per candidate {dict(state.by_candidate)} != chosen {dict(expected)}"
        )
    found += [f"{count} × {what}" for what, count in outcome.unexpected.items()]
    return found


# --- Votes per second (wrk) -----------------------------------------------------------------


def measure_bare(options, workdir):
    """wrk GETting bare Flask under the same gunicorn settings; req/s and CPU ms a request."""
    with gunicorn(
        "bare_app:create_app()",
        env=dict(os.environ),
        workers=options.workers,
        threads=options.threads,
        log_path=workdir / "bare.log",
        ready_path="/",
        pythonpath=str(BENCH),
    ) as (url, pid):
        cpu = process_tree_cpu(pid)
        figures = wrk(url + "/", **load(options))
        figures["cpu_ms"] = (process_tree_cpu(pid) - cpu) * 1000 / figures["requests"]
        return figures


def load(options, duration=None):
    """wrk's settings: one connection a thread."""
    computers = options.computers
    return {"duration": duration or options.duration, "connections": computers,
            "threads": computers}  # fmt: skip


def measure_votes(election, options, workdir):
    """Votes/s with wrk, the ratio to bare Flask measured just before, and the check."""
    backend, url, env, log_path = election
    pupils = new_classes(url, options.codes // 30, 30)
    warm, measured = pupils[: options.computers * 5], pupils[options.computers * 5 :]
    result = {"backend": backend, "load": os.getloadavg()[0]}
    result["bare"] = measure_bare(options, workdir)
    with platform(env, options, log_path) as (base, pid):
        warm_workers(base, options)
        warm_up = run_wrk(base, warm, options, workdir / f"{backend}-warm.txt", duration=2)
        before = len(read_state(url).marked)
        cpu, started = process_tree_cpu(pid), time.monotonic()
        figures = run_wrk(base, measured, options, workdir / f"{backend}-codes.txt")
        elapsed = time.monotonic() - started
        cpu = process_tree_cpu(pid) - cpu
    state = read_state(url)
    votes = len(state.marked) - before
    figures.update(votes=votes, votes_per_s=votes / elapsed, cpu_ms=cpu * 1000 / max(votes, 1))
    result["votes"] = figures
    result["problems"] = db_problems(state)
    cut_off = len(state.marked) - warm_up["confirmed"] - figures["confirmed"]
    if not 0 <= cut_off <= 2 * options.computers:
        result["problems"].append(f"{cut_off} voters marked beyond wrk's confirmations")
    for run in (warm_up, figures):
        if run["unexpected"]:
            result["problems"].append(f"{run['unexpected']} unexpected answers to wrk")
    if figures["exhausted"]:
        result["problems"].append("wrk ran out of codes: raise --codes")
    return result


def warm_workers(base, options):
    """Ask for the start page until every worker has answered once (the first answer of a
    worker loads what it needs and can take seconds on a busy machine)."""
    for _ in range(options.workers * options.threads * 2):
        requests.get(base + VOTE + "/rosta", timeout=60)


def run_wrk(base, pupils, options, path, duration=None):
    """wrk voting with `pupils`' codes; its figures and what the script counted."""
    path.write_text("".join(f"{pupil.code}\n" for pupil in pupils), encoding="utf-8")
    args = (path, options.computers)
    figures = wrk(base + "/", **load(options, duration), script=LUA, args=args)
    counted = re.search(r"votes (\d+) unexpected (\d+) exhausted (\d+)", figures["output"])
    figures["confirmed"], figures["unexpected"], figures["exhausted"] = map(int, counted.groups())
    return figures


# --- Class burst (Python client) ------------------------------------------------------------


def school_day(pupils, options, rng):
    """Give each pupil the second at which they start voting: class k from k × class_every,
    its pupils at random within class_window of that."""
    for pupil in pupils:
        pupil.start = pupil.klass * options.class_every + rng.uniform(0, options.class_window)
    return sorted(pupils, key=lambda pupil: pupil.start)


def vote(base, pupil, rng):
    """One attempt at `pupil`'s vote in a new browser: "confirmed", "refused" (the code is
    not accepted) or "already voted"; raises requests' errors when a request fails.
    Returns (outcome, the browser's responses)."""
    browser = Client(base, timeout=PATIENCE)
    try:
        return cast(browser, pupil, rng), browser.responses
    except requests.RequestException as exc:
        exc.responses = browser.responses
        raise


def cast(browser, pupil, rng):
    """The vote path of a browser, following the redirects except the vote's own."""
    start = expect(browser.get(VOTE + "/rosta"), 200, "/rosta")
    found = CSRF.search(start.text)
    if found is None:
        raise Unexpected("no CSRF token on the start page")
    token = {"csrf_token": found.group(1)}
    ballot = browser.post(VOTE + "/rosta/kod", {**token, "code": pupil.code})
    if ballot.status_code == 200 and ballot.url.endswith("/rosta/kod"):
        return "refused"
    if ballot.status_code == 409:
        return "already voted"
    expect(ballot, 200, "/valsedel")
    if pupil.choice is None:
        options = CHOICE.findall(ballot.text)
        if not options:
            raise Unexpected("a ballot without choices")
        pupil.choice = rng.choice(options)
    check = browser.post(VOTE + "/valsedel", {**token, "choice": pupil.choice})
    expect(check, 200, "/valsedel/bekrafta")
    cast = browser.post(VOTE + "/valsedel/bekrafta", token, follow=False)
    if cast.status_code == 409:
        return "already voted"
    expect(cast, 302, "/har-rostat", cast.headers.get("Location", ""))
    with suppress(requests.RequestException):
        browser.get(VOTE + "/har-rostat")  # what the voter sees; the vote is already in
    return "confirmed"


class Unexpected(Exception):
    """An answer no browser should get while voting (a 500, a wrong page)."""


def expect(response, status, path, url=None):
    """`response`, if it has `status` and its address ends with `path`."""
    url = url if url is not None else response.url
    if response.status_code != status or not url.rstrip("/").endswith(path):
        label = f"{response.request.method} {route(response.request.url)}"
        raise Unexpected(f"{label} answered {response.status_code} at {route(url)}")
    return response


@dataclass
class Burst:
    """A school day's voting: what the clients saw, each step's times, the classes' ends."""

    outcome: Outcome = field(default_factory=Outcome)
    steps: dict = field(default_factory=lambda: defaultdict(list))  # label: [seconds]
    votes: list = field(default_factory=list)  # seconds from first request to confirmed
    class_done: dict = field(default_factory=dict)  # class: seconds after its start
    late: list = field(default_factory=list)  # seconds pupils started late (over 0.1 s)
    class_every: float = 0.0
    killed: str = ""
    seconds: float = 0.0


def pupil_votes(base, pupil, burst, lock, started):
    """`pupil` votes, starting again in a new browser when a request fails."""
    rng, outcome = random.Random(pupil.voter_id), burst.outcome
    began = time.monotonic()
    for attempt in range(ATTEMPTS):
        try:
            result, responses = vote(base, pupil, rng)
        except requests.RequestException as exc:
            with lock:
                outcome.died.add(pupil.voter_id)
                record(burst, exc.responses)
            time.sleep(1 + attempt)  # as a pupil would, a moment later
            continue
        except Unexpected as exc:
            with lock:
                outcome.unexpected[str(exc)] += 1
            return
        with lock:
            record(burst, responses)
            if pupil.choice is not None:
                outcome.choices[pupil.voter_id] = as_candidate(pupil.choice)
            if result == "confirmed":
                outcome.confirmed.add(pupil.voter_id)
                burst.votes.append(time.monotonic() - began)
                done = time.monotonic() - started - pupil.klass * burst.class_every
                burst.class_done[pupil.klass] = max(burst.class_done.get(pupil.klass, 0), done)
            elif result == "refused":
                outcome.refused.add(pupil.voter_id)
            else:
                outcome.unexpected[f"{result} on a first vote"] += 1
        return
    with lock:
        outcome.gave_up.add(pupil.voter_id)


def as_candidate(choice):
    """The candidate id a ballot holds for a choice on the form (None for blank)."""
    return None if choice in (None, "blank") else int(choice)


def record(burst, responses):
    """Add a browser's response times to the steps'."""
    for _finished, label, seconds in responses:
        burst.steps[label].append(seconds)


def run_burst(base, pupils, options, server_pid=None):
    """The school day: each pupil's thread starts at their second; with `server_pid`, one
    of its workers is killed when half the classes have started."""
    burst, lock = Burst(class_every=options.class_every), threading.Lock()
    threads = []
    kill_at = options.classes * options.class_every / 2 if server_pid else None
    started = time.monotonic()
    for pupil in pupils:
        now = time.monotonic() - started
        if kill_at is not None and now >= kill_at:
            burst.killed = kill_a_worker(server_pid, now)
            kill_at = None
        if pupil.start > now:
            time.sleep(pupil.start - now)
        elif now - pupil.start > 0.1:
            burst.late.append(now - pupil.start)
        thread = threading.Thread(target=pupil_votes, args=(base, pupil, burst, lock, started))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    burst.seconds = time.monotonic() - started
    return burst


def workers_of(master):
    """The process ids of gunicorn `master`'s workers."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError, IndexError, ValueError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
    return sorted(pids)


def kill_a_worker(master, now):
    """SIGKILL one of `master`'s workers; what was done, for the report."""
    workers = workers_of(master)
    if not workers:
        return "no worker found to kill"
    os.kill(workers[0], signal.SIGKILL)
    return f"worker {workers[0]} killed (SIGKILL) {now:.0f} s in, of {len(workers)}"


def measure_burst(election, options, kill):
    """A school day's voting, with or without a worker killed."""
    backend, url, env, log_path = election
    name = "burst, a worker killed" if kill else "burst"
    pupils = new_classes(url, options.classes, options.class_size)
    pupils = school_day(pupils, options, random.Random(options.seed))
    result = {"backend": backend, "name": name, "load": os.getloadavg()[0]}
    with platform(env, options, log_path) as (base, pid):
        warm_workers(base, options)
        burst = run_burst(base, pupils, options, server_pid=pid if kill else None)
        if kill:
            time.sleep(2)
            burst.killed += f"; {len(workers_of(pid))} workers at the end"
    state = read_state(url)
    result.update(burst=burst, marked=state.marked, problems=problems(state, burst.outcome))
    return result


# --- Report ---------------------------------------------------------------------------------


def percentile(times, share):
    """The `share` percentile of `times`, in milliseconds."""
    ordered = sorted(times)
    return ordered[round(share * (len(ordered) - 1))] * 1000 if ordered else float("nan")


def print_votes(runs):
    """Votes/s against bare Flask, one line a backend."""
    header = ("backend", "load", "votes/s", "req/s", "bare req/s", "÷ bare", "CPU ms/vote",
              "bare CPU ms", "by CPU")  # fmt: skip
    print("{:<11} {:>5} {:>8} {:>7} {:>10} {:>7} {:>11} {:>11} {:>7}  check".format(*header))
    for run in runs:
        votes, bare = run["votes"], run["bare"]
        print(
            f"{run['backend']:<11} {run['load']:>5.1f} {votes['votes_per_s']:>8.1f}"
            f" {votes['rps']:>7.0f} {bare['rps']:>10.0f}"
            f" {votes['votes_per_s'] / bare['rps']:>7.4f} {votes['cpu_ms']:>11.1f}"
            f" {bare['cpu_ms']:>11.2f} {bare['cpu_ms'] / votes['cpu_ms']:>7.4f}"
            f"  {'; '.join(run['problems']) or 'ok'}"
        )


def print_burst(run):
    """Each step's latency in a burst, the classes' ends and the check."""
    burst, outcome = run["burst"], run["burst"].outcome
    title = f"{run['backend']} {run['name']}"
    killed = f"; {burst.killed}" if burst.killed else ""
    print(f"\n{title}: {len(burst.votes)} votes confirmed in {burst.seconds:.0f} s, load"
          f" average {run['load']:.1f} at the start{killed}")  # fmt: skip
    print(f"  {'step':<36} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    rows = [(label, burst.steps.get(label, [])) for label in STEPS]
    rows.append(("whole vote (first request to vote)", burst.votes))
    for label, times in rows:
        print(f"  {label:<36} {len(times):>6} {percentile(times, 0.5):>8.0f}"
              f" {percentile(times, 0.95):>8.0f} {percentile(times, 1):>8.0f}")  # fmt: skip
    ends = list(burst.class_done.values())
    print(f"  classes: last vote {percentile(ends, 0.5) / 1000:.1f} s after the class's start"
          f" (median), {percentile(ends, 0.95) / 1000:.1f} s (p95), {max(ends, default=0):.1f} s"
          f" (max); pupils started late by the client: {len(burst.late)}, by up to"
          f" {max(burst.late, default=0):.1f} s")  # fmt: skip
    print(f"  clients: {len(outcome.confirmed)} confirmed, {len(outcome.died)} voters with a"
          f" request that died, {len(outcome.cast_by_a_request_that_died)} of them refused on"
          f" retry (cast by the request that died), {len(outcome.gave_up)} gave up after"
          f" {ATTEMPTS} attempts, {len(outcome.gave_up & run['marked'])} of them with their"
          f" vote cast")  # fmt: skip
    verdict = "; ".join(run["problems"]) or (
        "ok: ballots = voters marked = codes used = votes accounted for, per candidate too"
    )
    print(f"  check: {verdict}")


# --- Command line ---------------------------------------------------------------------------


def parse_options(argv=None):
    """The command-line options; --quick shortens every run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of wrk [10]")
    parser.add_argument("--computers", type=int, default=8, help="wrk connections [8]")
    parser.add_argument("--codes", type=int, default=3000, help="codes for wrk [3000]")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers [2]")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker [4]")
    parser.add_argument("--classes", type=int, default=100, help="classes in the burst [100]")
    parser.add_argument("--class-size", type=int, default=30, help="pupils a class [30]")
    parser.add_argument("--class-window", type=float, default=10.0, help="seconds [10]")
    parser.add_argument("--class-every", type=float, default=2.0, help="seconds [2]")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", choices=("votes", "burst", "kill"), action="append",
                        default=[], help="leave out a run (repeatable)")  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="3 s of wrk, 20 classes")
    parser.add_argument("--postgresql-url", default=POSTGRESQL_URL, help=f"[{POSTGRESQL_URL}]")
    options = parser.parse_args(argv)
    if options.quick:
        options.duration, options.classes, options.codes = 3.0, 20, 1200
    return options


def main(argv=None):
    """Measure, print, check; exit 1 when a vote is lost or doubled or anything fails."""
    options = parse_options(argv)
    backends = backends_to_run(options)
    print(
        f"gunicorn {options.workers} workers × {options.threads} threads; wrk"
        f" {options.computers} computers for {options.duration:g} s; burst {options.classes}"
        f" classes of {options.class_size}, one every {options.class_every:g} s, each within"
        f" {options.class_window:g} s; {os.cpu_count()} CPUs, load average"
        f" {' '.join(f'{n:.1f}' for n in os.getloadavg())} before the start\n",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="eservices-bench-election-"))
    failed = True
    try:
        runs, votes = [], []
        for backend in backends:
            election = (backend, *fresh_election(backend, options, workdir))
            if "votes" not in options.skip:
                votes.append(measure_votes(election, options, workdir))
                print_votes(votes[-1:])
            for kill in (False, True):
                if ("kill" if kill else "burst") not in options.skip:
                    runs.append(measure_burst(election, options, kill))
                    print_burst(runs[-1])
        if len(votes) > 1:
            print("\nvotes per second:")
            print_votes(votes)
        failed = any(run["problems"] for run in runs + votes)
    finally:
        if failed:
            print(f"\nServer logs and databases kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nload average at the end: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
