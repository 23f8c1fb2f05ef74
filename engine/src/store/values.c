/*
 * values.c - see values.h. Aliases are matched on folded text with '_' and '-' read as spaces,
 * so staff may type the Vietnamese name with or without diacritics, in any case.
 */
#include "store/values.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Folds text for alias matching: vl_text_fold, then '_'/'-' -> ' ' and spaces collapsed.
 * Plain ASCII (the canonical names, what exports write) is lower-cased here directly: the
 * import calls this several times per row and utf8proc's full folding is not needed for it.
 */
bool vl__fold_alias(const char *text, char *out, size_t size)
{
    bool ascii = true;
    for (const char *p = text; *p && ascii; p++)
        ascii = (unsigned char)*p < 0x80;
    char *f = NULL;
    if (!ascii && !(f = vl_text_fold(text)))
        return false;
    size_t n = 0;
    bool space = false;
    for (const char *p = f ? f : text; *p && n + 1 < size; p++) {
        char c = *p == '_' || *p == '-' || *p == '\t' ? ' ' : *p;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c == ' ') {
            space = n > 0;
            continue;
        }
        if (space && n + 2 < size)
            out[n++] = ' ';
        space = false;
        out[n++] = c;
    }
    out[n] = '\0';
    vl__free(f);
    return true;
}

typedef struct alias {
    const char *folded;
    int value;
} alias;

static bool lookup(const alias *table, size_t n, const char *text, int *out)
{
    char key[128];
    if (!text || !vl__fold_alias(text, key, sizeof key) || !key[0])
        return false;
    for (size_t i = 0; i < n; i++)
        if (strcmp(table[i].folded, key) == 0) {
            *out = table[i].value;
            return true;
        }
    return false;
}

/* ---- the values in words: THE labels of the closed lists (desk, workbooks, import) ---------- */

static const struct {
    const char *list, *code, *en; /* en: a msgid */
} value_words[] = {
    {"education", "none", N_("None")},
    {"education", "primary", N_("Primary")},
    {"education", "lower_secondary", N_("Lower secondary")},
    {"education", "upper_secondary", N_("Upper secondary")},
    {"education", "elementary", N_("Elementary vocational")},
    {"education", "intermediate", N_("Intermediate vocational")},
    {"education", "college", N_("College")},
    {"education", "university", N_("University")},
    {"education", "master", N_("Master")},
    {"education", "doctorate", N_("Doctorate")},
    {"gender", "male", N_("Male")},
    {"gender", "female", N_("Female")},
    {"gender", "other", N_("Other")},
    {"priority", "poor", N_("Poor household")},
    {"priority", "near_poor", N_("Near-poor household")},
    {"priority", "disability", N_("Disability")},
    {"priority", "ethnic_minority", N_("Ethnic minority")},
    {"priority", "rural", N_("Rural worker")},
    {"priority", "demobilised", N_("Demobilised soldier")},
    {"priority", "other", N_("Other")},
    {"status", "active", N_("Looking for work")},
    {"status", "placed", N_("Placed")},
    {"status", "withdrawn", N_("Withdrawn")},
};

const char *vl_value_words(const char *lang, const char *list, const char *code)
{
    for (size_t i = 0; list && code && i < VL_ARRAY_LEN(value_words); i++)
        if (strcmp(value_words[i].list, list) == 0 && strcmp(value_words[i].code, code) == 0)
            return vl_gettext_lang(lang, value_words[i].en);
    return NULL;
}

const char *vl_value_code(const char *list, size_t i)
{
    for (size_t k = 0; list && k < VL_ARRAY_LEN(value_words); k++)
        if (strcmp(value_words[k].list, list) == 0 && i-- == 0)
            return value_words[k].code;
    return NULL;
}

/* The code of list whose words, in Vietnamese or English, text is (folded), or NULL: what a
 * workbook for people wrote reads back as its code. */
