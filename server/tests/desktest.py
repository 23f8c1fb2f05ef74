"""desktest.py - what the tests of the desk's API share: TAP checks, a `vieclam serve` on an
ephemeral loopback port that the test starts and stops itself, and a client with a cookie jar and
its session's anti-forgery token (test-api.py, test-api-hostile.py)."""
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import sys

counts = {"checks": 0, "failed": 0}


def check(name, cond, detail=""):
    """One TAP line; a failure prints its detail (at most 40 lines) as comments."""
    counts["checks"] += 1
    n = counts["checks"]
    if cond:
        print(f"ok {n} - {name}")
    else:
        counts["failed"] += 1
        print(f"not ok {n} - {name}")
        if detail:
            for line in str(detail).splitlines()[:40]:
                print(f"# {line}")
    sys.stdout.flush()


def plan():
    """The TAP plan line; the exit status of the test (1 when a check failed)."""
    print(f"1..{counts['checks']}")
    return 1 if counts["failed"] else 0


def sample_db(run, root, tmp, password):
    """The database of the bundled sample (`run(*args)` runs vieclam on it): reference data,
    employers, vacancies and seekers; returns a file holding password, for `user add`."""
    for step in (["init"],
                 ["import", "employers", f"{root}/fixtures/sample/employers.csv"],
                 ["import", "vacancies", f"{root}/fixtures/sample/vacancies.csv"],
                 ["import", "seekers", f"{root}/fixtures/sample/seekers.csv"]):
        p = run(*step)
        if p.returncode != 0:
            raise SystemExit(f"Bail out! {' '.join(step)}: {p.stderr}")
    pwfile = os.path.join(tmp, "pw")
    with open(pwfile, "w") as f:
        f.write(password + "\n")
    return pwfile


SERVERS = []


class Server:
    """`vieclam [before...] --db DB serve --listen 127.0.0.1:0 --web WEB [args...]`, started here
    and stopped by stop() (or kill_all() after a failure)."""

    def __init__(self, vieclam, db, tmp, args=(), before=(), web=None, tls=None):
        SERVERS.append(self)
        self.err = open(os.path.join(tmp, f"server-{len(SERVERS)}.err"), "w+")
        cmd = [vieclam, "--db", db, *before, "serve", "--listen", "127.0.0.1:0", "--web",
               web or os.path.join(tmp, "web"), *args]
        self.tls = tls
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        # "vieclam serve: listening on URL", in the language of messages: the URL is the same
        m = re.search(r"^vieclam serve: .*\b(https?)://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise SystemExit(f"Bail out! the server did not start: {line!r}")
        self.port = int(m.group(2))

    def conn(self):
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=120, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)

    def stop(self, sig=signal.SIGTERM):
        """Signals the server and waits (2 minutes at most); its exit code and standard error."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.err.seek(0)
        return rc, self.err.read()


def kill_all():
    """A failed check must not leave a server running."""
    for srv in SERVERS:
        if srv.proc.poll() is None:
            srv.proc.kill()
            srv.proc.wait()


def clean_up(tmp, schema=None):
    """After the test, passed or not: no server left running, its files and (on PostgreSQL, under
    scripts/with-pg.sh) its schema gone."""
    kill_all()
    subprocess.run(["rm", "-rf", tmp])
    if schema:
        subprocess.run(["/usr/lib/postgresql/15/bin/psql", "-X", "-q", "-d",
                        os.environ["VL_TEST_PG_URL"], "-c",
                        f"DROP SCHEMA IF EXISTS {schema} CASCADE"], capture_output=True)


class Client:
    """One browser: a cookie jar and the CSRF token of its session."""

    def __init__(self, server):
        self.s = server
        self.cookie = None
        self.csrf = None
        self.set_cookie = None

    def req(self, method, path, body=None, headers=None, csrf=True, raw=None):
        """The status, the JSON answer (None when there is none or it does not parse), the
        response and its bytes. path goes out as it is (percent-escapes and all)."""
        c = self.s.conn()
        h = {}
        if self.cookie:
            h["Cookie"] = self.cookie
        data = None
        if raw is not None:
            data = raw
        elif body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h["X-CSRF-Token"] = self.csrf
        h.update(headers or {})
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read()
        sc = r.getheader("Set-Cookie")
        if sc:
            self.set_cookie = sc
            m = re.match(r"vl_session=([^;]*)", sc)
            self.cookie = f"vl_session={m.group(1)}" if m and m.group(1) else None
        c.close()
        try:
            js = json.loads(text) if text and "json" in (r.getheader("Content-Type") or "") else None
        except ValueError:
            js = None
        return r.status, js, r, text

    def login(self, user, password):
        st, js, r, _ = self.req("POST", "/api/login", {"user": user, "password": password})
        if st == 200:
            self.csrf = js["csrf"]
        return st, js, r
