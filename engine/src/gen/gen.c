/*
 * gen.c - the generator state and the records: employers (all made at set-up, vacancies point at
 * them), vacancies and seekers (made one at a time from their own PRNG stream, so they can be
 * streamed to CSV or collected into an in-memory vl_dataset), and vl_gen_dataset.
 *
 * Plausibility: employers follow industrial-zone profiles (catalog.c); a vacancy's occupation
 * fits its employer's trade; a seeker's first occupation follows demand skewed by each
 * occupation's supply ratio (shortages in crafts and machine operation, surplus in office and
 * sales work), and skills come from the same per-occupation labels, so most seekers overlap real
 * vacancies. All shares are documented where they are drawn.
 */
#include "gen/internal.h"
#include "ref/areas.h"
#include "ref/geo.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void vl_gen_options_default(vl_gen_options *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 20250301;
    o->n_seekers = 2000;
    o->n_employers = 150;
    o->n_vacancies = 400;
    o->quarters = 40;
    o->as_of = 20260301;
    o->areas_path = NULL;
    o->home_parent = NULL;
    o->abroad_share = 0.12;
    o->seeker_abroad_share = 0.12;
    o->fair_share = 0.25;
    o->closed_share = 0.15;
}

static bool share_ok(double x)
{
    return x >= 0 && x <= 1; /* false for NaN too */
}

static vl_status check_options(vl_ctx *ctx, const vl_gen_options *o)
{
    char buf[11];
    int32_t d;
    vl__format_date(o->as_of, buf);
    if (!vl__parse_date(buf, &d) || d != o->as_of)
        return vl__error(ctx, VL_ERR_ARG, "as_of %ld is not a date yyyymmdd", (long)o->as_of);
    if (o->quarters < 1 || o->quarters > 400)
        return vl__error(ctx, VL_ERR_ARG, "quarters must be 1..400, not %d", o->quarters);
    if (o->n_vacancies > 0 && o->n_employers == 0)
        return vl__error(ctx, VL_ERR_ARG, "vacancies need at least one employer");
    if (!share_ok(o->abroad_share) || !share_ok(o->seeker_abroad_share) ||
        !share_ok(o->fair_share) || !share_ok(o->closed_share) || o->closed_share >= 1 ||
        o->fair_share > 1 - o->closed_share)
        return vl__error(ctx, VL_ERR_ARG,
                         "shares must be in 0..1, closed_share below 1 and fair_share at most "
                         "1 - closed_share (fair vacancies are open)");
    if (o->span_days < 0 || o->span_days > 7300)
        return vl__error(ctx, VL_ERR_ARG, "span_days must be 0..7300, not %d", o->span_days);
    const size_t big = (size_t)1 << 40;
    if (o->n_referrals > 0 && (o->n_seekers == 0 || o->n_vacancies == 0))
        return vl__error(ctx, VL_ERR_ARG, "referrals need seekers and vacancies");
    if (o->n_referrals > 99999999)
        return vl__error(ctx, VL_ERR_ARG, "at most 99,999,999 referrals (ids R00000001..)");
    if (o->n_seekers > big || o->n_employers > big || o->n_vacancies > big)
        return vl__error(ctx, VL_ERR_ARG, "sizes above 2^40 records");
    return VL_OK;
}

static vl_status read_file(vl_ctx *ctx, const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vl__error(ctx, VL_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    vl_buf b = {0};
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (!vl_buf_append(&b, chunk, n)) {
            fclose(f);
            vl_buf_free(&b);
            return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
        }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        vl_buf_free(&b);
        return vl__error(ctx, VL_ERR_IO, "%s: read error", path);
    }
    *text = b.data ? b.data : vl__calloc(1, 1);
    *len = b.len;
    return *text ? VL_OK : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
}

static vl_status load_areas(gen_state *g)
{
    const char *path = g->o.areas_path;
    if (!path)
        return gen_builtin_areas(g->ctx, g->arena, &g->areas, &g->n_areas);
    char *text = NULL;
    size_t len = 0;
    vl_status st = read_file(g->ctx, path, &text, &len);
    if (st != VL_OK)
        return st;
    st = gen_parse_areas(g->ctx, path, text, len, g->arena, &g->areas, &g->n_areas);
    vl__free(text);
    return st;
}

static bool valid_on(const vl_area *a, int32_t date)
{
    return (!a->valid_from || a->valid_from <= date) && (!a->valid_to || a->valid_to >= date);
}

/* The first day of the history (its first quarter), as gen_write_history counts it. */
static int32_t history_start(const vl_gen_options *o)
{
    int y = o->as_of / 10000, mo = o->as_of / 100 % 100;
    long last = vl_period_index((vl_period){4, y, (mo - 1) / 3 + 1}) - 1;
    vl_period p = vl_period_from_index(4, last - o->quarters + 1);
    return p.year * 10000 + (p.sub * 3 - 2) * 100 + 1;
}

/*
 * The areas the history is keyed by. A centre's archive counts by the areas of its day: when
 * the home areas are 2025 communes and the history starts before they existed, it is keyed by
 * the pre-reform districts whose territory they now cover (the built-in crosswalk says which),
 * each weighted by the employer weights of the communes it went to, shared by estimated area.
 * Otherwise the history is keyed by the home areas themselves.
 */
