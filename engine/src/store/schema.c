/*
 * schema.c - the database schema as a list of forward migration steps. The schema version
 * (SQLite: PRAGMA user_version) is the number of steps applied; opening a database runs the
 * missing ones in one transaction, and a database whose version is above the list's length was
 * written by a newer vieclam and is refused. A committed step is never edited: a change is a
 * new step appended to the list. A step is written once for both backends where the DDL is
 * portable ({"SQL", NULL}); where it is not, the PostgreSQL text stands beside it.
 *
 * Conventions: codes and ids are TEXT (leading zeros matter); dates are ISO 8601 TEXT
 * ("2025-06-30") or NULL; lists inside a CSV cell become child tables with a `pos` column that
 * keeps the order written; `sig` is the SHA-256 of a row's canonical text, which lets an import
 * tell unchanged rows from updated ones without reading the row back.
 */
#include "store/store.h"

#include <stdio.h>

typedef struct step {
    const char *sql; /* SQLite, and PostgreSQL too when pg is NULL */
    const char *pg;  /* PostgreSQL, where its DDL differs */
} step;

static const step migrations[] = {
    /* ---- 1: the whole first schema ------------------------------------------------------ */
    {"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);\n"

     /* Reference data. Classifications are versioned: a new edition is new rows, never an
      * edit, so old records keep their meaning. */
     "CREATE TABLE occupations(\n"
     "  classification TEXT NOT NULL,   -- 'ISCO-08', 'VSCO-2020'\n"
     "  code TEXT NOT NULL,\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),\n"
     "  parent TEXT,\n"
     "  title_en TEXT,\n"
     "  title_vi TEXT,\n"
     "  PRIMARY KEY(classification, code));\n"
     "CREATE TABLE industries(\n"
     "  version TEXT NOT NULL,          -- 'VSIC-2018'; a 'VSIC-2025' edition is added as data\n"
     "  code TEXT NOT NULL,\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),\n"
     "  parent TEXT,\n"
     "  title_vi TEXT,\n"
     "  title_en TEXT,\n"
     "  PRIMARY KEY(version, code));\n"
     "CREATE INDEX industries_code ON industries(code);\n"
     "CREATE TABLE areas(\n"
     "  code TEXT PRIMARY KEY,\n"
     "  name TEXT NOT NULL,\n"
     "  parent TEXT REFERENCES areas(code),\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 3), -- 1 province, 2 district, 3 commune\n"
     "  lat REAL, lon REAL,\n"
     "  valid_from TEXT, valid_to TEXT,  -- NULL = always / still valid\n"
     "  version TEXT NOT NULL,           -- 'VN-ADMIN-2008', 'VN-ADMIN-2025', ...\n"
     "  sig TEXT);\n"
     "CREATE INDEX areas_parent ON areas(parent);\n"

     /* The centre's records. */
     "CREATE TABLE employers(\n"
     "  id TEXT PRIMARY KEY,\n"
     "  name TEXT NOT NULL,\n"
     "  industry TEXT,                   -- a code of any industries version\n"
     "  area TEXT REFERENCES areas(code),\n"
     "  sig TEXT);\n"
     "CREATE TABLE fairs(\n"
     "  id TEXT PRIMARY KEY,\n"
     "  name TEXT,\n"
     "  date TEXT,\n"
     "  area TEXT REFERENCES areas(code),\n"
     "  venue TEXT,\n"
     "  capacity INTEGER);\n"
     "CREATE TABLE vacancies(\n"
     "  id TEXT PRIMARY KEY,\n"
     "  employer TEXT NOT NULL REFERENCES employers(id),\n"
     "  title TEXT NOT NULL,\n"
     "  occupation TEXT NOT NULL,        -- ISCO-08, 1-4 digits\n"
     "  education_min TEXT,              -- canonical name ('university'), NULL = no minimum\n"
     "  experience_min REAL,\n"
     "  wage_min REAL, wage_max REAL,    -- VND per month\n"
     "  positions INTEGER,\n"
     "  area TEXT REFERENCES areas(code),-- NULL abroad\n"
     "  country TEXT NOT NULL,           -- ISO 3166 alpha-2, 'VN' at home\n"
     "  age_min INTEGER, age_max INTEGER,\n"
     "  posted TEXT, closes TEXT,\n"
     "  fair TEXT REFERENCES fairs(id),\n"
     "  sig TEXT);\n"
     "CREATE INDEX vacancies_employer ON vacancies(employer);\n"
     "CREATE TABLE vacancy_skills(\n"
     "  vacancy_id TEXT NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,\n"
     "  required INTEGER NOT NULL,       -- 1 required, 0 preferred\n"
     "  pos INTEGER NOT NULL,\n"
     "  label TEXT NOT NULL,             -- as written (NFC)\n"
     "  key TEXT NOT NULL,               -- folded: vl_text_fold(label)\n"
     "  PRIMARY KEY(vacancy_id, required, pos)) WITHOUT ROWID;\n"
     "CREATE INDEX vacancy_skills_key ON vacancy_skills(key);\n"
     "CREATE TABLE vacancy_languages(\n"
     "  vacancy_id TEXT NOT NULL REFERENCES vacancies(id) ON DELETE CASCADE,\n"
     "  pos INTEGER NOT NULL,\n"
     "  code TEXT NOT NULL,              -- ISO 639-1\n"
     "  scheme TEXT NOT NULL,            -- 'CEFR', 'JLPT', 'TOPIK'\n"
     "  level TEXT NOT NULL,             -- as in the scheme: 'B1', 'N3', '4'\n"
     "  cefr INTEGER NOT NULL,           -- CEFR-equivalent rank 1..6\n"
     "  PRIMARY KEY(vacancy_id, pos)) WITHOUT ROWID;\n"
     "CREATE TABLE seekers(\n"
     "  id TEXT PRIMARY KEY,\n"
     "  name TEXT,                       -- personal data\n"
     "  birth_year INTEGER,              -- personal data\n"
     "  gender TEXT,\n"
     "  area TEXT REFERENCES areas(code),\n"
     "  education TEXT,\n"
     "  experience_years REAL,\n"
     "  wage_min REAL,\n"
     "  max_commute_km REAL,\n"
     "  registered TEXT,\n"
     "  status TEXT NOT NULL,            -- active, placed, withdrawn\n"
     "  sig TEXT);\n"
     "CREATE TABLE seeker_occupations(\n"
     "  seeker_id TEXT NOT NULL REFERENCES seekers(id) ON DELETE CASCADE,\n"
     "  rank INTEGER NOT NULL,           -- 1 = most wanted\n"
     "  occupation TEXT NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, rank)) WITHOUT ROWID;\n"
     "CREATE TABLE seeker_skills(\n"
     "  seeker_id TEXT NOT NULL REFERENCES seekers(id) ON DELETE CASCADE,\n"
     "  pos INTEGER NOT NULL,\n"
     "  label TEXT NOT NULL,\n"
     "  key TEXT NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos)) WITHOUT ROWID;\n"
     "CREATE INDEX seeker_skills_key ON seeker_skills(key);\n"
     "CREATE TABLE seeker_languages(\n"
     "  seeker_id TEXT NOT NULL REFERENCES seekers(id) ON DELETE CASCADE,\n"
     "  pos INTEGER NOT NULL,\n"
     "  code TEXT NOT NULL,\n"
     "  scheme TEXT NOT NULL,\n"
     "  level TEXT NOT NULL,\n"
     "  cefr INTEGER NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos)) WITHOUT ROWID;\n"
     "CREATE TABLE seeker_abroad(\n"
     "  seeker_id TEXT NOT NULL REFERENCES seekers(id) ON DELETE CASCADE,\n"
     "  pos INTEGER NOT NULL,\n"
     "  country TEXT NOT NULL,           -- ISO 3166 alpha-2 or '*'\n"
     "  PRIMARY KEY(seeker_id, pos)) WITHOUT ROWID;\n"
     "CREATE TABLE seeker_priority(\n"
     "  seeker_id TEXT NOT NULL REFERENCES seekers(id) ON DELETE CASCADE,\n"
     "  pos INTEGER NOT NULL,\n"
     "  grp TEXT NOT NULL,               -- poor, near_poor, disability, ...\n"
     "  PRIMARY KEY(seeker_id, pos)) WITHOUT ROWID;\n"

     /* History for forecasting: one value per series, key set and period. `keys` is a JSON
      * object of the key columns with values (names sorted, empty values left out), so the
      * same row imported twice has the same identity whatever the column order. */
     "CREATE TABLE history(\n"
     "  series TEXT NOT NULL,\n"
     "  keys TEXT NOT NULL,              -- '{\"area\":\"288\",\"industry\":\"C\"}'\n"
     "  period TEXT NOT NULL,            -- canonical: 2024Q1, 2024-03, 2024\n"
     "  freq INTEGER NOT NULL,           -- 1, 4, 12\n"
     "  pidx INTEGER NOT NULL,           -- vl_period_index\n"
     "  value REAL NOT NULL,\n"
     "  PRIMARY KEY(series, keys, period)) WITHOUT ROWID;\n"
     "CREATE TABLE history_key_names(\n"
     "  name TEXT PRIMARY KEY,\n"
     "  pos INTEGER NOT NULL);           -- first-seen order, for export\n"

     /* The audit trail and results. */
     "CREATE TABLE runs(\n"
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  started TEXT NOT NULL,           -- UTC, ISO 8601\n"
     "  finished TEXT,\n"
     "  os_user TEXT,\n"
     "  command TEXT NOT NULL,           -- the command line\n"
     "  config_path TEXT,\n"
     "  config_sha256 TEXT,\n"
     "  inputs TEXT NOT NULL DEFAULT '[]', -- JSON [{\"path\":..., \"sha256\":...}]\n"
     "  status TEXT NOT NULL DEFAULT 'running', -- running, ok, or a vl_strerror text\n"
     "  summary TEXT);                   -- JSON\n"
     "CREATE TABLE match_results(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  seeker_id TEXT NOT NULL,\n"
     "  vacancy_id TEXT NOT NULL,\n"
     "  rank INTEGER NOT NULL,\n"
     "  score REAL NOT NULL,\n"
     "  fit REAL,\n"
     "  appeal REAL,\n"
     "  explanation TEXT,                -- JSON\n"
     "  PRIMARY KEY(run_id, seeker_id, vacancy_id)) WITHOUT ROWID;\n"
     "CREATE INDEX match_results_vacancy ON match_results(run_id, vacancy_id);\n"
     "CREATE TABLE fair_invitations(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  fair_id TEXT NOT NULL,\n"
     "  seeker_id TEXT NOT NULL,\n"
     "  vacancy_id TEXT NOT NULL,\n"
     "  score REAL,\n"
     "  fit REAL,\n"
     "  appeal REAL,\n"
     "  rank_for_seeker INTEGER,\n"
     "  rank_for_vacancy INTEGER,\n"
     "  method TEXT NOT NULL,            -- flow, deferred_acceptance, greedy\n"
     "  PRIMARY KEY(run_id, fair_id, seeker_id, vacancy_id)) WITHOUT ROWID;\n"
     "CREATE TABLE forecasts(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT NOT NULL,\n"
     "  level TEXT NOT NULL DEFAULT '',  -- hierarchy level: 'total', 'area', 'area,industry'\n"
     "  keys TEXT NOT NULL DEFAULT '{}', -- JSON as in history.keys\n"
     "  period TEXT NOT NULL,\n"
     "  model TEXT NOT NULL,\n"
     "  mean REAL NOT NULL,\n"
     "  lo80 REAL, hi80 REAL, lo95 REAL, hi95 REAL,\n"
     "  PRIMARY KEY(run_id, series, keys, model, period)) WITHOUT ROWID;\n"
     "CREATE TABLE forecast_accuracy(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT NOT NULL,\n"
     "  keys TEXT NOT NULL DEFAULT '{}',\n"
     "  model TEXT NOT NULL,\n"
     "  metric TEXT NOT NULL,            -- MASE, sMAPE, coverage80, ...\n"
     "  horizon INTEGER NOT NULL DEFAULT 0, -- 0 = over all horizons\n"
     "  value REAL,\n"
     "  PRIMARY KEY(run_id, series, keys, model, metric, horizon)) WITHOUT ROWID;\n",
     NULL},

    /* ---- 2: the history a forecast run saw (planner reports) ---------------------------- */
    /* A report redraws a run's fan charts from this: aggregated nodes (total, each area) and
     * histories derived from vacancies and seekers are not in `history`, and the history may
     * be re-imported after the run. */
    {"CREATE TABLE forecast_history(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT NOT NULL,\n"
     "  keys TEXT NOT NULL DEFAULT '{}', -- JSON as in forecasts.keys\n"
     "  period TEXT NOT NULL,\n"
     "  pidx INTEGER NOT NULL,           -- vl_period_index, for ordering\n"
     "  value REAL NOT NULL,\n"
     "  PRIMARY KEY(run_id, series, keys, period)) WITHOUT ROWID;\n",
     NULL},

    /* ---- 3: referrals, their outcomes and follow-ups (placement.h) ---------------------- */
    /* The current outcome lives on the referral (what reports and the desk read); every outcome
     * ever recorded is appended to referral_outcomes, so a corrected hire keeps its history.
     * A current hire fills a position and marks the seeker placed: both are derived when read
     * (store/referrals.h), never written into vacancies or seekers, so re-importing those files
     * cannot undo a placement and correcting the hire undoes it. The PostgreSQL text differs
     * only in having no WITHOUT ROWID. */
    {
        "CREATE TABLE referrals(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  seeker TEXT NOT NULL REFERENCES seekers(id),\n"
        "  vacancy TEXT NOT NULL REFERENCES vacancies(id),\n"
        "  referred_on TEXT NOT NULL,\n"
        "  channel TEXT NOT NULL,           -- desk, fair, phone, online\n"
        "  staff TEXT,                      -- who referred\n"
        "  outcome TEXT,                    -- NULL pending; no_show, interviewed, rejected,\n"
        "                                   -- declined, hired\n"
        "  outcome_on TEXT,\n"
        "  start_on TEXT,                   -- a hire's first day\n"
        "  wage DOUBLE PRECISION,           -- a hire's wage, VND per month\n"
        "  sig TEXT);\n"
        "CREATE INDEX referrals_seeker ON referrals(seeker, referred_on);\n"
        "CREATE INDEX referrals_vacancy ON referrals(vacancy, outcome);\n"
        "CREATE INDEX referrals_date ON referrals(referred_on);\n"
        "CREATE TABLE referral_outcomes(\n"
        "  referral TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,\n"
        "  seq INTEGER NOT NULL,            -- 1, 2, ... in the order recorded\n"
        "  outcome TEXT NOT NULL,\n"
        "  outcome_on TEXT NOT NULL,\n"
        "  start_on TEXT,\n"
        "  wage DOUBLE PRECISION,\n"
        "  recorded TEXT NOT NULL,          -- UTC time written\n"
        "  source TEXT NOT NULL,            -- import, api\n"
        "  staff TEXT,                      -- who recorded it (api)\n"
        "  PRIMARY KEY(referral, seq)) WITHOUT ROWID;\n"
        "CREATE TABLE followups(\n"
        "  referral TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,\n"
        "  checked_on TEXT NOT NULL,\n"
        "  employed INTEGER NOT NULL CHECK(employed IN (0, 1)),\n"
        "  PRIMARY KEY(referral, checked_on)) WITHOUT ROWID;\n",
        "CREATE TABLE referrals(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  seeker TEXT NOT NULL REFERENCES seekers(id),\n"
        "  vacancy TEXT NOT NULL REFERENCES vacancies(id),\n"
        "  referred_on TEXT NOT NULL,\n"
        "  channel TEXT NOT NULL,           -- desk, fair, phone, online\n"
        "  staff TEXT,                      -- who referred\n"
        "  outcome TEXT,                    -- NULL pending; no_show, interviewed, rejected,\n"
        "                                   -- declined, hired\n"
        "  outcome_on TEXT,\n"
        "  start_on TEXT,                   -- a hire's first day\n"
        "  wage DOUBLE PRECISION,           -- a hire's wage, VND per month\n"
        "  sig TEXT);\n"
        "CREATE INDEX referrals_seeker ON referrals(seeker, referred_on);\n"
        "CREATE INDEX referrals_vacancy ON referrals(vacancy, outcome);\n"
        "CREATE INDEX referrals_date ON referrals(referred_on);\n"
        "CREATE TABLE referral_outcomes(\n"
        "  referral TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,\n"
        "  seq INTEGER NOT NULL,            -- 1, 2, ... in the order recorded\n"
        "  outcome TEXT NOT NULL,\n"
        "  outcome_on TEXT NOT NULL,\n"
        "  start_on TEXT,\n"
        "  wage DOUBLE PRECISION,\n"
        "  recorded TEXT NOT NULL,          -- UTC time written\n"
        "  source TEXT NOT NULL,            -- import, api\n"
        "  staff TEXT,                      -- who recorded it (api)\n"
        "  PRIMARY KEY(referral, seq));\n"
        "CREATE TABLE followups(\n"
        "  referral TEXT NOT NULL REFERENCES referrals(id) ON DELETE CASCADE,\n"
        "  checked_on TEXT NOT NULL,\n"
        "  employed INTEGER NOT NULL CHECK(employed IN (0, 1)),\n"
        "  PRIMARY KEY(referral, checked_on));\n",
    },
};

int vl__db_schema_target(void)
{
    return (int)VL_ARRAY_LEN(migrations);
}

vl_status vl__db_migrate_steps(vl_ctx *ctx, vl_db *db, int from)
{
    assert(from >= 0 && from <= vl__db_schema_target());
    for (int v = from; v < vl__db_schema_target(); v++) {
        vl_status st = vl__db_exec(ctx, db, vl__sql(db, migrations[v].sql, migrations[v].pg));
        if (st != VL_OK) {
            char why[512];
            snprintf(why, sizeof why, "%s", vl_ctx_errmsg(ctx));
            return vl__error(ctx, st, "schema migration %d -> %d failed: %s", v, v + 1, why);
        }
        if ((st = vl__db_set_version(ctx, db, v + 1)) != VL_OK)
            return st;
    }
    return VL_OK;
}