static const char *words_code(const char *list, const char *text)
{
    char key[128], w[128];
    if (!text || !vl__fold_alias(text, key, sizeof key) || !key[0])
        return NULL;
    static const char *const langs[] = {"vi", "en"};
    for (size_t i = 0; i < VL_ARRAY_LEN(value_words); i++)
        for (size_t l = 0; l < VL_ARRAY_LEN(langs) && strcmp(value_words[i].list, list) == 0; l++)
            if (vl__fold_alias(vl_gettext_lang(langs[l], value_words[i].en), w, sizeof w) &&
                strcmp(w, key) == 0)
                return value_words[i].code;
    return NULL;
}

/* The index of code in names (n of them), or -1. */
static int name_index(const char *const *names, size_t n, const char *code)
{
    for (size_t i = 0; code && i < n; i++)
        if (strcmp(names[i], code) == 0)
            return (int)i;
    return -1;
}

/* ---- education ---------------------------------------------------------------------------- */

static const char *const education_names[VL_EDU_COUNT] = {
    "none",         "primary", "lower_secondary", "upper_secondary", "elementary",
    "intermediate", "college", "university",      "master",          "doctorate",
};

static const alias education_aliases[] = {
    {"none", VL_EDU_NONE},
    {"khong", VL_EDU_NONE},            /* không */
    {"chua qua dao tao", VL_EDU_NONE}, /* chưa qua đào tạo */
    {"primary", VL_EDU_PRIMARY},
    {"tieu hoc", VL_EDU_PRIMARY}, /* tiểu học */
    {"lower secondary", VL_EDU_LOWER_SECONDARY},
    {"thcs", VL_EDU_LOWER_SECONDARY}, /* trung học cơ sở */
    {"trung hoc co so", VL_EDU_LOWER_SECONDARY},
    {"upper secondary", VL_EDU_UPPER_SECONDARY},
    {"thpt", VL_EDU_UPPER_SECONDARY}, /* trung học phổ thông */
    {"trung hoc pho thong", VL_EDU_UPPER_SECONDARY},
    {"elementary", VL_EDU_ELEMENTARY},
    {"so cap", VL_EDU_ELEMENTARY}, /* sơ cấp (nghề) */
    {"so cap nghe", VL_EDU_ELEMENTARY},
    {"intermediate", VL_EDU_INTERMEDIATE},
    {"trung cap", VL_EDU_INTERMEDIATE}, /* trung cấp */
    {"trung cap nghe", VL_EDU_INTERMEDIATE},
    {"college", VL_EDU_COLLEGE},
    {"cao dang", VL_EDU_COLLEGE}, /* cao đẳng */
    {"university", VL_EDU_UNIVERSITY},
    {"dai hoc", VL_EDU_UNIVERSITY}, /* đại học */
    {"master", VL_EDU_MASTER},
    {"thac si", VL_EDU_MASTER}, /* thạc sĩ */
    {"thac sy", VL_EDU_MASTER}, /* thạc sỹ */
    {"doctorate", VL_EDU_DOCTORATE},
    {"tien si", VL_EDU_DOCTORATE}, /* tiến sĩ */
    {"tien sy", VL_EDU_DOCTORATE},
};

bool vl__education_parse(const char *text, int *out)
{
    if (lookup(education_aliases, VL_ARRAY_LEN(education_aliases), text, out))
        return true;
    int i = name_index(education_names, VL_EDU_COUNT, words_code("education", text));
    if (i >= 0)
        *out = i;
    return i >= 0;
}

const char *vl__education_name(int level)
{
    return level >= 0 && level < VL_EDU_COUNT ? education_names[level] : NULL;
}

const char *vl_education_name(int level)
{
    return vl__education_name(level);
}

/* ---- priority, status, gender ------------------------------------------------------------- */

static const char *const priority_names[] = {
    "poor", "near_poor", "disability", "ethnic_minority", "rural", "demobilised", "other",
};

