/*
 * match.h (private) - the match room's internals shared by its files and by store-match.c:
 * the model's parameters, the pair scorer, the index layout and the results object.
 *
 * Invariants: every number the scorer uses comes from vl_match_params (models/matching.yaml),
 * except the Earth's radius (a physical constant) and MATCH_BOUND_SLACK (a floating-point
 * safety margin of the branch and bound, which never changes a result, only how early a search
 * stops). The scorer never reads gender, name, ethnicity or priority group.
 */
#ifndef VL_MATCH_MATCH_H
#define VL_MATCH_MATCH_H

#include "core/core.h"
#include "model/model.h"

#include <math.h>

/* A bound must fall below the k-th score by more than this before a search stops. */
#define MATCH_BOUND_SLACK 1e-9
/* Vacancy leaves abroad have location keys MATCH_LOC_ABROAD - country slot (home: area slot,
 * or -1 for an unknown area). */
#define MATCH_LOC_ABROAD (-2)
/* NaN as a double (NAN is a float; -Wdouble-promotion). */
#define MATCH_NAN ((double)NAN)

enum { MATCH_COMBINE_GEOMETRIC = 0, MATCH_COMBINE_ARITHMETIC };

/* models/matching.yaml, one field per key (docs/models.md). */
typedef struct vl_match_params {
    char model[16]; /* "matching" */
    int version;
    /* constraints */
    double default_max_commute_km;
    bool unknown_age_passes;
    /* occupation closeness in the ISCO-08 hierarchy */
    double occ_unit, occ_minor, occ_submajor, occ_major, occ_other;
    /* fit */
    double fit_w_occupation, fit_w_skills, fit_w_experience, fit_w_education;
    double skills_none_preferred;
    double experience_floor;
    double education_step, education_floor, education_no_minimum;
    /* appeal */
    double app_w_occupation, app_w_wage, app_w_distance;
    double preference_decay;
    double wage_zero_ratio, wage_unknown;
    double distance_floor, abroad_distance;
    /* score */
    int combine;
    double fit_share;
    /* results, candidates */
    double min_score;
    int top;
    int candidates_per_seeker;
} vl_match_params;

struct vl_match_model {
    vl_match_params p;
};

/* The key table of models/matching.yaml (for docs and tests). */
const vl__model_key *vl__match_model_keys(size_t *n);

/* Checks relations a key table cannot (weights summing to zero...); name for messages. */
vl_status match_params_check(vl_ctx *ctx, const char *name, const vl_match_params *p);

/* ---- interned strings: ids, skill keys, area codes ----------------------------------------- */
typedef struct match_strmap {
    const char **keys; /* slot -> key (borrowed) or NULL */
    uint32_t *vals;
    size_t cap; /* power of two */
    size_t n;
} match_strmap;
bool match_strmap_init(match_strmap *m, size_t expected);
void match_strmap_free(match_strmap *m);
/* Value of key, or UINT32_MAX. */
uint32_t match_strmap_get(const match_strmap *m, const char *key);
/* Inserts key -> val unless present; returns the value stored (UINT32_MAX on no memory). */
uint32_t match_strmap_put(match_strmap *m, const char *key, uint32_t val);
/* Inserts or replaces key -> val (the key pointer too); false on no memory. */
bool match_strmap_set(match_strmap *m, const char *key, uint32_t val);

/* ---- per-record data prepared once by the index -------------------------------------------- */
typedef struct match_vac {
    uint32_t *req;  /* required skill ids, sorted */
    uint32_t *pref; /* preferred skill ids, in the vacancy's order */
    uint32_t n_req, n_pref;
    uint64_t req_mask; /* one bit per required skill id (id & 63) */
    int32_t loc;       /* area slot (domestic) or -1 abroad */
    bool abroad;
    double offered; /* NaN when not given */
} match_vac;

typedef struct match_seek {
    uint32_t *skills; /* skill ids, sorted, unique */
    uint32_t n_skills;
    uint64_t mask;
    int32_t loc;    /* area slot or -1 */
    int age;        /* on the as-of date; -1 unknown */
    double commute; /* km limit (the model's default when the cell is empty) */
    double wanted;  /* NaN when not given */
    bool active;
} match_seek;

/* A vacancy in tree order: what a seeker query's inner loop reads, contiguous in memory. */
typedef struct match_vrec {
    uint32_t pos, rank; /* dataset position, rank of the id */
    const uint32_t *pref;
    uint32_t n_pref;
    int age_min, age_max, edu_min;
    uint32_t n_lang;
    const vl_lang *langs;
    double exp_min, offered;
} match_vrec;

