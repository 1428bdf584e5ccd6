"""Bytes → text for article files of unknown encoding, or a one-line reason why they are not text.

Order of evidence: a byte-order mark (UTF-8/16/32); the NUL-byte pattern of BOM-less UTF-16; known binary
signatures and NUL bytes (→ not text); strict UTF-8; UTF-8 with a few damaged bytes (replaced with U+FFFD,
reported); otherwise a legacy 8-bit encoding chosen by charset-normalizer and re-ranked by how plausible the
decoded words look (so a few Cyrillic names inside English prose in Windows-1251 come back as Cyrillic, not as
Baltic-looking mojibake). Every decision that is not plain UTF-8 is reported as a note.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from charset_normalizer import from_bytes


class NotText(ValueError):
    """The bytes are not a text document; the message is one line for the analyst."""


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding used and notes about anything lossy or guessed."""

    text: str
    encoding: str
    notes: tuple[str, ...] = ()


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document (save it as text first)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (save it as text first)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (save it as text first)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Legacy encodings tried besides charset-normalizer's own guesses.
LEGACY_CANDIDATES: tuple[str, ...] = (
    "cp1251", "cp1252", "koi8-u", "koi8-r", "cp1250", "cp1253", "cp1254", "cp1257", "cp1256", "cp1255",
    "iso-8859-2", "mac-cyrillic",
)
# Encodings analysts' files plausibly use; charset-normalizer also proposes EBCDIC and rare code pages.
_KNOWN_ENCODING = re.compile(
    r"^(cp125\d|cp866|cp1125|koi8|iso8859|latin_1|mac_|big5|gb|shift_jis|cp932|euc|cp949|cp950|tis_620|cp874)"
)
_SAMPLE_BYTES = 65_536
_MAX_CONTROL_RATIO = 0.01
_COMMON_SYMBOLS = frozenset("“”‘’«»„‚–—…•·°№€£§©®™\u00a0\u202f\u2009\u200b\u00ad×±½¼¾′″")
_WORD = re.compile(r"[^\W\d_]+")
_DAMAGE = re.compile("\ufffd+")
_CASE_FLIP = re.compile(r"[^\W\d_]*?[a-zà-ÿа-яёіїєґ][A-ZÀ-ÞА-ЯЁЄІЇҐ]")


def decode_bytes(data: bytes) -> Decoded:
    """Decode ``data`` as text; raise NotText with a one-line reason for empty or binary input."""
    if not data.strip():
        raise NotText("empty file" if not data else "only white space")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _finish(data[len(bom):].decode(encoding, errors="replace"), encoding, ("byte-order mark",))
    utf16 = _bomless_utf16(data)
    if utf16:
        return _finish(data.decode(utf16, errors="replace"), utf16, ("UTF-16 without byte-order mark",))
    for signature, what in _SIGNATURES:
        if data.startswith(signature) and (what != "a Windows executable" or b"\x00" in data[:512]):
            raise NotText(f"binary file: looks like {what}")
    if b"\x00" in data:
        raise NotText("binary file: contains NUL bytes")
    try:
        return _finish(data.decode("utf-8"), "utf-8", ())
    except UnicodeDecodeError:
        pass
    loose = data.decode("utf-8", errors="replace")
    damaged = len(_DAMAGE.findall(loose))
    valid_multibyte = sum(1 for ch in loose if ord(ch) > 127 and ch != "\ufffd")
    note = f"{damaged} invalid UTF-8 byte sequence{'s' if damaged != 1 else ''} replaced with \ufffd"
    if valid_multibyte >= 4 * damaged:
        return _finish(loose, "utf-8", (note,))
    encoding = _guess_legacy(data)
    if encoding is None:
        if damaged <= max(1, len(loose) // 100):
            return _finish(loose, "utf-8", (note,))
        raise NotText("binary file or unknown text encoding")
    return _finish(data.decode(encoding, errors="replace"), encoding, (f"decoded as {encoding} (detected)",))


def _finish(text: str, encoding: str, notes: tuple[str, ...]) -> Decoded:
    """Reject text that is mostly control characters; normalise to NFC so offsets are stable."""
    sample = text[:_SAMPLE_BYTES]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v")
    if sample and controls / len(sample) > _MAX_CONTROL_RATIO:
        raise NotText(f"binary file: {controls} control characters in the first {len(sample)} characters")
    if not text.strip():
        raise NotText("only white space")
    text = text.lstrip("\ufeff")
    return Decoded(unicodedata.normalize("NFC", text), encoding, notes)


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes have UTF-16's pattern of high bytes, else None."""
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for high, low, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        top, count = Counter(high).most_common(1)[0]
        # Text in one script keeps the high byte nearly constant (0x00 for Latin, 0x04 for Cyrillic …),
        # while the low bytes vary; 8-bit text never looks like that.
        if count / len(high) >= 0.6 and len(set(high)) <= 8 and len(set(low)) > len(set(high)):
            if top == 0 and low.count(0) / len(low) > 0.1:
                continue
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausibility(text[:_SAMPLE_BYTES]) > 0:
                return encoding
    return None


def _guess_legacy(data: bytes) -> str | None:
    """The 8-bit (or CJK) encoding whose decoding of a sample reads most like words; None if none does."""
    sample = data[:_SAMPLE_BYTES]
    candidates: list[str] = []
    for match in from_bytes(sample):
        if match.encoding not in candidates and _KNOWN_ENCODING.match(match.encoding):
            candidates.append(match.encoding)
    candidates += [c for c in LEGACY_CANDIDATES if c not in candidates]
    best: tuple[float, str] | None = None
    for rank, encoding in enumerate(candidates):
        try:
            text = sample.decode(encoding, errors="strict" if len(sample) == len(data) else "ignore")
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text) - rank * 1e-6  # ties go to charset-normalizer's order
        if best is None or score > best[0]:
            best = (score, encoding)
    if best is None or best[0] <= 0:
        return None
    return best[1]


_SCRIPT_FAMILY = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "HALFWIDTH": "CJK"}


def _script(ch: str) -> str:
    """Script of a letter from its Unicode name ("CYRILLIC", "LATIN", …); Japanese/Korean count as CJK."""
    name = unicodedata.name(ch, "")
    script = name.split(" ", 1)[0] if name else "?"
    return _SCRIPT_FAMILY.get(script, script)


def _plausibility(text: str) -> float:
    """How much ``text`` reads like words: single-script words score, mixed scripts and stray symbols cost."""
    score = 0.0
    for word in _WORD.findall(text):
        if word.isascii():
            score += 0.1
            continue
        scripts = {_script(ch) for ch in word if not ch.isascii()}
        ascii_letters = sum(ch.isascii() for ch in word)
        if len(scripts) > 1 or _CASE_FLIP.match(word):
            score -= len(word)
        elif scripts == {"LATIN"}:
            score += len(word) if 2 * ascii_letters >= len(word) else -len(word)
        else:
            score += len(word) if ascii_letters == 0 else -len(word)
    for ch in text:
        if ord(ch) > 127 and not ch.isalpha() and ch not in _COMMON_SYMBOLS:
            score -= 2
    return score
