// i18n.js - the one message table of the desk (Vietnamese first, English second) and the
// formatters for numbers, money and dates. Every word a page shows comes from here: HTML marks
// text with data-i18n / data-i18n-placeholder / data-i18n-label / data-i18n-title attributes and
// applyI18n() fills them. Numbers and dates are formatted by hand (never the browser's locale):
// Vietnamese writes 7.200.000 đ, 0,51 and dd/mm/yyyy.

const MESSAGES = {
    vi: {
        'app.name': 'vieclam',
        'app.tagline': 'Bàn tiếp nhận - Trung tâm Dịch vụ việc làm',
        'skip': 'Bỏ qua, tới nội dung chính',
        'nav.label': 'Chức năng',
        'nav.seekers': 'Người tìm việc',
        'nav.vacancies': 'Vị trí tuyển dụng',
        'nav.employers': 'Nhà tuyển dụng',
        'nav.referrals': 'Giới thiệu việc làm',
        'nav.fair': 'Phiên giao dịch việc làm',
        'nav.planner': 'Dự báo',
        'nav.admin': 'Quản trị',
        'nav.import': 'Nhập từ tệp',
        'import.title': 'Nhập dữ liệu từ tệp Excel hoặc CSV',
        'import.send': 'Gửi tệp',
        'import.explain': 'Cả tệp được nhập hoặc không hàng nào: nếu có một hàng sai, không có gì thay đổi và mọi lỗi được liệt kê theo hàng (hoặc trang tính và ô), cột và lý do; chỉ khi đánh dấu ô cuối, các hàng đúng được nhập và các hàng sai được để riêng. Nhập lại cùng một tệp không thay đổi gì; một hàng có mã đã có thì cập nhật hồ sơ đó.',
        'import.kind': 'Loại dữ liệu',
        'import.template': 'Tải tệp mẫu Excel',
        'import.template.hint': 'Tiêu đề cột tiếng Việt, một hàng ví dụ và danh sách chọn.',
        'import.file': 'Tệp (.xlsx hoặc .csv)',
        'import.file.hint': 'Tệp Excel: trang tính đầu tiên, hoặc trang tính ghi dưới đây.',
        'import.sheet': 'Tên trang tính',
        'import.sheet.hint': 'Để trống: trang tính đầu tiên.',
        'import.dmy': 'Ngày viết ngày/tháng/năm (30/03/2025), như Excel tiếng Việt',
        'import.numbers_vi': 'Số viết kiểu Việt Nam (7.500.000 và 1,5)',
        'import.submit': 'Nhập',
        'import.no_file': 'Chọn một tệp.',
        'import.empty': 'Tệp rỗng.',
        'import.too_large': 'Tệp quá lớn (tối đa {mb} MiB). Hãy chia thành nhiều tệp.',
        'import.running': 'Đang nhập {file}...',
        'import.done': 'Đã nhập {file}',
        'import.rows': 'Số hàng',
        'import.inserted': 'Hồ sơ mới',
        'import.updated': 'Hồ sơ cập nhật',
        'import.unchanged': 'Không thay đổi',
        'import.refused': 'Tệp chưa được nhập: không có gì thay đổi',
        'import.refused.hint': 'Sửa các ô trên trong tệp rồi gửi lại cả tệp.',
        'import.none': 'Vai trò của bạn không nhập dữ liệu từ tệp.',
        'import.export': 'Tải dữ liệu hiện có (Excel)',
        'import.export.hint': 'để sửa hàng loạt trong Excel rồi gửi lại ở đây',
        'common.export_xlsx': 'Tải về Excel',
        'import.skip': 'Nhập các hàng đúng, để riêng các hàng sai (tải về để sửa)',
        'import.rejected': 'Hàng sai, chưa nhập',
        'import.partly': 'Đã nhập các hàng đúng của {file}; {n} hàng sai chưa nhập',
        'import.rejects': 'Tải các hàng sai (Excel)',
        'import.rejects.hint': 'Tệp có các hàng sai và cột "reason" ghi lý do. Sửa các ô rồi gửi lại chính tệp đó ở trang này; cột reason không cần xoá.',
        'lang.switch': 'English',
        'lang.switch.label': 'Chuyển sang tiếng Anh',
        'user.logout': 'Đăng xuất',
        'user.signed_in': 'Đang đăng nhập: {user} ({role})',
        'user.account': 'Tài khoản',
        'account.title': 'Tài khoản của tôi',
        'account.details': 'Thông tin tài khoản',
        'account.session': 'Phiên đăng nhập này hết hạn lúc',
        'account.password': 'Đổi mật khẩu',
        'account.password.explain': 'Sau khi đổi, các phiên đăng nhập khác của bạn (máy khác, trình duyệt khác) bị đăng xuất; phiên này vẫn giữ nguyên.',
        'account.old': 'Mật khẩu hiện tại',
        'account.new': 'Mật khẩu mới',
        'account.new.hint': 'Ít nhất 10 ký tự, khác mật khẩu hiện tại.',
        'account.again': 'Nhập lại mật khẩu mới',
        'account.submit': 'Đổi mật khẩu',
        'account.missing': 'Nhập mật khẩu hiện tại.',
        'account.short': 'Mật khẩu mới cần ít nhất {n} ký tự.',
        'account.same': 'Mật khẩu mới phải khác mật khẩu hiện tại.',
        'account.mismatch': 'Hai lần nhập mật khẩu mới không giống nhau.',
        'account.done': 'Đã đổi mật khẩu. Các phiên đăng nhập khác của bạn đã bị đăng xuất.',
        'seeker.counselling': 'Tư vấn',
        'counselling.on': 'Ngày tư vấn',
        'counselling.on.missing': 'Nhập ngày tư vấn.',
        'counselling.staff': 'Cán bộ tư vấn',
        'counselling.topic': 'Nội dung tư vấn',
        'counselling.topic.hint': 'Ví dụ: định hướng học nghề, kỹ năng phỏng vấn. Mỗi người một buổi mỗi ngày: ghi lại trong cùng ngày sẽ thay buổi đã ghi.',
        'counselling.record': 'Ghi buổi tư vấn',
        'counselling.done': 'Đã ghi buổi tư vấn ngày {date}.',
        'counselling.none': 'Chưa có buổi tư vấn nào.',
        'audit.a.counselling': 'Xem các buổi tư vấn', 'audit.a.counsel': 'Ghi buổi tư vấn',
        'role.staff': 'cán bộ tư vấn',
        'role.planner': 'cán bộ kế hoạch',
        'role.admin': 'quản trị',

        // login
        'login.title': 'Đăng nhập',
        'login.heading': 'Đăng nhập bàn tiếp nhận',
        'login.user': 'Tên đăng nhập',
        'login.password': 'Mật khẩu',
        'login.submit': 'Đăng nhập',
        'login.busy': 'Đang đăng nhập...',
        'login.failed': 'Tên đăng nhập hoặc mật khẩu không đúng.',
        'login.locked': 'Tài khoản tạm khoá do nhập sai nhiều lần. Vui lòng thử lại sau.',
        'login.missing': 'Nhập tên đăng nhập và mật khẩu.',
        'login.locked.for': 'Tài khoản tạm khoá do nhập sai nhiều lần. Vui lòng thử lại sau {min} phút.',
        'login.expired': 'Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.',
        'login.logged_out': 'Bạn đã đăng xuất.',

        // common
        'common.search': 'Tìm',
        'common.save': 'Lưu',
        'common.saving': 'Đang lưu...',
        'common.cancel': 'Huỷ',
        'common.close': 'Đóng',
        'common.edit': 'Sửa',
        'common.add': 'Thêm',
        'common.remove': 'Xoá {item}',
        'common.open': 'Mở',
        'common.print': 'In',
        'common.back': 'Quay lại',
        'common.loading': 'Đang tải...',
        'common.none': '-',
        'common.yes': 'Có',
        'common.no': 'Không',
        'common.required': '(bắt buộc)',
        'common.optional': '(không bắt buộc)',
        'common.id': 'Mã',
        'common.actions': 'Thao tác',
        'common.unknown': 'không rõ',
        'common.any': 'Bất kỳ',
        'common.abroad': 'Nước ngoài',
        'common.results': '{n} kết quả',
        'common.no_results': 'Không tìm thấy kết quả nào.',
        'common.page': 'Trang {page}/{pages}',
        'common.prev': 'Trang trước',
        'common.next': 'Trang sau',
        'common.sort_by': 'Sắp xếp theo {col}',
        'common.saved': 'Đã lưu.',
        'common.fix_fields': 'Chưa lưu được: có {n} ô cần sửa (xem thông báo bên cạnh từng ô).',
        'common.date_hint': 'dd/mm/yyyy',
        'common.list_hint': 'Gõ rồi nhấn Enter để thêm',
        'common.as_of': 'Tính đến ngày {date}',
        'common.show_more': 'Xem thêm',

        // errors from the server (by code)
        'err.network': 'Không kết nối được máy chủ. Kiểm tra mạng rồi thử lại.',
        'err.busy': 'Hệ thống đang bận, vui lòng thử lại sau giây lát.',
        'err.forbidden': 'Tài khoản của bạn không có quyền làm việc này.',
        'err.not_found': 'Không tìm thấy.',
        'err.conflict': 'Dữ liệu đã bị thay đổi hoặc đã tồn tại.',
        'err.invalid': 'Dữ liệu chưa hợp lệ.',
        'err.server': 'Máy chủ gặp lỗi. Vui lòng báo quản trị viên.',
        'err.date': 'Ngày phải viết dạng dd/mm/yyyy, ví dụ 01/03/2025.',
        'err.number': 'Phải là một số, ví dụ 1,5.',
        'err.money': 'Phải là số tiền, ví dụ 7.200.000.',

        // seekers
        'seekers.title': 'Người tìm việc',
        'seekers.find': 'Tìm người tìm việc',
        'seekers.query': 'Mã, họ tên, số điện thoại hoặc số CCCD',
        'seekers.query.hint': 'Gõ không dấu cũng được: "nguyen van an" tìm ra "Nguyễn Văn An".',
        'seekers.everywhere': 'Tìm cả người đăng ký ở tỉnh, thành phố khác',
        'seekers.new': 'Đăng ký người tìm việc mới',
        'seekers.idle': 'Nhập mã hồ sơ, họ tên, số điện thoại hoặc số CCCD để tìm.',
        'seeker.id': 'Mã hồ sơ',
        'seeker.name': 'Họ và tên',
        'seeker.birth_year': 'Năm sinh',
        'seeker.gender': 'Giới tính',
        'seeker.phone': 'Số điện thoại',
        'seeker.id_card': 'Số CCCD',
        'seeker.area': 'Nơi ở (xã/phường)',
        'seeker.education': 'Trình độ',
        'seeker.occupations': 'Nghề mong muốn (theo thứ tự ưu tiên)',
        'seeker.skills': 'Kỹ năng',
        'seeker.experience_years': 'Kinh nghiệm (năm)',
        'seeker.languages': 'Ngoại ngữ',
        'seeker.wage_min': 'Lương mong muốn tối thiểu (đ/tháng)',
        'seeker.max_commute_km': 'Đi làm xa tối đa (km)',
        'seeker.abroad': 'Sẵn sàng làm việc ở nước',
        'seeker.abroad.any': 'Bất kỳ nước nào',
        'seeker.priority': 'Nhóm ưu tiên',
        'seeker.registered': 'Ngày đăng ký',
        'seeker.status': 'Trạng thái',
        'seeker.age': '{n} tuổi',
        'seeker.title': 'Hồ sơ người tìm việc',
        'seeker.form.new': 'Đăng ký người tìm việc',
        'seeker.form.edit': 'Sửa hồ sơ {id}',
        'seeker.form.id_hint': 'Để trống: hệ thống tự cấp mã.',
        'seeker.form.personal': 'Thông tin cá nhân',
        'seeker.form.work': 'Nguyện vọng việc làm',
        'seeker.form.skills_hint': 'Ví dụ: Hàn điện. Nhấn Enter sau mỗi kỹ năng.',
        'seeker.form.occ_hint': 'Gõ tên nghề hoặc mã, chọn bằng phím mũi tên rồi Enter.',
        'seeker.form.area_hint': 'Gõ tên xã/phường, chọn bằng phím mũi tên rồi Enter.',
        'seeker.saved': 'Đã lưu hồ sơ {id}.',
        'seeker.protected': 'Thông tin cá nhân được bảo vệ theo Nghị định 13/2023/NĐ-CP; mỗi lần xem đều được ghi nhật ký.',
        'seeker.matches': 'Việc làm phù hợp',
        'seeker.print': 'In hồ sơ và việc làm phù hợp',
        'seeker.why': 'Vì sao không phù hợp?',
        'seeker.why.label': 'Mã vị trí tuyển dụng người lao động hỏi',
        'seeker.why.ask': 'Kiểm tra',
        'seeker.referrals': 'Đã giới thiệu',
        'seeker.no_referrals': 'Chưa giới thiệu lần nào.',
        'seeker.not_active': 'Hồ sơ không ở trạng thái đang tìm việc nên không có gợi ý việc làm.',

        // enumerations
        'gender.male': 'Nam', 'gender.female': 'Nữ', 'gender.other': 'Khác',
        'edu.none': 'Chưa qua đào tạo', 'edu.primary': 'Tiểu học', 'edu.lower_secondary': 'THCS',
        'edu.upper_secondary': 'THPT', 'edu.elementary': 'Sơ cấp nghề',
        'edu.intermediate': 'Trung cấp', 'edu.college': 'Cao đẳng', 'edu.university': 'Đại học',
        'edu.master': 'Thạc sĩ', 'edu.doctorate': 'Tiến sĩ',
        'prio.poor': 'Hộ nghèo', 'prio.near_poor': 'Hộ cận nghèo', 'prio.disability': 'Người khuyết tật',
        'prio.ethnic_minority': 'Dân tộc thiểu số', 'prio.rural': 'Lao động nông thôn',
        'prio.demobilised': 'Bộ đội xuất ngũ', 'prio.other': 'Nhóm khác',
        'status.active': 'Đang tìm việc', 'status.placed': 'Đã có việc', 'status.withdrawn': 'Ngừng tìm việc',
        'lang.en': 'Tiếng Anh', 'lang.ja': 'Tiếng Nhật', 'lang.ko': 'Tiếng Hàn', 'lang.zh': 'Tiếng Trung',
        'lang.de': 'Tiếng Đức', 'lang.fr': 'Tiếng Pháp', 'lang.ru': 'Tiếng Nga',
        'country.VN': 'Việt Nam', 'country.JP': 'Nhật Bản', 'country.KR': 'Hàn Quốc',
        'country.TW': 'Đài Loan', 'country.DE': 'Đức', 'country.AU': 'Úc', 'country.SG': 'Singapore',
        'country.MY': 'Malaysia', 'country.CN': 'Trung Quốc', 'country.SA': 'Ả Rập Xê Út',
        'country.RO': 'Romania', 'country.HU': 'Hungary', 'country.CZ': 'Séc', 'country.PL': 'Ba Lan',
        'country.US': 'Hoa Kỳ', 'country.GB': 'Anh', 'country.FR': 'Pháp', 'country.IL': 'Israel',
        'country.AE': 'UAE', 'country.QA': 'Qatar', 'country.NZ': 'New Zealand', 'country.CA': 'Canada',
        'lang.level': 'Trình độ',
        'lang.language': 'Ngôn ngữ',

        // vacancies and employers
        'vacancies.title': 'Vị trí tuyển dụng',
        'vacancies.find': 'Tìm vị trí tuyển dụng',
        'vacancies.query': 'Mã, chức danh, nghề hoặc nhà tuyển dụng',
        'vacancies.new': 'Đăng ký vị trí tuyển dụng',
        'vacancies.open_only': 'Chỉ vị trí còn hạn',
        'vacancies.everywhere': 'Cả vị trí ở tỉnh, thành phố khác',
        'vacancy.id': 'Mã vị trí',
        'vacancy.title': 'Chức danh',
        'vacancy.employer': 'Nhà tuyển dụng',
        'vacancy.occupation': 'Nghề',
        'vacancy.skills_required': 'Kỹ năng bắt buộc',
        'vacancy.skills_preferred': 'Kỹ năng ưu tiên',
        'vacancy.education_min': 'Trình độ tối thiểu',
        'vacancy.experience_min': 'Kinh nghiệm tối thiểu (năm)',
        'vacancy.languages': 'Ngoại ngữ yêu cầu',
        'vacancy.wage_min': 'Lương từ (đ/tháng)',
        'vacancy.wage_max': 'Lương đến (đ/tháng)',
        'vacancy.wage': 'Mức lương',
        'vacancy.positions': 'Số lượng cần tuyển',
        'vacancy.area': 'Nơi làm việc (xã/phường)',
        'vacancy.country': 'Quốc gia (làm việc ở nước ngoài)',
        'vacancy.age_min': 'Tuổi từ',
        'vacancy.age_max': 'Tuổi đến',
        'vacancy.posted': 'Ngày đăng',
        'vacancy.closes': 'Hạn nộp hồ sơ',
        'vacancy.fair': 'Phiên giao dịch việc làm',
        'vacancy.detail': 'Vị trí tuyển dụng {id}',
        'vacancy.form.new': 'Đăng ký vị trí tuyển dụng',
        'vacancy.form.edit': 'Sửa vị trí tuyển dụng {id}',
        'vacancy.form.id_hint': 'Để trống: hệ thống tự cấp mã.',
        'vacancy.form.requirements': 'Yêu cầu đối với người lao động',
        'vacancy.form.terms': 'Điều kiện làm việc',
        'vacancy.saved': 'Đã lưu vị trí {id}.',
        'vacancy.shortlist': 'Ứng viên phù hợp',
        'vacancy.facts': 'Thông tin vị trí',
        'vacancy.ages': 'Độ tuổi',
        'vacancy.not_open': 'Vị trí không nhận hồ sơ vào ngày này nên chưa có danh sách ứng viên.',
        'vacancy.no_minimum': 'Không yêu cầu',
        'vacancy.form.position': 'Vị trí tuyển dụng',
        'vacancy.form.employer_hint': 'Gõ tên hoặc mã nhà tuyển dụng rồi chọn.',
        'seeker.experience_n': '{n} năm kinh nghiệm',
        'employer.facts': 'Thông tin nhà tuyển dụng',
        'employer.form.section': 'Thông tin nhà tuyển dụng',
        'employer.vacancy_counts': '{open} đang tuyển / {all} vị trí',
        'common.results.label': 'Kết quả tìm kiếm',
        'outcome.pending': 'Chờ kết quả', 'outcome.hired': 'Đã tuyển', 'outcome.rejected': 'Không tuyển',
        'outcome.no_show': 'Không đến', 'outcome.interviewed': 'Đã phỏng vấn, chờ kết quả',
        'outcome.declined': 'Người lao động từ chối',
        'common.required_field': 'Ô này bắt buộc.',
        'referral.start_on': 'Ngày bắt đầu làm việc',
        'referral.wage': 'Mức lương (đồng/tháng)',
        'referral.wage.hint': 'Không bắt buộc. Ví dụ: 7.500.000',
        'referral.hire.title': 'Được tuyển: lần giới thiệu số {id} ({seeker})',
        'followup.title': 'Theo dõi sau tuyển dụng: lần giới thiệu số {id} ({seeker})',
        'followup.on': 'Ngày kiểm tra',
        'followup.employed': 'Người lao động còn làm việc không?',
        'followup.yes': 'Còn làm việc', 'followup.no': 'Đã nghỉ việc',
        'followup.record': 'Ghi theo dõi', 'followup.record.for': 'Ghi theo dõi lần giới thiệu số {id}',
        'followup.saved.yes': 'Đã ghi theo dõi lần giới thiệu số {id}: ngày {date} còn làm việc.',
        'followup.saved.no': 'Đã ghi theo dõi lần giới thiệu số {id}: ngày {date} đã nghỉ việc.',
        'vacancy.no_closing': 'không thời hạn',
        'vacancy.wage.range': '{min} - {max}',
        'vacancy.wage.from': 'từ {min}',
        'vacancy.wage.to': 'đến {max}',
        'vacancy.wage.negotiable': 'thoả thuận',
        'employers.title': 'Nhà tuyển dụng',
        'employers.find': 'Tìm nhà tuyển dụng',
        'employers.query': 'Mã hoặc tên nhà tuyển dụng',
        'employers.new': 'Đăng ký nhà tuyển dụng',
        'employer.id': 'Mã nhà tuyển dụng',
        'employer.name': 'Tên nhà tuyển dụng',
        'employer.industry': 'Ngành kinh tế',
        'employer.area': 'Địa chỉ (xã/phường)',
        'employer.address': 'Địa chỉ chi tiết',
        'employer.phone': 'Điện thoại',
        'employer.form.address_hint': 'Số nhà, tên đường (thôn, tổ); xã/phường ở ô trên. Phiếu giới thiệu in địa chỉ này.',
        'employer.form.phone_hint': 'Số của doanh nghiệp, 9 đến 15 chữ số; dấu cách, chấm, gạch đều được.',
        'employer.vacancies': 'Vị trí đang tuyển',
        'employer.form.new': 'Đăng ký nhà tuyển dụng',
        'employer.form.edit': 'Sửa nhà tuyển dụng {id}',
        'employer.saved': 'Đã lưu nhà tuyển dụng {id}.',
        'employer.detail': 'Nhà tuyển dụng {id}',
        'employer.add_vacancy': 'Thêm vị trí tuyển dụng',

        // matching
        'match.rank': 'Hạng',
        'match.score': 'Độ phù hợp',
        'match.distance': 'Khoảng cách',
        'match.where': 'Nơi làm việc, khoảng cách',
        'match.reasons': 'Lý do',
        'match.km': '{km} km',
        'match.top': 'Số kết quả',
        'match.none': 'Chưa có vị trí nào phù hợp với hồ sơ này (tất cả yêu cầu bắt buộc đều phải đạt).',
        'match.none.vacancy': 'Chưa có người tìm việc nào đáp ứng đủ yêu cầu của vị trí này.',
        'match.refer': 'Giới thiệu',
        'match.refer.label': 'Giới thiệu {seeker} tới vị trí {vacancy}',
        'match.referred': 'Đã giới thiệu',
        'match.why_this': 'Chi tiết',
        'reason.occupation.first': 'Đúng nghề mong muốn nhất',
        'reason.occupation.wish': 'Nghề mong muốn thứ {place}',
        'reason.occupation.related': 'Nghề gần với nghề mong muốn',
        'reason.skills.held': 'Có {held}/{of} kỹ năng ưu tiên',
        'reason.skills.missing': 'Còn thiếu kỹ năng ưu tiên: {skills}',
        'reason.experience.short': 'Thiếu {years} năm kinh nghiệm so với yêu cầu',
        'reason.education.above': 'Trình độ cao hơn yêu cầu',
        'reason.wage.above': 'Lương cao hơn mong muốn {gap}',
        'reason.wage.equal': 'Lương đúng mức mong muốn',
        'reason.wage.below': 'Lương thấp hơn mong muốn {gap}',
        'reason.wage.unknown': 'Chưa rõ mức lương',
        'reason.distance.near': 'Gần nơi ở ({km} km)',
        'reason.distance.same': 'Cùng địa bàn với nơi ở',
        'reason.distance.far': 'Cách nơi ở {km} km',
        'reason.distance.abroad': 'Làm việc tại {country}',
        'reason.weaker.fit': 'Hồ sơ chưa đáp ứng hết mong muốn của nhà tuyển dụng',
        'reason.weaker.appeal': 'Công việc chưa thật đúng mong muốn của người lao động',
        'why.title': 'Vị trí {vacancy}',
        'why.in_list': 'Vị trí này có trong danh sách gợi ý, xếp hạng {rank} (độ phù hợp {score}).',
        'why.below': 'Hồ sơ đáp ứng mọi yêu cầu bắt buộc, nhưng vị trí chỉ xếp hạng {rank}: độ phù hợp {score}, thấp hơn vị trí cuối danh sách ({last}) {gap} điểm.',
        'why.min_score': 'Hồ sơ đáp ứng mọi yêu cầu bắt buộc, nhưng độ phù hợp {score} thấp hơn ngưỡng gợi ý tối thiểu {min}.',
        'why.failed': 'Không đạt yêu cầu bắt buộc:',
        'why.c.open': 'Vị trí không nhận hồ sơ vào ngày này (hết hạn, chưa mở hoặc đã tuyển đủ).',
        'why.c.active': 'Hồ sơ không ở trạng thái đang tìm việc.',
        'why.c.skills_required': 'Thiếu kỹ năng bắt buộc: {missing}.',
        'why.c.languages': 'Chưa đạt ngoại ngữ yêu cầu: {missing}.',
        'why.c.education': 'Trình độ {has}, thấp hơn yêu cầu tối thiểu {required}.',
        'why.c.age': '{age} tuổi, vị trí yêu cầu {range}.',
        'why.c.age_unknown': 'Chưa có năm sinh, vị trí yêu cầu {range}.',
        'why.age.range': 'từ {min} đến {max} tuổi',
        'why.age.min': 'từ {min} tuổi',
        'why.age.max': 'không quá {max} tuổi',
        'why.c.abroad': 'Người lao động chưa đăng ký đi làm việc tại {country}.',
        'why.c.distance': 'Nơi làm việc cách nơi ở {km} km, xa hơn mức {limit} km người lao động chấp nhận.',
        'why.c.area_unknown': 'Thiếu nơi ở hoặc nơi làm việc nên không tính được khoảng cách.',
        'why.c.other': 'Không đạt một yêu cầu bắt buộc của vị trí.',

        // referrals
        'referrals.title': 'Giới thiệu việc làm',
        'referrals.recent': 'Các lần giới thiệu gần đây',
        'referrals.from': 'Từ ngày', 'referrals.to': 'Đến ngày',
        'fair.new': 'Thêm phiên giao dịch việc làm',
        'fair.new.explain': 'Phiên mới có trong danh sách chọn ở trên và trong ô "Phiên giao dịch việc làm" của vị trí tuyển dụng.',
        'fair.f.name': 'Tên phiên', 'fair.f.date': 'Ngày tổ chức', 'fair.f.area': 'Địa bàn tổ chức',
        'fair.f.venue': 'Địa điểm', 'fair.f.capacity': 'Số người tham dự tối đa',
        'fair.f.id': 'Mã phiên', 'fair.f.id.hint': 'Để trống thì hệ thống tự đánh số (F + ngày + số thứ tự).',
        'fair.new.save': 'Thêm phiên',
        'fair.new.done': 'Đã thêm phiên {name} (mã {id}).',
        'referrals.from.bad': 'Nhập ngày bắt đầu dạng dd/mm/yyyy.',
        'referral.id': 'Số phiếu',
        'referral.seeker': 'Người được giới thiệu',
        'referral.vacancy': 'Vị trí',
        'referral.by': 'Cán bộ giới thiệu',
        'referral.at': 'Ngày giới thiệu',
        'referral.outcome': 'Kết quả',
        'referral.print': 'In phiếu',
        'referral.outcome.for': 'Kết quả của lần giới thiệu số {id}',
        'referral.outcome.saved': 'Đã ghi kết quả lần giới thiệu số {id}: {outcome}.',
        'referral.confirm': 'Giới thiệu người lao động tới vị trí này?',
        'referral.done': 'Đã ghi nhận giới thiệu số {id}.',
        'referral.note': 'Ghi chú (không bắt buộc)',
        'slip.title': 'Phiếu giới thiệu việc làm',
        'slip.nation': 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'slip.motto': 'Độc lập - Tự do - Hạnh phúc',
        'slip.heading': 'PHIẾU GIỚI THIỆU VIỆC LÀM',
        'slip.number': 'Số: {id}',
        'slip.to': 'Kính gửi: {employer}',
        'slip.address': 'Địa chỉ: {address}',
        'slip.phone': 'Điện thoại: {phone}',
        'slip.intro': '{centre} trân trọng giới thiệu:',
        'slip.seeker': 'Ông/Bà: {name}',
        'slip.birth': 'Năm sinh: {year}',
        'slip.id_card': 'Số CCCD: {id}',
        'slip.phone': 'Điện thoại: {phone}',
        'slip.home': 'Nơi ở: {area}',
        'slip.position': 'Đến dự tuyển vị trí: {title} (mã {id})',
        'slip.request': 'Đề nghị Quý đơn vị tiếp nhận, phỏng vấn và thông báo kết quả tuyển dụng cho Trung tâm.',
        'slip.date': 'Ngày {d} tháng {m} năm {y}',
        'slip.staff': 'Cán bộ giới thiệu',
        'slip.director': 'Lãnh đạo Trung tâm',
        'slip.sign': '(Ký, ghi rõ họ tên)',
        'slip.reply': 'Phần phản hồi của đơn vị tuyển dụng',
        'slip.reply.result': 'Kết quả: Đã tuyển dụng ☐   Không tuyển dụng ☐   Hẹn phỏng vấn ngày ......./......./...........',
        'slip.reply.sign': 'Đại diện đơn vị tuyển dụng (ký, ghi rõ họ tên, đóng dấu)',
        'slip.valid': 'Phiếu có giá trị trong 30 ngày kể từ ngày giới thiệu.',

        // job fair
        'fair.title': 'Phiên giao dịch việc làm',
        'fair.choose': 'Chọn phiên giao dịch',
        'fair.method': 'Cách lập kế hoạch',
        'fair.method.flow': 'Tối ưu (khuyên dùng)',
        'fair.legend': 'Màu xanh: tốt hơn cách đơn giản; màu đỏ: kém hơn. Cách đơn giản mời mỗi người 3 vị trí tốt nhất nên mời được nhiều người hơn, nhưng dồn quá nhiều người vào cùng một gian.',
        'fair.method.stable': 'Ghép ổn định',
        'fair.method.greedy': 'Mỗi người 3 vị trí tốt nhất (đơn giản)',
        'fair.run': 'Lập kế hoạch mời',
        'fair.running': 'Đang lập kế hoạch...',
        'fair.vacancies': '{n} vị trí, {p} chỉ tiêu',
        'fair.result': 'Kết quả kế hoạch',
        'fair.figure': 'Chỉ số',
        'fair.plan': 'Kế hoạch đã lập',
        'fair.greedy': 'Cách đơn giản (top 3)',
        'fair.m.invitations': 'Số lời mời',
        'fair.m.seekers_invited': 'Người được mời',
        'fair.m.vacancies_covered': 'Vị trí có người được mời',
        'fair.m.vacancies_over_capacity': 'Vị trí bị mời quá tải (quá 3 người/chỉ tiêu)',
        'fair.m.invitations_per_position_max': 'Lời mời nhiều nhất trên một chỉ tiêu',
        'fair.m.invitations_per_position_gini': 'Độ chênh lệch lời mời giữa các vị trí (Gini, càng nhỏ càng đều)',
        'fair.m.priority_invited': 'Người thuộc nhóm ưu tiên được mời',
        'fair.m.score_mean': 'Độ phù hợp trung bình của lời mời',
        'fair.of': '{n} / {total}',
        'fair.downloads': 'Tải về',
        'fair.shortlists': 'Danh sách ứng viên cho từng nhà tuyển dụng (Excel)',
        'fair.invitations': 'Giấy mời người lao động (bản in)',
        'fair.none': 'Chưa có phiên giao dịch việc làm nào trong dữ liệu.',
        'fair.explain': 'Kế hoạch mời mỗi người lao động tới vài gian tuyển dụng phù hợp nhất, không mời quá 3 người cho một chỉ tiêu, ưu tiên người chưa được mời và người thuộc nhóm ưu tiên.',
        'fair.result.sub': 'Lần chạy số {run} · {method} · tính đến ngày {date}',
        'fair.method.short.flow': 'tối ưu',
        'fair.method.short.stable': 'ghép ổn định',
        'fair.method.short.greedy': 'top 3',
        'fair.m.seekers_invited_share': 'Tỷ lệ người lao động được mời',
        'fair.m.positions_covered': 'Chỉ tiêu có người được mời',
        'fair.download': 'Tải về',
        'fair.download.xlsx': 'Tải danh sách ứng viên của {employer} (Excel)',
        'fair.plans': 'Các lần lập kế hoạch',
        'fair.no_plans': 'Chưa lập kế hoạch nào cho phiên này.',
        'fair.show': 'Xem',
        'fair.done': 'Đã lập xong kế hoạch (lần chạy số {run}).',

        // planner
        'planner.title': 'Dự báo nhu cầu lao động',
        'planner.run': 'Chạy dự báo quý',
        'planner.horizon': 'Số quý dự báo',
        'planner.by': 'Chi tiết theo',
        'planner.by.area_industry': 'Địa bàn và ngành',
        'planner.by.total': 'Toàn tỉnh',
        'planner.running': 'Đang chạy dự báo... (có thể mất vài phút)',
        'planner.done': 'Đã chạy xong dự báo (lần chạy số {run}).',
        'planner.runs': 'Các lần chạy dự báo',
        'planner.report': 'Mở báo cáo',
        'planner.workbook': 'Tải bảng số liệu (Excel)',
        'activity.title': 'Báo cáo hoạt động của trung tâm',
        'activity.explain': 'Số người đăng ký, được tư vấn, được giới thiệu và có việc làm; vị trí tuyển dụng nhận và đã tuyển; phiên giao dịch việc làm; đi làm việc ở nước ngoài; theo giới tính, nhóm tuổi, nhóm ưu tiên, trình độ và địa bàn, so với cùng kỳ năm trước; tỉ lệ có việc làm và còn làm việc sau 3 và 6 tháng; mức độ công bằng theo giới tính và nhóm ưu tiên. Số dưới 5 được ghi "<5". Báo cáo in khổ A4.',
        'activity.period': 'Kỳ báo cáo',
        'activity.year_so_far': 'Năm {y} (đến nay)',
        'activity.year': 'Năm {y}',
        'activity.half1': '6 tháng đầu năm {y}',
        'activity.half2': '6 tháng cuối năm {y}',
        'activity.quarter': 'Quý {q}/{y}',
        'activity.run': 'Lập báo cáo hoạt động',
        'activity.running': 'Đang lập báo cáo hoạt động...',
        'activity.done': 'Đã lập báo cáo hoạt động: {period}.',
        'activity.open': 'Mở báo cáo hoạt động',
        'planner.explain': 'Dự báo số vị trí tuyển dụng theo quý cho từng địa bàn và ngành, cân đối cung - cầu lao động theo nhóm nghề, rồi lập báo cáo in cho lãnh đạo tỉnh.',
        'planner.quarters': '{n} quý',
        'planner.no_runs': 'Chưa chạy dự báo nào.',
        'run.kind.forecast': 'Dự báo',
        'run.kind.balance': 'Cân đối cung - cầu',
        'run.status.ok': 'Hoàn thành',
        'run.status.failed': 'Lỗi',
        'run.status.running': 'Đang chạy',
        'run.status.interrupted': 'Bị dừng',
        'run.id': 'Lần chạy',
        'run.started': 'Bắt đầu',
        'run.user': 'Người chạy',
        'run.status': 'Kết quả',
        'run.kind': 'Loại',

        // admin
        'admin.title': 'Quản trị',
        'admin.users': 'Người dùng',
        'admin.audit': 'Nhật ký truy cập dữ liệu cá nhân',
        'admin.user.name': 'Tên đăng nhập',
        'admin.user.role': 'Vai trò',
        'admin.user.full_name': 'Họ tên',
        'admin.user.password': 'Mật khẩu ban đầu',
        'admin.user.status': 'Trạng thái',
        'admin.user.active': 'Đang hoạt động',
        'admin.user.disabled': 'Đã khoá',
        'admin.user.add': 'Thêm người dùng',
        'admin.user.last_login': 'Đăng nhập lần cuối',
        'admin.user.province': 'Tỉnh/thành',
        'admin.user.every_province': 'Mọi tỉnh/thành',
        'admin.user.password.hint': 'Ít nhất 10 ký tự; người dùng nên đổi ở mục Tài khoản sau lần đăng nhập đầu.',
        'admin.user.disable.explain': 'Người dùng sẽ bị đăng xuất ngay và không đăng nhập được nữa.',
        'audit.kind': 'Loại hồ sơ',
        'audit.detail': 'Chi tiết',
        'audit.k.seeker': 'Người tìm việc', 'audit.k.referral': 'Giới thiệu', 'audit.k.fair_plan': 'Kế hoạch phiên GDVL',
        'audit.k.user': 'Người dùng', 'audit.k.vacancy': 'Vị trí tuyển dụng', 'audit.k.employer': 'Nhà tuyển dụng',
        'audit.a.download': 'Tải về', 'audit.a.outcome': 'Ghi kết quả',
        'audit.a.why': 'Hỏi vì sao không phù hợp',
        'audit.a.plan': 'Lập kế hoạch mời', 'audit.k.fair': 'Phiên giao dịch việc làm',
        'audit.a.report': 'Mở báo cáo', 'audit.a.forecast': 'Chạy dự báo', 'audit.k.run': 'Lần chạy',
        'admin.user.disable': 'Khoá tài khoản',
        'admin.user.disable.confirm': 'Khoá tài khoản {user}?',
        'admin.user.added': 'Đã thêm người dùng {user}.',
        'admin.user.disabled.done': 'Đã khoá tài khoản {user}.',
        'admin.user.reset': 'Đặt lại mật khẩu',
        'admin.user.reset.title': 'Đặt lại mật khẩu cho {user}',
        'admin.user.reset.explain': 'Người dùng bị đăng xuất ngay. Hãy báo mật khẩu mới cho họ và nhắc họ đổi lại ở mục Tài khoản sau khi đăng nhập.',
        'admin.user.reset.done': 'Đã đặt lại mật khẩu cho {user}.',
        'admin.user.enable': 'Mở khoá',
        'admin.user.enable.confirm': 'Mở khoá tài khoản {user}?',
        'admin.user.enable.explain': 'Người dùng đăng nhập lại được bằng mật khẩu hiện có.',
        'admin.user.enabled.done': 'Đã mở khoá tài khoản {user}.',
        'audit.a.password': 'Đổi mật khẩu',
        'audit.at': 'Thời điểm',
        'audit.user': 'Người dùng',
        'audit.action': 'Thao tác',
        'audit.record': 'Hồ sơ',
        'audit.filter.user': 'Lọc theo người dùng',
        'audit.filter.record': 'Lọc theo mã hồ sơ',
        'audit.a.view': 'Xem', 'audit.a.create': 'Tạo mới', 'audit.a.update': 'Sửa',
        'audit.a.search': 'Tìm kiếm', 'audit.a.refer': 'Giới thiệu', 'audit.a.erase': 'Xoá',
        'audit.a.print': 'In phiếu', 'audit.a.export': 'Xuất dữ liệu',
        'audit.a.import': 'Nhập từ tệp',
        'audit.k.vacancies': 'Danh sách vị trí tuyển dụng', 'audit.k.employers': 'Danh sách nhà tuyển dụng',
        'audit.k.fairs': 'Danh sách phiên giao dịch việc làm', 'audit.k.history': 'Số liệu lịch sử',
        'audit.k.areas': 'Danh mục địa bàn', 'audit.k.activity': 'Báo cáo hoạt động',
        'audit.a.login': 'Đăng nhập', 'audit.a.logout': 'Đăng xuất', 'audit.a.match': 'Gợi ý việc làm',
        'audit.a.shortlist': 'Lập danh sách ứng viên',
    },
    en: {
        'app.name': 'vieclam',
        'app.tagline': 'Front desk - Employment Service Centre',
        'skip': 'Skip to main content',
        'nav.label': 'Sections',
        'nav.seekers': 'Job seekers',
        'nav.vacancies': 'Vacancies',
        'nav.employers': 'Employers',
        'nav.referrals': 'Referrals',
        'nav.fair': 'Job fair',
        'nav.planner': 'Forecasts',
        'nav.admin': 'Administration',
        'nav.import': 'Import a file',
        'import.title': 'Import from an Excel or CSV file',
        'import.send': 'Send a file',
        'import.explain': 'The whole file is imported or none of it: if one row is wrong, nothing changes and every problem is listed by line (or sheet and cell), column and reason; only when the last box is ticked are the good rows imported and the bad ones set aside. Importing the same file again changes nothing; a row whose id exists updates that record.',
        'import.kind': 'Kind of records',
        'import.template': 'Download the Excel template',
        'import.template.hint': 'Vietnamese column headers, one example row and drop-down lists.',
        'import.file': 'File (.xlsx or .csv)',
        'import.file.hint': 'A workbook: its first sheet, or the sheet named below.',
        'import.sheet': 'Sheet name',
        'import.sheet.hint': 'Empty: the first sheet.',
        'import.dmy': 'Dates written day/month/year (30/03/2025), as Vietnamese Excel writes them',
        'import.numbers_vi': 'Numbers written the Vietnamese way (7.500.000 and 1,5)',
        'import.submit': 'Import',
        'import.no_file': 'Choose a file.',
        'import.empty': 'The file is empty.',
        'import.too_large': 'The file is too large ({mb} MiB at most). Split it into several files.',
        'import.running': 'Importing {file}...',
        'import.done': 'Imported {file}',
        'import.rows': 'Rows',
        'import.inserted': 'New records',
        'import.updated': 'Records updated',
        'import.unchanged': 'Unchanged',
        'import.refused': 'The file was not imported: nothing changed',
        'import.refused.hint': 'Correct these cells in the file and send the whole file again.',
        'import.none': 'Your role does not import files.',
        'import.export': 'Download the current records (Excel)',
        'import.export.hint': 'to change many at once in Excel and send them back here',
        'common.export_xlsx': 'Download as Excel',
        'import.skip': 'Import the good rows and set the bad ones aside (to download and correct)',
        'import.rejected': 'Bad rows, not imported',
        'import.partly': 'Imported the good rows of {file}; {n} bad rows were not imported',
        'import.rejects': 'Download the bad rows (Excel)',
        'import.rejects.hint': 'The workbook holds the bad rows and a column "reason" saying why. Correct the cells and send that same file again on this page; the reason column may stay.',
        'lang.switch': 'Tiếng Việt',
        'lang.switch.label': 'Switch to Vietnamese',
        'user.logout': 'Log out',
        'user.signed_in': 'Signed in: {user} ({role})',
        'user.account': 'Account',
        'account.title': 'My account',
        'account.details': 'Account details',
        'account.session': 'This session ends at',
        'account.password': 'Change password',
        'account.password.explain': 'Your other sessions (other computers, other browsers) are logged out when you change it; this one stays.',
        'account.old': 'Current password',
        'account.new': 'New password',
        'account.new.hint': 'At least 10 characters, not the current password.',
        'account.again': 'New password again',
        'account.submit': 'Change password',
        'account.missing': 'Enter your current password.',
        'account.short': 'The new password needs at least {n} characters.',
        'account.same': 'The new password must differ from the current one.',
        'account.mismatch': 'The two new passwords differ.',
        'account.done': 'Password changed. Your other sessions have been logged out.',
        'seeker.counselling': 'Counselling',
        'counselling.on': 'Date',
        'counselling.on.missing': 'Enter the date of the session.',
        'counselling.staff': 'Counsellor',
        'counselling.topic': 'What was discussed',
        'counselling.topic.hint': 'For example: vocational training, interview skills. One session a day per person: recording again on the same day replaces it.',
        'counselling.record': 'Record the session',
        'counselling.done': 'Session of {date} recorded.',
        'counselling.none': 'No counselling sessions yet.',
        'audit.a.counselling': 'Counselling viewed', 'audit.a.counsel': 'Counselling recorded',
        'role.staff': 'counsellor',
        'role.planner': 'planner',
        'role.admin': 'administrator',

        'login.title': 'Log in',
        'login.heading': 'Log in to the front desk',
        'login.user': 'User name',
        'login.password': 'Password',
        'login.submit': 'Log in',
        'login.busy': 'Logging in...',
        'login.failed': 'Wrong user name or password.',
        'login.locked': 'Too many failed attempts: the account is locked for a while. Try again later.',
        'login.missing': 'Enter your user name and password.',
        'login.locked.for': 'Too many failed attempts: the account is locked. Try again in {min} minutes.',
        'login.expired': 'Your session has expired. Please log in again.',
        'login.logged_out': 'You have logged out.',

        'common.search': 'Search',
        'common.save': 'Save',
        'common.saving': 'Saving...',
        'common.cancel': 'Cancel',
        'common.close': 'Close',
        'common.edit': 'Edit',
        'common.add': 'Add',
        'common.remove': 'Remove {item}',
        'common.open': 'Open',
        'common.print': 'Print',
        'common.back': 'Back',
        'common.loading': 'Loading...',
        'common.none': '-',
        'common.yes': 'Yes',
        'common.no': 'No',
        'common.required': '(required)',
        'common.optional': '(optional)',
        'common.id': 'Id',
        'common.actions': 'Actions',
        'common.unknown': 'unknown',
        'common.any': 'Any',
        'common.abroad': 'Abroad',
        'common.results': '{n} results',
        'common.no_results': 'Nothing found.',
        'common.page': 'Page {page} of {pages}',
        'common.prev': 'Previous page',
        'common.next': 'Next page',
        'common.sort_by': 'Sort by {col}',
        'common.saved': 'Saved.',
        'common.fix_fields': 'Not saved: {n} fields need correcting (see the message next to each).',
        'common.date_hint': 'dd/mm/yyyy',
        'common.list_hint': 'Type, then press Enter to add',
        'common.as_of': 'As of {date}',
        'common.show_more': 'Show more',

        'err.network': 'Cannot reach the server. Check the network and try again.',
        'err.busy': 'The system is busy; please try again in a moment.',
        'err.forbidden': 'Your account is not allowed to do this.',
        'err.not_found': 'Not found.',
        'err.conflict': 'The record was changed meanwhile or already exists.',
        'err.invalid': 'Some data is not valid.',
        'err.server': 'The server failed. Please tell your administrator.',
        'err.date': 'Write the date as dd/mm/yyyy, e.g. 01/03/2025.',
        'err.number': 'Must be a number, e.g. 1.5.',
        'err.money': 'Must be an amount, e.g. 7,200,000.',

        'seekers.title': 'Job seekers',
        'seekers.find': 'Find a job seeker',
        'seekers.query': 'Id, full name, phone or ID-card number',
        'seekers.query.hint': 'Diacritics are optional: "nguyen van an" finds "Nguyễn Văn An".',
        'seekers.everywhere': 'Also people registered in other provinces',
        'seekers.new': 'Register a new job seeker',
        'seekers.idle': 'Type a record id, name, phone or ID-card number to search.',
        'seeker.id': 'Record id',
        'seeker.name': 'Full name',
        'seeker.birth_year': 'Year of birth',
        'seeker.gender': 'Sex',
        'seeker.phone': 'Phone number',
        'seeker.id_card': 'ID-card number',
        'seeker.area': 'Lives in (commune/ward)',
        'seeker.education': 'Education',
        'seeker.occupations': 'Wanted occupations (most wanted first)',
        'seeker.skills': 'Skills',
        'seeker.experience_years': 'Experience (years)',
        'seeker.languages': 'Languages',
        'seeker.wage_min': 'Lowest acceptable wage (VND/month)',
        'seeker.max_commute_km': 'Longest commute (km)',
        'seeker.abroad': 'Willing to work in',
        'seeker.abroad.any': 'Any country',
        'seeker.priority': 'Priority group',
        'seeker.registered': 'Registered on',
        'seeker.status': 'Status',
        'seeker.age': 'aged {n}',
        'seeker.title': 'Job seeker record',
        'seeker.form.new': 'Register a job seeker',
        'seeker.form.edit': 'Edit record {id}',
        'seeker.form.id_hint': 'Leave empty: the system assigns an id.',
        'seeker.form.personal': 'Personal details',
        'seeker.form.work': 'Work wishes',
        'seeker.form.skills_hint': 'E.g. Arc welding. Press Enter after each skill.',
        'seeker.form.occ_hint': 'Type an occupation or code, choose with the arrow keys, then Enter.',
        'seeker.form.area_hint': 'Type a commune or ward, choose with the arrow keys, then Enter.',
        'seeker.saved': 'Record {id} saved.',
        'seeker.protected': 'Personal data is protected under Decree 13/2023/ND-CP; every view is logged.',
        'seeker.matches': 'Suitable vacancies',
        'seeker.print': 'Print the record and vacancies',
        'seeker.why': 'Why not this one?',
        'seeker.why.label': 'Vacancy id the seeker asks about',
        'seeker.why.ask': 'Check',
        'seeker.referrals': 'Referrals',
        'seeker.no_referrals': 'No referral yet.',
        'seeker.not_active': 'The record is not active, so no vacancies are suggested.',

        'gender.male': 'Male', 'gender.female': 'Female', 'gender.other': 'Other',
        'edu.none': 'No schooling', 'edu.primary': 'Primary', 'edu.lower_secondary': 'Lower secondary',
        'edu.upper_secondary': 'Upper secondary', 'edu.elementary': 'Elementary vocational',
        'edu.intermediate': 'Intermediate vocational', 'edu.college': 'College',
        'edu.university': 'University', 'edu.master': 'Master', 'edu.doctorate': 'Doctorate',
        'prio.poor': 'Poor household', 'prio.near_poor': 'Near-poor household',
        'prio.disability': 'Disability', 'prio.ethnic_minority': 'Ethnic minority',
        'prio.rural': 'Rural worker', 'prio.demobilised': 'Demobilised soldier', 'prio.other': 'Other',
        'status.active': 'Looking for work', 'status.placed': 'Placed', 'status.withdrawn': 'Withdrawn',
        'lang.en': 'English', 'lang.ja': 'Japanese', 'lang.ko': 'Korean', 'lang.zh': 'Chinese',
        'lang.de': 'German', 'lang.fr': 'French', 'lang.ru': 'Russian',
        'country.VN': 'Viet Nam', 'country.JP': 'Japan', 'country.KR': 'Korea',
        'country.TW': 'Taiwan', 'country.DE': 'Germany', 'country.AU': 'Australia',
        'country.SG': 'Singapore', 'country.MY': 'Malaysia', 'country.CN': 'China',
        'country.SA': 'Saudi Arabia', 'country.RO': 'Romania', 'country.HU': 'Hungary',
        'country.CZ': 'Czechia', 'country.PL': 'Poland', 'country.US': 'United States',
        'country.GB': 'United Kingdom', 'country.FR': 'France', 'country.IL': 'Israel',
        'country.AE': 'UAE', 'country.QA': 'Qatar', 'country.NZ': 'New Zealand', 'country.CA': 'Canada',
        'lang.level': 'Level',
        'lang.language': 'Language',

        'vacancies.title': 'Vacancies',
        'vacancies.find': 'Find a vacancy',
        'vacancies.query': 'Id, title, occupation or employer',
        'vacancies.new': 'Register a vacancy',
        'vacancies.open_only': 'Open vacancies only',
        'vacancies.everywhere': 'Also vacancies in other provinces',
        'vacancy.id': 'Vacancy id',
        'vacancy.title': 'Title',
        'vacancy.employer': 'Employer',
        'vacancy.occupation': 'Occupation',
        'vacancy.skills_required': 'Required skills',
        'vacancy.skills_preferred': 'Preferred skills',
        'vacancy.education_min': 'Minimum education',
        'vacancy.experience_min': 'Minimum experience (years)',
        'vacancy.languages': 'Languages required',
        'vacancy.wage_min': 'Wage from (VND/month)',
        'vacancy.wage_max': 'Wage up to (VND/month)',
        'vacancy.wage': 'Wage',
        'vacancy.positions': 'Positions',
        'vacancy.area': 'Workplace (commune/ward)',
        'vacancy.country': 'Country (work abroad)',
        'vacancy.age_min': 'Age from',
        'vacancy.age_max': 'Age up to',
        'vacancy.posted': 'Posted on',
        'vacancy.closes': 'Closing date',
        'vacancy.fair': 'Job fair',
        'vacancy.detail': 'Vacancy {id}',
        'vacancy.form.new': 'Register a vacancy',
        'vacancy.form.edit': 'Edit vacancy {id}',
        'vacancy.form.id_hint': 'Leave empty: the system assigns an id.',
        'vacancy.form.requirements': 'What the employer requires',
        'vacancy.form.terms': 'Terms',
        'vacancy.saved': 'Vacancy {id} saved.',
        'vacancy.shortlist': 'Suitable candidates',
        'vacancy.facts': 'About the vacancy',
        'vacancy.ages': 'Ages',
        'vacancy.not_open': 'The vacancy does not take applications on this date, so there is no shortlist.',
        'vacancy.no_minimum': 'No minimum',
        'vacancy.form.position': 'The position',
        'vacancy.form.employer_hint': 'Type the employer\'s name or id, then choose.',
        'seeker.experience_n': '{n} years\' experience',
        'employer.facts': 'About the employer',
        'employer.form.section': 'The employer',
        'employer.vacancy_counts': '{open} open of {all} vacancies',
        'common.results.label': 'Search results',
        'outcome.pending': 'Pending', 'outcome.hired': 'Hired', 'outcome.rejected': 'Not hired',
        'outcome.no_show': 'Did not come', 'outcome.interviewed': 'Interviewed, no decision yet',
        'outcome.declined': 'Declined by the seeker',
        'common.required_field': 'This field is required.',
        'referral.start_on': 'First day at work',
        'referral.wage': 'Wage (VND per month)',
        'referral.wage.hint': 'Optional. For example: 7,500,000',
        'referral.hire.title': 'Hired: referral {id} ({seeker})',
        'followup.title': 'Follow-up of a hire: referral {id} ({seeker})',
        'followup.on': 'Date checked',
        'followup.employed': 'Still in the job?',
        'followup.yes': 'Still in the job', 'followup.no': 'Has left',
        'followup.record': 'Record a follow-up', 'followup.record.for': 'Record a follow-up of referral {id}',
        'followup.saved.yes': 'Follow-up of referral {id} recorded: still in the job on {date}.',
        'followup.saved.no': 'Follow-up of referral {id} recorded: had left by {date}.',
        'vacancy.no_closing': 'no closing date',
        'vacancy.wage.range': '{min} - {max}',
        'vacancy.wage.from': 'from {min}',
        'vacancy.wage.to': 'up to {max}',
        'vacancy.wage.negotiable': 'negotiable',
        'employers.title': 'Employers',
        'employers.find': 'Find an employer',
        'employers.query': 'Employer id or name',
        'employers.new': 'Register an employer',
        'employer.id': 'Employer id',
        'employer.name': 'Employer name',
        'employer.industry': 'Industry',
        'employer.area': 'Address (commune/ward)',
        'employer.address': 'Street address',
        'employer.phone': 'Phone',
        'employer.form.address_hint': 'House number and street; the commune is the field above. The referral slip prints this address.',
        'employer.form.phone_hint': 'The business\'s number, 9 to 15 digits; spaces, dots and dashes are fine.',
        'employer.vacancies': 'Open vacancies',
        'employer.form.new': 'Register an employer',
        'employer.form.edit': 'Edit employer {id}',
        'employer.saved': 'Employer {id} saved.',
        'employer.detail': 'Employer {id}',
        'employer.add_vacancy': 'Add a vacancy',

        'match.rank': 'Rank',
        'match.score': 'Match',
        'match.distance': 'Distance',
        'match.where': 'Workplace, distance',
        'match.reasons': 'Reasons',
        'match.km': '{km} km',
        'match.top': 'Results',
        'match.none': 'No vacancy suits this record yet (every hard requirement must be met).',
        'match.none.vacancy': 'No job seeker meets every requirement of this vacancy yet.',
        'match.refer': 'Refer',
        'match.refer.label': 'Refer {seeker} to vacancy {vacancy}',
        'match.referred': 'Referred',
        'match.why_this': 'Details',
        'reason.occupation.first': 'The most wanted occupation',
        'reason.occupation.wish': 'Wanted occupation no. {place}',
        'reason.occupation.related': 'Close to a wanted occupation',
        'reason.skills.held': 'Has {held} of {of} preferred skills',
        'reason.skills.missing': 'Lacks preferred skills: {skills}',
        'reason.experience.short': '{years} years less experience than asked',
        'reason.education.above': 'More education than asked',
        'reason.wage.above': 'Pays {gap} more than wanted',
        'reason.wage.equal': 'Pays the wage wanted',
        'reason.wage.below': 'Pays {gap} less than wanted',
        'reason.wage.unknown': 'Wage not stated',
        'reason.distance.near': 'Close to home ({km} km)',
        'reason.distance.same': 'In the seeker\'s own commune',
        'reason.distance.far': '{km} km from home',
        'reason.distance.abroad': 'Work in {country}',
        'reason.weaker.fit': 'The record does not fully meet the employer\'s wishes',
        'reason.weaker.appeal': 'The job is not quite what the seeker wants',
        'why.title': 'Vacancy {vacancy}',
        'why.in_list': 'This vacancy is on the list, ranked {rank} (match {score}).',
        'why.below': 'Every hard requirement is met, but the vacancy ranks {rank}: match {score}, {gap} below the last one listed ({last}).',
        'why.min_score': 'Every hard requirement is met, but the match {score} is below the minimum of {min}.',
        'why.failed': 'Hard requirements not met:',
        'why.c.open': 'The vacancy does not take applications on this date (closed, not yet open or filled).',
        'why.c.active': 'The record is not active.',
        'why.c.skills_required': 'Missing required skills: {missing}.',
        'why.c.languages': 'Language requirement not met: {missing}.',
        'why.c.education': 'Education {has}, below the minimum {required}.',
        'why.c.age': 'Aged {age}; the vacancy asks {range}.',
        'why.c.age_unknown': 'No year of birth; the vacancy asks {range}.',
        'why.age.range': '{min} to {max} years',
        'why.age.min': 'at least {min} years',
        'why.age.max': 'at most {max} years',
        'why.c.abroad': 'The seeker has not accepted work in {country}.',
        'why.c.distance': 'The workplace is {km} km from home, beyond the {limit} km the seeker accepts.',
        'why.c.area_unknown': 'Home or workplace unknown, so the distance cannot be computed.',
        'why.c.other': 'A hard requirement of the vacancy is not met.',

        'referrals.title': 'Referrals',
        'referrals.recent': 'Recent referrals',
        'referrals.from': 'From', 'referrals.to': 'To',
        'fair.new': 'Add a job fair',
        'fair.new.explain': 'The new fair is offered in the choice above and in the "Job fair" field of a vacancy.',
        'fair.f.name': 'Name', 'fair.f.date': 'Date', 'fair.f.area': 'Area',
        'fair.f.venue': 'Venue', 'fair.f.capacity': 'Most attendees',
        'fair.f.id': 'Fair id', 'fair.f.id.hint': 'Leave empty to have it numbered (F + date + number).',
        'fair.new.save': 'Add the fair',
        'fair.new.done': 'Fair {name} added (id {id}).',
        'referrals.from.bad': 'Enter the first day as dd/mm/yyyy.',
        'referral.id': 'Slip no.',
        'referral.seeker': 'Job seeker',
        'referral.vacancy': 'Vacancy',
        'referral.by': 'Referred by',
        'referral.at': 'Date',
        'referral.outcome': 'Outcome',
        'referral.print': 'Print slip',
        'referral.outcome.for': 'Outcome of referral {id}',
        'referral.outcome.saved': 'Outcome of referral {id} recorded: {outcome}.',
        'referral.confirm': 'Refer the job seeker to this vacancy?',
        'referral.done': 'Referral no. {id} recorded.',
        'referral.note': 'Note (optional)',
        'slip.title': 'Referral slip',
        'slip.nation': 'SOCIALIST REPUBLIC OF VIET NAM',
        'slip.motto': 'Independence - Freedom - Happiness',
        'slip.heading': 'JOB REFERRAL SLIP',
        'slip.number': 'No.: {id}',
        'slip.to': 'To: {employer}',
        'slip.address': 'Address: {address}',
        'slip.phone': 'Phone: {phone}',
        'slip.intro': '{centre} is pleased to introduce:',
        'slip.seeker': 'Mr/Ms: {name}',
        'slip.birth': 'Year of birth: {year}',
        'slip.id_card': 'ID card: {id}',
        'slip.phone': 'Phone: {phone}',
        'slip.home': 'Lives in: {area}',
        'slip.position': 'For the position: {title} (id {id})',
        'slip.request': 'Please receive and interview the candidate and let the Centre know the outcome.',
        'slip.date': 'Date: {d}/{m}/{y}',
        'slip.staff': 'Counsellor',
        'slip.director': 'For the Centre',
        'slip.sign': '(signature and full name)',
        'slip.reply': 'For the employer to complete',
        'slip.reply.result': 'Outcome: Hired ☐   Not hired ☐   Interview on ......./......./...........',
        'slip.reply.sign': 'Employer\'s representative (signature, name, stamp)',
        'slip.valid': 'This slip is valid for 30 days from the date of referral.',

        'fair.title': 'Job fair',
        'fair.choose': 'Choose a job fair',
        'fair.method': 'Planning method',
        'fair.method.flow': 'Optimal (recommended)',
        'fair.legend': 'Green: better than the naive plan; red: worse. The naive plan gives everyone their top 3, so it invites more people but crowds many of them into the same booths.',
        'fair.method.stable': 'Stable matching',
        'fair.method.greedy': 'Everyone\'s top 3 (naive)',
        'fair.run': 'Plan the invitations',
        'fair.running': 'Planning...',
        'fair.vacancies': '{n} vacancies, {p} positions',
        'fair.result': 'The plan',
        'fair.figure': 'Figure',
        'fair.plan': 'This plan',
        'fair.greedy': 'Naive top 3',
        'fair.m.invitations': 'Invitations',
        'fair.m.seekers_invited': 'Job seekers invited',
        'fair.m.vacancies_covered': 'Vacancies with invitations',
        'fair.m.vacancies_over_capacity': 'Vacancies over capacity (over 3 per position)',
        'fair.m.invitations_per_position_max': 'Most invitations per position',
        'fair.m.invitations_per_position_gini': 'Inequality of invitations per position (Gini; lower is more even)',
        'fair.m.priority_invited': 'Priority-group seekers invited',
        'fair.m.score_mean': 'Mean match of the invitations',
        'fair.of': '{n} of {total}',
        'fair.downloads': 'Downloads',
        'fair.shortlists': 'Shortlists for each employer (Excel)',
        'fair.invitations': 'Invitations for job seekers (printable)',
        'fair.none': 'There is no job fair in the data.',
        'fair.explain': 'The plan invites each job seeker to a few of the best booths, never more than 3 per position, favouring seekers not yet invited and priority groups.',
        'fair.result.sub': 'Run {run} · {method} · as of {date}',
        'fair.method.short.flow': 'optimal',
        'fair.method.short.stable': 'stable',
        'fair.method.short.greedy': 'top 3',
        'fair.m.seekers_invited_share': 'Share of job seekers invited',
        'fair.m.positions_covered': 'Positions with invitations',
        'fair.download': 'Download',
        'fair.download.xlsx': 'Download the shortlist of {employer} (Excel)',
        'fair.plans': 'Plans made',
        'fair.no_plans': 'No plan yet for this fair.',
        'fair.show': 'Show',
        'fair.done': 'The plan is ready (run {run}).',

        'planner.title': 'Labour-demand forecasts',
        'planner.run': 'Run the quarterly forecast',
        'planner.horizon': 'Quarters ahead',
        'planner.by': 'Broken down by',
        'planner.by.area_industry': 'Area and industry',
        'planner.by.total': 'Province total',
        'planner.running': 'Forecasting... (this can take a few minutes)',
        'planner.done': 'Forecast finished (run {run}).',
        'planner.runs': 'Forecast runs',
        'planner.report': 'Open the report',
        'planner.workbook': 'Download the tables (Excel)',
        'activity.title': "The centre's activity report",
        'activity.explain': 'Seekers registered, counselled, referred and placed; vacancies and positions received and filled; job fairs; work abroad; by sex, age band, priority group, education and area, beside the same period a year before; placement rate and retention at 3 and 6 months; fairness by sex and priority group. Counts under 5 read "<5". Printed on A4.',
        'activity.period': 'Period',
        'activity.year_so_far': '{y} (so far)',
        'activity.year': 'Year {y}',
        'activity.half1': 'First half of {y}',
        'activity.half2': 'Second half of {y}',
        'activity.quarter': 'Q{q} {y}',
        'activity.run': 'Make the activity report',
        'activity.running': 'Making the activity report...',
        'activity.done': 'The activity report is ready: {period}.',
        'activity.open': 'Open the activity report',
        'planner.explain': 'Forecasts vacancies per quarter by area and industry, balances labour supply and demand by occupation group, and makes the printable report for the province\'s leaders.',
        'planner.quarters': '{n} quarters',
        'planner.no_runs': 'No forecast has been run yet.',
        'run.kind.forecast': 'Forecast',
        'run.kind.balance': 'Labour balance',
        'run.status.ok': 'Finished',
        'run.status.failed': 'Failed',
        'run.status.running': 'Running',
        'run.status.interrupted': 'Interrupted',
        'run.id': 'Run',
        'run.started': 'Started',
        'run.user': 'By',
        'run.status': 'Outcome',
        'run.kind': 'Kind',

        'admin.title': 'Administration',
        'admin.users': 'Users',
        'admin.audit': 'Personal-data access log',
        'admin.user.name': 'User name',
        'admin.user.role': 'Role',
        'admin.user.full_name': 'Full name',
        'admin.user.password': 'Initial password',
        'admin.user.status': 'Status',
        'admin.user.active': 'Active',
        'admin.user.disabled': 'Disabled',
        'admin.user.add': 'Add a user',
        'admin.user.last_login': 'Last login',
        'admin.user.province': 'Province',
        'admin.user.every_province': 'Every province',
        'admin.user.password.hint': 'At least 10 characters; the user should change it under Account after the first login.',
        'admin.user.disable.explain': 'The user is logged out at once and cannot log in again.',
        'audit.kind': 'Kind',
        'audit.detail': 'Detail',
        'audit.k.seeker': 'Job seeker', 'audit.k.referral': 'Referral', 'audit.k.fair_plan': 'Job-fair plan',
        'audit.k.user': 'User', 'audit.k.vacancy': 'Vacancy', 'audit.k.employer': 'Employer',
        'audit.a.download': 'Download', 'audit.a.outcome': 'Outcome',
        'audit.a.why': 'Why-not question',
        'audit.a.plan': 'Invitation plan', 'audit.k.fair': 'Job fair',
        'audit.a.report': 'Report opened', 'audit.a.forecast': 'Forecast run', 'audit.k.run': 'Run',
        'admin.user.disable': 'Disable',
        'admin.user.disable.confirm': 'Disable the account {user}?',
        'admin.user.added': 'User {user} added.',
        'admin.user.disabled.done': 'Account {user} disabled.',
        'admin.user.reset': 'Reset password',
        'admin.user.reset.title': 'Reset the password of {user}',
        'admin.user.reset.explain': 'The user is logged out at once. Tell them the new password and ask them to change it under Account after logging in.',
        'admin.user.reset.done': 'Password of {user} reset.',
        'admin.user.enable': 'Enable',
        'admin.user.enable.confirm': 'Enable the account {user}?',
        'admin.user.enable.explain': 'The user can log in again with their current password.',
        'admin.user.enabled.done': 'Account {user} enabled.',
        'audit.a.password': 'Password changed',
        'audit.at': 'When',
        'audit.user': 'User',
        'audit.action': 'Action',
        'audit.record': 'Record',
        'audit.filter.user': 'Filter by user',
        'audit.filter.record': 'Filter by record id',
        'audit.a.view': 'View', 'audit.a.create': 'Create', 'audit.a.update': 'Update',
        'audit.a.search': 'Search', 'audit.a.refer': 'Referral', 'audit.a.erase': 'Erase',
        'audit.a.print': 'Print slip', 'audit.a.export': 'Export',
        'audit.a.import': 'File imported',
        'audit.k.vacancies': 'List of vacancies', 'audit.k.employers': 'List of employers',
        'audit.k.fairs': 'List of job fairs', 'audit.k.history': 'History figures',
        'audit.k.areas': 'List of areas', 'audit.k.activity': 'Activity report',
        'audit.a.login': 'Log in', 'audit.a.logout': 'Log out', 'audit.a.match': 'Matching',
        'audit.a.shortlist': 'Shortlist',
    },
};

