/*
 * catalog.c - what the generator draws from: occupations (ISCO-08 unit groups with Vietnamese
 * titles, usual education, wages and skill labels), employer profiles of an industrial province
 * (garments, electronics assembly, mechanics, logistics, services), the overseas programmes
 * (Japan, Korea, Taiwan), Vietnamese family, middle and given names, and company name parts.
 *
 * Figures are plausible orders of magnitude for Hải Dương around 2025 (wages in thousand VND per
 * month), not statistics. Every ISCO code here exists in fixtures/reference/isco08_structure.csv
 * (test-gen checks it). Labels are NFC with diacritics; the typist derives the other spellings.
 */
#include "gen/internal.h"

#include <string.h>

#define E(x) VL_EDU_##x

const gen_occ gen_occs[] = {
    /* code, title, usual education, vacancy minimum, wage range (thousand VND), positions at
     * most, experience at most, women %, supply % of demand; skills */
    /* clang-format off */
    {"8153", "Công nhân may công nghiệp", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7000, 11000, 20, 1,
     88, 60,
     {"May công nghiệp", "Vận hành máy may một kim", "Máy vắt sổ", "Máy hai kim",
      "Là ủi thành phẩm", "May mẫu"}},
    {"7531", "Thợ cắt may", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7500, 12000, 5, 3, 75, 80,
     {"Cắt may", "Thiết kế rập", "May đo", "Sửa quần áo", "Đọc tài liệu kỹ thuật may"}},
    {"7533", "Thợ thêu vi tính", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7000, 10000, 6, 1, 85, 90,
     {"Thêu vi tính", "Thêu tay", "May công nghiệp", "Vận hành máy thêu"}},
    {"7543", "Nhân viên kiểm tra chất lượng (QC)", E(UPPER_SECONDARY), E(UPPER_SECONDARY), 7500,
     12000, 6, 2, 65, 110,
     {"Kiểm tra chất lượng", "Đo kiểm sản phẩm", "Kiểm tra ngoại quan", "Ghi chép báo cáo lỗi",
      "Quản lý chất lượng ISO"}},
    {"3122", "Tổ trưởng sản xuất", E(INTERMEDIATE), E(UPPER_SECONDARY), 10000, 16000, 2, 3, 50, 90,
     {"Quản lý chuyền", "5S", "Kaizen", "Quản lý sản xuất", "Đào tạo công nhân"}},
    {"9329", "Lao động phổ thông sản xuất", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 6500, 9000, 20, 0,
     55, 130,
     {"Đóng gói", "Phân loại sản phẩm", "Vận hành máy đơn giản", "Làm việc theo ca",
      "Sức khỏe tốt"}},
    {"8212", "Công nhân lắp ráp điện tử", E(UPPER_SECONDARY), E(LOWER_SECONDARY), 7000, 11000, 20,
     1, 78, 65,
     {"Lắp ráp linh kiện điện tử", "Hàn thiếc", "Sử dụng kính hiển vi", "Kiểm tra ngoại quan",
      "Đọc sơ đồ mạch điện"}},
    {"7421", "Thợ sửa chữa điện tử", E(INTERMEDIATE), E(ELEMENTARY), 8500, 14000, 3, 3, 20, 70,
     {"Sửa chữa thiết bị điện tử", "Hàn thiếc", "Đo lường điện tử", "Đọc sơ đồ mạch điện"}},
    {"3114", "Kỹ thuật viên điện tử", E(COLLEGE), E(INTERMEDIATE), 10000, 17000, 3, 3, 20, 75,
     {"Bảo trì máy SMT", "Lập trình PLC", "Đo lường điện tử", "Đọc bản vẽ kỹ thuật"}},
    {"7212", "Thợ hàn", E(ELEMENTARY), VL_EDU_UNKNOWN, 9000, 15000, 8, 3, 5, 55,
     {"Hàn điện", "Hàn MIG", "Hàn TIG", "Hàn hơi", "Cắt plasma", "Đọc bản vẽ kỹ thuật"}},
    {"7214", "Thợ gia công kết cấu thép", E(ELEMENTARY), VL_EDU_UNKNOWN, 8500, 14000, 8, 3, 5, 60,
     {"Gia công kết cấu thép", "Hàn điện", "Cắt kim loại", "Đọc bản vẽ kỹ thuật"}},
    {"7223", "Thợ vận hành máy CNC", E(INTERMEDIATE), E(ELEMENTARY), 9000, 15000, 6, 3, 10, 55,
     {"Vận hành máy CNC", "Tiện", "Phay", "Đọc bản vẽ kỹ thuật", "Đo kiểm bằng thước cặp"}},
    {"7233", "Thợ bảo trì cơ khí", E(INTERMEDIATE), E(ELEMENTARY), 9000, 15000, 4, 3, 5, 60,
     {"Bảo trì máy công nghiệp", "Sửa chữa cơ khí", "Thủy lực khí nén", "Điện công nghiệp"}},
    {"8211", "Công nhân lắp ráp cơ khí", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7500, 11000, 15, 1, 25,
     70,
     {"Lắp ráp cơ khí", "Sử dụng dụng cụ cầm tay", "Siết lực bu lông", "Đọc bản vẽ kỹ thuật"}},
    {"3115", "Kỹ thuật viên cơ khí", E(COLLEGE), E(COLLEGE), 11000, 18000, 3, 3, 10, 80,
     {"AutoCAD", "SolidWorks", "Đọc bản vẽ kỹ thuật", "Bảo trì máy công nghiệp",
      "Quản lý chất lượng ISO"}},
    {"8114", "Công nhân vận hành lò nung xi măng", E(UPPER_SECONDARY), E(LOWER_SECONDARY), 8500,
     13000, 6, 2, 5, 60,
     {"Vận hành lò nung", "Vận hành máy nghiền", "An toàn lao động", "Làm việc theo ca"}},
    {"8160", "Công nhân chế biến thực phẩm", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 6500, 9500, 15, 0,
     70, 90,
     {"Vận hành dây chuyền thực phẩm", "An toàn vệ sinh thực phẩm", "Đóng gói",
      "Chế biến thủy sản"}},
    {"7512", "Thợ làm bánh", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7000, 10000, 4, 2, 60, 100,
     {"Làm bánh", "Sử dụng lò nướng", "An toàn vệ sinh thực phẩm", "Trang trí bánh kem"}},
    {"8332", "Lái xe tải, xe container", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 12000, 20000, 5, 3, 2,
     60,
     {"Bằng lái xe hạng C", "Bằng lái xe hạng FC", "Lái xe container", "Giao nhận hàng hóa",
      "Bảo dưỡng xe"}},
    {"8344", "Lái xe nâng", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 8500, 13000, 5, 1, 5, 60,
     {"Lái xe nâng", "Chứng chỉ vận hành xe nâng", "Sắp xếp kho bãi", "An toàn lao động"}},
    {"9333", "Nhân viên bốc xếp hàng hóa", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 7000, 10000, 20, 0,
     10, 110,
     {"Bốc xếp hàng hóa", "Đóng gói", "Sắp xếp kho bãi", "Sức khỏe tốt"}},
    {"4321", "Nhân viên kho", E(UPPER_SECONDARY), E(UPPER_SECONDARY), 7500, 11000, 4, 1, 45, 140,
     {"Quản lý kho", "Nhập xuất kho", "Excel", "Phần mềm quản lý kho", "Kiểm kê"}},
    {"4323", "Nhân viên điều phối vận tải", E(COLLEGE), E(COLLEGE), 8500, 13000, 2, 2, 50, 150,
     {"Điều phối vận tải", "Chứng từ xuất nhập khẩu", "Excel", "Tiếng Anh thương mại"}},
    {"8322", "Lái xe con", E(UPPER_SECONDARY), VL_EDU_UNKNOWN, 9000, 14000, 2, 3, 3, 90,
     {"Bằng lái xe hạng B2", "Lái xe đưa đón", "Thông thạo đường"}},
    {"5223", "Nhân viên bán hàng", E(UPPER_SECONDARY), E(LOWER_SECONDARY), 6000, 10000, 6, 1, 70,
     170,
     {"Bán hàng", "Tư vấn khách hàng", "Trưng bày hàng hóa", "Giao tiếp", "Thu ngân"}},
    {"5230", "Thu ngân", E(UPPER_SECONDARY), E(UPPER_SECONDARY), 6000, 9000, 3, 1, 85, 170,
     {"Thu ngân", "Sử dụng máy POS", "Tính toán nhanh", "Giao tiếp"}},
    {"5120", "Đầu bếp", E(ELEMENTARY), VL_EDU_UNKNOWN, 8000, 15000, 3, 3, 45, 100,
     {"Nấu ăn", "Nấu bếp tập thể", "Chế biến món Á", "An toàn vệ sinh thực phẩm",
      "Sơ chế thực phẩm"}},
    {"5131", "Nhân viên phục vụ bàn", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 5500, 8000, 6, 0, 65, 140,
     {"Phục vụ bàn", "Giao tiếp", "Pha chế đồ uống", "Tiếng Anh giao tiếp"}},
    {"9412", "Phụ bếp", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 5500, 7500, 4, 0, 70, 130,
     {"Sơ chế thực phẩm", "Rửa bát", "An toàn vệ sinh thực phẩm"}},
    {"4224", "Lễ tân khách sạn", E(COLLEGE), E(UPPER_SECONDARY), 6500, 10000, 2, 1, 80, 180,
     {"Lễ tân khách sạn", "Tiếng Anh giao tiếp", "Tin học văn phòng", "Đặt phòng"}},
    {"2512", "Lập trình viên phần mềm", E(UNIVERSITY), E(COLLEGE), 14000, 30000, 3, 3, 20, 110,
     {"Lập trình C", "Lập trình Java", "Python", "Cơ sở dữ liệu SQL", "Phát triển web", "Git"}},
    {"3512", "Kỹ thuật viên hỗ trợ tin học", E(COLLEGE), E(INTERMEDIATE), 8000, 13000, 2, 2, 25,
     130,
     {"Hỗ trợ người dùng", "Cài đặt mạng máy tính", "Sửa chữa máy tính", "Tin học văn phòng"}},
    {"7112", "Thợ xây", E(PRIMARY), VL_EDU_UNKNOWN, 8000, 13000, 10, 3, 3, 70,
     {"Xây trát", "Ốp lát gạch", "Đọc bản vẽ xây dựng", "Làm việc trên cao"}},
    {"7411", "Thợ điện", E(INTERMEDIATE), E(ELEMENTARY), 8500, 14000, 5, 3, 3, 65,
     {"Điện dân dụng", "Điện công nghiệp", "Lắp đặt tủ điện", "An toàn điện"}},
    {"7126", "Thợ lắp đặt đường ống nước", E(ELEMENTARY), VL_EDU_UNKNOWN, 8000, 12000, 4, 2, 2, 75,
     {"Lắp đặt đường ống nước", "Hàn ống nhiệt", "Đọc bản vẽ xây dựng"}},
    {"9313", "Lao động phổ thông xây dựng", E(PRIMARY), VL_EDU_UNKNOWN, 6500, 9500, 20, 0, 15, 120,
     {"Phụ hồ", "Làm việc trên cao", "Sức khỏe tốt", "Bốc xếp hàng hóa"}},
    {"6111", "Lao động trồng trọt", E(PRIMARY), VL_EDU_UNKNOWN, 5000, 8000, 10, 1, 50, 110,
     {"Trồng trọt", "Chăm sóc cây ăn quả", "Sử dụng thuốc bảo vệ thực vật",
      "Vận hành máy nông nghiệp"}},
    {"9211", "Lao động thu hoạch nông sản", E(PRIMARY), VL_EDU_UNKNOWN, 4500, 7000, 20, 0, 55, 120,
     {"Thu hoạch nông sản", "Trồng trọt", "Đóng gói", "Sức khỏe tốt"}},
    {"2221", "Điều dưỡng viên", E(COLLEGE), E(COLLEGE), 8000, 13000, 4, 2, 85, 90,
     {"Điều dưỡng", "Chứng chỉ hành nghề điều dưỡng", "Tiêm truyền", "Sơ cứu"}},
    {"5321", "Hộ lý", E(ELEMENTARY), VL_EDU_UNKNOWN, 6000, 9000, 4, 1, 90, 100,
     {"Chăm sóc người bệnh", "Sơ cứu", "Đo huyết áp", "Vệ sinh cá nhân người bệnh"}},
    {"5322", "Hộ lý chăm sóc người già", E(LOWER_SECONDARY), VL_EDU_UNKNOWN, 6000, 9000, 4, 1, 92,
     100,
     {"Chăm sóc người già", "Sơ cứu", "Nấu ăn", "Vệ sinh cá nhân người bệnh"}},
    {"4110", "Nhân viên văn phòng", E(COLLEGE), E(UPPER_SECONDARY), 6500, 10000, 2, 1, 75, 300,
     {"Tin học văn phòng", "Soạn thảo văn bản", "Excel", "Lưu trữ hồ sơ"}},
    {"2411", "Kế toán viên", E(UNIVERSITY), E(COLLEGE), 9000, 16000, 2, 3, 80, 220,
     {"Kế toán tổng hợp", "Phần mềm kế toán MISA", "Báo cáo thuế", "Excel"}},
    {"3313", "Nhân viên kế toán kho", E(COLLEGE), E(INTERMEDIATE), 7500, 11000, 2, 2, 80, 200,
     {"Kế toán kho", "Phần mềm kế toán MISA", "Excel", "Nhập xuất kho"}},
    /* clang-format on */
};
const size_t gen_n_occs = VL_ARRAY_LEN(gen_occs);

