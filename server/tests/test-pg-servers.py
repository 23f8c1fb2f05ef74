#!/usr/bin/env python3
"""test-pg-servers.py - two `vieclam serve` processes on one PostgreSQL database, as a regional
exchange runs them: a vacancy registered on one is in the other's very next match (and a seeker
the other way round), both take writes at the same time without an error or a lost row, a hire
on one makes the seeker placed on the other, and a server killed (SIGKILL) in the middle of a
write leaves nothing of it behind: the seeker row written before the kill is not there, the
change log holds nothing of it, and the same request succeeds on a new server. One province's
servers (--province) hold that province's records and those without an area, and follow a
record registered there on another server; their fair plans invite their province's seekers,
their activity reports count their province's work (as `report activity --province` does)
against their province's own targets, which another province's never replace, and their
forecasts are their province's (as `forecast --province`), listed on their planner page only.

Runs under scripts/with-pg.sh (VL_TEST_PG_URL), in a schema of its own dropped at the end; the
helpers (Server, Client, sql) are test-api.py's. Output is TAP.
"""
import csv
import html
import importlib.util
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse

os.environ["VL_TEST_DB"] = "postgresql"
_spec = importlib.util.spec_from_file_location(
    "api", os.path.join(os.path.dirname(os.path.abspath(__file__)), "test-api.py"))
api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api)
check, sql, AS_OF = api.check, api.sql, api.AS_OF


def server(name, *extra):
    os.makedirs(os.path.join(api.TMP, "web"), exist_ok=True)
    api.STATE[1] = os.path.join(api.TMP, f"state-{name}")
    return api.Server(*extra)


def matches(client, seeker):
    st, js, _, _ = client.req("GET", f"/api/seekers/{seeker}/matches?top=20&as_of={AS_OF}")
    return [m["vacancy"] for m in js["matches"]] if st == 200 else None


def shortlist(client, vacancy):
    st, js, _, _ = client.req("GET", f"/api/vacancies/{vacancy}/shortlist?top=50&as_of={AS_OF}")
    return [m["seeker"] for m in js["matches"]] if st == 200 else None