const LANG_KEY = 'vieclam.lang';
let current = 'vi';
try {
    const saved = window.localStorage.getItem(LANG_KEY);
    if (saved === 'en' || saved === 'vi') current = saved;
} catch (e) {
    // storage may be disabled; Vietnamese stays the default
}

export function lang()
{
    return current;
}

// Sets the language for this browser (the server keeps the user's choice too, see shell.js).
export function setLang(l)
{
    current = l === 'en' ? 'en' : 'vi';
    try {
        window.localStorage.setItem(LANG_KEY, current);
    } catch (e) {
        // not fatal: the choice lasts for this page
    }
    document.documentElement.lang = current;
}

// Runs f with the messages of language l, then returns to the user's (a document that must be
// in Vietnamese whatever the screen's language, like the referral slip sent to an employer).
export function inLang(l, f)
{
    const saved = current;
    current = l;
    try {
        return f();
    } finally {
        current = saved;
    }
}

// The message for key with {name} placeholders filled from params. A missing key shows as the
// key itself in brackets so the browser test catches it (it looks for "[[").
export function t(key, params)
{
    let s = MESSAGES[current][key];
    if (s === undefined) s = MESSAGES.vi[key];
    if (s === undefined) return '[[' + key + ']]';
    if (params) {
        s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
    }
    return s;
}

