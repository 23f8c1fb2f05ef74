/*
 * template.c - vl_sheet_template (sheet.h): the workbook staff fill in for an import. Sheet 1
 * has the kind's Vietnamese headers (headers.c), one example row and dropdowns where a column
 * takes a fixed list (education, priority group, status, gender, channel, outcome, occupation);
 * the lists live on a sheet "Danh mục" and the occupations with their Vietnamese titles on a
 * sheet "Nghề nghiệp". Every label of a dropdown is one the importer accepts (values.c), and the
 * example rows of the four kinds import together (the test does it).
 */
#include "store/store.h"

#include <string.h>

#include <vieclam/ref.h>
#include <vieclam/sheet.h>

#include "io/xlsx.h"

/* A dropdown: the column it applies to and the labels it offers (Vietnamese aliases). */
typedef struct dropdown {
    const char *column;
    const char *title; /* the list's header on "Danh mục" */
    const char *const *labels;
} dropdown;

static const char *const education[] = {"Chưa qua đào tạo",
                                        "Tiểu học",
                                        "Trung học cơ sở",
                                        "Trung học phổ thông",
                                        "Sơ cấp",
                                        "Trung cấp",
                                        "Cao đẳng",
                                        "Đại học",
                                        "Thạc sĩ",
                                        "Tiến sĩ",
                                        NULL};
static const char *const priority[] = {
    "Hộ nghèo",  "Cận nghèo",       "Khuyết tật", "Dân tộc thiểu số",
    "Nông thôn", "Bộ đội xuất ngũ", "Khác",       NULL};
static const char *const status[] = {"Đang tìm việc", "Đã có việc", "Rút hồ sơ", NULL};
static const char *const gender[] = {"Nam", "Nữ", "Khác", NULL};
static const char *const channel[] = {"Tại quầy", "Hội chợ", "Điện thoại", "Trực tuyến", NULL};
static const char *const outcome[] = {"Không đến", "Đã phỏng vấn", "Không đạt",
                                      "Từ chối",   "Trúng tuyển",  NULL};

static const dropdown dropdowns[] = {
    {"education", "Trình độ học vấn", education},
    {"education_min", "Trình độ học vấn", education},
    {"priority", "Nhóm ưu tiên", priority},
    {"status", "Trạng thái", status},
    {"gender", "Giới tính", gender},
    {"channel", "Hình thức giới thiệu", channel},
    {"outcome", "Kết quả", outcome},
};

/* The example rows: one coherent set (the employer of the vacancy, the seeker and vacancy of
 * the referral), in the contract's values or their Vietnamese forms. */
typedef struct example {
    const char *column, *value;
} example;

static const example examples[VL_KIND_COUNT][20] = {
    [VL_KIND_EMPLOYERS] = {{"id", "E0001"},
                           {"name", "Công ty TNHH Cơ khí Hải Phòng"},
                           {"industry", "C"},
                           {"area", "31"}},
    [VL_KIND_VACANCIES] = {{"id", "V0001"},
                           {"employer", "E0001"},
                           {"title", "Thợ hàn"},
                           {"occupation", "7212"},
                           {"skills_required", "Hàn điện"},
                           {"skills_preferred", "Đọc bản vẽ"},
                           {"education_min", "Trung học cơ sở"},
                           {"experience_min", "1"},
                           {"wage_min", "8000000"},
                           {"wage_max", "12000000"},
                           {"positions", "5"},
                           {"area", "31"},
                           {"posted", "2025-09-01"},
                           {"closes", "2025-10-31"}},
    [VL_KIND_SEEKERS] = {{"id", "S0001"},
                         {"name", "Nguyễn Văn An"},
                         {"birth_year", "1995"},
                         {"gender", "Nam"},
                         {"area", "31"},
                         {"education", "Trung học phổ thông"},
                         {"occupations", "7212"},
                         {"skills", "Hàn điện; Đọc bản vẽ"},
                         {"experience_years", "3"},
                         {"wage_min", "9000000"},
                         {"max_commute_km", "20"},
                         {"registered", "2025-09-05"},
                         {"status", "Đang tìm việc"}},
    [VL_KIND_REFERRALS] = {{"id", "R0001"},
                           {"seeker", "S0001"},
                           {"vacancy", "V0001"},
                           {"referred_on", "2025-09-10"},
                           {"channel", "Tại quầy"},
                           {"staff", "cb01"}},
};

static const char *example_of(vl_kind kind, const char *column)
{
    for (size_t i = 0; i < 20 && examples[kind][i].column; i++)
        if (strcmp(examples[kind][i].column, column) == 0)
            return examples[kind][i].value;
    return NULL;
}

static const dropdown *dropdown_of(const char *column)
{
    for (size_t i = 0; i < sizeof dropdowns / sizeof dropdowns[0]; i++)
        if (strcmp(dropdowns[i].column, column) == 0)
            return &dropdowns[i];
    return NULL;
}

