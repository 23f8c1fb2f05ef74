/*
 * activity-out.c - the activity report's words (Vietnamese first, English with --lang en), the
 * small-count rule, the intervals of the fairness tables, and the three outputs: one
 * self-contained HTML page (A4 print CSS), an Excel workbook, and every figure as CSV. Each is
 * written whole or not at all; 0600 because a report for use inside the centre (exact counts)
 * can single people out.
 */
#include "report/activity-int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <vieclam/output.h>

#include "io/csv.h"
#include "io/xlsx.h"
#include "report/text.h"

/* The normal quantile of a two-sided 95% interval. */
#define Z95 1.959963984540054

/* ---- words ----------------------------------------------------------------------------------- */

static const char *const words[AW_N_WORDS][2] = {
    [AW_TITLE] = {"Báo cáo kết quả hoạt động dịch vụ việc làm",
                  "Employment service activity report"},
    [AW_PERIOD] = {"Kỳ báo cáo", "This period"},
    [AW_PREVIOUS] = {"Cùng kỳ năm trước", "Same period last year"},
    [AW_CHANGE] = {"Tăng/giảm", "Change"},
    [AW_TARGET] = {"Kế hoạch năm", "Year's target"},
    [AW_DONE_OF_TARGET] = {"% kế hoạch", "% of target"},
    [AW_SUMMARY] = {"Tổng hợp kết quả", "Summary"},
    [AW_BY] = {"Kết quả theo nhóm", "By group"},
    [AW_RATES] = {"Hiệu quả giới thiệu việc làm", "Placement outcomes"},
    [AW_VACANCIES] = {"Chỗ làm trống theo địa bàn", "Vacancies by area"},
    [AW_ABROAD] = {"Đưa người lao động đi làm việc ở nước ngoài theo nước",
                   "Placements abroad by country"},
    [AW_FAIRS] = {"Phiên giao dịch việc làm", "Job fairs"},
    [AW_FAIRNESS] = {"Công bằng trong kết quả giới thiệu", "Fairness of outcomes"},
    /* sheet names: at most 31 characters */
    [AW_SHEET_ABROAD] = {"Đi làm việc ở nước ngoài", "Placements abroad"},
    [AW_SHEET_FAIRNESS] = {"Công bằng trong kết quả", "Fairness of outcomes"},
    [AW_METHODS] = {"Định nghĩa và phương pháp", "Definitions and methods"},
    [AW_COUNTRY] = {"Nước", "Country"},
    [AW_WOMEN] = {"trong đó nữ", "of them women"},
    [AW_GROUP] = {"Nhóm", "Group"},
    [AW_PLACEMENT_RATE] = {"Tỷ lệ có việc làm sau giới thiệu", "Placement rate"},
    [AW_DAYS] = {"Số ngày từ đăng ký đến khi có việc (trung vị)",
                 "Days from registration to placement (median)"},
    [AW_KEPT3] = {"Còn làm việc sau 3 tháng", "Still in the job at 3 months"},
    [AW_KEPT6] = {"Còn làm việc sau 6 tháng", "Still in the job at 6 months"},
    [AW_FAIR] = {"Phiên", "Fair"},
    [AW_DATE] = {"Ngày", "Date"},
    [AW_INVITATIONS] = {"Lượt mời", "Invitations"},
    [AW_HIRES] = {"Được tuyển", "Hired"},
    [AW_AVAILABLE] = {"Người tìm việc trong kỳ", "Seekers on the register"},
    [AW_REFERRAL_RATE] = {"Tỷ lệ được giới thiệu", "Referral rate"},
    [AW_HIRE_RATE] = {"Tỷ lệ được tuyển", "Hire rate"},
    [AW_ALL_REFERRALS] = {"mọi lần giới thiệu", "all referrals"},
    [AW_RECOMMENDED] = {"do vieclam đề xuất", "recommended by vieclam"},
    [AW_GAP] = {"Chênh lệch so với người khác (tỷ lệ được giới thiệu)",
                "Gap to everyone else (referral rate)"},
    [AW_BEHIND] = {"thấp hơn rõ rệt", "clearly behind"},
    [AW_SMALL_NOTE] =
        {"Số liệu từ 1 đến 4 được ghi là \"<5\" (số 0 ghi như thực tế); tỷ lệ và trung "
         "vị dựa trên số liệu dưới 5 được ghi là \"–\"; khi một ô của bảng phân tổ bị ẩn, "
         "một ô khác của bảng đó cũng được ghi là \"–\" để không suy ra được ô bị ẩn từ tổng "
         "số. Như vậy không ai bị nhận diện.",
         "Counts from 1 to 4 are shown as \"<5\" (a zero as it is); rates and "
         "medians that rest on a count below 5 as \"–\"; where one cell of a breakdown is "
         "hidden, another cell of it is shown as \"–\" too, so that the hidden one cannot be "
         "worked out from the total. So no one can be singled out."},
    [AW_EXACT_NOTE] = {"Bản dùng nội bộ trung tâm: số liệu nhỏ ghi chính xác. Không gửi ra ngoài.",
                       "For use inside the centre: small counts are exact. Do not send it out."},
    [AW_CREATED] = {"Ngày lập", "Created"},
    [AW_NO_FAIRS] = {"Không có phiên giao dịch việc làm nào trong kỳ.",
                     "No job fair was held in the period."},
    [AW_NO_ABROAD] = {"Không có người đi làm việc ở nước ngoài trong kỳ.",
                      "No placement abroad in the period."},
    [AW_NOT_WHOLE_YEAR] = {"", ""},
    [AW_NO_TARGETS] = {"Chưa đặt kế hoạch năm (lệnh vieclam target set).",
                       "No targets were set for the year (vieclam target set)."},
    [AW_TOTAL] = {"Tổng số", "Total"},
    [AW_SCOPE] = {"Tỉnh, thành phố", "Provinces"},
    [AW_SCOPE_TEXT] =
        {"Báo cáo của các tỉnh, thành phố nêu trên, lập trên cơ sở dữ liệu chung của nhiều tỉnh, "
         "thành phố: người tìm việc và chỗ làm trống của các tỉnh, thành phố này (chỗ làm việc ở "
         "nước ngoài và hồ sơ chưa ghi địa bàn được tính ở mọi tỉnh, thành phố), buổi tư vấn của "
         "người tìm việc của các tỉnh, thành phố này và phiên giao dịch việc làm tổ chức tại đây. "
         "Một lần giới thiệu giữa hai tỉnh, thành phố được tính ở cả hai: người được giới thiệu và "
         "người có việc làm ở tỉnh, thành phố của người lao động; vị trí đã tuyển được ở tỉnh, "
         "thành phố của chỗ làm việc. Kế hoạch năm là tổng kế hoạch của các tỉnh, thành phố này.",
         "The report of the provinces named above, made on a database shared by many provinces: "
         "the seekers and vacancies of these provinces (jobs abroad and records without an area "
         "count in every province), the counselling of their seekers and the job fairs held "
         "there. A referral across two provinces counts in both: the seeker referred and placed "
         "in the seeker's province, the position filled in the job's. The year's targets are "
         "the sum of these provinces' targets."},
    [AW_METHODS_TEXT] =
        {"Người đăng ký: người tìm việc có ngày đăng ký trong kỳ. Được tư vấn: có ít nhất một buổi "
         "tư vấn trong kỳ. Được giới thiệu: có ít nhất một lần giới thiệu trong kỳ. Có việc làm: "
         "có quyết định tuyển dụng (kết quả hiện tại là được tuyển) trong kỳ; ở nước ngoài khi "
         "chỗ làm việc ở nước khác. Chỗ làm trống tiếp nhận: tin tuyển dụng đăng trong kỳ và số "
         "lượng cần tuyển của các tin đó; vị trí đã tuyển được: số quyết định tuyển dụng trong kỳ, "
         "theo địa bàn của chỗ làm việc. Tỷ lệ có việc làm: trong số người được giới thiệu trong "
         "kỳ, tỷ lệ có việc làm nhờ các lần giới thiệu đó (theo kết quả biết đến ngày lập báo "
         "cáo). Số ngày đến khi có việc: trung vị số ngày từ ngày đăng ký đến ngày quyết định "
         "tuyển dụng. Còn làm việc sau 3 (6) tháng: những người bắt đầu làm việc mà mốc 91 (182) "
         "ngày rơi vào kỳ; tỷ lệ còn làm việc trong số người đã biết tình trạng (lần theo dõi "
         "đầu tiên từ mốc trở đi, hoặc một lần trước mốc cho biết đã nghỉ việc). Độ tuổi tính "
         "đến ngày cuối kỳ. Một người thuộc nhiều nhóm ưu tiên được tính ở mỗi nhóm. Cùng kỳ năm "
         "trước: cùng các ngày đó của năm trước.",
         "Registered: seekers whose registration date falls in the period. Counselled: at least "
         "one counselling session in the period. Referred: at least one referral made in the "
         "period. Placed: a hire decided in the period (the referral's current outcome is hired); "
         "abroad when the job is in another country. Vacancies received: vacancies posted in the "
         "period and their positions; positions filled: hires decided in the period, by the "
         "job's area. Placement rate: of the seekers referred in the period, the share placed by "
         "one of those referrals (as known when the report is made). Days to placement: the "
         "median of the days from registration to the hire. Still in the job at 3 (6) months: "
         "hires whose 91st (182nd) day after the start falls in the period; the share still in "
         "the job among those whose status is known (the first follow-up from that day on, or "
         "an earlier one saying the job ended). Ages on the period's last day. A seeker in two "
         "priority groups counts in both. Same period last year: the same dates a year before."},
    [AW_FAIRNESS_TEXT] =
        {"Người tìm việc trong kỳ: đã đăng ký đến ngày cuối kỳ, không rút hồ sơ, chưa có việc "
         "làm trước kỳ. Tỷ lệ được giới thiệu: trong số đó, tỷ lệ có ít nhất một lần giới thiệu "
         "trong kỳ; \"do vieclam đề xuất\": lần giới thiệu mà vào ngày giới thiệu vieclam sẽ "
         "đề xuất (đáp ứng mọi điều kiện bắt buộc, đạt điểm tối thiểu, trong danh sách đầu của "
         "người đó theo mô hình ghép nối). Tỷ lệ được tuyển: trong số lần giới thiệu của kỳ đã "
         "có kết quả (được tuyển, không đến, không đạt, từ chối). Khoảng tin cậy 95% theo "
         "phương pháp Wilson; chênh lệch so với người ngoài nhóm theo phương pháp Newcombe "
         "(lai điểm Wilson); \"thấp hơn rõ rệt\" khi cả khoảng nằm dưới 0. Các lần giới thiệu "
         "của cùng một người không độc lập với nhau nên khoảng của tỷ lệ được tuyển có thể hẹp "
         "hơn thực tế.",
         "Seekers on the register: registered by the period's last day, not withdrawn, not "
         "placed before the period. Referral rate: of them, the share with at least one referral "
         "in the period; \"recommended by vieclam\": referrals that vieclam would have "
         "recommended on their day (every hard constraint met, the minimum score, in the "
         "seeker's first results under the matching model). Hire rate: of the period's "
         "referrals with a decided outcome (hired, no show, rejected, declined). 95% intervals "
         "by Wilson's score method; the gap to people outside the group by Newcombe's hybrid "
         "score method; \"clearly behind\" when the whole interval lies below 0. Referrals of one "
         "person are not independent, so the hire rate's interval may be narrower than it "
         "should be."},
    [AW_MEASURE] = {"Chỉ tiêu", "Measure"},
};