export function has(key)
{
    return key in MESSAGES[current] || key in MESSAGES.vi;
}

// The server's labels of its closed lists (GET /api/meta: education, genders, ...), which win
// over this table's: the server owns those lists.
const served = {};
export function useServedLabels(meta)
{
    const lists = { edu: 'education', gender: 'genders', prio: 'priority_groups', status: 'statuses',
        outcome: 'outcomes', industry: 'industries' };
    for (const [prefix, key] of Object.entries(lists)) {
        if (!Array.isArray(meta[key])) continue;
        served[prefix] = Object.fromEntries(meta[key].map((x) => [x.code, x.label]));
    }
}

// Label of an enumerated value (education, gender, priority, status, language, country): the
// server's label, else the message "prefix.value", else the raw value (never an empty cell).
export function label(prefix, value)
{
    if (value === null || value === undefined || value === '') return t('common.none');
    if (served[prefix] && served[prefix][value]) return served[prefix][value];
    const key = prefix + '.' + value;
    if (has(key)) return t(key);
    console.warn('vieclam: no words for', key); // the browser test fails on this
    return String(value);
}

// Fills every element marked with data-i18n* attributes under root.
export function applyI18n(root)
{
    const r = root || document;
    r.querySelectorAll('[data-i18n]').forEach((el) => {
        el.textContent = t(el.dataset.i18n);
    });
    r.querySelectorAll('[data-i18n-placeholder]').forEach((el) => {
        el.placeholder = t(el.dataset.i18nPlaceholder);
    });
    r.querySelectorAll('[data-i18n-label]').forEach((el) => {
        el.setAttribute('aria-label', t(el.dataset.i18nLabel));
    });
    r.querySelectorAll('[data-i18n-title]').forEach((el) => {
        el.title = t(el.dataset.i18nTitle);
    });
    document.documentElement.lang = current;
}

