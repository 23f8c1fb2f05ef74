#!/usr/bin/env python3
"""test-api-hostile.py - every route of the desk's API under hostile requests, over loopback.

test-api.py checks each route's contract with chosen examples; this sweep asks the same server
what nobody chose. The route table is read from server/routes.c, so a route added there is swept
without a word here. For every route, as a user its roles allow and as one they do not, a fixed
number of requests (a seeded generator: the same requests on every run) put hostile values in
each place a client controls:
- the path's {} segments: other kinds' ids, percent-encoded NUL and invalid UTF-8, "..", SQL,
  markup, 127 and 200 bytes;
- the query: the names the server's sources use, with empty, negative, huge, non-finite,
  comma-decimal and dd/mm/yyyy values, names repeated, more parameters than a request may carry;
- the body of POST and PUT: JSON of every type in every member the server's sources name,
  records read from the API with one member at a time replaced, nesting 10,000 deep, invalid
  UTF-8, a NUL inside a string, numbers beyond double and int64, bodies that are not JSON.

Every answer must be a deliberate one: no 5xx but 503 "busy"; an /api error is JSON with an error
code; a page or sheet only with a 2xx. The server must stay up throughout and stop cleanly on
SIGTERM, with nothing on its standard error a sanitizer would write (the ASan + UBSan phase of
scripts/test.sh runs this file too). With VL_TEST_DB=postgresql (under scripts/with-pg.sh) the same
sweep runs on PostgreSQL, in a schema of its own dropped at the end. The requests are the same on
every run; what a job route answers may differ (a job queue full is 503 busy, by timing). Sessions a request ends (logout) are opened again. Bounded:
about 9,000 requests, a deadline for the whole file. Output is TAP.
"""
import http.client
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import desktest  # noqa: E402
from desktest import check  # noqa: E402

V = os.environ["VIECLAM"]
ROOT = os.environ["VL_SOURCE_ROOT"]
TMP = tempfile.mkdtemp(prefix="vl-hostile-")
PG = os.environ.get("VL_TEST_DB") == "postgresql"
if PG:  # under scripts/with-pg.sh: a schema of the test's own, dropped at the end
    _url = os.environ["VL_TEST_PG_URL"]
    SCHEMA = f"hostile{os.getpid()}_{int(time.time())}"
    DB = _url + ("&" if "?" in _url else "?") + "options=-csearch_path%3D" + SCHEMA
    STATE = ["--state-dir", os.path.join(TMP, "state")]
else:
    DB = os.path.join(TMP, "desk.db")
    STATE = []
PASSWORD = "correct-horse-2025"
DEADLINE = time.monotonic() + 780  # the whole file, even under AddressSanitizer
SEED = 20261207
PER_ROUTE = 120  # requests per route as an allowed user (and 2 as one who is not)

def run(*args):
    return subprocess.run([V, "--db", DB, *args], capture_output=True, text=True, timeout=300)


def read_routes():
    """The route table of server/routes.c: (method, pattern, roles)."""
    with open(os.path.join(ROOT, "server", "routes.c"), encoding="utf-8") as f:
        src = f.read()
    table = src[src.index("routes_table[] = {"):src.index("routes_count")]
    return re.findall(r'\{"(GET|POST|PUT|DELETE)", "(/api/[^"]*)", ([A-Z_| ]+), \w+\}', table)


def vocabulary():
    """Member and parameter names: every lower-case identifier the server's sources quote."""
    names = set()
    sdir = os.path.join(ROOT, "server")
    for fn in sorted(os.listdir(sdir)):
        if fn.endswith(".c"):
            with open(os.path.join(sdir, fn), encoding="utf-8") as f:
                names.update(re.findall(r'"([a-z][a-z0-9_]{1,30})"', f.read()))
    return sorted(names)


# hostile JSON values: every type, the limits of numbers, text the store and the page must
# keep as text
BIG = 10 ** 30
VALUES = [None, True, False, 0, -1, 1, 2 ** 31, -2 ** 31 - 1, 2 ** 63, -2 ** 63 - 1, BIG, 1e308,
          -1e308, 1.5, 5e-324, "", " ", "a" * 5000, "x\u0000y", "\u0000", "🙂 Thợ hàn",
          "Nguyễn\u0301", "<script>alert(1)</script>", "' OR 1=1 --", "%s%n%x%p", "../../etc/passwd",
          "2026-02-30", "31/12/2026", "0000-00-00", "9999-99-99", "1,5", "1.234.567", "NaN",
          "Infinity", "-0", "S0000001", "V000001", "R00000001", [], [None], [[[[]]]], {}, {"a": 1},
          ["S0000001"] * 1001, list(range(300)), {"": ""}]