/* "A", "B", ..., "AA": the column letters of a 0-based index. */
static void col_letters(size_t col, char out[8])
{
    char tmp[8];
    size_t n = 0;
    col++;
    while (col && n < 7) {
        tmp[n++] = (char)('A' + (col - 1) % 26);
        col = (col - 1) / 26;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

/* Rows of the template that carry the dropdowns: the example and room for a centre's intake. */
enum { TEMPLATE_ROWS = 5000 };

vl_status vl_sheet_template(vl_ctx *ctx, vl_kind kind, const char *path)
{
    if (!path || (int)kind < 0 || kind >= VL_KIND_COUNT)
        return vl__error(ctx, VL_ERR_ARG, "vl_sheet_template: missing argument");
    size_t ncols = 0;
    const char *const *cols = vl_kind_columns(kind, &ncols);
    if (!cols || !ncols)
        return vl__error(ctx, VL_ERR_ARG, "no template for %s", vl_kind_name(kind));
    vl_xlsx *x = NULL;
    vl_status st = vl_xlsx_create(ctx, path, 0, &x);
    if (st != VL_OK)
        return st;
    static const char *const sheet_names[VL_KIND_COUNT] = {
        [VL_KIND_AREAS] = "Địa bàn",
        [VL_KIND_EMPLOYERS] = "Doanh nghiệp",
        [VL_KIND_VACANCIES] = "Vị trí tuyển dụng",
        [VL_KIND_SEEKERS] = "Người tìm việc",
        [VL_KIND_REFERRALS] = "Giới thiệu việc làm",
    };
    const char *name = sheet_names[kind] ? sheet_names[kind] : vl_kind_name(kind);
    vl_xlsx_fmt dmy = vl_xlsx_format_add(x, "dd/mm/yyyy", false);
    vl_xlsx_sheet *s = vl_xlsx_add_sheet(x, name);
    vl_xlsx_sheet *lists = vl_xlsx_add_sheet(x, "Danh mục");
    vl_xlsx_sheet *occ = vl_xlsx_add_sheet(x, "Nghề nghiệp");
    if (!s || !lists || !occ) {
        st = vl_xlsx_status(x);
        vl_xlsx_discard(x);
        return st != VL_OK ? st : vl__error(ctx, VL_ERR_NOMEM, "out of memory");
    }
    /* the occupations: code (text: "0110" keeps its zero) and Vietnamese and English titles */
    static const char *const occ_head[] = {"Mã nghề (ISCO-08)", "Tên nghề", "Tên tiếng Anh"};
    vl_xlsx_write_header(occ, 0, occ_head, 3, vl_occupation_count());
    size_t n_occ = 0;
    for (size_t i = 0; i < vl_occupation_count(); i++) {
        const vl_occupation *o = vl_occupation_at(i);
        if (!o || strlen(o->code) != 4)
            continue; /* the dropdown offers unit groups, the codes a record holds */
        n_occ++;
        vl_xlsx_write_string(occ, n_occ, 0, o->code, 0);
        vl_xlsx_write_string(occ, n_occ, 1, o->title_vi, 0);
        vl_xlsx_write_string(occ, n_occ, 2, o->title_en, 0);
    }
    vl_xlsx_column_width(occ, 0, 0, 18, 0);
    vl_xlsx_column_width(occ, 1, 2, 60, 0);
    /* the header row: Vietnamese labels, the contract's name as the fallback */
    const char *head[64];
    size_t n = ncols < 64 ? ncols : 64;
    for (size_t c = 0; c < n; c++) {
        const char *vi = vl_kind_header_vi(kind, cols[c]);
        head[c] = vi ? vi : cols[c];
    }
    vl_xlsx_write_header(s, 0, head, n, TEMPLATE_ROWS);
    size_t list_col = 0;
    for (size_t c = 0; c < n; c++) {
        size_t w = vl_text_width(head[c]);
        vl_xlsx_column_width(s, c, c, w < 12 ? 12 : w > 40 ? 40 : (double)w + 2, 0);
        const char *ex = example_of(kind, cols[c]);
        double v;
        int32_t day;
        bool code = strcmp(cols[c], "occupation") == 0 || strcmp(cols[c], "occupations") == 0 ||
                    strcmp(cols[c], "area") == 0;
        if (ex && vl__parse_date(ex, &day))
            vl_xlsx_write_date(s, 1, c, day, dmy); /* shown as Vietnamese Excel shows dates */
        else if (ex && !code && vl_parse_double(ex, &v))
            vl_xlsx_write_number(s, 1, c, v, 0);
        else if (ex)
            vl_xlsx_write_string(s, 1, c, ex, 0); /* codes stay text: "0110" keeps its zero */
        char letters[8], src[96];
        const dropdown *d = dropdown_of(cols[c]);
        if (d) {
            size_t k = 0;
            vl_xlsx_write_string(lists, 0, list_col, d->title, VL_XLSX_FMT_BOLD);
            for (; d->labels[k]; k++)
                vl_xlsx_write_string(lists, k + 1, list_col, d->labels[k], 0);
            col_letters(list_col, letters);
            snprintf(src, sizeof src, "='Danh mục'!$%s$2:$%s$%zu", letters, letters, k + 1);
            vl_xlsx_validate_list(s, 1, c, TEMPLATE_ROWS, c, src, head[c],
                                  "Chọn một giá trị trong danh sách");
            vl_xlsx_column_width(lists, list_col, list_col, 24, 0);
            list_col++;
        } else if (strcmp(cols[c], "occupation") == 0) {
            snprintf(src, sizeof src, "='Nghề nghiệp'!$A$2:$A$%zu", n_occ + 1);
            vl_xlsx_validate_list(s, 1, c, TEMPLATE_ROWS, c, src, head[c],
                                  "Chọn mã nghề trong sheet Nghề nghiệp");
        }
    }
    return vl_xlsx_close(x);
}