// ---- numbers ---------------------------------------------------------------------------------

function groups(intText, sep)
{
    let out = '';
    for (let i = 0; i < intText.length; i++) {
        if (i > 0 && (intText.length - i) % 3 === 0) out += sep;
        out += intText[i];
    }
    return out;
}

// A number with `digits` decimals: 7.200.000 and 0,51 in Vietnamese, 7,200,000 and 0.51 in
// English. null, undefined and NaN show as "-".
export function fmtNumber(x, digits)
{
    if (x === null || x === undefined || typeof x !== 'number' || !Number.isFinite(x)) {
        return t('common.none');
    }
    const d = digits || 0;
    const neg = x < 0;
    const fixed = Math.abs(x).toFixed(d);
    const [ip, fp] = fixed.split('.');
    const vi = current === 'vi';
    let s = groups(ip, vi ? '.' : ',');
    if (fp) s += (vi ? ',' : '.') + fp;
    return (neg && /[1-9]/.test(fixed) ? '-' : '') + s;
}

// Money in VND: "7.200.000 đ" / "7,200,000 VND".
export function fmtMoney(x)
{
    if (x === null || x === undefined || !Number.isFinite(x)) return t('common.none');
    return fmtNumber(Math.round(x), 0) + (current === 'vi' ? '\u00a0đ' : '\u00a0VND');
}

