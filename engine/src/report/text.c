/*
 * text.c - the report's words (Vietnamese first, English with --lang en), numbers in each
 * language's style, and the plan queries both report formats share (see text.h).
 */
#include "report/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const words[W_COUNT][2] = {
    [W_TITLE] = {"Dự báo nhu cầu lao động", "Labour demand forecast"},
    [W_SUBTITLE] = {"Báo cáo cho lãnh đạo tỉnh: dự báo theo cấp, cân đối cung cầu lao động",
                    "Report for the province's leadership: forecasts by level and the labour "
                    "balance"},
    [W_RUN] = {"Lượt chạy", "Run"},
    [W_PROVINCES] = {"Tỉnh, thành phố", "Provinces"},
    [W_CREATED] = {"Thời gian lập", "Created"},
    [W_METHOD] = {"Phương pháp điều hòa", "Reconciliation method"},
    [W_CONTENTS] = {"Mục lục", "Contents"},
    [W_SUMMARY] = {"Tóm tắt", "Summary"},
    [W_CHARTS] = {"Biểu đồ dự báo", "Forecast charts"},
    [W_TABLES] = {"Bảng số liệu dự báo", "Forecast tables"},
    [W_BALANCE] = {"Cân đối cung cầu lao động theo nhóm nghề",
                   "Labour balance by occupation group"},
    [W_ACCURACY] = {"Độ chính xác khi kiểm định lại", "Backtest accuracy"},
    [W_METHODS] = {"Ghi chú phương pháp", "Methods note"},
    [W_PERIOD] = {"Quý", "Period"},
    [W_FORECAST] = {"Dự báo", "Forecast"},
    [W_HISTORY] = {"Thực tế", "Actual"},
    [W_SERIES] = {"Chuỗi số liệu", "Series"},
    [W_LEVEL] = {"Cấp", "Level"},
    [W_MODEL] = {"Mô hình", "Model"},
    [W_OCCUPATION] = {"Nhóm nghề", "Occupation group"},
    [W_DEMAND] = {"Cầu (chỗ làm việc)", "Demand (positions)"},
    [W_SUPPLY] = {"Cung (người tìm việc)", "Supply (job seekers)"},
    [W_GAP] = {"Chênh lệch cầu − cung", "Gap demand − supply"},
    [W_SHORTAGE] = {"Thiếu lao động: nên đặt hàng đào tạo nghề",
                    "Shortage: order vocational training"},
    [W_SURPLUS] = {"Dư lao động: cần hỗ trợ chuyển đổi, điều phối",
                   "Surplus: support retraining and redistribution"},
    [W_BALANCED] = {"Gần cân bằng", "About balanced"},
    [W_TOTAL] = {"Tổng", "Total"},
    [W_BEFORE] = {"Trước điều hòa", "Before reconciliation"},
    [W_AFTER] = {"Sau điều hòa", "After reconciliation"},
    [W_LEVEL_TOTAL] = {"Toàn tỉnh", "Province total"},
    [W_COVERAGE] = {"Tỷ lệ bao phủ 95%", "95% coverage"},
    [W_BALANCE_NOTE] = {"Tổng của các quý dự báo. Chênh lệch dương: cầu vượt cung (thiếu lao "
                        "động); âm: cung vượt cầu (dư lao động). Khoảng 95% trong ngoặc.",
                        "Sums over the forecast quarters. A positive gap: demand exceeds supply "
                        "(shortage); negative: supply exceeds demand (surplus). 95% interval "
                        "in brackets."},
    [W_METHODS_TEXT] =
        {"Mỗi chuỗi ở mọi cấp của lượt chạy (toàn tỉnh, từng xã/phường, từng ngành hay nhóm "
         "nghề và các tổ hợp của chúng) được dự báo riêng, "
         "sau đó điều hòa để các cấp cộng lại khớp nhau. Mô hình của mỗi cấp và phương pháp điều "
         "hòa được chọn bằng kiểm định lại trên chính lịch sử của tỉnh (8 mốc dự báo cuối chuỗi), "
         "không cố định trước; lựa chọn và bằng chứng ở Phụ lục B. Khoảng tin cậy được hiệu chỉnh "
         "theo sai số dự báo tại các mốc kiểm định (kiểu conformal), để mỗi khoảng (80%, 95% hay "
         "mức "
         "khác đã chọn) chứa đúng tỷ lệ giá trị thực tế đã hứa. Điều chỉnh của cán bộ kế hoạch "
         "được giữ cố định khi "
         "điều hòa; kịch bản được cộng thêm vào chuỗi và các cấp trên nó. Độ chính xác: MASE "
         "(so với dự báo lặp mùa), sMAPE (0–200) và tỷ lệ giá trị thực tế nằm trong khoảng. Báo "
         "cáo không chứa dữ liệu cá nhân.",
         "Every series at every level of the run (the province total, each commune or ward, "
         "each industry or occupation group, and their combinations) is "
         "forecast on its own, then reconciled so that every level adds up. Each level's model "
         "and the reconciliation method are chosen by a backtest on the province's own history "
         "(8 origins at the end of the series), not fixed in advance; the choices and their "
         "evidence are in Appendix B. Intervals are calibrated on the forecast errors at the "
         "backtest origins (conformal style) so that each interval (80%, 95% or any level asked "
         "for) "
         "holds the share of actual values it promises. The planners' adjustments stay fixed while "
         "reconciling; "
         "scenarios are added to their series and every level above. Accuracy: MASE (against "
         "the seasonal naive forecast), sMAPE (0–200) and the share of actual values inside the "
         "interval. The report holds no personal data."},
    [W_NO_BALANCE] = {"Chưa có lượt chạy cân đối cung cầu (lệnh vieclam balance).",
                      "No labour balance run yet (vieclam balance)."},
    [W_NO_ACCURACY] = {"Lượt chạy không có kiểm định lại.", "The run has no backtest."},
    [W_SHRINKAGE] = {"hệ số co", "shrinkage"},
    [W_ALL_SERIES] = {"Tất cả chuỗi", "All series"},
    [W_INTERVAL] = {"khoảng 95%", "95% interval"},
    [W_OUTLOOK] = {"Triển vọng toàn tỉnh", "Province outlook"},
};

