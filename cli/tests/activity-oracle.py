#!/usr/bin/env python3
# activity-oracle.py - recomputes the activity report's figures from the exported CSV files, with
# none of vieclam's code: the definitions of docs/placements.md written again in Python. Prints
# "table,dimension,group,measure,period,value" lines that must appear, with the same value, in
# `vieclam report activity --exact --csv`. Used by test-placement.sh.
#
# Usage: activity-oracle.py [--as-of DAY] DIR FROM TO   (the report's day, default today: the
#            period's figures as known that day, the previous year's as known a year before;
#            DIR holds seekers.csv, vacancies.csv, referrals.csv,
#                                          followups.csv, counselling.csv, fairs.csv; dates ISO)
#        activity-oracle.py DIR FROM TO CODES   the report of provinces CODES ("31" or "31,01",
#            as `report activity --province`; DIR also holds areas.csv): their seekers and those
#            without an area; their vacancies and those of no area (abroad); the referrals of
#            such a seeker or of a vacancy in the provinces, each counted on the side that is
#            there (the seeker's measures with the seeker, the position filled with the
#            vacancy); the counselling of their seekers; their fairs and those of no area
import csv
import datetime as dt
import math
import os
import sys

as_of = dt.date.today()
if sys.argv[1] == "--as-of":
    as_of = dt.date.fromisoformat(sys.argv[2])
    del sys.argv[1:3]
d, cur_from, cur_to = sys.argv[1], sys.argv[2], sys.argv[3]


