"""What the benchmarks stand on: gunicorn servers, fresh databases and simulated users.

- ``gunicorn(app, ...)`` serves a WSGI app on a free port for the length of a ``with`` block.
- ``prepare_postgresql``, ``migrate``, ``load_schema_and_demo``, ``count_cases``: a fresh
  platform database, with or without the demo.
- ``run_users(name, task, base_url, ...)``: threads, each a ``Client`` with its own cookies,
  run ``task`` in a loop; the result is a ``Run`` with what finished inside the measured window.
- ``wrk(url, ...)``: wrk's requests per second, p50/p99 and failures, and its output.
"""

import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parent.parent
REQUEST_TIMEOUT = 30


class Failed(Exception):
    """A simulated user's task that went wrong; the message says where."""


# --- One simulated browser ------------------------------------------------------------------


class Client:
    """One browser: its own cookies, and the time of every response it got, by route."""

    def __init__(self, base_url, timeout=REQUEST_TIMEOUT):
        self.base_url = base_url
        self.timeout = timeout
        self.session = requests.Session()
        self.responses = []  # (finished at, "METHOD /route", seconds)

    def get(self, path):
        """GET `path`, following redirects."""
        return self._send("GET", path)

    def post(self, path, data, follow=True):
        """POST `data` urlencoded to `path`, following redirects as a browser does unless
        `follow` is false (then the redirect itself is the answer)."""
        return self._send("POST", path, data, follow)

    def _send(self, method, path, data=None, follow=True):
        response = self.session.request(
            method,
            self.base_url + path,
            data=data,
            timeout=self.timeout,
            allow_redirects=follow,
        )
        finished = time.perf_counter()
        for hop in (*response.history, response):
            label = f"{hop.request.method} {route(hop.url)}"
            self.responses.append((finished, label, hop.elapsed.total_seconds()))
        return response


def route(url):
    """The path of `url` with each segment that holds a digit (a step, a case number) as <n>."""
    return re.sub(r"/[^/]*\d[^/]*", "/<n>", urlsplit(url).path)


# --- Load -----------------------------------------------------------------------------------


@dataclass
class Run:
    """What the simulated users did, and the CPU used, in one measurement."""

    name: str
    window: tuple[float, float]
    samples: list = field(default_factory=list)  # (finished at, seconds, result or None)
    responses: list = field(default_factory=list)
    failures: Counter = field(default_factory=Counter)
    client_cpu: float = 0.0
    server_cpu: float | None = None
    cases_in_database: int | None = None

    def in_window(self, records):
        """The records (first item: finished at) that finished inside the measured window."""
        start, end = self.window
        return [record for record in records if start <= record[0] <= end]

    @property
    def seconds(self):
        """How long the measured window lasted."""
        return self.window[1] - self.window[0]


def run_users(name, task, base_url, *, users, warmup, duration, server_pid):
    """Run `task` in a loop in `users` threads for warm-up plus duration; return the Run."""
    stop = threading.Event()
    run = Run(name, window=(0.0, 0.0))
    lock = threading.Lock()

    def user(index):
        client, rng, done = Client(base_url), random.Random(index), []
        while not stop.is_set():
            started = time.perf_counter()
            try:
                result = task(client, rng, f"{index}-{len(done)}")
            except (Failed, requests.RequestException) as exc:
                with lock:
                    run.failures[str(exc)[:120]] += 1
                continue
            done.append((time.perf_counter(), time.perf_counter() - started, result))
        with lock:
            run.samples.extend(done)
            run.responses.extend(client.responses)

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(users)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    start, client_cpu, server_cpu = clocks(server_pid)
    time.sleep(duration)
    end, client_cpu_end, server_cpu_end = clocks(server_pid)
    stop.set()
    for thread in threads:
        thread.join()
    run.window = (start, end)
    run.client_cpu = (client_cpu_end - client_cpu) / (end - start)
    if server_cpu is not None and server_cpu_end is not None:
        run.server_cpu = (server_cpu_end - server_cpu) / (end - start)
    return run


def clocks(server_pid):
    """Wall time, this process's CPU time and the server's CPU time, all in seconds."""
    return time.perf_counter(), time.process_time(), process_tree_cpu(server_pid)