bool vl__priority_parse(const char *text, unsigned *bit)
{
    static const alias t[] = {
        {"poor", 0},
        {"ho ngheo", 0},
        {"near poor", 1},
        {"can ngheo", 1},
        {"disability", 2},
        {"khuyet tat", 2},
        {"ethnic minority", 3},
        {"dan toc thieu so", 3},
        {"rural", 4},
        {"nong thon", 4},
        {"demobilised", 5},
        {"demobilized", 5},
        {"bo doi xuat ngu", 5},
        {"other", 6},
        {"khac", 6},
    };
    int v;
    if (!lookup(t, VL_ARRAY_LEN(t), text, &v) &&
        (v = name_index(priority_names, VL_ARRAY_LEN(priority_names),
                        words_code("priority", text))) < 0)
        return false;
    *bit = 1u << v;
    return true;
}

const char *vl__priority_name(unsigned bit)
{
    for (size_t i = 0; i < VL_ARRAY_LEN(priority_names); i++)
        if (bit == 1u << i)
            return priority_names[i];
    return NULL;
}

static const char *const status_names[] = {"active", "placed", "withdrawn"};

bool vl__status_parse(const char *text, int *out)
{
    static const alias t[] = {
        {"active", VL_SEEKER_ACTIVE},       {"dang tim viec", VL_SEEKER_ACTIVE},
        {"placed", VL_SEEKER_PLACED},       {"da co viec", VL_SEEKER_PLACED},
        {"withdrawn", VL_SEEKER_WITHDRAWN}, {"rut ho so", VL_SEEKER_WITHDRAWN},
    };
    if (lookup(t, VL_ARRAY_LEN(t), text, out))
        return true;
    int i = name_index(status_names, VL_ARRAY_LEN(status_names), words_code("status", text));
    if (i >= 0)
        *out = i;
    return i >= 0;
}

const char *vl__status_name(int status)
{
    return status >= 0 && status < (int)VL_ARRAY_LEN(status_names) ? status_names[status] : NULL;
}

bool vl__gender_parse(const char *text, const char **canonical)
{
    static const char *const names[] = {"male", "female", "other"};
    static const alias t[] = {
        {"male", 0}, {"m", 0},  {"nam", 0},   {"female", 1},
        {"f", 1},    {"nu", 1}, {"other", 2}, {"khac", 2},
    };
    int v;
    if (!lookup(t, VL_ARRAY_LEN(t), text, &v) &&
        (v = name_index(names, VL_ARRAY_LEN(names), words_code("gender", text))) < 0)
        return false;
    *canonical = names[v];
    return true;
}

/* ---- referrals ---------------------------------------------------------------------------- */

/* In vl_channel / vl_outcome order (placement.h). */
static const char *const channel_names[] = {"desk", "fair", "phone", "online"};
static const char *const outcome_names[] = {"",         "no_show",  "interviewed",
                                            "rejected", "declined", "hired"};

bool vl__channel_parse(const char *text, int *out)
{
    static const alias t[] = {
        {"desk", 0},   {"tai quay", 0},   {"quay", 0},                     /* tại quầy */
        {"fair", 1},   {"hoi cho", 1},    {"phien giao dich viec lam", 1}, /* hội chợ, phiên GDVL */
        {"phone", 2},  {"dien thoai", 2},                                  /* điện thoại */
        {"online", 3}, {"truc tuyen", 3},                                  /* trực tuyến */
    };
    return lookup(t, VL_ARRAY_LEN(t), text, out);
}

const char *vl__channel_name(int channel)
{
    return channel >= 0 && channel < (int)VL_ARRAY_LEN(channel_names) ? channel_names[channel]
                                                                      : NULL;
}

bool vl__outcome_parse(const char *text, int *out)
{
    static const alias t[] = {
        {"no show", 1},     {"khong den", 1},                      /* không đến */
        {"interviewed", 2}, {"da phong van", 2},                   /* đã phỏng vấn */
        {"phong van", 2},   {"rejected", 3},     {"khong dat", 3}, /* không đạt */
        {"bi tu choi", 3},  {"declined", 4},                       /* bị từ chối */
        {"tu choi", 4},     {"khong nhan", 4}, /* từ chối, không nhận (việc) */
        {"hired", 5},       {"trung tuyen", 5},  {"duoc tuyen", 5}, /* trúng / được tuyển */
    };
    if (text && !*text) {
        *out = 0;
        return true;
    }
    return lookup(t, VL_ARRAY_LEN(t), text, out);
}