static vl_status history_areas(gen_state *g)
{
    size_t n = g->n_home;
    g->hist_codes = vl_arena_alloc(g->arena, (n + 1) * sizeof *g->hist_codes);
    g->hist_w = vl_arena_alloc(g->arena, (n + 1) * sizeof *g->hist_w);
    if (!g->hist_codes || !g->hist_w)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        g->hist_codes[i] = g->areas[g->home[i]].code;
        g->hist_w[i] = g->home_cum_emp[i] - (i ? g->home_cum_emp[i - 1] : 0);
    }
    g->n_hist = n;
    g->hist_total = g->home_cum_emp[n - 1];
    int32_t start = history_start(&g->o);
    bool newer = g->areas[g->home[0]].valid_from && g->areas[g->home[0]].valid_from > start;
    if (g->o.areas_path || !newer)
        return VL_OK;
    vl__ref_areas *ra = NULL;
    vl_status st = vl__ref_areas_build(g->ctx, &ra);
    if (st != VL_OK)
        return st;
    /* home commune -> its weight; then each pre-reform district's pieces in home communes */
    double *w_new = vl__calloc(ra->n_areas + 1, sizeof *w_new), *in_new = NULL, *w_old = NULL;
    bool *is_home = vl__calloc(ra->n_areas + 1, sizeof *is_home);
    in_new = vl__calloc(ra->n_areas + 1, sizeof *in_new);
    w_old = vl__calloc(ra->n_areas + 1, sizeof *w_old);
    if (!w_new || !is_home || !in_new || !w_old)
        st = vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < ra->n_current; i++)
        for (size_t k = 0; k < n; k++)
            if (ra->areas[i].level == 3 && strcmp(ra->areas[i].code, g->hist_codes[k]) == 0) {
                is_home[i] = true;
                w_new[i] = g->hist_w[k];
            }
    /* a piece's share of its new commune: by estimated area, by count when one is unknown */
    for (size_t p = 0; st == VL_OK && p < ra->n_successors; p++) {
        const vl__ref_successor *x = &ra->successors[p];
        if (ra->areas[x->old].level == 2 && is_home[x->new_])
            in_new[x->new_] += isfinite(x->km2) ? x->km2 : 1.0;
    }
    size_t nd = 0;
    for (size_t p = 0; st == VL_OK && p < ra->n_successors; p++) {
        const vl__ref_successor *x = &ra->successors[p];
        if (ra->areas[x->old].level != 2 || !is_home[x->new_])
            continue;
        if (w_old[x->old] == 0)
            nd++;
        w_old[x->old] += w_new[x->new_] * (isfinite(x->km2) ? x->km2 : 1.0) / in_new[x->new_];
    }
    const char **codes = st == VL_OK ? vl_arena_alloc(g->arena, (nd + 1) * sizeof *codes) : NULL;
    double *w = st == VL_OK ? vl_arena_alloc(g->arena, (nd + 1) * sizeof *w) : NULL;
    if (st == VL_OK && (!codes || !w))
        st = vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    size_t k = 0;
    double total = 0;
    /* districts in code order (the pre-reform list is sorted by level, then code) */
    for (size_t i = ra->n_current; st == VL_OK && i < ra->n_areas; i++)
        if (w_old[i] > 0) {
            codes[k] = vl_arena_strdup(g->arena, ra->areas[i].code);
            if (!codes[k])
                st = vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
            w[k] = w_old[i];
            total += w[k++];
        }
    if (st == VL_OK && k) {
        g->hist_codes = codes;
        g->hist_w = w;
        g->n_hist = k;
        g->hist_total = total;
    }
    vl__free(w_new);
    vl__free(is_home);
    vl__free(in_new);
    vl__free(w_old);
    vl__ref_areas_free(ra);
    return st;
}

/*
 * The built-in list holds every area of Viet Nam, before and after the reform: the data set
 * keeps the home province and the home areas (valid on the as-of date).
 */
static vl_status keep_home_areas(gen_state *g)
{
    vl_area *kept = vl_arena_alloc(g->arena, (g->n_home + 2) * sizeof *kept);
    if (!kept)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    size_t n = 0;
    for (size_t i = 0; i < g->n_areas; i++)
        if (strcmp(g->areas[i].code, g->o.home_parent) == 0 && valid_on(&g->areas[i], g->o.as_of))
            kept[n++] = g->areas[i];
    for (size_t i = 0; i < g->n_home; i++) {
        kept[n] = g->areas[g->home[i]];
        g->home[i] = n++;
    }
    g->areas = kept;
    g->n_areas = n;
    return VL_OK;
}

/* The fairs' prefix: the initials of the home province's name without its type word
 * ("Thành phố Hải Phòng" -> "HP"), "F" when the province is not in the list. */
static void set_fair_prefix(gen_state *g)
{
    snprintf(g->fair_prefix, sizeof g->fair_prefix, "F");
    const vl_area *prov = NULL;
    for (size_t i = 0; i < g->n_areas && !prov; i++)
        if (strcmp(g->areas[i].code, g->o.home_parent) == 0 && valid_on(&g->areas[i], g->o.as_of))
            prov = &g->areas[i];
    char *key = prov ? vl__area_key(prov->name, true) : NULL;
    size_t o = 0;
    for (size_t i = 0; key && key[i] && o + 1 < sizeof g->fair_prefix; i++)
        if ((i == 0 || key[i - 1] == ' ') && key[i] >= 'a' && key[i] <= 'z')
            g->fair_prefix[o++] = (char)(key[i] - 'a' + 'A');
    if (o)
        g->fair_prefix[o] = '\0';
    vl__free(key);
}

/* Types every label of a skill once, so records only pick pointers. */
static vl_status make_skill(gen_state *g, const gen_typist *t, const char *label, gen_skill *s)
{
    for (int k = 0; k < GEN_TYPE_COUNT; k++) {
        s->typed[k] = gen_typist_type(t, g->arena, label, (gen_typing)k);
        if (!s->typed[k])
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    }
    char *key = vl_text_fold(label);
    s->key = key ? vl_arena_strdup(g->arena, key) : NULL;
    vl__free(key);
    return s->key ? VL_OK : vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
}

