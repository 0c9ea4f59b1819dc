"""Charset handling: BOMs, strict UTF-8, declared charsets checked, detection, binary refusal."""
import codecs

import pytest

from parallax.sources.decoding import DecodeError, decode_bytes, decode_document, display_name

RUSSIAN = "Министр заявил во вторник, что переговоры о перемирии продолжатся на следующей неделе."
FRENCH = "Le ministre a déclaré mardi que les négociations « reprendront » la semaine prochaine – à Genève."
TURKISH = "Bakan salı günü yaptığı açıklamada, ateşkes görüşmelerinin gelecek hafta süreceğini söyledi."
GERMAN = "Der Minister sagte am Dienstag, die Gespräche über eine Waffenruhe würden nächste Woche fortgesetzt."


def test_plain_utf8_has_no_note():
    decoded = decode_document(RUSSIAN.encode("utf-8"))
    assert decoded.text == RUSSIAN
    assert decoded.note is None


@pytest.mark.parametrize("codec, name", [
    ("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-be", None), ("utf-32", "utf-32-le"),
])
def test_byte_order_marks(codec, name):
    data = RUSSIAN.encode(codec) if codec != "utf-16-be" else codecs.BOM_UTF16_BE + RUSSIAN.encode("utf-16-be")
    decoded = decode_document(data)
    assert decoded.text == RUSSIAN                      # the BOM itself is not part of the text
    if name == "utf-8":
        assert decoded.note is None
    else:
        assert decoded.note.endswith("(BOM)")


def test_utf16_without_bom_is_detected():
    text = "Talks resume next week, the minister said on Tuesday."
    decoded = decode_document(text.encode("utf-16-le"))
    assert decoded.text == text
    assert decoded.encoding == "utf-16-le"


@pytest.mark.parametrize("text, codec, expected", [
    (RUSSIAN, "cp1251", "windows-1251"),
    (FRENCH, "cp1252", "windows-1252"),
    (TURKISH, "cp1254", "windows-1254"),
    (GERMAN, "latin-1", "windows-1252"),   # identical bytes for these letters; 1252 is the superset
    ("Привет", "cp1251", "windows-1251"),  # very short texts too
    ("café", "latin-1", "windows-1252"),
])
def test_single_byte_charsets_are_detected_with_a_note(text, codec, expected):
    decoded = decode_document(text.encode(codec))
    assert decoded.text == text
    assert decoded.encoding == expected
    assert decoded.note.startswith(f"{expected} (detected, confidence ")


def test_declared_charset_that_fits_is_used():
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>'
    decoded = decode_document(page.encode("cp1251"), html=True)
    assert decoded.text == page
    assert decoded.note == "windows-1251 (declared)"


def test_http_equiv_charset_is_read():
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
            f'</head><body>{RUSSIAN}</body></html>')
    assert decode_bytes(page.encode("koi8-r"), html=True) == page


def test_mislabelled_meta_charset_is_detected_not_trusted():
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{RUSSIAN}</p></body></html>'
    decoded = decode_document(page.encode("cp1251"), html=True)
    assert decoded.text == page
    assert decoded.encoding == "windows-1251"
    assert "declared iso-8859-1 does not fit" in decoded.note


def test_declared_utf8_that_is_not_utf8():
    decoded = decode_document(RUSSIAN.encode("cp1251"), declared="utf-8")
    assert decoded.text == RUSSIAN
    assert "declared utf-8 does not fit" in decoded.note


def test_valid_utf8_beats_a_wrong_label():
    page = f'<meta charset="windows-1251"><p>{RUSSIAN}</p>'
    decoded = decode_document(page.encode("utf-8"), html=True)
    assert decoded.text == page
    assert decoded.encoding == "utf-8"
    assert "declared windows-1251 does not fit" in decoded.note


def test_unknown_charset_label_is_ignored():
    page = f'<meta charset="no-such-charset"><p>{FRENCH}</p>'
    assert decode_bytes(page.encode("utf-8"), html=True) == page


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
    (b"plain start then a NUL \x00 byte", "NUL"),
    (bytes(range(1, 9)) * 50, "control characters"),
])
def test_binary_data_is_refused_with_a_reason(data, what):
    with pytest.raises(DecodeError) as info:
        decode_bytes(data)
    assert what in info.value.reason
    assert info.value.reason.startswith(("binary file", "not text"))


def test_invalid_utf16_after_bom_is_refused():
    with pytest.raises(DecodeError, match="utf-16-le"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")


def test_display_names():
    assert display_name("cp1251") == "windows-1251"
    assert display_name("latin_1") == "iso-8859-1"


def test_double_encoded_utf8_is_noted_and_left_unchanged():
    mojibake = FRENCH.encode("utf-8").decode("cp1252")                   # "dÃ©clarÃ©"
    for text in [mojibake, f"{mojibake} {RUSSIAN}", "Guantanamo became GuantÃ¡namo."]:
        decoded = decode_document(text.encode("utf-8"))
        assert decoded.text == text                     # offsets into the file's text stay true
        assert "look double-encoded" in decoded.note


def test_ordinary_accented_text_is_not_touched():
    for text in [FRENCH, GERMAN, TURKISH, "Ångström, Øresund, São Paulo, naïve café, Dvořák – “quoted”"]:
        decoded = decode_document(text.encode("utf-8"))
        assert decoded.text == text and decoded.note is None


def _all_codec_names():
    import encodings.aliases
    odd = ["unicode_escape", "raw_unicode_escape", "punycode", "idna", "utf_7", "rot13", "base64", "hex",
           "undefined", "charmap", "utf_16", "utf_32", "x-mac-cyrillic", "windows-874"]
    return sorted(set(encodings.aliases.aliases.values()) | set(odd))


@pytest.mark.parametrize("label", _all_codec_names())
def test_any_declared_label_gives_storable_text_or_a_clear_refusal(label):
    data = b'<html><meta charset="' + label.encode() + b'"><p>\\ud800 +2D3- caf\xe9 \xd0\xcf\xe8</p></html>'
    for kwargs in ({"html": True}, {"declared": label}):
        try:
            text = decode_bytes(data, **kwargs)
        except DecodeError as exc:
            assert exc.reason
            continue
        text.encode("utf-8")           # no unpaired surrogates from escape-decoding "charsets"
        assert "\\ud800" in text       # escapes are text, not instructions


def test_latin_text_labelled_cyrillic_is_detected():
    page = ('<meta charset="windows-1251"><p>Mayor Inés Castañeda said the ferry to Peña would resume on '
            'Monday, after the storm closed the port of Veltmark for a week.</p>')
    decoded = decode_document(page.encode("cp1252"), html=True)
    assert decoded.text == page                  # not "Castaсeda" with a Cyrillic "с"
    assert "declared windows-1251 does not fit" in decoded.note
