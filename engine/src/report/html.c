/*
 * html.c - the leaders' report as one self-contained HTML page. Page 1 stands alone: the
 * units, the province total of the coming quarters against the same quarters a year before,
 * key messages written from the figures and the largest shortages and surpluses. Then the
 * labour balance (named bars coloured by outlook, the 80% interval it uses, a zero line), the
 * planners' adjustments and scenarios with their reasons, fan charts of the largest series
 * with four years of history, and an appendix of tables (headings repeated on every printed
 * page), accuracy and methods. No external resources; print CSS for A4; Vietnamese first.
 *
 * Every number goes through rp_num or vl_format_fixed, so the page is the same under any
 * process locale.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vieclam/output.h>

#include "io/json.h"
#include "report/text.h"

/* fan charts: drawn two to a row on A4, so the text stays readable when scaled */
#define CHART_W  440
#define CHART_H  210
#define M_LEFT   52
#define GAP_W    680 /* the balance chart: one across the page */
#define M_RIGHT  14
#define M_TOP    14
#define M_BOTTOM 30

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1d2733;margin:24px auto;"
    "max-width:960px;padding:0 12px;line-height:1.45;font-size:14px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f99;"
    "padding-bottom:3px;margin-top:28px}h3{font-size:15px;margin:14px 0 4px}"
    "h2,h3,caption{break-after:avoid;page-break-after:avoid}"
    ".sub{color:#52606d;margin:0 0 12px}.units{font-size:13px;color:#3e4c59;margin:0 0 10px}"
    "table{border-collapse:collapse;margin:8px 0;font-size:13px}"
    "caption{text-align:left;font-weight:bold;padding:4px 0}"
    "th,td{border:1px solid #c9d2dc;padding:3px 7px}th{background:#e8eef5;text-align:left}"
    "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr.total td{font-weight:bold;background:#f3f6f9}"
    ".msgs{margin:6px 0 10px;padding-left:22px}.msgs li{margin:3px 0}"
    ".cols{display:flex;flex-wrap:wrap;gap:0 24px}.cols>div{flex:1 1 300px}"
    ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));"
    "gap:6px 18px}"
    ".chart{margin:0 0 8px;break-inside:avoid;page-break-inside:avoid}"
    ".chart figcaption{font-size:13px}"
    ".chart svg,svg.gapchart{display:block;width:100%;height:auto}"
    ".legend{font-size:12px;color:#3e4c59}"
    ".legend span{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;"
    "vertical-align:middle}"
    ".short{color:#b0331c}.surp{color:#1f6f3f}.note{font-size:13px;color:#3e4c59}"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px;fill:#3e4c59}"
    "nav ol{margin:4px 0}.page1{break-after:page;page-break-after:always}"
    ".appendix{break-before:page;page-break-before:always}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{margin:0;max-width:none;padding:0;font-size:10pt}nav{display:none}"
    "table{font-size:9pt}h2{margin-top:16px}}";

static const char *fx(char *buf, size_t size, double v)
{
    return vl_format_fixed(buf, size, v, 1);
}

/* A "nice" tick step near range / 4: 1, 2 or 5 times a power of ten. */
static double nice_step(double range)
{
    if (!(range > 0))
        return 1;
    double raw = range / 4, p = pow(10, floor(log10(raw))), f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}

typedef struct scale {
    double x0, dx, ymin, ymax;
} scale;

static double px(const scale *s, double i)
{
    return M_LEFT + s->x0 + i * s->dx;
}

static double py(const scale *s, double v)
{
    double h = CHART_H - M_TOP - M_BOTTOM;
    return M_TOP + h - (v - s->ymin) / (s->ymax - s->ymin) * h;
}

static void point(vl_buf *b, const char *cmd, const scale *s, double i, double v)
{
    char xb[32], yb[32];
    vl_buf_printf(b, "%s%s,%s", cmd, fx(xb, sizeof xb, px(s, i)), fx(yb, sizeof yb, py(s, v)));
}

/* The fill of band r of n (0 the widest): from a pale blue for the widest to a stronger one
 * for the narrowest, the two of an 80/95 run as they always were. */
static unsigned band_rgb(size_t r, size_t n)
{
    static const unsigned narrow = 0x6baed6, wide2 = 0xc6dbef, wide3 = 0xdeebf7;
    if (n <= 1)
        return narrow;
    unsigned wide = n == 2 ? wide2 : wide3, out = 0;
    double t = (double)r / (double)(n - 1); /* 0 widest .. 1 narrowest */
    for (int sh = 0; sh <= 16; sh += 8) {
        double a = (wide >> sh) & 0xff, c = (narrow >> sh) & 0xff;
        out |= (unsigned)lround(a + t * (c - a)) << sh;
    }
    return out;
}

/* One band between lo and hi over the forecast steps, joined to the last actual value. */
static void band(vl_buf *b, unsigned rgb, const scale *s, const plan_series *ps, size_t nh,
                 const double *lo, const double *hi)
{
    for (size_t k = 0; k < ps->h; k++)
        if (!isfinite(lo[k]) || !isfinite(hi[k]))
            return; /* a step without this level: no band rather than a broken path */
    vl_buf_printf(b, "<path class=\"band\" fill=\"#%06x\" d=\"", rgb);
    point(b, "M", s, (double)nh - 1, ps->hist[nh - 1]);
    for (size_t k = 0; k < ps->h; k++)
        point(b, " L", s, (double)(nh + k), hi[k]);
    for (size_t k = ps->h; k-- > 0;)
        point(b, " L", s, (double)(nh + k), lo[k]);
    vl_buf_puts(b, " Z\"/>");
}

static void fan_chart(vl_buf *b, const plan_series *ps, bool en)
{
    size_t nh = ps->n_hist, h = ps->h;
    if (nh == 0 || h == 0)
        return;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t t = 0; t < nh; t++) {
        lo = fmin(lo, ps->hist[t]);
        hi = fmax(hi, ps->hist[t]);
    }
    for (size_t k = 0; k < h; k++) {
        if (isfinite(ps->mean[k])) {
            lo = fmin(lo, ps->mean[k]);
            hi = fmax(hi, ps->mean[k]);
        }
        for (size_t j = 0; j < ps->n_bands; j++) {
            if (isfinite(ps->band_lo[j][k]))
                lo = fmin(lo, ps->band_lo[j][k]);
            if (isfinite(ps->band_hi[j][k]))
                hi = fmax(hi, ps->band_hi[j][k]);
        }
    }
    if (lo >= 0)
        lo = 0;
    if (!(hi > lo))
        hi = lo + 1;
    double step = nice_step(hi - lo);
    scale s = {.ymin = floor(lo / step) * step, .ymax = ceil(hi / step) * step};
    if (s.ymax <= s.ymin)
        s.ymax = s.ymin + step;
    double plot_w = CHART_W - M_LEFT - M_RIGHT;
    s.dx = plot_w / (double)(nh + h);
    s.x0 = s.dx / 2;

    char ab[32], bb[32], cb[32], db[32];
    vl_buf_printf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                  "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"",
                  CHART_W, CHART_H, CHART_W, CHART_H);
    rp_esc(b, rp_label(ps, en));
    vl_buf_puts(b, "\">");
    /* grid and y labels */
    for (double y = s.ymin; y <= s.ymax + step / 2; y += step) {
        vl_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%s\" y2=\"%s\" stroke=\"#e1e7ee\"/>",
                      M_LEFT, CHART_W - M_RIGHT, fx(ab, sizeof ab, py(&s, y)),
                      fx(bb, sizeof bb, py(&s, y)));
        vl_buf_printf(b, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>", M_LEFT - 6,
                      fx(ab, sizeof ab, py(&s, y) + 4),
                      rp_num(cb, sizeof cb, y, step < 1 ? 1 : 0, en));
    }
    /* x labels: the year at each first quarter (every other year when crowded) */
    int freq = ps->hist_first.freq > 0 ? ps->hist_first.freq : 1;
    long first = vl_period_index(ps->hist_first);
    size_t years = (nh + h) / (size_t)freq + 1;
    int every = years > 12 ? 2 : 1;
    for (size_t i = 0; i < nh + h; i++) {
        vl_period p = vl_period_from_index(freq, first + (long)i);
        if (p.sub == 1 && p.year % every == 0)
            vl_buf_printf(b,
                          "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%d</text>"
                          "<line x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"#9aa5b1\"/>",
                          fx(ab, sizeof ab, px(&s, (double)i)), CHART_H - 10, p.year,
                          fx(bb, sizeof bb, px(&s, (double)i)),
                          fx(cb, sizeof cb, px(&s, (double)i)), CHART_H - M_BOTTOM,
                          CHART_H - M_BOTTOM + 4);
    }
    /* the forecast region, shaded lightly */
    vl_buf_printf(b, "<rect x=\"%s\" y=\"%d\" width=\"%s\" height=\"%d\" fill=\"#f4f7fb\"/>",
                  fx(ab, sizeof ab, px(&s, (double)nh - 0.5)), M_TOP,
                  fx(bb, sizeof bb, s.dx * (double)h), CHART_H - M_TOP - M_BOTTOM);
    for (size_t j = 0; j < ps->n_bands; j++) /* widest first: the narrower on top */
        band(b, band_rgb(j, ps->n_bands), &s, ps, nh, ps->band_lo[j], ps->band_hi[j]);
    vl_buf_puts(b, "<path class=\"hist\" d=\"");
    for (size_t t = 0; t < nh; t++)
        point(b, t ? " L" : "M", &s, (double)t, ps->hist[t]);
    vl_buf_puts(b, "\"/><path class=\"fc\" d=\"");
    point(b, "M", &s, (double)nh - 1, ps->hist[nh - 1]);
    for (size_t k = 0; k < h; k++)
        point(b, " L", &s, (double)(nh + k), ps->mean[k]);
    vl_buf_puts(b, "\"/>");
    /* axis */
    vl_buf_printf(b, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#52606d\"/>", M_LEFT,
                  CHART_W - M_RIGHT, CHART_H - M_BOTTOM, CHART_H - M_BOTTOM);
    (void)db;
    vl_buf_puts(b, "</svg>");
}