// A score in [0,1] as a decimal with two places ("0,51").
export function fmtScore(x)
{
    return fmtNumber(x, 2);
}

export function fmtKm(x)
{
    if (x === null || x === undefined || !Number.isFinite(x)) return t('common.none');
    return t('match.km', { km: fmtNumber(x, x < 10 ? 1 : 0) });
}

// ---- dates -----------------------------------------------------------------------------------

// "2025-03-01" (or an ISO timestamp) -> "01/03/2025"; anything else as it came.
export function fmtDate(iso)
{
    if (!iso) return t('common.none');
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso));
    return m ? m[3] + '/' + m[2] + '/' + m[1] : String(iso);
}

// An ISO timestamp "2025-03-01T08:05:09Z" -> "01/03/2025 15:05" in the browser's time zone
// (the centre's); the date alone when there is no time.
export function fmtDateTime(iso)
{
    if (!iso) return t('common.none');
    const s = String(iso);
    if (!/T\d{2}:\d{2}/.test(s)) return fmtDate(s);
    const d = new Date(s);
    if (Number.isNaN(d.getTime())) return s;
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getDate()) + '/' + p(d.getMonth() + 1) + '/' + d.getFullYear() + ' ' +
        p(d.getHours()) + ':' + p(d.getMinutes());
}

