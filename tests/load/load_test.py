"""Load and fault test of the jewel addons on Odoo's multi-process server.

    python3 tests/load/load_test.py --fixtures F.json --work DIR --pg-port P
        [--no-faults] [--quick] [--clients N] -- ODOO_OPTIONS

Started by tests/load/run.sh (which builds the database and the fixtures). The
clients are threads with their own HTTP session (``requests``, already in
Odoo's environment): each plays one person in a closed loop, over JSON-RPC
(/web/dataset/call_kw, as the web client) or the portal pages, and records
every action it saw succeed. Phases, each on its own clock:

1. ``1 worker``: the goldsmiths at the vault counter (issues and returns on
   their jobs, posted by the storekeeper's counter sessions);
2. ``2 workers``: the same: the scaling ratio;
3. ``vanilla``: the same clients validating plain Odoo stock pickings of the
   same size (one move of the same grain, the same quantities): the floor;
4. ``workshop day``: goldsmiths, the storekeeper receiving metal, planners
   re-costing BOMs, retail partners browsing the portal and reporting sales;
   unless --no-faults, an HTTP worker is killed (SIGKILL) and PostgreSQL is
   restarted in the middle of it.

Then the audit, in SQL on the database: every posting sums to zero per metal,
no ledger line without its posted transfer, every transfer posted once per
client key, each account's balance moved by exactly the postings the clients
saw succeed, the vault's stock moved as its ledger, no piece reported sold
twice or out on two memos, and no request failed but for a concurrency
conflict Odoo gave up on or a fault the test caused.
"""

import argparse
import json
import os
import random
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict

import psutil
import psycopg2
import requests

# the transient answers a client retries: the request may or may not have run
CONCURRENCY = ("SerializationFailure", "LockNotAvailable", "DeadlockDetected")
BUSINESS = (
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
)
ACTION_DEADLINE = 90.0  # seconds a client keeps retrying one action
FAULT_GRACE = 20.0
ROOT = os.path.dirname(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
)  # seconds after a fault whose failures it explains


class Transient(Exception):
    """No answer, or an answer that says nothing about what was done."""

    def __init__(self, kind, detail=""):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


class Refused(Exception):
    """Odoo refused the action (a UserError...): nothing was done."""


