"""Small real files for evidence tests, made here rather than shipped: each opens in the
program its extension names."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image
from pypdf import PdfWriter

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.'
    'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Biên bản</w:t>'
    "</w:r></w:p></w:body></w:document>"
)


def pdf_bytes(*, at_least: int = 0) -> bytes:
    """A one-page PDF; `at_least` bytes long when asked (a long subject in its metadata),
    for uploads that must take a while on a slow link."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if at_least:
        writer.add_metadata({"/Subject": "x" * at_least})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(out, format=image_format)
    return out.getvalue()


def zip_bytes(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": DOCUMENT})


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active["A1"] = "Chỉ tiêu"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
