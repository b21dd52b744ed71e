"""Plausible Vietnamese task titles, built from actions and subjects of digital transformation."""

ACTIONS = [
    "Xây dựng",
    "Triển khai",
    "Hoàn thiện",
    "Nâng cấp",
    "Đẩy mạnh",
    "Rà soát, hoàn thiện",
    "Tổ chức thực hiện",
]
SUBJECTS = [
    "cơ sở dữ liệu dân cư dùng chung của thành phố",
    "nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
    "hệ thống định danh và xác thực điện tử",
    "ứng dụng định danh điện tử VNeID trong giải quyết thủ tục hành chính",
    "chính quyền số cấp xã",
    "kinh tế số trong doanh nghiệp nhỏ và vừa",
    "xã hội số và kỹ năng số cho người dân",
    "trung tâm giám sát, điều hành đô thị thông minh",
    "cơ sở dữ liệu đất đai",
    "hồ sơ sức khỏe điện tử",
    "học bạ số trong các trường phổ thông",
    "thanh toán không dùng tiền mặt trong dịch vụ công",
    "dịch vụ công trực tuyến toàn trình",
    "hạ tầng mạng 5G và cáp quang đến hộ gia đình",
    "trung tâm dữ liệu thành phố",
    "bảo đảm an toàn, an ninh mạng cho hệ thống thông tin",
    "chuyển đổi số trong công tác đảng",
    "số hóa hồ sơ, tài liệu lưu trữ",
    "khu công nghệ cao và trung tâm đổi mới sáng tạo",
    "cơ chế thử nghiệm có kiểm soát (sandbox) cho công nghệ mới",
    "nguồn nhân lực công nghệ thông tin chất lượng cao",
    "quỹ phát triển khoa học và công nghệ",
    "hệ sinh thái khởi nghiệp đổi mới sáng tạo",
    "nền tảng bản đồ số dùng chung",
    "cơ sở dữ liệu doanh nghiệp và hộ kinh doanh",
    "giao thông thông minh và bãi đỗ xe số",
    "chuyển đổi số ngành du lịch",
    "chợ và thương mại điện tử cho nông sản",
    "văn phòng số và chữ ký số trong cơ quan nhà nước",
    "phổ cập kỹ năng số qua tổ công nghệ số cộng đồng",
    "hệ thống báo cáo, chỉ đạo điều hành trực tuyến",
    "cơ sở dữ liệu cán bộ, công chức, viên chức",
]


def task_titles(count: int, offset: int = 0) -> list[str]:
    """`count` distinct titles; `offset` starts each document at a different subject."""
    titles = []
    for i in range(count):
        subject = SUBJECTS[(i + offset) % len(SUBJECTS)]
        action = ACTIONS[((i + offset) // len(SUBJECTS) + i) % len(ACTIONS)]
        titles.append(f"{action} {subject}")
    return titles