/* Wishes kept inline in a seeker record; a longer list is read from the dataset. */
#define MATCH_INLINE_OCC 4

/* A seeker in tree order: what a vacancy query's inner loop reads. */
typedef struct match_srec {
    uint32_t pos, rank;
    const uint32_t *skills;
    uint32_t n_skills;
    int age, edu;
    uint32_t n_lang;
    const vl_lang *langs;
    const vl_strlist *occupations, *abroad;
    double exp, wanted, commute;
    char occ[MATCH_INLINE_OCC][5]; /* the first wishes, inline (n_occ <= MATCH_INLINE_OCC) */
    uint32_t n_occ;                /* number of wishes */
} match_srec;

/* An area slot: every area code seen (areas table, vacancies, seekers). */
typedef struct match_area {
    double lat, lon; /* radians; NaN when unknown */
    double coslat;
} match_area;

/*
 * A node of a two-level index. Vacancies: buckets are the distinct sets of required skills,
 * leaves (occupation, location) within a bucket. Seekers: buckets are the first wanted
 * occupation, leaves the area within a bucket.
 */
typedef struct match_node {
    uint32_t begin, end; /* children: leaves of a bucket, items (positions in order) of a leaf */
    int32_t loc;         /* leaf: area slot (-1 unknown), or MATCH_LOC_ABROAD - country slot */
    uint32_t code;       /* vacancy leaf: occupation slot (idx->codes) */
    /* statistics of the items below, for upper bounds */
    double max_offered; /* vacancies: the highest wage offered (NaN if none given) */
    double min_wanted;  /* seekers: the lowest wage wanted (NaN if none given) */
    double min_exp_min; /* vacancies: the smallest experience minimum */
    double max_exp;     /* seekers: the most experience */
    double max_commute; /* seekers: the widest commute limit */
    int max_edu_min;    /* vacancies: the highest education minimum (-1 none) */
    bool any_unknown_wage, any_no_edu_min, any_pref, any_no_pref, any_abroad_ok;
    uint64_t mask_union; /* seekers: union of skill masks */
} match_node;

typedef struct match_bucket {
    match_node node; /* children = leaves */
    /* vacancies: the required skills shared by the bucket (sorted ids) and their mask */
    const uint32_t *req;
    uint32_t n_req;
    uint64_t req_mask;
    /* seekers: the first wanted occupation, and every (code, best place) wanted by someone */
    char code[5];
    char (*codes)[5];
    uint8_t *places;
    uint32_t n_codes;
} match_bucket;

typedef struct match_tree {
    match_bucket *buckets;
    size_t n_buckets;
    match_node *leaves;
    size_t n_leaves;
    uint32_t *items; /* dataset positions, grouped by leaf, by id within a leaf */
    size_t n_items;
} match_tree;

struct vl_match_index {
    const vl_dataset *ds;
    vl_match_params p;
    int32_t as_of;
    match_strmap seeker_ids, vacancy_ids, skills, areas_map, countries;
    match_area *areas;
    size_t n_areas;
    match_vac *vac;                 /* per dataset vacancy */
    match_seek *seek;               /* per dataset seeker */
    bool *vac_in;                   /* in the index (open, positions, fair) */
    uint32_t *vac_rank, *seek_rank; /* rank of the id in byte order, for ties */
    match_tree vt, st;              /* vacancies by required skills; seekers by first wish */
    match_strmap code_map;          /* occupation codes of indexed vacancies -> slot */
    char (*codes)[5];
    size_t n_codes;
    match_vrec *vrec; /* per vt.items position */
    match_srec *srec; /* per st.items position */
    /* per skill id, the tree positions (idx->st.items) of the active seekers holding it */
    uint32_t *post_off, *post;
    size_t max_post;  /* the longest posting list */
    uint32_t *active; /* active seekers in dataset order (the batch's order) */
    size_t n_active;
    vl_arena *arena;
    /*
     * Following changes (vl_match_index_put_*, index.c "Changes"): the base records stay in
     * the trees; a changed or removed one is switched off (vac_in / active false) and its new
     * version appended after the base ones, scanned exhaustively by every query.
     */
    const char *fair; /* the index's fair (NULL = every open vacancy) */
    vl_dataset view;  /* base records then changed ones, once anything changed */
    bool grown;       /* per-record arrays moved to malloc'd, growable ones */
    size_t cap_vac, cap_seek;
    size_t n_base_vac, n_base_seek;   /* records of the base dataset */
    uint32_t *vac_order, *seek_order; /* base positions in id order (ranks of new ids) */
    size_t n_post_skills;             /* skills with posting lists (those of the base) */
    uint32_t *dvac, *dseek;           /* appended vacancies in the index / active seekers */
    size_t n_dvac, n_dseek, cap_dvac, cap_dseek;
    size_t n_vac_in; /* vacancies in the index, base and appended */
};