# ---------------------------------------------------------------- recording
class Recorder:
    """Latencies, outcomes and every failed request, shared by the clients."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reset("")

    def reset(self, phase):
        with self.lock:
            self.phase = phase
            self.latency = defaultdict(list)  # action -> seconds (successes)
            self.refused = defaultdict(int)
            self.gave_up = defaultdict(int)
            self.started = time.monotonic()
            self.stopped = None

    def ok(self, action, seconds):
        with self.lock:
            self.latency[action].append(seconds)

    def refuse(self, action):
        with self.lock:
            self.refused[action] += 1

    def give_up(self, action):
        with self.lock:
            self.gave_up[action] += 1


class Ledger:
    """What the clients saw succeed: the expected balances and pieces."""

    def __init__(self):
        self.lock = threading.Lock()
        self.fine_mg = defaultdict(int)  # account id -> fine milligrams moved
        self.gross_mg = defaultdict(int)
        self.keys = {}  # client key -> transfer id (posted, acknowledged)
        self.unsure = set()  # keys whose outcome the client never learnt
        self.reports = {}  # report id -> memo line ids
        self.failures = []  # (time, phase, action, kind, detail)

    def posted(self, key, transfer_id, source, destination, gross_mg, fine_mg):
        with self.lock:
            self.keys[key] = transfer_id
            self.unsure.discard(key)
            self.fine_mg[source] -= fine_mg
            self.fine_mg[destination] += fine_mg
            self.gross_mg[source] -= gross_mg
            self.gross_mg[destination] += gross_mg

    def failure(self, phase, action, kind, detail):
        with self.lock:
            self.failures.append((time.time(), phase, action, kind, detail[:300]))


# ---------------------------------------------------------------- HTTP client
class Client:
    """One person's browser: a session logged in as ``login``."""

    def __init__(self, base, db, login, recorder, ledger):
        self.base, self.db, self.login = base, db, login
        self.recorder, self.ledger = recorder, ledger
        self.http = requests.Session()
        self.uid = None

    def _post_json(self, path, params, timeout=120):
        try:
            response = self.http.post(
                self.base + path,
                json={"jsonrpc": "2.0", "method": "call", "params": params},
                timeout=timeout,
            )
        except requests.RequestException as error:
            raise Transient("connection", str(error)) from error
        if response.status_code >= 500:
            raise Transient(f"http {response.status_code}", response.text[:200])
        if response.status_code != 200:
            raise Transient(f"http {response.status_code}", response.text[:200])
        body = response.json()
        error = body.get("error")
        if not error:
            return body.get("result")
        data = error.get("data") or {}
        name = data.get("name", "")
        message = data.get("message", "") or error.get("message", "")
        if name in BUSINESS:
            raise Refused(message)
        if "SessionExpired" in name:
            self.uid = None
            raise Transient("session expired", message)
        if any(code in name for code in CONCURRENCY):
            raise Transient("concurrency", name)
        raise Transient(f"server error {name}", message)

    def authenticate(self):
        result = self._post_json(
            "/web/session/authenticate",
            {"db": self.db, "login": self.login, "password": self.login},
        )
        if not result or not result.get("uid"):
            raise RuntimeError(f"cannot log in as {self.login}")
        self.uid = result["uid"]

    def call(self, model, method, *args, **kwargs):
        if self.uid is None:
            self.authenticate()
        return self._post_json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def page(self, path, data=None):
        """GET (or POST ``data``) a portal page: (status, location, text)."""
        if self.uid is None:
            self.authenticate()
        try:
            if data is None:
                response = self.http.get(self.base + path, timeout=120)
            else:
                response = self.http.post(
                    self.base + path, data=data, timeout=120, allow_redirects=False
                )
        except requests.RequestException as error:
            raise Transient("connection", str(error)) from error
        if response.status_code >= 500:
            raise Transient(f"http {response.status_code}", path)
        if "/web/login" in response.url or "/web/login" in response.headers.get(
            "Location", ""
        ):
            self.uid = None
            raise Transient("session expired", path)
        return response.status_code, response.headers.get("Location", ""), response.text

    def act(self, action, func):
        """Run ``func`` until it succeeds, is refused, or the deadline passes.

        Transient failures are recorded and retried with a short backoff: the
        functions given here are safe to repeat (client keys, reads).
        """
        start = time.monotonic()
        attempt = 0
        while True:
            try:
                result = func(attempt)
            except Refused:
                self.recorder.refuse(action)
                return None
            except Transient as error:
                self.ledger.failure(
                    self.recorder.phase, action, error.kind, error.detail
                )
                attempt += 1
                if time.monotonic() - start > ACTION_DEADLINE:
                    self.recorder.give_up(action)
                    return None
                time.sleep(min(3.0, 0.1 * 2**attempt) * random.uniform(0.5, 1.0))
                continue
            self.recorder.ok(action, time.monotonic() - start)
            return result