PATH_VALUES = ["0", "-1", "1", "99999999999999999999999", "S0000001", "V000001", "R00000001",
               "E0001", "2026", "%00", "%FF%FE", "..", "%2E%2E", "a%2Fb", "x" * 127, "x" * 200,
               "%27%20OR%201%3D1--", "%3Cscript%3E", "1e3", "%20", "Th%E1%BB%A3", "lan", "demand",
               "seekers", "forecast", "adjustment", "scenario", "NaN", "0x10", "%25s%25n"]
QUERY_VALUES = ["", "-1", "0", "1", "1000000000000", "99999999999999999999", "1e309", "NaN",
                "inf", "1,5", "31/12/2026", "2026-13-45", "%00", "%FF", "x" * 3000, "'", "\"",
                "<b>", "S0000001", "31", "desc", "name", "pending", "hired", "vi", "en", "a,b,c",
                "%E1%BB%A3"]


# the id a segment names when the request is a real one: a record of the sample, one the sweep
# creates first, a kind of file, an account (the {} after "why-not" is the other kind's id)
REAL = {"seekers": "S0000001", "vacancies": "V000001", "employers": "E00001",
        "referrals": "R00000001", "fair-plans": "1", "jobs": "1", "reports": "1",
        "activity-reports": "1", "targets": "2026", "imports": "seekers", "templates": "seekers",
        "exports": "seekers", "users": "lan", "occupations": "7543", "areas": "31",
        "judgements": "adjustment", "shortlists": "V000001", "why-not": "V000001"}


def segment(rng, before, after_judgement):
    """A {} segment: the real id for what the segment before it names, or a hostile value."""
    if rng.random() < 0.5:
        return rng.choice(PATH_VALUES)
    if after_judgement:
        return "1"
    return REAL.get(before, rng.choice(PATH_VALUES))


def fill(rng, pattern, fair):
    parts = pattern.split("/")
    out = []
    for i, p in enumerate(parts):
        if p != "{}":
            out.append(p)
            continue
        before = parts[i - 1]
        v = segment(rng, before, before == "{}" or (i >= 2 and parts[i - 2] == "judgements"))
        out.append(fair if before == "fairs" and v == REAL.get(before, v) and
                   rng.random() < 0.5 else v)
    return "/".join(out)


def qenc(v):
    """A query value: the hostile percent-escapes as they are, the rest encoded."""
    return v if v.startswith("%") else urllib.parse.quote(v, safe="")


class Client(desktest.Client):
    """A signed-in user (or nobody), who signs in again when a request ended the session."""

    def __init__(self, srv, user):
        super().__init__(srv)
        self.user = user
        if user:
            self.relogin()

    def relogin(self):
        st, js, _ = self.login(self.user, PASSWORD)
        if st != 200:
            raise SystemExit(f"Bail out! {self.user} cannot sign in: {st} {js}")

    def send(self, method, path, raw=None, ctype="application/json"):
        """The status, the parsed JSON ("not JSON" when a JSON answer does not parse), the
        content type and the bytes."""
        st, js, r, body = self.req(method, path, raw=raw if raw is not None else
                                   (b"" if method in ("POST", "PUT") else None),
                                   headers={"Content-Type": ctype} if raw is not None else None)
        ct = r.getheader("Content-Type") or ""
        if "json" in ct and js is None and body:
            js = "not JSON"
        return st, js, ct, body


def role_bits(spec):
    return {"ROLE_PUBLIC": set(), "ROLE_ANY": {"staff", "planner", "admin"}}.get(
        spec.strip(), {w.strip()[5:].lower() for w in spec.split("|")})