static vl_status make_skills(gen_state *g)
{
    gen_typist *t = gen_typist_create();
    if (!t)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    vl_status st = VL_OK;
    g->occ_skills = vl_arena_alloc(g->arena, gen_n_occs * GEN_MAX_SKILLS * sizeof(gen_skill));
    g->generic = vl_arena_alloc(g->arena, gen_n_generic_skills * sizeof(gen_skill));
    g->prog_pref = vl_arena_alloc(g->arena, gen_n_programmes * sizeof(gen_skill));
    if (!g->occ_skills || !g->generic || !g->prog_pref)
        st = vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t i = 0; st == VL_OK && i < gen_n_occs; i++)
        for (size_t j = 0; st == VL_OK && j < GEN_MAX_SKILLS && gen_occs[i].skills[j]; j++)
            st = make_skill(g, t, gen_occs[i].skills[j], &g->occ_skills[i * GEN_MAX_SKILLS + j]);
    for (size_t i = 0; st == VL_OK && i < gen_n_generic_skills; i++)
        st = make_skill(g, t, gen_generic_skills[i], &g->generic[i]);
    for (size_t i = 0; st == VL_OK && i < gen_n_programmes; i++)
        if (gen_programmes[i].preferred)
            st = make_skill(g, t, gen_programmes[i].preferred, &g->prog_pref[i]);
    gen_typist_destroy(t);
    return st;
}

static size_t occ_n_skills(size_t occ)
{
    size_t n = 0;
    while (n < GEN_MAX_SKILLS && gen_occs[occ].skills[n])
        n++;
    return n;
}

static size_t profile_n_occ(const gen_profile *p)
{
    size_t n = 0;
    while (n < GEN_MAX_PROFILE_OCC && p->occ[n])
        n++;
    return n;
}

static size_t prog_n_occ(const gen_programme *p)
{
    size_t n = 0;
    while (n < GEN_MAX_PROG_OCC && p->occ[n])
        n++;
    return n;
}

static vl_status make_employers(gen_state *g)
{
    size_t n = g->o.n_employers;
    g->n_employers = n;
    g->employers = vl_arena_alloc(g->arena, (n ? n : 1) * sizeof *g->employers);
    g->emp_profile = vl_arena_alloc(g->arena, n ? n : 1);
    g->emp_cum = vl_arena_alloc(g->arena, (n ? n : 1) * sizeof(double));
    g->dispatch = vl_arena_alloc(g->arena, (n ? n : 1) * sizeof(size_t));
    if (!g->employers || !g->emp_profile || !g->emp_cum || !g->dispatch)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    int pw[64];
    assert(gen_n_profiles <= VL_ARRAY_LEN(pw));
    for (size_t p = 0; p < gen_n_profiles; p++)
        pw[p] = gen_profiles[p].weight;
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        gen_rng r;
        gen_rng_seed(&r, g->o.seed, GEN_STREAM_EMPLOYER, i);
        /* with enough employers every profile appears at least once (the first ones) */
        size_t p = i < gen_n_profiles && n >= 2 * gen_n_profiles
                       ? gen_n_profiles - 1 - i
                       : gen_rng_pick_int(&r, pw, gen_n_profiles);
        const gen_profile *pr = &gen_profiles[p];
        vl_employer *e = &g->employers[i];
        char buf[256];
        snprintf(buf, sizeof buf, "E%05zu", i + 1);
        e->id = vl_arena_strdup(g->arena, buf);
        const char *form = pr->dispatch ? "Công ty Cổ phần"
                                        : gen_company_forms[gen_rng_below(&r, gen_n_company_forms)];
        snprintf(buf, sizeof buf, "%s %s %s", form, pr->trade,
                 gen_brands[gen_rng_below(&r, gen_n_brands)]);
        e->name = vl_arena_strdup(g->arena, buf);
        e->industry = pr->section;
        e->area = g->areas[g->home[gen_rng_pick(&r, g->home_cum_emp, g->n_home)]].code;
        if (!e->id || !e->name)
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
        g->emp_profile[i] = (unsigned char)p;
        /* vacancies per employer: the profile's size times a heavy-tailed factor (a few big
         * FDI factories, many small firms) */
        double u = gen_rng_unit(&r);
        double w = pr->dispatch ? 0 : pr->size * (0.25 + 4.0 * u * u * u);
        if (pr->dispatch)
            g->dispatch[g->n_dispatch++] = i;
        total += w;
        g->emp_cum[i] = total;
    }
    if (n > 0 && total <= 0) /* only labour-export firms: home vacancies go to any of them */
        for (size_t i = 0; i < n; i++)
            g->emp_cum[i] = (double)(i + 1);
    return VL_OK;
}

