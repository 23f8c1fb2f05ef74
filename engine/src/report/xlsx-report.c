/*
 * xlsx-report.c - the planner's report as an Excel workbook through io/xlsx.h: a summary sheet,
 * every forecast in long format, chart data with native fan charts (history, forecast, 80% and
 * 95% bounds as lines) for the total and the first levels, the labour balance, the backtest
 * accuracy before and after reconciliation, and the planners' adjustments and scenarios with
 * their reasons. The same numbers as the HTML page.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vieclam/output.h>

#include "io/xlsx.h"
#include "report/text.h"

static vl_period step_period(const plan_series *ps, size_t k)
{
    return vl_period_from_index(ps->fc_first.freq, vl_period_index(ps->fc_first) + (long)k);
}

/* "lo90" / "thấp 90" (lo) or "hi90" / "cao 90" into buf. */
static const char *bound_head(char *buf, size_t size, double level, bool hi, bool en)
{
    char lv[16];
    rp_level(lv, sizeof lv, level, en);
    snprintf(buf, size, "%s%s%s", en ? (hi ? "hi" : "lo") : (hi ? "cao" : "thấp"), en ? "" : " ",
             lv);
    return buf;
}

/* The interval levels of the series listed, narrowest first (each once); their count. */
static size_t union_levels(const vl_plan *p, const size_t *idx, size_t n, double *out)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        for (size_t j = 0; j < ps->n_bands; j++) {
            double lv = ps->band_level[j];
            size_t at = 0;
            while (at < m && out[at] < lv)
                at++;
            if ((at < m && out[at] == lv) || m == PLAN_MAX_BANDS)
                continue;
            memmove(out + at + 1, out + at, (m - at) * sizeof *out);
            out[at] = lv;
            m++;
        }
    }
    return m;
}

/* Band index of ps at exactly level, -1 when ps has none there. */
static int band_at(const plan_series *ps, double level)
{
    int ib = plan_band(ps, level);
    return ib >= 0 && ps->band_level[ib] == level ? ib : -1;
}

static void sheet_forecasts(vl_xlsx *x, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Forecasts" : "Dự báo");
    if (!s)
        return;
    double lv[PLAN_MAX_BANDS];
    size_t nl = union_levels(p, idx, n, lv);
    char bounds[2 * PLAN_MAX_BANDS][32];
    const char *head[6 + 2 * PLAN_MAX_BANDS] = {rp_word_get(en, W_LEVEL), rp_word_get(en, W_SERIES),
                                                en ? "keys" : "khoá", rp_word_get(en, W_PERIOD),
                                                rp_word_get(en, W_FORECAST)};
    for (size_t l = 0; l < nl; l++) {
        head[5 + 2 * l] = bound_head(bounds[2 * l], sizeof bounds[0], lv[l], false, en);
        head[6 + 2 * l] = bound_head(bounds[2 * l + 1], sizeof bounds[0], lv[l], true, en);
    }
    head[5 + 2 * nl] = rp_word_get(en, W_MODEL);
    size_t row = 1;
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        for (size_t k = 0; k < ps->h; k++, row++) {
            char per[16];
            vl_xlsx_write_string(s, row, 0, rp_level_name(en, ps->level, p->arena), 0);
            vl_xlsx_write_string(s, row, 1, rp_label(ps, en), 0);
            vl_xlsx_write_string(s, row, 2, ps->keys, 0);
            vl_xlsx_write_string(s, row, 3, vl_period_format(step_period(ps, k), per, sizeof per),
                                 0);
            vl_xlsx_write_number(s, row, 4, ps->mean[k], VL_XLSX_FMT_DEC1);
            for (size_t l = 0; l < nl; l++) {
                int ib = band_at(ps, lv[l]);
                if (ib < 0)
                    continue;
                vl_xlsx_write_number(s, row, 5 + 2 * l, ps->band_lo[ib][k], VL_XLSX_FMT_DEC1);
                vl_xlsx_write_number(s, row, 6 + 2 * l, ps->band_hi[ib][k], VL_XLSX_FMT_DEC1);
            }
            char mt[512];
            vl_xlsx_write_string(s, row, 5 + 2 * nl, rp_model_name(ps->model, en, mt, sizeof mt),
                                 0);
        }
    }
    vl_xlsx_write_header(s, 0, head, 6 + 2 * nl, row - 1);
    vl_xlsx_column_width(s, 0, 0, 16, 0);
    vl_xlsx_column_width(s, 1, 1, 48, 0);
    vl_xlsx_column_width(s, 2, 2, 28, 0);
    vl_xlsx_column_width(s, 3, 4 + 2 * nl, 11, 0);
}