def bodies(rng, vocab, bases):
    """One hostile body (bytes) and its content type."""
    kind = rng.randrange(12)
    if kind == 0:  # not JSON, or JSON of the wrong shape
        return rng.choice([b"", b"{", b"}", b"null", b"[]", b"42", b'"x"', b"{\"a\":}",
                           b"\xff\xfe{}", b"{} {}", b"{\"a\":1,}"]), "application/json"
    if kind == 1:  # nesting beyond any parser's stack, or a body that is not JSON at all
        return rng.choice([b"[" * 10000 + b"]" * 10000, b'{"a":' * 5000 + b"1" + b"}" * 5000,
                           b"a=1&b=2"]), rng.choice(["application/json", "text/plain"])
    if kind == 2:  # invalid UTF-8 and a NUL inside a member's text
        name = rng.choice(vocab)
        return (b'{"' + name.encode() + b'": "\xc3\x28\xed\xa0\x80", "' + rng.choice(vocab).encode()
                + b'": "a\\u0000b"}'), "application/json"
    if kind == 3:  # numbers beyond double and int64, written out
        return ('{"%s": 1e999, "%s": -99999999999999999999999999, "%s": 0.000000000000000000001e-400}'
                % (rng.choice(vocab), rng.choice(vocab), rng.choice(vocab))).encode(), "application/json"
    if bases and kind < 8:  # a record read from the API, one or two members replaced
        body = dict(rng.choice(bases))
        for _ in range(rng.randint(1, 2)):
            key = rng.choice(list(body) + [rng.choice(vocab)]) if body else rng.choice(vocab)
            body[key] = rng.choice(VALUES)
        return json.dumps(body).encode(), "application/json"
    body = {rng.choice(vocab): rng.choice(VALUES) for _ in range(rng.randint(0, 6))}
    return json.dumps(body).encode(), "application/json"


def query(rng, vocab):
    kind = rng.randrange(6)
    if kind == 0:
        return ""
    if kind == 1:  # more parameters than a request may carry
        return "?" + "&".join(f"p{i}=1" for i in range(40))
    if kind == 2:  # one name repeated, or a name without a value
        n = rng.choice(vocab)
        return f"?{n}=1&{n}={qenc(rng.choice(QUERY_VALUES))}&{rng.choice(vocab)}"
    return "?" + "&".join(f"{rng.choice(vocab)}={qenc(rng.choice(QUERY_VALUES))}"
                          for _ in range(rng.randint(1, 5)))