vl_status gen_state_init(gen_state *g, vl_ctx *ctx, const vl_gen_options *o)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    vl_status st = check_options(ctx, o);
    if (st != VL_OK)
        return st;
    g->o = *o;
    if (!g->o.home_parent)
        g->o.home_parent = GEN_HOME_DEFAULT;
    g->arena = vl_arena_create();
    if (!g->arena)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    if ((st = load_areas(g)) != VL_OK)
        return st;
    g->home = vl_arena_alloc(g->arena, (g->n_areas + 1) * sizeof(size_t));
    g->home_cum_emp = vl_arena_alloc(g->arena, (g->n_areas + 1) * sizeof(double));
    g->home_cum_seek = vl_arena_alloc(g->arena, (g->n_areas + 1) * sizeof(double));
    g->seek_occ_cum = vl_arena_alloc(g->arena, gen_n_occs * sizeof(double));
    g->prog_cum = vl_arena_alloc(g->arena, gen_n_programmes * sizeof(double));
    if (!g->home || !g->home_cum_emp || !g->home_cum_seek || !g->seek_occ_cum || !g->prog_cum)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    /* the home areas: below the home province and valid on the as-of date (a code such as 31
     * is the parent of the pre-reform districts and of the 2025 communes: the date decides) */
    for (size_t i = 0; i < g->n_areas; i++)
        if (g->areas[i].parent &&
            (strcmp(g->o.home_parent, "*") == 0 ||
             strcmp(g->areas[i].parent, g->o.home_parent) == 0) &&
            valid_on(&g->areas[i], g->o.as_of))
            g->home[g->n_home++] = i;
    if (g->n_home == 0)
        return vl__error(ctx, VL_ERR_ARG,
                         "no area has parent '%s' (the home areas) on %04d-%02d-%02d",
                         g->o.home_parent, (int)(o->as_of / 10000), (int)(o->as_of / 100 % 100),
                         (int)(o->as_of % 100));
    /* area weights come from the seed, not from code: a few areas become industrial hubs
     * (skewed weights for employers), people live everywhere (flatter weights for seekers) */
    gen_rng r;
    gen_rng_seed(&r, g->o.seed, GEN_STREAM_SETUP, 0);
    double ce = 0, cs = 0;
    for (size_t i = 0; i < g->n_home; i++) {
        double u = gen_rng_unit(&r);
        ce += 0.3 + 3.0 * u * u;
        cs += 0.6 + 0.8 * gen_rng_unit(&r);
        g->home_cum_emp[i] = ce;
        g->home_cum_seek[i] = cs;
    }
    if ((st = history_areas(g)) != VL_OK)
        return st;
    if (!g->o.areas_path && (st = keep_home_areas(g)) != VL_OK)
        return st;
    /* seekers' first occupation: demand by occupation (profiles and programmes) times the
     * occupation's supply ratio */
    double dem[128] = {0};
    assert(gen_n_occs <= VL_ARRAY_LEN(dem));
    for (size_t p = 0; p < gen_n_profiles; p++) {
        const gen_profile *pr = &gen_profiles[p];
        size_t no = profile_n_occ(pr);
        double sw = 0;
        for (size_t k = 0; k < no; k++)
            sw += pr->occ_w[k];
        for (size_t k = 0; k < no; k++) {
            long oi = gen_occ_find(pr->occ[k]);
            assert(oi >= 0);
            dem[oi] += pr->weight * pr->size * pr->occ_w[k] / sw;
        }
    }
    double cp = 0, co = 0;
    for (size_t p = 0; p < gen_n_programmes; p++) {
        cp += gen_programmes[p].weight;
        g->prog_cum[p] = cp;
    }
    for (size_t k = 0; k < gen_n_occs; k++) {
        co += (dem[k] + 0.5) * gen_occs[k].supply_pct / 100.0;
        g->seek_occ_cum[k] = co;
    }
    /* job fairs: the month of as_of and the next one, "HP-YYYY-MM" (the province's initials) */
    set_fair_prefix(g);
    int y = o->as_of / 10000, m = o->as_of / 100 % 100;
    snprintf(g->fair_ids[0], sizeof g->fair_ids[0], "%s-%04d-%02d", g->fair_prefix, y, m);
    snprintf(g->fair_ids[1], sizeof g->fair_ids[1], "%s-%04d-%02d", g->fair_prefix,
             m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1);
    if ((st = make_skills(g)) != VL_OK)
        return st;
    return make_employers(g);
}

void gen_state_free(gen_state *g)
{
    vl_arena_destroy(g->arena);
    g->arena = NULL;
}

/* ---- records ------------------------------------------------------------------------------- */

/* Draws k distinct indices of [0, n) into out (partial Fisher-Yates). */
static void draw_distinct(gen_rng *r, size_t n, size_t k, size_t *out)
{
    size_t idx[GEN_MAX_SKILLS + 8];
    assert(n <= VL_ARRAY_LEN(idx) && k <= n);
    for (size_t i = 0; i < n; i++)
        idx[i] = i;
    for (size_t i = 0; i < k; i++) {
        size_t j = i + (size_t)gen_rng_below(r, n - i);
        size_t t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out[i] = idx[i];
    }
}

/* A list of typed skills and their keys, in the arena. */
typedef struct skill_list {
    const char *label[12];
    const char *key[12];
    size_t n;
} skill_list;

static bool skill_in(const skill_list *l, const gen_skill *s)
{
    for (size_t i = 0; l && i < l->n; i++)
        if (l->key[i] == s->key || strcmp(l->key[i], s->key) == 0)
            return true;
    return false;
}

/* Adds s to l unless l or `other` (the required skills, for a preferred list) has it. */
static void skill_add(skill_list *l, const skill_list *other, const gen_skill *s, gen_rng *r)
{
    if (skill_in(l, s) || skill_in(other, s))
        return;
    if (l->n < VL_ARRAY_LEN(l->label)) {
        l->label[l->n] = s->typed[gen_typing_draw(r)];
        l->key[l->n] = s->key;
        l->n++;
    }
}

static bool to_strlists(vl_arena *a, const skill_list *l, vl_strlist *labels, vl_strlist *keys)
{
    labels->n = keys->n = l->n;
    labels->items = keys->items = NULL;
    if (l->n == 0)
        return true;
    const char **li = vl_arena_alloc(a, l->n * sizeof *li);
    const char **ki = vl_arena_alloc(a, l->n * sizeof *ki);
    if (!li || !ki)
        return false;
    memcpy(li, l->label, l->n * sizeof *li);
    memcpy(ki, l->key, l->n * sizeof *ki);
    labels->items = li;
    keys->items = ki;
    return true;
}

static void set_lang(vl_lang *l, const char *code, int scheme, int level)
{
    memset(l, 0, sizeof *l);
    snprintf(l->code, sizeof l->code, "%s", code);
    l->scheme = (uint8_t)scheme;
    l->level = (uint8_t)level;
    /* JLPT N5..N1 = levels 1..5 = CEFR A1..C1; TOPIK 1..6 and CEFR are the CEFR rank */
    l->cefr = (uint8_t)level;
}

/* A wage in VND rounded to `step` thousand. */
static double wage_vnd(double thousand, int step)
{
    long long k = (long long)(thousand / step + 0.5) * step;
    return (double)(k * 1000);
}

