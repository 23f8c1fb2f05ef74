#!/usr/bin/env python3
"""test-api.py - the desk's JSON API over loopback, against the contract of docs/api.md.

Builds a database from the bundled sample, adds one user per role, starts `vieclam serve` on
an ephemeral loopback port and checks every route, role and error status: sessions and cookie
attributes, CSRF and origin, 401/403 by role (a planner asking for a seeker), bounds of every
number, SQL metacharacters in every search field, a <script> name stored and shown as text
(JSON and the printable invitations), the importer's rules with field messages, optimistic
versions (409), a busy database (503, nothing lost), matches equal to `vieclam match`, a
vacancy registered through the API matchable at once, a CLI import picked up while the server
runs, fair plans and forecasts as jobs, the access audit, users, static files, TLS, an expired
session, login slowing and lockout, and a clean stop on SIGTERM with a request in flight.
Every server is started and stopped here, bounded in time. Output is TAP.

With VL_TEST_DB=postgresql (under scripts/with-pg.sh, which sets VL_TEST_PG_URL) the same checks
run on PostgreSQL, in a schema of their own that is dropped at the end; the test then reads the
database with psql where it reads the SQLite file otherwise.
"""
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import desktest  # noqa: E402
from desktest import check  # noqa: E402

V = os.environ["VIECLAM"]
ROOT = os.environ["VL_SOURCE_ROOT"]
TMP = tempfile.mkdtemp(prefix="vl-api-")
PG = os.environ.get("VL_TEST_DB") == "postgresql"
if PG:
    _url = os.environ["VL_TEST_PG_URL"]
    SCHEMA = f"api{os.getpid()}_{int(time.time())}"
    DB = _url + ("&" if "?" in _url else "?") + "options=-csearch_path%3D" + SCHEMA
    PSQL = "/usr/lib/postgresql/15/bin/psql"
    STATE = ["--state-dir", os.path.join(TMP, "state")]
    STATE_DIR = os.path.join(TMP, "state")
else:
    DB = os.path.join(TMP, "desk.db")
    STATE = []
    STATE_DIR = DB + ".desk"
PASSWORD = "correct-horse-2025"
AS_OF = "2026-03-01"
DEADLINE = time.monotonic() + 600  # the whole file, even under AddressSanitizer

class DatabaseError(Exception):
    pass