/* Chart data blocks (period, actual, forecast, bounds) side by side, one native chart each. */
static void sheet_charts(vl_xlsx *x, vl_plan *p, const size_t *idx, size_t n, size_t max, bool en)
{
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Charts" : "Biểu đồ");
    if (!s)
        return;
    vl_xlsx_line_style hist = {.rgb = 0x1D2733, .width = 1.75};
    vl_xlsx_line_style fc = {.rgb = 0x08519C, .width = 2.25};
    /* the narrowest band dashed and darker, every wider one dotted and paler */
    vl_xlsx_line_style narrow = {.rgb = 0x6BAED6, .width = 1.25, .dash = VL_XLSX_DASHED};
    vl_xlsx_line_style wide = {.rgb = 0x9ECAE1, .width = 1.0, .dash = VL_XLSX_DOTTED};
    size_t col = 0; /* each block: period, actual, forecast, lo and hi of every band; a gap */
    for (size_t i = 0; i < n && i < max; col += 4 + 2 * p->series[idx[i]].n_bands, i++) {
        const plan_series *ps = &p->series[idx[i]];
        size_t nh = ps->n_hist, rows = nh + ps->h, nb = ps->n_bands;
        vl_xlsx_write_string(s, 0, col, rp_label(ps, en), VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1, col, rp_word_get(en, W_PERIOD), VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1, col + 1, rp_word_get(en, W_HISTORY), VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1, col + 2, rp_word_get(en, W_FORECAST), VL_XLSX_FMT_BOLD);
        for (size_t j = 0; j < nb; j++) { /* narrowest first, as the forecasts sheet */
            char lo[32], hi[32];
            double lv = ps->band_level[nb - 1 - j];
            vl_xlsx_write_string(s, 1, col + 3 + 2 * j, bound_head(lo, sizeof lo, lv, false, true),
                                 VL_XLSX_FMT_BOLD);
            vl_xlsx_write_string(s, 1, col + 4 + 2 * j, bound_head(hi, sizeof hi, lv, true, true),
                                 VL_XLSX_FMT_BOLD);
        }
        for (size_t t = 0; t < rows; t++) {
            char per[16];
            vl_period pr = vl_period_from_index(ps->hist_first.freq,
                                                vl_period_index(ps->hist_first) + (long)t);
            vl_xlsx_write_string(s, 2 + t, col, vl_period_format(pr, per, sizeof per), 0);
            if (t < nh) {
                vl_xlsx_write_number(s, 2 + t, col + 1, ps->hist[t], VL_XLSX_FMT_DEC1);
                if (t == nh - 1) /* the forecast line starts at the last actual value */
                    for (size_t c = 2; c < 3 + 2 * nb; c++)
                        vl_xlsx_write_number(s, 2 + t, col + c, ps->hist[t], VL_XLSX_FMT_DEC1);
            } else {
                size_t k = t - nh;
                vl_xlsx_write_number(s, 2 + t, col + 2, ps->mean[k], VL_XLSX_FMT_DEC1);
                for (size_t j = 0; j < nb; j++) {
                    vl_xlsx_write_number(s, 2 + t, col + 3 + 2 * j, ps->band_lo[nb - 1 - j][k],
                                         VL_XLSX_FMT_DEC1);
                    vl_xlsx_write_number(s, 2 + t, col + 4 + 2 * j, ps->band_hi[nb - 1 - j][k],
                                         VL_XLSX_FMT_DEC1);
                }
            }
        }
        vl_xlsx_chart *c = vl_xlsx_chart_line(x, rp_label(ps, en), rp_word_get(en, W_PERIOD), NULL);
        if (!c)
            return;
        size_t r1 = 2, r2 = 1 + rows;
        for (size_t j = nb; j-- > 0;) { /* widest first, as the page draws them */
            char lv[16], name[64];
            double level = ps->band_level[nb - 1 - j];
            rp_level(lv, sizeof lv, level, en);
            vl_xlsx_line_style *ls = j == 0 ? &narrow : &wide;
            snprintf(name, sizeof name, en ? "%s%% lower" : "Cận dưới %s%%", lv);
            vl_xlsx_chart_add_series(c, name, s, r1, r2, col, col + 3 + 2 * j, ls);
            snprintf(name, sizeof name, en ? "%s%% upper" : "Cận trên %s%%", lv);
            vl_xlsx_chart_add_series(c, name, s, r1, r2, col, col + 4 + 2 * j, ls);
        }
        vl_xlsx_chart_add_series(c, rp_word_get(en, W_HISTORY), s, r1, r2, col, col + 1, &hist);
        vl_xlsx_chart_add_series(c, rp_word_get(en, W_FORECAST), s, r1, r2, col, col + 2, &fc);
        vl_xlsx_insert_chart(s, 3 + rows, col, c, 560, 300);
    }
}

