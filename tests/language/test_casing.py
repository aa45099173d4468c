"""casing.name_case: issuers outside the registry written as Phụ lục II writes agency names."""

from __future__ import annotations

import pytest

from generator.language.casing import name_case


@pytest.mark.parametrize("printed, cased", [
    ("BỘ GIÁO DỤC VÀ ĐÀO TẠO", "Bộ Giáo dục và Đào tạo"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN", "Bộ Nông nghiệp và Phát triển nông thôn"),
    ("TỔNG CỤC HẢI QUAN", "Tổng cục Hải quan"),
    ("CỤC THUẾ TỈNH NAM ĐỊNH", "Cục Thuế tỉnh Nam Định"),
    ("HUYỆN ỦY SƠN TỊNH", "Huyện ủy Sơn Tịnh"),
    ("TỈNH ỦY LÂM ĐỒNG", "Tỉnh ủy Lâm Đồng"),
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP", "Ban Quản lý các khu công nghiệp"),
    ("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", "Ủy ban nhân dân tỉnh Hà Tĩnh"),
    ("HỘI ĐỒNG NHÂN DÂN TỈNH YÊN BÁI", "Hội đồng nhân dân tỉnh Yên Bái"),
    ("BẢO HIỂM XÃ HỘI TỈNH NGHỆ AN", "Bảo hiểm xã hội tỉnh Nghệ An"),
    ("CỤC TRƯỞNG CỤC QUẢN LÝ CÔNG SẢN", "Cục trưởng Cục Quản lý công sản"),
    ("PHÓ CHÁNH VĂN PHÒNG", "Phó Chánh Văn phòng"),
    ("PHÓ BÍ THƯ", "Phó Bí thư"),
])
def test_agency_names_and_positions(printed, cased):
    assert name_case(printed) == cased
