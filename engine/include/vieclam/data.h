/*
 * data.h - the centre's records as plain structs: areas, employers, vacancies, seekers.
 *
 * Engines (matching, fair planning) take these structs, never a database handle, so they can be
 * tested and benchmarked without SQLite. A vl_dataset is a set of such arrays; when it was
 * produced by the library (vl_db_load_dataset, the generator) it owns all of its memory in one
 * arena and vl_dataset_destroy frees it. A caller may also fill the structs by hand (tests).
 *
 * Codes are strings because leading zeros matter: ISCO-08 major group "0" (armed forces) has
 * unit group "0110". Dates are integers yyyymmdd (0 = not given). Skill keys are the folded
 * form of the labels (vl_text_fold), so equal keys mean equal skills.
 */
#ifndef VIECLAM_DATA_H
#define VIECLAM_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vieclam/common.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Education levels, in the contract's order; a higher value is a higher level. */
typedef enum vl_education {
    VL_EDU_UNKNOWN = -1,
    VL_EDU_NONE = 0,
    VL_EDU_PRIMARY,
    VL_EDU_LOWER_SECONDARY,
    VL_EDU_UPPER_SECONDARY,
    VL_EDU_ELEMENTARY,   /* sơ cấp (vocational) */
    VL_EDU_INTERMEDIATE, /* trung cấp */
    VL_EDU_COLLEGE,      /* cao đẳng */
    VL_EDU_UNIVERSITY,   /* đại học */
    VL_EDU_MASTER,
    VL_EDU_DOCTORATE,
    VL_EDU_COUNT
} vl_education;

/* Priority groups, a bit set. They never change a match score; fair planning may reward them. */
enum {
    VL_PRIO_POOR = 1u << 0,
    VL_PRIO_NEAR_POOR = 1u << 1,
    VL_PRIO_DISABILITY = 1u << 2,
    VL_PRIO_ETHNIC_MINORITY = 1u << 3,
    VL_PRIO_RURAL = 1u << 4,
    VL_PRIO_DEMOBILISED = 1u << 5,
    VL_PRIO_OTHER = 1u << 6
};

typedef enum vl_seeker_status {
    VL_SEEKER_ACTIVE = 0,
    VL_SEEKER_PLACED,
    VL_SEEKER_WITHDRAWN
} vl_seeker_status;

/* Language certificate schemes. */
typedef enum vl_lang_scheme {
    VL_LANG_CEFR = 0, /* A1..C2 -> 1..6 */
    VL_LANG_JLPT,     /* N5..N1 -> 1..5 */
    VL_LANG_TOPIK     /* 1..6   -> 1..6 */
} vl_lang_scheme;

/*
 * A language and a level. `level` is the level within its scheme (see vl_lang_scheme);
 * `cefr` is the CEFR-equivalent rank 1..6 used to compare across schemes
 * (JLPT N5=A1, N4=A2, N3=B1, N2=B2, N1=C1; TOPIK 1..6 = A1..C2).
 */
typedef struct vl_lang {
    char code[4]; /* ISO 639-1, lower case: "ja", "ko", "zh", "en" */
    uint8_t scheme;
    uint8_t level;
    uint8_t cefr;
} vl_lang;

/* A list of strings (skills, countries, occupation codes). */
typedef struct vl_strlist {
    const char **items;
    size_t n;
} vl_strlist;

typedef struct vl_area {
    const char *code;
    const char *name;
    const char *parent; /* NULL for a top-level area */
    int level;          /* 1 province, 2 district (until 2025-06-30), 3 commune */
    double lat, lon;    /* centroid, degrees; NaN when unknown */
    int32_t valid_from; /* yyyymmdd, 0 = always */
    int32_t valid_to;   /* yyyymmdd, 0 = still valid */
    const char *version;
} vl_area;

typedef struct vl_employer {
    const char *id;
    const char *name;
    const char *industry; /* VSIC code */
    const char *area;
} vl_employer;

