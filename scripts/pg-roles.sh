#!/usr/bin/env bash
# pg-roles.sh - the roles of a regional or national exchange on one PostgreSQL vieclam database
# (docs/deploy-national.md): a province server's role reads every province's rows (a vacancy
# open to other provinces is matchable from all of them) but writes only the rows of its own
# provinces, enforced by the server with row-level security on every table that carries a
# `province` column (seekers, vacancies, referrals and the tables under them, the desk's
# accounts, the stored runs, the year's targets; a referral, its outcomes and follow-ups are also written by the
# province of its vacancy), on a run's results by their run's province and on employers
# and fairs by their area's province (an account is seen only by its provinces' servers, or
# by all when it belongs to every province); the planners'
# role reads without personal data (nor a hire's wage, a counselling session's notes, the
# erased staff's name hashes or their key) and writes nothing but the audit of its own runs.
# Run it as the database owner (who keeps every right: owners bypass the policies) after
# `vieclam init` and again after each upgrade of vieclam (a new table needs its grants).
# The roles made here cannot log in; a server logs in as a role that is a member of one:
#   CREATE ROLE haiphong_desk LOGIN PASSWORD '...' IN ROLE vieclam_p31;
#
#   scripts/pg-roles.sh URL province ROLE CODE [CODE...]   ROLE writes rows of provinces CODE...
#   scripts/pg-roles.sh URL planner ROLE                   ROLE reads, without personal data
set -euo pipefail

psql_bin=$(command -v psql || echo /usr/lib/postgresql/15/bin/psql)
url=${1:-}
kind=${2:-}
role=${3:-}
if [ -z "$url" ] || [ -z "$role" ] || { [ "$kind" != province ] && [ "$kind" != planner ]; }; then
  echo "usage: pg-roles.sh URL province ROLE CODE [CODE...] | pg-roles.sh URL planner ROLE" >&2
  exit 2
fi
shift 3
provinces=""
if [ "$kind" = province ]; then
  [ $# -ge 1 ] || { echo "pg-roles.sh: which provinces may $role write?" >&2; exit 2; }
  for p in "$@"; do
    case "$p" in
    *[!0-9]* | "") echo "pg-roles.sh: a province code is digits, not '$p'" >&2; exit 2 ;;
    esac
    provinces="${provinces:+$provinces,}$p"
  done
fi

"$psql_bin" -X -q -v ON_ERROR_STOP=1 -v role="$role" -v kind="$kind" -v provinces="$provinces" \
  -d "$url" <<'SQL'
SET client_min_messages = warning; -- not a NOTICE per policy that is not there yet
SELECT set_config('vl.role', :'role', false), set_config('vl.kind', :'kind', false),
       set_config('vl.provinces', :'provinces', false) \gset
BEGIN;
-- which role may write which province: the policies read it, so one policy serves every role
CREATE TABLE IF NOT EXISTS vl_province_roles(role TEXT NOT NULL, province TEXT NOT NULL,
                                             PRIMARY KEY(role, province));