def process_tree_cpu(pid):
    """CPU seconds used so far by process `pid` and its children (Linux /proc), else None."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(stat.parent.name) == pid or int(fields[1]) == pid:
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
    return ticks / os.sysconf("SC_CLK_TCK") if ticks else None


# --- Servers and databases ------------------------------------------------------------------


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app, *, env, workers, threads, log_path, ready_path, pythonpath=None, port=None):
    """Serve `app` with gunicorn on `port` (or a free one) until the block ends; yield
    (url, pid)."""
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers)]
    command += ["--threads", str(threads), "--bind", f"127.0.0.1:{port}"]
    command += ["--no-control-socket", *(["--pythonpath", pythonpath] if pythonpath else [])]
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [*command, app], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_ready(process, url + ready_path, log_path)
        yield url, process.pid
    finally:
        stop_process_group(process)


def wait_until_ready(process, url, log_path, timeout=60):
    """Poll `url` until it answers 200; fail with the server's log if it dies or times out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}):\n{tail(log_path)}")
        with contextlib.suppress(requests.RequestException):
            if requests.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer {url} in {timeout} s:\n{tail(log_path)}")


def stop_process_group(process):
    """Stop gunicorn gracefully (SIGTERM), then kill its process group if it lingers."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def tail(path, lines=20):
    """The last lines of a log file."""
    return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])


def app_environment(database_url, instance):
    """The platform's settings for the benchmark: development config, no debugger."""
    env = {k: v for k, v in os.environ.items() if k not in ("FLASK_DEBUG", "FLASK_APP")}
    env.update(ESERVICES_ENV="development", DATABASE_URL=database_url)
    env.update(ESERVICES_INSTANCE=str(instance), PYTHONUNBUFFERED="1")
    return env


def fresh_database(backend, postgresql_url, instance):
    """(database URL, app environment) of an empty database of `backend` ("sqlite" in
    `instance`, or PostgreSQL at `postgresql_url`, emptied), with `instance` made."""
    instance.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        url = f"sqlite:///{instance / 'eservices.sqlite'}"
    else:
        url = postgresql_url
        prepare_postgresql(url)
    return url, app_environment(url, instance)


def prepare_postgresql(url, schema="public"):
    """Create the database of `url` if missing and empty `schema` (by default public)."""
    name = make_url(url).database
    if name == "test":
        raise SystemExit("refusing to use the database 'test': the test suite uses it")
    admin = create_engine(
        make_url(url).set(database="postgres"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    try:
        with admin.connect() as conn:
            exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()


def load_schema_and_demo(env, log_path):
    """Migrate the empty database to head and load the demo (the units felanmalan needs)."""
    migrate(env, log_path)
    run_flask(env, log_path, "demo", "load")


def migrate(env, log_path):
    """Migrate the empty database to head (``flask db upgrade``), and nothing else."""
    run_flask(env, log_path, "db", "upgrade")


def run_flask(env, log_path, *args):
    """Run ``flask --app eservices <args>`` with `env`, its output to the log; fail if it fails."""
    command = [sys.executable, "-m", "flask", "--app", "eservices", *args]
    with open(log_path, "ab") as log:
        done = subprocess.run(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    if done.returncode:
        raise RuntimeError(f"flask {' '.join(args)} failed:\n{tail(log_path)}")


def count_cases(database_url):
    """How many cases the database holds."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM cases"))
    finally:
        engine.dispose()


def postgresql_reachable(url):
    """None when PostgreSQL at `url` answers, else why not."""
    engine = create_engine(
        make_url(url).set(database="postgres"), connect_args={"connect_timeout": 3}
    )
    try:
        with engine.connect():
            return None
    except OperationalError as exc:
        return str(exc.orig).strip().splitlines()[0]
    finally:
        engine.dispose()


def backends_to_run(options):
    """The backends asked for, without PostgreSQL when it cannot be reached under 'both'."""
    if options.backend == "sqlite":
        return ["sqlite"]
    problem = postgresql_reachable(options.postgresql_url)
    if problem and options.backend == "postgresql":
        raise SystemExit(f"PostgreSQL is unreachable: {problem}")
    if problem:
        print(f"PostgreSQL is unreachable ({problem}): measuring SQLite only.\n")
        return ["sqlite"]
    return ["sqlite", "postgresql"] if options.backend == "both" else ["postgresql"]


# --- wrk ---------------------------------------------------------------------------------


def wrk(url, *, duration, connections, threads, script=None, args=()):
    """Run wrk; returns its parsed figures: req/s, p50 and p99 in ms, non-2xx/3xx count."""
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{max(1, round(duration))}s",
    ]
    command += ["--latency", "--timeout", "30s"]
    if script:
        command += ["-s", str(script)]
    command.append(url)
    if args:
        command += ["--", *map(str, args)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output):
    """Requests/sec, the 50% and 99% latencies (ms), and the failed responses of wrk."""

    def ms(label):
        found = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
        "failed": int(failed.group(1)) if failed else 0,
        "socket_errors": errors.group(1) if errors else "",
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "output": output,
    }