vl_status gen_vacancy(const gen_state *g, size_t i, vl_arena *a, vl_vacancy *v)
{
    memset(v, 0, sizeof *v);
    gen_rng r;
    gen_rng_seed(&r, g->o.seed, GEN_STREAM_VACANCY, i);
    char buf[256];
    snprintf(buf, sizeof buf, "V%06zu", i + 1);
    v->id = vl_arena_strdup(a, buf);
    bool abroad = gen_rng_chance(&r, g->o.abroad_share);
    size_t occ;
    const gen_programme *pg = NULL;
    size_t emp;
    skill_list req = {0}, pref = {0};
    vl_lang *lang = NULL;
    if (abroad) {
        size_t p = gen_rng_pick(&r, g->prog_cum, gen_n_programmes);
        pg = &gen_programmes[p];
        emp = g->n_dispatch ? g->dispatch[gen_rng_below(&r, g->n_dispatch)]
                            : (size_t)gen_rng_below(&r, g->n_employers);
        long oi = gen_occ_find(pg->occ[gen_rng_below(&r, prog_n_occ(pg))]);
        assert(oi >= 0);
        occ = (size_t)oi;
        snprintf(buf, sizeof buf, "%s - %s", pg->title, gen_occs[occ].title);
        memcpy(v->country, pg->country, 3);
        v->area = NULL;
        if (pg->lang) {
            lang = vl_arena_alloc(a, sizeof *lang);
            if (!lang)
                return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
            set_lang(lang, pg->lang, pg->lang_scheme, gen_rng_range(&r, pg->lang_lo, pg->lang_hi));
            v->languages = lang;
            v->n_languages = 1;
        }
        v->age_min = pg->age_min;
        v->age_max = pg->age_max;
        v->wage_min =
            wage_vnd(pg->wage_lo + (pg->wage_hi - pg->wage_lo) * 0.5 * gen_rng_unit(&r), 500);
        v->wage_max =
            v->wage_min +
            wage_vnd((pg->wage_hi - pg->wage_lo) * 0.5 * (0.4 + 0.6 * gen_rng_unit(&r)), 500);
        /* overseas programmes ask for lower or upper secondary school */
        v->education_min =
            gen_rng_chance(&r, 0.5) ? VL_EDU_UPPER_SECONDARY : VL_EDU_LOWER_SECONDARY;
        v->experience_min = gen_rng_chance(&r, 0.7) ? 0 : 1;
        v->positions = gen_rng_range(&r, 3, 20);
        if (pg->preferred)
            skill_add(&pref, NULL, &g->prog_pref[p], &r);
    } else {
        emp = gen_rng_pick(&r, g->emp_cum, g->n_employers);
        const gen_profile *pr = &gen_profiles[g->emp_profile[emp]];
        if (pr->dispatch) { /* no home profile: any occupation the centre sees */
            occ = (size_t)gen_rng_below(&r, gen_n_occs);
        } else {
            size_t k = gen_rng_pick_int(&r, pr->occ_w, profile_n_occ(pr));
            long oi = gen_occ_find(pr->occ[k]);
            assert(oi >= 0);
            occ = (size_t)oi;
        }
        const gen_occ *oc = &gen_occs[occ];
        static const char *const suffix[] = {"",
                                             "",
                                             "",
                                             "",
                                             "",
                                             " - làm việc theo ca",
                                             " (ưu tiên có kinh nghiệm)",
                                             " - thu nhập cao"};
        snprintf(buf, sizeof buf, "%s%s", oc->title, suffix[gen_rng_below(&r, 8)]);
        memcpy(v->country, "VN", 3);
        /* most vacancies are at the employer's site; some at a branch in another district */
        v->area = gen_rng_chance(&r, 0.9)
                      ? g->employers[emp].area
                      : g->areas[g->home[gen_rng_pick(&r, g->home_cum_emp, g->n_home)]].code;
        if (gen_rng_chance(&r, 0.3)) { /* some employers state an age range */
            static const int maxes[] = {30, 35, 40, 45, 50};
            v->age_min = 18;
            v->age_max = maxes[gen_rng_below(&r, 5)];
        }
        /* wages: 5% "negotiable" (none), 15% a minimum only */
        if (!gen_rng_chance(&r, 0.05)) {
            double span = oc->wage_hi - oc->wage_lo;
            v->wage_min = wage_vnd(oc->wage_lo + span * 0.6 * gen_rng_unit(&r), 100);
            if (!gen_rng_chance(&r, 0.15))
                v->wage_max = v->wage_min + wage_vnd(span * (0.2 + 0.3 * gen_rng_unit(&r)), 100);
        }
        v->education_min = oc->edu_min;
        double u = gen_rng_unit(&r);
        if (u < 0.2)
            v->education_min = VL_EDU_UNKNOWN;
        else if (u < 0.3 && v->education_min > VL_EDU_PRIMARY)
            v->education_min--;
        if (oc->exp_max > 0 && !gen_rng_chance(&r, 0.55)) {
            static const double steps[] = {0.5, 1, 1, 2, 2, 3, 3, 5};
            double e = steps[gen_rng_below(&r, 8)];
            v->experience_min = e > oc->exp_max ? oc->exp_max : e;
        }
        double pu = gen_rng_unit(&r);
        v->positions = 1 + (int)(oc->pos_max * pu * pu);
        if (v->positions > 20)
            v->positions = 20;
        /* a few service jobs ask for English */
        if ((strcmp(oc->code, "4224") == 0 || strcmp(oc->code, "2512") == 0) &&
            gen_rng_chance(&r, 0.5)) {
            lang = vl_arena_alloc(a, sizeof *lang);
            if (!lang)
                return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
            set_lang(lang, "en", VL_LANG_CEFR, oc->code[0] == '2' ? 3 : 2);
            v->languages = lang;
            v->n_languages = 1;
        }
    }
    v->title = vl_arena_strdup(a, buf);
    v->employer = g->employers[emp].id;
    memcpy(v->occupation, gen_occs[occ].code, 5);
    /* skills: 1-3 required from the occupation, 0-2 preferred from the rest, sometimes one of
     * the general skills */
    size_t ns = occ_n_skills(occ), pick[GEN_MAX_SKILLS];
    size_t nreq = (size_t)gen_rng_range(&r, 1, ns < 3 ? (int)ns : 3);
    size_t npref = (size_t)gen_rng_range(&r, 0, 2);
    if (nreq + npref > ns)
        npref = ns - nreq;
    draw_distinct(&r, ns, nreq + npref, pick);
    for (size_t k = 0; k < nreq; k++)
        skill_add(&req, NULL, &g->occ_skills[occ * GEN_MAX_SKILLS + pick[k]], &r);
    for (size_t k = nreq; k < nreq + npref; k++)
        skill_add(&pref, &req, &g->occ_skills[occ * GEN_MAX_SKILLS + pick[k]], &r);
    if (gen_rng_chance(&r, 0.3))
        skill_add(&pref, &req, &g->generic[gen_rng_below(&r, gen_n_generic_skills)], &r);
    /* posted and closing dates around as_of: closed_share closed before it, the rest open on it
     * (a tenth open-ended), fair vacancies only among the open ones */
    int32_t as_of = g->o.as_of;
    bool open = true;
    if (g->o.span_days > 0) {
        /* years of records: posted evenly over the span, open 30 to 90 days; a fair is held in
         * the month posted or the next one */
        v->posted = gen_date_add(as_of, -gen_rng_range(&r, 0, g->o.span_days - 1));
        v->closes = gen_date_add(v->posted, gen_rng_range(&r, 30, 90));
        if (gen_rng_chance(&r, g->o.fair_share)) {
            int32_t month = gen_rng_chance(&r, 0.75) ? v->posted : gen_date_add(v->posted, 31);
            snprintf(buf, sizeof buf, "%s-%04d-%02d", g->fair_prefix, (int)(month / 10000),
                     (int)(month / 100 % 100));
            if (!(v->fair = vl_arena_strdup(a, buf)))
                return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
        }
        open = false; /* no as_of fair below */
    } else if (gen_rng_chance(&r, g->o.closed_share)) {
        open = false;
        v->posted = gen_date_add(as_of, -gen_rng_range(&r, 70, 160));
        v->closes = gen_date_add(v->posted, gen_rng_range(&r, 30, 60));
    } else {
        v->posted = gen_date_add(as_of, -gen_rng_range(&r, 0, 60));
        v->closes = gen_rng_chance(&r, 0.1) ? 0 : gen_date_add(as_of, gen_rng_range(&r, 7, 75));
    }
    if (open && gen_rng_chance(&r, g->o.fair_share / (1 - g->o.closed_share))) {
        /* copied: g (and its fair ids) lives on vl_gen_dataset's stack */
        v->fair = vl_arena_strdup(a, g->fair_ids[gen_rng_chance(&r, 0.75) ? 0 : 1]);
        if (!v->fair)
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    }
    v->positions_offered = v->positions;
    if (!v->id || !v->title ||
        !to_strlists(a, &req, &v->skills_required, &v->skills_required_keys) ||
        !to_strlists(a, &pref, &v->skills_preferred, &v->skills_preferred_keys))
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    return VL_OK;
}