static void sheet_balance(vl_xlsx *x, const vl_plan *p, bool en)
{
    vl_balance_row *rows = vl__calloc(2 * p->n + 2, sizeof *rows);
    size_t h = 0;
    vl_period first = {0};
    size_t n = rows ? rp_balance(p, rows, &h, &first) : 0;
    if (n == 0) {
        vl__free(rows);
        return;
    }
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Balance" : "Cân đối cung cầu");
    if (!s) {
        vl__free(rows);
        return;
    }
    const char *head[] = {rp_word_get(en, W_OCCUPATION),
                          "ISCO-08",
                          rp_word_get(en, W_DEMAND),
                          rp_word_get(en, W_SUPPLY),
                          rp_word_get(en, W_GAP),
                          "gap lo80",
                          "gap hi80",
                          "gap lo95",
                          "gap hi95"};
    for (size_t i = 0; i < n; i++) {
        const vl_balance_row *r = &rows[i];
        const char *title = r->occupation;
        for (size_t j = 0; j < p->n && r->occupation[0]; j++) {
            const plan_series *ps = &p->series[j];
            for (size_t k = 0; k < ps->n_keys; k++)
                if (strcmp(ps->key_names[k], "occupation") == 0 &&
                    strcmp(ps->key_values[k], r->occupation) == 0)
                    title = en ? ps->label_en : ps->label_vi;
        }
        vl_xlsx_write_string(s, 1 + i, 0, r->occupation[0] ? title : rp_word_get(en, W_TOTAL),
                             r->occupation[0] ? 0 : VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1 + i, 1, r->occupation, 0);
        const double v[] = {r->demand,   r->supply,   r->gap,     r->gap_lo80,
                            r->gap_hi80, r->gap_lo95, r->gap_hi95};
        for (size_t c = 0; c < VL_ARRAY_LEN(v); c++)
            vl_xlsx_write_number(s, 1 + i, 2 + c, v[c], VL_XLSX_FMT_THOUSANDS);
    }
    vl_xlsx_write_header(s, 0, head, VL_ARRAY_LEN(head), n);
    vl_xlsx_column_width(s, 0, 0, 44, 0);
    vl_xlsx_column_width(s, 2, 8, 14, 0);
    vl__free(rows);
}