def main():
    pwfile = desktest.sample_db(run, ROOT, TMP, PASSWORD)
    for name, role in (("sweep-staff", "staff"), ("sweep-planner", "planner"),
                       ("sweep-admin", "admin"), ("lan", "staff")):
        p = run("user", "add", name, "--role", role, "--password-file", pwfile)
        if p.returncode != 0:
            raise SystemExit(f"Bail out! user add: {p.stderr}")

    routes = read_routes()
    check("the route table is read from server/routes.c", len(routes) >= 60, len(routes))
    vocab = vocabulary()
    check("the member names are read from the server's sources",
          {"seeker", "vacancy", "page", "size", "reason"} <= set(vocab), len(vocab))

    os.makedirs(os.path.join(TMP, "web"))
    with open(os.path.join(TMP, "web", "index.html"), "w") as f:
        f.write("<!doctype html><title>desk</title>")
    srv = desktest.Server(V, DB, TMP, args=["--as-of", "2026-03-01", *STATE],
                          before=["--threads", "1"])
    clients = {r: Client(srv, f"sweep-{r}") for r in ("staff", "planner", "admin")}
    anon = Client(srv, None)
    # records as the API gives them: the bases of bodies a form would send
    bases = []
    for path in ("/api/seekers/S0000001", "/api/vacancies/V000001", "/api/employers/E00001"):
        st, js, _, _ = clients["staff"].send("GET", path)
        if st == 200 and isinstance(js, dict):
            bases.append({k: v for k, v in js.items() if not isinstance(v, (dict, list)) or k in
                          ("occupations", "skills", "languages")})
    check("records to mutate come from the API", len(bases) == 3, [b.keys() for b in bases])

    # a referral and a fair of the sweep's own, so that their routes reach the handlers' work
    st, js, _, _ = clients["staff"].send("POST", "/api/referrals", json.dumps(
        {"seeker": "S0000001", "vacancy": "V000001"}).encode())
    st2, js2, _, _ = clients["staff"].send("POST", "/api/fairs", json.dumps(
        {"name": "Phiên thử", "date": "2026-06-15", "area": "31", "capacity": 100}).encode())
    fair = js2.get("id", "") if isinstance(js2, dict) else ""
    check("the sweep's own referral and fair are created",
          st == 201 and js.get("id") == "R00000001" and st2 == 201 and fair, (st, js, st2, js2))

    rng = random.Random(SEED)
    bad, busy = [], []
    sent = 0
    by_status = {}
    t0 = time.monotonic()
    for method, pattern, spec in routes:
        allowed = role_bits(spec)
        callers = [(clients[r], True) for r in sorted(allowed)[:1]] or [(anon, True)]
        others = [r for r in ("staff", "planner", "admin") if r not in allowed]
        callers += [(clients[others[0]], False)] if others else []
        if allowed:
            callers.append((anon, False))
        for client, ok_role in callers:
            for i in range(PER_ROUTE if ok_role else 2):
                if time.monotonic() > DEADLINE - 120:
                    break
                path = fill(rng, pattern, fair)
                path += query(rng, vocab) if method == "GET" or rng.random() < 0.3 else ""
                raw, ctype = (bodies(rng, vocab, bases if "seekers" in pattern or "vacancies" in
                                     pattern or "employers" in pattern else [])
                              if method in ("POST", "PUT") else (None, None))
                if pattern == "/api/logout":
                    raw = raw if i % 2 else None
                try:
                    st, js, ct, body = client.send(method, path, raw, ctype or "application/json")
                except (OSError, http.client.HTTPException) as e:
                    bad.append(f"{method} {path[:120]}: no answer ({e})")
                    if srv.proc.poll() is not None:
                        break
                    continue
                sent += 1
                by_status[st] = by_status.get(st, 0) + 1
                what = f"{method} {path[:120]} body {(raw or b'')[:80]!r}: {st} {str(js)[:160]}"
                if st == 503:
                    busy.append(what)
                if st >= 500 and not (st == 503 and isinstance(js, dict) and js.get("error") == "busy"):
                    bad.append(what)
                elif st >= 400 and not (isinstance(js, dict) and isinstance(js.get("error"), str)):
                    bad.append(what + " (an error that is not JSON with an error code)")
                elif st < 400 and "json" in ct and not isinstance(js, (dict, list)):
                    bad.append(what + " (a 2xx whose JSON does not parse)")
                if st == 401 and client is not anon and client.user:
                    client.relogin()  # a logout, or a session a request ended: sign in again
            if srv.proc.poll() is not None:
                break
        if srv.proc.poll() is not None:
            break
    # methods no route has, and the pages' files asked for outside the web directory
    has = {(m, p) for m, p, _ in routes}
    for method, pattern, _ in routes:
        # a method the path has no route for (GET /api/employers/{} has a PUT beside it)
        m2 = rng.choice([m for m in ("DELETE", "PATCH", "OPTIONS", "TRACE", "PUT", "POST")
                         if (m, pattern) not in has])
        path = fill(rng, pattern, fair)
        st, js, _, _ = clients["admin"].send(m2, path, b"{}")
        sent += 1
        if st not in (404, 405) or not (isinstance(js, dict) and js.get("error")):
            bad.append(f"{m2} {path[:120]}: {st} {str(js)[:160]} (not a 404/405 in JSON)")
    secret = os.path.join(TMP, "secret.txt")
    with open(secret, "w") as f:
        f.write("not for the web\n")
    for path in ("/%2e%2e/secret.txt", "/..%2fsecret.txt", "/../secret.txt", "/web/../secret.txt",
                 "/%2e%2e%2fsecret.txt", "/index.html%00.txt", "/" + "a" * 5000, "/%ff%fe",
                 "/.%2e/secret.txt", "//etc/passwd", "/api/../secret.txt", "/api", "/api/",
                 "/api/seekers/", "/api//seekers", "/api/seekers/S0000001/"):
        st, js, ct, body = anon.send("GET", path)
        sent += 1
        if st >= 500 or b"not for the web" in body or b"root:" in body:
            bad.append(f"GET {path[:120]}: {st} {body[:160]!r}")
    elapsed = time.monotonic() - t0
    print(f"# {sent} requests in {elapsed:.1f} s; answers by status: "
          f"{dict(sorted(by_status.items()))}")
    for line in busy[:10]:  # the database was busy (a job writing): said, not failed
        print(f"# busy: {line}")
    check("the server answered every hostile request and is still running",
          srv.proc.poll() is None and sent >= len(routes) * PER_ROUTE, (sent, srv.proc.poll()))
    check("no hostile request got a 5xx (but 503 busy) or an error that is not JSON",
          not bad, "\n".join(bad[:40]))
    check("the sweep ran to the end within its time", time.monotonic() < DEADLINE - 120,
          f"{elapsed:.0f} s")
    # after all that, the desk still serves a staff member's plain search
    st, js, _, _ = clients["staff"].send("GET", "/api/seekers?q=Nguy%E1%BB%85n")
    check("the desk still answers a plain search afterwards",
          st == 200 and isinstance(js, dict) and js.get("total", 0) > 0, (st, str(js)[:200]))
    rc, err = srv.stop()
    check("the server stops cleanly on SIGTERM", rc == 0, (rc, err[-2000:]))
    check("the server's standard error holds no sanitizer report",
          "AddressSanitizer" not in err and "runtime error" not in err and
          "LeakSanitizer" not in err, err[-3000:])
    return desktest.plan()


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        desktest.clean_up(TMP, SCHEMA if PG else None)