const char *rp_word_get(bool en, rp_word w)
{
    return (unsigned)w < W_COUNT ? words[w][en ? 1 : 0] : "";
}

static const char *key_word(bool en, const char *key)
{
    static const struct {
        const char *key, *vi, *en;
    } keys[] = {
        {"area", "Địa bàn", "Area"},
        {"industry", "Ngành", "Industry"},
        {"occupation", "Nhóm nghề", "Occupation"},
        {"measure", "Chỉ tiêu", "Measure"},
    };
    for (size_t i = 0; i < VL_ARRAY_LEN(keys); i++)
        if (strcmp(keys[i].key, key) == 0)
            return en ? keys[i].en : keys[i].vi;
    return key;
}

const char *rp_level_name(bool en, const char *level, vl_arena *a)
{
    if (!level || !*level || strcmp(level, "total") == 0)
        return rp_word_get(en, W_LEVEL_TOTAL);
    vl_buf b = {0};
    const char *p = level;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char key[64];
        snprintf(key, sizeof key, "%.*s", (int)len, p);
        if (b.len)
            vl_buf_puts(&b, " × ");
        vl_buf_puts(&b, key_word(en, key));
        p += len + (e ? 1 : 0);
    }
    const char *out = vl_arena_strdup(a, vl_buf_text(&b) ? b.data : level);
    vl_buf_free(&b);
    return out ? out : level;
}