static void sheet_accuracy(vl_xlsx *x, vl_plan *p, const size_t *idx, size_t n, bool en)
{
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Accuracy" : "Độ chính xác");
    if (!s)
        return;
    const char *head[] = {rp_word_get(en, W_LEVEL),
                          rp_word_get(en, W_SERIES),
                          rp_word_get(en, W_MODEL),
                          en ? "MASE base" : "MASE gốc",
                          en ? "MASE reconciled" : "MASE sau điều hòa",
                          en ? "sMAPE base" : "sMAPE gốc",
                          en ? "sMAPE reconciled" : "sMAPE sau điều hòa",
                          en ? "RMSSE base" : "RMSSE gốc",
                          en ? "RMSSE reconciled" : "RMSSE sau điều hòa",
                          en ? "coverage95 reconciled" : "độ phủ 95% sau điều hòa"};
    for (size_t i = 0; i < n; i++) {
        const plan_series *ps = &p->series[idx[i]];
        vl_xlsx_write_string(s, 1 + i, 0, rp_level_name(en, ps->level, p->arena), 0);
        vl_xlsx_write_string(s, 1 + i, 1, rp_label(ps, en), 0);
        char mt[512];
        vl_xlsx_write_string(s, 1 + i, 2,
                             vl_forecast_model_text(ps->model, en ? "en" : "vi", mt, sizeof mt), 0);
        const double v[] = {ps->acc[0][PLAN_MASE],  ps->acc[1][PLAN_MASE],  ps->acc[0][PLAN_SMAPE],
                            ps->acc[1][PLAN_SMAPE], ps->acc[0][PLAN_RMSSE], ps->acc[1][PLAN_RMSSE],
                            ps->acc[1][PLAN_COV95]};
        for (size_t c = 0; c < VL_ARRAY_LEN(v); c++)
            vl_xlsx_write_number(s, 1 + i, 3 + c, v[c],
                                 c == 6 ? VL_XLSX_FMT_PERCENT1 : VL_XLSX_FMT_DEC2);
    }
    vl_xlsx_write_header(s, 0, head, VL_ARRAY_LEN(head), n);
    vl_xlsx_column_width(s, 0, 0, 16, 0);
    vl_xlsx_column_width(s, 1, 1, 48, 0);
    vl_xlsx_column_width(s, 2, 9, 14, 0);
}

/* The planners' adjustments and scenarios with their reasons, as the HTML page's table. */
static void sheet_judgements(vl_xlsx *x, const vl_plan *p, bool en)
{
    if (p->n_judgements == 0)
        return;
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Judgements" : "Điều chỉnh");
    if (!s)
        return;
    const char *head[] = {en ? "Kind" : "Loại",
                          rp_word_get(en, W_SERIES),
                          en ? "From" : "Từ",
                          en ? "To" : "Đến",
                          en ? "Value" : "Giá trị",
                          en ? "How" : "Cách tính",
                          en ? "Model (first quarter)" : "Mô hình (quý đầu)",
                          en ? "Judged (first quarter)" : "Sau điều chỉnh (quý đầu)",
                          en ? "Reason" : "Lý do",
                          en ? "By" : "Người ghi",
                          en ? "On" : "Ngày"};
    for (size_t i = 0; i < p->n_judgements; i++) {
        const plan_judgement *pj = &p->judgements[i];
        const vl_judgement *j = &pj->j;
        const plan_series *ps = rp_judged_series(p, pj);
        size_t row = 1 + i;
        char kind[300], label[600], per[16];
        snprintf(kind, sizeof kind, "%s%s%s",
                 j->scenario ? (en ? "Scenario" : "Kịch bản") : (en ? "Adjustment" : "Điều chỉnh"),
                 j->scenario && j->name && *j->name ? ": " : "",
                 j->scenario && j->name ? j->name : "");
        vl_xlsx_write_string(s, row, 0, kind, 0);
        bool side = strcmp(pj->kind, "demand") == 0 || strcmp(pj->kind, "supply") == 0;
        snprintf(label, sizeof label, "%s%s%s",
                 side ? rp_word_get(en, strcmp(pj->kind, "demand") == 0 ? W_DEMAND : W_SUPPLY) : "",
                 side ? " · " : "", ps ? rp_label(ps, en) : j->keys);
        vl_xlsx_write_string(s, row, 1, label, 0);
        vl_xlsx_write_string(s, row, 2, vl_period_format(j->from, per, sizeof per), 0);
        if (!j->scenario)
            vl_xlsx_write_string(s, row, 3, vl_period_format(j->to, per, sizeof per), 0);
        vl_xlsx_write_number(s, row, 4, j->value,
                             j->percent ? VL_XLSX_FMT_DEC1 : VL_XLSX_FMT_THOUSANDS);
        vl_xlsx_write_string(s, row, 5,
                             j->scenario  ? (en ? "added each quarter" : "cộng thêm mỗi quý")
                             : j->percent ? (en ? "percent change" : "thay đổi %")
                                          : (en ? "set to" : "đặt bằng"),
                             0);
        double model, judged;
        if (rp_judged_first_quarter(ps, j, &model, &judged)) {
            vl_xlsx_write_number(s, row, 6, model, VL_XLSX_FMT_THOUSANDS);
            vl_xlsx_write_number(s, row, 7, judged, VL_XLSX_FMT_THOUSANDS);
        }
        vl_xlsx_write_string(s, row, 8, j->reason ? j->reason : "", 0);
        vl_xlsx_write_string(s, row, 9, j->created_by ? j->created_by : "", 0);
        char on[11];
        snprintf(on, sizeof on, "%.10s", j->created_at ? j->created_at : "");
        vl_xlsx_write_string(s, row, 10, on, 0);
    }
    vl_xlsx_write_header(s, 0, head, VL_ARRAY_LEN(head), p->n_judgements);
    vl_xlsx_column_width(s, 0, 0, 30, 0);
    vl_xlsx_column_width(s, 1, 1, 44, 0);
    vl_xlsx_column_width(s, 2, 7, 13, 0);
    vl_xlsx_column_width(s, 8, 8, 48, 0);
    vl_xlsx_column_width(s, 9, 10, 14, 0);
}