const char *act_word_get(const vl_activity *a, act_word w)
{
    return words[w][a->en ? 1 : 0];
}

static const char *const measure_labels[VL_ACT_N_MEASURES][2] = {
    {"Người tìm việc đăng ký", "Seekers registered"},
    {"Người được tư vấn", "Seekers counselled"},
    {"Người được giới thiệu việc làm", "Seekers referred"},
    {"Lượt giới thiệu việc làm", "Referrals made"},
    {"Người có việc làm", "Seekers placed"},
    {"trong đó ở nước ngoài", "of them abroad"},
    {"Chỗ làm trống tiếp nhận", "Vacancies received"},
    {"Số vị trí cần tuyển", "Positions received"},
    {"Vị trí đã tuyển được", "Positions filled"},
    {"Phiên giao dịch việc làm", "Job fairs held"},
};

const char *act_measure_label(const vl_activity *a, vl_act_measure m)
{
    return measure_labels[m][a->en ? 1 : 0];
}

const char *vl_act_measure_label(vl_act_measure m, const char *lang)
{
    if ((int)m < 0 || m >= VL_ACT_N_MEASURES)
        return "?";
    if (!lang)
        lang = vl_language();
    return measure_labels[m][strcmp(lang, "en") == 0 ? 1 : 0];
}

static const char *const dim_labels[ACT_N_DIMS][2] = {
    {"Tổng số", "Total"},
    {"Theo giới tính", "By sex"},
    {"Theo độ tuổi", "By age"},
    {"Theo nhóm ưu tiên", "By priority group"},
    {"Theo trình độ", "By education"},
    {"Theo địa bàn", "By area"},
};

const char *act_dim_label(const vl_activity *a, act_dim d)
{
    return dim_labels[d][a->en ? 1 : 0];
}

const char *act_dim_key(act_dim d)
{
    static const char *const k[ACT_N_DIMS] = {"total",    "sex",       "age",
                                              "priority", "education", "area"};
    return k[d];
}

/* ---- the small-count rule and intervals ----------------------------------------------------- */

bool act_hidden(const vl_activity *a, double n)
{
    /* a zero identifies no one and is shown as it is */
    return !a->opt.exact && (isnan(n) || (n > 0 && n < ACT_MIN_SHOWN));
}

const char *act_count_text(const vl_activity *a, double v, char *buf, size_t size)
{
    if (isnan(v)) { /* hidden beside a small count */
        snprintf(buf, size, "–");
        return buf;
    }
    if (act_hidden(a, v)) {
        snprintf(buf, size, "<%d", ACT_MIN_SHOWN);
        return buf;
    }
    return rp_num(buf, size, v, 0, a->en);
}

/* A rate hides when a count it is made of (the cases, those with, those without) is small. */
static bool ratio_hidden(const vl_activity *a, act_ratio r)
{
    return r.den == 0 || act_hidden(a, r.den) || act_hidden(a, r.num) ||
           act_hidden(a, r.den - r.num);
}

static const act_ratio *row_rate(const act_row *r, int k, int p)
{
    return k == ACT_RATE_PLACEMENT ? &r->placement[p]
           : k == ACT_RATE_KEPT3   ? &r->kept3[p]
                                   : &r->kept6[p];
}

void act_suppress(vl_activity *a)
{
    static const act_dim dims[] = {ACT_DIM_SEX, ACT_DIM_AGE, ACT_DIM_PRIORITY, ACT_DIM_EDUCATION,
                                   ACT_DIM_AREA};
    if (a->opt.exact)
        return;
    for (size_t i = 0; i < VL_ARRAY_LEN(dims); i++)
        for (int p = 0; p < 2; p++) {
            for (int m = 0; m < VL_ACT_N_MEASURES; m++) {
                size_t hidden = 0, best = SIZE_MAX;
                for (size_t g = a->first[dims[i]]; g < a->first[dims[i] + 1]; g++) {
                    double v = a->rows[g].count[m][p];
                    if (act_hidden(a, v))
                        hidden++;
                    else if (v > 0 && (best == SIZE_MAX || v < a->rows[best].count[m][p]))
                        best = g;
                }
                if (hidden == 1 && best != SIZE_MAX)
                    a->rows[best].masked |= ACT_MASK_COUNT(m, p);
            }
            /* a rate: the cases (the denominator) known beside it give its count away */
            for (int k = 0; k < ACT_N_RATES; k++) {
                size_t hidden = 0, best = SIZE_MAX;
                for (size_t g = a->first[dims[i]]; g < a->first[dims[i] + 1]; g++) {
                    const act_ratio *r = row_rate(&a->rows[g], k, p);
                    if (r->den > 0 && ratio_hidden(a, *r))
                        hidden++;
                    else if (r->den > 0 &&
                             (best == SIZE_MAX || r->den < row_rate(&a->rows[best], k, p)->den))
                        best = g;
                }
                if (hidden == 1 && best != SIZE_MAX)
                    a->rows[best].masked |= ACT_MASK_RATE(k, p);
            }
        }
}

/* A breakdown's count and rates as they may be shown: NaN when hidden beside a small one. */
static double shown_count(const act_row *r, vl_act_measure m, int p)
{
    return r->masked & ACT_MASK_COUNT(m, p) ? (double)NAN : r->count[m][p];
}

static act_ratio shown_rate(const act_row *r, int k, int p)
{
    if (r->masked & ACT_MASK_RATE(k, p))
        return (act_ratio){(double)NAN, (double)NAN};
    return *row_rate(r, k, p);
}

