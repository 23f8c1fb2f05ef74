/*
 * headers.c - the one table of Vietnamese column headers: for every column of every kind, the
 * header vieclam writes in its templates and the other headers staff type, accepted on import
 * as aliases of the contract's name (compared folded: "Họ và tên", "ho va ten", "HỌ_VÀ_TÊN").
 * docs/data-formats.md prints this table; a test keeps the two equal and checks that no header
 * names two columns of one kind.
 */
#include "store/store.h"

#include <string.h>

#include "store/rows.h"
#include "store/values.h"

enum {
    KA = 1u << VL_KIND_AREAS,
    KE = 1u << VL_KIND_EMPLOYERS,
    KV = 1u << VL_KIND_VACANCIES,
    KS = 1u << VL_KIND_SEEKERS,
    KH = 1u << VL_KIND_HISTORY,
    KR = 1u << VL_KIND_REFERRALS,
    KF = 1u << VL_KIND_FOLLOWUPS,
    KC = 1u << VL_KIND_COUNSELLING,
    KJ = 1u << VL_KIND_FAIRS, /* job fairs */
};

typedef struct header_row {
    unsigned kinds;
    const char *column;
    const char *label;   /* the template's header */
    const char *aliases; /* more headers, '|'-separated */
} header_row;

static const header_row headers[] = {
    /* areas */
    {KA, "code", "Mã địa bàn", "Mã|Mã số|Mã đơn vị hành chính|Mã ĐVHC"},
    {KA, "name", "Tên địa bàn", "Tên|Tên đơn vị hành chính"},
    {KA, "parent", "Mã địa bàn cấp trên", "Cấp trên|Mã cấp trên|Thuộc"},
    {KA, "lat", "Vĩ độ", ""},
    {KA, "lon", "Kinh độ", ""},
    {KA, "level", "Cấp", "Cấp hành chính"},
    {KA, "valid_from", "Hiệu lực từ ngày", "Hiệu lực từ|Từ ngày"},
    {KA, "valid_to", "Hiệu lực đến ngày", "Hiệu lực đến|Đến ngày"},
    {KA, "version", "Phiên bản danh mục", "Phiên bản|Danh mục"},
    {KA, "area_km2", "Diện tích (km²)", "Diện tích|Diện tích tự nhiên"},
    {KA, "centre", "Nguồn tọa độ trung tâm", "Nguồn tọa độ|Nguồn trung tâm"},
    /* employers */
    {KE, "id", "Mã doanh nghiệp", "Mã|Mã số|Mã đơn vị"},
    {KE, "name", "Tên doanh nghiệp", "Tên|Tên đơn vị|Tên công ty"},
    {KE, "industry", "Ngành kinh tế (VSIC)", "Ngành|Mã ngành|Ngành nghề kinh doanh|VSIC"},
    {KE, "area", "Mã địa bàn", "Địa bàn|Mã xã"},
    {KE, "address", "Địa chỉ", "Địa chỉ doanh nghiệp|Địa chỉ trụ sở|Địa chỉ chi tiết"},
    {KE, "phone", "Điện thoại", "Số điện thoại|SĐT|Điện thoại doanh nghiệp"},
    /* vacancies */
    {KV, "id", "Mã vị trí tuyển dụng", "Mã|Mã số|Mã vị trí|Mã tin tuyển dụng"},
    {KV, "employer", "Mã doanh nghiệp", "Doanh nghiệp|Đơn vị tuyển dụng|Mã đơn vị"},
    {KV, "title", "Chức danh", "Vị trí|Vị trí tuyển dụng|Tên vị trí|Công việc"},
    {KV, "occupation", "Mã nghề (ISCO-08)", "Mã nghề|Nghề|Nghề nghiệp|ISCO"},
    {KV, "skills_required", "Kỹ năng bắt buộc", "Kỹ năng yêu cầu"},
    {KV, "skills_preferred", "Kỹ năng ưu tiên", ""},
    {KV, "education_min", "Trình độ tối thiểu", "Trình độ|Trình độ học vấn|Học vấn tối thiểu"},
    {KV, "experience_min", "Kinh nghiệm tối thiểu (năm)", "Kinh nghiệm|Số năm kinh nghiệm"},
    {KV | KS, "languages", "Ngoại ngữ", "Trình độ ngoại ngữ"},
    {KV, "wage_min", "Lương tối thiểu (VNĐ/tháng)", "Lương từ|Mức lương tối thiểu|Lương tối thiểu"},
    {KV, "wage_max", "Lương tối đa (VNĐ/tháng)", "Lương đến|Mức lương tối đa|Lương tối đa"},
    {KV, "positions", "Số lượng cần tuyển", "Số lượng|Số người cần tuyển|Chỉ tiêu"},
    {KV, "area", "Mã địa bàn làm việc", "Địa bàn|Nơi làm việc|Mã địa bàn"},
    {KV, "country", "Nước làm việc", "Quốc gia|Nước"},
    {KV, "age_min", "Tuổi từ", "Tuổi tối thiểu"},
    {KV, "age_max", "Tuổi đến", "Tuổi tối đa"},
    {KV, "posted", "Ngày đăng", "Ngày đăng tin"},
    {KV, "closes", "Hạn nộp hồ sơ", "Ngày hết hạn|Hạn tuyển|Hạn chót"},
    {KV, "fair", "Phiên giao dịch việc làm", "Phiên giao dịch|Mã phiên"},
    /* seekers */
    {KS, "id", "Mã người tìm việc", "Mã|Mã số|Mã hồ sơ|Mã NTV"},
    {KS, "name", "Họ và tên", "Họ tên|Tên"},
    {KS, "birth_year", "Năm sinh", ""},
    {KS, "gender", "Giới tính", ""},
    {KS, "area", "Mã địa bàn cư trú", "Địa bàn|Nơi ở|Nơi cư trú|Mã địa bàn"},
    {KS, "education", "Trình độ học vấn", "Trình độ|Học vấn|Trình độ chuyên môn"},
    {KS, "occupations", "Nghề mong muốn (mã ISCO-08)", "Nghề mong muốn|Mã nghề|Nghề|Nghề nghiệp"},
    {KS, "skills", "Kỹ năng", ""},
    {KS, "experience_years", "Số năm kinh nghiệm", "Kinh nghiệm"},
    {KS, "wage_min", "Lương mong muốn tối thiểu (VNĐ/tháng)",
     "Lương mong muốn|Mức lương mong muốn"},
    {KS, "max_commute_km", "Khoảng cách đi lại tối đa (km)",
     "Khoảng cách tối đa|Quãng đường tối đa"},
    {KS, "abroad", "Nước chấp nhận làm việc", "Làm việc ở nước ngoài|Nước ngoài"},
    {KS, "priority", "Nhóm ưu tiên", "Đối tượng ưu tiên|Đối tượng chính sách"},
    {KS, "registered", "Ngày đăng ký", "Ngày đăng kí"},
    {KS, "status", "Trạng thái", "Tình trạng"},
    {KS, "phone", "Số điện thoại", "Điện thoại|SĐT"},
    {KS, "id_card", "Số CCCD", "CCCD|Căn cước công dân|Số căn cước|CMND"},
    /* history */
    {KH, "series", "Chuỗi số liệu", "Chuỗi|Chỉ tiêu"},
    {KH, "period", "Kỳ", "Thời kỳ|Quý"},
    {KH, "value", "Giá trị", "Số liệu"},
    /* referrals and their follow-ups */
    {KR, "id", "Mã giới thiệu", "Mã|Mã số"},
    {KR, "seeker", "Mã người tìm việc", "Người tìm việc|Mã NTV"},
    {KR, "vacancy", "Mã vị trí tuyển dụng", "Vị trí tuyển dụng|Mã vị trí"},
    {KR, "referred_on", "Ngày giới thiệu", ""},
    {KR, "channel", "Hình thức giới thiệu", "Kênh|Hình thức"},
    {KR, "staff", "Cán bộ giới thiệu", "Cán bộ|Người giới thiệu"},
    {KR, "outcome", "Kết quả", "Kết quả giới thiệu"},
    {KR, "outcome_on", "Ngày có kết quả", "Ngày kết quả"},
    {KR, "start_on", "Ngày bắt đầu làm việc", "Ngày bắt đầu|Ngày nhận việc"},
    {KR, "wage", "Mức lương (VNĐ/tháng)", "Lương|Mức lương"},
    {KF, "referral", "Mã giới thiệu", "Giới thiệu"},
    {KF, "checked_on", "Ngày kiểm tra", "Ngày theo dõi"},
    {KF, "employed", "Còn làm việc", "Có việc làm|Đang làm việc"},
    /* counselling sessions */
    {KC, "seeker", "Mã người tìm việc", "Người tìm việc|Mã NTV"},
    {KC, "counselled_on", "Ngày tư vấn", ""},
    {KC, "staff", "Cán bộ tư vấn", "Cán bộ|Người tư vấn"},
    {KC, "topic", "Nội dung tư vấn", "Nội dung|Chủ đề"},
    /* job fairs */
    {KJ, "id", "Mã phiên giao dịch việc làm", "Mã|Mã số|Mã phiên"},
    {KJ, "name", "Tên phiên giao dịch việc làm", "Tên|Tên phiên"},
    {KJ, "date", "Ngày tổ chức", "Ngày"},
    {KJ, "area", "Mã địa bàn tổ chức", "Địa bàn|Mã địa bàn"},
    {KJ, "venue", "Địa điểm", "Nơi tổ chức"},
    {KJ, "capacity", "Số người tham dự tối đa", "Sức chứa|Quy mô"},
};

