"""Evidence files: which files are accepted and where they are kept.

Files are stored outside MEDIA_ROOT under random names, so no web server can serve them
by URL; they are read back only through the permission-checked download view."""

import os
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Extension → (content type, leading bytes the file must start with; b"" means plain text).
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        (b"PK\x03\x04",),
    ),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
    ".xls": ("application/vnd.ms-excel", (b"\xd0\xcf\x11\xe0",)),
    ".zip": ("application/zip", (b"PK\x03\x04",)),
}


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
    content_type, signatures = ALLOWED[suffix]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("“%(name)s” is not really a %(type)s file."),
            code="evidence_content",
            params={"name": name, "type": suffix.lstrip(".").upper()},
        )
    return content_type
