"""Evidence files: which files are accepted and where they are kept.

A file must be what its extension says, judged by its whole content: libmagic (Debian's
libmagic1, through python-magic) names the type from the content, then a parser of that type
reads the file through: a PDF opens with pypdf, an image decodes with Pillow, an Office file is
a whole ZIP package with the right parts. HTML behind a `%PDF-` line, PNG magic or a ZIP header
is refused.

Files are stored outside MEDIA_ROOT under random names, so no web server can serve them
by URL; they are read back only through the permission-checked download view."""

import os
import uuid
import zipfile
from collections.abc import Callable
from pathlib import PurePath
from typing import IO

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader


def pdf_opens(file: IO[bytes]) -> bool:
    """A PDF whose cross-reference table pypdf can read, with at least one page."""
    try:
        return len(PdfReader(file).pages) > 0
    except Exception:  # any failure to parse hostile input means "not a PDF"
        return False


def image_decodes(image_format: str) -> Callable[[IO[bytes]], bool]:
    """An image of `image_format` that Pillow verifies and then decodes to its last pixel
    (Pillow refuses a decompression bomb)."""

    def decodes(file: IO[bytes]) -> bool:
        try:
            with Image.open(file) as image:
                if image.format != image_format:
                    return False
                image.verify()
            file.seek(0)
            with Image.open(file) as image:
                image.load()
            return True
        except Exception:  # any failure to decode hostile input means "not this image"
            return False

    return decodes


def zip_is_whole(file: IO[bytes]) -> bool:
    """A ZIP archive whose every member reads back with the right checksum."""
    try:
        with zipfile.ZipFile(file) as archive:
            return archive.testzip() is None
    except Exception:  # damaged, encrypted or not a ZIP at all
        return False


def office_package(folder: str) -> Callable[[IO[bytes]], bool]:
    """An Office Open XML package: a whole ZIP with `[Content_Types].xml` and its main
    parts under `folder` (word/ for Word, xl/ for Excel)."""

    def holds(file: IO[bytes]) -> bool:
        if not zip_is_whole(file):
            return False
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = archive.namelist()
        return "[Content_Types].xml" in names and any(n.startswith(folder) for n in names)

    return holds


OOXML = "application/vnd.openxmlformats-officedocument"
OLE = {"application/msword", "application/vnd.ms-excel", "application/vnd.ms-office"}
OLE |= {"application/CDFV2", "application/x-ole-storage"}
# Extension → (content type stored, what libmagic may call such a file, structural check).
# libmagic names an Office package by its first part, which writers order differently, so
# "application/zip" is also taken there and the structural check decides.
ALLOWED: dict[str, tuple[str, set[str], Callable[[IO[bytes]], bool] | None]] = {
    ".pdf": ("application/pdf", {"application/pdf"}, pdf_opens),
    ".png": ("image/png", {"image/png"}, image_decodes("PNG")),
    ".jpg": ("image/jpeg", {"image/jpeg"}, image_decodes("JPEG")),
    ".jpeg": ("image/jpeg", {"image/jpeg"}, image_decodes("JPEG")),
    ".docx": (
        f"{OOXML}.wordprocessingml.document",
        {f"{OOXML}.wordprocessingml.document", "application/zip"},
        office_package("word/"),
    ),
    ".xlsx": (
        f"{OOXML}.spreadsheetml.sheet",
        {f"{OOXML}.spreadsheetml.sheet", "application/zip"},
        office_package("xl/"),
    ),
    # Legacy Office files: libmagic reads their OLE directory; no parser is checked beyond.
    ".doc": ("application/msword", OLE, None),
    ".xls": ("application/vnd.ms-excel", OLE, None),
    ".zip": ("application/zip", {"application/zip"}, zip_is_whole),
}
# The bytes libmagic reads; the structural checks read the whole file.
MAGIC_BYTES = 64 * 1024
NAME_MAX_LENGTH = 255


class EvidenceStorage(FileSystemStorage):
    """Private storage under EVIDENCE_ROOT, outside MEDIA_ROOT: no URL the web server
    answers reaches it. The folder is read from the settings at each use (the model field
    builds its storage once, at import), so a changed setting takes effect."""

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.EVIDENCE_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)


def evidence_storage() -> FileSystemStorage:
    return EvidenceStorage()


def evidence_path(instance, filename: str) -> str:
    """A random name keeps user-chosen names (and path tricks) out of the file system."""
    return f"{instance.task_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


def check_evidence_file(upload: UploadedFile) -> str:
    """The content type of an acceptable upload; ValidationError with a readable message
    for a file of the wrong type, the wrong content or too large."""
    name = upload.name or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in ALLOWED:
        raise ValidationError(
            _("“%(name)s”: only %(types)s files are accepted."),
            code="evidence_type",
            params={"name": name, "types": ", ".join(s.lstrip(".") for s in ALLOWED)},
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s."),
            code="evidence_size",
            params={"name": name, "limit": filesizeformat(limit)},
        )
    content_type, detected_as, structure_holds = ALLOWED[suffix]
    if not _content_matches(upload, detected_as, structure_holds):
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s file."),
            code="evidence_content",
            params={"name": name, "type": suffix.lstrip(".").upper()},
        )
    return content_type


def _content_matches(
    upload: UploadedFile, detected_as: set[str], structure_holds: Callable[[IO[bytes]], bool] | None
) -> bool:
    upload.seek(0)
    detected = magic.from_buffer(upload.read(MAGIC_BYTES), mime=True)
    upload.seek(0)
    try:
        return detected in detected_as and (structure_holds is None or structure_holds(upload))
    finally:
        upload.seek(0)


def evidence_name(name: str) -> str:
    """The file name as kept (at most NAME_MAX_LENGTH characters): a long name is cut in its
    stem, so it keeps its extension, and the download still opens in the right program."""
    if len(name) <= NAME_MAX_LENGTH:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: NAME_MAX_LENGTH - len(suffix) - 1] + "…" + suffix