/* Styles of the chart parts (inside <style> so the SVG stays small). */
static const char svg_css[] = ".band{stroke:none}.hist{fill:none;stroke:#1d2733;stroke-width:1.6}"
                              ".fc{fill:none;stroke:#08519c;stroke-width:2.2}";

/* The lines and the bands of t (the total: every series of a run has its levels), narrowest
 * band first. */
static void legend(vl_buf *b, const plan_series *t, bool en)
{
    vl_buf_printf(b,
                  "<div class=\"legend\"><span style=\"background:#1d2733;height:2px\"></span>%s"
                  "<span style=\"background:#08519c;height:3px\"></span>%s",
                  rp_word_get(en, W_HISTORY), rp_word_get(en, W_FORECAST));
    for (size_t j = t ? t->n_bands : 0; j-- > 0;) {
        char lv[32];
        vl_buf_printf(b, "<span style=\"background:#%06x\"></span>", band_rgb(j, t->n_bands));
        vl_buf_printf(b, en ? "%s%% interval" : "Khoảng tin cậy %s%%",
                      rp_level(lv, sizeof lv, t->band_level[j], en));
    }
    vl_buf_puts(b, "</div>");
}

/* "khoảng 80%" (the level of t's band nearest 80, the one the tables show) into buf. */
static const char *band_head(char *buf, size_t size, const plan_series *t, bool en)
{
    int ib = plan_band(t, 80);
    char lv[32];
    snprintf(buf, size, en ? "%s%% interval" : "khoảng %s%%",
             ib < 0 ? "80" : rp_level(lv, sizeof lv, t->band_level[ib], en));
    return buf;
}

static void period_text(char *buf, size_t size, vl_period p, bool en)
{
    if (p.freq == 4)
        snprintf(buf, size, en ? "%dQ%d" : "Q%d/%d", en ? p.year : p.sub, en ? p.sub : p.year);
    else
        vl_period_format(p, buf, size);
}

/* ---- figures the sections share ------------------------------------------------------------ */

/* Text in the report's language (sentences only this page writes). */
#define TR(en, vi, eng) ((en) ? (eng) : (vi))

/* Quarters the leaders' figures cover: the next year (or the horizon when shorter). */
static size_t year_steps(const plan_series *s)
{
    size_t f = s->fc_first.freq > 0 ? (size_t)s->fc_first.freq : 4;
    return s->h < f ? s->h : f;
}

/* The value a series had (or is forecast to have) `back` periods before forecast step k; NaN
 * when the history does not reach back that far. */
static double value_before(const plan_series *s, size_t k, size_t back)
{
    long at = vl_period_index(s->fc_first) + (long)k - (long)back;
    long h0 = vl_period_index(s->hist_first);
    if (at >= h0 && at < h0 + (long)s->n_hist)
        return s->hist[at - h0];
    long f0 = vl_period_index(s->fc_first);
    if (at >= f0 && at < f0 + (long)s->h)
        return s->mean[at - f0];
    return NAN;
}

/* The next year's sum and the same quarters a year before (NaN when not all known). */
static void year_change(const plan_series *s, double *next, double *last)
{
    size_t n = year_steps(s), f = s->fc_first.freq > 0 ? (size_t)s->fc_first.freq : 4;
    *next = 0;
    *last = 0;
    for (size_t k = 0; k < n; k++) {
        *next += s->mean[k];
        *last += value_before(s, k, f);
    }
}

static size_t level_depth(const char *level)
{
    if (!level || !*level || strcmp(level, "total") == 0)
        return 0;
    size_t d = 1;
    for (const char *c = level; *c; c++)
        d += *c == ',';
    return d;
}

static const char *occupation_title(const vl_plan *p, const char *occ, bool en)
{
    for (size_t i = 0; i < p->n; i++) {
        const plan_series *s = &p->series[i];
        for (size_t k = 0; k < s->n_keys; k++)
            if (strcmp(s->key_names[k], "occupation") == 0 && strcmp(s->key_values[k], occ) == 0)
                return en ? s->label_en : s->label_vi;
    }
    return occ;
}

typedef enum outlook { O_BALANCED, O_SHORTAGE, O_SURPLUS } outlook;

/* The outlook the balance calls: the gap's 80% interval all above or all below zero. */
static outlook outlook_of(const vl_balance_row *r)
{
    return r->gap_lo80 > 0 ? O_SHORTAGE : r->gap_hi80 < 0 ? O_SURPLUS : O_BALANCED;
}

static const char *const outlook_colour[] = {"#8a96a3", "#c0392b", "#1f7a4d"};

typedef struct balance_view {
    vl_balance_row *rows; /* the groups, then the total (rp_balance's order) */
    size_t n;             /* with the total */
    size_t h;
    vl_period first;
    size_t *shortage, n_shortage; /* group indices, largest gap first */
    size_t *surplus, n_surplus;   /* most negative gap first */
} balance_view;

static void balance_free(balance_view *v)
{
    vl__free(v->rows);
    vl__free(v->shortage);
    vl__free(v->surplus);
    memset(v, 0, sizeof *v);
}

/* qsort_r's context, not a static: reports are made on the server's threads at once */
static int by_gap_desc(const void *a, const void *b, void *ctx)
{
    const vl_balance_row *sort_rows = ctx;
    double x = sort_rows[*(const size_t *)a].gap, y = sort_rows[*(const size_t *)b].gap;
    return x < y   ? 1
           : x > y ? -1
                   : strcmp(sort_rows[*(const size_t *)a].occupation,
                            sort_rows[*(const size_t *)b].occupation);
}

