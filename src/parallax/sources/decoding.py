"""Bytes -> text, with the charset found and checked, never guessed silently.

Order: binary refusal (magic numbers, NUL bytes), BOM, strict UTF-8, the declared charset
(HTTP header or HTML <meta>) checked against detection, then detection among the common
news-site charsets. Anything that is not UTF-8 gets a human-readable note (`Decoded.note`)
that readers put into `RawDocument.meta["encoding"]`.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# Leading bytes of formats that are not text (checked before anything else).
MAGIC_NUMBERS: list[tuple[bytes, str]] = [
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"PK\x05\x06", "ZIP archive (empty)"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh91AY&SY", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"(\xb5/\xfd", "zstd data"),
    (b"7z\xbc\xaf'\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document (DOC/XLS)"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"SQLite format 3\x00", "SQLite database"),
]

# Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Candidates for detection, most common on news sites first: a tie goes to the earlier one.
# Mac Roman is left out: extinct on the web, yet its letters win language-coherence ties
# against windows-1252 punctuation ("—" read as "ó"); see bench/charset_detection.py.
DETECTION_ORDER = [
    "cp1252", "cp1251", "cp1254", "cp1250", "koi8_r", "iso8859_15", "cp1253", "cp1256",
    "cp1255", "cp1257", "iso8859_2", "cp874", "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr",
]
# Letters that are rare in running news text in any language but are what Turkish letters
# become when cp1254 is read as cp1252 (ş -> þ, ı -> ý, ğ -> ð): used only to break ties.
RARE_LETTERS = frozenset("ÐÞðþÝý")

MESS_TIE = 0.02             # charset_normalizer mess ratios this close count as equal
COHERENCE_TIE = 0.02        # language-coherence scores this close count as equal
MAX_CONTROL_RATIO = 0.05     # more C0/C1 control characters than this: binary, not text
MAX_MESS_MARGIN = 0.05       # a declared charset may be this much messier than detection
SNIFF_BYTES = 4096           # where <meta charset> must be (the HTML spec says 1024; be lenient)

_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]{1,40})", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.\-]{1,40})", re.I)
# A UTF-8 lead byte read as windows-1252 (Â..ï) followed by a continuation byte read the same way:
# the trace of UTF-8 that was decoded as windows-1252 and saved again ("Ã©" for "é").
_DOUBLE_ENCODED = re.compile("[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
                             "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
                             "\u2039\u203a\u20ac\u2122]")
MIN_DOUBLE_ENCODED = 3       # this many traces (or one, if the whole text would convert back): warn
# A word that mixes Latin letters with Cyrillic or Greek ones ("Peсa", "TЬRKIYE") is what a
# Latin text read in a Cyrillic/Greek charset looks like (and the reverse); a Cyrillic word with
# a capital after a small letter ("пРЕЗИДЕНТ") is KOI8-R read as windows-1251 (or the reverse).
# Real text has few of either.
_LATIN, _OTHER = "A-Za-z\u00c0-\u024f", "\u0370-\u03ff\u0400-\u04ff"
_MIXED_WORD = re.compile(f"[{_LATIN}]+[{_OTHER}]|[{_OTHER}]+[{_LATIN}]|[\u0430-\u044f\u0451][\u0410-\u042f\u0401]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Charsets a page may declare (the web's, as in the WHATWG Encoding standard): a label naming any
# other Python codec ("unicode_escape", "punycode", "utf-7", ...) is ignored, since those can turn
# bytes into anything, unpaired surrogates included.
DECLARABLE = frozenset(
    "utf-8 ascii iso8859-1 iso8859-2 iso8859-3 iso8859-4 iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-9 "
    "iso8859-10 iso8859-11 iso8859-13 iso8859-14 iso8859-15 iso8859-16 koi8-r koi8-u mac-roman mac-cyrillic "
    "cp866 cp874 cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 tis-620 gbk gb2312 gb18030 "
    "big5 big5hkscs euc_jp iso2022_jp shift_jis cp932 euc_kr cp949".split())
_LABEL_ALIASES = {"windows-874": "cp874", "x-mac-cyrillic": "mac-cyrillic"}
# Labels the HTML standard maps to a superset (what browsers really decode with).
_HTML_SUPERSETS = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874"}


class DecodeError(ValueError):
    """The bytes are not text in any charset we can stand behind."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Decoded:
    text: str
    encoding: str            # display name: "utf-8", "windows-1251", "utf-16-le"
    how: str                 # "utf-8" | "bom" | "declared" | "detected"
    confidence: float = 1.0
    declared: str | None = None       # the declared charset, when there was one
    declared_ignored: bool = False    # it was declared but does not fit the bytes
    warning: str | None = None        # e.g. mojibake that could not be repaired

    @property
    def note(self) -> str | None:
        """What a user should be told, or None for plain UTF-8 (with or without BOM)."""
        if self.encoding == "utf-8" and not self.declared_ignored and not self.warning:
            return None
        detail = {"bom": "BOM", "declared": "declared", "utf-8": "valid UTF-8"}.get(
            self.how, f"detected, confidence {self.confidence:.2f}")
        if self.declared_ignored:
            detail += f"; declared {self.declared} does not fit"
        if self.warning:
            detail += f"; {self.warning}"
        return f"{self.encoding} ({detail})"