const char *vl__outcome_name(int outcome)
{
    return outcome >= 0 && outcome < (int)VL_ARRAY_LEN(outcome_names) ? outcome_names[outcome]
                                                                      : NULL;
}

bool vl__yesno_parse(const char *text, bool *out)
{
    static const alias t[] = {
        {"yes", 1}, {"y", 1}, {"1", 1}, {"true", 1},  {"co", 1},    /* có */
        {"no", 0},  {"n", 0}, {"0", 0}, {"false", 0}, {"khong", 0}, /* không */
    };
    int v;
    if (!lookup(t, VL_ARRAY_LEN(t), text, &v))
        return false;
    *out = v != 0;
    return true;
}

/* ---- languages ---------------------------------------------------------------------------- */

static const char *const scheme_names[] = {"CEFR", "JLPT", "TOPIK"};

const char *vl__lang_scheme_name(int scheme)
{
    return scheme >= 0 && scheme < (int)VL_ARRAY_LEN(scheme_names) ? scheme_names[scheme] : "?";
}

bool vl__lang_scheme_parse(const char *name, int *scheme)
{
    for (size_t i = 0; i < VL_ARRAY_LEN(scheme_names); i++)
        if (strcmp(scheme_names[i], name) == 0) {
            *scheme = (int)i;
            return true;
        }
    return false;
}

/* Parses a level within a scheme ("B2", "N3", "4", "TOPIK4"); sets scheme, level, cefr. */
static bool parse_level(const char *lv, vl_lang *l)
{
    size_t n = strlen(lv);
    char u[16];
    if (n == 0 || n >= sizeof u)
        return false;
    for (size_t i = 0; i <= n; i++)
        u[i] = (char)(lv[i] >= 'a' && lv[i] <= 'z' ? lv[i] - 'a' + 'A' : lv[i]);
    if (n == 2 && u[0] >= 'A' && u[0] <= 'C' && (u[1] == '1' || u[1] == '2')) {
        l->scheme = VL_LANG_CEFR;
        l->level = (uint8_t)((u[0] - 'A') * 2 + (u[1] - '0'));
        l->cefr = l->level;
        return true;
    }
    if (n == 2 && u[0] == 'N' && u[1] >= '1' && u[1] <= '5') {
        l->scheme = VL_LANG_JLPT;
        l->level = (uint8_t)(6 - (u[1] - '0')); /* N5 -> 1 .. N1 -> 5 */
        l->cefr = l->level;                     /* N5=A1 .. N1=C1 */
        return true;
    }
    const char *d = u;
    if (strncmp(u, "TOPIK", 5) == 0) {
        d = u + 5;
        while (*d == ' ')
            d++;
    }
    if (d[0] >= '1' && d[0] <= '6' && d[1] == '\0') {
        l->scheme = VL_LANG_TOPIK;
        l->level = (uint8_t)(d[0] - '0');
        l->cefr = l->level; /* TOPIK 1..6 = A1..C2 */
        return true;
    }
    return false;
}

bool vl__lang_parse(const vl_ctx *ctx, const char *text, vl_lang *out, char *why, size_t whysize)
{
    memset(out, 0, sizeof *out);
    const char *colon = strchr(text, ':');
    if (!colon) {
        snprintf(why, whysize, vl__tr(ctx, "'%s' is not code:level (e.g. ja:N3, en:B1, ko:3)"),
                 text);
        return false;
    }
    size_t cn = (size_t)(colon - text);
    char code[4] = {0};
    bool code_ok = cn == 2;
    for (size_t i = 0; code_ok && i < 2; i++) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        code_ok = c >= 'a' && c <= 'z';
        code[i] = c;
    }
    if (!code_ok || !vl__language_valid(code)) {
        snprintf(why, whysize, vl__tr(ctx, "'%.*s' is not an ISO 639-1 language code"), (int)cn,
                 text);
        return false;
    }
    memcpy(out->code, code, 3);
    if (!parse_level(colon + 1, out)) {
        snprintf(why, whysize,
                 vl__tr(ctx, "'%s' is not a language level (CEFR A1-C2, JLPT N5-N1, TOPIK 1-6)"),
                 colon + 1);
        return false;
    }
    if (out->scheme == VL_LANG_JLPT && strcmp(code, "ja") != 0) {
        snprintf(why, whysize, vl__tr(ctx, "JLPT level %s is only for Japanese (ja)"), colon + 1);
        return false;
    }
    if (out->scheme == VL_LANG_TOPIK && strcmp(code, "ko") != 0) {
        snprintf(why, whysize, vl__tr(ctx, "TOPIK level %s is only for Korean (ko)"), colon + 1);
        return false;
    }
    return true;
}