const char *act_ratio_text(const vl_activity *a, act_ratio r, char *buf, size_t size)
{
    if (ratio_hidden(a, r)) {
        snprintf(buf, size, "–");
        return buf;
    }
    char n[32];
    rp_num(n, sizeof n, 100 * r.num / r.den, 1, a->en);
    snprintf(buf, size, "%s%%", n);
    return buf;
}

void act_wilson(double k, double n, double *lo, double *hi)
{
    if (!(n > 0)) {
        *lo = *hi = (double)NAN;
        return;
    }
    double p = k / n, z2 = Z95 * Z95;
    double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    double half = Z95 / (1 + z2 / n) * sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    *lo = fmax(0, centre - half);
    *hi = fmin(1, centre + half);
}

void act_newcombe(double k1, double n1, double k2, double n2, double *lo, double *hi)
{
    double l1, u1, l2, u2;
    act_wilson(k1, n1, &l1, &u1);
    act_wilson(k2, n2, &l2, &u2);
    if (isnan(l1) || isnan(l2)) {
        *lo = *hi = (double)NAN;
        return;
    }
    double p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
    *lo = d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
    *hi = d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
}

static const char *median_text(const vl_activity *a, act_median m, char *buf, size_t size)
{
    if (m.n == 0 || act_hidden(a, (double)m.n)) {
        snprintf(buf, size, "–");
        return buf;
    }
    return rp_num(buf, size, m.value, m.value == floor(m.value) ? 0 : 1, a->en);
}

/* "12,5% (9,1–16,8)" */
static const char *rate_ci_text(const vl_activity *a, double k, double n, char *buf, size_t size)
{
    act_ratio r = {k, n};
    if (ratio_hidden(a, r)) {
        snprintf(buf, size, "–");
        return buf;
    }
    double lo, hi;
    act_wilson(k, n, &lo, &hi);
    char p[32], l[32], h[32];
    rp_num(p, sizeof p, 100 * k / n, 1, a->en);
    rp_num(l, sizeof l, 100 * lo, 1, a->en);
    rp_num(h, sizeof h, 100 * hi, 1, a->en);
    snprintf(buf, size, "%s%% (%s–%s)", p, l, h);
    return buf;
}

/* The change from prev to now in percent, "–" when either is hidden or prev is 0. */
static const char *change_text(const vl_activity *a, double now, double prev, char *buf,
                               size_t size)
{
    if (act_hidden(a, now) || act_hidden(a, prev) || prev == 0) {
        snprintf(buf, size, "–");
        return buf;
    }
    char n[32];
    double c = 100 * (now - prev) / prev;
    rp_num(n, sizeof n, c, 1, a->en);
    snprintf(buf, size, "%s%s%%", c > 0 ? "+" : "", n);
    return buf;
}

/* Dimensions that break down people. */
static const act_dim person_dims[] = {ACT_DIM_SEX, ACT_DIM_AGE, ACT_DIM_PRIORITY, ACT_DIM_EDUCATION,
                                      ACT_DIM_AREA};
static const vl_act_measure person_measures[] = {
    VL_ACT_REGISTERED, VL_ACT_COUNSELLED, VL_ACT_REFERRED, VL_ACT_PLACED, VL_ACT_PLACED_ABROAD};
static const vl_act_measure vacancy_measures[] = {VL_ACT_VACANCIES, VL_ACT_POSITIONS,
                                                  VL_ACT_FILLED};

/* Whether a group has people to show (an area with vacancies only, or none, is left out of
 * the breakdowns of people). */
static bool group_used(const vl_activity *a, size_t g)
{
    const act_row *r = &a->rows[g];
    for (int m = 0; m < VL_ACT_N_MEASURES; m++)
        for (int p = 0; p < 2; p++)
            if ((act_by_seeker((vl_act_measure)m) || m == VL_ACT_REFERRALS) && r->count[m][p] != 0)
                return true;
    return r->placement[0].den + r->placement[1].den + r->kept3[0].den + r->kept3[1].den +
               r->kept6[0].den + r->kept6[1].den >
           0;
}

/* Whether a group has vacancies to show. */
static bool vacancy_group_used(const vl_activity *a, size_t g)
{
    for (size_t k = 0; k < VL_ARRAY_LEN(vacancy_measures); k++)
        if (a->rows[g].count[vacancy_measures[k]][0] + a->rows[g].count[vacancy_measures[k]][1])
            return true;
    return false;
}

/* ---- HTML -------------------------------------------------------------------------------------
 */