DO $$
DECLARE
  r text := current_setting('vl.role');
  k text := current_setting('vl.kind');
  sch text := current_schema();
  t record;
  -- what the planners' role may not read (engine/src/store/privacy.c lists them all): the
  -- seekers' personal columns and their row's hash, which would confirm a guessed name; the
  -- wage of a hire and who referred or recorded it; what a counselling session was about and
  -- who held it. Aggregates need none of them
  personal text[] := ARRAY['seekers.name', 'seekers.name_key', 'seekers.birth_year',
                           'seekers.gender', 'seekers.phone', 'seekers.id_card', 'seekers.sig',
                           'referrals.wage', 'referrals.staff', 'referrals.sig',
                           'referral_outcomes.wage', 'referral_outcomes.staff',
                           'counselling.topic', 'counselling.staff', 'counselling.sig'];
  cols text;
  expr text;
  mine text;
  -- the rows of the provinces the connected user's roles may write
  member text := 'FROM vl_province_roles w WHERE pg_has_role(current_user, w.role, ''MEMBER'')';
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
  END IF;
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', sch, r);
  EXECUTE format('GRANT SELECT ON vl_province_roles TO %I', r);
  DELETE FROM vl_province_roles WHERE role = r;
  IF k = 'province' THEN
    INSERT INTO vl_province_roles
      SELECT r, p FROM unnest(string_to_array(current_setting('vl.provinces'), ',')) p;
  END IF;
  -- tables, never their partitions: a partition reached directly would escape the policies
  FOR t IN SELECT c.relname,
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                          AND a.attname = 'province' AND NOT a.attisdropped) AS by_province,
                  EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
                          AND a.attname = 'run_id' AND NOT a.attisdropped) AS by_run
           FROM pg_class c
           WHERE c.relnamespace = sch::regnamespace AND c.relkind IN ('r', 'p')
             AND NOT c.relispartition AND c.relname <> 'vl_province_roles' LOOP
    IF k = 'province' THEN
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO %I', t.relname, r);
    ELSIF t.relname = 'runs' THEN -- a planner's commands are audited like everyone's
      EXECUTE format('GRANT SELECT, INSERT, UPDATE ON %I TO %I', t.relname, r);
    ELSIF t.relname IN ('users', 'access_audit', 'seeker_priority', 'staff_erasures') THEN
      -- password hashes, who looked at whom, a protected attribute, the keyed hashes of erased
      -- staff's names: not for planners
      EXECUTE format('REVOKE ALL ON %I FROM %I', t.relname, r);
    ELSIF EXISTS (SELECT 1 FROM unnest(personal) p WHERE p LIKE t.relname || '.%') THEN
      SELECT string_agg(quote_ident(attname), ', ') INTO cols FROM pg_attribute
        WHERE attrelid = (sch || '.' || t.relname)::regclass AND attnum > 0 AND NOT attisdropped
          AND t.relname || '.' || attname <> ALL (personal);
      -- a grant of the whole table (an older pg-roles.sh) would cover the columns left out
      EXECUTE format('REVOKE ALL ON %I FROM %I', t.relname, r);
      EXECUTE format('GRANT SELECT (%s) ON %I TO %I', cols, t.relname, r);
    ELSE
      EXECUTE format('GRANT SELECT ON %I TO %I', t.relname, r);
    END IF;
    -- the province a row belongs to: its own column, or its area's province for employers
    -- and fairs (whose rows carry no province column); such a row without an area ('') may be
    -- written by every province's role, as the desk of any province may register one. A run
    -- of no province ('') is the owner's or a planner's: written by the roles that write no
    -- province. A stored run's results (the tables with run_id) are written as their run is
    expr := CASE WHEN t.by_province THEN 'province'
                 WHEN t.relname IN ('employers', 'fairs') THEN 'vl_area_province(area_id)'
                 WHEN t.by_run THEN 'r.province'
            END;
    IF expr IS NOT NULL THEN
      mine := format('(%s IN (SELECT w.province %s)%s)', expr, member,
                     CASE WHEN t.relname = 'runs' OR t.by_run THEN
                            format(' OR (%s = '''' AND NOT EXISTS (SELECT 1 %s))', expr, member)
                          WHEN t.by_province THEN ''
                          ELSE format(' OR %s = ''''', expr) END);
      IF t.by_run AND NOT t.by_province THEN
        mine := format('(EXISTS (SELECT 1 FROM runs r WHERE r.id = run_id AND %s))', mine);
      END IF;
      -- a referral is its seeker's province's row, but the centre of its vacancy's province
      -- writes it too: a seeker of Ha Noi who comes to Hai Phong's centre is referred to a
      -- vacancy there, and what came of it is recorded there
      IF t.relname = 'referrals' THEN
        mine := format('(%s OR vacancy_province IN (SELECT w.province %s))', mine, member);
      ELSIF t.relname IN ('referral_outcomes', 'followups') THEN
        mine := format('(%1$s OR EXISTS (SELECT 1 FROM referrals f WHERE f.province = %2$I.province'
                       ' AND f.id = %2$I.referral AND f.vacancy_province IN (SELECT w.province %3$s)))',
                       mine, t.relname, member);
      END IF;
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
      -- made again each time, so that an upgrade's policies replace the old ones
      EXECUTE format('DROP POLICY IF EXISTS vl_read ON %1$I; DROP POLICY IF EXISTS vl_insert ON %1$I;'
                     ' DROP POLICY IF EXISTS vl_update ON %1$I;'
                     ' DROP POLICY IF EXISTS vl_delete ON %1$I', t.relname);
      -- reading is open but for the desk's accounts: its provinces' and every province's
      EXECUTE format('CREATE POLICY vl_read ON %I FOR SELECT USING %s', t.relname,
                     CASE WHEN t.relname = 'users' THEN format('(province = '''' OR %s)', mine)
                          ELSE '(true)' END);
      EXECUTE format('CREATE POLICY vl_insert ON %I FOR INSERT WITH CHECK %s', t.relname, mine);
      EXECUTE format('CREATE POLICY vl_update ON %I FOR UPDATE USING %s WITH CHECK %s',
                     t.relname, mine, mine);
      EXECUTE format('CREATE POLICY vl_delete ON %I FOR DELETE USING %s', t.relname, mine);
    END IF;
  END LOOP;
  -- meta holds the key of the erased staff's name hashes ('staff-name-key'), with which a
  -- guessed name could be confirmed: read by the roles that write a province (an import
  -- recognises an erased name by it), not by the planners'; everything else in it is for all
  ALTER TABLE meta ENABLE ROW LEVEL SECURITY;
  DROP POLICY IF EXISTS vl_read ON meta;
  DROP POLICY IF EXISTS vl_insert ON meta;
  DROP POLICY IF EXISTS vl_update ON meta;
  DROP POLICY IF EXISTS vl_delete ON meta;
  EXECUTE format('CREATE POLICY vl_read ON meta FOR SELECT USING (key <> ''staff-name-key'''
                 ' OR EXISTS (SELECT 1 %s))', member);
  CREATE POLICY vl_insert ON meta FOR INSERT WITH CHECK (true);
  CREATE POLICY vl_update ON meta FOR UPDATE USING (true) WITH CHECK (true);
  CREATE POLICY vl_delete ON meta FOR DELETE USING (true);
  EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO %I', sch, r);
END $$;
COMMIT;
SQL
echo "pg-roles: $role ($kind${provinces:+: provinces $provinces}) on $(echo "$url" | sed 's/:[^:@/]*@/:***@/')"