/* Which countries a seeker accepts: shares of JP, KR, TW, JP;KR and any. */
static const char *const abroad_sets[] = {"JP", "KR", "TW", "JP;KR", "*"};
static const int abroad_w[] = {35, 25, 15, 15, 10};

static const char *weighted_text(gen_rng *r, const gen_weighted *w, size_t n)
{
    int tw[64];
    assert(n <= VL_ARRAY_LEN(tw));
    for (size_t i = 0; i < n; i++)
        tw[i] = w[i].weight;
    return w[gen_rng_pick_int(r, tw, n)].text;
}

vl_status gen_seeker(const gen_state *g, size_t i, vl_arena *a, vl_seeker *s)
{
    memset(s, 0, sizeof *s);
    gen_rng r;
    gen_rng_seed(&r, g->o.seed, GEN_STREAM_SEEKER, i);
    char buf[256];
    snprintf(buf, sizeof buf, "S%07zu", i + 1);
    s->id = vl_arena_strdup(a, buf);
    int set = -1;
    if (gen_rng_chance(&r, g->o.seeker_abroad_share))
        set = (int)gen_rng_pick_int(&r, abroad_w, VL_ARRAY_LEN(abroad_w));
    bool want[3] = {set == 0 || set == 3 || set == 4, set == 1 || set == 3 || set == 4,
                    set == 2 || set == 4}; /* JP, KR, TW in gen_programmes order */
    size_t occ;
    if (set >= 0 && gen_rng_chance(&r, 0.6)) { /* trained for an overseas programme */
        size_t p;
        do
            p = gen_rng_pick(&r, g->prog_cum, gen_n_programmes);
        while (!want[p]);
        const gen_programme *pg = &gen_programmes[p];
        occ = (size_t)gen_occ_find(pg->occ[gen_rng_below(&r, prog_n_occ(pg))]);
    } else {
        occ = gen_rng_pick(&r, g->seek_occ_cum, gen_n_occs);
    }
    const gen_occ *oc = &gen_occs[occ];
    bool female = gen_rng_below(&r, 100) < (uint64_t)oc->female_pct;
    s->gender = female ? "female" : "male";
    const char *family = weighted_text(&r, gen_family_names, gen_n_family_names);
    const char *middle = female ? gen_middle_f[gen_rng_below(&r, gen_n_middle_f)]
                                : gen_middle_m[gen_rng_below(&r, gen_n_middle_m)];
    const char *given = female ? gen_given_f[gen_rng_below(&r, gen_n_given_f)]
                               : gen_given_m[gen_rng_below(&r, gen_n_given_m)];
    snprintf(buf, sizeof buf, "%s %s %s", family, middle, given);
    s->name = vl_arena_strdup(a, buf);
    /* ages: 60% 18-30, 30% 31-45, 10% 46-58; people going abroad are 18-34 */
    int age;
    double ua = gen_rng_unit(&r);
    if (set >= 0)
        age = gen_rng_range(&r, 18, 34);
    else if (ua < 0.6)
        age = gen_rng_range(&r, 18, 30);
    else if (ua < 0.9)
        age = gen_rng_range(&r, 31, 45);
    else
        age = gen_rng_range(&r, 46, 58);
    if (g->o.span_days > 0) /* years of records: registered evenly over the span */
        s->registered = gen_date_add(g->o.as_of, -gen_rng_range(&r, 0, g->o.span_days - 1));
    else {
        double u1 = gen_rng_unit(&r), u2 = gen_rng_unit(&r); /* drawn in order, see below */
        s->registered = gen_date_add(g->o.as_of, -(int)(540 * u1 * u2));
    }
    s->birth_year = s->registered / 10000 - age;
    s->area = g->areas[g->home[gen_rng_pick(&r, g->home_cum_seek, g->n_home)]].code;
    /* education around the occupation's usual level; professionals have a degree */
    int edu = oc->edu;
    double ue = gen_rng_unit(&r);
    if (ue < 0.2)
        edu--;
    else if (ue < 0.4)
        edu++;
    if (edu < VL_EDU_PRIMARY)
        edu = VL_EDU_PRIMARY;
    if (edu > VL_EDU_UNIVERSITY)
        edu = gen_rng_chance(&r, 0.2) ? VL_EDU_MASTER : VL_EDU_UNIVERSITY;
    if (oc->code[0] == '2' && edu < VL_EDU_COLLEGE)
        edu = VL_EDU_COLLEGE;
    s->education = edu;
    /* occupations: 1 (50%), 2 (35%) or 3 (15%), the others from the same trade when possible */
    size_t occs[3] = {occ, 0, 0}, nocc = 1;
    double uo = gen_rng_unit(&r);
    size_t want_occ = uo < 0.5 ? 1 : uo < 0.85 ? 2 : 3;
    const gen_profile *trade = NULL;
    for (size_t p = 0; p < gen_n_profiles && !trade; p++)
        for (size_t k = 0; k < profile_n_occ(&gen_profiles[p]); k++)
            if (strcmp(gen_profiles[p].occ[k], oc->code) == 0)
                trade = &gen_profiles[p];
    for (int tries = 0; nocc < want_occ && tries < 20; tries++) {
        size_t o2;
        if (trade && gen_rng_chance(&r, 0.7)) {
            size_t k = gen_rng_pick_int(&r, trade->occ_w, profile_n_occ(trade));
            o2 = (size_t)gen_occ_find(trade->occ[k]);
        } else {
            o2 = gen_rng_pick(&r, g->seek_occ_cum, gen_n_occs);
        }
        bool dup = false;
        for (size_t k = 0; k < nocc; k++)
            dup |= occs[k] == o2;
        if (!dup)
            occs[nocc++] = o2;
    }
    const char **oi = vl_arena_alloc(a, nocc * sizeof *oi);
    if (!oi)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    for (size_t k = 0; k < nocc; k++) {
        oi[k] = gen_occs[occs[k]].code;
        /* 4% name a minor group (3 digits), as staff do when unsure of the unit group */
        if (gen_rng_chance(&r, 0.04)) {
            oi[k] = vl_arena_strndup(a, gen_occs[occs[k]].code, 3);
            for (size_t j = 0; oi[k] && j < k; j++) /* 8211 and 8212 are both 821 */
                if (strncmp(oi[j], oi[k], 3) == 0)
                    oi[k] = gen_occs[occs[k]].code;
        }
        if (!oi[k])
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    }
    s->occupations.items = oi;
    s->occupations.n = nocc;
    /* skills: 1-4 of the first occupation, 0-1 of the second, a general one for a quarter */
    skill_list sk = {0};
    size_t ns = occ_n_skills(occ), pick[GEN_MAX_SKILLS];
    size_t nsk = (size_t)gen_rng_range(&r, 1, ns < 4 ? (int)ns : 4);
    draw_distinct(&r, ns, nsk, pick);
    for (size_t k = 0; k < nsk; k++)
        skill_add(&sk, NULL, &g->occ_skills[occ * GEN_MAX_SKILLS + pick[k]], &r);
    if (nocc > 1 && gen_rng_chance(&r, 0.6)) {
        size_t o2 = occs[1];
        skill_add(&sk, NULL,
                  &g->occ_skills[o2 * GEN_MAX_SKILLS + gen_rng_below(&r, occ_n_skills(o2))], &r);
    }
    if (gen_rng_chance(&r, 0.25))
        skill_add(&sk, NULL, &g->generic[gen_rng_below(&r, gen_n_generic_skills)], &r);
    if (!to_strlists(a, &sk, &s->skills, &s->skills_keys))
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    /* experience: none for 30%, otherwise up to the years since 18 (at most 15), in halves */
    int span = age - 18 > 15 ? 15 : age - 18;
    if (span > 0 && !gen_rng_chance(&r, 0.3))
        s->experience_years = (double)(int)(2 * span * gen_rng_unit(&r) + 1) / 2.0;
    /* languages: Japanese/Korean/Chinese for most who aim abroad, English for some graduates */
    vl_lang langs[4];
    size_t nl = 0;
    if (want[0] && gen_rng_chance(&r, 0.65)) {
        static const int jw[] = {60, 35, 5}; /* N5, N4, N3 */
        set_lang(&langs[nl++], "ja", VL_LANG_JLPT, 1 + (int)gen_rng_pick_int(&r, jw, 3));
    }
    if (want[1] && gen_rng_chance(&r, 0.6)) {
        static const int kw[] = {50, 35, 15}; /* TOPIK 2, 3, 4 */
        set_lang(&langs[nl++], "ko", VL_LANG_TOPIK, 2 + (int)gen_rng_pick_int(&r, kw, 3));
    }
    if (want[2] && gen_rng_chance(&r, 0.25))
        set_lang(&langs[nl++], "zh", VL_LANG_CEFR, 2);
    if (edu >= VL_EDU_COLLEGE ? gen_rng_chance(&r, 0.4) : gen_rng_chance(&r, 0.05))
        set_lang(&langs[nl++], "en", VL_LANG_CEFR, gen_rng_range(&r, 2, 4));
    if (nl) {
        vl_lang *l = vl_arena_alloc(a, nl * sizeof *l);
        if (!l)
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
        memcpy(l, langs, nl * sizeof *l);
        s->languages = l;
        s->n_languages = nl;
    }
    if (!gen_rng_chance(&r, 0.15)) { /* 15% leave the wage open */
        double u1 = gen_rng_unit(&r), u2 = gen_rng_unit(&r);
        s->wage_min = wage_vnd(
            (oc->wage_lo + (oc->wage_hi - oc->wage_lo) * 0.5 * u1) * (0.9 + 0.2 * u2), 500);
    }
    static const double commute[] = {5, 10, 10, 15, 15, 20, 20, 25, 30, 40, 50};
    s->max_commute_km =
        gen_rng_chance(&r, 0.2) ? (double)NAN : commute[gen_rng_below(&r, VL_ARRAY_LEN(commute))];
    if (set >= 0) {
        const char *text = abroad_sets[set];
        size_t n = strchr(text, ';') ? 2 : 1;
        const char **items = vl_arena_alloc(a, n * sizeof *items);
        if (!items)
            return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
        items[0] = n == 2 ? "JP" : text;
        if (n == 2)
            items[1] = "KR";
        s->abroad.items = items;
        s->abroad.n = n;
    }
    /* priority groups (shares of all seekers): poor 5%, near-poor 6%, disability 2%, ethnic
     * minority 1.5%, rural 20%, demobilised soldiers 4% of men, other 1% */
    unsigned pr = 0;
    double up = gen_rng_unit(&r);
    if (up < 0.05)
        pr |= VL_PRIO_POOR;
    else if (up < 0.11)
        pr |= VL_PRIO_NEAR_POOR;
    if (gen_rng_chance(&r, 0.02))
        pr |= VL_PRIO_DISABILITY;
    if (gen_rng_chance(&r, 0.015))
        pr |= VL_PRIO_ETHNIC_MINORITY;
    if (gen_rng_chance(&r, 0.20))
        pr |= VL_PRIO_RURAL;
    if (!female && gen_rng_chance(&r, 0.04))
        pr |= VL_PRIO_DEMOBILISED;
    if (gen_rng_chance(&r, 0.01))
        pr |= VL_PRIO_OTHER;
    s->priority = pr;
    double us = gen_rng_unit(&r);
    s->status = us < 0.85 ? VL_SEEKER_ACTIVE : us < 0.95 ? VL_SEEKER_PLACED : VL_SEEKER_WITHDRAWN;
    /* a mobile number (09x/03x + 7 digits) for 90%, a 12-digit CCCD for 80%: the province
     * code 030 (Hai Duong), the century-and-sex digit, the birth year's last two digits */
    gen_rng c;
    gen_rng_seed(&c, g->o.seed, GEN_STREAM_CONTACT, i);
    if (gen_rng_chance(&c, 0.9)) {
        static const char *const heads[] = {"090", "091", "093", "094", "096", "097", "098",
                                            "032", "033", "034", "035", "036", "037", "038"};
        /* two draws in a fixed order (the order of a call's arguments is unspecified in C:
         * gcc and clang differ, and the committed sample was drawn number first) */
        int number = gen_rng_range(&c, 0, 9999999);
        size_t head = gen_rng_below(&c, VL_ARRAY_LEN(heads));
        snprintf(buf, sizeof buf, "%s%07d", heads[head], number);
        s->phone = vl_arena_strdup(a, buf);
    }
    if (gen_rng_chance(&c, 0.8) && s->birth_year >= 1900) {
        int century =
            (s->birth_year >= 2000) * 2 + (strcmp(s->gender ? s->gender : "", "female") == 0);
        snprintf(buf, sizeof buf, "030%d%02d%06d", century, s->birth_year % 100,
                 gen_rng_range(&c, 0, 999999));
        s->id_card = vl_arena_strdup(a, buf);
    }
    if (!s->id || !s->name)
        return vl__error(g->ctx, VL_ERR_NOMEM, "out of memory");
    return VL_OK;
}

