/*
 * internal.h - private to the generator room (engine/src/gen/): the PRNG, the catalogue of
 * occupations, employer profiles, overseas programmes and Vietnamese names, the "typist" that
 * writes a skill label the many ways people type it, the areas reader, and the generator state.
 *
 * Determinism: every random choice comes from a gen_rng seeded by (seed, stream, index), and only
 * IEEE + - * / and comparisons touch doubles (no libm), so output is the same on every platform.
 */
#ifndef VL_GEN_INTERNAL_H
#define VL_GEN_INTERNAL_H

#include "core/core.h"

/* The home province when vl_gen_options.home_parent is NULL: Hải Phòng, since the 2025 reform. */
#define GEN_HOME_DEFAULT "31"

/* ---- PRNG: xoshiro256** seeded through splitmix64 ----------------------------------------- */
typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

/* Streams: one per kind of record, so kinds never share random numbers. */
enum {
    GEN_STREAM_SETUP = 1,
    GEN_STREAM_EMPLOYER,
    GEN_STREAM_VACANCY,
    GEN_STREAM_SEEKER,
    GEN_STREAM_HISTORY,
    GEN_STREAM_BALANCE,
    GEN_STREAM_REFERRAL,
    GEN_STREAM_CONTACT, /* seekers' phone and ID card: a stream of its own, added later, so
                           the other draws (and the committed sample) did not move */
    GEN_STREAM_COUNSELLING
};

void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t stream, uint64_t index);
uint64_t gen_rng_next(gen_rng *r);
double gen_rng_unit(gen_rng *r);                /* uniform in [0, 1) */
uint64_t gen_rng_below(gen_rng *r, uint64_t n); /* uniform in [0, n), n > 0 */
int gen_rng_range(gen_rng *r, int lo, int hi);  /* uniform in [lo, hi] */
bool gen_rng_chance(gen_rng *r, double p);      /* true with probability p */
double gen_rng_normal(gen_rng *r);              /* approx. N(0,1): Irwin-Hall of 12 */
/* Index drawn with probability proportional to w[i] (cum = running sums, cum[n-1] > 0). */
size_t gen_rng_pick(gen_rng *r, const double *cum, size_t n);
/* Index drawn from an int weight table (small tables, linear). */
size_t gen_rng_pick_int(gen_rng *r, const int *w, size_t n);

/* ---- dates --------------------------------------------------------------------------------- */
int32_t gen_date_add(int32_t yyyymmdd, int days);

/* ---- catalogue ------------------------------------------------------------------------------ */
#define GEN_MAX_SKILLS      7
#define GEN_MAX_PROFILE_OCC 8
#define GEN_MAX_PROG_OCC    6

typedef struct gen_occ {
    const char *code;  /* ISCO-08 unit group */
    const char *title; /* vacancy title, Vietnamese */
    int edu;           /* typical education of seekers (vl_education) */
    int edu_min;       /* usual vacancy minimum; VL_EDU_UNKNOWN = none */
    int wage_lo;       /* usual wage range at home, thousand VND per month */
    int wage_hi;
    int pos_max;    /* positions per vacancy at most */
    int exp_max;    /* years of experience a vacancy asks at most */
    int female_pct; /* share of women among seekers of this occupation, percent */
    int supply_pct; /* seekers per vacancy relative to demand, percent (<100 = shortage) */
    const char *skills[GEN_MAX_SKILLS]; /* canonical labels (NFC), NULL-terminated */
} gen_occ;

typedef struct gen_profile {
    const char *section;                  /* VSIC 2018 section */
    const char *trade;                    /* the trade in a company name ("May mặc") */
    int weight;                           /* share of employers, percent */
    int size;                             /* relative number of vacancies per employer */
    bool dispatch;                        /* a labour-export company: its vacancies are abroad */
    const char *occ[GEN_MAX_PROFILE_OCC]; /* ISCO codes (NULL-terminated) ... */
    int occ_w[GEN_MAX_PROFILE_OCC];       /* ... and their weights */
} gen_profile;

typedef struct gen_programme {
    char country[3];
    const char *title;     /* title prefix ("Thực tập sinh kỹ năng Nhật Bản") */
    const char *lang;      /* required language code, NULL = none */
    int lang_scheme;       /* vl_lang_scheme */
    int lang_lo, lang_hi;  /* required level range within the scheme */
    const char *preferred; /* an extra preferred skill (e.g. Chinese when optional) */
    int age_min, age_max;
    int wage_lo, wage_hi; /* thousand VND per month */
    int weight;           /* share of overseas vacancies, percent */
    const char *occ[GEN_MAX_PROG_OCC];
} gen_programme;

extern const gen_occ gen_occs[];
extern const size_t gen_n_occs;
extern const gen_profile gen_profiles[];
extern const size_t gen_n_profiles;
extern const gen_programme gen_programmes[];
extern const size_t gen_n_programmes;
extern const char *const gen_generic_skills[]; /* preferred skills of any trade */
extern const size_t gen_n_generic_skills;
extern const char *const gen_vsic_sections[]; /* "A".."U" */
extern const size_t gen_n_vsic_sections;