const gen_profile gen_profiles[] = {
    /* section, trade, share of employers %, relative size, labour export; occupations, weights */
    /* clang-format off */
    {"C", "May mặc", 22, 6, false,
     {"8153", "7531", "7533", "7543", "3122", "9329", "4321"}, {60, 8, 6, 10, 4, 8, 4}},
    {"C", "Điện tử", 18, 7, false,
     {"8212", "7543", "7421", "3114", "3122", "4321", "9329"}, {60, 10, 8, 8, 4, 5, 5}},
    {"C", "Cơ khí", 14, 4, false,
     {"7212", "7223", "7233", "8211", "3115", "7214", "7543", "3122"},
     {20, 20, 12, 20, 10, 8, 5, 5}},
    {"H", "Logistics", 9, 3, false,
     {"8332", "8344", "9333", "4321", "4323"}, {25, 20, 30, 15, 10}},
    {"C", "Thực phẩm", 5, 3, false,
     {"8160", "7512", "9329", "7543", "4321"}, {50, 10, 20, 10, 10}},
    {"C", "Xi măng", 3, 2, false,
     {"8114", "7233", "8344", "9329", "8332"}, {40, 20, 10, 20, 10}},
    {"F", "Xây dựng", 6, 2, false,
     {"7112", "7411", "7126", "9313", "7214", "8332"}, {30, 15, 10, 30, 10, 5}},
    {"G", "Thương mại", 7, 2, false,
     {"5223", "5230", "4321", "8322", "9333"}, {50, 20, 15, 10, 5}},
    {"I", "Nhà hàng Khách sạn", 5, 2, false, {"5120", "5131", "9412", "4224"}, {30, 30, 20, 20}},
    {"J", "Công nghệ", 2, 2, false, {"2512", "3512"}, {60, 40}},
    {"Q", "Y tế", 2, 1, false, {"2221", "5321", "5322"}, {40, 40, 20}},
    {"A", "Nông nghiệp", 2, 1, false, {"6111", "9211"}, {50, 50}},
    {"M", "Dịch vụ Kế toán", 2, 1, false, {"2411", "3313", "4110"}, {40, 40, 20}},
    {"N", "Cung ứng nhân lực Quốc tế", 3, 8, true, {NULL}, {0}},
    /* clang-format on */
};
const size_t gen_n_profiles = VL_ARRAY_LEN(gen_profiles);