static void balance_load(const vl_plan *p, balance_view *v)
{
    memset(v, 0, sizeof *v);
    v->rows = vl__calloc(2 * p->n + 2, sizeof *v->rows);
    if (!v->rows)
        return;
    v->n = rp_balance(p, v->rows, &v->h, &v->first);
    size_t m = v->n ? v->n - 1 : 0;
    v->shortage = vl__calloc(m + 1, sizeof *v->shortage);
    v->surplus = vl__calloc(m + 1, sizeof *v->surplus);
    if (!v->shortage || !v->surplus) {
        balance_free(v);
        return;
    }
    for (size_t i = 0; i < m; i++) {
        if (outlook_of(&v->rows[i]) == O_SHORTAGE)
            v->shortage[v->n_shortage++] = i;
        else if (outlook_of(&v->rows[i]) == O_SURPLUS)
            v->surplus[v->n_surplus++] = i;
    }
    qsort_r(v->shortage, v->n_shortage, sizeof *v->shortage, by_gap_desc, v->rows);
    qsort_r(v->surplus, v->n_surplus, sizeof *v->surplus, by_gap_desc, v->rows);
    for (size_t i = 0; i < v->n_surplus / 2; i++) { /* most negative first */
        size_t t = v->surplus[i];
        v->surplus[i] = v->surplus[v->n_surplus - 1 - i];
        v->surplus[v->n_surplus - 1 - i] = t;
    }
}

static void period_span(char *buf, size_t size, vl_period first, size_t n, bool en)
{
    char a[32], b[32];
    period_text(a, sizeof a, first, en);
    period_text(b, sizeof b, vl_period_from_index(first.freq, vl_period_index(first) + (long)n - 1),
                en);
    snprintf(buf, size, "%s – %s", a, b);
}

/* ---- page 1: the summary a leader reads alone ------------------------------------------- */

typedef struct mover {
    size_t i;
    double change, next, last;
} mover;

static int by_change_desc(const void *a, const void *b)
{
    const mover *x = a, *y = b;
    return x->change < y->change ? 1 : x->change > y->change ? -1 : (x->i > y->i) - (x->i < y->i);
}

/* The series of the first level below the total that moves most against last year. */
static size_t movers(const vl_plan *p, const size_t *idx, size_t n, mover *out)
{
    size_t best_depth = SIZE_MAX, m = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = level_depth(p->series[idx[i]].level);
        if (d > 0 && d < best_depth)
            best_depth = d;
    }
    for (size_t i = 0; i < n; i++) {
        const plan_series *s = &p->series[idx[i]];
        if (level_depth(s->level) != best_depth || strcmp(s->kind, "supply") == 0)
            continue;
        double next, last;
        year_change(s, &next, &last);
        if (!isfinite(last))
            continue;
        out[m++] = (mover){idx[i], next - last, next, last};
    }
    qsort(out, m, sizeof *out, by_change_desc);
    return m;
}

static void group_list(vl_buf *b, const vl_plan *p, const balance_view *v, const size_t *which,
                       size_t n, bool en)
{
    for (size_t i = 0; i < n && i < 3; i++) {
        const vl_balance_row *r = &v->rows[which[i]];
        char g[48];
        bool last = i + 1 == n && n <= 3;
        vl_buf_puts(b, i ? (last ? TR(en, " và ", " and ") : ", ") : "");
        vl_buf_puts(b, "<b>");
        rp_esc(b, occupation_title(p, r->occupation, en));
        vl_buf_printf(b, "</b> (%s)", rp_signed(g, sizeof g, r->gap, en));
    }
    if (n > 3)
        vl_buf_printf(b, TR(en, " và %zu nhóm khác", " and %zu more"), n - 3);
}

static void key_messages(vl_buf *b, const vl_plan *p, const size_t *idx, size_t n,
                         const balance_view *v, bool en)
{
    vl_buf_printf(b, "<h2>%s</h2><ol class=\"msgs\">", TR(en, "Thông điệp chính", "Key messages"));
    const plan_series *t = &p->series[idx[0]];
    double next, last;
    year_change(t, &next, &last);
    char a[48], c[48], d[48], e[48], f[48], span[80];
    size_t ys = year_steps(t);
    period_span(span, sizeof span, t->fc_first, ys, en);
    double lo = 0, hi = 0;
    int ib = plan_band(t, 80);
    char lv[32];
    rp_level(lv, sizeof lv, ib < 0 ? 80 : t->band_level[ib], en);
    for (size_t k = 0; k < ys; k++) {
        lo += ib < 0 ? (double)NAN : t->band_lo[ib][k];
        hi += ib < 0 ? (double)NAN : t->band_hi[ib][k];
    }
    /* 1: the province */
    vl_buf_printf(b, "<li>");
    if (isfinite(last))
        vl_buf_printf(b,
                      TR(en,
                         "Toàn tỉnh %s: dự báo <b>%s</b> chỗ làm việc, <b>%s</b> so với cùng kỳ "
                         "năm trước (%s); tổng các quý trong khoảng %s – %s (%s%%).",
                         "Province, %s: <b>%s</b> positions forecast, <b>%s</b> against the same "
                         "quarters last year (%s); the quarters' sum within %s – %s (%s%%)."),
                      span, rp_num(a, sizeof a, next, 0, en), rp_pct(c, sizeof c, next, last, en),
                      rp_num(d, sizeof d, last, 0, en), rp_num(e, sizeof e, lo, 0, en),
                      rp_num(f, sizeof f, hi, 0, en), lv);
    else
        vl_buf_printf(b,
                      TR(en, "Toàn tỉnh %s: dự báo <b>%s</b> chỗ làm việc.",
                         "Province, %s: <b>%s</b> positions forecast."),
                      span, rp_num(a, sizeof a, next, 0, en));
    vl_buf_puts(b, "</li>");
    /* 2: where demand rises (and falls) most */
    mover *mv = vl__calloc(n + 1, sizeof *mv);
    size_t nm = mv ? movers(p, idx, n, mv) : 0;
    size_t up = 0, down = 0;
    for (size_t i = 0; i < nm; i++)
        up += mv[i].change > 0;
    for (size_t i = 0; i < nm; i++)
        down += mv[i].change < 0;
    if (up > 0) {
        vl_buf_printf(b, "<li>%s ", TR(en, "Nhu cầu tăng nhiều nhất:", "Demand rises most in"));
        for (size_t i = 0; i < up && i < 3; i++) {
            vl_buf_puts(b, i ? ", " : "");
            vl_buf_puts(b, "<b>");
            rp_esc(b, rp_label(&p->series[mv[i].i], en));
            vl_buf_printf(b, "</b> (%s; %s)", rp_signed(a, sizeof a, mv[i].change, en),
                          rp_pct(c, sizeof c, mv[i].next, mv[i].last, en));
        }
        vl_buf_puts(b, down > 0 ? "." : ".</li>");
    }
    if (down > 0) { /* in the same message: five at most */
        vl_buf_printf(b, up > 0 ? " %s " : "<li>%s ",
                      TR(en, "Giảm nhiều nhất:", "It falls most in"));
        for (size_t i = 0; i < down && i < 2; i++) {
            const mover *m = &mv[nm - 1 - i];
            vl_buf_puts(b, i ? ", " : "");
            vl_buf_puts(b, "<b>");
            rp_esc(b, rp_label(&p->series[m->i], en));
            vl_buf_printf(b, "</b> (%s; %s)", rp_signed(a, sizeof a, m->change, en),
                          rp_pct(c, sizeof c, m->next, m->last, en));
        }
        vl_buf_puts(b, ".</li>");
    }
    vl__free(mv);
    /* 3-4: the balance */
    if (v->n > 0) {
        vl_buf_puts(b, "<li>");
        if (v->n_shortage > 0) {
            vl_buf_printf(b, "%s ",
                          TR(en, "Thiếu lao động (cầu vượt cung chắc chắn ở mức 80%):",
                             "Shortage (demand above supply at 80% confidence):"));
            group_list(b, p, v, v->shortage, v->n_shortage, en);
            vl_buf_printf(b, " — %s",
                          TR(en, "đề nghị đặt hàng đào tạo nghề cho các nhóm này.",
                             "order vocational training for these groups."));
        } else {
            vl_buf_puts(b, TR(en, "Không nhóm nghề nào thiếu lao động chắc chắn ở mức 80%.",
                              "No occupation group shows a shortage at 80% confidence."));
        }
        vl_buf_puts(b, "</li><li>");
        if (v->n_surplus > 0) {
            vl_buf_printf(b, "%s ", TR(en, "Cung vượt cầu:", "Supply exceeds demand in"));
            group_list(b, p, v, v->surplus, v->n_surplus, en);
            vl_buf_printf(b, " — %s",
                          TR(en, "cần tư vấn chuyển đổi nghề và kết nối việc làm ngoài tỉnh.",
                             "counsel retraining and connect seekers with jobs elsewhere."));
        } else {
            vl_buf_puts(b, TR(en, "Không nhóm nghề nào dư lao động chắc chắn ở mức 80%.",
                              "No occupation group shows a surplus at 80% confidence."));
        }
        vl_buf_puts(b, "</li>");
    }
    /* 5: the planner's judgement, each once: one recorded for any series applies to demand and
     * to supply, and the table lists it for each */
    size_t distinct = 0;
    for (size_t i = 0; i < p->n_judgements; i++) {
        const vl_judgement *j = &p->judgements[i].j;
        bool seen = false;
        for (size_t q = 0; q < i && !seen; q++)
            seen = p->judgements[q].j.id == j->id && p->judgements[q].j.scenario == j->scenario;
        distinct += !seen;
    }
    if (distinct > 0)
        vl_buf_printf(b,
                      TR(en,
                         "<li>Dự báo đã tính %zu nhận định của cán bộ kế hoạch (điều chỉnh, "
                         "kịch bản); lý do ở mục &ldquo;Điều chỉnh và kịch bản&rdquo;.</li>",
                         "<li>The forecast includes %zu of the planners' judgements "
                         "(adjustments, scenarios); their reasons are under &ldquo;Adjustments "
                         "and scenarios&rdquo;.</li>"),
                      distinct);
    vl_buf_puts(b, "</ol>");
}

