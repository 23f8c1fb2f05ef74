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
     /* PostgreSQL: every text column in byte order (COLLATE "C", as SQLite's BINARY), doubles,
      * an identity for runs, and seekers and vacancies partitioned by province (vl_province of
      * their area) with their lists keyed by (province, id) so a move between provinces
      * cascades; vl_partition_sync makes the partitions once the provinces are known. */
     "CREATE TABLE meta(key TEXT COLLATE \"C\" PRIMARY KEY, value TEXT COLLATE \"C\" NOT NULL);\n"
     "CREATE TABLE occupations(\n"
     "  classification TEXT COLLATE \"C\" NOT NULL,\n"
     "  code TEXT COLLATE \"C\" NOT NULL,\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),\n"
     "  parent TEXT COLLATE \"C\",\n"
     "  title_en TEXT COLLATE \"C\",\n"
     "  title_vi TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(classification, code));\n"
     "CREATE TABLE industries(\n"
     "  version TEXT COLLATE \"C\" NOT NULL,\n"
     "  code TEXT COLLATE \"C\" NOT NULL,\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 5),\n"
     "  parent TEXT COLLATE \"C\",\n"
     "  title_vi TEXT COLLATE \"C\",\n"
     "  title_en TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(version, code));\n"
     "CREATE INDEX industries_code ON industries(code);\n"
     "CREATE TABLE areas(\n"
     "  code TEXT COLLATE \"C\" PRIMARY KEY,\n"
     "  name TEXT COLLATE \"C\" NOT NULL,\n"
     "  parent TEXT COLLATE \"C\" REFERENCES areas(code),\n"
     "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 3),\n"
     "  lat DOUBLE PRECISION, lon DOUBLE PRECISION,\n"
     "  valid_from TEXT COLLATE \"C\", valid_to TEXT COLLATE \"C\",\n"
     "  version TEXT COLLATE \"C\" NOT NULL,\n"
     "  sig TEXT COLLATE \"C\");\n"
     "CREATE INDEX areas_parent ON areas(parent);\n"
     "-- the province (top-level area) of an area: the partition key of seekers and vacancies;\n"
     "-- '' for no area (a vacancy abroad), which every province reads\n"
     "CREATE FUNCTION vl_province(a TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$\n"
     "  WITH RECURSIVE up(code, parent, depth) AS (\n"
     "    SELECT code, parent, 0 FROM areas WHERE code = a\n"
     "    UNION ALL SELECT p.code, p.parent, u.depth + 1 FROM areas p JOIN up u ON p.code = "
     "u.parent\n"
     "     WHERE u.depth < 8)\n"
     "  SELECT COALESCE((SELECT code FROM up WHERE parent IS NULL LIMIT 1), '') $$;\n"
     "CREATE TABLE employers(\n"
     "  id TEXT COLLATE \"C\" PRIMARY KEY,\n"
     "  name TEXT COLLATE \"C\" NOT NULL,\n"
     "  industry TEXT COLLATE \"C\",\n"
     "  area TEXT COLLATE \"C\" REFERENCES areas(code),\n"
     "  sig TEXT COLLATE \"C\");\n"
     "CREATE TABLE fairs(\n"
     "  id TEXT COLLATE \"C\" PRIMARY KEY,\n"
     "  name TEXT COLLATE \"C\",\n"
     "  date TEXT COLLATE \"C\",\n"
     "  area TEXT COLLATE \"C\" REFERENCES areas(code),\n"
     "  venue TEXT COLLATE \"C\",\n"
     "  capacity INTEGER);\n"
     "-- seekers and vacancies are partitioned by province (vl_partition_sync makes one partition "
     "per\n"
     "-- province; rows of an area without a province partition wait in the default one); an id "
     "is\n"
     "-- unique across provinces because every writer runs SERIALIZABLE and looks the id up first\n"
     "CREATE TABLE vacancies(\n"
     "  province TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
     "  id TEXT COLLATE \"C\" NOT NULL,\n"
     "  employer TEXT COLLATE \"C\" NOT NULL REFERENCES employers(id),\n"
     "  title TEXT COLLATE \"C\" NOT NULL,\n"
     "  occupation TEXT COLLATE \"C\" NOT NULL,\n"
     "  education_min TEXT COLLATE \"C\",\n"
     "  experience_min DOUBLE PRECISION,\n"
     "  wage_min DOUBLE PRECISION, wage_max DOUBLE PRECISION,\n"
     "  positions INTEGER,\n"
     "  area TEXT COLLATE \"C\" REFERENCES areas(code),\n"
     "  country TEXT COLLATE \"C\" NOT NULL,\n"
     "  age_min INTEGER, age_max INTEGER,\n"
     "  posted TEXT COLLATE \"C\", closes TEXT COLLATE \"C\",\n"
     "  fair TEXT COLLATE \"C\" REFERENCES fairs(id),\n"
     "  sig TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(province, id)) PARTITION BY LIST (province);\n"
     "CREATE TABLE vacancies_default PARTITION OF vacancies DEFAULT;\n"
     "CREATE INDEX vacancies_id ON vacancies(id);\n"
     "CREATE INDEX vacancies_employer ON vacancies(employer);\n"
     "CREATE TABLE vacancy_skills(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  vacancy_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  required INTEGER NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  label TEXT COLLATE \"C\" NOT NULL,\n"
     "  key TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(vacancy_id, required, pos),\n"
     "  FOREIGN KEY(province, vacancy_id) REFERENCES vacancies(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX vacancy_skills_key ON vacancy_skills(key);\n"
     "CREATE INDEX vacancy_skills_parent ON vacancy_skills(province, vacancy_id);\n"
     "CREATE TABLE vacancy_languages(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  vacancy_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  code TEXT COLLATE \"C\" NOT NULL,\n"
     "  scheme TEXT COLLATE \"C\" NOT NULL,\n"
     "  level TEXT COLLATE \"C\" NOT NULL,\n"
     "  cefr INTEGER NOT NULL,\n"
     "  PRIMARY KEY(vacancy_id, pos),\n"
     "  FOREIGN KEY(province, vacancy_id) REFERENCES vacancies(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX vacancy_languages_parent ON vacancy_languages(province, vacancy_id);\n"
     "CREATE TABLE seekers(\n"
     "  province TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
     "  id TEXT COLLATE \"C\" NOT NULL,\n"
     "  name TEXT COLLATE \"C\",\n"
     "  birth_year INTEGER,\n"
     "  gender TEXT COLLATE \"C\",\n"
     "  area TEXT COLLATE \"C\" REFERENCES areas(code),\n"
     "  education TEXT COLLATE \"C\",\n"
     "  experience_years DOUBLE PRECISION,\n"
     "  wage_min DOUBLE PRECISION,\n"
     "  max_commute_km DOUBLE PRECISION,\n"
     "  registered TEXT COLLATE \"C\",\n"
     "  status TEXT COLLATE \"C\" NOT NULL,\n"
     "  sig TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(province, id)) PARTITION BY LIST (province);\n"
     "CREATE TABLE seekers_default PARTITION OF seekers DEFAULT;\n"
     "CREATE INDEX seekers_id ON seekers(id);\n"
     "CREATE TABLE seeker_occupations(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  rank INTEGER NOT NULL,\n"
     "  occupation TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, rank),\n"
     "  FOREIGN KEY(province, seeker_id) REFERENCES seekers(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX seeker_occupations_parent ON seeker_occupations(province, seeker_id);\n"
     "CREATE TABLE seeker_skills(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  label TEXT COLLATE \"C\" NOT NULL,\n"
     "  key TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos),\n"
     "  FOREIGN KEY(province, seeker_id) REFERENCES seekers(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX seeker_skills_key ON seeker_skills(key);\n"
     "CREATE INDEX seeker_skills_parent ON seeker_skills(province, seeker_id);\n"
     "CREATE TABLE seeker_languages(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  code TEXT COLLATE \"C\" NOT NULL,\n"
     "  scheme TEXT COLLATE \"C\" NOT NULL,\n"
     "  level TEXT COLLATE \"C\" NOT NULL,\n"
     "  cefr INTEGER NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos),\n"
     "  FOREIGN KEY(province, seeker_id) REFERENCES seekers(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX seeker_languages_parent ON seeker_languages(province, seeker_id);\n"
     "CREATE TABLE seeker_abroad(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  country TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos),\n"
     "  FOREIGN KEY(province, seeker_id) REFERENCES seekers(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX seeker_abroad_parent ON seeker_abroad(province, seeker_id);\n"
     "CREATE TABLE seeker_priority(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  pos INTEGER NOT NULL,\n"
     "  grp TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(seeker_id, pos),\n"
     "  FOREIGN KEY(province, seeker_id) REFERENCES seekers(province, id)\n"
     "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
     "CREATE INDEX seeker_priority_parent ON seeker_priority(province, seeker_id);\n"
     "-- one partition per province of the areas table, for each partitioned table (idempotent;\n"
     "-- rows that waited in the default partition move into their province's)\n"
     "CREATE FUNCTION vl_partition_sync() RETURNS void LANGUAGE plpgsql AS $$\n"
     "DECLARE t TEXT; p TEXT; part TEXT;\n"
     "BEGIN\n"
     "  FOR t IN SELECT c.relname FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = "
     "pt.partrelid\n"
     "           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema()\n"
     "           ORDER BY 1 LOOP\n"
     "    FOR p IN SELECT code FROM areas WHERE parent IS NULL AND code ~ '^[0-9A-Za-z]+$' ORDER "
     "BY 1 LOOP\n"
     "      part := t || '_p' || lower(p);\n"
     "      CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;\n"
     "      EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS)', part, t);\n"
     "      EXECUTE format('INSERT INTO %I SELECT * FROM %I WHERE province = %L', part, t || "
     "'_default', p);\n"
     "      EXECUTE format('DELETE FROM %I WHERE province = %L', t || '_default', p);\n"
     "      EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES IN (%L)', t, part, p);\n"
     "    END LOOP;\n"
     "  END LOOP;\n"
     "END $$;\n"
     "CREATE TABLE history(\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  keys TEXT COLLATE \"C\" NOT NULL,\n"
     "  period TEXT COLLATE \"C\" NOT NULL,\n"
     "  freq INTEGER NOT NULL,\n"
     "  pidx INTEGER NOT NULL,\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  PRIMARY KEY(series, keys, period));\n"
     "CREATE TABLE history_key_names(\n"
     "  name TEXT COLLATE \"C\" PRIMARY KEY,\n"
     "  pos INTEGER NOT NULL);\n"
     "CREATE TABLE runs(\n"
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
     "  started TEXT COLLATE \"C\" NOT NULL,\n"
     "  finished TEXT COLLATE \"C\",\n"
     "  os_user TEXT COLLATE \"C\",\n"
     "  command TEXT COLLATE \"C\" NOT NULL,\n"
     "  config_path TEXT COLLATE \"C\",\n"
     "  config_sha256 TEXT COLLATE \"C\",\n"
     "  inputs TEXT COLLATE \"C\" NOT NULL DEFAULT '[]',\n"
     "  status TEXT COLLATE \"C\" NOT NULL DEFAULT 'running',\n"
     "  summary TEXT COLLATE \"C\");\n"
     "CREATE TABLE match_results(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  vacancy_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  rank INTEGER NOT NULL,\n"
     "  score DOUBLE PRECISION NOT NULL,\n"
     "  fit DOUBLE PRECISION,\n"
     "  appeal DOUBLE PRECISION,\n"
     "  explanation TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(run_id, seeker_id, vacancy_id));\n"
     "CREATE INDEX match_results_vacancy ON match_results(run_id, vacancy_id);\n"
     "CREATE TABLE fair_invitations(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  fair_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  vacancy_id TEXT COLLATE \"C\" NOT NULL,\n"
     "  score DOUBLE PRECISION,\n"
     "  fit DOUBLE PRECISION,\n"
     "  appeal DOUBLE PRECISION,\n"
     "  rank_for_seeker INTEGER,\n"
     "  rank_for_vacancy INTEGER,\n"
     "  method TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(run_id, fair_id, seeker_id, vacancy_id));\n"
     "CREATE TABLE forecasts(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  level TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  period TEXT COLLATE \"C\" NOT NULL,\n"
     "  model TEXT COLLATE \"C\" NOT NULL,\n"
     "  mean DOUBLE PRECISION NOT NULL,\n"
     "  lo80 DOUBLE PRECISION, hi80 DOUBLE PRECISION, lo95 DOUBLE PRECISION, hi95 DOUBLE "
     "PRECISION,\n"
     "  PRIMARY KEY(run_id, series, keys, model, period));\n"
     "CREATE TABLE forecast_accuracy(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  model TEXT COLLATE \"C\" NOT NULL,\n"
     "  metric TEXT COLLATE \"C\" NOT NULL,\n"
     "  horizon INTEGER NOT NULL DEFAULT 0,\n"
     "  value DOUBLE PRECISION,\n"
     "  PRIMARY KEY(run_id, series, keys, model, metric, horizon));\n"},

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
     "CREATE TABLE forecast_history(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  period TEXT COLLATE \"C\" NOT NULL,\n"
     "  pidx INTEGER NOT NULL,\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  PRIMARY KEY(run_id, series, keys, period));\n"},

    /* ---- 3: referrals, their outcomes and follow-ups (placement.h) ---------------------- */
    /* The current outcome lives on the referral (what reports and the desk read); every outcome
     * ever recorded is appended to referral_outcomes, so a corrected hire keeps its history.
     * A current hire fills a position and marks the seeker placed: both are derived when read
     * (store/referrals.h), never written into vacancies or seekers, so re-importing those files
     * cannot undo a placement and correcting the hire undoes it. */
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
        /* PostgreSQL: referrals partitioned by the seeker's province, outcomes and follow-ups
         * keyed by it, so that a seeker's move carries his referrals along */
        "CREATE TABLE referrals(\n"
        "  province TEXT COLLATE \"C\" NOT NULL,\n"
        "  vacancy_province TEXT COLLATE \"C\" NOT NULL,\n"
        "  id TEXT COLLATE \"C\" NOT NULL,\n"
        "  seeker TEXT COLLATE \"C\" NOT NULL,\n"
        "  vacancy TEXT COLLATE \"C\" NOT NULL,\n"
        "  referred_on TEXT COLLATE \"C\" NOT NULL,\n"
        "  channel TEXT COLLATE \"C\" NOT NULL,\n"
        "  staff TEXT COLLATE \"C\",\n"
        "  outcome TEXT COLLATE \"C\",\n"
        "  outcome_on TEXT COLLATE \"C\",\n"
        "  start_on TEXT COLLATE \"C\",\n"
        "  wage DOUBLE PRECISION,\n"
        "  sig TEXT COLLATE \"C\",\n"
        "  PRIMARY KEY(province, id),\n"
        "  FOREIGN KEY(province, seeker) REFERENCES seekers(province, id) ON UPDATE CASCADE,\n"
        "  FOREIGN KEY(vacancy_province, vacancy) REFERENCES vacancies(province, id) ON UPDATE "
        "CASCADE)\n"
        "  PARTITION BY LIST (province);\n"
        "CREATE TABLE referrals_default PARTITION OF referrals DEFAULT;\n"
        "CREATE INDEX referrals_id ON referrals(id);\n"
        "CREATE INDEX referrals_seeker ON referrals(seeker, referred_on);\n"
        "CREATE INDEX referrals_vacancy ON referrals(vacancy, outcome);\n"
        "CREATE INDEX referrals_date ON referrals(referred_on);\n"
        "CREATE TABLE referral_outcomes(\n"
        "  province TEXT COLLATE \"C\" NOT NULL,\n"
        "  referral TEXT COLLATE \"C\" NOT NULL,\n"
        "  seq INTEGER NOT NULL,\n"
        "  outcome TEXT COLLATE \"C\" NOT NULL,\n"
        "  outcome_on TEXT COLLATE \"C\" NOT NULL,\n"
        "  start_on TEXT COLLATE \"C\",\n"
        "  wage DOUBLE PRECISION,\n"
        "  recorded TEXT COLLATE \"C\" NOT NULL,\n"
        "  source TEXT COLLATE \"C\" NOT NULL,\n"
        "  staff TEXT COLLATE \"C\",\n"
        "  PRIMARY KEY(referral, seq),\n"
        "  FOREIGN KEY(province, referral) REFERENCES referrals(province, id)\n"
        "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
        "CREATE INDEX referral_outcomes_parent ON referral_outcomes(province, referral);\n"
        "CREATE TABLE followups(\n"
        "  province TEXT COLLATE \"C\" NOT NULL,\n"
        "  referral TEXT COLLATE \"C\" NOT NULL,\n"
        "  checked_on TEXT COLLATE \"C\" NOT NULL,\n"
        "  employed INTEGER NOT NULL CHECK(employed IN (0, 1)),\n"
        "  PRIMARY KEY(referral, checked_on),\n"
        "  FOREIGN KEY(province, referral) REFERENCES referrals(province, id)\n"
        "    ON DELETE CASCADE ON UPDATE CASCADE);\n"
        "CREATE INDEX followups_parent ON followups(province, referral);\n"
        "SELECT vl_partition_sync();\n",
    },

    /* ---- 4: runs know their process, so a killed run is found and marked interrupted ----- */
    /* A run row stays 'running' when its process is killed. The next writer compares each
     * running row's pid and process start time (pid_start: clock ticks after boot, from
     * /proc) with the live processes; one that no longer exists was interrupted. */
    {
        "ALTER TABLE runs ADD COLUMN pid INTEGER;\n"
        "ALTER TABLE runs ADD COLUMN pid_start TEXT;\n",
        NULL,
    },

    /* ---- 5: PostgreSQL: lists of seekers and vacancies kept by the store ----------------- */
    /* A foreign key to a partitioned table costs a query per row (a bulk import of a country's
     * seekers spent most of its time there), so on PostgreSQL the list tables lose theirs: the
     * store writes each list row with its parent's province, and statement triggers delete the
     * lists of deleted parents and move them with a parent that changes province. Nothing
     * changes for SQLite. */
    {"-- nothing for SQLite\n",
     "ALTER TABLE vacancy_skills DROP CONSTRAINT vacancy_skills_province_vacancy_id_fkey;\n"
     "ALTER TABLE vacancy_languages DROP CONSTRAINT vacancy_languages_province_vacancy_id_fkey;\n"
     "ALTER TABLE seeker_occupations DROP CONSTRAINT seeker_occupations_province_seeker_id_fkey;\n"
     "ALTER TABLE seeker_skills DROP CONSTRAINT seeker_skills_province_seeker_id_fkey;\n"
     "ALTER TABLE seeker_languages DROP CONSTRAINT seeker_languages_province_seeker_id_fkey;\n"
     "ALTER TABLE seeker_abroad DROP CONSTRAINT seeker_abroad_province_seeker_id_fkey;\n"
     "ALTER TABLE seeker_priority DROP CONSTRAINT seeker_priority_province_seeker_id_fkey;\n"
     "CREATE FUNCTION vl_lists_follow() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "BEGIN\n"
     "  FOR i IN 1 .. TG_NARGS - 1 LOOP\n"
     "    IF TG_OP = 'DELETE' THEN\n"
     "      EXECUTE format('DELETE FROM %I c USING vl_gone g WHERE c.%I = g.id'\n"
     "                     ' AND c.province = g.province', TG_ARGV[i], TG_ARGV[0]);\n"
     "    ELSE\n"
     "      EXECUTE format('UPDATE %I c SET province = n.province FROM vl_old o JOIN vl_new n'\n"
     "                     ' ON n.id = o.id WHERE o.province <> n.province AND c.%I = n.id',\n"
     "                     TG_ARGV[i], TG_ARGV[0]);\n"
     "    END IF;\n"
     "  END LOOP;\n"
     "  RETURN NULL;\n"
     "END $$;\n"
     "CREATE TRIGGER seekers_lists_gone AFTER DELETE ON seekers REFERENCING OLD TABLE AS vl_gone\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_lists_follow('seeker_id', 'seeker_occupations',\n"
     "  'seeker_skills', 'seeker_languages', 'seeker_abroad', 'seeker_priority');\n"
     "CREATE TRIGGER seekers_lists_moved AFTER UPDATE ON seekers\n"
     "  REFERENCING OLD TABLE AS vl_old NEW TABLE AS vl_new\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_lists_follow('seeker_id', 'seeker_occupations',\n"
     "  'seeker_skills', 'seeker_languages', 'seeker_abroad', 'seeker_priority');\n"
     "CREATE TRIGGER vacancies_lists_gone AFTER DELETE ON vacancies REFERENCING OLD TABLE AS "
     "vl_gone\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_lists_follow('vacancy_id', 'vacancy_skills',\n"
     "  'vacancy_languages');\n"
     "CREATE TRIGGER vacancies_lists_moved AFTER UPDATE ON vacancies\n"
     "  REFERENCING OLD TABLE AS vl_old NEW TABLE AS vl_new\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_lists_follow('vacancy_id', 'vacancy_skills',\n"
     "  'vacancy_languages');\n"},

    /* ---- 6: the staff desk: accounts, the access audit, following changes, seeker search -- */
    /* users: accounts of `vieclam serve`; pw_hash is libsodium's Argon2id string (salt and
     * costs inside), never a password. access_audit: who saw or changed which person's record
     * (Decree 13/2023/ND-CP), append-only: its triggers refuse every UPDATE and DELETE.
     * changes: the log behind vl_db_changes_since; every write of a seeker, vacancy or
     * employer row appends (kind, id) whoever wrote it (the server, an import, an erase), so a
     * running server follows other programs' writes; writers rewrite the parent row whenever
     * a child row changes, so triggers on the parents suffice. seekers gain phone (canonical:
     * digits, '+84' written '0'), id_card (9 or 12 digits) and name_key (the folded name the
     * desk searches by), all personal data. seeker_names: word-prefix search over folded
     * names (FTS5), keyed by a stable integer per seeker (seekers has no INTEGER PRIMARY KEY, so
     * its rowid may change on VACUUM). PostgreSQL: the same tables with plpgsql triggers and a
     * trigram index on name_key instead of FTS5 (the search statement differs in list.c). */
    {"CREATE TABLE users(\n"
     "  name TEXT PRIMARY KEY,\n"
     "  role TEXT NOT NULL CHECK(role IN ('staff', 'planner', 'admin')),\n"
     "  pw_hash TEXT NOT NULL,\n"
     "  disabled INTEGER NOT NULL DEFAULT 0,\n"
     "  lang TEXT NOT NULL DEFAULT 'vi',\n"
     "  created TEXT NOT NULL,           -- UTC, ISO 8601\n"
     "  last_login TEXT);\n"
     "CREATE TABLE access_audit(\n"
     "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  at TEXT NOT NULL,                -- UTC, ISO 8601\n"
     "  by_user TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,            -- view, search, create, update, match, refer, ...\n"
     "  kind TEXT NOT NULL,              -- seeker, vacancy, referral, fair_plan, user, ...\n"
     "  record TEXT NOT NULL,            -- the record's id\n"
     "  detail TEXT);                    -- ids listed, never names\n"
     "CREATE INDEX access_audit_record ON access_audit(kind, record);\n"
     "CREATE INDEX access_audit_user ON access_audit(by_user, id);\n"
     "CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'the access audit is append-only'); END;\n"
     "CREATE TRIGGER access_audit_no_delete BEFORE DELETE ON access_audit\n"
     "  BEGIN SELECT RAISE(ABORT, 'the access audit is append-only'); END;\n"
     "CREATE TABLE changes(\n"
     "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  kind TEXT NOT NULL,              -- seeker, vacancy, employer\n"
     "  id TEXT NOT NULL);\n"
     "CREATE TRIGGER changes_seeker_ins AFTER INSERT ON seekers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', NEW.id); END;\n"
     "CREATE TRIGGER changes_seeker_upd AFTER UPDATE ON seekers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', NEW.id); END;\n"
     "CREATE TRIGGER changes_seeker_del AFTER DELETE ON seekers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', OLD.id); END;\n"
     "CREATE TRIGGER changes_vacancy_ins AFTER INSERT ON vacancies\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.id); END;\n"
     "CREATE TRIGGER changes_vacancy_upd AFTER UPDATE ON vacancies\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.id); END;\n"
     "CREATE TRIGGER changes_vacancy_del AFTER DELETE ON vacancies\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', OLD.id); END;\n"
     "CREATE TRIGGER changes_employer_ins AFTER INSERT ON employers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', NEW.id); END;\n"
     "CREATE TRIGGER changes_employer_upd AFTER UPDATE ON employers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', NEW.id); END;\n"
     "CREATE TRIGGER changes_employer_del AFTER DELETE ON employers\n"
     "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', OLD.id); END;\n"
     /* a current hire changes a vacancy's open positions and a seeker's status as they are
      * read (store/referrals.h): log both records when a hire is made, changed or undone */
     "CREATE TRIGGER changes_referral_ins AFTER INSERT ON referrals\n"
     "  WHEN NEW.outcome = 'hired' BEGIN\n"
     "  INSERT INTO changes(kind, id) VALUES ('seeker', NEW.seeker);\n"
     "  INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.vacancy); END;\n"
     "CREATE TRIGGER changes_referral_upd AFTER UPDATE ON referrals\n"
     "  WHEN NEW.outcome IS 'hired' OR OLD.outcome IS 'hired' BEGIN\n"
     "  INSERT INTO changes(kind, id) VALUES ('seeker', NEW.seeker);\n"
     "  INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.vacancy); END;\n"
     "CREATE TRIGGER changes_referral_del AFTER DELETE ON referrals\n"
     "  WHEN OLD.outcome = 'hired' BEGIN\n"
     "  INSERT INTO changes(kind, id) VALUES ('seeker', OLD.seeker);\n"
     "  INSERT INTO changes(kind, id) VALUES ('vacancy', OLD.vacancy); END;\n"
     "ALTER TABLE seekers ADD COLUMN phone TEXT;\n"
     "ALTER TABLE seekers ADD COLUMN id_card TEXT;\n"
     "ALTER TABLE seekers ADD COLUMN name_key TEXT;\n"
     "UPDATE seekers SET name_key = vl_fold(name);\n"
     "CREATE INDEX seekers_phone ON seekers(phone);\n"
     "CREATE INDEX seekers_id_card ON seekers(id_card);\n"
     "CREATE INDEX seekers_name_key ON seekers(name_key, id);\n"
     "CREATE TABLE seeker_keys(n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);\n"
     "CREATE VIRTUAL TABLE seeker_names USING fts5(name_key, prefix='1 2 3',"
     " tokenize='unicode61 remove_diacritics 0');\n"
     "INSERT INTO seeker_keys(id) SELECT id FROM seekers ORDER BY id;\n"
     "INSERT INTO seeker_names(rowid, name_key)"
     " SELECT k.n, s.name_key FROM seekers s JOIN seeker_keys k ON k.id = s.id"
     " WHERE s.name_key IS NOT NULL;\n"
     "CREATE TRIGGER seeker_names_ins AFTER INSERT ON seekers BEGIN\n"
     "  INSERT OR IGNORE INTO seeker_keys(id) VALUES (NEW.id);\n"
     "  INSERT INTO seeker_names(rowid, name_key)\n"
     "    SELECT n, NEW.name_key FROM seeker_keys WHERE id = NEW.id AND NEW.name_key IS NOT NULL;\n"
     "END;\n"
     "CREATE TRIGGER seeker_names_upd AFTER UPDATE OF name_key ON seekers BEGIN\n"
     "  DELETE FROM seeker_names WHERE rowid = (SELECT n FROM seeker_keys WHERE id = OLD.id);\n"
     "  INSERT INTO seeker_names(rowid, name_key)\n"
     "    SELECT n, NEW.name_key FROM seeker_keys WHERE id = NEW.id AND NEW.name_key IS NOT NULL;\n"
     "END;\n"
     "CREATE TRIGGER seeker_names_del AFTER DELETE ON seekers BEGIN\n"
     "  DELETE FROM seeker_names WHERE rowid = (SELECT n FROM seeker_keys WHERE id = OLD.id);\n"
     "  DELETE FROM seeker_keys WHERE id = OLD.id;\n"
     "END;\n"
     "CREATE INDEX vacancies_posted ON vacancies(posted, id);\n"
     "CREATE INDEX vacancies_fair ON vacancies(fair);\n",
     /* PostgreSQL */
     "CREATE TABLE users(\n"
     "  name TEXT PRIMARY KEY,\n"
     "  role TEXT NOT NULL CHECK(role IN ('staff', 'planner', 'admin')),\n"
     "  pw_hash TEXT NOT NULL,\n"
     "  disabled INTEGER NOT NULL DEFAULT 0,\n"
     "  lang TEXT NOT NULL DEFAULT 'vi',\n"
     "  created TEXT NOT NULL,\n"
     "  last_login TEXT);\n"
     "CREATE TABLE access_audit(\n"
     "  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
     "  at TEXT NOT NULL,\n"
     "  by_user TEXT NOT NULL,\n"
     "  action TEXT NOT NULL,\n"
     "  kind TEXT NOT NULL,\n"
     "  record TEXT NOT NULL,\n"
     "  detail TEXT);\n"
     "CREATE INDEX access_audit_record ON access_audit(kind, record);\n"
     "CREATE INDEX access_audit_user ON access_audit(by_user, id);\n"
     "CREATE FUNCTION vl_append_only() RETURNS trigger LANGUAGE plpgsql AS\n"
     "  $$ BEGIN RAISE EXCEPTION 'the access audit is append-only'; END $$;\n"
     "CREATE TRIGGER access_audit_append_only BEFORE UPDATE OR DELETE ON access_audit\n"
     "  FOR EACH ROW EXECUTE FUNCTION vl_append_only();\n"
     "CREATE TABLE changes(\n"
     "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
     "  kind TEXT NOT NULL,\n"
     "  id TEXT NOT NULL);\n"
     "CREATE FUNCTION vl_log_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
     "  IF TG_TABLE_NAME = 'referrals' THEN\n"
     "    IF (TG_OP <> 'DELETE' AND NEW.outcome IS NOT DISTINCT FROM 'hired') OR\n"
     "       (TG_OP <> 'INSERT' AND OLD.outcome IS NOT DISTINCT FROM 'hired') THEN\n"
     "      INSERT INTO changes(kind, id) VALUES ('seeker', COALESCE(NEW.seeker, OLD.seeker)),\n"
     "        ('vacancy', COALESCE(NEW.vacancy, OLD.vacancy));\n"
     "    END IF;\n"
     "  ELSE\n"
     "    INSERT INTO changes(kind, id) VALUES (TG_ARGV[0], COALESCE(NEW.id, OLD.id));\n"
     "  END IF;\n"
     "  PERFORM pg_notify('vieclam_changes', '');\n"
     "  RETURN NULL; END $$;\n"
     "CREATE TRIGGER changes_seeker AFTER INSERT OR UPDATE OR DELETE ON seekers\n"
     "  FOR EACH ROW EXECUTE FUNCTION vl_log_change('seeker');\n"
     "CREATE TRIGGER changes_vacancy AFTER INSERT OR UPDATE OR DELETE ON vacancies\n"
     "  FOR EACH ROW EXECUTE FUNCTION vl_log_change('vacancy');\n"
     "CREATE TRIGGER changes_employer AFTER INSERT OR UPDATE OR DELETE ON employers\n"
     "  FOR EACH ROW EXECUTE FUNCTION vl_log_change('employer');\n"
     "CREATE TRIGGER changes_referral AFTER INSERT OR UPDATE OR DELETE ON referrals\n"
     "  FOR EACH ROW EXECUTE FUNCTION vl_log_change('referral');\n"
     "ALTER TABLE seekers ADD COLUMN phone TEXT;\n"
     "ALTER TABLE seekers ADD COLUMN id_card TEXT;\n"
     "ALTER TABLE seekers ADD COLUMN name_key TEXT;\n"
     "CREATE INDEX seekers_phone ON seekers(phone);\n"
     "CREATE INDEX seekers_id_card ON seekers(id_card);\n"
     "CREATE INDEX seekers_name_key ON seekers(name_key, id);\n"
     "CREATE INDEX vacancies_posted ON vacancies(posted, id);\n"
     "CREATE INDEX vacancies_fair ON vacancies(fair);\n"},

    /* ---- 7: counselling, yearly targets, fairs as an import kind (the activity report) ----- */
    /* Counselling sessions count seekers counselled; targets hold what the province asked for a
     * year (`vieclam target set`), set_at when; fairs get the sig of the `fairs` import kind
     * (a fair first named by a vacancy has none until its row is imported). */
    {"CREATE TABLE counselling(\n"
     "  seeker TEXT NOT NULL REFERENCES seekers(id),\n"
     "  counselled_on TEXT NOT NULL,\n"
     "  staff TEXT,\n"
     "  topic TEXT,\n"
     "  sig TEXT,\n"
     "  PRIMARY KEY(seeker, counselled_on)) WITHOUT ROWID;\n"
     "CREATE INDEX counselling_date ON counselling(counselled_on);\n"
     "CREATE TABLE targets(\n"
     "  year INTEGER NOT NULL,\n"
     "  measure TEXT NOT NULL,           -- registered, counselled, referred, placed, ...\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  set_at TEXT NOT NULL,            -- UTC time set\n"
     "  PRIMARY KEY(year, measure));\n"
     "ALTER TABLE fairs ADD COLUMN sig TEXT;\n",
     "CREATE TABLE counselling(\n"
     "  province TEXT COLLATE \"C\" NOT NULL,\n"
     "  seeker TEXT COLLATE \"C\" NOT NULL,\n"
     "  counselled_on TEXT COLLATE \"C\" NOT NULL,\n"
     "  staff TEXT COLLATE \"C\",\n"
     "  topic TEXT COLLATE \"C\",\n"
     "  sig TEXT COLLATE \"C\",\n"
     "  PRIMARY KEY(seeker, counselled_on),\n"
     "  FOREIGN KEY(province, seeker) REFERENCES seekers(province, id) ON UPDATE CASCADE);\n"
     "CREATE INDEX counselling_date ON counselling(counselled_on);\n"
     "CREATE TABLE targets(\n"
     "  year INTEGER NOT NULL,\n"
     "  measure TEXT COLLATE \"C\" NOT NULL,\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  set_at TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(year, measure));\n"
     "ALTER TABLE fairs ADD COLUMN sig TEXT COLLATE \"C\";\n"},

    /* ---- 8: the desk on PostgreSQL: name search, folded keys, change tokens across servers - */
    /* Nothing for SQLite. On PostgreSQL: vl_fold(text) in SQL (SQLite has it from sqlite.c) -
     * NFD, combining marks dropped, d-stroke as d, lower case: the key of vl_text_fold for
     * Vietnamese text; the seekers' name search (list.c) is LIKE on name_key, helped by a
     * trigram index when pg_trgm can be created (a contrib extension of Debian's postgresql-15,
     * trusted: a database owner may create it; without it the search scans the province's
     * partition); changes.tx, the writing transaction, because several servers commit
     * identity numbers out of order: a reader's token is the oldest transaction still running
     * when it read (changes.c). */
    {"-- nothing for SQLite\n",
     "CREATE FUNCTION vl_fold(t TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n"
     "  AS $$ SELECT lower(translate(regexp_replace(normalize(t, NFD),\n"
     "    '[' || chr(768) || '-' || chr(879) || ']', '', 'g'), chr(272) || chr(273), 'dd'))\n"
     "    COLLATE \"C\" $$;\n"
     "DO $$ BEGIN\n"
     "  CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;\n"
     "  CREATE INDEX seekers_name_trgm ON seekers USING gin (name_key public.gin_trgm_ops);\n"
     "EXCEPTION WHEN OTHERS THEN NULL; -- no pg_trgm: the name search scans\n"
     "END $$;\n"
     "ALTER TABLE changes ADD COLUMN tx BIGINT NOT NULL\n"
     "  DEFAULT (pg_current_xact_id()::text::bigint);\n"
     "CREATE INDEX changes_tx ON changes(tx);\n"
     /* the change log written once per statement from its transition tables, not once per
      * row (an import of a million seekers is one INSERT here, and one NOTIFY); a referral's
      * trigger is told by its argument, not by TG_TABLE_NAME, which names the partition */
     "DROP TRIGGER changes_seeker ON seekers;\n"
     "DROP TRIGGER changes_vacancy ON vacancies;\n"
     "DROP TRIGGER changes_employer ON employers;\n"
     "DROP TRIGGER changes_referral ON referrals;\n"
     "DROP FUNCTION vl_log_change();\n"
     "CREATE FUNCTION vl_log_changes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
     "  IF TG_ARGV[0] = 'referral' THEN\n"
     "    IF TG_OP = 'INSERT' THEN\n"
     "      INSERT INTO changes(kind, id) SELECT v.k, v.i FROM new_rows r,\n"
     "        LATERAL (VALUES ('seeker', r.seeker), ('vacancy', r.vacancy)) v(k, i)\n"
     "        WHERE r.outcome = 'hired';\n"
     "    ELSIF TG_OP = 'UPDATE' THEN\n"
     "      INSERT INTO changes(kind, id) SELECT v.k, v.i FROM\n"
     "        (SELECT seeker, vacancy, outcome FROM new_rows\n"
     "         UNION ALL SELECT seeker, vacancy, outcome FROM old_rows) r,\n"
     "        LATERAL (VALUES ('seeker', r.seeker), ('vacancy', r.vacancy)) v(k, i)\n"
     "        WHERE r.outcome = 'hired';\n"
     "    ELSE\n"
     "      INSERT INTO changes(kind, id) SELECT v.k, v.i FROM old_rows r,\n"
     "        LATERAL (VALUES ('seeker', r.seeker), ('vacancy', r.vacancy)) v(k, i)\n"
     "        WHERE r.outcome = 'hired';\n"
     "    END IF;\n"
     "  ELSIF TG_OP = 'DELETE' THEN\n"
     "    INSERT INTO changes(kind, id) SELECT TG_ARGV[0], id FROM old_rows;\n"
     "  ELSE\n"
     "    INSERT INTO changes(kind, id) SELECT TG_ARGV[0], id FROM new_rows;\n"
     "  END IF;\n"
     "  IF FOUND THEN PERFORM pg_notify('vieclam_changes', ''); END IF;\n"
     "  RETURN NULL; END $$;\n"
     "CREATE TRIGGER changes_seeker_ins AFTER INSERT ON seekers REFERENCING NEW TABLE AS new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('seeker');\n"
     "CREATE TRIGGER changes_seeker_upd AFTER UPDATE ON seekers\n"
     "  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('seeker');\n"
     "CREATE TRIGGER changes_seeker_del AFTER DELETE ON seekers REFERENCING OLD TABLE AS old_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('seeker');\n"
     "CREATE TRIGGER changes_vacancy_ins AFTER INSERT ON vacancies REFERENCING NEW TABLE AS "
     "new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('vacancy');\n"
     "CREATE TRIGGER changes_vacancy_upd AFTER UPDATE ON vacancies\n"
     "  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('vacancy');\n"
     "CREATE TRIGGER changes_vacancy_del AFTER DELETE ON vacancies REFERENCING OLD TABLE AS "
     "old_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('vacancy');\n"
     "CREATE TRIGGER changes_employer_ins AFTER INSERT ON employers REFERENCING NEW TABLE AS "
     "new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('employer');\n"
     "CREATE TRIGGER changes_employer_upd AFTER UPDATE ON employers\n"
     "  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('employer');\n"
     "CREATE TRIGGER changes_employer_del AFTER DELETE ON employers REFERENCING OLD TABLE AS "
     "old_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('employer');\n"
     "CREATE TRIGGER changes_referral_ins AFTER INSERT ON referrals REFERENCING NEW TABLE AS "
     "new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('referral');\n"
     "CREATE TRIGGER changes_referral_upd AFTER UPDATE ON referrals\n"
     "  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('referral');\n"
     "CREATE TRIGGER changes_referral_del AFTER DELETE ON referrals REFERENCING OLD TABLE AS "
     "old_rows\n"
     "  FOR EACH STATEMENT EXECUTE FUNCTION vl_log_changes('referral');\n"},

    /* ---- 9: every interval level, and the planner's judgement (forecast --by, balance) ----- */
    /* forecasts keeps lo80..hi95 for the levels every report shows; forecast_intervals holds
     * every level a run asked for (--level 90 too). model_mean is the reconciled forecast
     * before the planner's fixes and events, NULL where none touched the series. An adjustment
     * holds one series at a value or a percentage of the model's forecast for a span of
     * periods; a scenario adds positions from a period on. Neither is ever deleted: a
     * withdrawn one keeps its row (who, when) so that an old report can still say what it
     * applied. forecast_judgements records which ones a run applied. */
    {"CREATE TABLE forecast_intervals(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT NOT NULL,\n"
     "  keys TEXT NOT NULL DEFAULT '{}',\n"
     "  period TEXT NOT NULL,\n"
     "  level REAL NOT NULL,             -- percent\n"
     "  lo REAL NOT NULL,\n"
     "  hi REAL NOT NULL,\n"
     "  PRIMARY KEY(run_id, series, keys, period, level)) WITHOUT ROWID;\n"
     "ALTER TABLE forecasts ADD COLUMN model_mean REAL;\n"
     "CREATE TABLE forecast_adjustments(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  series TEXT NOT NULL DEFAULT '',   -- the history series ('' = any)\n"
     "  keys TEXT NOT NULL DEFAULT '{}',   -- the series' key values, JSON as forecasts.keys\n"
     "  period_from TEXT NOT NULL,\n"
     "  period_to TEXT NOT NULL,\n"
     "  percent INTEGER NOT NULL DEFAULT 0, -- 1: value is a percentage change\n"
     "  value REAL NOT NULL,\n"
     "  reason TEXT NOT NULL,\n"
     "  created_by TEXT NOT NULL,\n"
     "  created_at TEXT NOT NULL,\n"
     "  withdrawn_by TEXT,\n"
     "  withdrawn_at TEXT);\n"
     "CREATE TABLE forecast_scenarios(\n"
     "  id INTEGER PRIMARY KEY,\n"
     "  name TEXT NOT NULL,\n"
     "  series TEXT NOT NULL DEFAULT '',\n"
     "  keys TEXT NOT NULL DEFAULT '{}',\n"
     "  period_from TEXT NOT NULL,\n"
     "  positions REAL NOT NULL,          -- added in every period from period_from on\n"
     "  reason TEXT NOT NULL,\n"
     "  created_by TEXT NOT NULL,\n"
     "  created_at TEXT NOT NULL,\n"
     "  withdrawn_by TEXT,\n"
     "  withdrawn_at TEXT);\n"
     "CREATE TABLE forecast_judgements(\n"
     "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  kind TEXT NOT NULL,               -- 'adjustment' or 'scenario'\n"
     "  judgement_id INTEGER NOT NULL,\n"
     "  series TEXT NOT NULL,             -- the run's series it applied to\n"
     "  PRIMARY KEY(run_id, kind, judgement_id, series)) WITHOUT ROWID;\n",
     "CREATE TABLE forecast_intervals(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  period TEXT COLLATE \"C\" NOT NULL,\n"
     "  level DOUBLE PRECISION NOT NULL,\n"
     "  lo DOUBLE PRECISION NOT NULL,\n"
     "  hi DOUBLE PRECISION NOT NULL,\n"
     "  PRIMARY KEY(run_id, series, keys, period, level));\n"
     "ALTER TABLE forecasts ADD COLUMN model_mean DOUBLE PRECISION;\n"
     "CREATE TABLE forecast_adjustments(\n"
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
     "  series TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  period_from TEXT COLLATE \"C\" NOT NULL,\n"
     "  period_to TEXT COLLATE \"C\" NOT NULL,\n"
     "  percent INTEGER NOT NULL DEFAULT 0,\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  reason TEXT NOT NULL,\n"
     "  created_by TEXT NOT NULL,\n"
     "  created_at TEXT NOT NULL,\n"
     "  withdrawn_by TEXT,\n"
     "  withdrawn_at TEXT);\n"
     "CREATE TABLE forecast_scenarios(\n"
     "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
     "  name TEXT NOT NULL,\n"
     "  series TEXT COLLATE \"C\" NOT NULL DEFAULT '',\n"
     "  keys TEXT COLLATE \"C\" NOT NULL DEFAULT '{}',\n"
     "  period_from TEXT COLLATE \"C\" NOT NULL,\n"
     "  positions DOUBLE PRECISION NOT NULL,\n"
     "  reason TEXT NOT NULL,\n"
     "  created_by TEXT NOT NULL,\n"
     "  created_at TEXT NOT NULL,\n"
     "  withdrawn_by TEXT,\n"
     "  withdrawn_at TEXT);\n"
     "CREATE TABLE forecast_judgements(\n"
     "  run_id BIGINT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
     "  kind TEXT COLLATE \"C\" NOT NULL,\n"
     "  judgement_id BIGINT NOT NULL,\n"
     "  series TEXT COLLATE \"C\" NOT NULL,\n"
     "  PRIMARY KEY(run_id, kind, judgement_id, series));\n"},
    /* ---- 10: erased seekers (privacy.c) ----------------------------------------------- */
    /* The date a seeker's personal data was erased (vl_db_erase_seekers): the row stays for the
     * anonymous counts, and retention and imports know it is empty on purpose. */
    {"ALTER TABLE seekers ADD COLUMN erased TEXT;\n",
     "ALTER TABLE seekers ADD COLUMN erased TEXT COLLATE \"C\";\n"},

    /* ---- 11: areas read with a date (the 2025 reform reused codes) ----------------------- */
    /* Codes are reused across the reform (10507 was Phường Cẩm Thượng until 2025-06-30 and is
     * Phường Thành Đông since 2025-07-01), so an area is a row of its own list (`version`) and
     * records point at the row (`area_id`), not at a code. The tables that referred to
     * areas(code) are rebuilt (SQLite's procedure for changing a table: the step runs with
     * foreign keys off and is checked by foreign_key_check before it commits, see db.c; PostgreSQL
     * replaces the columns instead).
     * name_key and short_key are the search keys of the name (vl_area_key, registered on the
     * connection by sqlite.c); `centre` says where lat/lon come from; `source` tells the bundled
     * reference rows, which `vieclam init` keeps up to date, from a centre's own, which it never
     * touches. Rows equal to the areas bundled by earlier versions become reference rows. */
    {
        "CREATE TABLE areas_new(\n"
        "  id INTEGER PRIMARY KEY,\n"
        "  code TEXT NOT NULL,\n"
        "  name TEXT NOT NULL,\n"
        "  name_key TEXT NOT NULL,          -- 'phuong hong ha'\n"
        "  short_key TEXT NOT NULL,         -- 'hong ha': without the type word\n"
        "  parent INTEGER REFERENCES areas(id),\n"
        "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 3), -- 1 province, 2 district, 3 "
        "commune\n"
        "  lat DOUBLE PRECISION, lon DOUBLE PRECISION,\n"
        "  centre TEXT CHECK(centre IN ('published', 'derived', 'given')), -- NULL without "
        "lat/lon\n"
        "  area_km2 DOUBLE PRECISION,\n"
        "  valid_from TEXT, valid_to TEXT,  -- NULL = always / still valid\n"
        "  version TEXT NOT NULL,           -- 'VN-ADMIN-2008' (until 2025-06-30), "
        "'VN-ADMIN-2025'\n"
        "  source TEXT NOT NULL DEFAULT 'import' CHECK(source IN ('reference', 'import')),\n"
        "  sig TEXT,\n"
        "  UNIQUE(version, code));\n"
        "WITH bundled(code, name, parent, level, lat, lon, valid_to, version) AS (VALUES\n"
        "  ('30', 'Tỉnh Hải Dương', NULL, 1, 20.9386, 106.3207, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('31', 'Thành phố Hải Phòng', NULL, 1, 20.8449, 106.6881, NULL, 'VN-ADMIN-2025'),\n"
        "  ('288', 'Thành phố Hải Dương', '30', 2, 20.9373, 106.3146, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('290', 'Thành phố Chí Linh', '30', 2, 21.1325, 106.3960, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('291', 'Huyện Nam Sách', '30', 2, 20.9953, 106.3428, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('292', 'Thị xã Kinh Môn', '30', 2, 21.0220, 106.5100, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('293', 'Huyện Kim Thành', '30', 2, 20.9280, 106.5050, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('294', 'Huyện Thanh Hà', '30', 2, 20.8930, 106.4270, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('295', 'Huyện Cẩm Giàng', '30', 2, 20.9560, 106.2230, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('296', 'Huyện Bình Giang', '30', 2, 20.8740, 106.1930, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('297', 'Huyện Gia Lộc', '30', 2, 20.8600, 106.2950, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('298', 'Huyện Tứ Kỳ', '30', 2, 20.8180, 106.4050, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('299', 'Huyện Ninh Giang', '30', 2, 20.7430, 106.3850, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('300', 'Huyện Thanh Miện', '30', 2, 20.7790, 106.2320, '2025-06-30', "
        "'VN-ADMIN-2008'))\n"
        "INSERT INTO areas_new(id, code, name, name_key, short_key, level, lat, lon, centre, "
        "valid_from,\n"
        "                     valid_to, version, source, sig)\n"
        "  SELECT a.rowid, a.code, a.name, vl_area_key(a.name, 0), vl_area_key(a.name, 1), "
        "a.level,\n"
        "    a.lat, a.lon, CASE WHEN a.lat IS NOT NULL THEN 'given' END, a.valid_from, "
        "a.valid_to,\n"
        "    a.version,\n"
        "    CASE WHEN EXISTS (SELECT 1 FROM bundled b WHERE b.code = a.code AND b.name = a.name\n"
        "      AND b.parent IS a.parent AND b.level = a.level AND b.lat IS a.lat AND b.lon IS "
        "a.lon\n"
        "      AND a.valid_from IS NULL AND b.valid_to IS a.valid_to AND b.version = a.version)\n"
        "    THEN 'reference' ELSE 'import' END,\n"
        "    NULL                             -- the canonical text gained columns: re-signed on "
        "import\n"
        "  FROM areas a;\n"
        "UPDATE areas_new SET parent = (SELECT p.id FROM areas o JOIN areas_new p ON p.code = "
        "o.parent\n"
        "                              WHERE o.code = areas_new.code);\n"
        "CREATE TABLE employers_new(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  name TEXT NOT NULL,\n"
        "  industry TEXT,\n"
        "  area_id INTEGER REFERENCES areas(id),\n"
        "  sig TEXT);\n"
        "INSERT INTO employers_new(id, name, industry, area_id, sig)\n"
        "  SELECT e.id, e.name, e.industry, (SELECT a.id FROM areas_new a WHERE a.code = e.area), "
        "e.sig\n"
        "  FROM employers e;\n"
        "CREATE TABLE fairs_new(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  name TEXT,\n"
        "  date TEXT,\n"
        "  area_id INTEGER REFERENCES areas(id),\n"
        "  venue TEXT,\n"
        "  capacity INTEGER,\n"
        "  sig TEXT);\n"
        "INSERT INTO fairs_new(id, name, date, area_id, venue, capacity, sig)\n"
        "  SELECT f.id, f.name, f.date, (SELECT a.id FROM areas_new a WHERE a.code = f.area), "
        "f.venue,\n"
        "    f.capacity, f.sig FROM fairs f;\n"
        "CREATE TABLE vacancies_new(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  employer TEXT NOT NULL REFERENCES employers(id),\n"
        "  title TEXT NOT NULL,\n"
        "  occupation TEXT NOT NULL,\n"
        "  education_min TEXT,\n"
        "  experience_min DOUBLE PRECISION,\n"
        "  wage_min DOUBLE PRECISION, wage_max DOUBLE PRECISION,\n"
        "  positions INTEGER,\n"
        "  area_id INTEGER REFERENCES areas(id), -- NULL abroad\n"
        "  country TEXT NOT NULL,\n"
        "  age_min INTEGER, age_max INTEGER,\n"
        "  posted TEXT, closes TEXT,\n"
        "  fair TEXT REFERENCES fairs(id),\n"
        "  sig TEXT);\n"
        "INSERT INTO vacancies_new(id, employer, title, occupation, education_min, "
        "experience_min,\n"
        "                         wage_min, wage_max, positions, area_id, country, age_min, "
        "age_max,\n"
        "                         posted, closes, fair, sig)\n"
        "  SELECT v.id, v.employer, v.title, v.occupation, v.education_min, v.experience_min,\n"
        "    v.wage_min, v.wage_max, v.positions, (SELECT a.id FROM areas_new a WHERE a.code = "
        "v.area),\n"
        "    v.country, v.age_min, v.age_max, v.posted, v.closes, v.fair, v.sig FROM vacancies v;\n"
        "CREATE TABLE seekers_new(\n"
        "  id TEXT PRIMARY KEY,\n"
        "  name TEXT,                       -- personal data\n"
        "  birth_year INTEGER,              -- personal data\n"
        "  gender TEXT,\n"
        "  area_id INTEGER REFERENCES areas(id),\n"
        "  education TEXT,\n"
        "  experience_years DOUBLE PRECISION,\n"
        "  wage_min DOUBLE PRECISION,\n"
        "  max_commute_km DOUBLE PRECISION,\n"
        "  registered TEXT,\n"
        "  status TEXT NOT NULL,\n"
        "  sig TEXT,\n"
        "  phone TEXT,                      -- personal data\n"
        "  id_card TEXT,                    -- personal data\n"
        "  name_key TEXT,                   -- personal data\n"
        "  erased TEXT);\n"
        "INSERT INTO seekers_new(id, name, birth_year, gender, area_id, education, "
        "experience_years,\n"
        "                       wage_min, max_commute_km, registered, status, sig, phone, "
        "id_card,\n"
        "                       name_key, erased)\n"
        "  SELECT s.id, s.name, s.birth_year, s.gender,\n"
        "    (SELECT a.id FROM areas_new a WHERE a.code = s.area), s.education, "
        "s.experience_years,\n"
        "    s.wage_min, s.max_commute_km, s.registered, s.status, s.sig, s.phone, s.id_card,\n"
        "    s.name_key, s.erased FROM seekers s;\n"
        /* the triggers of step 6 go with their tables and come back below, unchanged */
        "DROP TRIGGER changes_seeker_ins;\n"
        "DROP TRIGGER changes_seeker_upd;\n"
        "DROP TRIGGER changes_seeker_del;\n"
        "DROP TRIGGER seeker_names_ins;\n"
        "DROP TRIGGER seeker_names_upd;\n"
        "DROP TRIGGER seeker_names_del;\n"
        "DROP TRIGGER changes_vacancy_ins;\n"
        "DROP TRIGGER changes_vacancy_upd;\n"
        "DROP TRIGGER changes_vacancy_del;\n"
        "DROP TRIGGER changes_employer_ins;\n"
        "DROP TRIGGER changes_employer_upd;\n"
        "DROP TRIGGER changes_employer_del;\n"
        "DROP TABLE seekers;\n"
        "DROP TABLE vacancies;\n"
        "DROP TABLE fairs;\n"
        "DROP TABLE employers;\n"
        "DROP TABLE areas;\n"
        "ALTER TABLE areas_new RENAME TO areas;\n"
        "ALTER TABLE employers_new RENAME TO employers;\n"
        "ALTER TABLE fairs_new RENAME TO fairs;\n"
        "ALTER TABLE vacancies_new RENAME TO vacancies;\n"
        "ALTER TABLE seekers_new RENAME TO seekers;\n"
        "CREATE INDEX areas_code ON areas(code);\n"
        "CREATE INDEX areas_parent ON areas(parent);\n"
        "CREATE INDEX areas_short_key ON areas(short_key);\n"
        "CREATE INDEX employers_area ON employers(area_id);\n"
        "CREATE INDEX vacancies_employer ON vacancies(employer);\n"
        "CREATE INDEX vacancies_area ON vacancies(area_id);\n"
        "CREATE INDEX seekers_area ON seekers(area_id);\n"
        "CREATE INDEX seekers_phone ON seekers(phone);\n"
        "CREATE INDEX seekers_id_card ON seekers(id_card);\n"
        "CREATE INDEX seekers_name_key ON seekers(name_key, id);\n"
        "CREATE INDEX vacancies_posted ON vacancies(posted, id);\n"
        "CREATE INDEX vacancies_fair ON vacancies(fair);\n"
        "CREATE TRIGGER changes_seeker_ins AFTER INSERT ON seekers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', NEW.id); END;\n"
        "CREATE TRIGGER changes_seeker_upd AFTER UPDATE ON seekers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', NEW.id); END;\n"
        "CREATE TRIGGER changes_seeker_del AFTER DELETE ON seekers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('seeker', OLD.id); END;\n"
        "CREATE TRIGGER changes_vacancy_ins AFTER INSERT ON vacancies\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.id); END;\n"
        "CREATE TRIGGER changes_vacancy_upd AFTER UPDATE ON vacancies\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', NEW.id); END;\n"
        "CREATE TRIGGER changes_vacancy_del AFTER DELETE ON vacancies\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('vacancy', OLD.id); END;\n"
        "CREATE TRIGGER changes_employer_ins AFTER INSERT ON employers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', NEW.id); END;\n"
        "CREATE TRIGGER changes_employer_upd AFTER UPDATE ON employers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', NEW.id); END;\n"
        "CREATE TRIGGER changes_employer_del AFTER DELETE ON employers\n"
        "  BEGIN INSERT INTO changes(kind, id) VALUES ('employer', OLD.id); END;\n"
        "CREATE TRIGGER seeker_names_ins AFTER INSERT ON seekers BEGIN\n"
        "  INSERT OR IGNORE INTO seeker_keys(id) VALUES (NEW.id);\n"
        "  INSERT INTO seeker_names(rowid, name_key)\n"
        "    SELECT n, NEW.name_key FROM seeker_keys WHERE id = NEW.id AND NEW.name_key IS NOT "
        "NULL;\n"
        "END;\n"
        "CREATE TRIGGER seeker_names_upd AFTER UPDATE OF name_key ON seekers BEGIN\n"
        "  DELETE FROM seeker_names WHERE rowid = (SELECT n FROM seeker_keys WHERE id = OLD.id);\n"
        "  INSERT INTO seeker_names(rowid, name_key)\n"
        "    SELECT n, NEW.name_key FROM seeker_keys WHERE id = NEW.id AND NEW.name_key IS NOT "
        "NULL;\n"
        "END;\n"
        "CREATE TRIGGER seeker_names_del AFTER DELETE ON seekers BEGIN\n"
        "  DELETE FROM seeker_names WHERE rowid = (SELECT n FROM seeker_keys WHERE id = OLD.id);\n"
        "  DELETE FROM seeker_keys WHERE id = OLD.id;\n"
        "END;\n"
        /* From a pre-reform area to the current communes it went to: one row per piece, with the
         * piece's estimated area (the new commune's area shared equally among the old units merged
         * into it; docs/reference-data.md). Shares of an old area are its pieces' km2 over their
         * sum. Filled by `vieclam init` from the crosswalk. */
        "CREATE TABLE area_successors(\n"
        "  old INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,\n"
        "  new INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,\n"
        "  km2 DOUBLE PRECISION,                        -- estimated area of the piece; NULL = "
        "unknown\n"
        "  PRIMARY KEY(old, new)) WITHOUT ROWID;\n"
        "CREATE INDEX area_successors_new ON area_successors(new);\n",
        /* PostgreSQL: the same areas table (the old one renamed away while its rows are copied),
         * the records' area codes turned into area_id, the bundled rows marked as such.
         * name_key and short_key are left empty here (PostgreSQL has no vl_area_key): `vieclam
         * init`, which loads the 2025 list an older database lacks, fills them. Seekers and
         * vacancies stay partitioned by province, now the province of their area row
         * (vl_area_province). */
        "ALTER TABLE areas RENAME TO areas_old;\n"
        "ALTER INDEX areas_pkey RENAME TO areas_old_pkey;\n"
        "ALTER INDEX areas_parent RENAME TO areas_old_parent;\n"
        "CREATE TABLE areas(\n"
        "  id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,\n"
        "  code TEXT COLLATE \"C\" NOT NULL,\n"
        "  name TEXT COLLATE \"C\" NOT NULL,\n"
        "  name_key TEXT COLLATE \"C\" NOT NULL,\n"
        "  short_key TEXT COLLATE \"C\" NOT NULL,\n"
        "  parent BIGINT REFERENCES areas(id),\n"
        "  level INTEGER NOT NULL CHECK(level BETWEEN 1 AND 3),\n"
        "  lat DOUBLE PRECISION, lon DOUBLE PRECISION,\n"
        "  centre TEXT COLLATE \"C\" CHECK(centre IN ('published', 'derived', 'given')),\n"
        "  area_km2 DOUBLE PRECISION,\n"
        "  valid_from TEXT COLLATE \"C\", valid_to TEXT COLLATE \"C\",\n"
        "  version TEXT COLLATE \"C\" NOT NULL,\n"
        "  source TEXT COLLATE \"C\" NOT NULL DEFAULT 'import'\n"
        "    CHECK(source IN ('reference', 'import')),\n"
        "  sig TEXT COLLATE \"C\",\n"
        "  UNIQUE(version, code));\n"
        "WITH bundled(code, name, parent, level, lat, lon, valid_to, version) AS (VALUES\n"
        "  ('30', 'Tỉnh Hải Dương', NULL, 1, 20.9386, 106.3207, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('31', 'Thành phố Hải Phòng', NULL, 1, 20.8449, 106.6881, NULL, 'VN-ADMIN-2025'),\n"
        "  ('288', 'Thành phố Hải Dương', '30', 2, 20.9373, 106.3146, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('290', 'Thành phố Chí Linh', '30', 2, 21.1325, 106.3960, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('291', 'Huyện Nam Sách', '30', 2, 20.9953, 106.3428, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('292', 'Thị xã Kinh Môn', '30', 2, 21.0220, 106.5100, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('293', 'Huyện Kim Thành', '30', 2, 20.9280, 106.5050, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('294', 'Huyện Thanh Hà', '30', 2, 20.8930, 106.4270, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('295', 'Huyện Cẩm Giàng', '30', 2, 20.9560, 106.2230, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('296', 'Huyện Bình Giang', '30', 2, 20.8740, 106.1930, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('297', 'Huyện Gia Lộc', '30', 2, 20.8600, 106.2950, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('298', 'Huyện Tứ Kỳ', '30', 2, 20.8180, 106.4050, '2025-06-30', 'VN-ADMIN-2008'),\n"
        "  ('299', 'Huyện Ninh Giang', '30', 2, 20.7430, 106.3850, '2025-06-30', "
        "'VN-ADMIN-2008'),\n"
        "  ('300', 'Huyện Thanh Miện', '30', 2, 20.7790, 106.2320, '2025-06-30', "
        "'VN-ADMIN-2008'))\n"
        "INSERT INTO areas(code, name, name_key, short_key, level, lat, lon, centre, valid_from,\n"
        "                  valid_to, version, source)\n"
        "  SELECT a.code, a.name, '', '', a.level, a.lat, a.lon,\n"
        "    CASE WHEN a.lat IS NOT NULL THEN 'given' END, a.valid_from, a.valid_to, a.version,\n"
        "    CASE WHEN EXISTS (SELECT 1 FROM bundled b WHERE b.code = a.code AND b.name = a.name\n"
        "      AND b.parent IS NOT DISTINCT FROM a.parent AND b.level = a.level\n"
        "      AND b.lat::DOUBLE PRECISION IS NOT DISTINCT FROM a.lat\n"
        "      AND b.lon::DOUBLE PRECISION IS NOT DISTINCT FROM a.lon AND a.valid_from IS NULL\n"
        "      AND b.valid_to IS NOT DISTINCT FROM a.valid_to AND b.version = a.version)\n"
        "    THEN 'reference' ELSE 'import' END\n"
        "  FROM areas_old a ORDER BY a.level, a.code;\n"
        "UPDATE areas n SET parent = p.id FROM areas_old o JOIN areas p ON p.code = o.parent\n"
        "  WHERE o.code = n.code;\n"
        "ALTER TABLE employers ADD COLUMN area_id BIGINT REFERENCES areas(id);\n"
        "ALTER TABLE fairs ADD COLUMN area_id BIGINT REFERENCES areas(id);\n"
        "ALTER TABLE vacancies ADD COLUMN area_id BIGINT REFERENCES areas(id);\n"
        "ALTER TABLE seekers ADD COLUMN area_id BIGINT REFERENCES areas(id);\n"
        "UPDATE employers t SET area_id = a.id FROM areas a WHERE a.code = t.area;\n"
        "UPDATE fairs t SET area_id = a.id FROM areas a WHERE a.code = t.area;\n"
        "UPDATE vacancies t SET area_id = a.id FROM areas a WHERE a.code = t.area;\n"
        "UPDATE seekers t SET area_id = a.id FROM areas a WHERE a.code = t.area;\n"
        "ALTER TABLE employers DROP COLUMN area;\n"
        "ALTER TABLE fairs DROP COLUMN area;\n"
        "ALTER TABLE vacancies DROP COLUMN area;\n"
        "ALTER TABLE seekers DROP COLUMN area;\n"
        "DROP FUNCTION vl_province(TEXT);\n"
        "DROP TABLE areas_old;\n"
        "CREATE INDEX areas_code ON areas(code);\n"
        "CREATE INDEX areas_parent ON areas(parent);\n"
        "CREATE INDEX areas_short_key ON areas(short_key);\n"
        "CREATE INDEX employers_area ON employers(area_id);\n"
        "CREATE INDEX vacancies_area ON vacancies(area_id);\n"
        "CREATE INDEX seekers_area ON seekers(area_id);\n"
        "-- the province (top-level area) of an area row: the partition key of seekers and\n"
        "-- vacancies; '' for no area (a vacancy abroad), which every province reads\n"
        "CREATE FUNCTION vl_area_province(a BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS $$\n"
        "  WITH RECURSIVE up(id, code, parent, depth) AS (\n"
        "    SELECT id, code, parent, 0 FROM areas WHERE id = a\n"
        "    UNION ALL SELECT p.id, p.code, p.parent, u.depth + 1 FROM areas p\n"
        "      JOIN up u ON p.id = u.parent WHERE u.depth < 8)\n"
        "  SELECT COALESCE((SELECT code FROM up WHERE parent IS NULL LIMIT 1), '') $$;\n"
        "CREATE TABLE area_successors(\n"
        "  old BIGINT NOT NULL REFERENCES areas(id) ON DELETE CASCADE,\n"
        "  new BIGINT NOT NULL REFERENCES areas(id) ON DELETE CASCADE,\n"
        "  km2 DOUBLE PRECISION,\n"
        "  PRIMARY KEY(old, new));\n"
        "CREATE INDEX area_successors_new ON area_successors(new);\n",
    },

    /* ---- 12: an employer's own street address and phone (the referral slip prints them) -- */
    /* A business's contact, not a natural person's data (privacy.c lists none of it); optional
     * columns of the employers kind, so files written before them still import. */
    {"ALTER TABLE employers ADD COLUMN address TEXT;\n"
     "ALTER TABLE employers ADD COLUMN phone TEXT;\n",
     "ALTER TABLE employers ADD COLUMN address TEXT COLLATE \"C\";\n"
     "ALTER TABLE employers ADD COLUMN phone TEXT COLLATE \"C\";\n"},

    /* ---- 13: erasing a departed member of staff (privacy.c vl_db_erase_user) ------------- */
    /* An erased account is deleted and its name replaced wherever it stands by "user#N", N the
     * number of its row here (never reused, the role kept so an audit reader knows what the
     * account could do). The access audit stays append-only except for that one rewrite: an
     * UPDATE may only replace by_user (or, in a row about an account, record) by the newest
     * erasure's reference, and only a name that is no longer an account's. */
    {"CREATE TABLE staff_erasures(\n"
     "  n INTEGER PRIMARY KEY AUTOINCREMENT,\n"
     "  erased TEXT NOT NULL,            -- UTC, ISO 8601\n"
     "  role TEXT NOT NULL);\n"
     "DROP TRIGGER access_audit_no_update;\n"
     "CREATE TRIGGER access_audit_no_update BEFORE UPDATE ON access_audit\n"
     "  WHEN NOT (NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action\n"
     "    AND NEW.kind = OLD.kind AND NEW.detail IS OLD.detail\n"
     "    AND (NEW.by_user = OLD.by_user OR (NEW.by_user = (SELECT 'user#' || MAX(n)\n"
     "      FROM staff_erasures) AND OLD.by_user NOT LIKE 'user#%'\n"
     "      AND OLD.by_user NOT IN (SELECT name FROM users)))\n"
     "    AND (NEW.record = OLD.record OR (OLD.kind = 'user' AND NEW.record = (SELECT 'user#'\n"
     "      || MAX(n) FROM staff_erasures) AND OLD.record NOT LIKE 'user#%'\n"
     "      AND OLD.record NOT IN (SELECT name FROM users))))\n"
     "  BEGIN SELECT RAISE(ABORT, 'the access audit is append-only'); END;\n",
     "CREATE TABLE staff_erasures(\n"
     "  n BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
     "  erased TEXT COLLATE \"C\" NOT NULL,\n"
     "  role TEXT COLLATE \"C\" NOT NULL);\n"
     "CREATE OR REPLACE FUNCTION vl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
     "DECLARE ref TEXT;\n"
     "BEGIN\n"
     "  IF TG_OP = 'UPDATE' THEN\n"
     "    SELECT 'user#' || MAX(n) INTO ref FROM staff_erasures;\n"
     "    IF NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.action = OLD.action\n"
     "      AND NEW.kind = OLD.kind AND NEW.detail IS NOT DISTINCT FROM OLD.detail\n"
     "      AND (NEW.by_user = OLD.by_user OR (NEW.by_user = ref\n"
     "        AND OLD.by_user NOT LIKE 'user#%'\n"
     "        AND NOT EXISTS (SELECT 1 FROM users WHERE name = OLD.by_user)))\n"
     "      AND (NEW.record = OLD.record OR (OLD.kind = 'user' AND NEW.record = ref\n"
     "        AND OLD.record NOT LIKE 'user#%'\n"
     "        AND NOT EXISTS (SELECT 1 FROM users WHERE name = OLD.record))) THEN\n"
     "      RETURN NEW;\n"
     "    END IF;\n"
     "  END IF;\n"
     "  RAISE EXCEPTION 'the access audit is append-only';\n"
     "END $$;\n"},

    /* ---- 14: an erased staff name recognised in old files (privacy.c vl__staff_name_mac) -- */
    /* The name itself is gone; name_mac is HMAC-SHA-256 of its folded form under the database's
     * own key (meta 'staff-name-key', made at the first erasure), so an import of an old file
     * that still names the person writes user#N instead of the name. NULL for an erasure made
     * before this step (its name is gone, nothing can be recognised). */
    {"ALTER TABLE staff_erasures ADD COLUMN name_mac TEXT;\n"
     "CREATE INDEX staff_erasures_name_mac ON staff_erasures(name_mac);\n",
     "ALTER TABLE staff_erasures ADD COLUMN name_mac TEXT COLLATE \"C\";\n"
     "CREATE INDEX staff_erasures_name_mac ON staff_erasures(name_mac);\n"},

    /* ---- 15: a seeker placed by a hire, found without reading the referrals --------------- */
    /* Loading the seekers asks of each whether a hire placed them (VL__SQL_PLACED_BY_HIRE):
     * with referrals_seeker alone that reads every referral row of every seeker (a million
     * random reads, 2 of the 4.8 s of loading 300,000 seekers). This partial index holds the
     * hires only and answers it by itself. */
    {"CREATE INDEX referrals_hired ON referrals(seeker, outcome_on) WHERE outcome = 'hired';\n",
     NULL},

    /* ---- 16: the erased seekers, found without reading every seeker ---------------------- */
    /* An import of seekers, referrals or counselling first reads which seekers were erased
     * (import.c): without an index that scanned the whole seekers table, for every record the
     * desk registers too (37% of a desk server's CPU, 20 ms a registration at 100,000 seekers).
     * This partial index holds the erased ones only and answers it by itself. */
    {"CREATE INDEX seekers_erased ON seekers(id, erased) WHERE erased IS NOT NULL;\n", NULL},

    /* ---- 17: PostgreSQL: the text columns of steps 6 to 13 in byte order too ------------- */
    /* Step 1 made every text column COLLATE "C" (SQLite's BINARY), so that sorting and ranges
     * do not depend on the server's locale; the columns added by later steps had lost it. On a
     * server whose databases sort by a language ("vi_VN", "en_US"), seekers sorted by name would
     * ignore the spaces of the folded names ("le an" after "lea"), unlike SQLite, and the
     * search's range over phone digits ("0912" to "0912:") would not be a prefix. Changing the
     * collation of a text column rewrites no row, only the column's indexes. SQLite: nothing. */
    {"SELECT 1;\n",
     "ALTER TABLE seekers ALTER COLUMN phone TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN id_card TYPE TEXT COLLATE \"C\", ALTER COLUMN name_key TYPE TEXT COLLATE "
     "\"C\";\n"
     "ALTER TABLE users ALTER COLUMN name TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN role TYPE TEXT COLLATE \"C\", ALTER COLUMN pw_hash TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN lang TYPE TEXT COLLATE \"C\", ALTER COLUMN created TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN last_login TYPE TEXT COLLATE \"C\";\n"
     "ALTER TABLE access_audit ALTER COLUMN at TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN by_user TYPE TEXT COLLATE \"C\", ALTER COLUMN kind TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN record TYPE TEXT COLLATE \"C\", ALTER COLUMN action TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN detail TYPE TEXT COLLATE \"C\";\n"
     "ALTER TABLE changes ALTER COLUMN kind TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN id TYPE TEXT COLLATE \"C\";\n"
     "ALTER TABLE runs ALTER COLUMN pid_start TYPE TEXT COLLATE \"C\";\n"
     "ALTER TABLE forecast_adjustments ALTER COLUMN reason TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN created_by TYPE TEXT COLLATE \"C\", ALTER COLUMN created_at TYPE TEXT COLLATE "
     "\"C\",\n"
     "  ALTER COLUMN withdrawn_by TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN withdrawn_at TYPE TEXT COLLATE \"C\";\n"
     "ALTER TABLE forecast_scenarios ALTER COLUMN name TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN reason TYPE TEXT COLLATE \"C\", ALTER COLUMN created_by TYPE TEXT COLLATE "
     "\"C\",\n"
     "  ALTER COLUMN created_at TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN withdrawn_by TYPE TEXT COLLATE \"C\",\n"
     "  ALTER COLUMN withdrawn_at TYPE TEXT COLLATE \"C\";\n"},

    /* ---- 18: PostgreSQL: the name search by words, as SQLite's FTS5 does it --------------- */
    /* The desk finds a seeker when every word typed starts a word of the folded name. Step 8
     * served it with a trigram index and a regular expression per word: for a common name
     * ("nguyen thu": 4,000 of 100,000 seekers) the index could only narrow the rows to those
     * holding the trigrams, and each was then matched against the expressions (160 ms). An
     * index of the name's words answers a word prefix itself ("nguyen:* & thu:*": 10 ms). Its
     * words are the runs of letters a-z and digits, split at everything else, as the regular
     * expression's word starts are (list.c; step 20 replaced this index). SQLite: nothing (FTS5).
     */
    {"SELECT 1;\n",
     "CREATE INDEX seekers_name_words ON seekers USING gin (array_to_tsvector(array_remove("
     "regexp_split_to_array(name_key, '[^0-9a-z]+'), '')));\n"},

    /* ---- 19: the province of a desk account and of a stored run --------------------------- */
    /* On an exchange of many provinces (docs/deploy-national.md §6) a province's servers log in
     * as a role that may write only its provinces' rows; accounts and runs carried no province,
     * so that role could write any province's, and an account of one province could log in to
     * another's server. Now each carries one: '' is every province (a centre's own database, or
     * an account the owner made for the whole exchange). A row written without one takes the
     * writer's: on SQLite always '', on PostgreSQL the first province of the roles the
     * connected user is a member of (vl_province_roles, made by scripts/pg-roles.sh), '' for
     * the owner, superusers (members of every role) and the planners. The policies of
     * scripts/pg-roles.sh read the column. */
    {"ALTER TABLE users ADD COLUMN province TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE runs ADD COLUMN province TEXT NOT NULL DEFAULT '';\n",
     "CREATE FUNCTION vl_writer_province() RETURNS TEXT LANGUAGE plpgsql STABLE AS $$\n"
     "DECLARE p TEXT;\n"
     "BEGIN\n"
     "  IF to_regclass('vl_province_roles') IS NULL OR EXISTS (SELECT 1 FROM pg_roles\n"
     "      WHERE rolname = current_user AND (rolsuper OR rolbypassrls)) OR EXISTS (SELECT 1\n"
     "      FROM pg_class WHERE oid = 'users'::regclass AND relowner = current_user::regrole)\n"
     "  THEN\n"
     "    RETURN ''; -- the owner and superusers, whom the policies do not bind\n"
     "  END IF;\n"
     "  EXECUTE 'SELECT MIN(province) FROM vl_province_roles'\n"
     "    ' WHERE pg_has_role(current_user, role, ''MEMBER'')' INTO p;\n"
     "  RETURN COALESCE(p, '');\n"
     "END $$;\n"
     "ALTER TABLE users ADD COLUMN province TEXT COLLATE \"C\" NOT NULL"
     " DEFAULT vl_writer_province();\n"
     "ALTER TABLE runs ADD COLUMN province TEXT COLLATE \"C\" NOT NULL"
     " DEFAULT vl_writer_province();\n"},

    /* ---- 20: PostgreSQL: the name search by whole keys, not by prefixes ---------------------- */
    /* Step 18's index held a name's words, and a word typed was a prefix query on them
     * ('nguyen':*): GIN then gathers every word starting so into a bitmap, which for the
     * common family and middle names is most of the table (6.8 ms a search of 100,000
     * seekers, more than half of the database's time under the desk's load). This index holds
     * every prefix of every word ("van" -> v, va, van), so a word typed is one whole key
     * ('nguyen' & 'thi'), the intersection GIN does fastest (1.6 ms), and the answers are the
     * same: a word typed starts a word of the name exactly when it is one of its prefixes.
     * Words are split as before, at everything but a-z and 0-9 (list.c). The function reads
     * only pg_catalog. SQLite: nothing (FTS5). */
    {"SELECT 1;\n",
     "CREATE FUNCTION vl_name_prefixes(t TEXT) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE STRICT\n"
     "PARALLEL SAFE AS $$\n"
     "DECLARE w TEXT; keys TEXT[] := '{}'; n INT;\n"
     "BEGIN\n"
     "  FOREACH w IN ARRAY regexp_split_to_array(t, '[^0-9a-z]+') LOOP\n"
     "    FOR n IN 1 .. length(w) LOOP\n"
     "      keys := keys || substr(w, 1, n);\n"
     "    END LOOP;\n"
     "  END LOOP;\n"
     "  RETURN array_to_tsvector(keys);\n"
     "END $$;\n"
     "DROP INDEX seekers_name_words;\n"
     "CREATE INDEX seekers_name_prefixes ON seekers USING gin (" VL__PG_NAME_PREFIXES(
         "name_key") ");\n"},

    /* ---- 21: the year's targets of each province ---------------------------------------- */
    /* On an exchange of many provinces every province's centre sets its own targets; with no
     * province column one province's `target set` replaced another's. '' is the targets of a
     * database read as a whole (a centre's own database, or the exchange); a province's are
     * written and read through a load scope of that province (vl_db_set_load_scope), and on
     * PostgreSQL the policies of scripts/pg-roles.sh then let a province's role write only its
     * own. */
    {"CREATE TABLE targets_new(\n"
     "  province TEXT NOT NULL DEFAULT '',\n"
     "  year INTEGER NOT NULL,\n"
     "  measure TEXT NOT NULL,\n"
     "  value DOUBLE PRECISION NOT NULL,\n"
     "  set_at TEXT NOT NULL,\n"
     "  PRIMARY KEY(province, year, measure));\n"
     "INSERT INTO targets_new(province, year, measure, value, set_at)\n"
     "  SELECT '', year, measure, value, set_at FROM targets;\n"
     "DROP TABLE targets;\n"
     "ALTER TABLE targets_new RENAME TO targets;\n",
     "ALTER TABLE targets ADD COLUMN province TEXT COLLATE \"C\" NOT NULL DEFAULT '';\n"
     "ALTER TABLE targets DROP CONSTRAINT targets_pkey;\n"
     "ALTER TABLE targets ADD PRIMARY KEY (province, year, measure);\n"},

    /* ---- 22: whose forecast: the runs' scope, the planner's judgements of each province --- */
    /* A province's server on an exchange forecasts its own provinces (the history of their
     * areas, the records derived from them) and applies its own planner's judgements. A run's
     * scope is the load scope it read the data through (vl_db_set_load_scope): its codes
     * sorted and joined by commas ("01,31"), '' for a database read as a whole; runs.province
     * (step 19) stays who wrote it, for the policies. vl_db_latest_run and the planner's run
     * list read the runs of the connection's own scope. A judgement belongs to one province
     * ('' for a database read as a whole), as the year's targets do (step 21), and on
     * PostgreSQL the policies of scripts/pg-roles.sh then let a province's role write only its
     * own. */
    {"ALTER TABLE runs ADD COLUMN scope TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE forecast_adjustments ADD COLUMN province TEXT NOT NULL DEFAULT '';\n"
     "ALTER TABLE forecast_scenarios ADD COLUMN province TEXT NOT NULL DEFAULT '';\n",
     "ALTER TABLE runs ADD COLUMN scope TEXT COLLATE \"C\" NOT NULL DEFAULT '';\n"
     "ALTER TABLE forecast_adjustments ADD COLUMN province TEXT COLLATE \"C\" NOT NULL"
     " DEFAULT '';\n"
     "ALTER TABLE forecast_scenarios ADD COLUMN province TEXT COLLATE \"C\" NOT NULL"
     " DEFAULT '';\n"},