const gen_programme gen_programmes[] = {
    /* country, title, language required (code, scheme, levels), preferred skill, ages, wage
     * range (thousand VND), share of overseas vacancies %, occupations */
    /* clang-format off */
    /* technical intern training: JLPT N5 or N4 required, age 18-35 */
    {"JP", "Thực tập sinh kỹ năng Nhật Bản", "ja", VL_LANG_JLPT, 1, 2, NULL, 18, 35,
     28000, 36000, 50, {"8160", "7212", "7112", "8153", "6111", "8211"}},
    /* EPS: TOPIK level 2 or more, age 18-39 */
    {"KR", "Lao động EPS Hàn Quốc", "ko", VL_LANG_TOPIK, 2, 3, NULL, 18, 39,
     38000, 48000, 25, {"9329", "8211", "7212", "9211"}},
    /* Taiwan: Chinese helps but is not required, age 20-40 */
    {"TW", "Lao động Đài Loan", NULL, VL_LANG_CEFR, 0, 0, "Tiếng Trung giao tiếp", 20, 40,
     20000, 27000, 25, {"8212", "9329", "5322", "8153"}},
    /* clang-format on */
};
const size_t gen_n_programmes = VL_ARRAY_LEN(gen_programmes);

const char *const gen_generic_skills[] = {
    "Làm việc nhóm",    "Tin học văn phòng",   "An toàn lao động", "5S",
    "Làm việc theo ca", "Tiếng Anh giao tiếp", "Giao tiếp",
};
const size_t gen_n_generic_skills = VL_ARRAY_LEN(gen_generic_skills);