static void top_groups(vl_buf *b, const vl_plan *p, const balance_view *v, bool en)
{
    if (v->n == 0)
        return;
    char span[80];
    period_span(span, sizeof span, v->first, v->h, en);
    vl_buf_puts(b, "<div class=\"cols\">");
    for (int side = 0; side < 2; side++) {
        const size_t *which = side == 0 ? v->shortage : v->surplus;
        size_t n = side == 0 ? v->n_shortage : v->n_surplus;
        vl_buf_printf(b,
                      "<div><table><caption>%s (%s)</caption><thead><tr><th>%s</th><th>%s</th>"
                      "<th>%s</th></tr></thead><tbody>",
                      side == 0 ? TR(en, "Thiếu lao động nhiều nhất", "Largest shortages")
                                : TR(en, "Dư lao động nhiều nhất", "Largest surpluses"),
                      span, rp_word_get(en, W_OCCUPATION), TR(en, "Cầu − cung", "Demand − supply"),
                      TR(en, "khoảng 80%", "80% interval"));
        for (size_t i = 0; i < n && i < 5; i++) {
            const vl_balance_row *r = &v->rows[which[i]];
            char g[48], lo[48], hi[48];
            vl_buf_puts(b, "<tr><td>");
            rp_esc(b, occupation_title(p, r->occupation, en));
            vl_buf_printf(b, "</td><td class=\"n %s\">%s</td><td class=\"n\">%s – %s</td></tr>",
                          side == 0 ? "short" : "surp", rp_signed(g, sizeof g, r->gap, en),
                          rp_num(lo, sizeof lo, r->gap_lo80, 0, en),
                          rp_num(hi, sizeof hi, r->gap_hi80, 0, en));
        }
        if (n == 0)
            vl_buf_printf(b, "<tr><td colspan=\"3\">%s</td></tr>", TR(en, "Không có", "None"));
        vl_buf_puts(b, "</tbody></table></div>");
    }
    vl_buf_puts(b, "</div>");
}

static void section_summary(vl_buf *b, const vl_plan *p, const size_t *idx, size_t n,
                            const balance_view *v, bool en)
{
    vl_buf_puts(b, "<section class=\"page1\" id=\"summary\">");
    if (n == 0) {
        vl_buf_puts(b, "</section>");
        return;
    }
    const plan_series *t = &p->series[idx[0]];
    size_t f = t->fc_first.freq > 0 ? (size_t)t->fc_first.freq : 4, ys = year_steps(t);
    int ib = plan_band(t, 80);
    char head[48], lv[32];
    rp_level(lv, sizeof lv, ib < 0 ? 80 : t->band_level[ib], en);
    vl_buf_printf(b, "<h2>%s</h2>",
                  TR(en, "Toàn tỉnh: các quý tới so với cùng kỳ năm trước",
                     "Province total: the coming quarters against the same quarters last year"));
    vl_buf_printf(b,
                  "<table class=\"kpi\"><thead><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                  "<th>%s</th></tr></thead><tbody>",
                  rp_word_get(en, W_PERIOD), rp_word_get(en, W_FORECAST),
                  band_head(head, sizeof head, t, en), TR(en, "Cùng kỳ năm trước", "A year before"),
                  TR(en, "Thay đổi", "Change"));
    double sum = 0, sum_last = 0, lo = 0, hi = 0;
    for (size_t k = 0; k < ys; k++) {
        char per[32], a[48], l8[48], h8[48], ly[48], ch[48];
        period_text(per, sizeof per,
                    vl_period_from_index(t->fc_first.freq, vl_period_index(t->fc_first) + (long)k),
                    en);
        double last = value_before(t, k, f);
        sum += t->mean[k];
        sum_last += last;
        double l8v = ib < 0 ? (double)NAN : t->band_lo[ib][k],
               h8v = ib < 0 ? (double)NAN : t->band_hi[ib][k];
        lo += l8v;
        hi += h8v;
        vl_buf_printf(b,
                      "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s – %s</td>"
                      "<td class=\"n\">%s</td><td class=\"n\">%s</td></tr>",
                      per, rp_num(a, sizeof a, t->mean[k], 0, en),
                      rp_num(l8, sizeof l8, l8v, 0, en), rp_num(h8, sizeof h8, h8v, 0, en),
                      isfinite(last) ? rp_num(ly, sizeof ly, last, 0, en) : "–",
                      rp_pct(ch, sizeof ch, t->mean[k], last, en));
    }
    char a[48], l8[48], h8[48], ly[48], ch[48];
    vl_buf_printf(b,
                  "<tr class=\"total\"><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s – %s"
                  "</td><td class=\"n\">%s</td><td class=\"n\">%s</td></tr></tbody></table>",
                  rp_word_get(en, W_TOTAL), rp_num(a, sizeof a, sum, 0, en),
                  rp_num(l8, sizeof l8, lo, 0, en), rp_num(h8, sizeof h8, hi, 0, en),
                  isfinite(sum_last) ? rp_num(ly, sizeof ly, sum_last, 0, en) : "–",
                  rp_pct(ch, sizeof ch, sum, sum_last, en));
    vl_buf_puts(b, "<p class=\"note\">");
    vl_buf_printf(b,
                  TR(en,
                     "Khoảng %s%%: %s lần trong 100, giá trị thực tế nằm trong khoảng này (hiệu "
                     "chỉnh theo sai số dự báo trên chính lịch sử của tỉnh). Tổng của khoảng các "
                     "quý là giới hạn thận trọng.",
                     "%s%% interval: the actual value falls inside it %s times in 100 "
                     "(calibrated on the forecast errors of the province's own history). The sum "
                     "of the quarters' intervals is a cautious bound."),
                  lv, lv);
    /* the total's model, so that a figure equal to last year's reads as what it is */
    if (t->model && *t->model) {
        char mt[512];
        vl_buf_printf(b, " %s ", TR(en, "Mô hình của tổng toàn tỉnh:", "The total's model:"));
        rp_esc(b, rp_model_name(t->model, en, mt, sizeof mt));
        if (strncmp(t->model, "seasonal naive", 14) == 0)
            vl_buf_puts(b, TR(en, " (các quý tới lặp lại cùng kỳ năm trước)",
                              " (the coming quarters repeat the same quarters a year before)"));
        vl_buf_printf(b, TR(en, "; cách chọn và độ chính xác ở Phụ lục B.",
                            "; how it was chosen and its accuracy: Appendix B."));
    }
    vl_buf_puts(b, "</p>");
    key_messages(b, p, idx, n, v, en);
    top_groups(b, p, v, en);
    vl_buf_puts(b, "</section>");
}

/* ---- the labour balance ---------------------------------------------------------------------- */