def main():
    for step in (["init"],
                 ["import", "employers", f"{api.ROOT}/fixtures/sample/employers.csv"],
                 ["import", "vacancies", f"{api.ROOT}/fixtures/sample/vacancies.csv"],
                 ["import", "seekers", f"{api.ROOT}/fixtures/sample/seekers.csv"]):
        p = api.run(*step)
        if p.returncode != 0:
            raise SystemExit(f"Bail out! {' '.join(step)}: {p.stderr}")
    pwfile = os.path.join(api.TMP, "pw")
    with open(pwfile, "w") as f:
        f.write(api.PASSWORD + "\n")
    for name, role in (("lan", "staff"), ("hoa", "staff"), ("minh", "planner")):
        p = api.run("user", "add", name, "--role", role, "--password-file", pwfile)
        if p.returncode != 0:
            raise SystemExit(f"Bail out! user add: {p.stderr}")

    a, b = server("a"), server("b")
    ca, cb = api.Client(a), api.Client(b)
    check("one account logs in on both servers",
          ca.login("lan")[0] == 200 and cb.login("hoa")[0] == 200)

    # ---- a vacancy registered on A is in B's very next match --------------------------------
    before = matches(cb, "S0000041")
    st, base, _, _ = ca.req("GET", "/api/vacancies/V000232")
    newvac = {k: v for k, v in base.items() if k not in (
        "id", "version", "employer_name", "occupation_title", "area_name")}
    newvac.update(wage_min=9000000, wage_max=12000000, closes="2026-06-30", positions=3)
    st, js, _, _ = ca.req("POST", "/api/vacancies", newvac)
    vid = js.get("id") if js else None
    # B's queries do not wait for a sync another of its threads has started (the 250 ms
    # poller), so A's write is in B's index at the latest one sync later
    t0 = time.monotonic()
    after = matches(cb, "S0000041")
    while vid and (not after or vid not in after) and time.monotonic() - t0 < 2.0:
        time.sleep(0.05)
        after = matches(cb, "S0000041")
    check("a vacancy registered on one server is in the other's match within one sync",
          st == 201 and vid and before is not None and vid not in before and after and
          vid in after, (st, js, before, after))
    p = subprocess.run([api.V, "--db", api.DB, "match", "--seeker", "S0000041", "--top", "20",
                        "--as-of", AS_OF, "--format", "csv"], capture_output=True, text=True,
                       timeout=300)
    cli = [line.split(",")[1] for line in p.stdout.strip().splitlines()[1:]]
    check("... and both servers agree with `vieclam match` on the database", after == cli and
          matches(ca, "S0000041") == cli, (after, cli))

    # ---- a seeker registered on B is on A's very next shortlist ------------------------------
    st, sk, _, _ = cb.req("GET", "/api/seekers/S0000041")
    newsk = {k: v for k, v in sk.items() if k in (
        "name", "birth_year", "gender", "area", "education", "occupations", "skills",
        "experience_years", "languages", "wage_min", "max_commute_km", "registered")}
    st, js, _, _ = cb.req("POST", "/api/seekers", dict(newsk, id="S7000001"))
    # A's queries do not wait for a sync another thread has started (its 250 ms poller), so
    # the other server's write is in A's index at the latest one sync later
    t0 = time.monotonic()
    listed = shortlist(ca, vid)
    while (listed is None or "S7000001" not in listed) and time.monotonic() - t0 < 2.0:
        time.sleep(0.05)
        listed = shortlist(ca, vid)
    check("a seeker registered on the other server is on A's shortlist within one sync",
          st == 201 and listed is not None and "S7000001" in listed,
          (st, js, listed, round(time.monotonic() - t0, 3)))

    # ---- both servers take writes at once: no error, nothing lost ----------------------------
    errors, done = [], []

    def writer(client, prefix, n):
        for i in range(n):
            body = dict(newsk, id=f"{prefix}{i:04d}", name=f"Người thử {prefix} {i}")
            for attempt in range(20):
                st, js, r, _ = client.req("POST", "/api/seekers", body)
                if st != 503:
                    break
                time.sleep(0.05 * (attempt + 1))  # busy: retry, as the desk's pages do
            if st == 201:
                done.append(body["id"])
            else:
                errors.append((body["id"], st, js))

    ca2, cb2 = api.Client(a), api.Client(b)
    ca2.login("lan")
    cb2.login("hoa")
    threads = [threading.Thread(target=writer, args=(c, p, 40)) for c, p in
               ((ca, "S71"), (cb, "S72"), (ca2, "S73"), (cb2, "S74"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    stored = sql("SELECT COUNT(*) FROM seekers WHERE id LIKE 'S7%' AND id <> 'S7000001'")[0][0]
    check("160 seekers written through two servers at once: every one stored, no error",
          not errors and len(done) == 160 and stored == 160, (errors[:3], len(done), stored))
    t0 = time.monotonic()
    la, lb = shortlist(ca, vid), shortlist(cb, vid)
    while (la != lb or not la) and time.monotonic() - t0 < 2.0:  # within one sync
        time.sleep(0.05)
        la, lb = shortlist(ca, vid), shortlist(cb, vid)
    check("... and both servers' shortlists are the same afterwards", la == lb and la, (la, lb))

    # ---- numbered writes at once, never retried: both servers choose the next referral number
    # and the day's next seeker id; their writes take turns instead of failing each other (a
    # serialisation failure, or two referrals given the same number, was a 503 or a 500) -------
    refs, new_ids, nerr = [], [], []
    targets = sorted(done)

    def numberer(client, k, n):
        for i in range(n):
            if i % 2 == 0:
                st, js, _, _ = client.req("POST", "/api/referrals",
                                          {"seeker": targets[k * n + i], "vacancy": vid})
                (refs if st == 201 else nerr).append(js.get("id") if st == 201 else (st, js))
            else:
                st, js, _, _ = client.req("POST", "/api/seekers",
                                          dict(newsk, name=f"Người số {k} {i}"))
                (new_ids if st == 201 else nerr).append(js.get("id") if st == 201 else (st, js))

    threads = [threading.Thread(target=numberer, args=(c, k, 16)) for k, c in
               enumerate((ca, cb, ca2, cb2))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    check("32 referrals and 32 unnumbered seekers through two servers at once, no retry: all"
          " stored, every number given once",
          not nerr and len(refs) == 32 and len(set(refs)) == 32 and len(new_ids) == 32 and
          len(set(new_ids)) == 32, (nerr[:3], len(refs), len(set(refs)), len(new_ids)))

    # ---- a hire recorded on A: the seeker is placed on B -------------------------------------
    st, js, _, _ = ca.req("POST", "/api/referrals", {"seeker": "S0000041", "vacancy": vid})
    rid = js.get("id") if js else None
    st2, js2, _, _ = ca.req("PUT", f"/api/referrals/{rid}/outcome",
                            {"outcome": "hired", "start_on": time.strftime("%Y-%m-%d")})
    t0 = time.monotonic()
    st3, m, _, _ = cb.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    while st3 == 200 and m.get("active") is not False and time.monotonic() - t0 < 2.0:
        time.sleep(0.05)  # within one sync of the other server
        st3, m, _, _ = cb.req("GET", f"/api/seekers/S0000041/matches?top=3&as_of={AS_OF}")
    check("a hire recorded on one server: the other's match within one sync proposes nothing",
          st == 201 and st2 == 200 and st3 == 200 and m["active"] is False and m["matches"] == [],
          (st, st2, m))

    # ---- one province's servers: the records of their province and those without an area ----
    # the sample lies in Hai Phong (31), but for 48 vacancies abroad; Ha Noi (01) has nothing
    p31, p01 = server("p31", "--province", "31"), server("p01", "--province", "01")
    c31, c01 = api.Client(p31), api.Client(p01)
    c31.login("lan")
    c01.login("hoa")
    whole = matches(ca, "S7000001")
    check("a server of Hai Phong (--province 31) matches as the server of every province",
          whole and matches(c31, "S7000001") == whole and shortlist(c31, vid) == shortlist(ca, vid),
          (whole, matches(c31, "S7000001")))
    # a seeker or vacancy of another province is a visitor: matched against the province's
    # index for the query alone (Ha Noi holds only the vacancies abroad, and no seeker)
    abroad = {r[0] for r in sql("SELECT id FROM vacancies WHERE area_id IS NULL")}
    v41 = matches(c01, "S0000041")
    st2, js2, _, _ = c01.req("GET", f"/api/vacancies/{vid}/shortlist?top=5&as_of={AS_OF}")
    check("a server of Ha Noi (--province 01) matches Hai Phong's seeker as a visitor, against"
          " the vacancies open to every province only; Hai Phong's vacancy has no seeker there",
          v41 is not None and set(v41) <= abroad and
          v41 == [v for v in matches(ca, "S0000041") if v in abroad] and
          st2 == 200 and js2["matches"] == [] and js2["open"], (v41, st2, js2))
    st, js, _, _ = c01.req("GET", f"/api/seekers/S0000041/why-not/{vid}?as_of={AS_OF}")
    check("... and says why a vacancy of Hai Phong is not listed for them", st == 200, (st, js))
    st, js, _, _ = c01.req("GET", f"/api/seekers/S9999999/matches?as_of={AS_OF}")
    check("an id that is nowhere is still 404", st == 404, (st, js))
    # S0000202 of the sample matches two vacancies abroad: the same person living in Ha Noi
    st, hn, _, _ = ca.req("GET", "/api/seekers/S0000202")
    hn = {k: v for k, v in hn.items() if k in newsk or k in ("abroad", "priority")}
    st, js, _, _ = ca.req("POST", "/api/seekers", dict(hn, id="S7800001", area="00004"))
    t0 = time.monotonic()
    in01 = matches(c01, "S7800001")
    while in01 is None and time.monotonic() - t0 < 2.0:  # within one sync
        time.sleep(0.05)
        in01 = matches(c01, "S7800001")
    check("a seeker registered in Ha Noi on another server is in Ha Noi's index within one sync,"
          " matched with vacancies open to every province only",
          st == 201 and in01 and set(in01) <= abroad, (st, js, in01))
    # on Hai Phong's server the Ha Noi seeker is a visitor: matched as the server of every
    # province matches them, and gone from the index after the query
    check("on Hai Phong's server the seeker from Ha Noi is matched as a visitor, as the server of"
          " every province matches them", in01 and matches(c31, "S7800001") == matches(ca, "S7800001"),
          (matches(c31, "S7800001"), matches(ca, "S7800001")))
    check("... and is on no shortlist of Hai Phong's server afterwards: a visitor stays out of the"
          " index", all("S7800001" not in (shortlist(c31, v) or []) for v in in01) and
          any("S7800001" in (shortlist(ca, v) or []) for v in in01),
          [(v, shortlist(c31, v)) for v in in01])

    def found(client, q, everywhere=None):
        extra = "" if everywhere is None else f"&everywhere={everywhere}"
        st, js, _, _ = client.req("GET", "/api/seekers?size=100&q=" +
                                  urllib.parse.quote(q) + extra)
        return st, (sorted(i["id"] for i in js["items"]) if st == 200 else js)

    # a province's desk searches its province's seekers; every province's when asked
    name = hn["name"]
    check("a province's server says which provinces it serves (GET /api/meta), the server of"
          " every province none",
          c01.req("GET", "/api/meta")[1].get("provinces") == ["01"] and
          c31.req("GET", "/api/meta")[1].get("provinces") == ["31"] and
          ca.req("GET", "/api/meta")[1].get("provinces") == [])
    in01, all01 = found(c01, name)[1], found(c01, name, "true")[1]
    in31, all31 = found(c31, name)[1], found(c31, name, "false")[1]
    check("a search by name on Ha Noi's server lists Ha Noi's namesake, not Hai Phong's; with"
          " everywhere=true both; Hai Phong's the other way round",
          "S7800001" in in01 and "S0000202" not in in01 and
          {"S7800001", "S0000202"} <= set(all01) and
          "S0000202" in in31 and "S7800001" not in in31 and in31 == all31 and
          found(ca, name)[1] == all01, (in01, all01, in31))
    check("an id of another province: not listed by the province's search, listed everywhere",
          found(c01, "S0000041") == (200, []) and
          found(c01, "S0000041", "true") == (200, ["S0000041"]))
    st, v01, _, _ = c01.req("GET", "/api/vacancies?size=100")
    st2, vall, _, _ = c01.req("GET", "/api/vacancies?size=100&everywhere=true")
    check("Ha Noi's server lists the vacancies open to every province (abroad), not Hai Phong's;"
          " every province's with everywhere=true",
          st == st2 == 200 and v01["total"] == len(abroad) and
          {i["id"] for i in v01["items"]} <= abroad and vall["total"] > v01["total"],
          (st, v01.get("total"), len(abroad), vall.get("total")))
    def exported(client, kind):
        st, _, _, body = client.req("GET", f"/api/exports/{kind}.xlsx")
        return sorted(r[0] for r in api.xlsx_rows(body)[1:]) if st == 200 else (st, body[:200])
    check("a province's desk exports the vacancies its list shows (Ha Noi's: those open to every"
          " province), the server of every province all of them",
          exported(c01, "vacancies") == sorted(i["id"] for i in v01["items"]) and
          len(exported(ca, "vacancies")) == vall["total"],
          (exported(c01, "vacancies"), len(exported(ca, "vacancies")), vall["total"]))
    st, js = found(c01, name, "yes")
    check("everywhere other than true or false is 400", st == 400 and
          js.get("field") == "everywhere", (st, js))
    # a seeker of Hai Phong who moves to Ha Noi leaves Hai Phong's index (their id stays known
    # there, switched off) and is a visitor there from then on, matched, not "not active"
    st, rec, _, _ = ca.req("GET", "/api/seekers/S0000202")
    moved = {k: v for k, v in rec.items() if k in newsk or k in ("abroad", "priority", "version")}
    st, js, _, _ = ca.req("PUT", "/api/seekers/S0000202", dict(moved, area="00004"))
    t0 = time.monotonic()
    while matches(c01, "S0000202") is None and time.monotonic() - t0 < 2.0:  # Ha Noi's sync
        time.sleep(0.05)
    time.sleep(0.6)  # and Hai Phong's (every 250 ms)
    st2, js2, _, _ = c31.req("GET", f"/api/seekers/S0000202/matches?top=20&as_of={AS_OF}")
    check("a seeker who moved to another province is matched there as a visitor, as the server"
          " of every province matches them", st == 200 and st2 == 200 and js2["active"] and
          [x["vacancy"] for x in js2["matches"]] == matches(ca, "S0000202") and js2["matches"],
          (st, js, st2, js2))
    st, rec, _, _ = ca.req("GET", "/api/seekers/S0000202")
    st, js, _, _ = ca.req("PUT", "/api/seekers/S0000202", dict(moved, version=rec["version"]))
    check("... and back", st == 200, js)

    # ---- a province's desk lists its province's referrals; a named seeker's wherever made ------
    def refs(client, query):
        st, js, _, _ = client.req("GET", "/api/referrals?size=100&" + query)
        return sorted(i["id"] for i in js["items"]) if st == 200 else (st, js)
    since = "from=2000-01-01"
    check("a province's desk lists the referrals of its seekers and vacancies since a day (Ha Noi's"
          " none of Hai Phong's); a named seeker's wherever they are",
          refs(ca, since) and refs(c31, since) == refs(ca, since) and refs(c01, since) == [] and
          refs(c01, "seeker=S0000041") == refs(ca, "seeker=S0000041") != [],
          (refs(ca, since), refs(c31, since), refs(c01, since)))

    # ---- a province's server plans its fairs over its province's seekers ----------------------
    def fair_plan(client):
        st, js, _, _ = client.req("POST", "/api/fairs/HP-2026-03/plans", {"as_of": AS_OF})
        st, job = api.wait_job(client, js["job"]) if st == 202 else (st, js)
        if job.get("status") != "done":
            return job.get("status"), job.get("error") or job
        st, plan, _, _ = client.req("GET", f"/api/fair-plans/{job['run']}")
        st, _, _, body = client.req("GET", plan["invitations"])
        return (sorted((e["id"], e["invitations"]) for e in plan["employers"]),
                sorted(set(re.findall(r"\((S\d{7})\)", body.decode()))))
    st, f01, _, _ = c01.req("POST", "/api/fairs", {"name": "Phiên Hà Nội", "date": "2026-05-20",
                                                   "area": "00004"})
    st2, f31, _, _ = c31.req("POST", "/api/fairs", {"name": "Phiên Hải Phòng",
                                                    "date": "2026-05-21", "area": "31"})
    l31 = {f["id"] for f in c31.req("GET", "/api/fairs")[1].get("items", [])}
    l01 = {f["id"] for f in c01.req("GET", "/api/fairs")[1].get("items", [])}
    lall = {f["id"] for f in ca.req("GET", "/api/fairs")[1].get("items", [])}
    check("a province's desk lists the fairs held in its province (and those with no place yet),"
          " the server of every province all of them",
          st == st2 == 201 and f31["id"] in l31 and f01["id"] not in l31 and
          f01["id"] in l01 and f31["id"] not in l01 and "HP-2026-03" in l31 and
          {f01["id"], f31["id"]} <= lall and l31 | l01 == lall, (f01, f31, l31, l01))
    check("... and exports them: a province's desk its list's fairs, the server of every province"
          " all", exported(c31, "fairs") == sorted(l31) and exported(c01, "fairs") == sorted(l01)
          and exported(ca, "fairs") == sorted(lall),
          (exported(c31, "fairs"), sorted(l31), exported(ca, "fairs")))
    plan31, plan01 = fair_plan(c31), fair_plan(c01)
    of31 = {r[0] for r in sql("SELECT id FROM seekers WHERE province = '31'")}
    of01 = {r[0] for r in sql("SELECT id FROM seekers WHERE province = '01'")}
    abroad_emps = {r[0] for r in sql("SELECT DISTINCT employer FROM vacancies"
                                     " WHERE area_id IS NULL AND fair = 'HP-2026-03'")}
    check("a province's server plans a fair over its own province's seekers: Hai Phong's invites"
          " Hai Phong's, Ha Noi's only Ha Noi's, to the fair's jobs open to every province",
          plan31[1] and set(plan31[1]) <= of31 and plan01[1] and set(plan01[1]) <= of01 and
          {e for e, n in plan01[0] if n} <= abroad_emps, (plan31[1][:5], plan01, abroad_emps))

    # ---- a province's server reports its province's activity, against its own targets -------
    m31, m01, ma = api.Client(p31), api.Client(p01), api.Client(a)
    for m in (m31, m01, ma):
        m.login("minh")
    st1, t31, _, _ = m31.req("PUT", "/api/targets/2025", {"registered": 700, "placed": 90})
    st2, t01, _, _ = m01.req("PUT", "/api/targets/2025", {"registered": 5})
    st3, tall, _, _ = ma.req("GET", "/api/targets/2025")
    st4, t31b, _, _ = m31.req("GET", "/api/targets/2025")
    check("each province's server sets and reads its own year's targets (Ha Noi's do not replace"
          " Hai Phong's), naming whose they are; the server of every province has its own, none"
          " here",
          st1 == st2 == st3 == st4 == 200 and t31b["targets"]["registered"] == 700 and
          t31b["targets"]["placed"] == 90 and t01["targets"]["registered"] == 5 and
          t01["targets"]["placed"] is None and tall["targets"]["registered"] is None and
          t31b["provinces"] == [{"code": "31", "name": "Thành phố Hải Phòng"}] and
          t31b["editable"] is True and tall["provinces"] == [] and tall["editable"] is True,
          (t31, t01, tall, t31b))

    def activity(client):
        st, js, _, _ = client.req("POST", "/api/activity-reports", {"period": "2025"})
        st, job = api.wait_job(client, js["job"]) if st == 202 else (st, js)
        res = job.get("result") or {}
        st, _, _, body = client.req("GET", res["report"]) if res else (st, None, None, b"")
        return body.decode("utf-8", "replace") if st == 200 else f"{st} {job}"

    def cell(page, label):  # this period's figure and the year's target of a summary row
        m = re.search(re.escape(label) + r'</td><td class="n">([^<]*)</td><td class="n p">'
                      r'[^<]*</td><td class="n">[^<]*</td><td class="n">([^<]*)</td>', page)
        return tuple(html.unescape(g) for g in m.groups()) if m else None

    def cli_cell(measure, *scope):
        p = subprocess.run([api.V, "--db", api.DB, "--quiet", "report", "activity", "--period",
                            "2025", "--lang", "vi", "--csv", "-"] + list(scope),
                           capture_output=True, text=True, timeout=300)
        got = {}
        for line in p.stdout.splitlines():
            f = line.split(",")
            if f[0] in ("counts", "targets") and f[1] in ("total", "year") and \
                    f[3] == measure and f[4] == "current":
                got[f[0]] = f[6] if f[0] == "counts" else f[5]
        return got.get("counts"), got.get("targets")

    pages = {"31": activity(m31), "01": activity(m01), "": activity(ma)}
    label = "Người tìm việc đăng ký"
    desk = {k: cell(v, label) for k, v in pages.items()}
    cli = {"31": cli_cell("registered", "--province", "31"),
           "01": cli_cell("registered", "--province", "01"), "": cli_cell("registered")}
    check("a province's server reports its province's activity, named under the title, with its"
          " targets, as `report activity --province` counts it; the server of every province"
          " the whole database's",
          "Tỉnh, thành phố: <b>Thành phố Hải Phòng</b>" in pages["31"] and
          "Tỉnh, thành phố: <b>Thành phố Hà Nội</b>" in pages["01"] and
          "Tỉnh, thành phố:" not in pages[""] and
          all(desk[k] and desk[k][0] == cli[k][0] for k in desk) and
          desk["31"][1] == "700" and desk["01"][1] == "5" and desk[""][1] == "–" and
          desk["31"][0] != desk[""][0] and cli["31"][1] == "700",
          (desk, cli, [v[:200] for v in pages.values() if "<html" not in v]))
    # ---- a province's server forecasts its province ------------------------------------------
    def forecast(client):
        st, js, _, _ = client.req("POST", "/api/forecast-runs", {"horizon": 2, "by": ["occupation"]})
        st, job = api.wait_job(client, js["job"]) if st == 202 else (st, js)
        run = (job.get("result") or {}).get("run")
        rows = sql(f"SELECT keys, period, mean FROM forecasts WHERE run_id = {int(run or 0)}"
                   " ORDER BY keys, period")
        return run, sorted((json.dumps(json.loads(k), sort_keys=True), per, round(float(m), 6))
                           for k, per, m in rows), job

    def cli_forecast(*scope):
        path = os.path.join(api.TMP, "forecast.csv")
        p = subprocess.run([api.V, "--db", api.DB, "--quiet", "forecast", "--db", "--derive",
                            "--by", "occupation", "--horizon", "2", "--out", path] + list(scope),
                           capture_output=True, text=True, timeout=300)
        out = []
        for r in (csv.DictReader(open(path, encoding="utf-8")) if p.returncode == 0 else []):
            keys = json.dumps({} if r["series"] == "total" else
                              {"occupation": r["series"].split("=", 1)[1]}, sort_keys=True)
            out.append((keys, r["period"], round(float(r["mean"]), 6)))
        return sorted(out), p.stderr
    r31, f31, j31 = forecast(m31)
    r01, f01, j01 = forecast(m01)
    rall, fall, jall = forecast(ma)
    k31, e31 = cli_forecast("--province", "31")
    k01, e01 = cli_forecast("--province", "01")
    kall, eall = cli_forecast()
    # (Ha Noi's demand is the vacancies open to every province: it has none of its own)
    check("a province's server forecasts its province's demand, as `forecast --derive"
          " --province` counts it; the server of every province the whole database's",
          r31 and r01 and rall and f31 and f31 == k31 and f01 == k01 and fall == kall and
          f01 and f01 != fall,
          (j31, j01, jall, f31[:3], k31[:3], f01[:3], k01[:3], e31, e01))
    lists = {k: {x["run"] for x in c.req("GET", "/api/forecast-runs")[1].get("items", [])}
             for k, c in (("31", m31), ("01", m01), ("", ma))}
    check("a province's planner page lists its province's runs, not another's nor the whole"
          " database's",
          r31 in lists["31"] and r01 not in lists["31"] and rall not in lists["31"] and
          r01 in lists["01"] and r31 not in lists["01"] and rall in lists[""] and
          r31 not in lists[""], lists)
    # the series a province's planner may adjust are its province's
    hist = os.path.join(api.TMP, "hist.csv")
    with open(hist, "w", encoding="utf-8") as f:
        f.write("series,period,value,area,industry\n")
        for q in range(1, 5):  # Hai Duong's 288 (Hai Phong's now), Ha Noi's Ba Dinh (001)
            for area in ("288", "001"):
                f.write(f"vac-{area},2025Q{q},{10 * q},{area},C\n")
    p = api.run("import", "history", hist)
    areas = {}
    for k, c in (("31", m31), ("01", m01), ("", ma)):
        st, js, _, _ = c.req("GET", "/api/history-keys")
        areas[k] = [v["code"] for key in js.get("keys", []) if key["name"] == "area"
                    for v in key["values"]] if st == 200 else st
    check("a province's planner page offers its province's areas to adjust (a pre-reform code"
          " read across the reform), the server of every province all of them",
          p.returncode == 0 and areas == {"31": ["288"], "01": ["001"], "": ["001", "288"]},
          (p.stderr, areas))
    # whose the planner's judgements are: a province's server records its own; a server of two
    # provinces applies each one's and records none, as it sets no targets
    pboth = server("p3101", "--province", "31,01")
    mb = api.Client(pboth)
    mb.login("minh")
    jl = {k: c.req("GET", "/api/judgements") for k, c in (("31", m31), ("", ma), ("both", mb))}
    st, refused, _, _ = mb.req("POST", "/api/judgements", {
        "kind": "hold", "keys": {"area": "288"}, "from": "2026Q3", "to": "2026Q3", "value": 5,
        "reason": "Hai tỉnh"})
    st2, tb, _, _ = mb.req("GET", "/api/targets/2025")
    st3, ok31, _, _ = m31.req("POST", "/api/judgements", {
        "kind": "hold", "keys": {"area": "288"}, "from": "2026Q3", "to": "2026Q3", "value": 5,
        "reason": "KCN mới"})
    check("a province's server says whose the planner's judgements are and records its own; a"
          " server of two provinces says it records none (400 saying why, its targets likewise)",
          all(v[0] == 200 for v in jl.values()) and
          jl["31"][1]["provinces"] == [{"code": "31", "name": "Thành phố Hải Phòng"}] and
          jl["31"][1]["editable"] is True and jl[""][1]["provinces"] == [] and
          jl[""][1]["editable"] is True and jl["both"][1]["editable"] is False and
          len(jl["both"][1]["provinces"]) == 2 and st == 400 and
          ("one province at a time" in refused.get("message", "") or
           "từng tỉnh/thành một" in refused.get("message", "")) and
          st2 == 200 and tb["editable"] is False and st3 == 201 and
          [str(r[0]) for r in sql("SELECT province FROM forecast_adjustments WHERE id ="
                                  f" {int(ok31.get('id', 0))}")] == ["31"],
          (jl, st, refused, tb, st3, ok31))
    # one province's total is not the two provinces' together: their server's run leaves it
    # out and names it, side by side, while the adjustment of an area applies
    st, tot31, _, _ = m31.req("POST", "/api/judgements", {
        "kind": "percent", "keys": {}, "from": "2026Q1", "to": "2026Q1", "value": 10,
        "reason": "Cả thành phố tăng"})
    st4, js4, _, _ = mb.req("POST", "/api/forecast-runs", {"horizon": 4})
    st4, job4 = api.wait_job(mb, js4["job"]) if st4 == 202 else (st4, js4)
    left = (job4.get("result") or {}).get("not_applied")
    judged = sql("SELECT judgement_id FROM forecast_judgements WHERE run_id ="
                 f" {int((job4.get('result') or {}).get('run') or 0)}")
    check("a server of two provinces runs the quarter without one province's total adjustment"
          " and names it for the forecast and both sides of the balance; the area's applies",
          st == 201 and left == [{"kind": "adjustment", "id": tot31["id"], "forecast": f,
                                  "reason": "several_provinces"}
                                 for f in ("forecast", "demand", "supply")] and
          [str(r[0]) for r in judged] == [str(ok31.get("id"))], (st, tot31, job4, judged))
    m31.req("POST", f"/api/judgements/adjustment/{tot31.get('id')}/withdraw", {})
    rc, log = pboth.stop()
    p = subprocess.run([api.V, "--db", api.DB, "serve", "--listen", "127.0.0.1:0", "--state-dir",
                        os.path.join(api.TMP, "state-p99"), "--province", "99"],
                       capture_output=True, text=True, timeout=120)
    check("a server of a province that does not exist does not start, and says which (in the"
          " user's language)",
          p.returncode == 1 and ("no province with code '99'" in p.stderr or
                                 "không có tỉnh/thành nào mang mã '99'" in p.stderr),
          (p.returncode, p.stderr))
    empty = [subprocess.run([api.V, "--db", api.DB, "serve", "--listen", "127.0.0.1:0",
                             "--province", codes], capture_output=True, text=True, timeout=60)
             for codes in (",", "31,", "31,,01")]
    check("--province with an empty code (',', '31,', '31,,01') is a usage error (exit 2), not"
          " a server of the whole country", all(e.returncode == 2 for e in empty),
          [(e.returncode, e.stderr[-200:]) for e in empty])
    for s in (p31, p01):
        rc, log = s.stop()
        check("a province's server stops on SIGTERM with exit 0", rc == 0, (rc, log[-300:]))

    # ---- a server killed in the middle of a write leaves nothing half-written ----------------
    # another session keeps writers out of seeker_occupations, so the server's transaction has
    # written the seeker row and waits for the lock when it is killed
    hold = subprocess.Popen([api.PSQL, "-X", "-q", "-d", api.DB, "-c",
                             "BEGIN; LOCK TABLE seeker_occupations IN SHARE ROW EXCLUSIVE MODE;"
                             " SELECT pg_sleep(4); ROLLBACK"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if sql("SELECT COUNT(*) FROM pg_locks WHERE relation = 'seeker_occupations'::regclass"
               " AND mode = 'ShareRowExclusiveLock' AND granted")[0][0]:
            break
        time.sleep(0.05)
    body = dict(newsk, id="S7900001", name="Người bị cắt ngang")
    out = {}

    def doomed():
        try:
            out["r"] = cb.req("POST", "/api/seekers", body)
        except Exception as e:  # the server dies under the request
            out["r"] = e

    bg = threading.Thread(target=doomed)
    bg.start()
    waiting = 0
    for _ in range(100):  # the server's backend waits for the lock, its seeker row written
        waiting = sql("SELECT COUNT(*) FROM pg_locks WHERE relation ="
                      " 'seeker_occupations'::regclass AND NOT granted")[0][0]
        if waiting:
            break
        time.sleep(0.02)
    b.proc.kill()
    b.proc.wait()
    bg.join(timeout=60)
    hold.wait(timeout=30)
    for _ in range(100):  # the killed server's backend ends once it finds its client gone
        if not sql("SELECT COUNT(*) FROM pg_locks WHERE relation ="
                   " 'seeker_occupations'::regclass AND NOT granted")[0][0]:
            break
        time.sleep(0.1)
    gone = sql("SELECT COUNT(*) FROM seekers WHERE id = 'S7900001'")[0][0]
    logged = sql("SELECT COUNT(*) FROM changes WHERE id = 'S7900001'")[0][0]
    kids = sql("SELECT COUNT(*) FROM seeker_occupations WHERE seeker_id = 'S7900001'")[0][0]
    check("a server killed while its write waited (the seeker row written) leaves nothing of it",
          waiting and gone == 0 and logged == 0 and kids == 0, (waiting, gone, logged, kids))
    b2 = server("b2")
    c2 = api.Client(b2)
    c2.login("hoa")
    st, js, _, _ = c2.req("POST", "/api/seekers", body)
    check("... and the same request succeeds on a new server", st == 201, (st, js))
    t0 = time.monotonic()
    listed = matches(ca, "S7900001")
    while (listed is None or vid not in listed) and time.monotonic() - t0 < 2.0:
        time.sleep(0.05)  # within one sync of the first server
        listed = matches(ca, "S7900001")
    check("... which the first server, still running, matches within one sync",
          listed is not None and vid in listed, listed)
    for s in (a, b2):
        rc, log = s.stop()
        check("a server stops on SIGTERM with exit 0", rc == 0, (rc, log[-300:]))


if __name__ == "__main__":
    try:
        main()
    finally:
        api.desktest.clean_up(api.TMP, api.SCHEMA)
    sys.exit(api.desktest.plan())