const char *const gen_vsic_sections[] = {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K",
                                         "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"};
const size_t gen_n_vsic_sections = VL_ARRAY_LEN(gen_vsic_sections);

/* Family names with rough shares (per mille) in the Red River delta; Mạc is from Kinh Môn. */
const gen_weighted gen_family_names[] = {
    {"Nguyễn", 310}, {"Trần", 110}, {"Lê", 90},   {"Phạm", 70}, {"Vũ", 60},    {"Hoàng", 45},
    {"Đặng", 25},    {"Bùi", 25},   {"Đỗ", 25},   {"Ngô", 15},  {"Dương", 15}, {"Đinh", 12},
    {"Phan", 12},    {"Trịnh", 10}, {"Đoàn", 10}, {"Lương", 8}, {"Mạc", 8},    {"Hồ", 6},
    {"Cao", 6},      {"Lý", 4},     {"Tạ", 4},    {"Nhữ", 3},   {"Khúc", 3},
};
const size_t gen_n_family_names = VL_ARRAY_LEN(gen_family_names);

const char *const gen_middle_f[] = {"Thị",   "Thị",  "Thị",  "Thị",    "Thị",  "Ngọc", "Thu",
                                    "Thanh", "Minh", "Hồng", "Phương", "Thùy", "Khánh"};