// "01/03/2025" (also 1/3/2025, 01-03-2025, 01.03.2025, or ISO) -> "2025-03-01"; "" -> "";
// null when the text is not a real calendar date.
export function parseDate(text)
{
    const s = String(text || '').trim();
    if (s === '') return '';
    let y, m, d;
    let r = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
    if (r) {
        d = +r[1]; m = +r[2]; y = +r[3];
    } else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
        y = +r[1]; m = +r[2]; d = +r[3];
    } else {
        return null;
    }
    const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30,
        31, 31, 30, 31, 30, 31];
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1] || y < 1900 || y > 2200) return null;
    return String(y) + '-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
}

// A number typed the way the user's language writes it: "1,5" (vi) or "1.5" (en) -> 1.5;
// "" -> null; NaN when it is not a number.
export function parseNumber(text)
{
    let s = String(text || '').trim().replace(/\s/g, '');
    if (s === '') return null;
    if (current === 'vi') {
        s = s.replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
    } else {
        s = s.replace(/,(?=\d{3}(\D|$))/g, '');
    }
    if (!/^-?\d+(\.\d+)?$/.test(s)) return NaN;
    return Number(s);
}

// Money typed as "7.200.000", "7200000", "7 200 000" or "7,200,000" -> 7200000; "" -> null;
// NaN otherwise.
export function parseMoney(text)
{
    const s = String(text || '').trim().replace(/[\s.,]|đ|VND|vnd/g, '');
    if (s === '') return null;
    if (!/^\d+$/.test(s)) return NaN;
    return Number(s);
}