# ---------------------------------------------------------------- the people
class Workshop:
    """The fixtures and the actions of each role."""

    def __init__(self, fixtures, base, db, recorder, ledger):
        self.fx = fixtures
        self.base, self.db = base, db
        self.recorder, self.ledger = recorder, ledger
        self.fineness = fixtures["fineness"]
        self.sequence = iter(range(1, 10**9))
        self.sequence_lock = threading.Lock()
        self.run_id = f"{int(time.time())}-{os.getpid()}"
        self.pool = {}
        self.barriers = {}  # shop login -> its two assistants' meeting point

    def client(self, login):
        """A session of ``login``, logged in before the phase's clock started."""
        with self.sequence_lock:
            if self.pool.get(login):
                return self.pool[login].pop()
        return Client(self.base, self.db, login, self.recorder, self.ledger)

    def log_in(self, logins):
        """Log every person in first: a login hashes a password for seconds."""
        clients = [
            Client(self.base, self.db, login, self.recorder, self.ledger)
            for login in logins
        ]
        threads = [threading.Thread(target=c.authenticate) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(180)
        for client in clients:
            if client.uid:
                self.pool.setdefault(client.login, []).append(client)

    def key(self, prefix):
        with self.sequence_lock:
            return f"load/{self.run_id}/{prefix}/{next(self.sequence)}"

    def fine_mg(self, gross_mg):
        fine = gross_mg * self.fineness / 1000.0
        assert fine == int(fine), "weights are chosen so fine grams are exact"
        return int(fine)

    def gross(self, low_g, high_g):
        """A weight in milligrams whose fine weight is exact to the milligram."""
        step = 4 if self.fineness == 750 else 8
        return random.randrange(int(low_g * 1000), int(high_g * 1000), step)

    def post(
        self, counter, action, transfer_type, source, destination, gross_mg, mo=False
    ):
        """Create (client key) and post a transfer; retried safely."""
        key = self.key(action)
        vals = {
            "transfer_type": transfer_type,
            "from_account_id": source,
            "to_account_id": destination,
            "client_key": key,
            "line_ids": [
                [
                    0,
                    0,
                    {"alloy_id": self.fx["alloy_id"], "gross_weight": gross_mg / 1000},
                ]
            ],
        }
        if mo:
            vals["production_id"] = mo
        model = "jewel.metal.transfer"
        with self.ledger.lock:
            self.ledger.unsure.add(key)

        def state(transfer_id):
            rows = counter.call(model, "read", [transfer_id], ["state"])
            return rows[0]["state"]

        def attempt(number):
            transfer_id = counter.call(model, "create", vals)
            if number and state(transfer_id) == "posted":
                return transfer_id  # an earlier attempt posted it
            try:
                counter.call(model, "action_post", [transfer_id])
            except Refused:
                if number and state(transfer_id) == "posted":
                    return transfer_id
                raise
            return transfer_id

        transfer_id = counter.act(action, attempt)
        if transfer_id:
            self.ledger.posted(
                key, transfer_id, source, destination, gross_mg, self.fine_mg(gross_mg)
            )
        return transfer_id

    # --- goldsmiths at the vault counter
    def goldsmith(self, index, stop, with_reads=True):
        gs = self.fx["goldsmiths"][index]
        counter = self.client(self.fx["storekeeper"])
        bench = self.client(gs["login"]) if with_reads else None
        vault, account = self.fx["vault_id"], gs["account_id"]
        held = 0
        while not stop.is_set():
            issued = self.gross(4, 24)
            mo = gs["production_id"]
            if self.post(counter, "issue", "issue", vault, account, issued, mo):
                held += issued
            if bench:
                bench.act(
                    "goldsmith balance",
                    lambda _n: bench.call(
                        "jewel.metal.ledger.line",
                        "read_group",
                        [["account_id", "=", account]],
                        ["fine_weight:sum"],
                        ["metal_id"],
                    ),
                )
            piece = held * random.randint(60, 80) // 100 // 4 * 4
            if piece and self.post(
                counter,
                "return piece",
                "return",
                account,
                self.fx["finished_id"],
                piece,
            ):
                held -= piece
            scrap = held * random.randint(50, 90) // 100 // 4 * 4
            if scrap and self.post(
                counter, "return scrap", "scrap_return", account, vault, scrap, mo
            ):
                held -= scrap

    # --- the storekeeper receives grain from the dealer
    def storekeeper(self, stop):
        counter = self.client(self.fx["storekeeper"])
        while not stop.is_set():
            self.post(
                counter,
                "receive metal",
                "adjustment",
                self.fx["dealer_id"],
                self.fx["vault_id"],
                self.gross(50, 250),
            )
            stop.wait(0.5)

    # --- planners re-cost BOMs
    def planner(self, stop):
        planner = self.client(self.fx["planner"])
        boms = self.fx["bom_ids"]
        while not stop.is_set():
            bom = random.choice(boms)
            planner.act(
                "re-cost BOM",
                lambda _n, b=bom: planner.call("mrp.bom", "action_jewel_recost", [b]),
            )
            stop.wait(0.3)

    # --- retail partners in the portal
    def partner(self, index, stop):
        shop = self.fx["partners"][index]
        portal = self.client(shop["login"])
        ids_re = re.compile(r'name="line_ids"\s+value="(\d+)"')
        csrf_re = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
        known = set()
        with self.sequence_lock:
            barrier = self.barriers.setdefault(
                shop["login"], threading.Barrier(2, timeout=5)
            )
        while not stop.is_set():
            pieces = portal.act("portal pieces", lambda _n: portal.page("/my/pieces"))
            portal.act("portal memos", lambda _n: portal.page("/my/memos"))
            portal.act(
                "portal reports", lambda _n: portal.page("/my/consignment_reports")
            )
            if not pieces or random.random() > 0.5:
                continue
            line_ids = [i for i in ids_re.findall(pieces[2]) if i not in known]
            token = csrf_re.search(pieces[2])
            if not line_ids or not token:
                continue
            # a shop assistant reports the sale of the first piece on the page
            # they have not reported yet: the other assistant of the shop does
            # the same at the same time, unaware
            chosen = line_ids[:1]
            known.update(chosen)

            csrf = token.group(1)

            def report(number, chosen=chosen, csrf=csrf):
                if not number:
                    # the two assistants click "Report Sale" at the same moment
                    try:
                        barrier.wait()
                    except threading.BrokenBarrierError:
                        barrier.reset()  # the other one was busy: next time
                status, location, text = portal.page(
                    "/my/pieces/report_sale",
                    {"csrf_token": csrf, "line_ids": chosen},
                )
                found = re.search(r"/my/consignment_reports/(\d+)", location)
                if status in (302, 303) and found:
                    return int(found.group(1))
                if status == 200:  # the pieces page again, with the reason
                    raise Refused("refused by the portal")
                raise Transient(f"http {status}", location or text[:100])

            report_id = portal.act("report sale", report)
            if report_id:
                with self.ledger.lock:
                    self.ledger.reports[report_id] = [int(i) for i in chosen]

    # --- vanilla Odoo: a stock picking of the same grain, validated
    def vanilla(self, index, stop):
        counter = self.client(self.fx["storekeeper"])
        van = self.fx["vanilla"]
        while not stop.is_set():
            grams = self.gross(4, 24) / 1000

            def attempt(_n, grams=grams):
                picking_id = counter.call(
                    "stock.picking",
                    "create",
                    {
                        "picking_type_id": van["picking_type_id"],
                        "location_id": van["source_id"],
                        "location_dest_id": van["dest_id"],
                        "move_ids": [
                            [
                                0,
                                0,
                                {
                                    "name": "Load grain",
                                    "product_id": self.fx["product_id"],
                                    "product_uom": self.fx["uom_id"],
                                    "product_uom_qty": grams,
                                    "location_id": van["source_id"],
                                    "location_dest_id": van["dest_id"],
                                },
                            ]
                        ],
                    },
                )
                result = counter.call("stock.picking", "button_validate", [picking_id])
                if result is not True:
                    raise RuntimeError(f"picking validation asked for {result}")
                return picking_id

            counter.act("picking", attempt)


# ---------------------------------------------------------------- the server
def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_command():
    """bin/odoo_server.py: the prefork master can spawn the gevent process."""
    return [sys.executable, os.path.join(ROOT, "bin", "odoo_server.py")]


class Server:
    """``odoo`` with prefork workers on 127.0.0.1, as in production."""

    def __init__(self, odoo_args, db, work):
        self.odoo_args, self.db, self.work = odoo_args, db, work
        self.process = None

    def start(self, workers):
        self.port, self.gevent_port = free_port(), free_port()
        self.log = os.path.join(self.work, f"odoo-{workers}w.log")
        command = [
            *odoo_command(),
            *self.odoo_args,
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            f"--workers={workers}",
            "--max-cron-threads=0",
            f"--db-filter=^{self.db}$",
            "--limit-time-cpu=60",
            "--limit-time-real=120",
            "--limit-memory-soft=1610612736",
            "--limit-memory-hard=2147483648",
            "--db_maxconn=16",
            "--log-level=info",
            f"--logfile={self.log}",
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited at start (log: {self.log})")
            try:
                if requests.get(base + "/web/login", timeout=5).status_code == 200:
                    return base
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer in 90 s (log: {self.log})")

    def http_workers(self):
        children = psutil.Process(self.process.pid).children()
        return [
            child
            for child in children
            if "gevent" not in " ".join(child.cmdline()[1:4])
        ]

    def kill_worker(self):
        """SIGKILL one HTTP worker, preferably a busy one: the master respawns it."""
        workers = self.http_workers()
        busy = [w for w in workers if w.cpu_percent(interval=0.05) > 0] or workers
        victim = random.choice(busy)
        victim.send_signal(signal.SIGKILL)
        return victim.pid

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Proxy:
    """nginx with config/nginx.conf in front of the server, when nginx is here."""

    def __init__(self, work):
        self.work = work
        self.process = None

    def start(self, server):
        nginx = shutil.which("nginx") or (
            os.path.exists("/usr/sbin/nginx") and "/usr/sbin/nginx"
        )
        if not nginx:
            return None
        self.port = free_port()
        with open(os.path.join(ROOT, "config", "nginx.conf")) as handle:
            site = handle.read()
        site = (
            site.replace("odoo-workers:8069", f"127.0.0.1:{server.port}")
            .replace("odoo-workers:8072", f"127.0.0.1:{server.gevent_port}")
            .replace("listen 80;", f"listen 127.0.0.1:{self.port};")
        )
        folder = os.path.join(self.work, "nginx")
        os.makedirs(folder, exist_ok=True)
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
            os.makedirs(os.path.join(folder, name), exist_ok=True)
        conf = os.path.join(folder, "nginx.conf")
        with open(conf, "w") as handle:
            handle.write(
                # workers as root: the temp folders are in the private work dir
                ("user root;\n" if os.geteuid() == 0 else "")
                + f"pid {folder}/nginx.pid;\nerror_log {folder}/error.log;\n"
                "daemon off;\nevents {}\nhttp {\n access_log off;\n"
                f" client_body_temp_path {folder}/client_body;\n"
                f" proxy_temp_path {folder}/proxy;\n"
                f" fastcgi_temp_path {folder}/fastcgi;\n"
                f" uwsgi_temp_path {folder}/uwsgi;\n"
                f" scgi_temp_path {folder}/scgi;\n"
                f"{site}\n}}\n"
            )
        self.process = subprocess.Popen(
            [nginx, "-c", conf, "-p", folder], stdin=subprocess.DEVNULL
        )
        base = f"http://127.0.0.1:{self.port}"
        for _try in range(40):
            try:
                if requests.get(base + "/web/login", timeout=5).status_code == 200:
                    return base
            except requests.RequestException:
                pass
            time.sleep(0.25)
        raise RuntimeError("nginx did not answer")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


def websocket_upgrade(port, path="/websocket"):
    """The bus' websocket answers on ``port``: the HTTP status line."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        f"Origin: http://127.0.0.1:{port}\r\n\r\n"
    )
    # the gevent process loads the registry after the HTTP workers answer
    for _try in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                sock.sendall(request.encode())
                return sock.recv(200).decode(errors="replace").split("\r\n")[0]
        except OSError:
            time.sleep(0.5)
    return "no answer in 60 s"


# ---------------------------------------------------------------- phases
def run_phase(recorder, name, duration, people):
    """Run ``people`` (callables taking the stop event) for ``duration`` s."""
    recorder.reset(name)
    stop = threading.Event()
    threads = [threading.Thread(target=p, args=(stop,), daemon=True) for p in people]
    for thread in threads:
        thread.start()
    stop.wait(duration)
    stop.set()
    for thread in threads:
        thread.join(ACTION_DEADLINE + 30)
    recorder.stopped = time.monotonic()
    return recorder.stopped - recorder.started


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def report_phase(recorder, seconds, posting_actions):
    print(f"\n--- {recorder.phase}: {seconds:.1f} s")
    print(
        f"{'action':<20}{'ok':>6}{'/s':>8}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'p99 ms':>9}{'refused':>9}{'gave up':>9}"
    )
    actions = sorted(
        set(recorder.latency) | set(recorder.refused) | set(recorder.gave_up)
    )
    for action in actions:
        values = recorder.latency.get(action, [])
        if values:
            p50, p95, p99 = (1000 * percentile(values, f) for f in (0.5, 0.95, 0.99))
        else:
            p50 = p95 = p99 = 0.0
        print(
            f"{action:<20}{len(values):>6}{len(values) / seconds:>8.2f}{p50:>9.0f}"
            f"{p95:>9.0f}{p99:>9.0f}{recorder.refused.get(action, 0):>9}"
            f"{recorder.gave_up.get(action, 0):>9}"
        )
    postings = sum(len(recorder.latency.get(a, [])) for a in posting_actions)
    rate = postings / seconds
    print(f"postings: {postings} in {seconds:.1f} s = {rate:.2f}/s")
    return rate


# ---------------------------------------------------------------- audit
def audit(dsn, fixtures, ledger, start, faults):
    """Every check; returns the list of problems found."""
    with psycopg2.connect(dsn) as connection, connection.cursor() as cr:
        problems = audit_postings(cr, ledger)
        problems += audit_balances(cr, fixtures, ledger, start)
        problems += audit_pieces(cr, ledger)
    return problems + audit_failures(ledger, faults)


def _rows(cr, query, *params):
    cr.execute(query, params)
    return cr.fetchall()


def audit_postings(cr, ledger):
    """Balanced, whole, and posted once per client key."""
    problems = []
    unbalanced = _rows(
        cr,
        """SELECT t.name, l.metal_id, SUM(l.fine_weight), SUM(l.gross_weight)
             FROM jewel_metal_ledger_line l
             JOIN jewel_metal_transfer t ON t.id = l.transfer_id
            GROUP BY t.name, l.metal_id
           HAVING ABS(SUM(l.fine_weight)) > 0.0005
               OR ABS(SUM(l.gross_weight)) > 0.0005""",
    )
    for name, metal, fine, gross in unbalanced:
        problems.append(f"{name}: metal {metal} sums to {fine} g fine, {gross} g")
    orphans = _rows(
        cr,
        """SELECT l.id FROM jewel_metal_ledger_line l
             LEFT JOIN jewel_metal_transfer t ON t.id = l.transfer_id
            WHERE t.id IS NULL OR t.state != 'posted'""",
    )
    if orphans:
        problems.append(f"{len(orphans)} ledger lines without a posted transfer")
    half = _rows(
        cr,
        """SELECT t.name FROM jewel_metal_transfer t
            WHERE t.state = 'posted'
              AND (SELECT COUNT(*) FROM jewel_metal_ledger_line l
                    WHERE l.transfer_id = t.id)
               != 2 * (SELECT COUNT(*) FROM jewel_metal_transfer_line tl
                        WHERE tl.transfer_id = t.id)""",
    )
    if half:
        problems.append(f"half-posted transfers: {[n for (n,) in half][:10]}")
    server_keys = dict(
        _rows(
            cr,
            """SELECT client_key, COUNT(*) FROM jewel_metal_transfer
                WHERE client_key LIKE 'load/%%' AND state = 'posted'
                GROUP BY client_key""",
        )
    )
    doubled = [k for k, n in server_keys.items() if n > 1]
    if doubled:
        problems.append(f"client keys posted twice: {doubled[:10]}")
    lost = [k for k in ledger.keys if k not in server_keys]
    if lost:
        problems.append(f"acknowledged postings not in the ledger: {lost[:10]}")
    # posted, but the client gave up before learning it: not lost, not doubled,
    # yet the workshop would not know: there must be none
    unknown = [k for k in server_keys if k not in ledger.keys]
    if unknown:
        problems.append(f"posted without the client knowing: {unknown[:10]}")
    return problems


def audit_balances(cr, fixtures, ledger, start):
    """Each account moved by what the clients saw posted; the vault's stock too."""
    problems = []
    end = balances(cr, fixtures)
    for account, label in accounts_of(fixtures):
        moved = round(end[account][0] - start[account][0], 3)
        expected = ledger.fine_mg.get(account, 0) / 1000
        if abs(moved - expected) > 0.0005:
            problems.append(
                f"{label}: balance moved {moved:.3f} g fine, the clients "
                f"saw {expected:.3f} g"
            )
    vault_stock = end["stock"] - start["stock"]
    vault_gross = ledger.gross_mg.get(fixtures["vault_id"], 0) / 1000
    if abs(vault_stock - vault_gross) > 0.0005:
        problems.append(
            f"vault stock moved {vault_stock:.3f} g, its ledger {vault_gross:.3f} g"
        )
    return problems


def audit_pieces(cr, ledger):
    """No piece reported sold twice, none out on two memos, no report emptied."""
    problems = []
    twice = _rows(
        cr,
        """SELECT rl.memo_line_id, COUNT(*) FROM jewel_consignment_report_line rl
             JOIN jewel_consignment_report r ON r.id = rl.report_id
            WHERE r.state != 'cancel'
            GROUP BY rl.memo_line_id HAVING COUNT(*) > 1""",
    )
    if twice:
        problems.append(f"pieces reported sold twice (memo lines): {twice[:10]}")
    on_two = _rows(
        cr,
        """SELECT lot_id FROM jewel_memo_line WHERE state = 'out'
            GROUP BY lot_id HAVING COUNT(*) > 1""",
    )
    if on_two:
        problems.append(f"serials out on two memos: {on_two[:10]}")
    for report_id, line_ids in ledger.reports.items():
        found = _rows(
            cr,
            "SELECT memo_line_id FROM jewel_consignment_report_line "
            "WHERE report_id = %s",
            report_id,
        )
        if sorted(i for (i,) in found) != sorted(line_ids):
            problems.append(f"sales report {report_id} lost its pieces")
    return problems


def audit_failures(ledger, faults):
    """Failed requests: a concurrency conflict Odoo gave up on, or our faults."""
    unexplained = []
    for when, phase, action, kind, detail in ledger.failures:
        if kind == "concurrency":
            continue
        if any(0 <= when - at <= FAULT_GRACE for at, _what in faults):
            continue
        unexplained.append(f"{phase} / {action}: {kind} {detail[:120]}")
    if not unexplained:
        return []
    return [
        f"{len(unexplained)} failed requests not explained by a concurrency "
        f"conflict or a fault: {unexplained[:5]}"
    ]


def accounts_of(fixtures):
    yield fixtures["vault_id"], "Load Vault"
    yield fixtures["dealer_id"], "Load Bullion Dealer"
    yield fixtures["finished_id"], "Finished goods"
    for gs in fixtures["goldsmiths"]:
        yield gs["account_id"], gs["login"]


def balances(cr, fixtures):
    """{account: (fine, gross)} of the load accounts, and the vault's stock."""
    ids = tuple(account for account, _label in accounts_of(fixtures))
    cr.execute(
        """SELECT account_id, COALESCE(SUM(fine_weight), 0),
                  COALESCE(SUM(gross_weight), 0)
             FROM jewel_metal_ledger_line
            WHERE account_id IN %s AND metal_id = %s GROUP BY account_id""",
        (ids, fixtures["metal_id"]),
    )
    result = defaultdict(lambda: (0.0, 0.0))
    result.update(
        {account: (float(fine), float(gross)) for account, fine, gross in cr.fetchall()}
    )
    cr.execute(
        "SELECT COALESCE(SUM(quantity), 0) FROM stock_quant "
        "WHERE location_id = %s AND product_id = %s",
        (fixtures["vault_location_id"], fixtures["product_id"]),
    )
    result["stock"] = float(cr.fetchone()[0])
    return result


# ---------------------------------------------------------------- main
def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--fixtures", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--pg-port", required=True, type=int)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument("--quick", action="store_true", help="short phases")
    parser.add_argument("--clients", type=int, default=6, help="goldsmith counters")
    parser.add_argument("odoo_args", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    # a TERM (the shell's trap, a timeout) stops Odoo and nginx on the way out
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    odoo_args = [a for a in args.odoo_args if a != "--"]
    db = odoo_args[odoo_args.index("-d") + 1]
    with open(args.fixtures) as handle:
        fixtures = json.load(handle)
    goldsmiths = min(args.clients, len(fixtures["goldsmiths"]))
    bench_time, day_time = (12, 30) if args.quick else (25, 60)
    dsn = f"host=127.0.0.1 port={args.pg_port} user=odoo dbname={db}"
    recorder, ledger = Recorder(), Ledger()
    server = Server(odoo_args, db, args.work)
    proxy = Proxy(args.work)
    faults = []
    with psycopg2.connect(dsn) as connection, connection.cursor() as cr:
        start = balances(cr, fixtures)
    rates = {}
    t_start = time.monotonic()
    print(
        f"load test: {goldsmiths} goldsmith counters, storekeeper, 2 planners, "
        f"{2 * len(fixtures['partners'])} portal sessions; "
        f"{os.cpu_count()} cores; faults: {'no' if args.no_faults else 'yes'}"
    )
    posting_actions = ("issue", "return piece", "return scrap", "receive metal")
    try:
        for workers in (1, 2):
            base = server.start(workers)
            shop = Workshop(fixtures, base, db, recorder, ledger)
            shop.log_in([fixtures["storekeeper"]] * goldsmiths)
            people = [
                lambda stop, i=i, shop=shop: shop.goldsmith(i, stop, with_reads=False)
                for i in range(goldsmiths)
            ]
            seconds = run_phase(
                recorder, f"metal postings, {workers} worker(s)", bench_time, people
            )
            rates[workers] = report_phase(recorder, seconds, posting_actions)
            if workers == 2:
                shop.log_in([fixtures["storekeeper"]] * goldsmiths)
                people = [
                    lambda stop, i=i, shop=shop: shop.vanilla(i, stop)
                    for i in range(goldsmiths)
                ]
                seconds = run_phase(
                    recorder, "vanilla stock pickings, 2 workers", bench_time, people
                )
                rates["vanilla"] = report_phase(recorder, seconds, ("picking",))
            server.stop()
        base = server.start(2)
        upgrade = websocket_upgrade(server.gevent_port)
        print(f"\nbus: websocket on the gevent port: {upgrade}")
        proxied = proxy.start(server)
        if proxied:
            base = proxied
            upgrade = websocket_upgrade(proxy.port)
            print(f"through nginx (config/nginx.conf) on {base}: /websocket {upgrade}")
        else:
            print("nginx not installed: the workshop day goes to Odoo directly")
        shop = Workshop(fixtures, base, db, recorder, ledger)
        shop.log_in(
            [fixtures["storekeeper"]] * (goldsmiths + 1)
            + [gs["login"] for gs in fixtures["goldsmiths"][:goldsmiths]]
            + [fixtures["planner"]] * 2
            + [shop_["login"] for shop_ in fixtures["partners"] for _twice in (1, 2)]
        )
        people = [lambda stop, i=i: shop.goldsmith(i, stop) for i in range(goldsmiths)]
        people.append(shop.storekeeper)
        people += [shop.planner, shop.planner]
        for index in range(len(fixtures["partners"])):
            # two assistants per shop, reporting sales at the same time
            people += [lambda stop, i=index: shop.partner(i, stop)] * 2
        fault_thread = None
        if not args.no_faults:
            fault_thread = threading.Thread(
                target=inject_faults, args=(server, day_time, faults), daemon=True
            )
            fault_thread.start()
        seconds = run_phase(recorder, "workshop day, 2 workers", day_time, people)
        if fault_thread:
            fault_thread.join(120)
        report_phase(recorder, seconds, posting_actions)
        workers_after = len(server.http_workers())
    finally:
        proxy.stop()
        server.stop()
    print("\n--- faults")
    for at, what in faults:
        print(f"{time.strftime('%H:%M:%S', time.localtime(at))} {what}")
    if not args.no_faults:
        print(f"HTTP workers alive after the faults: {workers_after} (of 2)")
    print_failures(ledger, faults)

    print("\n--- ratios (this machine)")
    print(
        f"scaling: {rates[2]:.2f} postings/s with 2 workers vs {rates[1]:.2f} with 1 "
        f"= {rates[2] / rates[1]:.2f}x"
    )
    print(
        f"floor: {rates[2]:.2f} metal postings/s vs {rates['vanilla']:.2f} vanilla "
        f"pickings/s (2 workers) = {rates[2] / rates['vanilla']:.2f}x"
    )

    print("\n--- audit")
    problems = audit(dsn, fixtures, ledger, start, faults)
    if not args.no_faults and workers_after < 2:
        problems.append(f"only {workers_after} HTTP workers after the faults")
    print(
        f"{len(ledger.keys)} postings acknowledged, {len(ledger.reports)} sales "
        f"reported; {len(ledger.unsure)} postings never acknowledged"
    )
    for problem in problems:
        print(f"PROBLEM: {problem}")
    print(f"total time {time.monotonic() - t_start:.0f} s")
    if problems:
        print(f"audit: {len(problems)} problem(s)")
        return 1
    print("audit: nothing lost, doubled or half-written")
    return 0


def print_failures(ledger, faults):
    """The failed requests the clients retried, by action and answer."""
    kinds = defaultdict(int)
    for when, _phase, action, kind, _detail in ledger.failures:
        after_fault = any(0 <= when - at <= FAULT_GRACE for at, _what in faults)
        kinds[(action, kind, "after a fault" if after_fault else "")] += 1
    if not kinds:
        print("failed requests retried by the clients: none")
        return
    print("failed requests retried by the clients:")
    for (action, kind, when), count in sorted(kinds.items()):
        print(f"  {count:>4} x {action}: {kind} {when}")


def inject_faults(server, day_time, faults):
    """Kill an HTTP worker at 1/4 of the day, restart PostgreSQL at 1/2."""
    time.sleep(day_time / 4)
    pid = server.kill_worker()
    faults.append((time.time(), f"SIGKILL to HTTP worker {pid}"))
    time.sleep(day_time / 4)
    command = shlex.split(os.environ["JEWEL_LOAD_PG_RESTART"])
    faults.append((time.time(), "PostgreSQL restart (fast: connections cut)"))
    t0 = time.monotonic()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    faults.append((time.time(), f"PostgreSQL back after {time.monotonic() - t0:.1f} s"))


if __name__ == "__main__":
    sys.exit(main())
