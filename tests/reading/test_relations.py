"""Typed relations read from the text (reading/relations.py, issue 31): the hand-written
truth of the real corpora, and the grammar's cases on sentences as dispatches write them."""

from __future__ import annotations

import importlib.util
import json

import pytest

from generator.model import Reference
from generator.reading.relations import find_relations
from generator.tables import CHECKOUT_DIR

SHARED = CHECKOUT_DIR.parent / "shared"
OWN = Reference("567/BHXH-CSYT", "Công văn", "2021-05-20", "Bảo hiểm xã hội Việt Nam")
DECISION = Reference("12/QĐ-BHXH", "Quyết định", "2021-05-20", "Bảo hiểm xã hội Việt Nam")


def kinds(body: list[str], own: Reference = OWN, heading: str = "") -> set[tuple[str, str, str, str]]:
    relations, _ = find_relations(heading, body, own)
    return {(r.kind, r.target.symbol, r.part, r.effective) for r in relations}


@pytest.mark.skipif(not (SHARED / "corpus-real").is_dir(), reason="shared corpora not here")
def test_the_real_corpora_meet_the_issue_s_precision_and_recall():
    spec = importlib.util.spec_from_file_location("measure", CHECKOUT_DIR / "scripts" / "measure_relations.py")
    measure = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(measure)
    truth = json.loads(measure.TRUTH.read_text(encoding="utf-8"))
    counts, _ = measure.score(truth, SHARED)
    right, wanted, given = (sum(c[i] for c in counts.values()) for i in range(3))
    assert right / given >= 0.95 and right / wanted >= 0.90, counts
    for kind in ("thay thế", "bãi bỏ", "sửa đổi"):  # every status comes from these: none wrong
        assert counts[kind][0] == counts[kind][2], (kind, counts[kind])


def test_the_dispatch_replacing_another_names_it_and_its_date_of_effect():
    body = ["Công văn này có hiệu lực kể từ ngày 01/6/2021 và thay thế Công văn số 1234/BHXH-CSYT "
            "ngày 12/5/2020 của Bảo hiểm xã hội Việt Nam."]
    assert kinds(body) == {("thay thế", "1234/BHXH-CSYT", "", "2021-06-01")}
    assert find_relations("", body, OWN)[1] == "2021-06-01"


def test_an_article_repeals_a_part_and_a_decision_takes_effect_when_signed():
    body = ["Điều 3. Bãi bỏ khoản 2 Điều 3 Quyết định số 595/QĐ-BHXH ngày 14/4/2017 của Tổng Giám đốc.",
            "Điều 4. Quyết định này có hiệu lực thi hành kể từ ngày ký."]
    assert kinds(body, DECISION) == {("bãi bỏ", "595/QĐ-BHXH", "khoản 2 Điều 3", "2021-05-20")}


def test_a_generic_clause_repeals_nothing_it_cites():
    body = ["Điều 5. Quyết định này có hiệu lực từ ngày ký. Các văn bản trước đây trái với Quyết định số "
            "595/QĐ-BHXH ngày 14/4/2017 đều bãi bỏ."]
    assert {k for k, *_ in kinds(body, DECISION)} == {"dẫn chiếu"}


def test_what_another_document_replaces_is_only_a_reference():
    body = ["Luật Hải quan có hiệu lực từ ngày 01/01/2015. Luật này thay thế Luật Hải quan số 29/2001/QH10."]
    assert kinds(body) == {("dẫn chiếu", "29/2001/QH10", "", "")}


def test_the_basis_items_are_bases_and_what_they_amend_is_a_reference():
    body = ["Căn cứ Thông tư số 138/2025/TT-BTC ngày 30 tháng 12 năm 2025 của Bộ trưởng Bộ Tài chính sửa đổi, "
            "bổ sung một số điều của Thông tư 95/2020/TT-BTC ngày 16 tháng 11 năm 2020; Nghị định số "
            "29/2025/NĐ-CP ngày 24 tháng 02 năm 2025 được sửa đổi, bổ sung bởi Nghị định số 166/2025/NĐ-CP;"]
    assert {(k, s) for k, s, *_ in kinds(body, DECISION)} == {
        ("căn cứ", "138/2025/TT-BTC"), ("dẫn chiếu", "95/2020/TT-BTC"),
        ("căn cứ", "29/2025/NĐ-CP"), ("căn cứ", "166/2025/NĐ-CP")}


def test_the_opening_clause_names_what_the_dispatch_carries_out():
    body = ["Thực hiện Công văn số 6356/UBND-NNMT ngày 01/12/2025 của UBND Thành phố về việc tăng cường kiểm soát "
            "ô nhiễm không khí, Sở đề nghị các đơn vị thực hiện như sau:",
            "1. Tiếp tục thực hiện Công văn số 94/CĐ-BXD ngày 20/11/2025."]
    assert {(k, s) for k, s, *_ in kinds(body)} == {("hướng dẫn", "6356/UBND-NNMT"), ("dẫn chiếu", "94/CĐ-BXD")}


def test_the_issuer_guiding_what_its_opening_paragraph_names():
    body = ["Ngày 09/4/2013, Chính phủ đã ban hành Nghị định số 31/2013/NĐ-CP quy định chi tiết Pháp lệnh ưu đãi "
            "người có công. Trong thời gian chờ Thông tư liên tịch, Bảo hiểm xã hội Việt Nam tạm thời hướng dẫn "
            "thực hiện chế độ như sau:",
            "1. Thực hiện theo Công văn số 4766/BHXH-BT ngày 08/12/2014."]
    assert {(k, s) for k, s, *_ in kinds(body)} == {("hướng dẫn", "31/2013/NĐ-CP"), ("dẫn chiếu", "4766/BHXH-BT")}


def test_a_quoted_order_is_the_quoted_document_s():
    body = ['- Tại Điều 1 Quyết định số 117/2007/QĐ-TTg quy định: "2. Sửa đổi, bổ sung điểm c khoản 2 Điều 2 '
            'Quyết định số 118/TTg ngày 27/02/1996."']
    assert {k for k, *_ in kinds(body, DECISION)} == {"dẫn chiếu"}