void vl__lang_level_text(const vl_lang *l, char out[8])
{
    if (l->scheme == VL_LANG_CEFR)
        snprintf(out, 8, "%c%d", 'A' + (l->level - 1) / 2, (l->level - 1) % 2 + 1);
    else if (l->scheme == VL_LANG_JLPT)
        snprintf(out, 8, "N%d", 6 - l->level);
    else
        snprintf(out, 8, "%d", l->level);
}

void vl_lang_format(const vl_lang *l, char *buf, size_t size)
{
    vl__lang_format(l, buf, size);
}

void vl__lang_format(const vl_lang *l, char *buf, size_t size)
{
    char lv[8];
    vl__lang_level_text(l, lv);
    snprintf(buf, size, "%s:%s", l->code, lv);
}

bool vl__lang_from_parts(const char *code, const char *scheme, const char *level, vl_lang *out)
{
    char text[32];
    snprintf(text, sizeof text, "%s:%s", code, level);
    char why[8];
    int sc;
    return vl__lang_parse(NULL, text, out, why, sizeof why) && vl__lang_scheme_parse(scheme, &sc) &&
           sc == out->scheme;
}

/* ---- code lists ----------------------------------------------------------------------------- */

/* ISO 3166-1 alpha-2, officially assigned codes. */
static const char countries[] =
    " AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ"
    " BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM"
    " DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS"
    " GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN"
    " KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ"
    " MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM"
    " PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV"
    " SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI"
    " VN VU WF WS YE YT ZA ZM ZW ";

/* ISO 639-1. */
static const char languages[] =
    " aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv"
    " cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr"
    " ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw"
    " ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv"
    " ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr"
    " ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi"
    " yo za zh zu ";

static bool in_list(const char *list, const char *code)
{
    if (!code || strlen(code) != 2)
        return false;
    char key[5] = {' ', code[0], code[1], ' ', '\0'};
    return strstr(list, key) != NULL;
}

bool vl__country_valid(const char *code)
{
    return in_list(countries, code);
}

/* The names of the countries Vietnamese workers most often go to (and Viet Nam), sorted by code;
 * another code has no name here and is shown as it is. */