def sql(query):
    """The rows of query (one statement) on the test's database, values as Python reads them
    from SQLite (PostgreSQL's through psql: text, None for NULL, digits as int)."""
    if not PG:
        conn = sqlite3.connect(DB)
        try:
            return conn.execute(query).fetchall()
        except sqlite3.DatabaseError as e:
            raise DatabaseError(str(e))
        finally:
            conn.commit()
            conn.close()
    p = subprocess.run([PSQL, "-X", "-q", "-A", "-t", "-F", "\x1f", "-P", "null=\x1e",
                        "-v", "ON_ERROR_STOP=1", "-d", DB, "-c", query],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise DatabaseError(p.stderr)
    rows = []
    # lines end at "\n" only: splitlines() would also end one at the NULL marker "\x1e"
    for line in p.stdout.rstrip("\n").split("\n") if p.stdout.strip("\n") else []:
        row = []
        for v in line.split("\x1f"):
            row.append(None if v == "\x1e" else int(v) if re.fullmatch(r"-?\d{1,15}", v) and
                       not v.startswith("0") or v == "0" else v)
        rows.append(tuple(row))
    return rows


def run(*args, **kw):
    return subprocess.run([V, "--db", DB, *args], capture_output=True, text=True, timeout=300, **kw)


class Server(desktest.Server):
    """A `vieclam serve` on 127.0.0.1:0 that the test starts and stops itself."""

    def __init__(self, *extra, tls=None):
        super().__init__(V, DB, TMP, args=["--centre", "Trung tâm Dịch vụ việc làm Hải Phòng",
                                           *STATE, *extra], tls=tls)


class Client(desktest.Client):
    def login(self, user, password=PASSWORD):
        return super().login(user, password)


def xlsx_rows(data):
    """The first sheet of a workbook as rows of cell texts (shared strings and inline strings
    resolved; numbers as written), read with the standard library alone."""
    import io
    import zipfile
    import xml.etree.ElementTree as ET
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    z = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
            shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
    rows = []
    for row in ET.fromstring(z.read("xl/worksheets/sheet1.xml")).iter(f"{{{ns['m']}}}row"):
        cells = []
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            if c.get("t") == "s":
                cells.append(shared[int(v.text)])
            elif c.get("t") == "inlineStr":
                cells.append("".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t")))
            else:
                cells.append(v.text if v is not None else None)
        rows.append(cells)
    return rows


def err_is(st, js, status, code):
    return st == status and isinstance(js, dict) and js.get("error") == code and js.get("message")


def cli_match(kind, ident, top):
    p = run("match", f"--{kind}", ident, "--top", str(top), "--as-of", AS_OF, "--format", "csv")
    rows = [line.split(",") for line in p.stdout.strip().splitlines()[1:]]
    if p.returncode != 0:
        print("# vieclam match:", p.returncode, p.stderr.strip()[:300])
    return [(r[1] if kind == "seeker" else r[0], r[2], r[3]) for r in rows]


def api_ranking(js, kind):
    key = "vacancy" if kind == "seeker" else "seeker"
    return [(m[key], str(m["rank"]), f"{m['score']:.4f}") for m in js["matches"]]


def wait_job(client, job):
    for _ in range(3000):  # bounded by DEADLINE; a forecast under ASan takes minutes
        st, js, _, _ = client.req("GET", f"/api/jobs/{job}")
        if st != 200 or js["status"] in ("done", "failed") or time.monotonic() > DEADLINE:
            return st, js
        time.sleep(0.2)
    return st, js


def main():
    # ---- the database: reference data and the bundled sample, one account per role ----
    pwfile = desktest.sample_db(run, ROOT, TMP, PASSWORD)
    for name, role in (("lan", "staff"), ("minh", "planner"), ("an", "admin"), ("hoa", "staff"),
                       ("tuan", "staff")):
        p = run("user", "add", name, "--role", role, "--password-file", pwfile)
        if p.returncode != 0:
            raise SystemExit(f"Bail out! user add: {p.stderr}")
    p = run("user", "add", "x", "--role", "boss", "--password-file", pwfile)
    check("user add refuses an unknown role (exit 2)", p.returncode == 2, p.stderr)
    p = run("user", "add", "lan", "--role", "staff", "--password-file", pwfile)
    # the message is the catalogue's: English, or Vietnamese when the run is under vi_VN
    check("user add refuses a name that exists",
          p.returncode != 0 and ("exists" in p.stderr or "đã có người dùng tên" in p.stderr), p.stderr)
    with open(os.path.join(TMP, "short"), "w") as f:
        f.write("short\n")
    p = run("user", "add", "y", "--role", "staff", "--password-file", os.path.join(TMP, "short"))
    check("user add refuses a password under 10 characters", p.returncode != 0, p.stderr)
    p = run("user", "list")
    check("user list shows roles, never a hash",
          "lan" in p.stdout and ("planner" in p.stdout or "cán bộ kế hoạch" in p.stdout) and
          "$argon2id$" not in p.stdout, p.stdout)  # the role in the language of messages
    p1 = run("user", "province", "lan", "31")
    moved = sql("SELECT 'p=' || province FROM users WHERE name='lan'")[0][0]
    p2 = run("user", "province", "lan", "")
    back = sql("SELECT 'p=' || province FROM users WHERE name='lan'")[0][0]
    p3 = run("user", "province", "lan", "3a")
    p4 = run("user", "province", "nobody", "31")
    check("user province sets an account's province and '' gives it back to every province "
          "(a code is digits: exit 2; an unknown account: exit 3)",
          (p1.returncode, moved, p2.returncode, back, p3.returncode, p4.returncode) ==
          (0, "p=31", 0, "p=", 2, 3), (p1.stderr, moved, back, p3.returncode, p4.returncode))
    stored = sql("SELECT pw_hash FROM users WHERE name='lan'")[0][0]
    check("passwords are stored as Argon2id hashes", stored.startswith("$argon2id$"), stored[:20])
    os.makedirs(os.path.join(TMP, "web"))
    with open(os.path.join(TMP, "web", "index.html"), "w") as f:
        f.write("<!doctype html><title>desk</title>")
    os.makedirs(os.path.join(TMP, "web", "img"))
    with open(os.path.join(TMP, "web", "img", "favicon.svg"), "w") as f:
        f.write('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"></svg>')
    with open(os.path.join(TMP, "secret.txt"), "w") as f:
        f.write("not for the web")

    p = subprocess.run([V, "--db", DB, "serve", "--listen", "0.0.0.0:0", *STATE], capture_output=True,
                       text=True, timeout=60)
    check("serve refuses a non-loopback address without TLS (exit 2)",
          p.returncode == 2 and "TLS" in p.stderr, p.stderr)
    # the retention rule is read at start: a broken file stops it with the file's name and line,
    # instead of a 500 on the admin page later
    models = os.path.join(TMP, "models-broken")
    os.makedirs(models)
    with open(os.path.join(models, "privacy.yaml"), "w") as f:
        f.write("model: privacy\nversion: 1\n\nretention:\n  inactive_years: five\n")
    p = subprocess.run([V, "--db", DB, "serve", "--listen", "127.0.0.1:0", *STATE],
                       capture_output=True, text=True, timeout=60,
                       env={**os.environ, "VIECLAM_MODELS": models})
    check("serve refuses to start on a broken privacy model, naming the file and its line",
          p.returncode != 0 and "models-broken/privacy.yaml:5" in p.stderr and
          "listening" not in p.stdout, (p.returncode, p.stderr))

    srv = Server()
    staff, planner, admin = Client(srv), Client(srv), Client(srv)

    # ---- sessions -------------------------------------------------------------------------
    st, js, _ = Client(srv).login("lan", "wrong-password-1")
    check("a wrong password is 401 unauthenticated", err_is(st, js, 401, "unauthenticated"), js)
    st, js, _ = Client(srv).login("nobody", "wrong-password-1")
    check("an unknown user gets the same 401", err_is(st, js, 401, "unauthenticated"), js)
    st, js, r = staff.login("lan")
    check("POST /api/login answers the CSRF token", st == 200 and len(js.get("csrf", "")) == 43, js)
    sc = staff.set_cookie or ""
    check("the session cookie is HttpOnly, SameSite=Strict, Path=/ and not Secure without TLS",
          "HttpOnly" in sc and "SameSite=Strict" in sc and "Path=/" in sc and "Secure" not in sc, sc)
    check("the answer carries the security headers",
          r.getheader("X-Content-Type-Options") == "nosniff" and
          "default-src 'self'" in (r.getheader("Content-Security-Policy") or "") and
          r.getheader("Cache-Control") == "no-store", r.getheaders())
    st, js, _, _ = staff.req("GET", "/api/session")
    check("GET /api/session gives the user, role and CSRF token back",
          st == 200 and js["user"] == "lan" and js["role"] == "staff" and js["csrf"] == staff.csrf, js)
    check("planner and admin log in", planner.login("minh")[0] == 200 and admin.login("an")[0] == 200)

    anon = Client(srv)
    for method, path in (("GET", "/api/seekers"), ("GET", "/api/seekers/S0000041"),
                         ("GET", "/api/meta"), ("GET", "/api/users"), ("GET", "/api/forecast-runs"),
                         ("POST", "/api/referrals"), ("GET", "/api/session")):
        st, js, _, _ = anon.req(method, path, {} if method == "POST" else None)
        check(f"{method} {path} without a session is 401", err_is(st, js, 401, "unauthenticated"),
              (st, js))
    st, js, _, _ = Client(srv).req("GET", "/api/seekers", headers={"Cookie": "vl_session=" + "A" * 43})
    check("a made-up session token is 401", err_is(st, js, 401, "unauthenticated"), js)

    # ---- roles ----------------------------------------------------------------------------
    for who, client, method, path in (
            ("planner", planner, "GET", "/api/seekers/S0000041"),
            ("planner", planner, "GET", "/api/seekers?q=nguyen"),
            ("planner", planner, "GET", "/api/seekers/S0000041/matches"),
            ("planner", planner, "GET", "/api/vacancies/V000232/shortlist"),
            ("planner", planner, "GET", "/api/fairs"),
            ("planner", planner, "POST", "/api/referrals"),
            ("planner", planner, "GET", "/api/referrals?seeker=S0000041"),
            ("planner", planner, "GET", "/api/users"),
            ("admin", admin, "GET", "/api/seekers/S0000041"),
            ("admin", admin, "GET", "/api/vacancies"),
            ("admin", admin, "POST", "/api/forecast-runs"),
            ("staff", staff, "GET", "/api/users"),
            ("staff", staff, "GET", "/api/audit"),
            ("staff", staff, "POST", "/api/forecast-runs"),
            ("staff", staff, "GET", "/api/forecast-runs")):
        st, js, _, _ = client.req(method, path, {} if method == "POST" else None)
        check(f"{who} {method} {path} is 403 forbidden", err_is(st, js, 403, "forbidden"), (st, js))
    for client, who in ((staff, "staff"), (planner, "planner"), (admin, "admin")):
        st, js, _, _ = client.req("GET", "/api/meta")
        check(f"{who} reads /api/meta", st == 200 and js["lang"] == "vi" and
              any(e["code"] == "university" for e in js["education"]), js)
    st, js, _, _ = planner.req("GET", "/api/summary")
    check("a planner reads counts without personal data",
          st == 200 and js["seekers"] == 2000 and "name" not in json.dumps(js), js)

    # ---- CSRF, origin, bodies -------------------------------------------------------------
    new_seeker = {"name": "Lê Thị Thu", "birth_year": 1999, "gender": "nữ", "area": "11407",
                  "education": "THPT", "occupations": ["7533"], "skills": ["May công nghiệp"],
                  "registered": "2026-02-20", "phone": "0912 345 678", "id_card": "030199001234"}
    st, js, _, _ = staff.req("POST", "/api/seekers", new_seeker, csrf=False)
    check("a POST without X-CSRF-Token is refused (403 csrf)", err_is(st, js, 403, "csrf"), js)
    st, js, _, _ = staff.req("POST", "/api/seekers", new_seeker, headers={"X-CSRF-Token": "x" * 43},
                             csrf=False)
    check("a POST with a wrong token is refused", err_is(st, js, 403, "csrf"), js)
    st, js, _, _ = staff.req("POST", "/api/seekers", new_seeker,
                             headers={"Origin": "http://evil.example"})
    check("a POST from another origin is refused", err_is(st, js, 403, "csrf"), js)
    st, js, _, _ = Client(srv).req("POST", "/api/login", {"user": "lan", "password": PASSWORD},
                                   headers={"Origin": "http://evil.example"})
    check("a login from another origin is refused", err_is(st, js, 403, "csrf"), js)
    # the origin is the server's own, not the Host the client sent: a page of another site
    # reached under a name of its own (DNS rebinding) sends a Host matching its Origin
    st, js, _, _ = staff.req("POST", "/api/seekers", new_seeker,
                             headers={"Origin": "http://evil.example", "Host": "evil.example"})
    check("a POST whose Origin matches only the Host it sent is refused (403 csrf)",
          err_is(st, js, 403, "csrf"), js)
    st, js, _, _ = Client(srv).req("POST", "/api/login", {"user": "lan", "password": PASSWORD},
                                   headers={"Origin": "http://evil.example:80",
                                            "Host": "evil.example:80"})
    check("a login whose Origin matches only the Host it sent is refused", err_is(st, js, 403, "csrf"), js)
    got = [staff.req("PUT", "/api/me", {"lang": "vi"}, headers={"Origin": o})[0]
           for o in (f"http://127.0.0.1:{srv.port}", f"http://localhost:{srv.port}")]
    check("a change from the listening address, or localhost on loopback, is taken", got == [200, 200], got)
    cnt = sql("SELECT COUNT(*) FROM seekers")[0][0]
    check("nothing was written by the refused requests", cnt == 2000, cnt)
    st, js, _, _ = staff.req("POST", "/api/seekers", raw=b"name=x",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    check("a body that is not JSON is 415", err_is(st, js, 415, "unsupported_media_type"), js)
    st, js, _, _ = staff.req("POST", "/api/seekers", raw=b"{\"name\":", headers={"Content-Type": "application/json"})
    check("broken JSON is 400", err_is(st, js, 400, "bad_request"), js)
    st, js, _, _ = staff.req("POST", "/api/seekers", raw=b"{" + b" " * 70000 + b"}",
                             headers={"Content-Type": "application/json"})
    check("a body over 64 KiB is 413", err_is(st, js, 413, "too_large"), js)
    st, js, _, _ = staff.req("POST", "/api/seekers", dict(new_seeker, salary=1))
    check("an unknown member is 400 naming it", err_is(st, js, 400, "bad_request") and js.get("field") == "salary", js)
    st, js, _, _ = staff.req("GET", "/api/nowhere")
    check("an unknown path is 404", err_is(st, js, 404, "not_found"), js)
    st, js, r, _ = staff.req("DELETE", "/api/seekers")
    check("a method the path lacks is 405 with Allow",
          err_is(st, js, 405, "method_not_allowed") and "GET" in (r.getheader("Allow") or ""), js)

    # ---- seekers: the importer's rules, ids, versions -------------------------------------
    bad = dict(new_seeker, birth_year=2031, occupations=["7299"], phone="12ab")
    st, js, _, _ = staff.req("POST", "/api/seekers", bad)
    fields = (js or {}).get("fields", {})
    check("a record with mistakes is 400 invalid with a message per field",
          err_is(st, js, 400, "invalid") and {"birth_year", "occupations", "phone"} <= set(fields), js)
    check("the field messages never quote personal data",
          "2031" not in fields.get("birth_year", "x") and "12ab" not in fields.get("phone", "x"), fields)
    vi_letters = re.compile("[ăâđêôơưàáạảãầấậẩẫằắặẳẵèéẹẻẽềếệểễìíịỉĩòóọỏõồốộổỗờớợởỡùúụủũừứựửữỳýỵỷỹ]")
    check("the field messages are in Vietnamese for a Vietnamese user",
          vi_letters.search(fields.get("birth_year", "")), fields)
    # the desk's own messages come from the one catalogue (po/vi.po), formats filled in after
    check("the desk's own message is the catalogue's Vietnamese",
          js.get("message") == "Có trường không hợp lệ; chưa lưu gì.", js)
    st, js, _, _ = staff.req("GET", "/api/seekers?bogus=1")
    check("a desk message with a value, in Vietnamese",
          js.get("message") == "bogus: tham số không dùng được ở đây (hoặc lặp lại).", js)
    st, js, _, _ = staff.req("GET", "/api/nowhere")
    check("an unknown path's message in Vietnamese", js.get("message") == "Không có đường dẫn này.", js)
    st, js, _, _ = staff.req("PUT", "/api/me", {"lang": "en"})
    st2, js2, _, _ = staff.req("GET", "/api/session")
    check("PUT /api/me lang reaches the session's next request",
          st == 200 and st2 == 200 and js2["lang"] == "en", (js, js2))
    st, js, _, _ = staff.req("POST", "/api/seekers", bad)
    en_fields = (js or {}).get("fields", {})
    check("the same field messages in English for an English user",
          err_is(st, js, 400, "invalid") and en_fields.get("birth_year") and
          not vi_letters.search(en_fields.get("birth_year", "")), en_fields)
    check("the desk's own message in English for an English user",
          js.get("message") == "Some fields are not valid; nothing was saved.", js)
    st, js, _, _ = staff.req("GET", "/api/seekers?bogus=1")
    check("a desk message with a value, in English",
          js.get("message") == "bogus: not a parameter of this path (or given twice).", js)
    st, js, _, _ = staff.req("GET", "/api/meta")
    check("the desk's labels in English",
          st == 200 and {"code": "female", "label": "Female"} in js.get("genders", []), js)
    st, js, _, _ = staff.req("PUT", "/api/me", {"lang": "vi"})
    st2, js2, _, _ = staff.req("GET", "/api/session")
    check("and back to Vietnamese", st == 200 and js2["lang"] == "vi", js2)
    st, js, r, _ = staff.req("POST", "/api/seekers", new_seeker)
    check("a corrected record is 201 with a new id and Location",
          st == 201 and re.match(r"S\d{8}-\d{4}$", js.get("id", "")) and
          r.getheader("Location") == f"/api/seekers/{js['id']}", js)
    sid = js["id"]
    st, js, _, _ = staff.req("GET", f"/api/seekers/{sid}")
    check("the record reads back as the import contract's fields",
          st == 200 and js["name"] == "Lê Thị Thu" and js["gender"] == "female" and
          js["education"] == "upper_secondary" and js["phone"] == "0912345678" and
          js["occupations"] == ["7533"] and js["area_name"] and js["version"], js)
    check("the record names its commune's province",
          js.get("area_parent_name") == "Thành phố Hải Phòng", js.get("area_parent_name"))
    version = js["version"]
    st, js, _, _ = staff.req("POST", "/api/seekers", dict(new_seeker, id=sid))
    check("creating an id that exists is 409", err_is(st, js, 409, "conflict"), js)

    # ---- counselling sessions from the seeker's page --------------------------------------
    today = time.strftime("%Y-%m-%d")
    st, js, _, _ = staff.req("GET", f"/api/seekers/{sid}/counselling")
    check("a new seeker has no counselling sessions", st == 200 and js["items"] == [], js)
    st, js, r, _ = staff.req("POST", f"/api/seekers/{sid}/counselling",
                             {"topic": "Định hướng học nghề hàn"})
    check("a session is recorded for today by the signed-in counsellor (201, Location, the list)",
          st == 201 and r.getheader("Location") == f"/api/seekers/{sid}/counselling" and
          js["items"] == [{"counselled_on": today, "staff": "lan",
                           "topic": "Định hướng học nghề hàn"}], js)
    st, js, _, _ = staff.req("POST", f"/api/seekers/{sid}/counselling",
                             {"counselled_on": "2025-11-03", "topic": None})
    st2, js2, _, _ = staff.req("POST", f"/api/seekers/{sid}/counselling",
                               {"topic": "Kỹ năng phỏng vấn"})
    check("an earlier session goes after today's; today's again replaces today's (one a day)",
          st == 201 and st2 == 201 and
          [(x["counselled_on"], x["topic"]) for x in js2["items"]] ==
          [(today, "Kỹ năng phỏng vấn"), ("2025-11-03", None)], js2)
    st, js, _, _ = staff.req("POST", f"/api/seekers/{sid}/counselling",
                             {"counselled_on": "2099-01-01"})
    check("a session after today is 400 invalid on counselled_on, in Vietnamese",
          err_is(st, js, 400, "invalid") and
          vi_letters.search(js.get("fields", {}).get("counselled_on", "")), js)
    bad = [({"counselled_on": "03/11/2025"}, "counselled_on"), ({"topic": 5}, "topic"),
           ({"staff": "someone"}, "staff")]
    got = []
    for body, field in bad:
        st, js, _, _ = staff.req("POST", f"/api/seekers/{sid}/counselling", body)
        got.append((st, js.get("error"), js.get("field")))
    check("a date not YYYY-MM-DD, a topic not text, a member not allowed (the staff is the"
          " signed-in user) are 400", got == [(400, "bad_request", f) for _, f in bad], got)
    st, js, _, _ = staff.req("POST", "/api/seekers/S9999999/counselling", {})
    st2, js2, _, _ = staff.req("GET", "/api/seekers/S9999999/counselling")
    check("an unknown seeker is 404 both ways", err_is(st, js, 404, "not_found") and
          err_is(st2, js2, 404, "not_found"), (js, js2))
    st, js, _, _ = planner.req("GET", f"/api/seekers/{sid}/counselling")
    check("a planner may not read counselling (403)", err_is(st, js, 403, "forbidden"), js)
    xss = "<script>alert(1)</script>"
    upd = dict(new_seeker, name=xss, version=version)
    st, js, _, _ = staff.req("PUT", f"/api/seekers/{sid}", upd)
    check("PUT replaces the record and answers the new version",
          st == 200 and js["version"] != version, js)
    st, js, _, _ = staff.req("PUT", f"/api/seekers/{sid}", dict(upd, name="Ai Đó"))
    check("PUT with a version read before someone else's change is 409",
          err_is(st, js, 409, "conflict"), js)
    st, js, r, text = staff.req("GET", f"/api/seekers/{sid}")
    check("a <script> name is stored and returned as JSON text",
          st == 200 and js["name"] == xss and "application/json" in r.getheader("Content-Type"), js)
    st, js, _, _ = staff.req("PUT", "/api/seekers/S9999999", dict(new_seeker))
    check("PUT of an unknown seeker is 404", err_is(st, js, 404, "not_found"), js)
    st, js, _, _ = staff.req("GET", "/api/seekers/S9999999")
    check("GET of an unknown seeker is 404", err_is(st, js, 404, "not_found"), js)
    # the kind is named in Vietnamese too (not "không có seeker ...")
    for path, said in (("/api/seekers/S9999999", "không có người tìm việc mã 'S9999999'"),
                       ("/api/vacancies/V9999999", "không có vị trí tuyển dụng mã 'V9999999'"),
                       ("/api/employers/E9999999", "không có doanh nghiệp mã 'E9999999'"),
                       ("/api/seekers/S9999999/matches", "không có người tìm việc mã 'S9999999'")):
        st, js, _, _ = staff.req("GET", path)
        check(f"{path}: 404 says which record in Vietnamese", st == 404 and
              js.get("message") == said, js)
    st, js, _, _ = staff.req("GET", "/api/seekers/S1%20x")
    check("an id with a space is 400", err_is(st, js, 400, "bad_request"), js)

    # ---- search -----------------------------------------------------------------------------
    seekers = sql(
        "SELECT id, name, phone, id_card FROM seekers WHERE phone IS NOT NULL AND id_card IS NOT"
        " NULL AND status = 'active' ORDER BY id LIMIT 1")[0]
    s_id, s_name, s_phone, s_card = seekers
    folded = s_name.lower()
    for a, b in (("ễ", "e"), ("ă", "a"), ("â", "a"), ("đ", "d"), ("ơ", "o"), ("ư", "u"), ("ị", "i"),
                 ("ạ", "a"), ("ế", "e"), ("ồ", "o"), ("ọ", "o"), ("ấ", "a"), ("ả", "a"), ("ứ", "u"),
                 ("ũ", "u"), ("ù", "u"), ("ú", "u"), ("à", "a"), ("á", "a"), ("ã", "a"), ("ê", "e"),
                 ("ô", "o"), ("ò", "o"), ("ó", "o"), ("ì", "i"), ("í", "i"), ("ỳ", "y"), ("ý", "y"),
                 ("ậ", "a"), ("ệ", "e"), ("ộ", "o"), ("ợ", "o"), ("ự", "u"), ("ẩ", "a"), ("ể", "e"),
                 ("ổ", "o"), ("ở", "o"), ("ử", "u"), ("ằ", "a"), ("ắ", "a"), ("ặ", "a"), ("ẫ", "a"),
                 ("ễ", "e"), ("ỗ", "o"), ("ỡ", "o"), ("ữ", "u"), ("ĩ", "i"), ("ỉ", "i"), ("ỏ", "o"),
                 ("ủ", "u"), ("ỷ", "y"), ("ỹ", "y"), ("ỵ", "y"), ("ẻ", "e"), ("ẽ", "e"), ("ẹ", "e"),
                 ("è", "e"), ("é", "e"), ("ờ", "o"), ("ớ", "o"), ("ừ", "u"), ("ầ", "a"), ("ề", "e"),
                 ("ố", "o"), ("ẳ", "a"), ("ẵ", "a"), ("ẩ", "a"), ("ơ", "o")):
        folded = folded.replace(a, b)
    for label, q in (("folded name", folded), ("name words in another order",
                                                " ".join(reversed(folded.split()))),
                     ("id", s_id), ("phone", s_phone), ("phone prefix", s_phone[:6]),
                     ("ID card", s_card)):
        st, js, _, _ = staff.req("GET", "/api/seekers?size=100&q=" + urlq(q))
        ids = [i["id"] for i in (js or {}).get("items", [])]
        check(f"seekers are found by {label}", st == 200 and s_id in ids, (q, st, ids[:5]))
    st, js, _, _ = staff.req("GET", "/api/seekers?q=nguyen&size=5&page=2&sort=id")
    check("the list shows occupation titles, never bare codes",
          st == 200 and all(len(i["occupation_titles"]) == len(i["occupations"]) and
                            all(i["occupation_titles"]) for i in js["items"]), js)
    check("the list names each commune's province (namesakes lie in several provinces)",
          st == 200 and all(i["area_parent_name"] and i["area_parent_name"] != i["area_name"] and
                            i["area_parent"] == "31" for i in js["items"] if i["area"]) and
          any(i["area"] for i in js["items"]), js)
    check("a search pages and sorts on the server",
          st == 200 and len(js["items"]) == 5 and js["page"] == 2 and js["total"] > 10 and
          [i["id"] for i in js["items"]] == sorted(i["id"] for i in js["items"]), js and js.get("total"))
    check_search_definition(staff)
    nasty = ["' OR 1=1 --", "\" OR \"\"=\"", "%", "_", "%' UNION SELECT name FROM users --",
             "\\", ";DROP TABLE seekers;", "*", "\"nguyen\" OR", "NEAR(a b)", "a' AND '1'='1",
             "0912%", "(", ")", "^"]
    problems = []
    for q in nasty:
        for path, param in (("/api/seekers", "q"), ("/api/seekers", "area"), ("/api/employers", "q"),
                            ("/api/employers", "area"), ("/api/vacancies", "q"),
                            ("/api/vacancies", "employer"), ("/api/vacancies", "fair"),
                            ("/api/occupations", "q"), ("/api/areas", "q")):
            st, js, _, _ = staff.req("GET", f"{path}?{param}={urlq(q)}")
            if st != 200 or not isinstance(js, dict) or "items" not in js:
                problems.append((path, param, q, st, js))
            elif q in ("' OR 1=1 --", "%", "_", "a' AND '1'='1") and js.get("total", 0) != 0:
                problems.append((path, param, q, "matched", js.get("total")))
    check("SQL metacharacters in every search field are data, never SQL", not problems, problems[:5])
    for q in nasty:
        st, js, _, _ = admin.req("GET", f"/api/audit?user={urlq(q)}&record={urlq(q)}")
        if st != 200 or js["total"] != 0:
            check(f"audit filter {q!r} is data", False, js)
    cnt = sql("SELECT COUNT(*) FROM seekers")[0][0]
    check("the seekers table is intact after the metacharacters", cnt == 2001, cnt)
    for path, detail in (("/api/seekers?size=0", "size"), ("/api/seekers?size=101", "size"),
                         ("/api/seekers?page=0", "page"), ("/api/seekers?page=100001", "page"),
                         ("/api/seekers?size=1e3", "size"), ("/api/seekers?size=-1", "size"),
                         ("/api/seekers?sort=name;drop", "sort"), ("/api/seekers?status=dead", "status"),
                         ("/api/seekers/S0000041/matches?top=0", "top"),
                         ("/api/seekers/S0000041/matches?top=101", "top"),
                         ("/api/seekers/S0000041/matches?top=99999999999999999999", "top"),
                         ("/api/seekers/S0000041/matches?as_of=2025-02-30", "as_of"),
                         ("/api/seekers/S0000041/matches?as_of=01/03/2025", "as_of"),
                         ("/api/vacancies/V000232/shortlist?top=1000", "top"),
                         ("/api/seekers?bogus=1", "bogus"), ("/api/occupations?size=51", "size"),
                         ("/api/seekers?q=" + "a" * 201, "q")):
        st, js, _, _ = staff.req("GET", path)
        check(f"{path[:60]} is 400 naming {detail}",
              err_is(st, js, 400, "bad_request") and js.get("field") == detail, (st, js))

    # ---- matching ---------------------------------------------------------------------------
    for sk in ("S0000041", "S0000002", "S0000107", "S0000333"):
        st, js, _, _ = staff.req("GET", f"/api/seekers/{sk}/matches?top=10&as_of={AS_OF}")
        want = cli_match("seeker", sk, 10)
        got = api_ranking(js, "seeker") if st == 200 else None
        check(f"matches of {sk} equal `vieclam match --seeker`", got == want, (got, want))
    st, js, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    m0 = js["matches"][0]
    check("a match carries employer, commune, wage, closing date, distance and reasons",
          js["seeker"] == "S0000041" and m0["employer_name"] and m0["area_name"] and
          "wage_min" in m0 and "closes" in m0 and m0["distance_km"] is not None and
          any(x["code"] == "distance" for x in m0["reasons"]), m0)
    for vac in ("V000232", "V000001", "V000150"):
        st, js, _, _ = staff.req("GET", f"/api/vacancies/{vac}/shortlist?top=15&as_of={AS_OF}")
        want = cli_match("vacancy", vac, 15)
        got = api_ranking(js, "vacancy") if st == 200 else None
        check(f"the shortlist of {vac} equals `vieclam match --vacancy`", got == want, (got, want))
    # why not: a listed vacancy is within the list; one far away fails a hard constraint
    st, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    listed = m["matches"][0]["vacancy"]
    st, js, _, _ = staff.req("GET", f"/api/seekers/S0000041/why-not/{listed}?top=3&as_of={AS_OF}")
    check("why-not of a listed vacancy: eligible, rank 1, in the list",
          st == 200 and js["eligible"] is True and js["rank"] == 1 and js["listed"] is True, js)
    out = [v for v in ("V000001", "V000002", "V000003", "V000004", "V000005")
           if v not in [x["vacancy"] for x in m["matches"]]]
    answers = [staff.req("GET", f"/api/seekers/S0000041/why-not/{v}?as_of={AS_OF}")[1] for v in out]
    check("why-not of other vacancies: the failed constraints, or the gap below the list",
          all(a and ((a["eligible"] is False and a["failed"] and a["failed"][0]["constraint"]) or
                     (a["eligible"] is True and a["gap"] is not None)) for a in answers), answers)
    st, js, _, _ = staff.req("GET", f"/api/seekers/S0000041/why-not/V9999999?as_of={AS_OF}")
    check("why-not of an unknown vacancy is 404", err_is(st, js, 404, "not_found"), js)
    st, js, _, _ = staff.req("GET", f"/api/vacancies/{listed}/why-not/S0000041?as_of={AS_OF}")
    check("why-not from the vacancy's side", st == 200 and js["eligible"] is True, js)
    st, js, _, _ = planner.req("GET", f"/api/seekers/S0000041/why-not/{listed}")
    check("a planner asking why-not is refused", err_is(st, js, 403, "forbidden"), js)
    st, js, _, _ = staff.req("GET", f"/api/seekers/S9999999/matches?as_of={AS_OF}")
    check("matches of an unknown seeker are 404", err_is(st, js, 404, "not_found"), js)

    # a vacancy registered through the API is in the next match
    st, base, _, _ = staff.req("GET", "/api/vacancies/V000232")
    newvac = {k: v for k, v in base.items() if k not in (
        "id", "version", "employer_name", "occupation_title", "area_name")}
    newvac.update(wage_min=9000000, wage_max=12000000, closes="2026-06-30", positions=3)
    t0 = time.monotonic()
    st, js, _, _ = staff.req("POST", "/api/vacancies", newvac)
    vid = js.get("id") if js else None
    st2, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=10&as_of={AS_OF}")
    dt = time.monotonic() - t0
    check("a vacancy registered through the API is in the very next match",
          st == 201 and vid and vid in [x["vacancy"] for x in m["matches"]], (st, js, m and m.get("matches", [])[:2]))
    check("... and the API agrees with `vieclam match` after the change",
          api_ranking(m, "seeker") == cli_match("seeker", "S0000041", 10))
    print(f"# registration to match: {dt * 1000:.0f} ms")
    # a CLI import while the server runs is picked up
    csv = os.path.join(TMP, "more.csv")
    head = ("id,employer,title,occupation,skills_required,skills_preferred,education_min,"
            "experience_min,languages,wage_min,wage_max,positions,area,country,age_min,age_max,"
            "posted,closes,fair")
    row = (f"VCLI1,{base['employer']},Thợ điện tử ca đêm,{base['occupation']},"
           f"{';'.join(base['skills_required'])},,,,,9500000,13000000,2,{base['area']},,,,"
           f"2026-02-01,2026-05-31,")
    with open(csv, "w") as f:
        f.write(head + "\n" + row + "\n")
    p = run("import", "vacancies", csv)
    found = False
    for _ in range(40):
        st, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=10&as_of={AS_OF}")
        if st == 200 and "VCLI1" in [x["vacancy"] for x in m["matches"]]:
            found = True
            break
        time.sleep(0.1)
    check("a vacancy imported by the CLI while the server runs is matched", p.returncode == 0 and found,
          (p.stderr, m and [x["vacancy"] for x in m.get("matches", [])]))
    st, js, _, _ = staff.req("PUT", f"/api/vacancies/{vid}", dict(newvac, positions=0))
    st2, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=10&as_of={AS_OF}")
    check("a vacancy changed to no positions leaves the next match",
          st == 200 and vid not in [x["vacancy"] for x in m["matches"]], js)

    # ---- a file imported at the desk (POST /api/imports/KIND, a job) ---------------------------
    # typed the way Vietnamese Excel saves a CSV: dates dd/mm/yyyy, 9.500.000 for a wage
    def vrow(vid_, wage, posted="01/02/2026"):
        return (f"{vid_},{base['employer']},Thợ điện tử ca ngày,{base['occupation']},"
                f"{';'.join(base['skills_required'])},,,,,{wage},\"13.000.000\",2,{base['area']},,,,"
                f"{posted},31/05/2026,")
    bad_csv = "\n".join([head, vrow("VDESK1", "9.500.000"), vrow("VDESK2", "9.500.000", "31/02/2026"),
                         vrow("VDESK3", "chín triệu")]) + "\n"
    n_vac = sql("SELECT COUNT(*) FROM vacancies")[0][0]
    files_before = sorted(os.listdir(STATE_DIR))

    def send(client, kind, data, query="name=tin-tuyen-dung.csv", ctype="text/csv"):
        return client.req("POST", f"/api/imports/{kind}?{query}", raw=data.encode() if
                          isinstance(data, str) else data, headers={"Content-Type": ctype})

    st, js, r, _ = send(staff, "vacancies", bad_csv,
                        "name=" + urlq("C:\\fakepath\\tin-tuyen-dung.csv"))
    job = js and js.get("job")
    st2, jj = wait_job(staff, job) if st == 202 else (st, js)
    probs = (jj.get("result") or {}).get("problems", []) if jj else []
    check("a file with bad rows is a failed job: 400 invalid, every problem naming the file as sent "
          "(not the server's path), its line, column and reason in Vietnamese",
          st == 202 and r.getheader("Location") == f"/api/jobs/{job}" and jj["kind"] == "import" and
          jj["status"] == "failed" and jj["error"]["error"] == "invalid" and len(probs) == 2 and
          probs[0].startswith("tin-tuyen-dung.csv:3: cột posted:") and
          probs[1].startswith("tin-tuyen-dung.csv:4: cột wage_min:") and
          "không có dữ liệu nào được nhập" in jj["error"]["message"] and
          "fakepath" not in json.dumps(jj) and STATE_DIR not in json.dumps(jj), jj)
    check("... and nothing of it was written (not even its good row); the file is gone from the "
          "server", sql("SELECT COUNT(*) FROM vacancies")[0][0] == n_vac and
          sorted(os.listdir(STATE_DIR)) == files_before, sorted(os.listdir(STATE_DIR)))
    # more bad rows than the job shows: the first 200 problems, and the server goes on
    many_bad = "\n".join([head] + [vrow(f"VBAD{i:03d}", "chín triệu") for i in range(250)]) + "\n"
    st, js, _, _ = send(staff, "vacancies", many_bad)
    st2, jj = wait_job(staff, js["job"]) if st == 202 else (st, js)
    probs = ((jj or {}).get("result") or {}).get("problems", [])
    st3, _, _, _ = staff.req("GET", "/api/session")
    check("a file of 250 bad rows fails showing its first 200 problems, and the server goes on",
          st == 202 and jj["status"] == "failed" and len(probs) == 200 and
          jj["result"]["shown"] == 200 and all(p.startswith("tin-tuyen-dung.csv:") for p in probs)
          and st3 == 200 and srv.proc.poll() is None, (st, jj and jj.get("status"), len(probs), st3))
    good_csv = "\n".join([head, vrow("VDESK1", "9.500.000"), vrow("VDESK2", "10.000.000")]) + "\n"
    st, js, _, _ = send(staff, "vacancies", good_csv)
    st2, jj = wait_job(staff, js["job"]) if st == 202 else (st, js)
    res = (jj or {}).get("result") or {}
    got = sql("SELECT id, wage_min, posted FROM vacancies WHERE id IN ('VDESK1', 'VDESK2') ORDER BY id")
    check("the corrected file is imported whole: counts, the Vietnamese numbers and dates read",
          jj["status"] == "done" and res == {"kind": "vacancies", "file": "tin-tuyen-dung.csv",
                                             "rows": 2, "inserted": 2, "updated": 0, "unchanged": 0,
                                             "rejected": 0, "staff_anonymised": 0} and
          [(g[0], int(g[1]), g[2]) for g in got] ==
          [("VDESK1", 9500000, "2026-02-01"), ("VDESK2", 10000000, "2026-02-01")], (jj, got))
    found = False
    for _ in range(40):
        st, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=20&as_of={AS_OF}")
        if st == 200 and "VDESK2" in [x["vacancy"] for x in m["matches"]]:
            found = True
            break
        time.sleep(0.1)
    check("... and its vacancies are matched by the running server", found)
    st, js, _, _ = send(staff, "vacancies", good_csv, "name=" + urlq("../.Danh sách tiếp nhận"))
    st2, jj = wait_job(staff, js["job"]) if st == 202 else (st, js)
    check("the same file again changes nothing (and a name keeps its last letter, loses its path "
          "and its leading dot)",
          (jj.get("result") or {}).get("unchanged") == 2 and jj["result"]["inserted"] == 0 and
          jj["result"]["file"] == "Danh sách tiếp nhận", jj)
    run_id = jj.get("run")
    # skip=true: the good row goes in, the bad one waits in a workbook with its reason
    part_csv = "\n".join([head, vrow("VDESK4", "9.500.000"), vrow("VDESK5", "chín triệu")]) + "\n"
    st, js, _, _ = send(staff, "vacancies", part_csv, "name=tin-tuyen-dung.csv&skip=true")
    st2, jp = wait_job(staff, js["job"]) if st == 202 else (st, js)
    rp = (jp or {}).get("result") or {}
    check("skip=true imports the good rows and sets the bad ones aside, with their problems",
          jp["status"] == "done" and rp["inserted"] == 1 and rp["rejected"] == 1 and
          rp["rejects"] == f"/api/jobs/{jp['job']}/rejects" and len(rp["problems"]) == 1 and
          rp["problems"][0].startswith("tin-tuyen-dung.csv:3: cột wage_min:") and
          sql("SELECT COUNT(*) FROM vacancies WHERE id IN ('VDESK4', 'VDESK5')")[0][0] == 1, jp)
    st, js, r, body = staff.req("GET", rp["rejects"])
    st2, js2, _, _ = Client(srv).req("GET", rp["rejects"])
    hoa_c = Client(srv)
    hoa_c.login("hoa")
    st3, js3, _, _ = hoa_c.req("GET", rp["rejects"])
    check("the bad rows download as a workbook (loi-NAME.xlsx), for the one who sent them only",
          st == 200 and body[:2] == b"PK" and
          r.getheader("Content-Disposition") == 'attachment; filename="loi-tin-tuyen-dung.xlsx"' and
          err_is(st2, js2, 401, "unauthenticated") and err_is(st3, js3, 404, "not_found"),
          (st, r.getheaders(), js2, js3))
    st, js, _, _ = send(staff, "vacancies", body, "name=loi-tin-tuyen-dung.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st2, jr = wait_job(staff, js["job"]) if st == 202 else (st, js)
    probs = (jr.get("result") or {}).get("problems", [])
    check("sent back as it is (its reason column and all), the workbook is read and refused at the "
          "same cell: the row was not corrected", jr["status"] == "failed" and len(probs) == 1 and
          probs[0].startswith("loi-tin-tuyen-dung.xlsx:") and "!J2: cột" in probs[0], jr)
    st, js, _, _ = admin.req("GET", f"/api/audit?action=download&user=lan")
    check("the download of the bad rows is audited",
          st == 200 and any(x["detail"] == "rejects" and x["kind"] == "run"
                            for x in js["items"]), js)
    st, js, _, _ = admin.req("GET", f"/api/audit?action=import&user=lan")
    check("each desk import is audited before a row is read, naming its run",
          st == 200 and js["total"] == 6 and str(run_id) in [x["record"] for x in js["items"]] and
          all(x["kind"] == "run" and x["detail"] == "vacancies" for x in js["items"]), js)
    hoa = Client(srv)
    hoa.login("hoa")
    st, js, _, _ = hoa.req("GET", f"/api/jobs/{jj['job']}")
    check("another user cannot see the job (404)", err_is(st, js, 404, "not_found"), js)
    # her own import's rejects, once she is no longer staff: a planner reads no such rows
    st, js, _, _ = send(hoa, "vacancies", part_csv.replace("VDESK4", "VDESK6").replace("VDESK5", "VDESK7"),
                        "name=hoa.csv&skip=true")
    st2, jh = wait_job(hoa, js["job"]) if st == 202 else (st, js)
    hoa_rejects = ((jh or {}).get("result") or {}).get("rejects")
    admin.req("PUT", "/api/users/hoa", {"role": "planner"})
    hoa = Client(srv)
    hoa.login("hoa")
    st, js, _, _ = hoa.req("GET", hoa_rejects or "/api/jobs/0/rejects")
    st2, js2, _, _ = hoa.req("GET", f"/api/jobs/{jh['job']}")
    check("an import's rejects and job are not served to their sender once her role may no longer "
          "import that kind (404)",
          hoa_rejects and err_is(st, js, 404, "not_found") and err_is(st2, js2, 404, "not_found"),
          (hoa_rejects, js, js2))
    admin.req("PUT", "/api/users/hoa", {"role": "staff"})
    hoa = Client(srv)
    hoa.login("hoa")
    st, js, _, _ = send(planner, "vacancies", good_csv)
    st2, js2, _, _ = send(staff, "history", "series,keys,period,value\n")
    check("a role imports only its own kinds: planners no vacancies, staff no history (403)",
          err_is(st, js, 403, "forbidden") and err_is(st2, js2, 403, "forbidden"), (js, js2))
    st, js, _, _ = send(staff, "nonsense", good_csv)
    st2, js2, _, _ = send(staff, "vacancies", "")
    st3, js3, _, _ = send(staff, "vacancies", good_csv, "dates=yesterday")
    st4, js4, _, _ = send(staff, "vacancies", good_csv, "colour=red")
    check("an unknown kind is 404; an empty file, a bad option and an unknown parameter are 400",
          err_is(st, js, 404, "not_found") and err_is(st2, js2, 400, "bad_request") and
          err_is(st3, js3, 400, "bad_request") and js3.get("field") == "dates" and
          err_is(st4, js4, 400, "bad_request"), (js, js2, js3, js4))
    big = "x" * (70 * 1024)
    st, js, _, _ = staff.req("POST", "/api/imports/vacancies", raw=big.encode(), csrf=False,
                             headers={"Content-Type": "text/csv"})
    st2, js2, _, _ = Client(srv).req("POST", "/api/imports/vacancies", raw=big.encode(),
                                     headers={"Content-Type": "text/csv"})
    check("a body over 64 KiB without the session's anti-forgery token is 413 (16 MiB is only read "
          "for a session that proves itself)", err_is(st, js, 413, "too_large") and
          err_is(st2, js2, 413, "too_large") and "64 KiB" in js["message"], (js, js2))
    st, js, _, _ = send(staff, "vacancies", "x" * (17 << 20))
    check("a file over 16 MiB is 413, said in MiB", err_is(st, js, 413, "too_large") and
          "16 MiB" in js["message"], js)
    st, js, r, body = staff.req("GET", "/api/templates/vacancies.xlsx")
    st2, js2, _, _ = planner.req("GET", "/api/templates/vacancies.xlsx")
    st3, _, r3, body3 = planner.req("GET", "/api/templates/history.xlsx")
    st4, js4, _, _ = staff.req("GET", "/api/templates/vacancies.csv")
    check("each role downloads the workbook of its own kinds (an .xlsx attachment), no other",
          st == 200 and body[:2] == b"PK" and "spreadsheetml" in r.getheader("Content-Type") and
          r.getheader("Content-Disposition") == 'attachment; filename="mau-vacancies.xlsx"' and
          err_is(st2, js2, 403, "forbidden") and st3 == 200 and body3[:2] == b"PK" and
          err_is(st4, js4, 404, "not_found"), (st, r.getheaders(), js2, st3, js4))
    # the records without personal data go out as a workbook, and come back unchanged
    st, js, r, body = staff.req("GET", "/api/exports/vacancies.xlsx")
    n_vac = sql("SELECT COUNT(*) FROM vacancies")[0][0]
    check("staff take the vacancies away as a workbook in the import format (an attachment)",
          st == 200 and body[:2] == b"PK" and "spreadsheetml" in r.getheader("Content-Type") and
          re.fullmatch(r'attachment; filename="vacancies-\d{4}-\d{2}-\d{2}\.xlsx"',
                       r.getheader("Content-Disposition") or "") and
          not [f for f in os.listdir(STATE_DIR) if f.startswith("export-")],
          (st, r.getheaders(), os.listdir(STATE_DIR)))
    st, js, _, _ = send(staff, "vacancies", body, "name=vacancies.xlsx",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    st2, jx = wait_job(staff, js["job"]) if st == 202 else (st, js)
    check("... and the same workbook sent back changes nothing (every row unchanged)",
          jx["status"] == "done" and jx["result"]["unchanged"] == n_vac and
          jx["result"]["rows"] == n_vac, jx)
    st, js, _, _ = staff.req("GET", "/api/exports/seekers.xlsx")
    st2, js2, _, _ = planner.req("GET", "/api/exports/vacancies.xlsx")
    st3, _, r3, body3 = planner.req("GET", "/api/exports/history.xlsx")
    check("seekers (personal data) are not exported from the desk, saying so; a planner takes "
          "the history, not the vacancies",
          err_is(st, js, 403, "forbidden") and "vieclam export" in js["message"] and
          err_is(st2, js2, 403, "forbidden") and st3 == 200 and body3[:2] == b"PK", (js, js2, st3))
    st, js, _, _ = admin.req("GET", "/api/audit?action=export")
    check("exports are audited", st == 200 and
          {(x["user"], x["kind"]) for x in js["items"]} == {("lan", "vacancies"), ("minh", "history")},
          js)
    st, js, _, _ = staff.req("GET", "/api/meta")
    st2, js2, _, _ = planner.req("GET", "/api/meta")
    st3, js3, _, _ = admin.req("GET", "/api/meta")
    check("/api/meta lists the kinds each role imports, in the user's words, and the file limit",
          [k["code"] for k in js["imports"]] == ["seekers", "employers", "vacancies", "referrals",
                                                "followups", "counselling", "fairs"] and
          js["imports"][0]["label"] == "Người tìm việc" and
          [k["code"] for k in js2["imports"]] == ["history"] and
          [k["code"] for k in js3["imports"]] == ["areas"] and
          [k["code"] for k in js["imports"] if k["export"]] == ["employers", "vacancies", "fairs"] and
          js["limits"]["upload"] == 16 << 20, (js["imports"], js2["imports"], js3["imports"]))

    # ---- referrals: recorded, listed, the slip, an outcome ------------------------------------
    st, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    target = m["matches"][0]["vacancy"]
    st, js, r, _ = staff.req("POST", "/api/referrals", {"seeker": "S0000041", "vacancy": target})
    rid = js.get("id") if js else None
    check("POST /api/referrals answers 201 with the referral's id",
          st == 201 and rid and js["by"] == "lan" and r.getheader("Location") == f"/api/referrals/{rid}",
          js)
    st, js, _, _ = staff.req("POST", "/api/referrals", {"seeker": "S9999999", "vacancy": target})
    check("a referral of an unknown seeker is 400 naming the field",
          err_is(st, js, 400, "invalid") and "seeker" in js["fields"], js)
    st, js, _, _ = staff.req("POST", "/api/referrals", {"seeker": "S0000041"})
    check("a referral without a vacancy is 400", err_is(st, js, 400, "bad_request"), js)
    st, js, _, _ = staff.req("GET", "/api/referrals?seeker=S0000041")
    check("the seeker's referrals are listed with names",
          st == 200 and js["total"] >= 1 and js["items"][0]["id"] == rid and
          js["items"][0]["title"] and js["items"][0]["outcome"] == "pending", js)
    st, js, _, _ = staff.req("GET", "/api/referrals")
    check("listing every referral at once is refused (400)", err_is(st, js, 400, "bad_request"), js)
    rid2 = None
    st, js, _, _ = staff.req("POST", "/api/referrals",
                             {"seeker": "S0000041", "vacancy": "V000242", "channel": "phone"})
    if st == 201:
        rid2 = js["id"]
    st, js, _, _ = staff.req("GET", "/api/referrals?seeker=S0000041&sort=id")
    chans = {x["id"]: x["channel"] for x in js.get("items", [])} if st == 200 else st
    check("a referral keeps how it was made: at the desk unless said, by phone here",
          rid2 and chans.get(rid) == "desk" and chans.get(rid2) == "phone", chans)
    st, js, _, _ = staff.req("POST", "/api/referrals",
                             {"seeker": "S0000041", "vacancy": "V000243", "channel": "fax"})
    check("an unknown channel is 400 naming channel",
          err_is(st, js, 400, "bad_request") and js.get("field") == "channel", js)
    orders = {}
    for srt in ("-at", "at", "id"):
        st, js, _, _ = staff.req("GET", f"/api/referrals?seeker=S0000041&sort={srt}")
        orders[srt] = [x["id"] for x in js["items"]] if st == 200 and js["sort"] == srt else None
    ids = sorted(orders["id"] or [])
    check("referrals sort by -at (newest, ties by id descending), at and id",
          rid2 and orders["id"] == ids and len(ids) >= 2 and orders["at"] == ids and
          orders["-at"] == ids[::-1], orders)
    st, js, _, _ = staff.req("GET", "/api/referrals?seeker=S0000041&sort=name")
    check("an unknown referral sort is 400 naming sort",
          err_is(st, js, 400, "bad_request") and js.get("field") == "sort", js)
    st, slip, _, _ = staff.req("GET", f"/api/referrals/{rid}")
    check("the slip has the centre, the seeker, the employer, the address and the date",
          st == 200 and slip["centre"].startswith("Trung tâm") and slip["seeker"]["name"] and
          slip["employer"]["name"] and slip["at"] == time.strftime("%Y-%m-%d") and
          slip["vacancy"]["title"], slip)
    check("the slip names the places (area names, not codes)",
          slip["seeker"].get("area_name") and slip["employer"].get("area_name") and
          slip["vacancy"].get("area_name") and not slip["employer"]["area_name"].isdigit(), slip)
    # the employer's own street address and phone: written through PUT, printed by the slip
    emp_id = slip["employer"]["id"]
    st, emp, _, _ = staff.req("GET", f"/api/employers/{emp_id}")
    check("an employer's record has address and phone members (null when not known)",
          st == 200 and "address" in emp and "phone" in emp and emp.get("area_parent_name"), emp)
    st1, all_v, _, _ = staff.req("GET", f"/api/vacancies?employer={emp_id}&size=1")
    st2, open_v, _, _ = staff.req("GET", f"/api/vacancies?employer={emp_id}&open=true&size=1")
    st3, meta, _, _ = staff.req("GET", "/api/meta")
    sections = {x["code"]: x["label"] for x in meta.get("industries", [])} if st3 == 200 else {}
    check("an employer's record counts its vacancies (all, open today) as its list does, and names "
          "its industry in Vietnamese",
          st1 == st2 == 200 and emp.get("vacancies") == all_v["total"] >= 1 and
          emp.get("open_vacancies") == open_v["total"] and
          emp.get("industry") in sections and emp.get("industry_title") == sections[emp["industry"]]
          and vi_letters.search(emp["industry_title"]),
          (emp.get("industry"), emp.get("industry_title"), emp.get("vacancies"),
           emp.get("open_vacancies"), all_v.get("total"), open_v.get("total")))
    st, js, _, _ = staff.req("PUT", f"/api/employers/{emp_id}",
                             dict(emp, address="Số 8, đường Lạch Tray", phone="0225 38-38.123"))
    check("PUT gives the employer a street address and phone", st == 200 and js["changed"], js)
    st, js, _, _ = staff.req("PUT", f"/api/employers/{emp_id}",
                             dict(emp, version=js.get("version"), phone="0225 ABC"))
    check("a bad employer phone is refused with a field message (400 naming phone)",
          err_is(st, js, 400, "invalid") and "phone" in js.get("fields", {}) and
          set(js["fields"]) == {"phone"}, js)
    st, slip, _, _ = staff.req("GET", f"/api/referrals/{rid}")
    se = slip.get("employer", {}) if st == 200 else {}
    check("the slip carries the employer's street, commune, province and phone",
          se.get("address") == "Số 8, đường Lạch Tray" and se.get("phone") == "02253838123" and
          se.get("area_name") and se.get("area_parent_name") and
          se["area_parent_name"] != se["area_name"], slip)
    st, js, _, _ = staff.req("PUT", f"/api/referrals/{rid}/outcome", {"outcome": "maybe"})
    check("an unknown outcome is 400", err_is(st, js, 400, "bad_request"), js)
    st, js, _, _ = staff.req("GET", "/api/meta")
    codes = [o["code"] for o in js.get("outcomes", [])]
    check("the desk offers exactly the outcomes the server takes, each with its Vietnamese words",
          codes == ["pending", "no_show", "interviewed", "rejected", "declined", "hired"] and
          all(vi_letters.search(o["label"]) for o in js["outcomes"]), js.get("outcomes"))
    chans = [o["code"] for o in js.get("channels", [])]
    check("the desk offers exactly the channels the server takes, each with its Vietnamese words",
          chans == ["desk", "fair", "phone", "online"] and
          all(vi_letters.search(o["label"]) for o in js["channels"]), js.get("channels"))
    st, js, _, _ = staff.req("PUT", f"/api/referrals/{rid}/outcome", {"outcome": "hired"})
    check("a hire without its first day is 400 invalid on start_on",
          err_is(st, js, 400, "invalid") and "start_on" in js.get("fields", {}), js)
    st, js, _, _ = staff.req("PUT", f"/api/referrals/{rid}/outcome",
                             {"outcome": "hired", "start_on": time.strftime("%Y-%m-%d")})
    check("a hire is recorded", st == 200 and js["outcome"] == "hired", js)
    # the list a clerk calls through: referrals without a decision, their own or everybody's
    lists, counts = {}, {}
    for q in ("outcome=hired", "outcome=open", "outcome=pending", "outcome=rejected", "by=lan",
              "by=nobody", "by=lan&outcome=open"):
        st, js, _, _ = staff.req("GET", f"/api/referrals?seeker=S0000041&sort=id&{q}")
        lists[q] = ([x["id"] for x in js["items"]], js["total"]) if st == 200 else st
        counts[q] = js.get("outcomes") if st == 200 else st
    every = {"pending": 0, "no_show": 0, "interviewed": 0, "rejected": 0, "declined": 0, "hired": 0}
    check("a list counts each outcome the other filters keep (the outcome filter aside)",
          counts["outcome=hired"] == counts["outcome=rejected"] == counts["by=lan"] ==
          dict(every, hired=1, pending=lists["outcome=pending"][1]) and
          counts["by=nobody"] == every, counts)
    check("referrals filter by outcome (one, or open: no decision yet) and by who made them",
          rid2 and lists["outcome=hired"] == ([rid], 1) and
          rid2 in lists["outcome=open"][0] and rid not in lists["outcome=open"][0] and
          lists["outcome=pending"] == lists["outcome=open"] and
          lists["outcome=rejected"] == ([], 0) and
          lists["by=lan"] == (sorted([rid, rid2]), 2) and lists["by=nobody"] == ([], 0) and
          lists["by=lan&outcome=open"] == ([rid2], 1), lists)
    st, js, _, _ = staff.req("GET", "/api/referrals?outcome=open&size=100&by=lan")
    st2, js2, _, _ = staff.req("GET", "/api/referrals?outcome=hired")
    open_all = [x["id"] for x in js["items"]] if st == 200 else st
    check("the referrals awaiting a decision are listed however old, without a first day; any "
          "other outcome still needs a seeker, vacancy or first day (400)",
          st == 200 and rid2 in open_all and rid not in open_all and
          all(x["outcome"] in ("pending", "interviewed") for x in js["items"]) and
          err_is(st2, js2, 400, "bad_request") and js2.get("field") == "seeker", (open_all, js2))
    bad = []
    for q in ("outcome=maybe", "outcome=trung%20tuyen", "outcome=", "by="):
        st, js, _, _ = staff.req("GET", f"/api/referrals?seeker=S0000041&{q}")
        bad.append(err_is(st, js, 400, "bad_request") and
                   js.get("field") == q.split("=")[0] or (q, st, js))
    check("an unknown outcome filter or an empty one is 400 naming it", all(x is True for x in bad),
          bad)
    st, m, _, _ = staff.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    check("a hired seeker is placed: the next match proposes nothing",
          st == 200 and m["active"] is False and m["matches"] == [], m)
    st, js, _, _ = admin.req("GET", f"/api/audit?action=refer")
    check("referrals are audited", st == 200 and js["total"] >= 1, js)
    # follow-ups of the hire: still in the job?
    today = time.strftime("%Y-%m-%d")
    st, js, _, _ = staff.req("POST", f"/api/referrals/{rid}/followups", {"employed": "yes"})
    check("a follow-up needs employed true or false (400 naming it)",
          err_is(st, js, 400, "bad_request") and js.get("field") == "employed", js)
    st, js, _, _ = staff.req("POST", f"/api/referrals/{rid}/followups",
                             {"employed": True, "checked_on": "2000-01-01"})
    check("a follow-up before the first day is 400 invalid",
          err_is(st, js, 400, "invalid") and "checked_on" in js["fields"], js)
    st, js, r, _ = staff.req("POST", f"/api/referrals/{rid}/followups", {"employed": True})
    check("POST /api/referrals/{id}/followups records one (201, dated today)",
          st == 201 and r.getheader("Location") == f"/api/referrals/{rid}/followups" and
          js["outcome"] == "hired" and js["followups"] == [{"checked_on": today, "employed": True}], js)
    st, js, _, _ = staff.req("GET", f"/api/referrals/{rid}/followups")
    check("GET /api/referrals/{id}/followups lists it",
          st == 200 and js["start_on"] == today and len(js["followups"]) == 1, js)
    st, js, _, _ = staff.req("POST", "/api/referrals/R99999999/followups", {"employed": False})
    check("a follow-up of an unknown referral is 404", err_is(st, js, 404, "not_found"), js)
    st, js, _, _ = admin.req("GET", f"/api/audit?action=followup")
    check("follow-ups are audited", st == 200 and js["total"] == 1, js)

    # ---- the person asks for their data (Decree 13): everything held, audited ---------------
    st, js, _, _ = staff.req("GET", "/api/seekers/S0000041/data")
    refs = {x["id"]: x for x in js.get("referrals", [])} if st == 200 else {}
    acc = [(a["action"], a["kind"], a["record"]) for a in js.get("access", [])] if st == 200 else []
    check("GET /api/seekers/{id}/data: the record, the referral with its outcome history and"
          " follow-up, the audit's rows about them (no staff names) and the names beside the codes",
          st == 200 and js["format"] == "vieclam-seeker-data/1" and js["seeker"] == "S0000041" and
          js["record"]["id"] == "S0000041" and js["provided_by"] == "lan" and js["erased"] is None and
          rid in refs and refs[rid]["outcome"] == "hired" and refs[rid]["staff"] == "lan" and
          refs[rid]["outcomes"][-1]["outcome"] == "hired" and
          refs[rid]["followups"] == [{"checked_on": today, "employed": True}] and
          ("refer", "seeker", "S0000041") in acc and ("outcome", "referral", rid) in acc and
          any(a == "shortlist" and k == "vacancy" for a, k, _ in acc) and
          acc[-1] == ("provide", "seeker", "S0000041") and
          all(set(a) == {"at", "action", "kind", "record", "action_label", "kind_label"}
              for a in js["access"]) and js["access"][-1]["action_label"] == "Cung cấp dữ liệu cá nhân" and
          js["names"]["area_name"] and all(js["names"]["occupation_titles"]), js)
    st, js, _, _ = staff.req("GET", "/api/referrals?outcome=open&size=5")
    listed = [x["seeker"] for x in js["items"]] if st == 200 else st
    got = sql("SELECT detail FROM access_audit WHERE action = 'search' AND kind = 'referral'"
              " ORDER BY id DESC LIMIT 1")
    check("a list of referrals records the seekers it showed (as a seekers' search does)",
          st == 200 and listed and got and got[0][0] == ",".join(listed) and
          ("search", "referral", "S0000041") in acc, (listed, got))
    st, js, _, _ = admin.req("GET", "/api/audit?action=provide")
    check("the provision is in the access audit: who, which seeker",
          st == 200 and [(x["user"], x["kind"], x["record"]) for x in js["items"]] ==
          [("lan", "seeker", "S0000041")], js)
    st, js, _, _ = staff.req("GET", "/api/seekers/S9999999/data")
    st2, js2, _, _ = admin.req("GET", "/api/audit?action=provide")
    check("an unknown seeker is 404 and nothing is audited",
          err_is(st, js, 404, "not_found") and js2["total"] == 1, (js, js2))
    # ---- the audit in words, filtered by action and period, and as a workbook ----------------
    today = time.strftime("%Y-%m-%d")
    st, meta, _, _ = admin.req("GET", "/api/meta")
    words = {a["code"]: a["label"] for a in meta.get("audit_actions", [])}
    hired = {o["code"]: o["label"] for o in meta["outcomes"]}["hired"]
    st, js, _, _ = admin.req("GET", f"/api/audit?action=provide&from={today}&to={today}")
    st2, js2, _, _ = admin.req("GET", "/api/audit?action=outcome&size=100")
    st3, js3, _, _ = admin.req("GET", "/api/audit?action=followup")
    check("the audit answers its rows in words, the words /api/meta lists (one definition): the"
          " action, the kind, an outcome as the outcomes' word, a follow-up",
          st == 200 and js["total"] == 1 and
          js["items"][0]["action_label"] == words["provide"] == "Cung cấp dữ liệu cá nhân" and
          js["items"][0]["kind_label"] == "Người tìm việc" and
          any(x["detail"] == "hired" and x["detail_text"] == hired for x in js2["items"]) and
          js3["items"][0]["detail_text"] == "Còn làm việc", (js, js2.get("items", [])[:2], js3))
    n_listed = admin.req("GET", f"/api/audit?from={today}&size=1")[1]["total"]
    st, _, r, body = admin.req("GET", f"/api/audit.xlsx?from={today}")
    rows = xlsx_rows(body) if st == 200 else []
    check("GET /api/audit.xlsx: a workbook of every row the filters keep, oldest first, headed in"
          " Vietnamese, the day a date cell, the action in words",
          st == 200 and "spreadsheetml" in r.getheader("Content-Type") and
          f"nhat-ky-truy-cap-" in (r.getheader("Content-Disposition") or "") and
          rows[0] == ["Ngày", "Giờ", "Người dùng", "Thao tác", "Loại hồ sơ", "Hồ sơ", "Chi tiết"] and
          len(rows) - 1 == n_listed and rows[1][0].replace(".", "").isdigit() and
          ["lan", "Cung cấp dữ liệu cá nhân", "Người tìm việc", "S0000041"] in
          [x[2:6] for x in rows[1:]], rows[:3])
    got = sql("SELECT action, kind, record, detail FROM access_audit ORDER BY id DESC LIMIT 1")
    st, js, _, _ = admin.req("GET", "/api/audit?action=export&kind=audit&size=1")
    check("the workbook's export is itself in the audit, with its row count (in words)",
          [tuple(map(str, g)) for g in got] == [("export", "audit", "*", str(n_listed))] and
          js["items"][0]["detail_text"] == f"{n_listed} hồ sơ" and
          js["items"][0]["kind_label"] == "Nhật ký truy cập", (got, js))
    st, js, _, _ = admin.req("GET", "/api/audit.xlsx?from=2026-02-30")
    st2, js2, _, _ = staff.req("GET", "/api/audit.xlsx")
    st3, js3, _, _ = admin.req("GET", "/api/audit.xlsx?page=2")
    check("a date that is none is 400 naming it; staff may not read the audit; paging is not a"
          " filter of the workbook",
          err_is(st, js, 400, "bad_request") and js.get("field") == "from" and
          err_is(st2, js2, 403, "forbidden") and err_is(st3, js3, 400, "bad_request"),
          (js, js2, js3))
    st, js, _, _ = planner.req("GET", "/api/seekers/S0000041/data")
    st2, js2, _, _ = admin.req("GET", "/api/seekers/S0000041/data")
    check("planners and admins may not read a person's data (403)",
          err_is(st, js, 403, "forbidden") and err_is(st2, js2, 403, "forbidden"), (js, js2))

    # ---- a busy database: 503, nothing written, the retry succeeds ----------------------------
    if PG:  # another session holds a lock that keeps writers out of seekers for 5 s
        hold = subprocess.Popen([PSQL, "-X", "-q", "-d", DB, "-c",
                                 "BEGIN; LOCK TABLE seekers IN SHARE ROW EXCLUSIVE MODE;"
                                 " SELECT pg_sleep(5); ROLLBACK"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if sql("SELECT COUNT(*) FROM pg_locks WHERE relation = 'seekers'::regclass"
                   " AND mode = 'ShareRowExclusiveLock' AND granted")[0][0]:
                break
            time.sleep(0.05)
        st, js, r, _ = staff.req("POST", "/api/seekers", dict(new_seeker, id="S9000001"))
        hold.wait(timeout=30)
    else:
        hold = sqlite3.connect(DB, timeout=1, isolation_level=None)
        hold.execute("BEGIN IMMEDIATE")
        st, js, r, _ = staff.req("POST", "/api/seekers", dict(new_seeker, id="S9000001"))
        hold.execute("ROLLBACK")
        hold.close()
    check("a busy database answers 503 busy with Retry-After",
          err_is(st, js, 503, "busy") and r.getheader("Retry-After") == "1", (st, js))
    exists = sql("SELECT COUNT(*) FROM seekers WHERE id='S9000001'")[0][0]
    check("... and wrote nothing", exists == 0)
    st, js, _, _ = staff.req("POST", "/api/seekers", dict(new_seeker, id="S9000001"))
    check("the same request again succeeds", st == 201 and js["id"] == "S9000001", js)

    # ---- employers and vacancies ------------------------------------------------------------
    st, js, _, _ = staff.req("GET", "/api/employers?q=cong%20ty&size=3&sort=id")
    check("employers are listed by folded name", st == 200 and js["total"] > 0 and len(js["items"]) == 3, js)
    st, js, _, _ = staff.req("POST", "/api/employers", {"name": "Công ty TNHH Sao Mai", "area": "31",
                                                      "industry": "C", "phone": "12ab"})
    check("an employer's phone follows the seekers' phone rule (400 naming phone)",
          err_is(st, js, 400, "invalid") and "phone" in js.get("fields", {}), js)
    st, js, _, _ = staff.req("POST", "/api/employers", {"name": "Công ty TNHH Sao Mai", "area": "31",
                                                      "industry": "C", "address": "Số 8 Lạch Tray",
                                                      "phone": "+84 225 3838 123"})
    eid = js.get("id") if js else None
    check("an employer is registered with its street address and phone", st == 201 and eid, js)
    st, js, _, _ = staff.req("GET", f"/api/employers/{eid}")
    check("and read back (the phone as digits, +84 written 0)",
          st == 200 and js["name"] == "Công ty TNHH Sao Mai" and
          js.get("address") == "Số 8 Lạch Tray" and js.get("phone") == "02253838123", js)
    st, js, _, _ = staff.req("GET", "/api/vacancies?open=true&as_of=2026-03-01&size=5")
    check("open vacancies on a date", st == 200 and js["total"] > 0 and all(v["open"] for v in js["items"]), js)
    st, js, _, _ = staff.req("GET", "/api/vacancies?open=maybe")
    check("open=maybe is 400", err_is(st, js, 400, "bad_request"), js)
    st, js, _, _ = staff.req("POST", "/api/vacancies", {"employer": eid, "title": "Thợ hàn",
                                                      "occupation": "7212", "country": "JP",
                                                      "area": "31"})
    check("a vacancy abroad with an area is refused like the importer does",
          err_is(st, js, 400, "invalid") and "area" in js["fields"], js)
    st, js, _, _ = staff.req("GET", "/api/occupations?q=tho%20han&size=5")
    st2, js2, _, _ = staff.req("GET", "/api/occupations/7212")
    check("occupations for a form field, ranked as `vieclam lookup occupation` ranks them: "
          "'tho han' offers Thợ hàn (7212) first",
          st == 200 and st2 == 200 and js2["code"] == "7212" and js["items"] and
          js["items"][0]["code"] == "7212" and js["items"][0]["title"] == js2["title"] and
          js["total"] >= len(js["items"]), (js, js2))
    st, js, _, _ = staff.req("GET", "/api/areas?q=hai%20phong&as_of=2026-01-01")
    check("areas valid on a date, by folded name", st == 200 and any(a["code"] == "31" for a in js["items"]), js)
    st, js, _, _ = staff.req("GET", "/api/areas?q=hong%20ha&as_of=2026-01-01")
    check("areas are ranked as `vieclam lookup area` ranks them: 'hong ha' gives Phường Hồng Hà "
          "first (not Thành phố Hải Phòng, whose name merely contains the letters)",
          st == 200 and js["items"] and js["items"][0]["code"] == "00097" and
          js["items"][0]["parent_name"] == "Thành phố Hà Nội" and
          all(a["code"] != "31" for a in js["items"]), js)
    st, js, _, _ = staff.req("GET", "/api/areas?q=tan%20an&as_of=2026-01-01&size=50")
    check("an ambiguous name lists every candidate with its province",
          st == 200 and len(js["items"]) >= 10 and
          {"11167", "07682"} <= {a["code"] for a in js["items"]} and
          all(a["parent_name"] for a in js["items"]), js)
    st, js, _, _ = staff.req("GET", "/api/areas?q=cam%20thuong&as_of=2025-01-01")
    check("a pre-reform commune names its district",
          st == 200 and js["items"] and js["items"][0]["code"] == "10507" and
          js["items"][0]["parent_name"] == "Thành phố Hải Dương" and
          js["items"][0]["valid_to"] == "2025-06-30", js)
    st, js, _, _ = staff.req("GET", "/api/areas?q=hai%20phong")
    st2, js2, _, _ = staff.req("GET", "/api/areas?q=hai%20phong&as_of=" + time.strftime("%Y-%m-%d"))
    check("areas without as_of are those of the served date",
          st == 200 and st2 == 200 and js["items"] == js2["items"], (js, js2))

    # ---- fairs (a job), invitations with names escaped -----------------------------------------
    st, js, _, _ = staff.req("GET", "/api/fairs")
    check("fairs are listed", st == 200 and any(f["id"] == "HP-2026-03" for f in js["items"]), js)
    st, js, r, _ = staff.req("POST", "/api/fairs", {"name": "Phiên tháng 6", "date": "2026-06-15",
                                                 "area": "31", "capacity": 800})
    new_fair = js.get("id", "")
    st2, js2, _, _ = staff.req("GET", "/api/fairs")
    check("a fair is added at the desk, numbered, and listed with its place",
          st == 201 and re.match(r"F\d{8}-\d{4}$", new_fair) and
          [(f["name"], f["date"], f["area_name"]) for f in js2.get("items", [])
           if f["id"] == new_fair] == [("Phiên tháng 6", "2026-06-15", "Thành phố Hải Phòng")],
          (js, js2))
    got = [staff.req("POST", "/api/fairs", {"id": i, "name": "x"}) for i in ("a/b", "..", "a\\b")]
    check("a fair's id that its plans' paths could not carry is refused at the field id",
          all(err_is(g[0], g[1], 400, "bad_request") and g[1].get("field") == "id" for g in got),
          [g[1] for g in got])
    st, js, _, _ = staff.req("POST", f"/api/fairs/{new_fair}/plans", {})
    check("planning a fair just added, without vacancies yet, says so (409), not that it does "
          "not exist", err_is(st, js, 409, "conflict") and
          ("vacancies" in js["message"] or "vị trí tuyển dụng" in js["message"]), js)
    # a fair still to come is planned as of its own day: the vacancies still open then
    day = lambda d: time.strftime("%Y-%m-%d", time.localtime(time.time() + d * 86400))
    st, js, _, _ = staff.req("POST", "/api/fairs", {"name": "Phiên sắp tới", "date": day(40),
                                                 "area": "31"})
    soon = js.get("id", "")
    st2, js2, _, _ = staff.req("POST", "/api/vacancies",
                               dict(newvac, fair=soon, posted=day(-1), closes=day(70)))
    st3, js3, _, _ = staff.req("POST", f"/api/fairs/{soon}/plans", {})
    st3, job = wait_job(staff, js3["job"]) if st3 == 202 else (st3, js3)
    st4, js4, _, _ = staff.req("GET", f"/api/fairs/{soon}/plans")
    check("a fair still to come is planned as of its own day unless asked for another; the plans "
          "list each plan's date", st == 201 and st2 == 201 and job.get("status") == "done" and
          [x["as_of"] for x in js4.get("items", [])] == [day(40)], (js, js2, job, js4))
    st, js, _, _ = staff.req("POST", "/api/fairs", {"id": "HP-2026-03", "name": "x"})
    st2, js2, _, _ = staff.req("POST", "/api/fairs", {"name": "x", "capacity": -5, "seats": 1})
    st3, js3, _, _ = staff.req("POST", "/api/fairs", {"name": "x", "capacity": -5})
    st4, js4, _, _ = planner.req("POST", "/api/fairs", {"name": "x"})
    check("a fair's id in use is 409, an unknown member 400, a bad value 400 at its field (in"
          " Vietnamese), a planner 403",
          err_is(st, js, 409, "conflict") and err_is(st2, js2, 400, "bad_request") and
          err_is(st3, js3, 400, "invalid") and
          vi_letters.search(js3.get("fields", {}).get("capacity", "")) and
          err_is(st4, js4, 403, "forbidden"), (js, js2, js3, js4))
    fairs_csv = os.path.join(TMP, "fairs.csv")
    with open(fairs_csv, "w") as f:
        f.write("id,name,date,area,venue,capacity\n"
                "HP-2026-03,Phiên giao dịch việc làm tháng 3/2026,2026-03-20,31,"
                "Nhà văn hoá <số 5> & sân,1500\n")
    p = run("import", "fairs", fairs_csv)
    check("(the fair gets its name, day and venue)", p.returncode == 0, p.stderr)
    st, js, r, _ = staff.req("POST", "/api/fairs/HP-2026-03/plans", {"as_of": AS_OF})
    check("a fair plan starts as a job (202)", st == 202 and js.get("job"), js)
    st, job = wait_job(staff, js["job"])
    check("the plan finishes", st == 200 and job["status"] == "done" and job["run"], job)
    other = Client(srv)
    other.login("hoa")
    st, js, _, _ = other.req("GET", f"/api/jobs/{job['job']}")
    check("another user does not see the job", err_is(st, js, 404, "not_found"), js)
    run_id = job["run"]
    st, plan, _, _ = staff.req("GET", f"/api/fair-plans/{run_id}")
    check("the plan shows its figures beside greedy and the shortlists",
          st == 200 and plan["summary"] and plan["employers"], plan)
    emps = plan["employers"]
    check("the plan's employers come by id with their names and invitations",
          [e["id"] for e in emps] == sorted(e["id"] for e in emps) and
          all(e["name"] and isinstance(e["invitations"], int) for e in emps) and
          sum(e["invitations"] for e in emps) ==
          next(f["plan"] for f in plan["figures"] if f["figure"] == "invitations"), emps)
    st, js, _, _ = staff.req("GET", "/api/fairs/HP-2026-03/plans")
    check("GET /api/fairs/{id}/plans lists the fair's plans, newest first, with when each was made",
          st == 200 and js["items"] and js["items"][0]["run"] == run_id and
          js["items"][0]["plan"] == f"/api/fair-plans/{run_id}" and
          re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", js["items"][0]["made"] or ""), js)
    ended = sql(f"SELECT finished FROM runs WHERE id = {run_id}")
    check("a plan was made when its run ended, as the database recorded it (not when its files "
          "were last touched)", ended and js["items"][0]["made"] == ended[0][0], (ended, js))
    st, js, _, _ = staff.req("GET", "/api/fairs/NO-SUCH-FAIR/plans")
    check("an unknown fair has no plans", st == 200 and js["items"] == [], js)
    st, js, _, _ = planner.req("GET", "/api/fairs/HP-2026-03/plans")
    check("a planner may not list fair plans (403)", err_is(st, js, 403, "forbidden"), js)
    st, _, r, body = staff.req("GET", plan["employers"][0]["shortlist"])
    check("an employer's shortlist downloads as XLSX",
          st == 200 and body[:2] == b"PK" and "attachment" in (r.getheader("Content-Disposition") or ""))
    st, _, r, body = staff.req("GET", plan["invitations"])
    html = body.decode()
    invited = re.findall(r"\((S\d{7})\)", html)
    check("the invitations are one printable document", st == 200 and invited and "@page" in html)
    pages = html.count("<section>")
    check("each invitation says which fair, when, where and in which commune",
          pages >= len(invited) and
          html.count("Phiên giao dịch việc làm tháng 3/2026") == pages and
          html.count("20/03/2026") == pages and
          html.count("Nhà văn hoá &lt;số 5&gt; &amp; sân") == pages and
          html.count("Thành phố Hải Phòng") >= pages, html[:1500])
    victim = invited[0]
    st, rec, _, _ = staff.req("GET", f"/api/seekers/{victim}")
    rec = {k: v for k, v in rec.items() if k not in ("area_name", "occupation_titles")}
    st, js, _, _ = staff.req("PUT", f"/api/seekers/{victim}", dict(rec, name=xss))
    st, _, _, body = staff.req("GET", plan["invitations"])
    html = body.decode()
    check("a <script> name is escaped in the printable invitations",
          "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html)
    # at the booths: whom the plan invited to a vacancy, and a referral made at the fair
    booth, want = sql(f"SELECT vacancy_id, COUNT(*) FROM fair_invitations WHERE run_id = {run_id}"
                      " GROUP BY vacancy_id ORDER BY COUNT(*) DESC, vacancy_id LIMIT 1")[0]
    ranked = [r[0] for r in sql(f"SELECT seeker_id FROM fair_invitations WHERE run_id = {run_id}"
                                f" AND vacancy_id = '{booth}' ORDER BY rank_for_vacancy, seeker_id")]
    st, js, _, _ = staff.req("GET", f"/api/fair-plans/{run_id}/vacancies/{booth}")
    items = js.get("items", []) if st == 200 else []
    check("GET /api/fair-plans/{run}/vacancies/{id} lists whom the plan invited there, by rank,"
          " with names and any referral already made",
          st == 200 and js["run"] == run_id and js["vacancy"] == booth and len(items) == want and
          [x["seeker"] for x in items] == ranked and all(x["name"] for x in items) and
          all(set(x) == {"seeker", "name", "rank", "score", "referral", "channel", "outcome"}
              for x in items), js)
    free = next((x["seeker"] for x in items if not x["referral"]), None)
    st, made, _, _ = staff.req("POST", "/api/referrals",
                               {"seeker": free, "vacancy": booth, "channel": "fair"})
    st2, js2, _, _ = staff.req("GET", f"/api/fair-plans/{run_id}/vacancies/{booth}")
    row = next((x for x in js2.get("items", []) if x["seeker"] == free), {})
    check("a referral made at the booth shows on the invitee's row, at the fair and pending",
          st == 201 and row.get("referral") == made["id"] and row.get("channel") == "fair" and
          row.get("outcome") is None, (made, row))
    st, js, _, _ = admin.req("GET", f"/api/audit?action=shortlist&record={run_id}")
    rows = [a for a in js.get("items", []) if a["kind"] == "fair_plan"] if st == 200 else []
    check("the booth's list is audited with the vacancy and the people listed",
          len(rows) == 2 and all(a["detail"] == f"{booth}: " + ",".join(ranked) for a in rows),
          rows)
    # a person's data: the booth's list that named them (the first named too), the shortlist
    # file of an employer they were invited to; not a booth's list that did not name them
    emp0 = emps[0]["id"]
    not_at_booth = sql(f"SELECT i.seeker_id FROM fair_invitations i JOIN vacancies v"
                       f" ON v.id = i.vacancy_id WHERE i.run_id = {run_id} AND v.employer = '{emp0}' AND i.seeker_id NOT IN"
                f" (SELECT seeker_id FROM fair_invitations WHERE run_id = {run_id} AND"
                f" vacancy_id = '{booth}') ORDER BY i.seeker_id LIMIT 1")
    seen = {}
    for who in [ranked[0]] + ([not_at_booth[0][0]] if not_at_booth else []):
        st, js, _, _ = staff.req("GET", f"/api/seekers/{who}/data")
        seen[who] = [(a["action"], a["kind"], a["record"]) for a in js.get("access", [])]
    booth_row = ("shortlist", "fair_plan", str(run_id))
    check("a person's data lists the booth's list that named them (first or not) and the shortlist"
          " file of an employer they were invited to, not a booth's list that did not name them",
          not_at_booth and booth_row in seen[ranked[0]] and
          booth_row not in seen[not_at_booth[0][0]] and
          ("download", "fair_plan", f"{run_id}/{emp0}") in seen[not_at_booth[0][0]] and
          ("download", "fair_plan", str(run_id)) in seen[not_at_booth[0][0]], (not_at_booth, seen))
    st, js, _, _ = staff.req("GET", f"/api/fair-plans/{run_id}/vacancies/NO-SUCH-VACANCY")
    st2, js2, _, _ = staff.req("GET", "/api/fair-plans/999999/vacancies/" + booth)
    st3, js3, _, _ = planner.req("GET", f"/api/fair-plans/{run_id}/vacancies/{booth}")
    check("a vacancy the plan did not invite to lists no one; an unknown plan is 404; a planner"
          " 403", st == 200 and js["items"] == [] and err_is(st2, js2, 404, "not_found") and
          err_is(st3, js3, 403, "forbidden"), (js, js2, js3))
    st, js, _, _ = staff.req("POST", "/api/fairs/NO-SUCH-FAIR/plans", {})
    check("planning an unknown fair is 404", err_is(st, js, 404, "not_found"), js)
    st, js, _, _ = staff.req("POST", "/api/fairs/HP-2026-03/plans", {"method": "magic"})
    check("an unknown method is 400", err_is(st, js, 400, "bad_request") and js["field"] == "method", js)
    st, js, _, _ = staff.req("GET", "/api/fair-plans/999999")
    check("an unknown plan is 404", err_is(st, js, 404, "not_found"), js)
    st, js, _, _ = staff.req("GET", f"/api/fair-plans/{run_id}/shortlists/..%2F..%2Fdesk.db.xlsx")
    check("a shortlist path cannot climb out", st in (400, 404), (st, js))

    # ---- the planner's quarter -----------------------------------------------------------------
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 13})
    check("a horizon over 12 is 400", err_is(st, js, 400, "bad_request") and js["field"] == "horizon", js)
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 4, "by": ["area", "area"]})
    check("a key twice in by is 400", err_is(st, js, 400, "bad_request") and js["field"] == "by", js)
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 4})
    check("a forecast starts as a job", st == 202, js)
    st, job = wait_job(planner, js["job"])
    check("the forecast finishes", st == 200 and job["status"] == "done", job)
    st, js, _, _ = planner.req("GET", "/api/forecast-runs")
    check("the planner lists the runs", st == 200 and js["total"] >= 2, js)
    check("without a stored history the forecast counts it from the register (--derive)",
          st == 200 and any("--derive" in (x.get("command") or "") for x in js["items"]), js)
    # the stored quarterly history (as `vieclam demo` imports it) is what the job forecasts then
    for f in ("history.csv", "labour-balance-history.csv"):
        p = run("import", "history", f"{ROOT}/fixtures/sample/{f}")
        check(f"import history {f}", p.returncode == 0, p.stderr)
    # the planner's judgement recorded at the command line applies to the desk's runs too
    p = run("adjust", "add", "--keys", "area=288", "--period", "2026Q1", "--value", "500",
            "--reason", "Khu công nghiệp mới (kiểm thử)", "--by", "minh")
    check("vieclam adjust add records a planner's adjustment", p.returncode == 0, p.stderr)
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 4})
    st, job = wait_job(planner, js["job"])
    check("the forecast of the stored history finishes", st == 200 and job["status"] == "done", job)
    summaries = sql(f"SELECT id, summary FROM runs WHERE id IN ({job['run']}, {job['result']['balance_run']})"
                    " ORDER BY id")
    check("the desk's forecast and balance runs keep what they chose, as the command line's do",
          len(summaries) == 2 and '"method":' in (summaries[0][1] or "") and
          '"kind": "balance"' in (summaries[1][1] or ""), summaries)
    st, js, _, _ = planner.req("GET", "/api/forecast-runs")
    newest = {x["run"]: x for x in js["items"]} if st == 200 else {}
    fc_cmd = (newest.get(job.get("run")) or {}).get("command") or ""
    check("it forecasts the stored history by area and industry, not a derived one",
          "--by area,industry" in fc_cmd and "--derive" not in fc_cmd, (fc_cmd, js))
    first_report, first_balance = job["result"]["report"], job["result"]["balance_run"]
    st, _, r, body = planner.req("GET", job["result"]["report"])
    check("the report opens as HTML", st == 200 and b"<svg" in body and
          "text/html" in r.getheader("Content-Type"))
    check("the report's models saw the whole stored history (no 'too short' series)",
          b"too short" not in body and "quá ngắn".encode() not in body)
    csp = r.getheader("Content-Security-Policy") or ""
    check("the report's policy lets its inline styles in and nothing else (coloured charts)",
          "style-src 'unsafe-inline'" in csp and "script-src" not in csp and
          "default-src 'none'" in csp, csp)
    check("the report holds no personal data", xss.encode() not in body and b"0912345678" not in body)
    check("the report shows the planner's adjustment the desk's run applied, with its reason",
          "Khu công nghiệp mới (kiểm thử)".encode() in body)

    # ---- the centre's activity report of a period (the year's, each December) ------------------
    st, js, _, _ = planner.req("POST", "/api/activity-reports", {"period": "2026-13"})
    st2, js2, _, _ = staff.req("POST", "/api/activity-reports", {"period": "2026"})
    check("an activity report's period is a year, half, quarter or month (400 naming period); "
          "staff may not make one (403)", err_is(st, js, 400, "bad_request") and
          js["field"] == "period" and err_is(st2, js2, 403, "forbidden"), (js, js2))
    st, js, _, _ = planner.req("POST", "/api/activity-reports", {"period": "2026Q1"})
    st2, job = wait_job(planner, js["job"]) if st == 202 else (st, js)
    res = job.get("result") or {}
    check("the activity report is a job: the page and the workbook under the run's number",
          job["kind"] == "activity_report" and job["status"] == "done" and
          res.get("period") == "2026Q1" and
          res.get("report") == f"/api/activity-reports/{job['run']}.html" and
          res.get("workbook") == f"/api/activity-reports/{job['run']}.xlsx", job)
    st, _, r, body = planner.req("GET", res["report"])
    st2, _, r2, body2 = planner.req("GET", res["workbook"])
    st3, js3, _, _ = staff.req("GET", res["report"])
    st4, js4, _, _ = planner.req("GET", "/api/activity-reports/999999.html")
    page = body.decode("utf-8", "replace")
    check("it opens as a printable page in Vietnamese (and as a workbook), for planners only",
          st == 200 and "text/html" in r.getheader("Content-Type") and
          "Báo cáo kết quả hoạt động dịch vụ việc làm" in page and "Quý 1/2026" in page and
          "style-src 'unsafe-inline'" in (r.getheader("Content-Security-Policy") or "") and
          st2 == 200 and body2[:2] == b"PK" and err_is(st3, js3, 403, "forbidden") and
          err_is(st4, js4, 404, "not_found"), (st, page[:300], st2, js3, js4))
    some = sql("SELECT name FROM seekers ORDER BY id LIMIT 20")
    check("the activity report counts people and names none",
          not any(n and n[0] in page for n in some) and xss not in page and "0912345678" not in page)
    st, js, _, _ = admin.req("GET", "/api/audit?action=report&user=minh")
    check("opening it is audited", st == 200 and any(x["kind"] == "activity" for x in js["items"]), js)

    # ---- the planner's judgement at the desk --------------------------------------------------
    st, hk, _, _ = planner.req("GET", "/api/history-keys")
    areas = next((k["values"] for k in hk.get("keys", []) if k["name"] == "area"), [])
    check("the history's keys and values, with names, and the next 12 quarters to judge",
          st == 200 and areas and areas[0]["code"] == "288" and areas[0]["label"] and
          len(hk["quarters"]) == 12 and hk["quarters"][0] == "2026Q1" and hk["last"] == "2025Q4",
          {k: (v if k != "keys" else [(x["name"], len(x["values"])) for x in v])
           for k, v in hk.items()})
    names = [k["name"] for k in hk.get("keys", [])]
    check("the keys come by name and each key's values by code, each once",
          len(names) >= 2 and names == sorted(set(names)) and
          all([v["code"] for v in k["values"]] == sorted({v["code"] for v in k["values"]})
              for k in hk["keys"]), names)
    st, jh, r, _ = planner.req("POST", "/api/judgements", {
        "kind": "hold", "keys": {"area": "290", "industry": "C"}, "from": "2025Q2", "to": "2025Q3",
        "value": 80, "reason": "Nhà máy đóng cửa"})
    st2, jsn, _, _ = planner.req("POST", "/api/judgements", {
        "kind": "scenario", "keys": {"area": "288"}, "from": "2025Q3", "value": 40,
        "name": "KCN Nam Cầu Kiền giai đoạn 2", "reason": "Quyết định của UBND tỉnh"})
    check("an adjustment and a scenario are recorded by the signed-in planner (201, Location)",
          st == 201 and jh["kind"] == "hold" and jh["created_by"] == "minh" and
          jh["keys"] == {"area": "290", "industry": "C"} and jh["labels"]["area"] and
          r.getheader("Location") == f"/api/judgements/adjustment/{jh['id']}" and
          st2 == 201 and jsn["kind"] == "scenario" and jsn["to"] is None, (jh, jsn))
    p = run("scenario", "list", "--format", "csv")
    check("the command line lists the desk's scenario", "KCN Nam Cầu Kiền giai đoạn 2" in p.stdout,
          p.stdout)
    bad = [({"kind": "hold", "keys": {"area": "288"}, "from": "2025Q3", "to": "2025Q2",
             "value": 1, "reason": "x"}, "to"),
           ({"kind": "percent", "keys": {}, "from": "2025Q1", "to": "2025Q1", "value": -150,
             "reason": "x"}, "value"),
           ({"kind": "scenario", "keys": {}, "from": "2025Q1", "value": 10, "reason": "x"}, "name"),
           ({"kind": "hold", "keys": {}, "from": "2025-01", "to": "2025Q1", "value": 1,
             "reason": "x"}, "from"),
           ({"kind": "hold", "keys": {}, "from": "2025Q1", "to": "2025Q1", "value": 1,
             "reason": ""}, "reason")]
    got = [(lambda r: (r[0], r[1].get("error"), list((r[1].get("fields") or {}).keys())))(
        planner.req("POST", "/api/judgements", b)) for b, _ in bad]
    st3, js3, _, _ = planner.req("POST", "/api/judgements", {"kind": "hold", "keys": {"area": "2'8"},
                                                              "from": "2025Q1", "to": "2025Q1",
                                                              "value": 1, "reason": "x"})
    st4, js4, _, _ = staff.req("GET", "/api/judgements")
    check("a bad quarter, value, name or reason is 400 at its field; a key value with a quote is "
          "400; staff see no judgements (403)",
          got == [(400, "invalid", [f]) for _, f in bad] and err_is(st3, js3, 400, "bad_request") and
          js3["field"] == "keys" and err_is(st4, js4, 403, "forbidden"), (got, js3, js4))
    st, js, _, _ = planner.req("POST", f"/api/judgements/adjustment/{jh['id']}/withdraw", {})
    st2, js2, _, _ = planner.req("POST", f"/api/judgements/adjustment/{jh['id']}/withdraw", {})
    st3, lst, _, _ = planner.req("GET", "/api/judgements")
    st4, lall, _, _ = planner.req("GET", "/api/judgements?all=true")
    check("withdrawing keeps the row (listed with all=true), a second withdrawal is 404",
          st == 200 and js["withdrawn_by"] == "minh" and err_is(st2, js2, 404, "not_found") and
          jh["id"] not in [x["id"] for x in lst["items"] if x["kind"] == "hold"] and
          jh["id"] in [x["id"] for x in lall["items"] if x["kind"] == "hold"], (js, js2))
    st, gone, _, _ = planner.req("POST", "/api/judgements", {
        "kind": "scenario", "keys": {"area": "999"}, "from": "2025Q3", "value": 5,
        "name": "Mã cũ", "reason": "một địa bàn đã sáp nhập"})
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 4})
    st, job = wait_job(planner, js["job"])
    st, _, r, body = planner.req("GET", job["result"]["report"])
    check("the next forecast from the desk applies the scenario recorded at the desk: the report "
          "lists it", st == 200 and "KCN Nam Cầu Kiền giai đoạn 2".encode() in body)
    check("a scenario of an area the history lacks does not stop the run: the job names it",
          job["result"].get("not_applied") == [{"kind": "scenario", "id": gone["id"],
                                                "forecast": "forecast", "reason": "no_series"}] and
          "Mã cũ".encode() not in body, job["result"])
    planner.req("POST", f"/api/judgements/scenario/{gone['id']}/withdraw", {})
    later_balance = job["result"]["balance_run"]
    st, _, _, body = planner.req("GET", first_report)
    runs_named = set(int(x) for x in re.findall(r"(?:Lượt chạy|Run) (\d+) \(", body.decode()))
    check("an earlier run's report stays as it was: its own forecast and balance, not the "
          "balance or the scenario of the runs made since",
          st == 200 and later_balance > first_balance and first_balance in runs_named and
          later_balance not in runs_named and
          "KCN Nam Cầu Kiền giai đoạn 2".encode() not in body, (runs_named, first_balance,
                                                                later_balance))
    st, js, _, _ = admin.req("GET", "/api/audit?user=minh&action=scenario")
    st2, js2, _, _ = admin.req("GET", "/api/audit?user=minh&action=withdraw")
    check("recording and withdrawing are audited (the two scenarios, the two withdrawals)",
          js["total"] == 2 and js2["total"] == 2, (js, js2))
    # a quarter missing inside a series of the stored history: the run says so, naming it
    check("a run of a history without gaps warns of nothing", job["result"].get("warnings") == [],
          job["result"])
    gap = os.path.join(TMP, "gap-history.csv")
    with open(gap, "w", encoding="utf-8") as f:
        f.write("series,period,value,area,industry\n")
        for y in range(2016, 2026):
            for q in range(1, 5):
                if (y, q) != (2024, 3):
                    f.write(f"vac-301-A,{y}Q{q},{10 + q},301,A\n")
    p = run("import", "history", gap)
    st, js, _, _ = planner.req("POST", "/api/forecast-runs", {"horizon": 4})
    st, job = wait_job(planner, js["job"])
    warned = (job.get("result") or {}).get("warnings") or []
    check("a quarter missing inside a series is named in the job's warnings, the run done",
          p.returncode == 0 and job["status"] == "done" and len(warned) == 1 and
          "area=301,industry=A" in warned[0] and "2024Q3" in warned[0], (p.stderr, job))

    # ---- the year's targets ---------------------------------------------------------------------
    st, js, _, _ = planner.req("PUT", "/api/targets/2026", {"registered": 5000, "placed": 2000})
    st2, js2, _, _ = planner.req("GET", "/api/targets/2026")
    check("the year's targets are saved and read back; measures without one are null",
          st == 200 and js["targets"]["registered"] == 5000 and js["targets"]["placed"] == 2000 and
          js["targets"]["fairs"] is None and js2 == js, (js, js2))
    st, js, _, _ = planner.req("PUT", "/api/targets/2026", {"placed": None})
    check("null removes a target, the others stay",
          st == 200 and js["targets"]["placed"] is None and js["targets"]["registered"] == 5000, js)
    bad = [(planner.req("PUT", "/api/targets/2026", {"placed": -1})[1], "invalid", "placed"),
           (planner.req("PUT", "/api/targets/2026", {"placed": 1.5})[1], "invalid", "placed"),
           (planner.req("PUT", "/api/targets/2026", {"hires": 3})[1], "bad_request", "hires"),
           (planner.req("PUT", "/api/targets/26x", {"placed": 3})[1], "bad_request", "year")]
    st, js, _, _ = staff.req("GET", "/api/targets/2026")
    check("a target is a whole number from 0 of a known measure, in a real year (400 naming it); "
          "staff have no targets page (403)",
          all(b.get("error") == e and (b.get("field") == f or f in (b.get("fields") or {}))
              for b, e, f in bad) and err_is(st, js, 403, "forbidden"), [b for b, _, _ in bad])
    p = run("target", "show", "2026")
    st, js, _, _ = admin.req("GET", "/api/audit?action=target")
    check("the CLI sees the desk's targets, and setting them is audited",
          p.returncode == 0 and "5000" in p.stdout.replace(".", "").replace(",", "") and
          st == 200 and js["total"] == 2 and js["items"][0]["record"] == "2026", (p.stdout, js))

    # ---- administrators: users and the audit --------------------------------------------------
    st, js, _, _ = admin.req("GET", "/api/users")
    check("an admin lists users without hashes", st == 200 and len(js["items"]) == 5 and
          "argon" not in json.dumps(js), js)
    st, js, _, _ = admin.req("POST", "/api/users", {"name": "thu", "role": "staff", "password": "short"})
    check("a short password is 400", err_is(st, js, 400, "bad_request") and js["field"] == "password", js)
    st, js, _, _ = admin.req("POST", "/api/users", {"name": "thu", "role": "staff",
                                                  "password": "another-pass-1"})
    check("an admin adds a user", st == 201, js)
    st, js, _, _ = admin.req("POST", "/api/users", {"name": "thu", "role": "staff",
                                                  "password": "another-pass-1"})
    check("the same name again is 409", err_is(st, js, 409, "conflict"), js)
    tuan = Client(srv)
    check("tuan logs in", tuan.login("tuan")[0] == 200)
    st, js, _, _ = admin.req("PUT", "/api/users/tuan", {"disabled": True})
    check("an admin disables a user", st == 200 and js["disabled"] is True, js)
    st, js, _, _ = tuan.req("GET", "/api/seekers?q=a")
    check("a disabled user's session ends at once", err_is(st, js, 401, "unauthenticated"), js)
    check("a disabled user cannot log in", tuan.login("tuan")[0] == 401)
    p1, p2 = run("user", "province", "tuan", "31"), run("user", "province", "hoa", "9999")
    st, js, _, _ = admin.req("GET", "/api/users")
    by = {u["name"]: u for u in js.get("items", [])} if st == 200 else {}
    got = [(by.get(n, {}).get("province"), by.get(n, {}).get("province_name"))
           for n in ("tuan", "hoa", "lan")]
    check("the users list names each account's province as it is today (a code no area has"
          " stays a code; every province has none)",
          (p1.returncode, p2.returncode, got) ==
          (0, 0, [("31", "Thành phố Hải Phòng"), ("9999", None), ("", None)]), (p2.stderr, got))
    st, js, _, _ = admin.req("PUT", "/api/users/an", {"disabled": True})
    check("an admin cannot disable themself", err_is(st, js, 409, "conflict"), js)

    # ---- erasure (Decree 13/2023/ND-CP): on request, and by the retention rule ------------------
    old_csv = os.path.join(TMP, "old.csv")
    with open(old_csv, "w") as f:
        f.write("id,name,birth_year,gender,area,education,occupations,skills,experience_years,"
                "languages,wage_min,max_commute_km,abroad,priority,registered,status,phone\n"
                "SOLD1,Hà Thị Cũ,1970,female,11443,primary,9333,,0,,,,,,2018-03-01,active,"
                "0911000001\n"
                "SOLD2,Lý Văn Xưa,1972,male,11443,primary,9333,,0,,,,,,2019-05-02,active,"
                "0911000002\n")
    p = run("import", "seekers", old_csv)
    st, js, _, _ = admin.req("GET", "/api/retention")
    st2, js2, _, _ = staff.req("GET", "/api/retention")
    check("the retention list names the seekers without activity for 5 years, by id and date only",
          p.returncode == 0 and st == 200 and js["years"] == 5 and
          [(x["seeker"], x["last_active"]) for x in js["items"]] ==
          [("SOLD1", "2018-03-01"), ("SOLD2", "2019-05-02")] and js["total"] == 2 and
          "Hà Thị Cũ" not in json.dumps(js, ensure_ascii=False) and
          err_is(st2, js2, 403, "forbidden"), (p.stderr, js, js2))
    st, js, _, _ = admin.req("POST", "/api/erasures", {"seekers": ["SOLD1", "S9999999"],
                                                        "reason": "theo đơn yêu cầu"})
    check("an erasure naming an unknown seeker is 404 naming it, and erases nobody",
          err_is(st, js, 404, "not_found") and "S9999999" in js["message"] and
          sql("SELECT name FROM seekers WHERE id = 'SOLD1'")[0][0] == "Hà Thị Cũ", js)
    bad = [({"seekers": [], "reason": "x"}, "seekers"), ({"seekers": ["SOLD1"]}, "reason"),
           ({"seekers": ["SOLD1"], "reason": ""}, "reason"), ({"seekers": "SOLD1", "reason": "x"},
                                                              "seekers")]
    got = [admin.req("POST", "/api/erasures", b)[1].get("field") for b, _ in bad]
    st, js, _, _ = staff.req("POST", "/api/erasures", {"seekers": ["SOLD1"], "reason": "x"})
    check("an erasure needs ids and a reason (400 naming the field); staff may not erase (403)",
          got == [f for _, f in bad] and err_is(st, js, 403, "forbidden"), got)
    # files the desk keeps that name her: a kept plan's slip, an import's rejected row
    slip = os.path.join(STATE_DIR, f"fair-{run_id}", "slips", "SOLD1.txt")
    with open(slip, "w") as f:
        f.write("Người lao động / Seeker: Hà Thị Cũ (SOLD1)\n")
    rej_csv = old_csv + ".rej"
    with open(old_csv) as f, open(rej_csv, "w") as g:
        g.write(f.read().splitlines()[0] + "\n" +
                "SOLD1,Hà Thị Cũ,19x0,female,11443,primary,9333,,0,,,,,,2018-03-01,active,\n")
    with open(rej_csv, "rb") as f:
        st, js, _, _ = staff.req("POST", "/api/imports/seekers?name=cu.csv&skip=true", raw=f.read(),
                                 headers={"Content-Type": "text/csv"})
    st, jr = wait_job(staff, js["job"]) if st == 202 else (st, js)
    rej_url = ((jr or {}).get("result") or {}).get("rejects")
    check("(a seekers' import sets her bad row aside, to be downloaded)",
          rej_url and staff.req("GET", rej_url)[0] == 200, jr)
    st, js, _, _ = admin.req("POST", "/api/erasures", {"seekers": ["SOLD1", "SOLD2"],
                                                        "reason": "hết thời hạn lưu trữ"})
    row = sql("SELECT name, phone, status FROM seekers WHERE id = 'SOLD1'")[0]
    check("the retention's seekers are erased in one go: names and phones gone, the rows kept",
          st == 200 and js["erased"] == 2 and row[0] in (None, "") and row[1] in (None, "") and
          row[2] == "withdrawn", (js, row))
    st2, jr2 = wait_job(staff, jr["job"])
    st3, js3, _, _ = staff.req("GET", rej_url)
    check("the erasure removes the files the desk keeps that name them: their slips in the kept "
          "fair plans, the rejected rows of finished imports of seekers",
          js["slips_removed"] == 1 and js["rejects_removed"] >= 1 and js["files_cleared"] and
          not os.path.exists(slip) and os.listdir(os.path.dirname(slip)) and
          "rejects" not in (jr2.get("result") or {}) and err_is(st3, js3, 404, "not_found"),
          (js, jr2, js3))
    st, js, _, _ = admin.req("GET", "/api/audit?action=erase&user=an")
    st2, js2, _, _ = admin.req("GET", "/api/retention")
    check("each erasure is in the access audit with its reason; the retention list is empty after",
          st == 200 and {x["record"] for x in js["items"]} >= {"SOLD1", "SOLD2"} and
          any("hết thời hạn" in (x["detail"] or "") for x in js["items"]) and js2["total"] == 0,
          (js, js2))
    before = sql("SELECT COUNT(*) FROM access_audit")[0][0]
    got = [admin.req("GET", "/api/retention")[0], staff.req("GET", "/api/seekers?q=zzzkhongai")[0],
           staff.req("GET", "/api/referrals?from=2099-01-01")[0]]
    after = sql("SELECT COUNT(*) FROM access_audit")[0][0]
    st, js, _, _ = staff.req("GET", "/api/referrals?seeker=SOLD1")
    one = sql("SELECT action, kind, record, detail FROM access_audit ORDER BY id DESC LIMIT 1")
    check("a listing that showed nobody adds no audit row (retention, a search, a list of "
          "referrals); one seeker's empty referrals are still a look at that person",
          got == [200, 200, 200] and after == before and st == 200 and js["total"] == 0 and
          one and tuple(one[0])[:3] == ("search", "referral", "SOLD1") and not one[0][3], (got, before, after, one))

    # ---- one's own password (the Account page), and an administrator's reset ------------------
    st, js, _, _ = admin.req("POST", "/api/users", {"name": "mai", "role": "staff",
                                                  "password": "mai-initial-1"})
    m1, m2 = Client(srv), Client(srv)
    check("mai logs in from two browsers", st == 201 and m1.login("mai", "mai-initial-1")[0] == 200
          and m2.login("mai", "mai-initial-1")[0] == 200, js)
    st, js, _, _ = m1.req("PUT", "/api/me", {"password": "mai-initial-1", "new_password": "short"})
    check("a short new password is 400 on new_password",
          err_is(st, js, 400, "bad_request") and js.get("field") == "new_password", js)
    st, js, _, _ = m1.req("PUT", "/api/me", {"password": "mai-initial-1",
                                              "new_password": "mai-initial-1"})
    check("the old password again is 400 on new_password, in Vietnamese",
          err_is(st, js, 400, "bad_request") and js.get("field") == "new_password" and
          js.get("message") == "Mật khẩu mới phải khác mật khẩu hiện tại.", js)
    times = []
    for i in range(4):
        t0 = time.monotonic()
        st, js, _, _ = m1.req("PUT", "/api/me", {"password": "not-my-password",
                                                  "new_password": "mai-new-pass-2"})
        times.append(time.monotonic() - t0)
    check("a wrong old password is 400 on password, and counts as a failed login (the fourth"
          " is slowed)", err_is(st, js, 400, "bad_request") and js.get("field") == "password" and
          times[3] >= 0.24, (js, [f"{x:.2f}" for x in times]))
    st, js, _, _ = m1.req("PUT", "/api/me", {"password": "mai-initial-1",
                                              "new_password": "mai-new-pass-2"})
    st1, _, _, _ = m1.req("GET", "/api/session")
    st2, js2, _, _ = m2.req("GET", "/api/session")
    check("changing one's password keeps this session and ends the other",
          st == 200 and js.get("user") == "mai" and st1 == 200 and
          err_is(st2, js2, 401, "unauthenticated"), (js, st1, js2))
    check("the old password no longer logs in, the new one does",
          Client(srv).login("mai", "mai-initial-1")[0] == 401 and
          Client(srv).login("mai", "mai-new-pass-2")[0] == 200)
    st, js, _, _ = admin.req("GET", "/api/audit?user=mai&action=password")
    check("the change is in the audit", st == 200 and [(a["kind"], a["record"])
          for a in js.get("items", [])] == [("user", "mai")], js)
    srv_b = Server()  # another server of the same database
    mb = Client(srv_b)
    mb.login("mai", "mai-new-pass-2")
    st, js, _, _ = admin.req("PUT", "/api/users/mai", {"password": "mai-reset-pass-3"})
    st1, _, _, _ = m1.req("GET", "/api/session")
    check("an admin's reset ends the user's sessions; the reset password logs in",
          st == 200 and st1 == 401 and Client(srv).login("mai", "mai-reset-pass-3")[0] == 200,
          (js, st1))
    st, js, _, _ = mb.req("GET", "/api/session")
    check("an admin's reset ends the user's sessions on another server of the database too",
          err_is(st, js, 401, "unauthenticated"), js)
    srv_b.stop()
    st, js, _, _ = admin.req("PUT", "/api/users/mai", {"disabled": True})
    st2, js2, _, _ = admin.req("PUT", "/api/users/mai", {"disabled": False})
    check("an admin disables and enables a user again, who then logs in",
          st == 200 and st2 == 200 and js2["disabled"] is False and
          Client(srv).login("mai", "mai-reset-pass-3")[0] == 200, js2)
    m2 = Client(srv)
    m2.login("mai", "mai-reset-pass-3")
    p1, p2 = run("user", "disable", "mai"), run("user", "enable", "mai")
    st, js, _, _ = m2.req("GET", "/api/session")
    check("a user disabled and enabled again by `vieclam user` between two requests keeps no "
          "session: the next request is 401, and the user logs in again",
          p1.returncode == 0 and p2.returncode == 0 and err_is(st, js, 401, "unauthenticated") and
          m2.login("mai", "mai-reset-pass-3")[0] == 200, (p1.stderr, p2.stderr, js))
    p = run("user", "disable", "hoa")
    st, js, _, _ = other.req("GET", "/api/seekers?q=a")
    check("`vieclam user disable` ends the user's sessions in the running server",
          p.returncode == 0 and err_is(st, js, 401, "unauthenticated"), (p.stderr, js))
    st, js, _, _ = admin.req("GET", f"/api/audit?record={sid}&size=100")
    actions = {(e["user"], e["action"]) for e in js["items"]} if st == 200 else set()
    check("the audit shows who created, viewed and changed the seeker",
          {("lan", "create"), ("lan", "view"), ("lan", "update")} <= actions, js)
    st, js, _, _ = admin.req("GET", "/api/audit?action=search&size=5")
    check("searches are audited with the ids they listed",
          st == 200 and js["total"] > 0 and js["items"][0]["user"] == "lan", js)
    st, js, _, _ = admin.req("GET", "/api/audit?action=shortlist&size=5")
    check("shortlists are audited", st == 200 and js["total"] > 0, js)
    try:
        sql("DELETE FROM access_audit")
        deleted = True
    except DatabaseError:
        deleted = False
    try:
        sql("UPDATE access_audit SET by_user = 'x'")
        updated = True
    except DatabaseError:
        updated = False
    check("the access audit is append-only (UPDATE and DELETE refused)", not deleted and not updated)

    # ---- static files ----------------------------------------------------------------------------
    st, _, r, body = anon.req("GET", "/")
    check("/ serves web/index.html", st == 200 and b"<title>desk</title>" in body and
          "text/html" in r.getheader("Content-Type"))
    st, _, r, body = anon.req("GET", "/favicon.ico")
    check("/favicon.ico is the desk's icon (web/img/favicon.svg), not a 404",
          st == 200 and body.startswith(b"<svg") and r.getheader("Content-Type") == "image/svg+xml",
          (st, body[:40]))
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/.hidden", "/nothing.html"):
        st, _, _, body = anon.req("GET", path)
        check(f"GET {path} is 404 without echoing the path", st == 404 and b"secret" not in body and
              path.encode() not in body, (st, body[:80]))

    # ---- an audit row that cannot be written: no access without it, and the log says why --------
    if PG:
        sql("CREATE FUNCTION vl_test_boom() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'simulated failure'; END $$")
        sql("CREATE TRIGGER vl_test_boom BEFORE INSERT ON access_audit "
            "FOR EACH ROW EXECUTE FUNCTION vl_test_boom()")
    else:
        sql("CREATE TRIGGER vl_test_boom BEFORE INSERT ON access_audit "
            "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")
    try:
        st, js, _, body = staff.req("GET", "/api/seekers/S0000041")
    finally:
        sql("DROP TRIGGER vl_test_boom" + (" ON access_audit" if PG else ""))
        if PG:
            sql("DROP FUNCTION vl_test_boom()")
    st2, js2, _, _ = staff.req("GET", "/api/seekers/S0000041")
    check("a read whose audit row cannot be written is refused (500, not 'busy, try again'),"
          " showing nothing of the record; once the audit works again it is answered",
          err_is(st, js, 500, "internal") and b"S0000041" not in body and st2 == 200, (js, st2))

    # ---- logout ----------------------------------------------------------------------------------
    st, _, _, _ = planner.req("POST", "/api/logout", {})
    st2, js, _, _ = planner.req("GET", "/api/session")
    check("logout ends the session (204, then 401)", st == 204 and err_is(st2, js, 401, "unauthenticated"))

    rc, log = srv.stop()
    check("the server stops on SIGTERM with exit 0, saying so in the language of messages",
          rc == 0 and ("stopped" in log or "đã dừng" in log), (rc, log[-500:]))
    check("an internal error's reason is in the server's log line (never in the answer)",
          re.search(r"GET /api/seekers/\{\} 500 [0-9.]+ ms: .*simulated failure", log) is not None,
          [l for l in log.splitlines() if " 500 " in l][:3])
    check("its clean stop removes the import directories it kept (the rejects never downloaded)",
          not [f for f in os.listdir(STATE_DIR) if f.startswith("import-")], os.listdir(STATE_DIR))
    names = [r[0] for r in sql("SELECT name FROM seekers ORDER BY id LIMIT 200")]
    leaked = [x for x in names + [xss, "0912345678", "030199001234", PASSWORD] if x and x in log]
    check("the server's log holds no personal data and no password", not leaked, leaked[:3])

    # ---- a second server: expiry, slowing and lockout, a request in flight at SIGTERM -----------
    # starting, it removes the import directories of servers that are gone (a crash), never those
    # of a process still running on the same state directory (this test's own pid stands for one)
    dead = os.path.join(STATE_DIR, "import-999999999-zzzzzz")
    live = os.path.join(STATE_DIR, f"import-{os.getpid()}-yyyyyy")
    for d_ in (dead, live):
        os.makedirs(d_, exist_ok=True)
        with open(os.path.join(d_, "ds.csv"), "w") as f:
            f.write("x\n")
    srv2 = Server("--session-idle", "1")
    check("a starting server removes a dead server's import directory, not a live one's",
          not os.path.exists(dead) and os.path.exists(os.path.join(live, "ds.csv")),
          os.listdir(STATE_DIR))
    os.remove(os.path.join(live, "ds.csv"))
    os.rmdir(live)
    c = Client(srv2)
    c.login("lan")
    time.sleep(2.2)
    st, js, _, _ = c.req("GET", "/api/session")
    check("an expired session is refused (401)", err_is(st, js, 401, "unauthenticated"), js)
    times = []
    for i in range(10):
        t = time.monotonic()
        st, js, _ = Client(srv2).login("minh", "wrong-password-x")
        times.append(time.monotonic() - t)
    check("failed logins are slowed from the fourth on",
          times[3] >= 0.24 and times[6] >= 1.9 and times[0] < times[6], [f"{x:.2f}" for x in times])
    st, js, r = Client(srv2).login("minh", PASSWORD)
    check("after ten failures the account is locked (429 with Retry-After), even with the right password",
          err_is(st, js, 429, "locked") and int(r.getheader("Retry-After") or 0) > 60, js)
    rc, log = srv2.stop()
    check("the second server stops cleanly", rc == 0, (rc, log[-300:]))
    # guesses at one account sent at once take turns at the gate: the lock after ten holds
    srv3 = Server()
    import concurrent.futures

    def guess(_):
        return Client(srv3).login("minh", "wrong-password-y")[0]
    with concurrent.futures.ThreadPoolExecutor(14) as ex:
        got = list(ex.map(guess, range(14)))
    check("fourteen guesses sent at once: at most ten are checked, the others are locked out (429)",
          got.count(401) <= 10 and got.count(429) >= 4 and set(got) <= {401, 429}, got)
    rc, log = srv3.stop()
    check("the third server stops cleanly", rc == 0, (rc, log[-300:]))

    # ---- --db-connections: requests share the connections, waiting their turn ------------------
    p = subprocess.run([V, "--db", DB, "serve", "--db-connections", "0", *STATE],
                       capture_output=True, text=True, timeout=60)
    check("serve --db-connections 0 is a usage error (exit 2)",
          p.returncode == 2 and "--db-connections" in p.stderr, p.stderr)
    srv1 = Server("--db-connections", "1")
    one = Client(srv1)
    one.login("lan")
    answers = []

    def one_search(q):
        c = Client(srv1)
        c.cookie, c.csrf = one.cookie, one.csrf
        answers.append(c.req("GET", f"/api/seekers?q={q}&size=5")[0])

    crowd = [threading.Thread(target=one_search, args=(q,)) for q in
             ("nguyen", "tran", "le", "pham", "hoang", "vu", "dang", "bui")]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join()
    check("with one database connection, 8 searches at once all succeed (they take turns)",
          answers == [200] * 8, answers)
    rc, log = srv1.stop()
    check("the one-connection server stops cleanly", rc == 0, (rc, log[-300:]))

    srv3 = Server()
    for i in range(5):
        Client(srv3).login("an", "wrong-password-y")
    inflight = {}

    def slow_login():
        inflight["r"] = Client(srv3).login("an", "wrong-password-y")

    th = threading.Thread(target=slow_login)
    th.start()
    time.sleep(0.3)
    srv3.proc.send_signal(signal.SIGTERM)
    th.join(timeout=30)
    check("a request in flight at SIGTERM still gets its answer",
          inflight.get("r", (0,))[0] == 401, inflight)
    rc, log = srv3.stop()
    check("... and then the server exits 0", rc == 0, (rc, log[-300:]))

    # ---- more requests at once than the server has connections (64): the others wait; a login
    # gives its connection back while it waits its turn at Argon2id, so a crowd of logins does
    # not starve the pool (before, the 65th and later of 100 found no connection within 2 s) ---
    srv4 = Server()
    answers = []

    def one_login():
        answers.append(Client(srv4).login("lan")[0])

    crowd = [threading.Thread(target=one_login) for _ in range(100)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join(timeout=300)
    check("100 logins at once (Argon2id two at a time, 64 connections): all succeed",
          answers == [200] * 100,
          sorted(set(answers)))
    srv4.stop()

    # ---- a server on a served date: areas are searched on it, not on the real date ----------------
    srv5 = Server()
    c = Client(srv5)
    c.login("lan")
    st, now, _, _ = c.req("GET", "/api/areas?q=hai%20duong")
    st2, now1, _, _ = c.req("GET", "/api/areas/10507")
    srv5.stop()
    srv5 = Server("--as-of", "2025-03-01")
    c = Client(srv5)
    c.login("lan")
    st3, then, _, _ = c.req("GET", "/api/areas?q=hai%20duong")
    st4, then1, _, _ = c.req("GET", "/api/areas/10507")
    check("GET /api/areas searches on the served date (serve --as-of): Tỉnh Hải Dương in 2025-03, "
          "not today; the reused code 10507 is Phường Cẩm Thượng then, Phường Thành Đông now",
          st == st2 == st3 == st4 == 200 and
          not any(a["code"] == "30" for a in now["items"]) and
          any(a["code"] == "30" for a in then["items"]) and
          now1["name"] == "Phường Thành Đông" and then1["name"] == "Phường Cẩm Thượng",
          (now, then, now1, then1))
    # the served date is the desk's today for outcomes and follow-ups too, as for counselling
    st, js, _, _ = c.req("POST", "/api/referrals", {"seeker": "S0000041", "vacancy": "V000243"})
    rid5 = js.get("id") if st == 201 else None
    st1, js1, _, _ = c.req("PUT", f"/api/referrals/{rid5}/outcome",
                           {"outcome": "rejected", "date": "2025-06-01"})
    st2, js2, _, _ = c.req("PUT", f"/api/referrals/{rid5}/outcome",
                           {"outcome": "hired", "start_on": "2025-03-01"})
    st3, js3, _, _ = c.req("POST", f"/api/referrals/{rid5}/followups",
                           {"employed": True, "checked_on": "2025-06-01"})
    check("under serve --as-of an outcome or a follow-up dated after the served date is 400 invalid "
          "naming its date (dated that day, they are recorded)",
          rid5 and err_is(st1, js1, 400, "invalid") and "outcome_on" in js1["fields"] and
          st2 == 200 and js2["outcome_on"] == "2025-03-01" and
          err_is(st3, js3, 400, "invalid") and "checked_on" in js3["fields"], (js, js1, js2, js3))
    rc, _ = srv5.stop()
    check("the server on a served date stops cleanly", rc == 0, rc)

    # ---- TLS ---------------------------------------------------------------------------------------
    certdir = os.path.join(TMP, "tls")
    p = subprocess.run(["bash", f"{ROOT}/scripts/make-lan-cert.sh", certdir, "desk.local", "127.0.0.1"],
                       capture_output=True, text=True, timeout=60)
    check("scripts/make-lan-cert.sh makes a certificate and a 0600 key",
          p.returncode == 0 and (os.stat(os.path.join(certdir, "key.pem")).st_mode & 0o777) == 0o600,
          p.stderr)
    tls_args = ["--tls-cert", os.path.join(certdir, "cert.pem"), "--tls-key", os.path.join(certdir, "key.pem")]
    p = subprocess.run([V, "--db", DB, "serve", "--listen", "0.0.0.0:0", *tls_args, *STATE],
                       capture_output=True, text=True, timeout=60)
    check("serve on every address without --public-origin refuses to start (exit 2): it could "
          "not tell its own pages", p.returncode == 2 and "--public-origin" in p.stderr, p.stderr)
    p = subprocess.run([V, "--db", DB, "serve", "--listen", "127.0.0.1:0", "--public-origin",
                        "https://desk.local/desk", *STATE], capture_output=True, text=True, timeout=60)
    check("a --public-origin with a path is a usage error (exit 2)",
          p.returncode == 2 and "--public-origin" in p.stderr, p.stderr)
    srv4 = Server(*tls_args, "--public-origin", "https://desk.local:8443,https://10.0.0.5:8443", tls=True)
    c = Client(srv4)
    st, js, _, _ = Client(srv4).req("POST", "/api/login", {"user": "lan", "password": PASSWORD},
                                    headers={"Origin": f"https://127.0.0.1:{srv4.port}"})
    check("under --public-origin a login from the listening address is refused (403 csrf)",
          err_is(st, js, 403, "csrf"), js)
    st, js, _, _ = c.req("POST", "/api/login", {"user": "lan", "password": PASSWORD},
                         headers={"Origin": "https://10.0.0.5:8443"})
    check("under --public-origin a login from a public origin is taken", st == 200, js)
    st, js, r = c.login("lan")
    check("under TLS the session cookie is Secure", st == 200 and "Secure" in (c.set_cookie or ""),
          c.set_cookie)
    st, js, _, _ = c.req("GET", f"/api/seekers/S0000002/matches?top=3&as_of={AS_OF}")
    check("the API works over TLS", st == 200 and js["matches"] == cli_match("seeker", "S0000002", 3) or
          (st == 200 and api_ranking(js, "seeker") == cli_match("seeker", "S0000002", 3)), js)
    rc, _ = srv4.stop()
    check("the TLS server stops cleanly", rc == 0, rc)


def search_expected(rows, q, status=None, area=None, sort="name", page=1, size=20):
    """The total and the page's ids of a seekers' search, from the definition in docs/api.md:
    the id itself, every folded word a prefix of a word of the name, or 4+ digits a prefix of
    the phone or ID card; the filters; the order, ties by id."""
    words = re.findall("[0-9a-z]+", q.lower())[:8]
    digits = re.sub(r"[ .()-]", "", q)
    digits = ("0" + digits[3:] if digits.startswith("+84") else digits)
    digits = digits if re.fullmatch("[0-9]{4,}", digits) else None
    hits = []
    for sid, key, phone, card, st, code, reg in rows:
        toks = re.findall("[0-9a-z]+", key or "")
        hit = sid == q or bool(words and all(any(t.startswith(w) for t in toks) for w in words))
        if digits:
            hit = hit or (phone or "").startswith(digits) or (card or "").startswith(digits)
        if hit and status in (None, st) and area in (None, code):
            hits.append((sid, {"name": key, "id": sid, "registered": reg}[sort.lstrip("-")]))
    hits.sort()
    have = sorted((h for h in hits if h[1] is not None), key=lambda h: h[1],
                  reverse=sort.startswith("-"))
    hits = have + [h for h in hits if h[1] is None]
    return len(hits), [h[0] for h in hits[(page - 1) * size:page * size]]


def check_search_definition(staff):
    """Every search the desk makes, compared with its definition computed here from the table:
    common and rare names, ids, phone prefixes, a name that shares digits with phones (both
    halves of the search at once), each sort and direction, first, middle and last pages,
    and the status and area filters."""
    rows = [tuple(None if v is None else str(v) for v in r) for r in
            sql("SELECT s.id, s.name_key, s.phone, s.id_card, s.status, a.code, s.registered"
                " FROM seekers s LEFT JOIN areas a ON a.id = s.area_id")]
    keys = sorted(r[1] for r in rows if r[1])
    first = sorted({k.split()[0] for k in keys})
    common = max(first, key=lambda w: sum(k.startswith(w + " ") for k in keys))
    some = rows[len(rows) // 2]
    area = next(r[5] for r in rows if r[5])
    phone = next(r[2] for r in rows if r[2])
    # one seeker's name holds the digits of another's phone, so a search for those digits
    # finds one seeker by name and others by phone
    mixed = next(r for r in rows if r[1] and not (r[2] or "").startswith(phone[:5]))
    sql(f"UPDATE seekers SET name_key = name_key || ' {phone[:5]}' WHERE id = '{mixed[0]}'")
    # and one's words are split by punctuation, one of them like a number in scientific
    # notation (a text search parser would split it: a word is any run of a-z and 0-9)
    odd = next(r for r in rows if r[1] and r[0] != mixed[0])
    sql(f"UPDATE seekers SET name_key = 'o''brien 2e10x tran.quoc' WHERE id = '{odd[0]}'")
    rows = [tuple(None if v is None else str(v) for v in r) for r in
            sql("SELECT s.id, s.name_key, s.phone, s.id_card, s.status, a.code, s.registered"
                " FROM seekers s LEFT JOIN areas a ON a.id = s.area_id")]
    cases = []
    for q in (common, common + " " + keys[len(keys) // 3].split()[-1][:2], keys[0], some[0],
              phone[:6], phone[:5], "zzzz", some[1] or "a", "2e10x", "brie 2e1", "quoc tran"):
        for sort in ("name", "-name", "id", "-registered"):
            cases.append(dict(q=q, sort=sort))
        cases.append(dict(q=q, status="active"))
        cases.append(dict(q=q, area=area, sort="-name"))
        cases.append(dict(q=q, status="active", area=area, sort="registered"))
    problems = []
    for c in cases:
        total, _ = search_expected(rows, **c)
        pages = max(1, -(-total // 7))
        # past the last page: no row carries the count (PostgreSQL counts apart then)
        for page in sorted({1, 2, (pages + 1) // 2, pages, pages + 1}):
            want = search_expected(rows, page=page, size=7, **c)
            path = "/api/seekers?" + "&".join(f"{k}={urlq(v)}" for k, v in c.items())
            st, js, _, _ = staff.req("GET", f"{path}&page={page}&size=7")
            got = (js.get("total"), [i["id"] for i in js.get("items", [])]) if st == 200 else st
            if got != want:
                problems.append((path, page, want, got))
    sql(f"UPDATE seekers SET name_key = '{mixed[1]}' WHERE id = '{mixed[0]}'")
    sql(f"UPDATE seekers SET name_key = '{odd[1]}' WHERE id = '{odd[0]}'")
    check(f"{len(cases)} searches (total and pages) equal their definition", not problems,
          problems[:3])


def urlq(s):
    from urllib.parse import quote
    return quote(s, safe="")


if __name__ == "__main__":
    try:
        main()
    finally:
        desktest.clean_up(TMP, SCHEMA if PG else None)
    sys.exit(desktest.plan())