def rows(name):
    with open(os.path.join(d, name), newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def date(s):
    return dt.date.fromisoformat(s) if s else None


def year_before(x):
    try:
        return x.replace(year=x.year - 1)
    except ValueError:  # 29 February
        return x.replace(year=x.year - 1, day=28)


periods = []
f0, t0 = date(cur_from), date(cur_to)
periods.append((f0, t0))
periods.append((year_before(f0), year_before(t0)))
NAMES = ["current", "previous"]
known = [as_of, year_before(as_of)]  # outcomes and follow-ups recorded by then


def inside(x, p):
    return x is not None and periods[p][0] <= x <= periods[p][1]


seekers = {s["id"]: s for s in rows("seekers.csv")}
vacancies = {v["id"]: v for v in rows("vacancies.csv")}
referrals = rows("referrals.csv")
followups = {}
for f in rows("followups.csv"):
    followups.setdefault(f["referral"], []).append((date(f["checked_on"]), f["employed"] == "yes"))
for v in followups.values():
    v.sort()
counselling = rows("counselling.csv")
fairs = rows("fairs.csv")
if len(sys.argv) > 4:
    codes = set(sys.argv[4].split(","))
    parent = {a["code"]: a["parent"] for a in rows("areas.csv") if not a["valid_to"]}

    def province(area):
        while parent.get(area):
            area = parent[area]
        return area

    def home(area):  # a record of the provinces, or of none
        return not area or province(area) in codes

    seekers = {k: s for k, s in seekers.items() if home(s["area"])}
    vacancies = {k: v for k, v in vacancies.items() if home(v["area"])}
    referrals = [r for r in referrals if r["seeker"] in seekers or (
        r["vacancy"] in vacancies and vacancies[r["vacancy"]]["area"])]
    counselling = [c for c in counselling if c["seeker"] in seekers]
    fairs = [f for f in fairs if home(f["area"])]

PRIO = ["poor", "near_poor", "disability", "ethnic_minority", "rural", "demobilised", "other"]


def groups(s, p):
    g = [("total", "all")]
    g.append(("sex", s["gender"] if s["gender"] in ("female", "male") else "other"))
    by = int(s["birth_year"]) if s["birth_year"] else 0
    if by <= 0:
        band = "unknown"
    else:
        age = periods[p][1].year - by
        band = ("15-24" if age < 25 else "25-34" if age < 35 else "35-44" if age < 45
                else "45-54" if age < 55 else "55+")
    g.append(("age", band))
    pr = [x for x in s["priority"].split(";") if x]
    for x in pr:
        g.append(("priority", x))
    if not pr:
        g.append(("priority", "none"))
    g.append(("education", s["education"] or "unknown"))
    g.append(("area", s["area"] or "unknown"))
    return g


def abroad(v):
    return v["country"] not in ("", "VN")


out = {}


def add(table, dim, group, measure, p, v=1.0):
    k = (table, dim, group, measure, NAMES[p])
    out[k] = out.get(k, 0.0) + v


def put(table, dim, group, measure, p, v):
    out[(table, dim, group, measure, NAMES[p])] = v


for p in range(2):
    flags = {}
    for s in seekers.values():
        if inside(date(s["registered"]), p):
            for dim, g in groups(s, p):
                add("counts", dim, g, "registered", p)
    for c in counselling:
        if inside(date(c["counselled_on"]), p):
            flags.setdefault(c["seeker"], set()).add("counselled")
    days = {}
    kept = {3: {}, 6: {}}
    for r in referrals:
        s = seekers.get(r["seeker"])
        v = vacancies.get(r["vacancy"])
        hired = r["outcome"] == "hired"
        if s is None:  # another province's seeker: the vacancy's side below (filled)
            continue
        fl = flags.setdefault(r["seeker"], set())
        if inside(date(r["referred_on"]), p):
            fl.add("referred")
            for dim, g in groups(s, p):
                add("counts", dim, g, "referrals", p)
            if hired and r["outcome_on"] and date(r["outcome_on"]) <= known[p]:
                fl.add("cohort")
        if hired and inside(date(r["outcome_on"]), p):
            fl.add("placed")
            if v is not None and abroad(v):
                fl.add("abroad")
            reg = date(s["registered"])
            if reg and reg <= date(r["outcome_on"]):
                for dim, g in groups(s, p):
                    days.setdefault((dim, g), []).append((date(r["outcome_on"]) - reg).days)
        if hired and r["start_on"]:
            for months, n in ((3, 91), (6, 182)):
                mark = date(r["start_on"]) + dt.timedelta(days=n)
                if not inside(mark, p):
                    continue
                status = None
                for checked, employed in followups.get(r["id"], []):
                    if checked > known[p]:
                        break
                    if checked < mark and not employed:
                        status = 0
                        break
                    if checked >= mark:
                        status = 1 if employed else 0
                        break
                if status is None:
                    continue
                for dim, g in groups(s, p):
                    k = kept[months].setdefault((dim, g), [0, 0])
                    k[0] += status
                    k[1] += 1
    rate = {}
    for sid, fl in flags.items():
        s = seekers[sid]
        for dim, g in groups(s, p):
            for m, flag in (("counselled", "counselled"), ("referred", "referred"),
                            ("placed", "placed"), ("placed_abroad", "abroad")):
                if flag in fl:
                    add("counts", dim, g, m, p)
            if "referred" in fl:
                k = rate.setdefault((dim, g), [0, 0])
                k[0] += "cohort" in fl
                k[1] += 1
    for (dim, g), (num, den) in rate.items():
        put("rates", dim, g, "placement_rate", p, num / den)
        put("rates", dim, g, "placement_rate_n", p, den)
    for (dim, g), values in days.items():
        values.sort()
        n = len(values)
        put("rates", dim, g, "days_to_placement", p,
            values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2)
    for months in (3, 6):
        for (dim, g), (num, den) in kept[months].items():
            put("rates", dim, g, "kept_%dm" % months, p, num / den)
            put("rates", dim, g, "kept_%dm_n" % months, p, den)
    # vacancies by area (abroad: "abroad")
    for v in vacancies.values():
        if inside(date(v["posted"]), p):
            for dim, g in (("total", "all"), ("area", "abroad" if abroad(v) else v["area"])):
                add("counts", dim, g, "vacancies", p)
                add("counts", dim, g, "positions", p, float(v["positions"] or 0))
    for r in referrals:
        v = vacancies.get(r["vacancy"])
        if v is None:  # another province's vacancy: the seeker's side above
            continue
        if r["outcome"] == "hired" and inside(date(r["outcome_on"]), p):
            for dim, g in (("total", "all"), ("area", "abroad" if abroad(v) else v["area"])):
                add("counts", dim, g, "filled", p)
            if abroad(v):
                add("abroad", "country", v["country"], "placed", p)
                if r["seeker"] in seekers and seekers[r["seeker"]]["gender"] == "female":
                    add("abroad", "country", v["country"], "women", p)
    held = sum(1 for f in fairs if inside(date(f["date"]), p))
    put("counts", "total", "all", "fairs", p, held)

# fairness (every referral of the current period): seekers available, referral and hire rates
Z = 1.959963984540054


def wilson(k, n):
    ph, z2 = k / n, Z * Z
    c = (ph + z2 / (2 * n)) / (1 + z2 / n)
    h = Z / (1 + z2 / n) * math.sqrt(ph * (1 - ph) / n + z2 / (4 * n * n))
    return max(0.0, c - h), min(1.0, c + h)


placed_before = set()
referred = set()
dec = {}
for r in referrals:
    if r["outcome"] == "hired" and r["outcome_on"] and date(r["outcome_on"]) < periods[0][0]:
        placed_before.add(r["seeker"])
    # the referrals ranked against the recommendations: both records there
    if inside(date(r["referred_on"]), 0) and r["seeker"] in seekers and r["vacancy"] in vacancies:
        referred.add(r["seeker"])
        if r["outcome"] in ("hired", "no_show", "rejected", "declined"):
            dec.setdefault(r["seeker"], []).append(r["outcome"] == "hired")


def fgroups(s):
    g = [("sex", s["gender"] if s["gender"] in ("female", "male") else "other")]
    pr = [x for x in s["priority"].split(";") if x]
    g += [("priority", x) for x in pr] or [("priority", "none")]
    return g


avail, refd, decided, hired = {}, {}, {}, {}
for sid, s in seekers.items():
    ok = (date(s["registered"]) is not None and date(s["registered"]) <= periods[0][1]
          and s["status"] != "withdrawn" and sid not in placed_before)
    if not ok and sid not in referred:
        continue
    for k in fgroups(s):
        avail[k] = avail.get(k, 0) + 1
        refd[k] = refd.get(k, 0) + (sid in referred)
        for h in dec.get(sid, []):
            decided[k] = decided.get(k, 0) + 1
            hired[k] = hired.get(k, 0) + h
for k, n in avail.items():
    put("fairness", k[0], k[1], "available", 0, n)
    put("fairness", k[0], k[1], "referral_rate", 0, refd[k] / n)
    lo, hi = wilson(refd[k], n)
    put("fairness", k[0], k[1], "referral_rate_lo", 0, lo)
    put("fairness", k[0], k[1], "referral_rate_hi", 0, hi)
    if decided.get(k):
        put("fairness", k[0], k[1], "hire_rate", 0, hired[k] / decided[k])
        lo, hi = wilson(hired[k], decided[k])
        put("fairness", k[0], k[1], "hire_rate_lo", 0, lo)
        put("fairness", k[0], k[1], "hire_rate_hi", 0, hi)

for k in sorted(out):
    print(",".join(k) + "," + repr(float(out[k])))