static const struct {
    char code[3];
    const char *name;
} country_names[] = {
    {"AE", N_("United Arab Emirates")},
    {"AT", N_("Austria")},
    {"AU", N_("Australia")},
    {"BE", N_("Belgium")},
    {"BG", N_("Bulgaria")},
    {"BN", N_("Brunei")},
    {"CA", N_("Canada")},
    {"CH", N_("Switzerland")},
    {"CN", N_("China")},
    {"CY", N_("Cyprus")},
    {"CZ", N_("Czechia")},
    {"DE", N_("Germany")},
    {"DK", N_("Denmark")},
    {"DZ", N_("Algeria")},
    {"ES", N_("Spain")},
    {"FI", N_("Finland")},
    {"FR", N_("France")},
    {"GB", N_("United Kingdom")},
    {"GR", N_("Greece")},
    {"HK", N_("Hong Kong")},
    {"HR", N_("Croatia")},
    {"HU", N_("Hungary")},
    {"ID", N_("Indonesia")},
    {"IE", N_("Ireland")},
    {"IL", N_("Israel")},
    {"IT", N_("Italy")},
    {"JP", N_("Japan")},
    {"KH", N_("Cambodia")},
    {"KR", N_("Republic of Korea")},
    {"KW", N_("Kuwait")},
    {"LA", N_("Laos")},
    {"LT", N_("Lithuania")},
    {"LY", N_("Libya")},
    {"MO", N_("Macao")},
    {"MT", N_("Malta")},
    {"MY", N_("Malaysia")},
    {"NL", N_("Netherlands")},
    {"NO", N_("Norway")},
    {"NZ", N_("New Zealand")},
    {"OM", N_("Oman")},
    {"PH", N_("Philippines")},
    {"PL", N_("Poland")},
    {"PT", N_("Portugal")},
    {"QA", N_("Qatar")},
    {"RO", N_("Romania")},
    {"RS", N_("Serbia")},
    {"RU", N_("Russia")},
    {"SA", N_("Saudi Arabia")},
    {"SE", N_("Sweden")},
    {"SG", N_("Singapore")},
    {"SI", N_("Slovenia")},
    {"SK", N_("Slovakia")},
    {"TH", N_("Thailand")},
    {"TW", N_("Taiwan")},
    {"US", N_("United States")},
    {"VN", N_("Viet Nam")},
};

const char *vl_country_name(const char *code, const char *lang)
{
    size_t lo = 0, hi = VL_ARRAY_LEN(country_names);
    while (code && lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(country_names[mid].code, code);
        if (c == 0)
            return vl_gettext_lang(lang, country_names[mid].name);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

bool vl__language_valid(const char *code)
{
    return in_list(languages, code);
}

/* ---- phone and ID card numbers ------------------------------------------------------------- */

char *vl__phone_canonical(const char *text)
{
    size_t len = strlen(text);
    char *out = vl__malloc(len + 2);
    if (!out)
        return NULL;
    size_t n = 0, digits = 0;
    for (size_t i = 0; i < len; i++) {
        char c = text[i];
        if (c >= '0' && c <= '9') {
            out[n++] = c;
            digits++;
        } else if (c == '+' && n == 0) {
            out[n++] = c;
        } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
            vl__free(out);
            return NULL;
        }
    }
    out[n] = '\0';
    if (n && strncmp(out, "+84", 3) == 0) {
        out[0] = '0';
        memmove(out + 1, out + 3, n - 2); /* with the NUL */
        n -= 2;
    }
    if (n == 0 && len == 0)
        return out;
    /* 84 and a 9-digit number: the country code without its + (as Zalo and many exports write
     * it) */
    if (n == 11 && strncmp(out, "84", 2) == 0 && out[2] != '0') {
        out[0] = '0';
        memmove(out + 1, out + 2, n - 1); /* with the NUL */
        n -= 1;
    }
    /* a number written in Vietnam starts with 0 (or + abroad): anything else has lost its 0 */
    if (digits < 9 || digits > 15 || (out[0] != '0' && out[0] != '+')) {
        vl__free(out);
        return NULL;
    }
    return out;
}

bool vl__phone_lost_zero(const char *text)
{
    size_t digits = 0;
    for (const char *p = text; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digits++;
        else if (*p != ' ' && *p != '.' && *p != '-')
            return false;
    }
    size_t lead = strspn(text, " ");
    return digits >= 8 && digits <= 10 && text[lead] >= '1' && text[lead] <= '9';
}

bool vl__id_card_lost_zero(const char *text)
{
    size_t n = strlen(text);
    return (n == 8 || n == 11) && strspn(text, "0123456789") == n && text[0] != '0';
}

char *vl__id_card_canonical(const char *text)
{
    char *out = vl__malloc(strlen(text) + 1);
    if (!out)
        return NULL;
    size_t n = 0;
    for (const char *p = text; *p; p++)
        if (*p != ' ' && *p != '.' && *p != '-')
            out[n++] = *p;
    out[n] = '\0';
    return out;
}

bool vl__id_card_valid(const char *text)
{
    size_t n = strlen(text);
    return (n == 9 || n == 12) && strspn(text, "0123456789") == n;
}