/* Cuts text longer than max characters at a word, with an ellipsis. */
static void cut_label(char *label, size_t size, size_t max)
{
    size_t chars = 0, at = 0;
    for (size_t i = 0; label[i]; i++)
        if (((unsigned char)label[i] & 0xC0) != 0x80 && ++chars == max - 1)
            at = i;
    if (chars <= max)
        return;
    while (at > 0 && label[at] != ' ')
        at--;
    if (at + 4 <= size)
        memcpy(label + at, "…", 4); /* 3 bytes and the terminator */
}

static void gap_chart(vl_buf *b, const vl_plan *p, const balance_view *v, bool en)
{
    /* horizontal bars of the gap with the 80% interval the outlook uses, group names beside */
    size_t m = v->n ? v->n - 1 : 0; /* without the total */
    if (m == 0)
        return;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < m; i++) {
        lo = fmin(lo, fmin(v->rows[i].gap_lo80, v->rows[i].gap));
        hi = fmax(hi, fmax(v->rows[i].gap_hi80, v->rows[i].gap));
    }
    if (!(hi > lo))
        hi = lo + 1;
    double pad = (hi - lo) * 0.04;
    lo -= pad;
    hi += pad;
    int row_h = 24, top = 12, left = 300, width = GAP_W - left - 16;
    int height = top * 2 + row_h * (int)m + 22;
    char a[32], c[32], d[32], e[32];
    vl_buf_printf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gapchart\" width=\"%d\" "
                  "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                  GAP_W, height, GAP_W, height, rp_word_get(en, W_BALANCE));
#define GX(x) (left + ((x)-lo) / (hi - lo) * width)
    /* ticks */
    double step = nice_step(hi - lo);
    for (double x = ceil(lo / step) * step; x <= hi; x += step) {
        char t[48];
        vl_buf_printf(b,
                      "<line x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"#e1e7ee\"/>"
                      "<text x=\"%s\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                      fx(a, sizeof a, GX(x)), fx(c, sizeof c, GX(x)), top - 4,
                      top + row_h * (int)m + 4, fx(d, sizeof d, GX(x)), height - 6,
                      rp_num(t, sizeof t, x, 0, en));
    }
    for (size_t i = 0; i < m; i++) {
        const vl_balance_row *r = &v->rows[i];
        outlook o = outlook_of(r);
        double y = top + row_h * (double)i;
        double x0 = GX(fmin(0, r->gap)), x1 = GX(fmax(0, r->gap));
        const char *name = occupation_title(p, r->occupation, en);
        vl_buf_printf(b, "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">", left - 8,
                      fx(a, sizeof a, y + 14));
        /* long titles are cut at a word so the label column holds them */
        char label[160];
        snprintf(label, sizeof label, "%s", name);
        cut_label(label, sizeof label, 44);
        rp_esc(b, label);
        vl_buf_printf(b,
                      "</text><rect class=\"gap o%d\" x=\"%s\" y=\"%s\" width=\"%s\" "
                      "height=\"16\" fill=\"%s\"/>",
                      (int)o, fx(a, sizeof a, x0), fx(c, sizeof c, y + 3),
                      fx(d, sizeof d, fmax(1, x1 - x0)), outlook_colour[o]);
        vl_buf_printf(b,
                      "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#1d2733\"/>"
                      "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#1d2733\"/>"
                      "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#1d2733\"/>",
                      fx(a, sizeof a, GX(r->gap_lo80)), fx(c, sizeof c, GX(r->gap_hi80)),
                      fx(d, sizeof d, y + 11), fx(e, sizeof e, y + 11),
                      fx(a, sizeof a, GX(r->gap_lo80)), fx(c, sizeof c, GX(r->gap_lo80)),
                      fx(d, sizeof d, y + 7), fx(e, sizeof e, y + 15),
                      fx(a, sizeof a, GX(r->gap_hi80)), fx(c, sizeof c, GX(r->gap_hi80)),
                      fx(d, sizeof d, y + 7), fx(e, sizeof e, y + 15));
    }
    /* the zero line, over the bars */
    vl_buf_printf(b,
                  "<line class=\"zero\" x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"#1d2733\" "
                  "stroke-width=\"1.5\"/>",
                  fx(a, sizeof a, GX(0)), fx(c, sizeof c, GX(0)), top - 6,
                  top + row_h * (int)m + 6);
#undef GX
    vl_buf_puts(b, "</svg>");
    vl_buf_printf(b,
                  "<div class=\"legend\"><span style=\"background:%s\"></span>%s"
                  "<span style=\"background:%s\"></span>%s<span style=\"background:%s\"></span>%s"
                  "<span style=\"background:#1d2733;height:2px\"></span>%s</div>",
                  outlook_colour[O_SHORTAGE], TR(en, "Thiếu lao động", "Shortage"),
                  outlook_colour[O_SURPLUS], TR(en, "Dư lao động", "Surplus"),
                  outlook_colour[O_BALANCED], rp_word_get(en, W_BALANCED),
                  TR(en, "khoảng 80% của chênh lệch (căn cứ xếp loại)",
                     "the gap's 80% interval (the outlook's basis)"));
}

static void section_balance(vl_buf *b, const vl_plan *p, const balance_view *v, bool en)
{
    vl_buf_printf(b, "<h2 id=\"balance\">%s</h2>", rp_word_get(en, W_BALANCE));
    if (v->n == 0) {
        vl_buf_printf(b, "<p class=\"note\">%s</p>", rp_word_get(en, W_NO_BALANCE));
        return;
    }
    char span[80];
    period_span(span, sizeof span, v->first, v->h, en);
    vl_buf_printf(b, "<p class=\"note\">%s. %s</p>", span,
                  TR(en,
                     "Cầu: số chỗ làm việc cần tuyển; cung: số người tìm việc đăng ký; cộng dồn "
                     "các quý dự báo. Một nhóm nghề thiếu lao động khi cả khoảng 80% của chênh "
                     "lệch cầu − cung nằm trên 0, dư lao động khi cả khoảng nằm dưới 0.",
                     "Demand: positions to fill; supply: registered job seekers; sums over the "
                     "forecast quarters. A group is short of workers when the whole 80% interval "
                     "of the gap demand − supply is above 0, in surplus when it is all below 0."));
    gap_chart(b, p, v, en);
    vl_buf_printf(b,
                  "<table class=\"balance\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                  "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                  rp_word_get(en, W_OCCUPATION), rp_word_get(en, W_DEMAND),
                  rp_word_get(en, W_SUPPLY), rp_word_get(en, W_GAP),
                  TR(en, "khoảng 80%", "80% interval"), TR(en, "Nhận định", "Outlook"));
    for (size_t i = 0; i < v->n; i++) {
        const vl_balance_row *r = &v->rows[i];
        bool total = !r->occupation[0];
        char d[48], s[48], g[48], lo[48], hi[48];
        vl_buf_printf(b, "<tr%s><td>", total ? " class=\"total\"" : "");
        rp_esc(b, total ? rp_word_get(en, W_TOTAL) : occupation_title(p, r->occupation, en));
        outlook o = outlook_of(r);
        const char *verdict = o == O_SHORTAGE  ? rp_word_get(en, W_SHORTAGE)
                              : o == O_SURPLUS ? rp_word_get(en, W_SURPLUS)
                                               : rp_word_get(en, W_BALANCED);
        const char *cls = o == O_SHORTAGE ? "short" : o == O_SURPLUS ? "surp" : "";
        vl_buf_printf(b,
                      "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "<td class=\"n %s\">%s</td><td class=\"n\">%s – %s</td><td class=\"%s\">"
                      "%s</td></tr>",
                      rp_num(d, sizeof d, r->demand, 0, en), rp_num(s, sizeof s, r->supply, 0, en),
                      cls, rp_signed(g, sizeof g, r->gap, en),
                      rp_num(lo, sizeof lo, r->gap_lo80, 0, en),
                      rp_num(hi, sizeof hi, r->gap_hi80, 0, en), cls, verdict);
    }
    vl_buf_puts(b, "</tbody></table>");
}

/* ---- the planner's judgement ------------------------------------------------------------------
 */