const char *rp_model_name(const char *desc, bool en, char *buf, size_t size)
{
    static const struct {
        const char *id, *shown;
    } names[] = {{"theta", "Theta"}, {"ces", "CES"},     {"ets", "ETS"},      {"arima", "ARIMA"},
                 {"dotm", "DOTM"},   {"naive", "naive"}, {"snaive", "snaive"}};
    const char *d = desc ? desc : "";
    size_t len = strlen(d);
    /* a mean of bare model names: the hierarchy's combination */
    if (strncmp(d, "mean(", 5) != 0 || len < 7 || d[len - 1] != ')' || strchr(d + 5, '(') ||
        strchr(d + 5, ')') != d + len - 1)
        return vl_forecast_model_text(desc, en ? "en" : "vi", buf, size);
    vl_buf b = {0};
    vl_buf_puts(&b, en ? "combination of " : "kết hợp ");
    for (const char *p = d + 5; *p && *p != ')';) {
        size_t n = strcspn(p, ",)");
        const char *shown = NULL;
        for (size_t i = 0; i < VL_ARRAY_LEN(names); i++)
            if (strlen(names[i].id) == n && strncmp(names[i].id, p, n) == 0)
                shown = names[i].shown;
        if (shown)
            vl_buf_puts(&b, shown);
        else
            vl_buf_append(&b, p, n);
        p += n;
        if (*p == ',') {
            vl_buf_puts(&b, ", ");
            p++;
        }
    }
    vl_buf_puts(&b, en ? " (their mean)" : " (trung bình cộng)");
    snprintf(buf, size, "%s", vl_buf_text(&b) ? b.data : d);
    vl_buf_free(&b);
    return buf;
}

const char *rp_method_name(const char *method, bool en, char *buf, size_t size)
{
    static const struct {
        const char *id, *vi, *en;
    } names[] = {
        {"mint_total", "MinT, tổng toàn tỉnh giữ theo dự báo của chính nó",
         "MinT, the province total held at its own forecast"},
        {"mint", "MinT", "MinT"},
        {"wls", "bình phương tối thiểu có trọng số", "weighted least squares"},
        {"ols", "bình phương tối thiểu", "ordinary least squares"},
        {"bottom_up", "cộng dồn từ cấp chi tiết nhất lên", "bottom-up sums"},
        {"top_down", "chia tổng xuống các cấp dưới theo tỷ trọng", "top-down shares"},
        {"none", "không điều hòa", "not reconciled"},
    };
    const char *m = method ? method : "";
    for (size_t i = 0; i < VL_ARRAY_LEN(names); i++)
        if (strcmp(names[i].id, m) == 0) {
            snprintf(buf, size, "%s (%s)", en ? names[i].en : names[i].vi, m);
            return buf;
        }
    snprintf(buf, size, "%s", m);
    return buf;
}

char *rp_num(char *buf, size_t size, double v, int decimals, bool en)
{
    return vl_format_number(buf, size, v, decimals, en ? "en" : "vi");
}

/* The sign of v as printed at decimals: none when it rounds to zero. */
static const char *sign_of(double v, int decimals)
{
    return fabs(v) < 0.5 * pow(10, -decimals) ? "" : v >= 0 ? "+" : "−";
}

const char *rp_pct(char *buf, size_t size, double next, double last, bool en)
{
    if (!isfinite(last) || !(fabs(last) > 0)) {
        snprintf(buf, size, "–");
        return buf;
    }
    double pct = 100 * (next - last) / fabs(last);
    char num[40];
    rp_num(num, sizeof num, fabs(pct), 1, en);
    snprintf(buf, size, "%s%s%%", sign_of(pct, 1), num);
    return buf;
}

const char *rp_signed(char *buf, size_t size, double v, bool en)
{
    char num[40];
    rp_num(num, sizeof num, fabs(v), 0, en);
    snprintf(buf, size, "%s%s", sign_of(v, 0), num);
    return buf;
}