typedef struct gen_weighted {
    const char *text;
    int weight;
} gen_weighted;
extern const gen_weighted gen_family_names[];
extern const size_t gen_n_family_names;
extern const char *const gen_middle_f[], *const gen_middle_m[];
extern const size_t gen_n_middle_f, gen_n_middle_m;
extern const char *const gen_given_f[], *const gen_given_m[];
extern const size_t gen_n_given_f, gen_n_given_m;
extern const char *const gen_company_forms[];
extern const size_t gen_n_company_forms;
extern const char *const gen_brands[];
extern const size_t gen_n_brands;

/* Index of an occupation code in gen_occs, or -1. */
long gen_occ_find(const char *code);

/* ---- typing variants ------------------------------------------------------------------------ */
typedef enum gen_typing {
    GEN_TYPE_ASIS = 0, /* as in the catalogue (NFC) */
    GEN_TYPE_NFD,      /* decomposed: base letters + combining marks */
    GEN_TYPE_UPPER,    /* "HÀN ĐIỆN" */
    GEN_TYPE_LOWER,    /* "hàn điện" */
    GEN_TYPE_PLAIN,    /* without diacritics, lower case: "han dien" */
    GEN_TYPE_SPACES,   /* extra spaces inside and around: " Hàn  điện " */
    GEN_TYPE_COUNT
} gen_typing;

typedef struct gen_typist gen_typist;
/* Builds the Vietnamese letter tables (through vl_text_nfc). NULL on out-of-memory. */
gen_typist *gen_typist_create(void);
void gen_typist_destroy(gen_typist *t);
/* The label typed the given way, allocated in a; NULL on out-of-memory. */
char *gen_typist_type(const gen_typist *t, vl_arena *a, const char *label, gen_typing how);
/* A typing drawn from the documented shares (half as in the catalogue). */
gen_typing gen_typing_draw(gen_rng *r);

/* ---- areas ---------------------------------------------------------------------------------- */
/* The areas built into the library (ref/areas.h): both lists, 2025 and pre-reform. */
vl_status gen_builtin_areas(vl_ctx *ctx, vl_arena *a, vl_area **out, size_t *n_out);
/*
 * Parses an areas CSV (text of `len` bytes, named `name` in diagnostics) into areas allocated in
 * a. Header must have code,name,parent,lat,lon; level,valid_from,valid_to,version are optional.
 */
vl_status gen_parse_areas(vl_ctx *ctx, const char *name, const char *text, size_t len, vl_arena *a,
                          vl_area **out, size_t *n_out);

/* ---- generator state ------------------------------------------------------------------------ */
typedef struct gen_skill {
    const char *typed[GEN_TYPE_COUNT]; /* the label typed each way */
    const char *key;                   /* vl_text_fold of the label */
} gen_skill;

typedef struct gen_state {
    vl_ctx *ctx;
    vl_gen_options o;
    vl_arena *arena; /* everything below; becomes the dataset's owner */
    vl_area *areas;  /* the areas of the data set (built-in: the home province and areas) */
    size_t n_areas;
    size_t *home; /* indices into areas of the home areas */
    size_t n_home;
    double *home_cum_emp;    /* cumulative weights of home areas for employers ... */
    double *home_cum_seek;   /* ... and for seekers */
    const char **hist_codes; /* the areas the history is keyed by (gen_history_areas) */
    double *hist_w;          /* their employer weights (history levels follow them) */
    double hist_total;       /* the sum of hist_w (as the cumulative weights give it) */
    size_t n_hist;
    char fair_prefix[8];   /* initials of the home province: "HP" */
    gen_skill *occ_skills; /* gen_n_occs * GEN_MAX_SKILLS (key NULL past the end) */
    gen_skill *generic;    /* gen_n_generic_skills */
    gen_skill *prog_pref;  /* gen_n_programmes (key NULL when none) */
    vl_employer *employers;
    size_t n_employers;
    unsigned char *emp_profile; /* index into gen_profiles per employer */
    double *emp_cum;            /* cumulative vacancy weights of home employers */
    size_t *dispatch;           /* employers that send workers abroad */
    size_t n_dispatch;
    double *seek_occ_cum; /* cumulative weights of seekers' first occupation */
    double *prog_cum;     /* cumulative weights of programmes */
    char fair_ids[2][32]; /* the fair of the as-of month and of the next month */
} gen_state;

vl_status gen_state_init(gen_state *g, vl_ctx *ctx, const vl_gen_options *o);
void gen_state_free(gen_state *g); /* frees the arena unless it was handed over (NULL) */
/* Record i of each kind, allocated in a (which may differ from g->arena). */
vl_status gen_vacancy(const gen_state *g, size_t i, vl_arena *a, vl_vacancy *v);
vl_status gen_seeker(const gen_state *g, size_t i, vl_arena *a, vl_seeker *s);

/* ---- referrals --------------------------------------------------------------------------------
 */
/* The referrals of a generated data set (gen.h), in date order, in memory; free with
 * gen_referrals_free. Pointers into ds (ids) stay valid while ds lives. */
vl_status gen_referrals(vl_ctx *ctx, const vl_gen_options *o, const vl_dataset *ds,
                        vl_referral_set **out);
void gen_referrals_free(vl_referral_set *set);

/* ---- history --------------------------------------------------------------------------------- */
/* Writes history.csv and labour-balance-history.csv into dir. */
vl_status gen_write_history(const gen_state *g, const char *dir);

#endif