typedef struct vl_vacancy {
    const char *id;
    const char *employer;
    const char *title;
    char occupation[5];              /* ISCO-08, 1-4 digits */
    vl_strlist skills_required;      /* labels as written */
    vl_strlist skills_required_keys; /* folded keys, same order */
    vl_strlist skills_preferred;
    vl_strlist skills_preferred_keys;
    int education_min;     /* vl_education; VL_EDU_UNKNOWN = no minimum */
    double experience_min; /* years; 0 = none */
    const vl_lang *languages;
    size_t n_languages;
    double wage_min, wage_max; /* VND per month; 0 = not given */
    int positions;             /* still open: from the store, less the current hires */
    const char *area;          /* NULL for a vacancy abroad */
    char country[3];           /* ISO 3166 alpha-2, "VN" at home */
    int age_min, age_max;      /* 0 = not given */
    int32_t posted, closes;    /* yyyymmdd; closes 0 = open-ended */
    const char *fair;          /* NULL when not at a fair */
    int positions_offered;     /* as offered (the store: the vacancies file); 0 = positions */
} vl_vacancy;

typedef struct vl_seeker {
    const char *id;
    const char *name; /* personal data: never logged or exported to planners */
    int birth_year;   /* personal data; 0 = unknown */
    const char *gender;
    const char *area;
    int education;          /* vl_education */
    vl_strlist occupations; /* ISCO-08 codes, most wanted first */
    vl_strlist skills;
    vl_strlist skills_keys;
    double experience_years;
    const vl_lang *languages;
    size_t n_languages;
    double wage_min;       /* VND per month; 0 = not given */
    double max_commute_km; /* NaN = use the model's default */
    vl_strlist abroad;     /* accepted countries; "*" = any; empty = none */
    unsigned priority;     /* VL_PRIO_* bits */
    int32_t registered;    /* yyyymmdd */
    int status;            /* vl_seeker_status; from the store, placed by a current hire */
    const char *phone;     /* personal data; NULL when not given (or not loaded) */
    const char *id_card;   /* personal data; NULL when not given (or not loaded) */
} vl_seeker;

typedef struct vl_dataset {
    const vl_area *areas;
    size_t n_areas;
    const vl_employer *employers;
    size_t n_employers;
    const vl_vacancy *vacancies;
    size_t n_vacancies;
    const vl_seeker *seekers;
    size_t n_seekers;
    void *owner; /* library-internal: the arena owning everything above, or NULL */
} vl_dataset;

/*
 * The contract's canonical names (docs/data-formats.md): an education level ("university"),
 * NULL when out of range; a language as "ja:N3", "en:B2", "ko:4".
 */
VL_EXPORT const char *vl_education_name(int level);
/*
 * The words of a closed list's value for people (the desk's lists, the workbooks): list
 * "education", "gender", "priority" or "status", code its canonical name ("upper_secondary");
 * lang "vi", "en" or NULL (the process's language). NULL for an unknown list or code. The import
 * reads these words back as the code. vl_value_code gives the list's i-th code, NULL past the
 * last.
 */
VL_EXPORT const char *vl_value_words(const char *lang, const char *list, const char *code);
VL_EXPORT const char *vl_value_code(const char *list, size_t i);
/* A country's name (ISO 3166-1 alpha-2 code) in lang ("vi", "en", NULL: the process's): "Nhật
 * Bản" for JP; NULL for a code without a name in vieclam's list (show the code). */
VL_EXPORT const char *vl_country_name(const char *code, const char *lang);
VL_EXPORT void vl_lang_format(const vl_lang *lang, char *buf, size_t size);

/* Frees a dataset produced by the library (and its arena). NULL is a no-op. */
VL_EXPORT void vl_dataset_destroy(vl_dataset *ds);

#ifdef __cplusplus
}
#endif

#endif