def decode_bytes(data: bytes, *, declared: str | None = None, html: bool = False) -> str:
    """Decode `data` to text; raise DecodeError for binary data or undecodable bytes."""
    return decode_document(data, declared=declared, html=html).text


def decode_document(data: bytes, *, declared: str | None = None, html: bool = False) -> Decoded:
    """Like `decode_bytes`, but also says which charset was used and how it was found."""
    refuse_binary_prefix(data)
    decoded = _decode_bom(data) or _decode_bomless_utf16(data)
    if decoded is None:
        if b"\x00" in data:
            raise DecodeError("binary file: contains NUL bytes")
        label = declared or (_sniff_declared(data) if html else None)
        codec = _codec_name(label, html)
        shown = label.strip().lower() if codec else None   # the label as written, for notes
        decoded = _decode_utf8(data, codec, shown) or _decode_declared(data, codec) or _detect(data, shown)
    refuse_control_characters(decoded.text)
    if decoded.encoding == "utf-8":
        _note_double_encoding(decoded)
    return decoded


def refuse_binary_prefix(data: bytes) -> None:
    """Raise DecodeError when `data` starts like a known binary format."""
    for magic, name in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise DecodeError(f"binary file: {name}")
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        raise DecodeError(f"binary file: RIFF {data[8:12].decode().strip()} media")
    if data[4:8] == b"ftyp":
        raise DecodeError("binary file: MP4/QuickTime media")


def display_name(codec: str) -> str:
    """Python codec name -> the name people know ("cp1251" -> "windows-1251")."""
    name = codecs.lookup(codec).name
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    if name.startswith("iso8859-"):
        return "iso-8859-" + name[8:]
    return {"utf-16-le": "utf-16-le", "koi8-r": "koi8-r", "mac-roman": "mac-roman"}.get(name, name)