static const char css[] =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#1d2733;margin:24px auto;"
    "max-width:1000px;line-height:1.4;font-size:13px}"
    "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;border-bottom:2px solid #1f5f99;"
    "padding-bottom:3px;margin-top:26px}h3{font-size:14px;margin:14px 0 4px}"
    ".sub{color:#52606d;margin:0 0 6px}.note{font-size:12px;color:#3e4c59}"
    ".warn{font-weight:bold;color:#b0331c}"
    "table{border-collapse:collapse;margin:6px 0 10px;font-size:12px}"
    "th,td{border:1px solid #c9d2dc;padding:2px 6px}th{background:#e8eef5;text-align:left;"
    "font-weight:600}th.n{text-align:right}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "td.p,th.p{color:#52606d;background:#f7f9fb}"
    "tr.total td{font-weight:bold;background:#f3f6f9}.behind{color:#b0331c;font-weight:bold}"
    "td:first-child{min-width:8.5em}"
    "nav ol{margin:4px 0}"
    "@page{size:A4;margin:12mm}"
    "@media print{body{margin:0;max-width:none;font-size:9.5pt}nav{display:none}"
    "h2,h3{break-after:avoid}table{break-inside:auto;font-size:8.5pt}tr{break-inside:avoid}"
    "thead{display:table-header-group}"
    "th,td{padding:1px 4px}}";

static void cell_count(vl_buf *b, const vl_activity *a, double v, bool prev)
{
    char t[48];
    vl_buf_printf(b, "<td class=\"n%s\">", prev ? " p" : "");
    rp_esc(b, act_count_text(a, v, t, sizeof t)); /* "<5" */
    vl_buf_puts(b, "</td>");
}

/* A paragraph of the report's words, escaped. */
static void para(vl_buf *b, const char *cls, const char *text)
{
    vl_buf_printf(b, "<p class=\"%s\">", cls);
    rp_esc(b, text);
    vl_buf_puts(b, "</p>");
}

static void head_pairs(vl_buf *b, const vl_activity *a, const char *first, const char *const *names,
                       size_t n)
{
    vl_buf_printf(b, "<thead><tr><th rowspan=\"2\">%s</th>", first);
    for (size_t i = 0; i < n; i++) {
        vl_buf_puts(b, "<th colspan=\"2\">");
        rp_esc(b, names[i]);
        vl_buf_puts(b, "</th>");
    }
    vl_buf_puts(b, "</tr><tr>");
    for (size_t i = 0; i < n; i++)
        vl_buf_printf(b, "<th class=\"n\">%s</th><th class=\"n p\">%s</th>",
                      a->en ? "now" : "kỳ này", a->en ? "last year" : "cùng kỳ");
    vl_buf_puts(b, "</tr></thead>");
}

static void html_summary(vl_buf *b, const vl_activity *a)
{
    const act_row *t = &a->rows[a->first[ACT_DIM_TOTAL]];
    bool targets = a->target_year != 0;
    vl_buf_printf(
        b, "<h2 id=\"summary\">1. %s</h2><table><thead><tr><th>%s</th><th class=\"n\">%s<br>",
        act_word_get(a, AW_SUMMARY), act_word_get(a, AW_MEASURE), act_word_get(a, AW_PERIOD));
    rp_esc(b, a->period_label[ACT_NOW]);
    vl_buf_printf(b, "</th><th class=\"n p\">%s<br>", act_word_get(a, AW_PREVIOUS));
    rp_esc(b, a->period_label[ACT_PREV]);
    vl_buf_printf(b, "</th><th class=\"n\">%s</th>", act_word_get(a, AW_CHANGE));
    if (targets)
        vl_buf_printf(b, "<th class=\"n\">%s %d</th><th class=\"n\">%s</th>",
                      act_word_get(a, AW_TARGET), a->target_year,
                      act_word_get(a, AW_DONE_OF_TARGET));
    vl_buf_puts(b, "</tr></thead>");
    for (int m = 0; m < VL_ACT_N_MEASURES; m++) {
        char c[48];
        vl_buf_printf(b, "<tr><td>%s%s</td>", m == VL_ACT_PLACED_ABROAD ? "&nbsp;&nbsp;" : "",
                      act_measure_label(a, (vl_act_measure)m));
        cell_count(b, a, t->count[m][0], false);
        cell_count(b, a, t->count[m][1], true);
        vl_buf_printf(b, "<td class=\"n\">%s</td>",
                      change_text(a, t->count[m][0], t->count[m][1], c, sizeof c));
        if (targets) {
            if (a->has_target[m]) {
                char tv[48], pc[48];
                rp_num(tv, sizeof tv, a->target[m], 0, a->en);
                if (a->target[m] > 0 && !act_hidden(a, t->count[m][0])) {
                    char n[32];
                    rp_num(n, sizeof n, 100 * t->count[m][0] / a->target[m], 1, a->en);
                    snprintf(pc, sizeof pc, "%s%%", n);
                } else {
                    snprintf(pc, sizeof pc, "–");
                }
                vl_buf_printf(b, "<td class=\"n\">%s</td><td class=\"n\">%s</td>", tv, pc);
            } else {
                vl_buf_puts(b, "<td class=\"n\">–</td><td class=\"n\">–</td>");
            }
        }
        vl_buf_puts(b, "</tr>");
    }
    /* outcomes of the total */
    char x[64], y[64];
    vl_buf_printf(b, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n p\">%s</td>",
                  act_word_get(a, AW_PLACEMENT_RATE),
                  act_ratio_text(a, t->placement[0], x, sizeof x),
                  act_ratio_text(a, t->placement[1], y, sizeof y));
    vl_buf_printf(b, "<td></td>%s</tr>", targets ? "<td></td><td></td>" : "");
    vl_buf_printf(b, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n p\">%s</td>",
                  act_word_get(a, AW_DAYS), median_text(a, t->days[0], x, sizeof x),
                  median_text(a, t->days[1], y, sizeof y));
    vl_buf_printf(b, "<td></td>%s</tr>", targets ? "<td></td><td></td>" : "");
    const act_ratio *k[2] = {t->kept3, t->kept6};
    for (int i = 0; i < 2; i++) {
        vl_buf_printf(b, "<tr><td>%s</td><td class=\"n\">%s</td><td class=\"n p\">%s</td>",
                      act_word_get(a, i ? AW_KEPT6 : AW_KEPT3),
                      act_ratio_text(a, k[i][0], x, sizeof x),
                      act_ratio_text(a, k[i][1], y, sizeof y));
        vl_buf_printf(b, "<td></td>%s</tr>", targets ? "<td></td><td></td>" : "");
    }
    vl_buf_puts(b, "</table>");
    if (!targets && a->from[0] % 10000 == 101 && a->to[0] % 10000 == 1231)
        para(b, "note", act_word_get(a, AW_NO_TARGETS));
}

static void html_dimension(vl_buf *b, const vl_activity *a, act_dim d, int number)
{
    vl_buf_printf(b, "<h3 id=\"dim-%s\">2.%d. %s</h3><table>", act_dim_key(d), number,
                  act_dim_label(a, d));
    const char *names[VL_ACT_N_MEASURES];
    size_t nm = 0;
    for (size_t i = 0; i < VL_ARRAY_LEN(person_measures); i++)
        names[nm++] = act_measure_label(a, person_measures[i]);
    head_pairs(b, a, act_word_get(a, AW_GROUP), names, nm);
    for (size_t g = a->first[d]; g < a->first[d + 1]; g++) {
        if (!group_used(a, g))
            continue;
        vl_buf_puts(b, "<tr><td>");
        rp_esc(b, a->groups[g].label);
        vl_buf_puts(b, "</td>");
        for (size_t i = 0; i < nm; i++) {
            cell_count(b, a, shown_count(&a->rows[g], person_measures[i], 0), false);
            cell_count(b, a, shown_count(&a->rows[g], person_measures[i], 1), true);
        }
        vl_buf_puts(b, "</tr>");
    }
    vl_buf_puts(b, "</table><table>");
    const char *onames[] = {act_word_get(a, AW_PLACEMENT_RATE), act_word_get(a, AW_DAYS),
                            act_word_get(a, AW_KEPT3), act_word_get(a, AW_KEPT6)};
    head_pairs(b, a, act_word_get(a, AW_GROUP), onames, 4);
    for (size_t g = a->first[d]; g < a->first[d + 1]; g++) {
        if (!group_used(a, g))
            continue;
        const act_row *r = &a->rows[g];
        char t[8][48];
        vl_buf_puts(b, "<tr><td>");
        rp_esc(b, a->groups[g].label);
        vl_buf_printf(b,
                      "</td><td class=\"n\">%s</td><td class=\"n p\">%s</td><td class=\"n\">%s"
                      "</td><td class=\"n p\">%s</td><td class=\"n\">%s</td><td class=\"n p\">"
                      "%s</td><td class=\"n\">%s</td><td class=\"n p\">%s</td></tr>",
                      act_ratio_text(a, shown_rate(r, ACT_RATE_PLACEMENT, 0), t[0], 48),
                      act_ratio_text(a, shown_rate(r, ACT_RATE_PLACEMENT, 1), t[1], 48),
                      median_text(a, r->days[0], t[2], 48), median_text(a, r->days[1], t[3], 48),
                      act_ratio_text(a, shown_rate(r, ACT_RATE_KEPT3, 0), t[4], 48),
                      act_ratio_text(a, shown_rate(r, ACT_RATE_KEPT3, 1), t[5], 48),
                      act_ratio_text(a, shown_rate(r, ACT_RATE_KEPT6, 0), t[6], 48),
                      act_ratio_text(a, shown_rate(r, ACT_RATE_KEPT6, 1), t[7], 48));
    }
    vl_buf_puts(b, "</table>");
}

static void html_vacancies(vl_buf *b, const vl_activity *a)
{
    vl_buf_printf(b, "<h2 id=\"vacancies\">3. %s</h2><table>", act_word_get(a, AW_VACANCIES));
    const char *names[3];
    for (int i = 0; i < 3; i++)
        names[i] = act_measure_label(a, vacancy_measures[i]);
    head_pairs(b, a, act_dim_label(a, ACT_DIM_AREA), names, 3);
    size_t gs[512], n = 0;
    gs[n++] = a->first[ACT_DIM_TOTAL];
    for (size_t g = a->first[ACT_DIM_AREA]; g < a->first[ACT_N_DIMS] && n < 512; g++)
        gs[n++] = g;
    for (size_t i = 0; i < n; i++) {
        const act_row *r = &a->rows[gs[i]];
        bool any = false;
        for (int k = 0; k < 3; k++)
            any |= r->count[vacancy_measures[k]][0] + r->count[vacancy_measures[k]][1] > 0;
        if (!any && i > 0)
            continue;
        vl_buf_printf(b, "<tr%s><td>", i == 0 ? " class=\"total\"" : "");
        rp_esc(b, a->groups[gs[i]].label);
        vl_buf_puts(b, "</td>");
        for (int k = 0; k < 3; k++) {
            cell_count(b, a, shown_count(r, vacancy_measures[k], 0), false);
            cell_count(b, a, shown_count(r, vacancy_measures[k], 1), true);
        }
        vl_buf_puts(b, "</tr>");
    }
    vl_buf_puts(b, "</table>");
}

static void html_abroad(vl_buf *b, const vl_activity *a)
{
    vl_buf_printf(b, "<h2 id=\"abroad\">4. %s</h2>", act_word_get(a, AW_ABROAD));
    if (a->n_countries == 0) {
        vl_buf_printf(b, "<p>%s</p>", act_word_get(a, AW_NO_ABROAD));
        return;
    }
    vl_buf_puts(b, "<table>");
    const char *names[] = {act_measure_label(a, VL_ACT_PLACED), act_word_get(a, AW_WOMEN)};
    head_pairs(b, a, act_word_get(a, AW_COUNTRY), names, 2);
    for (size_t i = 0; i < a->n_countries; i++) {
        const act_country *c = &a->countries[i];
        const char *name = vl_country_name(c->code, a->en ? "en" : "vi");
        if (name)
            vl_buf_printf(b, "<tr><td>%s (%s)</td>", name, c->code);
        else
            vl_buf_printf(b, "<tr><td>%s</td>", c->code);
        cell_count(b, a, c->placed[0], false);
        cell_count(b, a, c->placed[1], true);
        cell_count(b, a, c->women[0], false);
        cell_count(b, a, c->women[1], true);
        vl_buf_puts(b, "</tr>");
    }
    vl_buf_puts(b, "</table>");
}

static void html_fairs(vl_buf *b, const vl_activity *a)
{
    vl_buf_printf(b, "<h2 id=\"fairs\">5. %s</h2>", act_word_get(a, AW_FAIRS));
    if (a->n_fairs == 0) {
        vl_buf_printf(b, "<p>%s</p>", act_word_get(a, AW_NO_FAIRS));
        return;
    }
    vl_buf_printf(b,
                  "<table><thead><tr><th>%s</th><th>%s</th><th class=\"n\">%s</th><th "
                  "class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th><th "
                  "class=\"n\">%s</th></tr></thead>",
                  act_word_get(a, AW_DATE), act_word_get(a, AW_FAIR),
                  act_measure_label(a, VL_ACT_VACANCIES), act_measure_label(a, VL_ACT_POSITIONS),
                  act_word_get(a, AW_INVITATIONS), act_measure_label(a, VL_ACT_REFERRALS),
                  act_word_get(a, AW_HIRES));
    for (size_t i = 0; i < a->n_fairs; i++) {
        const act_fair *f = &a->fairs[i];
        char d[32];
        vl_format_date_text(d, sizeof d, f->date, a->en ? "en" : "vi");
        vl_buf_printf(b, "<tr><td>%s</td><td>", d);
        rp_esc(b, f->name ? f->name : f->id);
        vl_buf_puts(b, "</td>");
        /* counts of positions and vacancies describe employers, not people: shown exact */
        char v1[32], v2[32];
        vl_buf_printf(b, "<td class=\"n\">%s</td><td class=\"n\">%s</td>",
                      rp_num(v1, sizeof v1, f->vacancies, 0, a->en),
                      rp_num(v2, sizeof v2, f->positions, 0, a->en));
        cell_count(b, a, f->invitations, false);
        cell_count(b, a, f->referrals, false);
        cell_count(b, a, f->hires, false);
        vl_buf_puts(b, "</tr>");
    }
    vl_buf_puts(b, "</table>");
}

static void html_fairness(vl_buf *b, const vl_activity *a)
{
    vl_buf_printf(b, "<h2 id=\"fairness\">6. %s</h2>", act_word_get(a, AW_FAIRNESS));
    for (int part = 0; part < 2; part++) {
        act_dim d = part ? ACT_DIM_PRIORITY : ACT_DIM_SEX;
        vl_buf_printf(b,
                      "<h3>%s</h3><table><thead><tr><th rowspan=\"2\">%s</th><th rowspan=\"2\" "
                      "class=\"n\">%s</th><th colspan=\"2\">%s</th><th colspan=\"2\">%s</th>"
                      "<th rowspan=\"2\">%s</th></tr><tr><th class=\"n\">%s</th><th "
                      "class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr>"
                      "</thead>",
                      act_dim_label(a, d), act_word_get(a, AW_GROUP), act_word_get(a, AW_AVAILABLE),
                      act_word_get(a, AW_REFERRAL_RATE), act_word_get(a, AW_HIRE_RATE),
                      act_word_get(a, AW_GAP), act_word_get(a, AW_ALL_REFERRALS),
                      act_word_get(a, AW_RECOMMENDED), act_word_get(a, AW_ALL_REFERRALS),
                      act_word_get(a, AW_RECOMMENDED));
        for (size_t i = 0; i < a->n_fairness; i++) {
            const act_fair_row *r = &a->fairness[i];
            if (r->dim != d || (r->available == 0 && r->decided == 0))
                continue;
            char t[5][128];
            vl_buf_puts(b, "<tr><td>");
            rp_esc(b, r->label);
            vl_buf_puts(b, "</td>");
            cell_count(b, a, r->available, false);
            vl_buf_printf(b,
                          "<td class=\"n\">%s</td><td class=\"n\">%s</td><td class=\"n\">%s</td>"
                          "<td class=\"n\">%s</td>",
                          rate_ci_text(a, r->referred, r->available, t[0], 128),
                          rate_ci_text(a, r->referred_rec, r->available, t[1], 128),
                          rate_ci_text(a, r->hired, r->decided, t[2], 128),
                          rate_ci_text(a, r->hired_rec, r->decided_rec, t[3], 128));
            double lo, hi;
            act_newcombe(r->referred, r->available, r->rest_referred, r->rest_available, &lo, &hi);
            act_ratio mine = {r->referred, r->available},
                      rest = {r->rest_referred, r->rest_available};
            if (isnan(lo) || ratio_hidden(a, mine) || ratio_hidden(a, rest)) {
                vl_buf_puts(b, "<td class=\"n\">–</td></tr>");
                continue;
            }
            char d1[32], l1[32], h1[32];
            rp_num(d1, sizeof d1,
                   100 * (r->referred / r->available - r->rest_referred / r->rest_available), 1,
                   a->en);
            rp_num(l1, sizeof l1, 100 * lo, 1, a->en);
            rp_num(h1, sizeof h1, 100 * hi, 1, a->en);
            vl_buf_printf(b, "<td class=\"n%s\">%s (%s – %s)%s%s</td></tr>",
                          hi < 0 ? " behind" : "", d1, l1, h1, hi < 0 ? " " : "",
                          hi < 0 ? act_word_get(a, AW_BEHIND) : "");
        }
        vl_buf_puts(b, "</table>");
    }
    char n1[32], n2[32], line[200];
    snprintf(line, sizeof line, "%s %s / %s.",
             a->en ? "Referrals of the period that vieclam would have recommended:"
                   : "Số lần giới thiệu trong kỳ mà vieclam sẽ đề xuất:",
             act_count_text(a, (double)a->n_recommended, n1, sizeof n1),
             act_count_text(a, (double)a->n_ranked, n2, sizeof n2));
    para(b, "note", line);
    para(b, "note", act_word_get(a, AW_FAIRNESS_TEXT));
}

vl_status vl_activity_html(vl_ctx *ctx, const vl_activity *a, const char *path)
{
    if (!a || !path)
        return vl__error(ctx, VL_ERR_ARG, "vl_activity_html: missing argument");
    vl_buf b = {0};
    vl_buf_printf(&b, "<!DOCTYPE html><html lang=\"%s\"><head><meta charset=\"utf-8\"><title>",
                  a->en ? "en" : "vi");
    rp_esc(&b, a->title);
    vl_buf_printf(&b, "</title><style>%s</style></head><body><h1>", css);
    rp_esc(&b, a->title);
    char created[32];
    vl_format_date_text(created, sizeof created, a->created, a->en ? "en" : "vi");
    vl_buf_puts(&b, "</h1><p class=\"sub\">");
    if (a->scope[0]) {
        vl_buf_printf(&b, "%s: <b>", act_word_get(a, AW_SCOPE));
        rp_esc(&b, a->scope);
        vl_buf_puts(&b, "</b> · ");
    }
    vl_buf_printf(&b, "%s: ", act_word_get(a, AW_PERIOD));
    rp_esc(&b, a->period_label[ACT_NOW]);
    vl_buf_printf(&b, " · %s: ", act_word_get(a, AW_PREVIOUS));
    rp_esc(&b, a->period_label[ACT_PREV]);
    vl_buf_printf(&b, " · %s: %s</p>", act_word_get(a, AW_CREATED), created);
    para(&b, a->opt.exact ? "warn" : "note",
         act_word_get(a, a->opt.exact ? AW_EXACT_NOTE : AW_SMALL_NOTE));
    vl_buf_printf(&b,
                  "<nav><ol><li><a href=\"#summary\">%s</a></li><li><a href=\"#by\">%s</a></li>"
                  "<li><a href=\"#vacancies\">%s</a></li><li><a href=\"#abroad\">%s</a></li>"
                  "<li><a href=\"#fairs\">%s</a></li><li><a href=\"#fairness\">%s</a></li>"
                  "<li><a href=\"#methods\">%s</a></li></ol></nav>",
                  act_word_get(a, AW_SUMMARY), act_word_get(a, AW_BY),
                  act_word_get(a, AW_VACANCIES), act_word_get(a, AW_ABROAD),
                  act_word_get(a, AW_FAIRS), act_word_get(a, AW_FAIRNESS),
                  act_word_get(a, AW_METHODS));
    html_summary(&b, a);
    vl_buf_printf(&b, "<h2 id=\"by\">2. %s</h2>", act_word_get(a, AW_BY));
    for (size_t i = 0; i < VL_ARRAY_LEN(person_dims); i++)
        html_dimension(&b, a, person_dims[i], (int)i + 1);
    html_vacancies(&b, a);
    html_abroad(&b, a);
    html_fairs(&b, a);
    html_fairness(&b, a);
    vl_buf_printf(&b, "<h2 id=\"methods\">7. %s</h2>", act_word_get(a, AW_METHODS));
    para(&b, "note", act_word_get(a, AW_METHODS_TEXT));
    if (a->scope[0])
        para(&b, "note", act_word_get(a, AW_SCOPE_TEXT));
    para(&b, "note", act_word_get(a, a->opt.exact ? AW_EXACT_NOTE : AW_SMALL_NOTE));
    vl_buf_puts(&b, "</body></html>\n");
    if (!b.data || b.failed) {
        vl_buf_free(&b);
        return vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    vl_status st = vl_output_write_file(ctx, path, VL_OUTPUT_PRIVATE, b.data, b.len);
    vl_buf_free(&b);
    return st;
}

/* ---- CSV --------------------------------------------------------------------------------------
 */

typedef struct csv_out {
    vl_csv_writer *w;
    const vl_activity *a;
    vl_status st;
} csv_out;

static void csv_row(csv_out *o, const char *table, const char *dim, const char *group,
                    const char *measure, int period, bool exists, double value, const char *shown)
{
    if (o->st != VL_OK)
        return;
    char v[40] = "";
    if (exists)
        vl_format_double(v, sizeof v, value, 10);
    const char *cells[] = {table, dim, group, measure, period ? "previous" : "current", v, shown};
    o->st = vl_csv_write_row(o->w, 7, cells);
}

static void csv_count(csv_out *o, const char *table, const char *dim, const char *group,
                      const char *measure, int period, double v)
{
    char t[48];
    act_count_text(o->a, v, t, sizeof t);
    csv_row(o, table, dim, group, measure, period, !act_hidden(o->a, v), v, t);
}

static void csv_ratio(csv_out *o, const char *dim, const char *group, const char *measure,
                      int period, act_ratio r)
{
    char t[48];
    act_ratio_text(o->a, r, t, sizeof t);
    bool shown = !ratio_hidden(o->a, r);
    csv_row(o, "rates", dim, group, measure, period, shown, shown ? r.num / r.den : 0, t);
    if (shown) { /* the counts the rate is made of, for a reader who checks it */
        char key[64];
        snprintf(key, sizeof key, "%s_n", measure);
        csv_row(o, "rates", dim, group, key, period, true, r.den, "");
    }
}

vl_status vl_activity_csv(vl_ctx *ctx, const vl_activity *a, const char *path)
{
    if (!a || !path)
        return vl__error(ctx, VL_ERR_ARG, "vl_activity_csv: missing argument");
    csv_out o = {NULL, a, VL_OK};
    vl_status st = vl_csv_writer_open(ctx, path, VL_OUTPUT_PRIVATE, &o.w);
    if (st != VL_OK)
        return st;
    static const char *const head[] = {"table",  "dimension", "group", "measure",
                                       "period", "value",     "shown"};
    o.st = vl_csv_write_row(o.w, 7, head);
    if (a->opt.exact && o.st == VL_OK) { /* the mark the page and the workbook carry, as a row
                                            a reader keeping the tables it knows passes over */
        const char *mark[] = {"notice", "", "", "exact", "", "", act_word_get(a, AW_EXACT_NOTE)};
        o.st = vl_csv_write_row(o.w, 7, mark);
    }
    for (size_t g = 0; g < a->n_groups; g++) {
        const act_group *gr = &a->groups[g];
        const act_row *r = &a->rows[g];
        bool people = g == a->first[ACT_DIM_TOTAL] || group_used(a, g);
        bool jobs = g == a->first[ACT_DIM_TOTAL] || vacancy_group_used(a, g);
        if (!people && !jobs)
            continue;
        const char *dim = act_dim_key(gr->dim);
        for (int m = 0; m < VL_ACT_N_MEASURES; m++) {
            bool of_people = act_by_seeker((vl_act_measure)m) || m == VL_ACT_REFERRALS;
            bool fits = gr->dim == ACT_DIM_TOTAL ||
                        (of_people ? people : jobs && gr->dim == ACT_DIM_AREA && m != VL_ACT_FAIRS);
            if (!fits)
                continue;
            for (int p = 0; p < 2; p++)
                csv_count(&o, "counts", dim, gr->key, vl_act_measure_name((vl_act_measure)m), p,
                          shown_count(r, (vl_act_measure)m, p));
        }
        for (int p = 0; people && p < 2; p++) {
            csv_ratio(&o, dim, gr->key, "placement_rate", p, shown_rate(r, ACT_RATE_PLACEMENT, p));
            char t[48];
            bool shown = r->days[p].n > 0 && !act_hidden(a, (double)r->days[p].n);
            median_text(a, r->days[p], t, sizeof t);
            csv_row(&o, "rates", dim, gr->key, "days_to_placement", p, shown, r->days[p].value, t);
            csv_ratio(&o, dim, gr->key, "kept_3m", p, shown_rate(r, ACT_RATE_KEPT3, p));
            csv_ratio(&o, dim, gr->key, "kept_6m", p, shown_rate(r, ACT_RATE_KEPT6, p));
        }
    }
    for (size_t i = 0; i < a->n_countries; i++)
        for (int p = 0; p < 2; p++) {
            csv_count(&o, "abroad", "country", a->countries[i].code, "placed", p,
                      a->countries[i].placed[p]);
            csv_count(&o, "abroad", "country", a->countries[i].code, "women", p,
                      a->countries[i].women[p]);
        }
    for (size_t i = 0; i < a->n_fairs; i++) {
        const act_fair *f = &a->fairs[i];
        char t[48];
        csv_row(&o, "fairs", "fair", f->id, "vacancies", 0, true, f->vacancies,
                rp_num(t, sizeof t, f->vacancies, 0, a->en));
        csv_row(&o, "fairs", "fair", f->id, "positions", 0, true, f->positions,
                rp_num(t, sizeof t, f->positions, 0, a->en));
        csv_count(&o, "fairs", "fair", f->id, "invitations", 0, f->invitations);
        csv_count(&o, "fairs", "fair", f->id, "referrals", 0, f->referrals);
        csv_count(&o, "fairs", "fair", f->id, "hires", 0, f->hires);
    }
    for (size_t i = 0; i < a->n_fairness; i++) {
        const act_fair_row *r = &a->fairness[i];
        const char *dim = act_dim_key(r->dim);
        struct {
            const char *m;
            double k, n;
        } rates[] = {{"referral_rate", r->referred, r->available},
                     {"referral_rate_recommended", r->referred_rec, r->available},
                     {"hire_rate", r->hired, r->decided},
                     {"hire_rate_recommended", r->hired_rec, r->decided_rec}};
        csv_count(&o, "fairness", dim, r->key, "available", 0, r->available);
        for (size_t k = 0; k < 4; k++) {
            act_ratio q = {rates[k].k, rates[k].n};
            char t[128], name[64];
            rate_ci_text(a, q.num, q.den, t, sizeof t);
            bool shown = !ratio_hidden(a, q);
            csv_row(&o, "fairness", dim, r->key, rates[k].m, 0, shown, shown ? q.num / q.den : 0,
                    t);
            if (shown) {
                double lo, hi;
                act_wilson(q.num, q.den, &lo, &hi);
                snprintf(name, sizeof name, "%s_lo", rates[k].m);
                csv_row(&o, "fairness", dim, r->key, name, 0, true, lo, "");
                snprintf(name, sizeof name, "%s_hi", rates[k].m);
                csv_row(&o, "fairness", dim, r->key, name, 0, true, hi, "");
            }
        }
    }
    for (int m = 0; a->target_year && m < VL_ACT_N_MEASURES; m++)
        if (a->has_target[m]) {
            char t[48];
            csv_row(&o, "targets", "year", "all", vl_act_measure_name((vl_act_measure)m), 0, true,
                    a->target[m], rp_num(t, sizeof t, a->target[m], 0, a->en));
        }
    if (o.st != VL_OK)
        o.st = vl__error(ctx, VL_ERR_IO, "%s: write failed", path);
    if (o.st != VL_OK) {
        vl_csv_writer_close(NULL, o.w); /* an incomplete file never appears */
        return o.st;
    }
    return vl_csv_writer_close(ctx, o.w);
}

/* ---- XLSX -------------------------------------------------------------------------------------
 */

/* A count: the number, or the text "<5" under the rule. */
static void x_count(vl_xlsx_sheet *s, size_t row, size_t col, const vl_activity *a, double v)
{
    if (act_hidden(a, v)) {
        char t[16];
        act_count_text(a, v, t, sizeof t);
        vl_xlsx_write_string(s, row, col, t, VL_XLSX_FMT_DEFAULT);
    } else {
        vl_xlsx_write_number(s, row, col, v, VL_XLSX_FMT_THOUSANDS);
    }
}

static void x_ratio(vl_xlsx_sheet *s, size_t row, size_t col, const vl_activity *a, act_ratio r)
{
    if (ratio_hidden(a, r))
        vl_xlsx_write_string(s, row, col, "–", VL_XLSX_FMT_DEFAULT);
    else
        vl_xlsx_write_number(s, row, col, r.num / r.den, VL_XLSX_FMT_PERCENT1);
}

static void x_median(vl_xlsx_sheet *s, size_t row, size_t col, const vl_activity *a, act_median m)
{
    if (m.n == 0 || act_hidden(a, (double)m.n))
        vl_xlsx_write_string(s, row, col, "–", VL_XLSX_FMT_DEFAULT);
    else
        vl_xlsx_write_number(s, row, col, m.value, VL_XLSX_FMT_DEC1);
}

/* "Đăng ký (kỳ này)", "Đăng ký (cùng kỳ)" */
static void pair_headers(const vl_activity *a, const char *name, char out[2][160])
{
    snprintf(out[0], 160, "%.140s (%s)", name, a->en ? "now" : "kỳ này");
    snprintf(out[1], 160, "%.140s (%s)", name, a->en ? "last year" : "cùng kỳ");
}

vl_status vl_activity_xlsx(vl_ctx *ctx, const vl_activity *a, const char *path)
{
    if (!a || !path)
        return vl__error(ctx, VL_ERR_ARG, "vl_activity_xlsx: missing argument");
    vl_xlsx *x = NULL;
    vl_status st = vl_xlsx_create(ctx, path, VL_OUTPUT_PRIVATE, &x);
    if (st != VL_OK)
        return st;
    /* summary */
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, act_word_get(a, AW_SUMMARY));
    if (s) {
        vl_xlsx_write_string(s, 0, 0, a->title, VL_XLSX_FMT_BOLD);
        vl_xlsx_write_string(s, 1, 0, act_word_get(a, a->opt.exact ? AW_EXACT_NOTE : AW_SMALL_NOTE),
                             VL_XLSX_FMT_DEFAULT);
        char p0[160], p1[160], ty[64], scope[480];
        if (a->scope[0]) {
            snprintf(scope, sizeof scope, "%s: %s", act_word_get(a, AW_SCOPE), a->scope);
            vl_xlsx_write_string(s, 2, 0, scope, VL_XLSX_FMT_DEFAULT);
        }
        snprintf(p0, sizeof p0, "%s: %s", act_word_get(a, AW_PERIOD), a->period_label[0]);
        snprintf(p1, sizeof p1, "%s: %s", act_word_get(a, AW_PREVIOUS), a->period_label[1]);
        snprintf(ty, sizeof ty, "%s %d", act_word_get(a, AW_TARGET), a->target_year);
        const char *head[] = {act_word_get(a, AW_MEASURE), p0, p1,
                              act_word_get(a, AW_CHANGE),  ty, act_word_get(a, AW_DONE_OF_TARGET)};
        size_t nh = a->target_year ? 6 : 4;
        vl_xlsx_write_header(s, 3, head, nh, 3 + VL_ACT_N_MEASURES + 4);
        const act_row *t = &a->rows[a->first[ACT_DIM_TOTAL]];
        size_t row = 4;
        for (int m = 0; m < VL_ACT_N_MEASURES; m++, row++) {
            double now = t->count[m][0], prev = t->count[m][1];
            vl_xlsx_write_string(s, row, 0, act_measure_label(a, (vl_act_measure)m),
                                 VL_XLSX_FMT_DEFAULT);
            x_count(s, row, 1, a, now);
            x_count(s, row, 2, a, prev);
            /* as the page: "–" when either count is hidden or last year's is 0 */
            if (act_hidden(a, now) || act_hidden(a, prev) || prev == 0)
                vl_xlsx_write_string(s, row, 3, "–", VL_XLSX_FMT_DEFAULT);
            else
                vl_xlsx_write_number(s, row, 3, (now - prev) / prev, VL_XLSX_FMT_PERCENT1);
            if (a->target_year && a->has_target[m]) {
                vl_xlsx_write_number(s, row, 4, a->target[m], VL_XLSX_FMT_THOUSANDS);
                if (a->target[m] > 0 && !act_hidden(a, now))
                    vl_xlsx_write_number(s, row, 5, now / a->target[m], VL_XLSX_FMT_PERCENT1);
                else
                    vl_xlsx_write_string(s, row, 5, "–", VL_XLSX_FMT_DEFAULT);
            } else if (a->target_year) {
                vl_xlsx_write_string(s, row, 4, "–", VL_XLSX_FMT_DEFAULT);
                vl_xlsx_write_string(s, row, 5, "–", VL_XLSX_FMT_DEFAULT);
            }
        }
        vl_xlsx_write_string(s, row, 0, act_word_get(a, AW_PLACEMENT_RATE), VL_XLSX_FMT_DEFAULT);
        x_ratio(s, row, 1, a, t->placement[0]);
        x_ratio(s, row++, 2, a, t->placement[1]);
        vl_xlsx_write_string(s, row, 0, act_word_get(a, AW_DAYS), VL_XLSX_FMT_DEFAULT);
        x_median(s, row, 1, a, t->days[0]);
        x_median(s, row++, 2, a, t->days[1]);
        vl_xlsx_write_string(s, row, 0, act_word_get(a, AW_KEPT3), VL_XLSX_FMT_DEFAULT);
        x_ratio(s, row, 1, a, t->kept3[0]);
        x_ratio(s, row++, 2, a, t->kept3[1]);
        vl_xlsx_write_string(s, row, 0, act_word_get(a, AW_KEPT6), VL_XLSX_FMT_DEFAULT);
        x_ratio(s, row, 1, a, t->kept6[0]);
        x_ratio(s, row, 2, a, t->kept6[1]);
        vl_xlsx_column_width(s, 0, 0, 44, VL_XLSX_FMT_DEFAULT);
        vl_xlsx_column_width(s, 1, 5, 24, VL_XLSX_FMT_DEFAULT);
    }
    /* one sheet per breakdown: counts and outcomes side by side */
    for (size_t i = 0; i < VL_ARRAY_LEN(person_dims); i++) {
        act_dim d = person_dims[i];
        s = vl_xlsx_add_sheet(x, act_dim_label(a, d));
        if (!s)
            break;
        char h[32][160];
        const char *head[32];
        size_t nh = 0;
        snprintf(h[nh], 160, "%s", act_word_get(a, AW_GROUP));
        head[nh] = h[nh];
        nh++;
        const char *names[] = {act_measure_label(a, VL_ACT_REGISTERED),
                               act_measure_label(a, VL_ACT_COUNSELLED),
                               act_measure_label(a, VL_ACT_REFERRED),
                               act_measure_label(a, VL_ACT_PLACED),
                               act_measure_label(a, VL_ACT_PLACED_ABROAD),
                               act_word_get(a, AW_PLACEMENT_RATE),
                               act_word_get(a, AW_DAYS),
                               act_word_get(a, AW_KEPT3),
                               act_word_get(a, AW_KEPT6)};
        for (size_t k = 0; k < 9; k++) {
            char pair[2][160];
            pair_headers(a, names[k], pair);
            for (int p = 0; p < 2; p++) {
                memcpy(h[nh], pair[p], 160);
                head[nh] = h[nh];
                nh++;
            }
        }
        size_t row = 1;
        vl_xlsx_write_header(s, 0, head, nh, 0);
        for (size_t g = a->first[d]; g < a->first[d + 1]; g++) {
            if (!group_used(a, g))
                continue;
            const act_row *r = &a->rows[g];
            vl_xlsx_write_string(s, row, 0, a->groups[g].label, VL_XLSX_FMT_DEFAULT);
            size_t col = 1;
            for (size_t k = 0; k < VL_ARRAY_LEN(person_measures); k++)
                for (int p = 0; p < 2; p++)
                    x_count(s, row, col++, a, shown_count(r, person_measures[k], p));
            for (int p = 0; p < 2; p++)
                x_ratio(s, row, col++, a, shown_rate(r, ACT_RATE_PLACEMENT, p));
            for (int p = 0; p < 2; p++)
                x_median(s, row, col++, a, r->days[p]);
            for (int p = 0; p < 2; p++)
                x_ratio(s, row, col++, a, shown_rate(r, ACT_RATE_KEPT3, p));
            for (int p = 0; p < 2; p++)
                x_ratio(s, row, col++, a, shown_rate(r, ACT_RATE_KEPT6, p));
            row++;
        }
        vl_xlsx_autofilter(s, 0, 0, row - 1, nh - 1);
        vl_xlsx_column_width(s, 0, 0, 30, VL_XLSX_FMT_DEFAULT);
        vl_xlsx_column_width(s, 1, nh - 1, 16, VL_XLSX_FMT_DEFAULT);
    }
    /* vacancies by area */
    if ((s = vl_xlsx_add_sheet(x, act_word_get(a, AW_VACANCIES)))) {
        char h[7][160];
        const char *head[7];
        snprintf(h[0], 160, "%s", act_dim_label(a, ACT_DIM_AREA));
        head[0] = h[0];
        for (size_t k = 0; k < 3; k++) {
            char pair[2][160];
            pair_headers(a, act_measure_label(a, vacancy_measures[k]), pair);
            for (int p = 0; p < 2; p++) {
                memcpy(h[1 + 2 * k + (size_t)p], pair[p], 160);
                head[1 + 2 * k + (size_t)p] = h[1 + 2 * k + (size_t)p];
            }
        }
        vl_xlsx_write_header(s, 0, head, 7, 0);
        size_t row = 1;
        for (size_t g = a->first[ACT_DIM_TOTAL]; g < a->first[ACT_N_DIMS]; g++) {
            if (g != a->first[ACT_DIM_TOTAL] && a->groups[g].dim != ACT_DIM_AREA)
                continue;
            const act_row *r = &a->rows[g];
            double any = 0;
            for (size_t k = 0; k < 3; k++)
                any += r->count[vacancy_measures[k]][0] + r->count[vacancy_measures[k]][1];
            if (g != a->first[ACT_DIM_TOTAL] && any == 0)
                continue;
            vl_xlsx_write_string(s, row, 0, a->groups[g].label, VL_XLSX_FMT_DEFAULT);
            for (size_t k = 0; k < 3; k++)
                for (int p = 0; p < 2; p++)
                    x_count(s, row, 1 + 2 * k + (size_t)p, a,
                            shown_count(r, vacancy_measures[k], p));
            row++;
        }
        vl_xlsx_column_width(s, 0, 0, 30, VL_XLSX_FMT_DEFAULT);
        vl_xlsx_column_width(s, 1, 6, 18, VL_XLSX_FMT_DEFAULT);
    }
    /* abroad, fairs */
    if ((s = vl_xlsx_add_sheet(x, act_word_get(a, AW_SHEET_ABROAD)))) {
        char pp[2][160], pw[2][160];
        pair_headers(a, act_measure_label(a, VL_ACT_PLACED), pp);
        pair_headers(a, act_word_get(a, AW_WOMEN), pw);
        const char *head[] = {act_word_get(a, AW_COUNTRY), pp[0], pp[1], pw[0], pw[1]};
        vl_xlsx_write_header(s, 0, head, 5, a->n_countries);
        for (size_t i = 0; i < a->n_countries; i++) {
            const char *name = vl_country_name(a->countries[i].code, a->en ? "en" : "vi");
            char cn[160];
            snprintf(cn, sizeof cn, name ? "%s (%s)" : "%.0s%s", name ? name : "",
                     a->countries[i].code);
            vl_xlsx_write_string(s, i + 1, 0, cn, VL_XLSX_FMT_DEFAULT);
            for (int p = 0; p < 2; p++) {
                x_count(s, i + 1, 1 + (size_t)p, a, a->countries[i].placed[p]);
                x_count(s, i + 1, 3 + (size_t)p, a, a->countries[i].women[p]);
            }
        }
    }
    if ((s = vl_xlsx_add_sheet(x, act_word_get(a, AW_FAIRS)))) {
        const char *head[] = {act_word_get(a, AW_DATE),
                              act_word_get(a, AW_FAIR),
                              act_measure_label(a, VL_ACT_VACANCIES),
                              act_measure_label(a, VL_ACT_POSITIONS),
                              act_word_get(a, AW_INVITATIONS),
                              act_measure_label(a, VL_ACT_REFERRALS),
                              act_word_get(a, AW_HIRES)};
        vl_xlsx_fmt dmy = vl_xlsx_format_add(x, "dd/mm/yyyy", false); /* as the centre writes */
        vl_xlsx_write_header(s, 0, head, 7, a->n_fairs);
        for (size_t i = 0; i < a->n_fairs; i++) {
            const act_fair *f = &a->fairs[i];
            vl_xlsx_write_date(s, i + 1, 0, f->date, dmy);
            vl_xlsx_write_string(s, i + 1, 1, f->name ? f->name : f->id, VL_XLSX_FMT_DEFAULT);
            vl_xlsx_write_number(s, i + 1, 2, f->vacancies, VL_XLSX_FMT_THOUSANDS);
            vl_xlsx_write_number(s, i + 1, 3, f->positions, VL_XLSX_FMT_THOUSANDS);
            x_count(s, i + 1, 4, a, f->invitations);
            x_count(s, i + 1, 5, a, f->referrals);
            x_count(s, i + 1, 6, a, f->hires);
        }
        vl_xlsx_column_width(s, 0, 0, 12, VL_XLSX_FMT_DEFAULT);
        vl_xlsx_column_width(s, 1, 1, 40, VL_XLSX_FMT_DEFAULT);
    }
    /* fairness: each rate with its interval in two more columns */
    if ((s = vl_xlsx_add_sheet(x, act_word_get(a, AW_SHEET_FAIRNESS)))) {
        const char *const suffix[] = {"", a->en ? " – lower bound (95%)" : " – cận dưới (95%)",
                                      a->en ? " – upper bound (95%)" : " – cận trên (95%)"};
        char h[16][160];
        const char *head[16];
        size_t nh = 0;
        snprintf(h[nh], 160, "%s", act_word_get(a, AW_GROUP));
        head[nh] = h[nh];
        nh++;
        snprintf(h[nh], 160, "%s", act_word_get(a, AW_AVAILABLE));
        head[nh] = h[nh];
        nh++;
        char names[4][160];
        snprintf(names[0], 160, "%.60s (%.60s)", act_word_get(a, AW_REFERRAL_RATE),
                 act_word_get(a, AW_ALL_REFERRALS));
        snprintf(names[1], 160, "%.60s (%.60s)", act_word_get(a, AW_REFERRAL_RATE),
                 act_word_get(a, AW_RECOMMENDED));
        snprintf(names[2], 160, "%.60s (%.60s)", act_word_get(a, AW_HIRE_RATE),
                 act_word_get(a, AW_ALL_REFERRALS));
        snprintf(names[3], 160, "%.60s (%.60s)", act_word_get(a, AW_HIRE_RATE),
                 act_word_get(a, AW_RECOMMENDED));
        for (int k = 0; k < 4; k++)
            for (int j = 0; j < 3; j++) {
                snprintf(h[nh], 160, "%.140s%s", names[k], suffix[j]);
                head[nh] = h[nh];
                nh++;
            }
        vl_xlsx_write_header(s, 0, head, nh, a->n_fairness);
        for (size_t i = 0; i < a->n_fairness; i++) {
            const act_fair_row *r = &a->fairness[i];
            vl_xlsx_write_string(s, i + 1, 0, r->label, VL_XLSX_FMT_DEFAULT);
            x_count(s, i + 1, 1, a, r->available);
            double kn[4][2] = {{r->referred, r->available},
                               {r->referred_rec, r->available},
                               {r->hired, r->decided},
                               {r->hired_rec, r->decided_rec}};
            for (size_t k = 0; k < 4; k++) {
                act_ratio q = {kn[k][0], kn[k][1]};
                size_t col = 2 + 3 * k;
                x_ratio(s, i + 1, col, a, q);
                if (!ratio_hidden(a, q)) {
                    double lo, hi;
                    act_wilson(q.num, q.den, &lo, &hi);
                    vl_xlsx_write_number(s, i + 1, col + 1, lo, VL_XLSX_FMT_PERCENT1);
                    vl_xlsx_write_number(s, i + 1, col + 2, hi, VL_XLSX_FMT_PERCENT1);
                }
            }
        }
        vl_xlsx_column_width(s, 0, 0, 30, VL_XLSX_FMT_DEFAULT);
    }
    if ((s = vl_xlsx_add_sheet(x, act_word_get(a, AW_METHODS)))) {
        vl_xlsx_write_string(s, 0, 0, act_word_get(a, AW_METHODS_TEXT), VL_XLSX_FMT_DEFAULT);
        vl_xlsx_write_string(s, 1, 0, act_word_get(a, AW_FAIRNESS_TEXT), VL_XLSX_FMT_DEFAULT);
        vl_xlsx_write_string(s, 2, 0, act_word_get(a, a->opt.exact ? AW_EXACT_NOTE : AW_SMALL_NOTE),
                             VL_XLSX_FMT_DEFAULT);
        if (a->scope[0])
            vl_xlsx_write_string(s, 3, 0, act_word_get(a, AW_SCOPE_TEXT), VL_XLSX_FMT_DEFAULT);
    }
    return vl_xlsx_close(x);
}