static void section_judgements(vl_buf *b, const vl_plan *p, bool en)
{
    vl_buf_printf(b, "<h2 id=\"judgement\">%s</h2>",
                  TR(en, "Điều chỉnh và kịch bản của cán bộ kế hoạch",
                     "Adjustments and scenarios by the planners"));
    if (p->n_judgements == 0) {
        vl_buf_printf(b, "<p class=\"note\">%s</p>",
                      TR(en,
                         "Không có: mọi con số là dự báo của mô hình (vieclam adjust, vieclam "
                         "scenario ghi nhận nhận định của cán bộ kế hoạch).",
                         "None: every figure is the model's forecast (vieclam adjust and vieclam "
                         "scenario record the planners' judgement)."));
        return;
    }
    vl_buf_printf(b,
                  "<table class=\"judgements\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                  "<th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>",
                  TR(en, "Loại", "Kind"), rp_word_get(en, W_SERIES), rp_word_get(en, W_PERIOD),
                  TR(en, "Nhận định", "Judgement"),
                  TR(en, "Mô hình → sau điều chỉnh (quý đầu)", "Model → judged (first quarter)"),
                  TR(en, "Lý do", "Reason"), TR(en, "Người ghi, ngày", "By, on"));
    for (size_t i = 0; i < p->n_judgements; i++) {
        const plan_judgement *pj = &p->judgements[i];
        const vl_judgement *j = &pj->j;
        const plan_series *s = rp_judged_series(p, pj);
        char from[32], to[32], val[64], num[48];
        period_text(from, sizeof from, j->from, en);
        vl_buf_printf(b, "<tr><td>%s",
                      j->scenario ? TR(en, "Kịch bản", "Scenario")
                                  : TR(en, "Điều chỉnh", "Adjustment"));
        if (j->scenario && j->name && *j->name) {
            vl_buf_puts(b, ": ");
            rp_esc(b, j->name);
        }
        vl_buf_puts(b, "</td><td>");
        if (strcmp(pj->kind, "demand") == 0 || strcmp(pj->kind, "supply") == 0)
            vl_buf_printf(b, "%s · ",
                          rp_word_get(en, strcmp(pj->kind, "demand") == 0 ? W_DEMAND : W_SUPPLY));
        rp_esc(b, s ? rp_label(s, en) : j->keys);
        if (j->scenario) {
            vl_buf_printf(b, "</td><td>%s %s</td>", TR(en, "từ", "from"), from);
            vl_buf_printf(
                b, TR(en, "<td class=\"n\">+%s chỗ/quý</td>", "<td class=\"n\">+%s a quarter</td>"),
                rp_num(num, sizeof num, j->value, 0, en));
        } else {
            period_text(to, sizeof to, j->to, en);
            if (vl_period_index(j->to) != vl_period_index(j->from))
                vl_buf_printf(b, "</td><td>%s – %s</td>", from, to);
            else
                vl_buf_printf(b, "</td><td>%s</td>", from);
            if (j->percent)
                snprintf(val, sizeof val, "%s%s%%", j->value >= 0 ? "+" : "−",
                         rp_num(num, sizeof num, fabs(j->value), 1, en));
            else /* the planner's figure as typed: 1.234,5 stays 1.234,5 */
                snprintf(val, sizeof val, "= %s",
                         rp_num(num, sizeof num, j->value,
                                fabs(j->value - round(j->value)) > 1e-9 ? 1 : 0, en));
            vl_buf_printf(b, "<td class=\"n\">%s</td>", val);
        }
        double model, judged;
        if (rp_judged_first_quarter(s, j, &model, &judged)) {
            char m1[48], m2[48];
            vl_buf_printf(b, "<td class=\"n\">%s → %s</td>", rp_num(m1, sizeof m1, model, 0, en),
                          rp_num(m2, sizeof m2, judged, 0, en));
        } else {
            vl_buf_puts(b, "<td class=\"n\">–</td>");
        }
        vl_buf_puts(b, "<td>");
        rp_esc(b, j->reason);
        vl_buf_puts(b, "</td><td>");
        rp_esc(b, j->created_by);
        char at[40] = ""; /* the day and minute as the reader's language writes them */
        vl_format_time_text(at, sizeof at, j->created_at ? j->created_at : "", en ? "en" : "vi");
        vl_buf_puts(b, ", ");
        rp_esc(b, at);
        vl_buf_puts(b, "</td></tr>");
    }
    vl_buf_puts(b, "</tbody></table>");
    vl_buf_printf(b, "<p class=\"note\">%s</p>",
                  TR(en,
                     "Một điều chỉnh giữ chuỗi ở con số của cán bộ kế hoạch; các chuỗi khác được "
                     "điều hòa lại để các cấp vẫn cộng khớp. Một kịch bản cộng thêm chỗ làm việc "
                     "vào chuỗi và mọi cấp trên nó.",
                     "An adjustment holds the series at the planner's figure; the other series are "
                     "reconciled again so every level still adds up. A scenario adds positions to "
                     "the series and every level above it."));
}

/* ---- charts of the largest series ----------------------------------------------------------- */

static int by_size_desc(const void *a, const void *b, void *ctx)
{
    const vl_plan *size_plan = ctx;
    const plan_series *x = &size_plan->series[*(const size_t *)a],
                      *y = &size_plan->series[*(const size_t *)b];
    double sx = 0, sy = 0;
    for (size_t k = 0; k < x->h; k++)
        sx += isfinite(x->mean[k]) ? x->mean[k] : 0;
    for (size_t k = 0; k < y->h; k++)
        sy += isfinite(y->mean[k]) ? y->mean[k] : 0;
    if (sx != sy)
        return sx < sy ? 1 : -1;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return (i > j) - (i < j);
}

/* The levels of idx in order of appearance (total first); returns the count. */
static size_t levels_of(const vl_plan *p, const size_t *idx, size_t n, const char **levels,
                        size_t max)
{
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const char *l = p->series[idx[i]].level;
        size_t j = 0;
        while (j < nl && strcmp(levels[j], l) != 0)
            j++;
        if (j == nl && nl < max)
            levels[nl++] = l;
    }
    return nl;
}

/* Indices of a level's series (and kind), largest forecast first. */
static size_t level_members(const vl_plan *p, const size_t *idx, size_t n, const char *level,
                            const char *kind, size_t *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(p->series[idx[i]].level, level) == 0 &&
            (!kind || strcmp(p->series[idx[i]].kind, kind) == 0))
            out[m++] = idx[i];
    qsort_r(out, m, sizeof *out, by_size_desc, (void *)p);
    return m;
}

static void section_charts(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, size_t max, bool en)
{
    vl_buf_printf(b, "<h2 id=\"charts\">%s</h2>", rp_word_get(en, W_CHARTS));
    vl_buf_printf(b, "<p class=\"note\">%s</p>",
                  TR(en, "Các chuỗi lớn nhất của mỗi cấp, với 4 năm gần nhất của số liệu thực tế.",
                     "The largest series of each level, with the last 4 years of actual values."));
    legend(b, n ? &p->series[idx[0]] : NULL, en);
    const char *levels[16];
    size_t nl = levels_of(p, idx, n, levels, 16);
    size_t per_level = nl > 1 ? (max > 1 ? (max - 1 + nl - 2) / (nl - 1) : 1) : max;
    if (per_level < 1)
        per_level = 1;
    size_t *members = vl__calloc(n + 1, sizeof *members);
    if (!members)
        return;
    size_t drawn = 0;
    for (size_t l = 0; l < nl && drawn < max; l++) {
        size_t m = level_members(p, idx, n, levels[l], NULL, members);
        size_t show = l == 0 ? 1 : per_level;
        if (show > max - drawn) /* the last level drawn gets what is left of max */
            show = max - drawn;
        vl_buf_puts(b, "<h3>");
        rp_esc(b, rp_level_name(en, levels[l], p->arena));
        if (m > show)
            vl_buf_printf(b,
                          TR(en, " <small>(%zu lớn nhất trong %zu)</small>",
                             " <small>(the %zu largest of %zu)</small>"),
                          show, m);
        vl_buf_puts(b, "</h3><div class=\"charts\">");
        for (size_t i = 0; i < m && i < show; i++, drawn++) {
            plan_series ps = p->series[members[i]];
            size_t f = ps.hist_first.freq > 0 ? (size_t)ps.hist_first.freq : 4;
            if (ps.n_hist > 4 * f) { /* the last four years */
                size_t off = ps.n_hist - 4 * f;
                ps.hist += off;
                ps.n_hist -= off;
                ps.hist_first = vl_period_from_index(ps.hist_first.freq,
                                                     vl_period_index(ps.hist_first) + (long)off);
            }
            vl_buf_puts(b, "<figure class=\"chart\"><figcaption><b>");
            if (strcmp(ps.kind, "demand") == 0 || strcmp(ps.kind, "supply") == 0)
                vl_buf_printf(
                    b, "%s · ",
                    rp_word_get(en, strcmp(ps.kind, "demand") == 0 ? W_DEMAND : W_SUPPLY));
            rp_esc(b, rp_label(&ps, en));
            vl_buf_puts(b, "</b> <small>(");
            char mt[512];
            rp_esc(b, rp_model_name(ps.model, en, mt, sizeof mt));
            vl_buf_puts(b, ")</small></figcaption>");
            fan_chart(b, &ps, en);
            vl_buf_puts(b, "</figure>");
        }
        vl_buf_puts(b, "</div>");
    }
    vl__free(members);
}

