"""Spreadsheets for the import tests, made with openpyxl as an office would fill them."""

from datetime import date
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

HEADER = [
    "Mã văn bản",
    "Nhiệm vụ",
    "Mô tả",
    "Mã đơn vị chủ trì",
    "Mã đơn vị phối hợp",
    "Ngày giao",
    "Hạn hoàn thành",
]


def task_row(n: int, **changes) -> list:
    row = {
        "document": "57-NQ/TW",
        "title": f"Số hóa hồ sơ lưu trữ đợt {n}",
        "description": "",
        "lead_unit": "DN-SKHCN",
        "supporting_units": "DN-SNV",
        "assigned_on": date(2025, 1, 10),
        "deadline": "31/12/2025",
    } | changes
    return list(row.values())


def spreadsheet(rows: list[list], header: list[str] = HEADER, name="nhiem-vu.xlsx"):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())
