import pytest
from django.core.exceptions import ValidationError

from resolutions.codes import fold, parse_document_code, search_tokens


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("57-NQ/TW", "57-NQ/TW"),
        ("05-nq/tu", "05-NQ/TU"),
        ("24-CT/TU", "24-CT/TU"),
        ("204-QĐ/TW", "204-QĐ/TW"),
        ("21-KL/TW", "21-KL/TW"),
        ("45-KH/TU", "45-KH/TU"),
        ("12-CTr/TU", "12-CTr/TU"),
        (" 57 - NQ / TW ", "57-NQ/TW"),
        ("71/NQ-CP", "71/NQ-CP"),
        ("42/2014/QĐ-TTg", "42/2014/QĐ-TTG"),
        ("726/KH-UBND", "726/KH-UBND"),
    ],
)
def test_valid_codes_are_normalised(typed, canonical):
    assert str(parse_document_code(typed)) == canonical


def test_party_code_parts():
    code = parse_document_code("57-NQ/TW")
    assert (code.number, code.doc_type, code.issuer, code.state_form) == ("57", "NQ", "TW", False)


def test_state_code_keeps_its_year():
    code = parse_document_code("42/2014/QĐ-TTg")
    assert (code.year, code.doc_type, code.state_form) == (2014, "QĐ", True)


@pytest.mark.parametrize("typed", ["abc", "", "57", "57-XX/TW", "NQ/TW", "57-NQ", "57-NQ/TW/1"])
def test_malformed_code_gets_a_clear_error(typed):
    with pytest.raises(ValidationError) as error:
        parse_document_code(typed)
    assert "57-NQ/TW" in error.value.messages[0] and "71/NQ-CP" in error.value.messages[0]


def test_fold_strips_diacritics_and_d_stroke():
    assert fold("Chuyển đổi số ĐÀ NẴNG") == "chuyen doi so da nang"


@pytest.mark.parametrize("typed", ["nq57", "57/TW", "57-NQ-TW", "57 nq tw", "NQ 57"])
def test_loose_codes_give_tokens_of_the_code(typed):
    assert set(search_tokens(typed)) <= {"57", "nq", "tw"}


def test_leading_zeros_do_not_matter_for_search():
    assert set(search_tokens("nq05")) == set(search_tokens("5-NQ"))