const size_t gen_n_middle_f = VL_ARRAY_LEN(gen_middle_f);
const char *const gen_middle_m[] = {"Văn", "Văn",  "Văn",  "Văn",   "Đức",  "Minh", "Quang",
                                    "Hữu", "Công", "Xuân", "Thành", "Tiến", "Duy"};
const size_t gen_n_middle_m = VL_ARRAY_LEN(gen_middle_m);

const char *const gen_given_f[] = {
    "Lan",    "Hương", "Hằng",  "Hoa", "Huyền", "Linh", "Trang", "Thảo", "Ngọc", "Nhung",
    "Phương", "Thủy",  "Hà",    "Mai", "Yến",   "Dung", "Hạnh",  "Loan", "Vân",  "Anh",
    "Nga",    "Oanh",  "Quỳnh", "Thu", "Tâm",   "Chi",  "Giang", "Hiền", "Liên", "Nguyệt",
};
const size_t gen_n_given_f = VL_ARRAY_LEN(gen_given_f);
const char *const gen_given_m[] = {
    "Hùng", "Dũng",  "Tuấn",  "Nam",  "Hải",  "Long",  "Thắng", "Cường", "Hiếu", "Minh",
    "Quân", "Sơn",   "Tùng",  "Đức",  "Huy",  "Khánh", "Phong", "Trung", "Bình", "Toàn",
    "Vinh", "Hoàng", "Thành", "Kiên", "Mạnh", "Duy",   "Đạt",   "Tú",    "Lâm",  "Chiến",
};
const size_t gen_n_given_m = VL_ARRAY_LEN(gen_given_m);

const char *const gen_company_forms[] = {"Công ty TNHH", "Công ty TNHH", "Công ty Cổ phần",
                                         "Công ty TNHH MTV"};
const size_t gen_n_company_forms = VL_ARRAY_LEN(gen_company_forms);

/* Fictitious brand words (auspicious Vietnamese words and joint-venture style names). */
const char *const gen_brands[] = {
    "Hưng Thịnh",  "Phú Cường",    "Thành Công", "Việt Hàn", "Minh Anh",        "Hoàng Long",
    "An Phát",     "Tân Phú",      "Đại An",     "Nam Sách", "Việt Nhật",       "Việt Đài",
    "Phúc Điền",   "Lai Vu",       "Kim Sơn",    "Hồng Hà",  "Thái Bình Dương", "Sao Mai",
    "Bình Minh",   "Trường Giang", "Hải Long",   "Đông Á",   "Hòa Phát Đạt",    "Thiên Ân",
    "Phương Đông", "Hợp Lực",      "Quang Minh", "Tiến Đạt", "Cẩm Bình",        "Lạc Hồng",
    "Vạn Xuân",    "Đức Thành",    "Gia Bảo",    "Kinh Bắc", "Nhật Tân",
};
const size_t gen_n_brands = VL_ARRAY_LEN(gen_brands);

long gen_occ_find(const char *code)
{
    for (size_t i = 0; i < gen_n_occs; i++)
        if (strcmp(gen_occs[i].code, code) == 0)
            return (long)i;
    return -1;
}
