"""Evidence files are checked by their whole content: a file is accepted only if it really
is what its extension says, and a long name keeps its extension."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tasks.evidence import NAME_MAX_LENGTH, check_evidence_file, evidence_name
from tasks.models import Evidence
from tasks.services import evidence_add
from tests.files import docx_bytes, image_bytes, pdf_bytes, xlsx_bytes, zip_bytes

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("bien-ban.pdf", pdf_bytes(), "application/pdf"),
        ("anh.png", image_bytes("PNG"), "image/png"),
        ("anh.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("anh.jpeg", image_bytes("JPEG"), "image/jpeg"),
        (
            "bao-cao.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "so-lieu.xlsx",
            xlsx_bytes(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("ho-so.zip", zip_bytes({"a.txt": "Nội dung"}), "application/zip"),
    ],
)
def test_a_real_file_of_each_type_is_accepted(name, content, content_type):
    assert check_evidence_file(upload(name, content)) == content_type


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("fake.pdf", b"%PDF-1.4\n" + HTML),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + HTML),
        ("fake.zip", b"PK\x03\x04" + HTML),
        ("fake.docx", b"PK\x03\x04" + HTML),
        ("fake.xlsx", b"PK\x03\x04" + HTML),
        ("fake.jpg", b"\xff\xd8\xff\xe0" + HTML),
        ("fake.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + HTML),
    ],
)
def test_html_behind_a_type_header_is_refused(name, content):
    with pytest.raises(ValidationError) as refused:
        check_evidence_file(upload(name, content))
    assert refused.value.code == "evidence_content"


def test_a_pdf_cut_short_is_refused():
    with pytest.raises(ValidationError):
        check_evidence_file(upload("cut.pdf", pdf_bytes()[:200]))


def test_an_image_under_another_extension_is_refused():
    with pytest.raises(ValidationError):
        check_evidence_file(upload("anh.png", image_bytes("JPEG")))


def test_a_zip_without_word_parts_is_not_a_word_file():
    with pytest.raises(ValidationError):
        check_evidence_file(upload("bao-cao.docx", zip_bytes({"a.txt": "x"})))


def test_a_word_package_is_not_an_excel_file():
    with pytest.raises(ValidationError):
        check_evidence_file(upload("so-lieu.xlsx", docx_bytes()))


def test_a_zip_with_a_damaged_member_is_refused():
    whole = zip_bytes({"a.txt": "Nội dung " * 100})
    middle = len(whole) // 3
    damaged = whole[:middle] + bytes([whole[middle] ^ 0xFF]) + whole[middle + 1 :]
    with pytest.raises(ValidationError):
        check_evidence_file(upload("ho-so.zip", damaged))


def test_a_long_name_is_cut_in_its_stem_and_keeps_its_extension():
    kept = evidence_name("Báo cáo " * 60 + ".pdf")
    assert len(kept) == NAME_MAX_LENGTH
    assert kept.endswith("….pdf")


def test_a_short_name_is_kept_as_it_is():
    assert evidence_name("bien-ban.pdf") == "bien-ban.pdf"


def test_evidence_with_a_long_name_is_stored_under_it_with_its_extension(task, staff):
    evidence = evidence_add(user=staff, task=task, upload=upload("b" * 300 + ".pdf", pdf_bytes()))
    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.original_name.endswith(".pdf")
    assert len(stored.original_name) == NAME_MAX_LENGTH