/* ---- the in-memory data set ----------------------------------------------------------------- */

vl_status vl_gen_dataset(vl_ctx *ctx, const vl_gen_options *o, vl_dataset **out)
{
    if (!o || !out)
        return vl__error(ctx, VL_ERR_ARG, "vl_gen_dataset: NULL argument");
    *out = NULL;
    gen_state g;
    vl_status st = gen_state_init(&g, ctx, o);
    vl_dataset *ds = NULL;
    vl_vacancy *vac = NULL;
    vl_seeker *seek = NULL;
    if (st == VL_OK) {
        ds = vl__calloc(1, sizeof *ds);
        vac = vl_arena_alloc(g.arena, (o->n_vacancies ? o->n_vacancies : 1) * sizeof *vac);
        seek = vl_arena_alloc(g.arena, (o->n_seekers ? o->n_seekers : 1) * sizeof *seek);
        if (!ds || !vac || !seek)
            st = vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    size_t total = o->n_vacancies + o->n_seekers, done = 0;
    for (size_t i = 0; st == VL_OK && i < o->n_vacancies; i++, done++) {
        st = gen_vacancy(&g, i, g.arena, &vac[i]);
        if ((done & 4095) == 0)
            vl__progress(ctx, "generate", done, total);
    }
    for (size_t i = 0; st == VL_OK && i < o->n_seekers; i++, done++) {
        st = gen_seeker(&g, i, g.arena, &seek[i]);
        if ((done & 4095) == 0)
            vl__progress(ctx, "generate", done, total);
    }
    if (st != VL_OK) {
        vl__free(ds);
        gen_state_free(&g);
        return st;
    }
    vl__progress(ctx, "generate", total, total);
    ds->areas = g.areas;
    ds->n_areas = g.n_areas;
    ds->employers = g.employers;
    ds->n_employers = g.n_employers;
    ds->vacancies = vac;
    ds->n_vacancies = o->n_vacancies;
    ds->seekers = seek;
    ds->n_seekers = o->n_seekers;
    ds->owner = g.arena; /* handed over: vl_dataset_destroy frees it */
    *out = ds;
    return VL_OK;
}