static const header_row *row_of(vl_kind kind, const char *column)
{
    for (size_t i = 0; i < VL_ARRAY_LEN(headers); i++)
        if ((headers[i].kinds & (1u << kind)) && strcmp(headers[i].column, column) == 0)
            return &headers[i];
    return NULL;
}

const char *vl_kind_header_vi(vl_kind kind, const char *column)
{
    if ((int)kind < 0 || kind >= VL_KIND_COUNT || !column)
        return NULL;
    const header_row *h = row_of(kind, column);
    return h ? h->label : NULL;
}

/* Whether the folded header equals the folded form of `text`. */
static bool same(const char *folded, const char *text)
{
    char f[160];
    return vl__fold_alias(text, f, sizeof f) && strcmp(f, folded) == 0;
}

long vl__header_column(vl_kind kind, const char *header)
{
    char key[160];
    size_t n;
    const char *const *cols = vl__kind_columns(kind, &n);
    if (!header || !cols || !vl__fold_alias(header, key, sizeof key) || !key[0])
        return -1;
    for (size_t c = 0; c < n; c++) {
        if (same(key, cols[c])) /* "Birth Year", "birth-year" */
            return (long)c;
        const header_row *h = row_of(kind, cols[c]);
        if (!h)
            continue;
        if (same(key, h->label))
            return (long)c;
        for (const char *p = h->aliases; *p;) {
            size_t len = strcspn(p, "|");
            char alias[160];
            if (len < sizeof alias) {
                memcpy(alias, p, len);
                alias[len] = '\0';
                if (same(key, alias))
                    return (long)c;
            }
            p += len + (p[len] == '|');
        }
    }
    return -1;
}

size_t vl__header_rows(size_t i, unsigned *kinds, const char **column, const char **label,
                       const char **aliases)
{
    if (i < VL_ARRAY_LEN(headers)) {
        *kinds = headers[i].kinds;
        *column = headers[i].column;
        *label = headers[i].label;
        *aliases = headers[i].aliases;
    }
    return VL_ARRAY_LEN(headers);
}