/* the areas under each merged province with their new province, for step 23's updates */
#define MOVED_AREAS                                                                                \
    "WITH RECURSIVE moved(id, province) AS (\n"                                                    \
    "  SELECT o.id, MIN(COALESCE(p.code, n.code)) FROM areas o\n"                                  \
    "    JOIN area_successors x ON x.old = o.id JOIN areas n ON n.id = x.new\n"                    \
    "    LEFT JOIN areas p ON p.id = n.parent\n"                                                   \
    "    WHERE o.parent IS NULL AND (n.parent IS NULL OR p.parent IS NULL)\n"                      \
    "    GROUP BY o.id, o.code HAVING MIN(COALESCE(p.code, n.code)) <> o.code\n"                   \
    "  UNION ALL SELECT a.id, m.province FROM areas a JOIN moved m ON a.parent = m.id)\n"
    /* ---- 23: PostgreSQL: a record on a merged province's old codes is its successor's ----- */
    /* A record still kept on a pre-reform code of a province merged into another in 2025 (Hải
     * Dương, 30, into Hải Phòng, 31) had the old province as its partition key, so Hải
     * Phòng's server (a load scope of 31, the policies of scripts/pg-roles.sh) neither saw nor
     * wrote it, while on SQLite the scope finds it by the reform's crosswalk (load.c
     * vl__scope_area_condition). vl_area_province now follows the crosswalk the same way: an
     * old province whose successors lie in a current province (itself, or a commune of it) is
     * that province (the lowest code, were it ever split); the rows already stored move into
     * its partition, their lists, referrals and counselling with them (ON UPDATE CASCADE).
     * SQLite: nothing (it keeps no province column). */
    {"SELECT 1;\n",
     "CREATE OR REPLACE FUNCTION vl_area_province(a BIGINT) RETURNS TEXT LANGUAGE sql STABLE AS\n"
     "$$\n"
     "  WITH RECURSIVE up(id, code, parent, depth) AS (\n"
     "    SELECT id, code, parent, 0 FROM areas WHERE id = a\n"
     "    UNION ALL SELECT p.id, p.code, p.parent, u.depth + 1 FROM areas p\n"
     "      JOIN up u ON p.id = u.parent WHERE u.depth < 8),\n"
     "  root AS (SELECT id, code FROM up WHERE parent IS NULL LIMIT 1)\n"
     "  SELECT COALESCE((SELECT MIN(COALESCE(p.code, n.code)) FROM root\n"
     "    JOIN area_successors x ON x.old = root.id JOIN areas n ON n.id = x.new\n"
     "    LEFT JOIN areas p ON p.id = n.parent WHERE n.parent IS NULL OR p.parent IS NULL),\n"
     "    (SELECT code FROM root), '') $$;\n"
     /* the areas under each merged province, with their new province: only their rows
      * move (a call of vl_area_province per row would read every row of the exchange) */
     MOVED_AREAS "UPDATE vacancies v SET province = m.province FROM moved m\n"
     "  WHERE v.area_id = m.id AND v.province <> m.province;\n" MOVED_AREAS
     "UPDATE seekers s SET province = m.province FROM moved m\n"
     "  WHERE s.area_id = m.id AND s.province <> m.province;\n"},
#undef MOVED_AREAS

    /* ---- 24: the account's sessions: a number raised when it is disabled or its role changes */
    /* A desk server checks its sessions against the users table at every request, so a user
     * disabled and enabled again (by `vieclam user`, or on another server of the database)
     * between two requests of a session found the account as it was and kept the session. A
     * session remembers the number of its login; any other number ends it. */
    {"ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;\n",
     "ALTER TABLE users ADD COLUMN session_epoch BIGINT NOT NULL DEFAULT 0;\n"},
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
