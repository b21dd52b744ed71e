"""Document codes (số ký hiệu) as DOMAIN.md "Documents" describes them.

Two written forms are valid: the party form ``NUMBER-TYPE/ISSUER`` (``57-NQ/TW``) and the
state form ``NUMBER/[YEAR/]TYPE-AGENCY`` (``71/NQ-CP``, ``42/2014/QĐ-TTg``).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DOCUMENT_TYPES = {
    "NQ": "nghị quyết",
    "CT": "chỉ thị",
    "KL": "kết luận",
    "QĐ": "quyết định / quy định",
    "KH": "kế hoạch",
    "TB": "thông báo",
    "CTR": "chương trình",
    "QC": "quy chế",
    "HD": "hướng dẫn",
    "BC": "báo cáo",
}
# The canonical spelling of each type as it is printed on documents.
_TYPE_SPELLING = {"CTR": "CTr"}

_PARTY = re.compile(r"^(?P<number>\d{1,5})-(?P<type>[A-ZĐ]{2,3})/(?P<issuer>[A-ZĐ]{2,6})$")
_STATE = re.compile(
    r"^(?P<number>\d{1,5})/(?:(?P<year>(?:19|20)\d{2})/)?(?P<type>[A-ZĐ]{2,3})-(?P<issuer>[A-ZĐ]{2,6})$"
)


@dataclass(frozen=True)
class DocumentCode:
    number: str  # as written: "05" stays "05"
    doc_type: str
    issuer: str
    year: int | None = None
    state_form: bool = False

    def __str__(self) -> str:
        kind = _TYPE_SPELLING.get(self.doc_type, self.doc_type)
        if self.state_form:
            year = f"{self.year}/" if self.year else ""
            return f"{self.number}/{year}{kind}-{self.issuer}"
        return f"{self.number}-{kind}/{self.issuer}"


def parse_document_code(text: str) -> DocumentCode:
    """Parse a code typed by a person; raise ValidationError with a readable message."""
    cleaned = re.sub(r"\s+", "", unicodedata.normalize("NFC", text or "")).upper()
    for pattern, state_form in ((_PARTY, False), (_STATE, True)):
        match = pattern.match(cleaned)
        if match and match["type"] in DOCUMENT_TYPES:
            return DocumentCode(
                number=match["number"],
                doc_type=match["type"],
                issuer=match["issuer"],
                year=int(match["year"]) if match.groupdict().get("year") else None,
                state_form=state_form,
            )
    raise ValidationError(
        _(
            "“%(code)s” is not a document code. Write NUMBER-TYPE/ISSUER (57-NQ/TW) "
            "or NUMBER/[YEAR/]TYPE-AGENCY (71/NQ-CP); TYPE is one of %(types)s."
        ),
        code="invalid_document_code",
        params={"code": text, "types": ", ".join(_TYPE_SPELLING.get(t, t) for t in DOCUMENT_TYPES)},
    )


def fold(text: str) -> str:
    """Lower-case ASCII without Vietnamese diacritics, đ → d, for search."""
    decomposed = unicodedata.normalize("NFD", (text or "").replace("đ", "d").replace("Đ", "D"))
    # Dropping every non-ASCII code point drops the combining marks in one C-level pass:
    # rankings fold thousands of unit names per request.
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def search_tokens(text: str) -> list[str]:
    """Folded words and numbers of `text`: "nq57", "57/TW", "57-NQ-TW" and "57 nq tw" give
    tokens that are all words of the search key of 57-NQ/TW (see `Document.search_key`)."""
    tokens = re.findall(r"\d+|[a-z]+", fold(text))
    return [(t.lstrip("0") or "0") if t.isdigit() else t for t in tokens]