def _codec_name(label: str | None, html: bool) -> str | None:
    """A charset label -> a Python codec name, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_LABEL_ALIASES.get(label, label)).name
    except (LookupError, ValueError):
        return None
    if name not in DECLARABLE:
        return None          # UTF-16/32 only with a BOM (as the HTML standard says); no odd codecs
    if html:
        name = _HTML_SUPERSETS.get(name, name)
    return name


def _sniff_declared(data: bytes) -> str | None:
    """The charset label of an XML declaration or HTML <meta>, as written."""
    head = data[:SNIFF_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _decode_bom(data: bytes) -> Decoded | None:
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data[len(bom):].decode(codec), codec, "bom")
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {codec} after its byte-order mark at byte {exc.start + len(bom)}")
    return None


def _decode_bomless_utf16(data: bytes) -> Decoded | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    head = data[:4096]
    if len(head) < 8 or len(data) % 2:
        return None
    even_nuls, odd_nuls = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd_nuls > 0.3 * half and even_nuls < 0.02 * half:
        codec = "utf-16-le"
    elif even_nuls > 0.3 * half and odd_nuls < 0.02 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        return Decoded(data.decode(codec), codec, "detected", confidence=0.9)
    except UnicodeDecodeError:
        return None


def _decode_utf8(data: bytes, declared: str | None, shown: str | None) -> Decoded | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    # Valid UTF-8 with non-ASCII bytes is almost never an accident: it beats any label.
    wrong_label = declared is not None and declared != "utf-8" and not data.isascii()
    how = "utf-8" if wrong_label or declared is None else "declared"
    return Decoded(text, "utf-8", how, declared=shown, declared_ignored=wrong_label)


def _note_double_encoding(decoded: Decoded) -> None:
    """Warn about UTF-8 that was once read as windows-1252 and saved again ("Ã©" for "é").

    The text is left as it is: repairing it would move every later character offset, and
    offsets into what the file says are what the rest of Parallax (and gold annotation) use.
    """
    traces = _DOUBLE_ENCODED.findall(_sample(decoded.text))
    if len(traces) >= MIN_DOUBLE_ENCODED or (traces and _round_trips(decoded.text)):
        decoded.warning = (f"{len(traces)} sequences look double-encoded, UTF-8 once read as windows-1252 "
                           f"(e.g. {traces[0]!r}); left as they are")


def _round_trips(text: str) -> bool:
    try:
        text.encode("cp1252").decode("utf-8")
    except UnicodeError:
        return False
    return True


def _decode_declared(data: bytes, declared: str | None) -> Decoded | None:
    """Use the declared charset if the bytes fit it and it reads no worse than detection."""
    if declared is None or declared == "utf-8":
        return None
    try:
        text = data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return None
    best = _best_match(data)
    if best is not None and str(best) != text:
        sample, best_sample = _sample(text), _sample(str(best))
        if (mess_ratio(sample, 1.0) > best.chaos + MAX_MESS_MARGIN
                or _mixed_words(sample) > _mixed_words(best_sample)):
            return None          # mislabelled: detection reads clearly better
    return Decoded(text, display_name(declared), "declared", declared=display_name(declared))


def _detect(data: bytes, shown: str | None) -> Decoded:
    best = _best_match(data)
    if best is None:
        raise DecodeError("not text: no known charset fits the bytes (not UTF-8; detection failed)")
    label = min(best.could_be_from_charset, key=_priority)
    return Decoded(str(best), display_name(label), "detected", confidence=round(1.0 - best.chaos, 2),
                   declared=shown, declared_ignored=shown is not None)


def _best_match(data: bytes):
    """The charset_normalizer match to use: least mess, then most language-like, then priority."""
    matches = list(from_bytes(data, cp_isolation=DETECTION_ORDER))
    if not matches:
        return None
    least_mess = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos <= least_mess + MESS_TIE]
    most_coherent = max(m.coherence for m in calm)
    calm = [m for m in calm if m.coherence >= most_coherent - COHERENCE_TIE]
    return min(calm, key=lambda m: (_mixed_words(str(m)[:20000]), _rare_letters(str(m)[:20000]),
                                    min(_priority(c) for c in m.could_be_from_charset)))


def _priority(codec: str) -> int:
    name = codecs.lookup(codec).name
    names = [codecs.lookup(c).name for c in DETECTION_ORDER]
    return names.index(name) if name in names else len(names)


def _mixed_words(text: str) -> int:
    return len(_MIXED_WORD.findall(text))


def _rare_letters(text: str) -> int:
    return sum(1 for ch in text if ch in RARE_LETTERS)


def _sample(text: str, size: int = 20000) -> str:
    """Start and middle of a long text: enough to judge a charset, cheap to measure."""
    if len(text) <= 2 * size:
        return text
    middle = len(text) // 2
    return text[:size] + "\n" + text[middle:middle + size]


def refuse_control_characters(text: str) -> None:
    """Raise DecodeError when too much of `text` is control characters (binary read as text)."""
    sample = _sample(text)
    if not sample:
        return
    controls = len(_CONTROL.findall(sample))
    if controls > MAX_CONTROL_RATIO * len(sample):
        raise DecodeError(f"binary file: {100 * controls / len(sample):.0f}% control characters")