vl_status vl_report_xlsx(vl_ctx *ctx, const vl_plan *plan_c, const vl_report_options *opt,
                         const char *path)
{
    const char *lang = opt && opt->lang ? opt->lang : "vi";
    if (strcmp(lang, "vi") != 0 && strcmp(lang, "en") != 0)
        return vl__error(ctx, VL_ERR_ARG, "report language must be vi or en, got '%s'", lang);
    bool en = strcmp(lang, "en") == 0;
    if (!plan_c)
        return vl__error(ctx, VL_ERR_ARG, "report: no plan");
    vl_plan *p = (vl_plan *)plan_c; /* only its arena grows (level names) */
    size_t *idx = vl__malloc((p->n ? p->n : 1) * sizeof *idx);
    if (!idx)
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    size_t n = rp_forecast_series(p, idx);
    size_t max = opt && opt->max_charts ? opt->max_charts : RP_MAX_CHARTS;
    vl_xlsx *x;
    /* a report is handed around: 0600 like every output, the reader decides who sees it */
    vl_status st = vl_xlsx_create(ctx, path, VL_OUTPUT_PRIVATE, &x);
    if (st != VL_OK) {
        vl__free(idx);
        return st;
    }
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, en ? "Summary" : "Tổng quan");
    if (s) {
        vl_xlsx_write_string(s, 0, 0, opt && opt->title ? opt->title : rp_word_get(en, W_TITLE),
                             VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1, 0, rp_word_get(en, W_SUBTITLE), 0);
        if (p->n_runs && p->runs[0].scope[0]) {
            vl_xlsx_write_string(s, 2, 0, rp_word_get(en, W_PROVINCES), VL_XLSX_FMT_BOLD);
            vl_xlsx_write_string(s, 2, 1, p->runs[0].scope, 0);
        }
        for (size_t r = 0; r < p->n_runs; r++) {
            vl_xlsx_write_string(s, 3 + r, 0, rp_word_get(en, W_RUN), VL_XLSX_FMT_BOLD);
            vl_xlsx_write_number(s, 3 + r, 1, (double)p->runs[r].id, VL_XLSX_FMT_INT);
            vl_xlsx_write_string(s, 3 + r, 2, p->runs[r].started, 0);
            vl_xlsx_write_string(s, 3 + r, 3, p->runs[r].method, 0);
        }
        vl_xlsx_write_string(s, 4 + p->n_runs, 0, rp_word_get(en, W_METHODS_TEXT), 0);
        vl_xlsx_column_width(s, 0, 0, 18, 0);
        vl_xlsx_column_width(s, 2, 2, 24, 0);
    }
    sheet_charts(x, p, idx, n, max, en);
    sheet_forecasts(x, p, idx, n, en);
    sheet_balance(x, p, en);
    sheet_accuracy(x, p, idx, n, en);
    sheet_judgements(x, p, en);
    vl__free(idx);
    return vl_xlsx_close(x);
}