/* ---- the appendix ---------------------------------------------------------------------------- */

/* Rows of the bottom level shown in print; the rest are summed in one row (all in the XLSX). */
#define RP_DETAIL_ROWS 25

static void section_tables(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_buf_printf(b, "<h2 id=\"tables\">%s</h2>",
                  TR(en, "Phụ lục A. Bảng số liệu dự báo", "Appendix A. Forecast tables"));
    if (n == 0)
        return;
    const char *levels[16];
    size_t nl = levels_of(p, idx, n, levels, 16);
    size_t *members = vl__calloc(n + 1, sizeof *members);
    if (!members)
        return;
    for (size_t l = 0; l < nl; l++) {
        size_t m = level_members(p, idx, n, levels[l], NULL, members);
        if (m == 0)
            continue;
        const plan_series *t = &p->series[members[0]];
        bool cut = m > RP_DETAIL_ROWS + 5;
        char head[48], last_head[80];
        band_head(head, sizeof head, t, en);
        snprintf(last_head, sizeof last_head, en ? "%s, last quarter" : "%s quý cuối", head);
        vl_buf_puts(b, "<table class=\"detail\"><caption>");
        rp_esc(b, rp_level_name(en, levels[l], p->arena));
        if (cut)
            vl_buf_printf(b,
                          TR(en, " — %d chuỗi lớn nhất trong %zu (đủ cả trong tệp Excel)",
                             " — the %d largest of %zu (all of them in the workbook)"),
                          RP_DETAIL_ROWS, m);
        vl_buf_printf(b, "</caption><thead><tr><th>%s</th>", rp_word_get(en, W_SERIES));
        for (size_t k = 0; k < t->h; k++) {
            char per[32];
            period_text(
                per, sizeof per,
                vl_period_from_index(t->fc_first.freq, vl_period_index(t->fc_first) + (long)k), en);
            vl_buf_printf(b, "<th>%s</th>", per);
        }
        vl_buf_printf(b, "<th>%s</th><th>%s</th></tr></thead><tbody>",
                      TR(en, "Thay đổi so với cùng kỳ", "Change on a year before"), last_head);
        double *rest = vl__calloc(t->h + 1, sizeof *rest);
        size_t n_rest = 0;
        for (size_t i = 0; i < m; i++) {
            const plan_series *ps = &p->series[members[i]];
            if (cut && i >= RP_DETAIL_ROWS) {
                for (size_t k = 0; rest && k < ps->h && k < t->h; k++)
                    rest[k] += ps->mean[k];
                n_rest++;
                continue;
            }
            vl_buf_puts(b, "<tr><td>");
            if (strcmp(ps->kind, "demand") == 0 || strcmp(ps->kind, "supply") == 0)
                vl_buf_printf(
                    b, "%s · ",
                    rp_word_get(en, strcmp(ps->kind, "demand") == 0 ? W_DEMAND : W_SUPPLY));
            rp_esc(b, rp_label(ps, en));
            vl_buf_puts(b, "</td>");
            for (size_t k = 0; k < ps->h; k++) {
                char a[48];
                vl_buf_printf(b, "<td class=\"n\">%s</td>",
                              rp_num(a, sizeof a, ps->mean[k], 0, en));
            }
            double next, last;
            year_change(ps, &next, &last);
            char ch[48], lo[48], hi[48];
            size_t z = ps->h ? ps->h - 1 : 0;
            int ib = plan_band(ps, 80);
            vl_buf_printf(b, "<td class=\"n\">%s</td><td class=\"n\">%s – %s</td></tr>",
                          rp_pct(ch, sizeof ch, next, last, en),
                          rp_num(lo, sizeof lo, ib < 0 ? (double)NAN : ps->band_lo[ib][z], 0, en),
                          rp_num(hi, sizeof hi, ib < 0 ? (double)NAN : ps->band_hi[ib][z], 0, en));
        }
        if (n_rest > 0) {
            vl_buf_printf(b, TR(en, "<tr><td>%zu chuỗi khác</td>", "<tr><td>%zu more</td>"),
                          n_rest);
            for (size_t k = 0; k < t->h; k++) {
                char a[48];
                vl_buf_printf(b, "<td class=\"n\">%s</td>",
                              rest ? rp_num(a, sizeof a, rest[k], 0, en) : "–");
            }
            vl_buf_puts(b, "<td></td><td></td></tr>");
        }
        vl__free(rest);
        vl_buf_puts(b, "</tbody></table>");
    }
    vl__free(members);
}

static void section_accuracy(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_buf_printf(
        b, "<h2 id=\"accuracy\">%s</h2>",
        TR(en, "Phụ lục B. Độ chính xác khi kiểm định lại", "Appendix B. Backtest accuracy"));
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = isfinite(p->series[idx[i]].acc[0][PLAN_MASE]);
    if (!any) {
        vl_buf_printf(b, "<p class=\"note\">%s</p>", rp_word_get(en, W_NO_ACCURACY));
        return;
    }
    /* by level: the mean over its series */
    const char *levels[64];
    size_t nl = 0;
    double sum[64][2][PLAN_N_METRICS] = {{{0}}};
    size_t cnt[64][2][PLAN_N_METRICS] = {{{0}}}, members[64] = {0};
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        if (nl == 64)
            break;
        size_t l = rp_level_index(levels, &nl, ps->level);
        members[l]++;
        for (int w = 0; w < 2; w++)
            for (int m = 0; m < PLAN_N_METRICS; m++)
                if (isfinite(ps->acc[w][m])) {
                    sum[l][w][m] += ps->acc[w][m];
                    cnt[l][w][m]++;
                }
    }
    vl_buf_printf(b,
                  "<table><thead><tr><th>%s</th><th>%s</th><th>MASE<br>%s</th><th>MASE<br>%s</th>"
                  "<th>sMAPE<br>%s</th><th>sMAPE<br>%s</th><th>%s<br>80%%</th><th>%s<br>95%%</th>"
                  "</tr></thead><tbody>",
                  rp_word_get(en, W_LEVEL), rp_word_get(en, W_SERIES), rp_word_get(en, W_BEFORE),
                  rp_word_get(en, W_AFTER), rp_word_get(en, W_BEFORE), rp_word_get(en, W_AFTER),
                  TR(en, "Bao phủ", "Coverage"), TR(en, "Bao phủ", "Coverage"));
    for (size_t l = 0; l < nl; l++) {
        char v[6][48];
#define AVG(w, m) (cnt[l][w][m] ? sum[l][w][m] / (double)cnt[l][w][m] : (double)NAN)
        vl_buf_puts(b, "<tr><td>");
        rp_esc(b, rp_level_name(en, levels[l], p->arena));
        vl_buf_printf(b,
                      "</td><td class=\"n\">%zu</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s%%</td>"
                      "<td class=\"n\">%s%%</td></tr>",
                      members[l], rp_num(v[0], 48, AVG(0, PLAN_MASE), 3, en),
                      rp_num(v[1], 48, AVG(1, PLAN_MASE), 3, en),
                      rp_num(v[2], 48, AVG(0, PLAN_SMAPE), 1, en),
                      rp_num(v[3], 48, AVG(1, PLAN_SMAPE), 1, en),
                      rp_num(v[4], 48, 100 * AVG(1, PLAN_COV80), 0, en),
                      rp_num(v[5], 48, 100 * AVG(1, PLAN_COV95), 0, en));
#undef AVG
    }
    vl_buf_puts(b, "</tbody></table>");
    /* per series, above the bottom level (the bottom is in the workbook) */
    size_t deepest = 0;
    for (size_t i = 0; i < n; i++) {
        size_t d = level_depth(p->series[idx[i]].level);
        deepest = d > deepest ? d : deepest;
    }
    vl_buf_printf(b,
                  "<table><caption>%s</caption><thead><tr><th>%s</th><th>%s</th><th>MASE %s</th>"
                  "<th>MASE %s</th><th>sMAPE %s</th></tr></thead><tbody>",
                  TR(en, "Theo chuỗi (trừ cấp chi tiết nhất, có trong tệp Excel)",
                     "By series (but the most detailed level, which is in the workbook)"),
                  rp_word_get(en, W_SERIES), rp_word_get(en, W_MODEL), rp_word_get(en, W_BEFORE),
                  rp_word_get(en, W_AFTER), rp_word_get(en, W_AFTER));
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        if (deepest > 1 && level_depth(ps->level) == deepest)
            continue;
        char v[3][48];
        vl_buf_puts(b, "<tr><td>");
        rp_esc(b, rp_label(ps, en));
        vl_buf_puts(b, "</td><td>");
        char mt[512];
        rp_esc(b, vl_forecast_model_text(ps->model, en ? "en" : "vi", mt, sizeof mt));
        vl_buf_printf(b,
                      "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "</tr>",
                      rp_num(v[0], 48, ps->acc[0][PLAN_MASE], 3, en),
                      rp_num(v[1], 48, ps->acc[1][PLAN_MASE], 3, en),
                      rp_num(v[2], 48, ps->acc[1][PLAN_SMAPE], 1, en));
    }
    vl_buf_puts(b, "</tbody></table>");
}