char *rp_level(char *buf, size_t size, double level, bool en)
{
    return rp_num(buf, size, level, level == floor(level) ? 0 : 1, en);
}

const char *rp_label(const plan_series *s, bool en)
{
    if (s->n_keys == 0 || strcmp(s->level, "total") == 0)
        return rp_word_get(en, W_LEVEL_TOTAL);
    return en ? s->label_en : s->label_vi;
}

static bool is_balance_kind(const char *kind)
{
    return strcmp(kind, "demand") == 0 || strcmp(kind, "supply") == 0;
}

size_t rp_forecast_series(const vl_plan *p, size_t *idx)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (!is_balance_kind(p->series[i].kind) || p->series[i].n_keys > 1)
            idx[n++] = i;
    if (n == 0) /* a balance run alone: its demand and supply series are the charts */
        for (size_t i = 0; i < p->n; i++)
            idx[n++] = i;
    return n; /* stored order is already total first, levels by depth */
}

size_t rp_level_index(const char **levels, size_t *n_levels, const char *level)
{
    for (size_t i = 0; i < *n_levels; i++)
        if (strcmp(levels[i], level) == 0)
            return i;
    levels[*n_levels] = level;
    return (*n_levels)++;
}

static const char *occupation_of(const plan_series *s)
{
    for (size_t k = 0; k < s->n_keys; k++)
        if (strcmp(s->key_names[k], "occupation") == 0)
            return s->key_values[k];
    return s->n_keys == 0 ? "" : NULL;
}

size_t rp_balance(const vl_plan *p, vl_balance_row *rows, size_t *h_out, vl_period *first)
{
    plan_side *d = vl__calloc(p->n + 1, sizeof *d), *s = vl__calloc(p->n + 1, sizeof *s);
    size_t nd = 0, ns = 0, h = 0;
    if (!d || !s) {
        vl__free(d);
        vl__free(s);
        return 0;
    }
    for (size_t i = 0; i < p->n; i++) {
        const plan_series *ps = &p->series[i];
        if (!is_balance_kind(ps->kind))
            continue;
        const char *occ = occupation_of(ps);
        if (!occ)
            continue;
        plan_side side = plan_side_of(ps, occ);
        if (h == 0 || ps->h < h) {
            h = ps->h;
            *first = ps->fc_first;
        }
        if (strcmp(ps->kind, "demand") == 0)
            d[nd++] = side;
        else
            s[ns++] = side;
    }
    size_t n = nd && ns ? plan_balance(d, nd, s, ns, h, rows) : 0;
    vl__free(d);
    vl__free(s);
    *h_out = h;
    return n;
}

void rp_esc(vl_buf *b, const char *s)
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

/* The plan's series a judgement names (its run, its series kind, its keys), or NULL. */
const plan_series *rp_judged_series(const vl_plan *p, const plan_judgement *pj)
{
    for (size_t i = 0; i < p->n; i++) {
        const plan_series *s = &p->series[i];
        if (s->run_id != pj->run_id || strcmp(s->kind, pj->kind) != 0)
            continue;
        /* keys are stored the same way (names sorted, same JSON writer) except spacing */
        const char *x = s->keys, *y = pj->j.keys;
        while (*x || *y) {
            while (*x == ' ')
                x++;
            while (*y == ' ')
                y++;
            if (*x != *y)
                break;
            if (*x) {
                x++;
                y++;
            }
        }
        if (!*x && !*y)
            return s;
    }
    return NULL;
}

bool rp_judged_first_quarter(const plan_series *s, const vl_judgement *j, double *model,
                             double *judged)
{
    long k = s ? vl_period_index(j->from) - vl_period_index(s->fc_first) : -1;
    if (!s || !s->model_mean || k < 0 || k >= (long)s->h || !isfinite(s->model_mean[k]))
        return false;
    *model = s->model_mean[k];
    *judged = s->mean[k];
    return true;
}