/* ---- scoring ------------------------------------------------------------------------------- */
/* Great-circle distance between the centres of two area slots (ref/geo.h; 0 for the same slot,
 * +inf when a centre is unknown). */
double match_distance(const vl_match_index *idx, int32_t a, int32_t b);
/* Closeness of two ISCO codes by the model (common prefix: unit, minor, sub-major, major). */
double match_occ_closeness(const vl_match_params *p, const char *a, const char *b);
/* Fit and appeal of the seeker's wanted list for an occupation (appeal decays by place). */
void match_occ_pair(const vl_match_params *p, const vl_strlist *wanted, const char *code,
                    double *fit_occ, double *app_occ);
/* The same over codes kept inline (identical results for the same codes). */
void match_occ_pair_inline(const vl_match_params *p, const char (*wanted)[5], size_t n,
                           const char *code, double *fit_occ, double *app_occ);
/* Whether a seeker's abroad list holds the country or '*'. */
bool match_accepts_country(const vl_seeker *s, const char *country);
/* Each language asked is held at or above its level (CEFR rank). */
bool match_langs_ok(const vl_lang *have, size_t n_have, const vl_lang *need, size_t n_need);
/* The age limits (0 = none) for an age (-1 = unknown). */
bool match_age_ok(const vl_match_params *p, int age, int age_min, int age_max);
/* Hard constraints of a pair (the vacancy in the index, the seeker active). */
bool match_eligible(const vl_match_index *idx, size_t s, size_t v, double *distance);
/* The same on a day (yyyymmdd): the vacancy open by its dates that day, the seeker's age that
 * day; the seeker's status and the vacancy's positions do not count. */
bool match_eligible_on(const vl_match_index *idx, size_t s, size_t v, int32_t on, double *distance);
/* The distance of any pair (NaN abroad, +inf when an area is unknown). */
void match_pair_distance(const vl_match_index *idx, size_t s, size_t v, double *distance);
/*
 * What the scorer reads of a pair. The index's fast paths fill it from packed records and
 * per-query caches, match_score_pair from the dataset: the same inputs give the same bits.
 */
typedef struct match_pair_in {
    double fo, ao; /* occupation components (match_occ_pair) */
    double km;     /* distance (NaN abroad) */
    bool abroad;
    double commute; /* the seeker's limit */
    double exp_years, exp_min;
    int edu, edu_min;
    double offered, wanted;
    const uint32_t *pref; /* the vacancy's preferred skill ids, in its order */
    uint32_t n_pref;
    const uint32_t *skills; /* the seeker's skill ids, sorted */
    uint32_t n_skills;
} match_pair_in;
/* Every component, the score and the explanation (not seeker/vacancy/rank). */
void match_score_in(const vl_match_params *p, const match_pair_in *in, vl_match_result *r);
/* Fills every component, the score and the explanation of an eligible pair. */
void match_score_pair(const vl_match_index *idx, size_t s, size_t v, double distance,
                      vl_match_result *r);
/* The combination of fit and appeal components (shared by the scorer and the bounds). */
double match_fit(const vl_match_params *p, double occ, double skills, double exp, double edu);
double match_appeal(const vl_match_params *p, double occ, double wage, double dist);
double match_combine(const vl_match_params *p, double fit, double appeal);
double match_wage_score(const vl_match_params *p, double offered, double wanted);
double match_distance_score(const vl_match_params *p, double km, double limit, bool abroad);
double match_experience_score(const vl_match_params *p, double years, double minimum);
double match_education_score(const vl_match_params *p, int edu, int minimum);

/* ---- results ------------------------------------------------------------------------------- */
struct vl_match_results {
    vl_match_result *items;
    size_t n;
    uint64_t scored, pairs;
};
vl_match_results *match_results_new(size_t n);

#endif
