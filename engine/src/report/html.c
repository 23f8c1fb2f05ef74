/*
 * html.c - the planner's report as one self-contained HTML page: inline SVG fan charts
 * (history, point forecast, 80% and 95% bands), forecast tables, the labour balance with a
 * gap chart, backtest accuracy before and after reconciliation, and a methods note. No
 * external resources (fonts, scripts, images), print CSS for A4, Vietnamese by default.
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

#define CHART_W  680
#define CHART_H  240
#define M_LEFT   64
#define M_RIGHT  14
#define M_TOP    14
#define M_BOTTOM 30

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1d2733;margin:24px auto;"
    "max-width:960px;line-height:1.45;font-size:14px}"
    "h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid #1f5f99;"
    "padding-bottom:3px;margin-top:28px}h3{font-size:15px;margin:14px 0 4px}"
    ".sub{color:#52606d;margin:0 0 12px}"
    "table{border-collapse:collapse;margin:8px 0;font-size:13px}"
    "th,td{border:1px solid #c9d2dc;padding:3px 7px}th{background:#e8eef5;text-align:left}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "tr.total td{font-weight:bold;background:#f3f6f9}"
    ".chart{display:inline-block;margin:4px 0 12px;break-inside:avoid;page-break-inside:avoid}"
    ".chart svg{display:block}.legend{font-size:12px;color:#3e4c59}"
    ".legend span{display:inline-block;width:14px;height:10px;margin:0 4px 0 12px;"
    "vertical-align:middle}"
    ".short{color:#b0331c}.surp{color:#1f6f3f}.note{font-size:13px;color:#3e4c59}"
    "svg text{font-family:'DejaVu Sans',Arial,sans-serif;font-size:11px;fill:#3e4c59}"
    "nav ol{margin:4px 0}"
    "@page{size:A4;margin:14mm}"
    "@media print{body{margin:0;max-width:none;font-size:11pt}nav{display:none}"
    "h2{break-before:auto;break-after:avoid}table{break-inside:auto}tr{break-inside:avoid}"
    ".chart svg{width:100%;height:auto}}";

static void esc(vl_buf *b, const char *s)
{
    for (const char *p = s ? s : ""; *p; p++) {
        switch (*p) {
        case '&':
            vl_buf_puts(b, "&amp;");
            break;
        case '<':
            vl_buf_puts(b, "&lt;");
            break;
        case '>':
            vl_buf_puts(b, "&gt;");
            break;
        case '"':
            vl_buf_puts(b, "&quot;");
            break;
        default:
            vl_buf_append(b, p, 1);
        }
    }
}

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

/* One band between lo and hi over the forecast steps, joined to the last actual value. */
static void band(vl_buf *b, const char *cls, const scale *s, const plan_series *ps, size_t nh,
                 const double *lo, const double *hi)
{
    for (size_t k = 0; k < ps->h; k++)
        if (!isfinite(lo[k]) || !isfinite(hi[k]))
            return; /* a run without this level: no band rather than a broken path */
    vl_buf_printf(b, "<path class=\"%s\" d=\"", cls);
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
        const double *v[] = {ps->mean, ps->lo95, ps->hi95, ps->lo80, ps->hi80};
        for (size_t j = 0; j < 5; j++)
            if (isfinite(v[j][k])) {
                lo = fmin(lo, v[j][k]);
                hi = fmax(hi, v[j][k]);
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
    esc(b, rp_label(ps, en));
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
    band(b, "band95", &s, ps, nh, ps->lo95, ps->hi95);
    band(b, "band80", &s, ps, nh, ps->lo80, ps->hi80);
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
static const char svg_css[] = ".band95{fill:#c6dbef;stroke:none}.band80{fill:#6baed6;stroke:none;"
                              "opacity:.85}.hist{fill:none;stroke:#1d2733;stroke-width:1.6}"
                              ".fc{fill:none;stroke:#08519c;stroke-width:2.2}";

static void legend(vl_buf *b, bool en)
{
    vl_buf_printf(b,
                  "<div class=\"legend\"><span style=\"background:#1d2733;height:2px\"></span>%s"
                  "<span style=\"background:#08519c;height:3px\"></span>%s"
                  "<span style=\"background:#6baed6\"></span>%s"
                  "<span style=\"background:#c6dbef\"></span>%s</div>",
                  rp_word_get(en, W_HISTORY), rp_word_get(en, W_FORECAST),
                  rp_word_get(en, W_BAND80), rp_word_get(en, W_BAND95));
}

static void period_text(char *buf, size_t size, vl_period p, bool en)
{
    if (p.freq == 4)
        snprintf(buf, size, en ? "%dQ%d" : "Q%d/%d", en ? p.year : p.sub, en ? p.sub : p.year);
    else
        vl_period_format(p, buf, size);
}

/* ---- sections ---------------------------------------------------------------------------- */

static void section_summary(vl_buf *b, const vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_buf_printf(b, "<h2 id=\"summary\">%s</h2>", rp_word_get(en, W_SUMMARY));
    if (n == 0)
        return;
    const plan_series *t = &p->series[idx[0]];
    vl_buf_printf(b, "<h3>%s", rp_word_get(en, W_OUTLOOK));
    if (t->n_keys > 0) { /* the hierarchy's top is the province itself otherwise */
        vl_buf_puts(b, ": ");
        esc(b, rp_label(t, en));
    }
    vl_buf_printf(b, "</h3><table><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>",
                  rp_word_get(en, W_PERIOD), rp_word_get(en, W_FORECAST), rp_word_get(en, W_BAND80),
                  rp_word_get(en, W_BAND95));
    for (size_t k = 0; k < t->h; k++) {
        char per[32], a[48], lo8[48], hi8[48], lo9[48], hi9[48];
        period_text(per, sizeof per,
                    vl_period_from_index(t->fc_first.freq, vl_period_index(t->fc_first) + (long)k),
                    en);
        vl_buf_printf(
            b,
            "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n\">%s – %s</td>"
            "<td class=\"n\">%s – %s</td></tr>",
            per, rp_num(a, sizeof a, t->mean[k], 0, en), rp_num(lo8, sizeof lo8, t->lo80[k], 0, en),
            rp_num(hi8, sizeof hi8, t->hi80[k], 0, en), rp_num(lo9, sizeof lo9, t->lo95[k], 0, en),
            rp_num(hi9, sizeof hi9, t->hi95[k], 0, en));
    }
    vl_buf_puts(b, "</table>");
}

static void section_charts(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, size_t max, bool en)
{
    vl_buf_printf(b, "<h2 id=\"charts\">%s</h2>", rp_word_get(en, W_CHARTS));
    legend(b, en);
    const char *last_level = NULL;
    for (size_t i = 0; i < n && i < max; i++) {
        const plan_series *ps = &p->series[idx[i]];
        if (!last_level || strcmp(last_level, ps->level) != 0) {
            vl_buf_puts(b, "<h3>");
            esc(b, rp_level_name(en, ps->level, p->arena));
            vl_buf_puts(b, "</h3>");
            last_level = ps->level;
        }
        vl_buf_puts(b, "<figure class=\"chart\"><figcaption><b>");
        esc(b, rp_label(ps, en));
        vl_buf_puts(b, "</b> <small>(");
        esc(b, ps->model);
        vl_buf_puts(b, ")</small></figcaption>");
        fan_chart(b, ps, en);
        vl_buf_puts(b, "</figure>");
    }
}

static void section_tables(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_buf_printf(b, "<h2 id=\"tables\">%s</h2>", rp_word_get(en, W_TABLES));
    if (n == 0)
        return;
    const plan_series *t = &p->series[idx[0]];
    vl_buf_printf(b, "<table><tr><th>%s</th><th>%s</th>", rp_word_get(en, W_LEVEL),
                  rp_word_get(en, W_SERIES));
    for (size_t k = 0; k < t->h; k++) {
        char per[32];
        period_text(per, sizeof per,
                    vl_period_from_index(t->fc_first.freq, vl_period_index(t->fc_first) + (long)k),
                    en);
        vl_buf_printf(b, "<th>%s</th>", per);
    }
    vl_buf_printf(b, "<th>%s</th></tr>", rp_word_get(en, W_INTERVAL));
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        vl_buf_printf(b, "<tr%s><td>", i == 0 ? " class=\"total\"" : "");
        esc(b, rp_level_name(en, ps->level, p->arena));
        vl_buf_puts(b, "</td><td>");
        esc(b, rp_label(ps, en));
        vl_buf_puts(b, "</td>");
        for (size_t k = 0; k < ps->h; k++) {
            char a[48];
            vl_buf_printf(b, "<td class=\"n\">%s</td>", rp_num(a, sizeof a, ps->mean[k], 0, en));
        }
        char lo[48], hi[48];
        size_t last = ps->h ? ps->h - 1 : 0;
        vl_buf_printf(b, "<td class=\"n\">%s – %s</td></tr>",
                      rp_num(lo, sizeof lo, ps->lo95[last], 0, en),
                      rp_num(hi, sizeof hi, ps->hi95[last], 0, en));
    }
    vl_buf_puts(b, "</table>");
}

static void gap_chart(vl_buf *b, const vl_balance_row *rows, size_t n, bool en)
{
    /* horizontal bars of the gap with 95% whiskers, one per occupation group */
    size_t m = n ? n - 1 : 0; /* without the total */
    if (m == 0)
        return;
    double lo = 0, hi = 0;
    for (size_t i = 0; i < m; i++) {
        lo = fmin(lo, rows[i].gap_lo95);
        hi = fmax(hi, rows[i].gap_hi95);
    }
    if (!(hi > lo))
        hi = lo + 1;
    int row_h = 22, top = 10, left = 80, width = CHART_W - left - 20;
    int height = top * 2 + row_h * (int)m + 20;
    char a[32], c[32], d[32], e[32];
    vl_buf_printf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"gapchart\" width=\"%d\" "
                  "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
                  CHART_W, height, CHART_W, height);
#define GX(v) (left + ((v)-lo) / (hi - lo) * width)
    vl_buf_printf(b, "<line x1=\"%s\" x2=\"%s\" y1=\"%d\" y2=\"%d\" stroke=\"#52606d\"/>",
                  fx(a, sizeof a, GX(0)), fx(c, sizeof c, GX(0)), top - 4,
                  top + row_h * (int)m + 4);
    for (size_t i = 0; i < m; i++) {
        double y = top + row_h * (double)i;
        double x0 = GX(fmin(0, rows[i].gap)), x1 = GX(fmax(0, rows[i].gap));
        vl_buf_printf(b,
                      "<text x=\"%d\" y=\"%s\" text-anchor=\"end\">%s</text>"
                      "<rect class=\"%s\" x=\"%s\" y=\"%s\" width=\"%s\" height=\"14\" "
                      "fill=\"%s\"/>",
                      left - 8, fx(a, sizeof a, y + 12),
                      rows[i].occupation[0] ? rows[i].occupation : "?",
                      rows[i].gap >= 0 ? "gap short" : "gap surp", fx(c, sizeof c, x0),
                      fx(d, sizeof d, y + 1), fx(e, sizeof e, fmax(1, x1 - x0)),
                      rows[i].gap >= 0 ? "#d9603b" : "#3f9a5f");
        vl_buf_printf(b, "<line x1=\"%s\" x2=\"%s\" y1=\"%s\" y2=\"%s\" stroke=\"#1d2733\"/>",
                      fx(a, sizeof a, GX(rows[i].gap_lo95)), fx(c, sizeof c, GX(rows[i].gap_hi95)),
                      fx(d, sizeof d, y + 8), fx(e, sizeof e, y + 8));
    }
    char t1[48], t2[48];
    vl_buf_printf(b,
                  "<text x=\"%d\" y=\"%d\">%s</text><text x=\"%d\" y=\"%d\" "
                  "text-anchor=\"end\">%s</text>",
                  left, height - 4, rp_num(t1, sizeof t1, lo, 0, en), left + width, height - 4,
                  rp_num(t2, sizeof t2, hi, 0, en));
#undef GX
    vl_buf_puts(b, "</svg>");
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

static void section_balance(vl_buf *b, const vl_plan *p, bool en)
{
    vl_buf_printf(b, "<h2 id=\"balance\">%s</h2>", rp_word_get(en, W_BALANCE));
    vl_balance_row *rows = vl__calloc(2 * p->n + 2, sizeof *rows);
    size_t h = 0;
    vl_period first = {0};
    size_t n = rows ? rp_balance(p, rows, &h, &first) : 0;
    if (n == 0) {
        vl_buf_printf(b, "<p class=\"note\">%s</p>", rp_word_get(en, W_NO_BALANCE));
        vl__free(rows);
        return;
    }
    char p1[32], p2[32];
    period_text(p1, sizeof p1, first, en);
    period_text(p2, sizeof p2,
                vl_period_from_index(first.freq, vl_period_index(first) + (long)h - 1), en);
    vl_buf_printf(b, "<p class=\"note\">%s – %s. %s</p>", p1, p2, rp_word_get(en, W_BALANCE_NOTE));
    gap_chart(b, rows, n, en);
    vl_buf_printf(b,
                  "<table class=\"balance\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
                  "<th>%s</th><th></th></tr>",
                  rp_word_get(en, W_OCCUPATION), rp_word_get(en, W_DEMAND),
                  rp_word_get(en, W_SUPPLY), rp_word_get(en, W_GAP), rp_word_get(en, W_INTERVAL));
    for (size_t i = 0; i < n; i++) {
        const vl_balance_row *r = &rows[i];
        bool total = !r->occupation[0];
        char d[48], s[48], g[48], lo[48], hi[48];
        vl_buf_printf(b, "<tr%s><td>", total ? " class=\"total\"" : "");
        esc(b, total ? rp_word_get(en, W_TOTAL) : occupation_title(p, r->occupation, en));
        /* a gap whose 80% interval excludes 0 is a shortage or a surplus */
        const char *verdict = r->gap_lo80 > 0   ? rp_word_get(en, W_SHORTAGE)
                              : r->gap_hi80 < 0 ? rp_word_get(en, W_SURPLUS)
                                                : rp_word_get(en, W_BALANCED);
        const char *cls = r->gap_lo80 > 0 ? "short" : r->gap_hi80 < 0 ? "surp" : "";
        vl_buf_printf(b,
                      "</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "<td class=\"n %s\">%s</td><td class=\"n\">%s – %s</td><td class=\"%s\">"
                      "%s</td></tr>",
                      rp_num(d, sizeof d, r->demand, 0, en), rp_num(s, sizeof s, r->supply, 0, en),
                      cls, rp_num(g, sizeof g, r->gap, 0, en),
                      rp_num(lo, sizeof lo, r->gap_lo95, 0, en),
                      rp_num(hi, sizeof hi, r->gap_hi95, 0, en), cls, verdict);
    }
    vl_buf_puts(b, "</table>");
    vl__free(rows);
}

static void section_accuracy(vl_buf *b, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_buf_printf(b, "<h2 id=\"accuracy\">%s</h2>", rp_word_get(en, W_ACCURACY));
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
                  "<table><tr><th>%s</th><th>%s</th><th>MASE<br>%s</th><th>MASE<br>%s</th>"
                  "<th>sMAPE<br>%s</th><th>sMAPE<br>%s</th><th>%s<br>%s</th></tr>",
                  rp_word_get(en, W_LEVEL), rp_word_get(en, W_SERIES), rp_word_get(en, W_BEFORE),
                  rp_word_get(en, W_AFTER), rp_word_get(en, W_BEFORE), rp_word_get(en, W_AFTER),
                  rp_word_get(en, W_COVERAGE), rp_word_get(en, W_AFTER));
    for (size_t l = 0; l < nl; l++) {
        char v[5][48];
#define AVG(w, m) (cnt[l][w][m] ? sum[l][w][m] / (double)cnt[l][w][m] : (double)NAN)
        vl_buf_puts(b, "<tr><td>");
        esc(b, rp_level_name(en, levels[l], p->arena));
        vl_buf_printf(b,
                      "</td><td class=\"n\">%zu</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s%%</td>"
                      "</tr>",
                      members[l], rp_num(v[0], 48, AVG(0, PLAN_MASE), 3, en),
                      rp_num(v[1], 48, AVG(1, PLAN_MASE), 3, en),
                      rp_num(v[2], 48, AVG(0, PLAN_SMAPE), 1, en),
                      rp_num(v[3], 48, AVG(1, PLAN_SMAPE), 1, en),
                      rp_num(v[4], 48, 100 * AVG(1, PLAN_COV95), 0, en));
#undef AVG
    }
    vl_buf_puts(b, "</table>");
    /* per series, above the bottom level (the bottom is in the workbook) */
    vl_buf_printf(b,
                  "<table><tr><th>%s</th><th>%s</th><th>MASE %s</th><th>MASE %s</th>"
                  "<th>sMAPE %s</th></tr>",
                  rp_word_get(en, W_SERIES), rp_word_get(en, W_MODEL), rp_word_get(en, W_BEFORE),
                  rp_word_get(en, W_AFTER), rp_word_get(en, W_AFTER));
    size_t deepest = 0;
    for (size_t i = 0; i < n; i++) {
        size_t commas = 0;
        for (const char *c = p->series[idx[i]].level; *c; c++)
            commas += *c == ',';
        deepest = commas > deepest ? commas : deepest;
    }
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        size_t commas = 0;
        for (const char *c = ps->level; *c; c++)
            commas += *c == ',';
        if (deepest > 0 && commas == deepest)
            continue;
        char v[3][48];
        vl_buf_puts(b, "<tr><td>");
        esc(b, rp_label(ps, en));
        vl_buf_puts(b, "</td><td>");
        esc(b, ps->model);
        vl_buf_printf(b,
                      "</td><td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                      "</tr>",
                      rp_num(v[0], 48, ps->acc[0][PLAN_MASE], 3, en),
                      rp_num(v[1], 48, ps->acc[1][PLAN_MASE], 3, en),
                      rp_num(v[2], 48, ps->acc[1][PLAN_SMAPE], 1, en));
    }
    vl_buf_puts(b, "</table>");
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

    vl_buf b = {0};
    vl_buf_printf(&b,
                  "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width\">\n<title>",
                  en ? "en" : "vi");
    esc(&b, title);
    vl_buf_printf(&b, "</title>\n<style>%s%s</style>\n</head>\n<body>\n<h1>", css, svg_css);
    esc(&b, title);
    vl_buf_printf(&b, "</h1>\n<p class=\"sub\">%s</p>\n<table>", rp_word_get(en, W_SUBTITLE));
    for (size_t r = 0; r < p->n_runs; r++) {
        const plan_run *run = &p->runs[r];
        vl_buf_printf(&b, "<tr><th>%s</th><td>%lld</td><th>%s</th><td>", rp_word_get(en, W_RUN),
                      (long long)run->id, rp_word_get(en, W_CREATED));
        esc(&b, run->started);
        vl_buf_printf(&b, "</td><th>%s</th><td>", rp_word_get(en, W_METHOD));
        esc(&b, run->method[0] ? run->method : "–");
        vl_json *j = NULL;
        double lambda;
        if (run->summary[0] && vl_json_parse(ctx, run->summary, &j) == VL_OK &&
            vl_json_num(vl_json_get(j, "lambda"), &lambda)) {
            char lb[32];
            vl_buf_printf(&b, " (%s %s)", rp_word_get(en, W_SHRINKAGE),
                          rp_num(lb, sizeof lb, lambda, 3, en));
        }
        vl_ctx_clear_error(ctx);
        vl_json_free(j);
        vl_buf_puts(&b, "</td></tr>");
    }
    vl_buf_printf(&b,
                  "</table>\n<nav><b>%s</b><ol><li><a href=\"#summary\">%s</a></li>"
                  "<li><a href=\"#charts\">%s</a></li><li><a href=\"#balance\">%s</a></li>"
                  "<li><a href=\"#tables\">%s</a></li><li><a href=\"#accuracy\">%s</a></li>"
                  "<li><a href=\"#methods\">%s</a></li></ol></nav>\n",
                  rp_word_get(en, W_CONTENTS), rp_word_get(en, W_SUMMARY),
                  rp_word_get(en, W_CHARTS), rp_word_get(en, W_BALANCE), rp_word_get(en, W_TABLES),
                  rp_word_get(en, W_ACCURACY), rp_word_get(en, W_METHODS));
    section_summary(&b, p, idx, n, en);
    section_charts(&b, p, idx, n, max, en);
    section_balance(&b, p, en);
    section_tables(&b, p, idx, n, en);
    section_accuracy(&b, p, idx, n, en);
    vl_buf_printf(&b, "<h2 id=\"methods\">%s</h2><p class=\"note\">%s</p>\n</body>\n</html>\n",
                  rp_word_get(en, W_METHODS), rp_word_get(en, W_METHODS_TEXT));
    vl__free(idx);
    if (!b.data || b.failed) {
        vl_buf_free(&b);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    st = vl_output_write_file(ctx, path, VL_OUTPUT_PRIVATE, b.data, b.len);
    vl_buf_free(&b);
    return st;
}
