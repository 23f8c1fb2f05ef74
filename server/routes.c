/*
 * routes.c - the route table: every path of the JSON API with its method, the roles allowed and
 * the handler (docs/api.md is the same table in words). The security room reads the roles from
 * here before any handler runs, so no handler checks a role itself.
 */
#include <stdio.h>
#include <string.h>

#include "server.h"

static void api_login(desk_req *rq, desk_resp *rs)
{
    security_login(rq, rs);
}

static void api_logout(desk_req *rq, desk_resp *rs)
{
    security_logout(rq, rs);
}

const desk_route routes_table[] = {
    /* sessions */
    {"POST", "/api/login", ROLE_PUBLIC, api_login},
    {"POST", "/api/logout", ROLE_ANY, api_logout},
    {"GET", "/api/session", ROLE_ANY, api_session},
    {"PUT", "/api/me", ROLE_ANY, api_me},
    /* reference lists */
    {"GET", "/api/meta", ROLE_ANY, api_meta},
    {"GET", "/api/summary", ROLE_ANY, api_summary},
    {"GET", "/api/occupations", ROLE_ANY, api_occupations},
    {"GET", "/api/occupations/{}", ROLE_ANY, api_occupation},
    {"GET", "/api/areas", ROLE_ANY, api_areas},
    {"GET", "/api/areas/{}", ROLE_ANY, api_area},
    /* people and jobs: staff */
    {"GET", "/api/seekers", ROLE_STAFF, api_seekers_list},
    {"POST", "/api/seekers", ROLE_STAFF, api_seeker_create},
    {"GET", "/api/seekers/{}", ROLE_STAFF, api_seeker_get},
    {"PUT", "/api/seekers/{}", ROLE_STAFF, api_seeker_update},
    {"GET", "/api/seekers/{}/matches", ROLE_STAFF, api_seeker_matches},
    {"GET", "/api/seekers/{}/counselling", ROLE_STAFF, api_seeker_counselling},
    {"GET", "/api/seekers/{}/data", ROLE_STAFF, api_seeker_data},
    {"POST", "/api/seekers/{}/counselling", ROLE_STAFF, api_seeker_counsel},
    {"GET", "/api/seekers/{}/why-not/{}", ROLE_STAFF, api_seeker_why_not},
    {"GET", "/api/employers", ROLE_STAFF, api_employers_list},
    {"POST", "/api/employers", ROLE_STAFF, api_employer_create},
    {"GET", "/api/employers/{}", ROLE_STAFF, api_employer_get},
    {"PUT", "/api/employers/{}", ROLE_STAFF, api_employer_update},
    {"GET", "/api/vacancies", ROLE_STAFF, api_vacancies_list},
    {"POST", "/api/vacancies", ROLE_STAFF, api_vacancy_create},
    {"GET", "/api/vacancies/{}", ROLE_STAFF, api_vacancy_get},
    {"PUT", "/api/vacancies/{}", ROLE_STAFF, api_vacancy_update},
    {"GET", "/api/vacancies/{}/shortlist", ROLE_STAFF, api_vacancy_shortlist},
    {"GET", "/api/vacancies/{}/why-not/{}", ROLE_STAFF, api_vacancy_why_not},
    /* referrals: staff */
    {"GET", "/api/referrals", ROLE_STAFF, api_referrals_list},
    {"POST", "/api/referrals", ROLE_STAFF, api_referral_create},
    {"GET", "/api/referrals/{}", ROLE_STAFF, api_referral_get},
    {"PUT", "/api/referrals/{}/outcome", ROLE_STAFF, api_referral_outcome},
    {"GET", "/api/referrals/{}/followups", ROLE_STAFF, api_followups_get},
    {"POST", "/api/referrals/{}/followups", ROLE_STAFF, api_followup_record},
    /* job fairs: staff */
    {"GET", "/api/fairs", ROLE_STAFF, api_fairs_list},
    {"POST", "/api/fairs", ROLE_STAFF, api_fair_create},
    {"GET", "/api/fairs/{}/plans", ROLE_STAFF, api_fair_plans_list},
    {"POST", "/api/fairs/{}/plans", ROLE_STAFF, api_fair_plan_start},
    {"GET", "/api/fair-plans/{}", ROLE_STAFF, api_fair_plan_get},
    {"GET", "/api/fair-plans/{}/shortlists/{}", ROLE_STAFF, api_fair_plan_shortlist},
    {"GET", "/api/fair-plans/{}/invitations.html", ROLE_STAFF, api_fair_plan_invitations},
    {"GET", "/api/fair-plans/{}/vacancies/{}", ROLE_STAFF, api_fair_plan_invited},
    /* planners */
    {"POST", "/api/forecast-runs", ROLE_PLANNER, api_forecast_start},
    {"GET", "/api/forecast-runs", ROLE_PLANNER, api_forecast_runs},
    {"GET", "/api/reports/{}", ROLE_PLANNER, api_report},
    {"POST", "/api/activity-reports", ROLE_PLANNER, api_activity_start},
    {"GET", "/api/activity-reports/{}", ROLE_PLANNER, api_activity_report},
    {"GET", "/api/targets/{}", ROLE_PLANNER, api_targets_get},
    {"PUT", "/api/targets/{}", ROLE_PLANNER, api_targets_put},
    {"GET", "/api/history-keys", ROLE_PLANNER, api_history_keys},
    {"GET", "/api/judgements", ROLE_PLANNER, api_judgements_list},
    {"POST", "/api/judgements", ROLE_PLANNER, api_judgement_add},
    {"POST", "/api/judgements/{}/{}/withdraw", ROLE_PLANNER, api_judgement_withdraw},
    /* background jobs: whoever may start them (jobs.c shows each user only their own) */
    {"GET", "/api/jobs/{}", ROLE_STAFF | ROLE_PLANNER | ROLE_ADMIN, api_job_get},
    {"GET", "/api/jobs/{}/rejects", ROLE_ANY, api_job_rejects},
    {"POST", "/api/imports/{}", ROLE_ANY, api_import_start},
    {"GET", "/api/templates/{}", ROLE_ANY, api_template},
    {"GET", "/api/exports/{}", ROLE_ANY, api_export},
    /* administrators */
    {"GET", "/api/users", ROLE_ADMIN, api_users_list},
    {"POST", "/api/users", ROLE_ADMIN, api_user_create},
    {"PUT", "/api/users/{}", ROLE_ADMIN, api_user_update},
    {"GET", "/api/audit", ROLE_ADMIN, api_audit_list},
    {"GET", "/api/audit.xlsx", ROLE_ADMIN, api_audit_xlsx},
    {"GET", "/api/retention", ROLE_ADMIN, api_retention},
    {"POST", "/api/erasures", ROLE_ADMIN, api_erasure},
};
const size_t routes_count = sizeof routes_table / sizeof routes_table[0];

