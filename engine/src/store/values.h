/*
 * values.h - the contract's value vocabularies, shared by import, export, loading and checks:
 * education levels (with Vietnamese aliases), priority groups, seeker status, gender, referral
 * channels and outcomes, language levels (CEFR, JLPT, TOPIK) and ISO 3166 / ISO 639-1 codes.
 * Parsing compares folded text (vl_text_fold), so "Đại học", "dai hoc" and "ĐẠI HỌC" are the same
 * level.
 */
#ifndef VL_STORE_VALUES_H
#define VL_STORE_VALUES_H

#include "core/core.h"

/*
 * Folds text for alias matching: vl_text_fold, then '_'/'-' read as spaces, spaces collapsed
 * ("Họ_và  tên" -> "ho va ten"). False when it is not UTF-8.
 */
bool vl__fold_alias(const char *text, char *out, size_t size);

/* Education: canonical names in order ("none" .. "doctorate") and aliases. */
bool vl__education_parse(const char *text, int *out);
const char *vl__education_name(int level); /* NULL when out of range */

/* Priority groups: canonical names <-> VL_PRIO_* bits. */
bool vl__priority_parse(const char *text, unsigned *bit);
const char *vl__priority_name(unsigned bit);

bool vl__status_parse(const char *text, int *out);
const char *vl__status_name(int status);

/* Gender: "male", "female", "other" (aliases nam, nữ, khác, m, f). */
bool vl__gender_parse(const char *text, const char **canonical);

/*
 * A language "code:level": code ISO 639-1; level A1..C2 (CEFR), N5..N1 (JLPT, Japanese only) or
 * 1..6 / TOPIK1..TOPIK6 (TOPIK, Korean only). On failure `why` says what is wrong, in ctx's
 * language (ctx may be NULL).
 */
bool vl__lang_parse(const vl_ctx *ctx, const char *text, vl_lang *out, char *why, size_t whysize);
/* Canonical text "ja:N3", "en:B2", "ko:4". */
void vl__lang_format(const vl_lang *l, char *buf, size_t size);
const char *vl__lang_scheme_name(int scheme); /* "CEFR", "JLPT", "TOPIK" */
bool vl__lang_scheme_parse(const char *name, int *scheme);
/* The level as written in its scheme: "B2", "N3", "4". */
void vl__lang_level_text(const vl_lang *l, char out[8]);
/* Rebuilds a vl_lang from stored columns; false if they are inconsistent. */
bool vl__lang_from_parts(const char *code, const char *scheme, const char *level, vl_lang *out);

/*
 * Contact and identity numbers (personal data). The canonical phone keeps digits and a
 * leading '+', drops spaces, dots, dashes and brackets, and writes Viet Nam's "+84" as "0":
 * 9 to 15 digits. An ID card number is 9 (CMND) or 12 (CCCD) digits.
 */
char *vl__phone_canonical(const char *text); /* malloc'd ("" for ""); NULL when not a number */
/* Whether a refused phone (8 to 10 digits, no 0 or + first) or ID card number (8 or 11 digits)
 * looks like one whose leading 0 Excel dropped, for the message. */
bool vl__phone_lost_zero(const char *text);
bool vl__id_card_lost_zero(const char *text);
/* An ID card number as typed ("031 098 001 234", "031.098.001.234") without its spaces, dots and
 * dashes; malloc'd, NULL when out of memory. */
char *vl__id_card_canonical(const char *text);
bool vl__id_card_valid(const char *text);
/* Referral channels and outcomes (vl_channel, vl_outcome) with Vietnamese aliases; the empty
 * outcome is pending. Follow-ups' `employed`: yes/no (có/không, 1/0, true/false, y/n). */
bool vl__channel_parse(const char *text, int *out);
const char *vl__channel_name(int channel); /* NULL when out of range */
bool vl__outcome_parse(const char *text, int *out);
const char *vl__outcome_name(int outcome); /* "" for pending; NULL when out of range */
bool vl__yesno_parse(const char *text, bool *out);

bool vl__country_valid(const char *code);  /* ISO 3166-1 alpha-2, upper case */
bool vl__language_valid(const char *code); /* ISO 639-1, lower case */

#endif
