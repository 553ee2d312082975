"""Check the no-Docker demo command against the server it really starts.

    python3 tests/demo_check.py [--data-dir DIR] [--keep]

Runs ``bash bin/demo.sh`` on a free port with a fresh data folder (a temporary
one unless --data-dir is given), waits for it, then over HTTP:

- logs in as ``owner`` and reads the bill of materials list (the demo's BOMs),
  and opens the BOM list in the web client;
- logs in as the retail partner ``linnea`` (portal) and sees her memos under
  ``/my/memos``;

then stops it as Ctrl-C does (SIGINT to its process group), checks that Odoo
and the PostgreSQL cluster stopped, starts it a second time and measures how
long the reused database takes to answer. Exits non-zero on any failure.
"""

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DB = "jewel_demo"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Demo:
    def __init__(self, data_dir, port, log_path):
        self.data_dir, self.port, self.log_path = data_dir, port, log_path
        self.url = f"http://127.0.0.1:{port}"
        self.proc = None

    def start(self, timeout):
        log = open(self.log_path, "a")  # noqa: SIM115 (kept open for the child)
        self.proc = subprocess.Popen(
            ["bash", os.path.join(ROOT, "bin", "demo.sh"), "--port", str(self.port)]
            + ["--data-dir", self.data_dir],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as in a terminal
        )
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(
                    f"bin/demo.sh exited with {self.proc.returncode} before serving "
                    f"(log: {self.log_path})"
                )
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return time.monotonic() - started
            except requests.RequestException:
                pass  # not listening yet, or still loading the registry (timeout)
            time.sleep(1)
        raise SystemExit(
            f"the demo did not answer within {timeout} s (log: {self.log_path})"
        )

    def stop(self):
        """Ctrl-C: SIGINT to the whole process group, then wait."""
        os.killpg(self.proc.pid, signal.SIGINT)
        try:
            return self.proc.wait(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            raise SystemExit("bin/demo.sh did not stop within 90 s of Ctrl-C") from None

    def login(self, login, password):
        session = requests.Session()
        reply = session.post(
            f"{self.url}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {"db": DB, "login": login, "password": password},
            },
            timeout=30,
        ).json()
        if reply.get("error") or not reply.get("result", {}).get("uid"):
            raise SystemExit(f"cannot log in as {login}: {reply.get('error')}")
        return session

    def call(self, session, model, method, *args, **kwargs):
        reply = session.post(
            f"{self.url}/web/dataset/call_kw/{model}/{method}",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs,
                },
            },
            timeout=60,
        ).json()
        if reply.get("error"):
            raise SystemExit(
                f"{model}.{method} failed: {reply['error']['data']['message']}"
            )
        return reply["result"]


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    if not condition:
        raise SystemExit(f"demo check failed: {what}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # progress shows in CI logs at once
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="jewel-demo-check.")
    log_path = os.path.join(data_dir, "demo.log")
    demo = Demo(data_dir, free_port(), log_path)
    try:
        first = demo.start(timeout=1800)
        print(f"first start (cluster, jewel_demo with demo data): {first:.0f} s")

        owner = demo.login("owner", "owner")
        boms = demo.call(owner, "mrp.bom", "search_read", [], fields=["display_name"])
        names = [b["display_name"] for b in boms]
        check(
            any("Solitaire" in n for n in names), f"owner reads the BOM list: {names}"
        )
        page = owner.get(f"{demo.url}/odoo/action-mrp.mrp_bom_form_action", timeout=60)
        check(
            page.status_code == 200 and "odoo" in page.text,
            "owner opens the BOM list in the web client",
        )

        memos = demo.call(
            owner,
            "jewel.memo",
            "search_read",
            [("partner_id.name", "=", "Boutique Linnea"), ("state", "!=", "draft")],
            fields=["name"],
        )
        check(bool(memos), f"Boutique Linnea has memos: {[m['name'] for m in memos]}")
        linnea = demo.login("linnea", "linnea")
        page = linnea.get(f"{demo.url}/my/memos", timeout=60)
        check(page.status_code == 200, "linnea (portal) opens /my/memos")
        for memo in memos:
            check(
                memo["name"] in page.text,
                f"linnea sees memo {memo['name']} under /my/memos",
            )
        denied = linnea.get(
            f"{demo.url}/odoo/action-mrp.mrp_bom_form_action", timeout=60
        )
        check(
            "/web/login" in denied.url
            or denied.status_code != 200
            or "/my" in denied.url,
            "linnea cannot open the BOM list",
        )

        rc = demo.stop()
        check(rc in (0, 130), f"Ctrl-C stops bin/demo.sh (exit {rc})")
        pid_file = os.path.join(data_dir, "pg", "data", "postmaster.pid")
        check(not os.path.exists(pid_file), "the PostgreSQL cluster stopped with it")

        second = demo.start(timeout=300)
        print(f"second start (database reused): {second:.0f} s")
        check(second < 60, "the second start serves within a minute")
        owner = demo.login("owner", "owner")
        check(
            bool(demo.call(owner, "mrp.bom", "search_count", [])),
            "the data is still there",
        )
        rc = demo.stop()
        check(rc in (0, 130), f"Ctrl-C stops it again (exit {rc})")
    except BaseException:
        if demo.proc and demo.proc.poll() is None:
            demo.stop()
        print(f"--- last lines of {log_path}")
        with open(log_path, errors="replace") as fh:
            print("".join(fh.readlines()[-40:]))
        raise
    finally:
        if not args.keep and not args.data_dir:
            shutil.rmtree(data_dir, ignore_errors=True)
    print("demo check: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