/* Whether path matches pattern; the {} segments are copied to params. */
static bool match(const char *pattern, const char *path, char params[][128], size_t *n)
{
    *n = 0;
    while (*pattern && *path) {
        if (*pattern != '/' || *path != '/')
            return false;
        pattern++, path++;
        size_t pl = strcspn(pattern, "/"), sl = strcspn(path, "/");
        if (pl == 2 && strncmp(pattern, "{}", 2) == 0) {
            if (sl == 0 || sl >= 128 || *n >= DESK_PARAMS)
                return false;
            memcpy(params[*n], path, sl);
            params[(*n)++][sl] = '\0';
        } else if (pl != sl || strncmp(pattern, path, pl) != 0) {
            return false;
        }
        pattern += pl, path += sl;
    }
    return !*pattern && !*path;
}

const desk_route *routes_find(const char *method, const char *path, desk_req *rq, int *status,
                              char *allow, size_t allow_size)
{
    bool path_known = false;
    size_t used = 0;
    allow[0] = '\0';
    char scratch[DESK_PARAMS][128];
    for (size_t i = 0; i < routes_count; i++) {
        size_t n;
        if (!match(routes_table[i].pattern, path, scratch, &n))
            continue;
        bool same = strcmp(routes_table[i].method, method) == 0 ||
                    (strcmp(method, "HEAD") == 0 && strcmp(routes_table[i].method, "GET") == 0);
        if (same) {
            memcpy(rq->params, scratch, sizeof scratch);
            return &routes_table[i];
        }
        path_known = true;
        int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
                         routes_table[i].method);
        if (w > 0 && (size_t)w < allow_size - used)
            used += (size_t)w;
    }
    *status = path_known ? 405 : 404;
    return NULL;
}