void vl_report_options_init(vl_report_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->lang = "vi";
    opt->max_charts = RP_MAX_CHARTS;
}

static vl_status check_lang(vl_ctx *ctx, const vl_report_options *opt, bool *en)
{
    const char *lang = opt && opt->lang ? opt->lang : "vi";
    if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return vl__error(ctx, VL_ERR_ARG, "report language must be vi or en, got '%s'", lang);
    *en = strcmp(lang, "en") == 0;
    return VL_OK;
}

vl_status vl_report_html(vl_ctx *ctx, const vl_plan *plan_c, const vl_report_options *opt,
                         const char *path)
{
    bool en = false;
    vl_status st = check_lang(ctx, opt, &en);
    if (st != VL_OK)
        return st;
    if (!plan_c || !path || !*path)
        return vl__error(ctx, VL_ERR_ARG, "report: no plan or output path");
    vl_plan *p = (vl_plan *)plan_c; /* only its arena grows (level names) */
    size_t *idx = vl__malloc((p->n ? p->n : 1) * sizeof *idx);
    if (!idx)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t n = rp_forecast_series(p, idx);
    size_t max = opt && opt->max_charts ? opt->max_charts : RP_MAX_CHARTS;
    const char *title = opt && opt->title ? opt->title : rp_word_get(en, W_TITLE);

    balance_view bv;
    balance_load(p, &bv);

    vl_buf b = {0};
    vl_buf_printf(&b,
                  "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
                  en ? "en" : "vi");
    rp_esc(&b, title);
    vl_buf_printf(&b, "</title>\n<style>%s%s</style>\n</head>\n<body>\n<h1>", css, svg_css);
    rp_esc(&b, title);
    vl_buf_puts(&b, "</h1>\n<p class=\"sub\">");
    if (p->n_runs && p->runs[0].scope[0]) { /* a province's run on a shared database */
        vl_buf_printf(&b, "%s: <b>", rp_word_get(en, W_PROVINCES));
        rp_esc(&b, p->runs[0].scope);
        vl_buf_puts(&b, "</b> · ");
    }
    vl_buf_puts(&b, rp_word_get(en, W_SUBTITLE));
    for (size_t r = 0; r < p->n_runs; r++) {
        const plan_run *run = &p->runs[r];
        char when[32];
        vl_buf_printf(&b, "%s%s %lld (", r ? "; " : " — ", rp_word_get(en, W_RUN),
                      (long long)run->id);
        rp_esc(&b, vl_format_time_text(when, sizeof when, run->started, en ? "en" : "vi"));
        vl_buf_puts(&b, ")");
    }
    vl_buf_printf(&b, "</p>\n<p class=\"units\">%s</p>\n",
                  TR(en,
                     "Đơn vị: số chỗ làm việc (vị trí tuyển dụng) đăng ký tại Trung tâm trong "
                     "quý; cân đối cung cầu: chỗ làm việc và người tìm việc, cộng dồn các quý "
                     "dự báo; số liệu làm tròn đến đơn vị.",
                     "Units: job positions (vacancies) registered with the Centre in a quarter; "
                     "labour balance: positions and job seekers, summed over the forecast "
                     "quarters; figures rounded to whole units."));
    vl_buf_printf(
        &b,
        "<nav><b>%s</b><ol><li><a href=\"#summary\">%s</a></li>"
        "<li><a href=\"#balance\">%s</a></li><li><a href=\"#judgement\">%s</a></li>"
        "<li><a href=\"#charts\">%s</a></li><li><a href=\"#tables\">%s</a></li>"
        "<li><a href=\"#accuracy\">%s</a></li><li><a href=\"#methods\">%s</a></li>"
        "</ol></nav>\n",
        rp_word_get(en, W_CONTENTS), rp_word_get(en, W_SUMMARY), rp_word_get(en, W_BALANCE),
        TR(en, "Điều chỉnh và kịch bản", "Adjustments and scenarios"), rp_word_get(en, W_CHARTS),
        rp_word_get(en, W_TABLES), rp_word_get(en, W_ACCURACY), rp_word_get(en, W_METHODS));
    section_summary(&b, p, idx, n, &bv, en);
    section_balance(&b, p, &bv, en);
    section_judgements(&b, p, en);
    section_charts(&b, p, idx, n, max, en);
    vl_buf_puts(&b, "<section class=\"appendix\">");
    section_tables(&b, p, idx, n, en);
    section_accuracy(&b, p, idx, n, en);
    vl_buf_printf(&b, "<h2 id=\"methods\">%s</h2><p class=\"note\">%s</p>",
                  rp_word_get(en, W_METHODS), rp_word_get(en, W_METHODS_TEXT));
    for (size_t r = 0; r < p->n_runs; r++) { /* what each run chose, for the record */
        const plan_run *run = &p->runs[r];
        vl_buf_printf(&b, "<p class=\"note\">%s %lld: %s: ", rp_word_get(en, W_RUN),
                      (long long)run->id, rp_word_get(en, W_METHOD));
        char mn[256];
        rp_esc(&b, run->method[0] ? rp_method_name(run->method, en, mn, sizeof mn) : "–");
        vl_json *j = NULL;
        double lambda;
        vl_status js = run->summary[0] ? vl_json_parse(ctx, run->summary, &j) : VL_ERR_INVALID;
        if (js == VL_ERR_NOMEM)
            b.failed = true; /* reported below, as any failed append */
        if (js == VL_OK && vl_json_num(vl_json_get(j, "lambda"), &lambda)) {
            char lb[32];
            vl_buf_printf(&b, ", %s %s", rp_word_get(en, W_SHRINKAGE),
                          rp_num(lb, sizeof lb, lambda, 3, en));
        }
        vl_ctx_clear_error(ctx);
        vl_json_free(j);
        vl_buf_puts(&b, ".</p>");
    }
    vl_buf_puts(&b, "</section>\n</body>\n</html>\n");
    balance_free(&bv);
    vl__free(idx);
    if (!b.data || b.failed) {
        vl_buf_free(&b);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    st = vl_output_write_file(ctx, path, VL_OUTPUT_PRIVATE, b.data, b.len);
    vl_buf_free(&b);
    return st;
}
