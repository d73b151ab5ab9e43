"""Canonical source text: the one form of a source's text that spans are anchored against.

See docs/spans.md. Every offset stored anywhere counts code points in the string this
module returns, so anything that would move an offset later (a BOM stripped on re-import, a CRLF
turned into LF by an editor, an NFKC fold) is settled here, once, before any span exists.

Pure Python on purpose: the importer, the admin and the API all call it, and none of that should
need Django to be configured.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable

__all__ = [
    "BINARY_SNIFF_BYTES",
    "SourceTextError",
    "canonicalize_bytes",
    "canonicalize_text",
    "has_unicode_bom",
    "is_binary",
    "text_sha256",
    "unmarked_unicode",
]

BOM = "\ufeff"
# How much of a file the importer looks at before deciding it is not text at all.
BINARY_SNIFF_BYTES = 8192


class SourceTextError(ValueError):
    """Raised when input cannot become canonical source text.

    ``str(err)`` names the input and the position and says how to fix it. ``position`` is a byte
    offset for decoding errors and a code-point offset (into the text as given, before any
    canonicalization) for NUL and surrogates; it is None when the problem has no single position.
    """

    def __init__(self, message: str, *, name: str, position: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.name = name
        self.position = position

    def __str__(self) -> str:
        return self.message

    # keyword-only __init__ would otherwise break pickling (Celery)
    def __reduce__(self) -> tuple[Callable[..., SourceTextError], tuple[object, ...]]:
        return (_rebuild_source_text_error, (self.message, self.name, self.position))


def _rebuild_source_text_error(message: str, name: str, position: int | None) -> SourceTextError:
    return SourceTextError(message, name=name, position=position)


# The other encodings a file may be in, known by their byte order mark. UTF-32-LE's mark
# starts with UTF-16-LE's, so it is looked for first.
_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def has_unicode_bom(data: bytes) -> bool:
    """True when ``data`` starts with a UTF-16 or UTF-32 byte order mark."""
    return data.startswith(tuple(bom for bom, _, _ in _UNICODE_BOMS))


def canonicalize_bytes(data: bytes, *, name: str) -> str:
    """Decode ``data`` and return its canonical text: strict UTF-8, or UTF-16/UTF-32 when the
    file starts with their byte order mark (the mark is dropped, as UTF-8's is).

    Undecodable bytes are refused, never replaced: a U+FFFD in a stored transcript would be a
    word nobody said, and the offsets of everything after it would be unrecoverable.
    """
    for bom, codec, label in _UNICODE_BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)  # reads the mark for the byte order, then drops it
            except UnicodeDecodeError as exc:
                raise SourceTextError(
                    f"{name}: starts with a {label} byte order mark but is not valid {label} at byte "
                    f"{exc.start} ({exc.reason}); the file may be cut short or mislabelled. Re-save it "
                    "as UTF-8 and import it again.",
                    name=name,
                    position=exc.start,
                ) from None
            return canonicalize_text(text, name=name)
    if (unmarked := unmarked_unicode(data)) is not None:
        # Its ASCII would pass for UTF-8 with a NUL after every letter.
        raise SourceTextError(
            f"{name}: looks like {unmarked} text without a byte order mark. Re-save it as UTF-8 "
            f"(or as {unmarked[:6]} with a byte order mark) and import it again.",
            name=name,
        )
    try:
        text = data.decode("utf-8")  # strict: errors="strict" is the default
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, name) from None
    return canonicalize_text(text, name=name)


def unmarked_unicode(data: bytes) -> str | None:
    """The encoding ``data`` is in when it looks like UTF-16 or UTF-32 without a byte order mark
    ("UTF-16-LE", "UTF-32-BE"...), else None. Such a file is full of NUL bytes in a regular
    pattern (the high bytes of ASCII and of many CJK characters), which is how it is told from
    a binary file; it must also decode whole in that encoding."""
    sniff = data[:BINARY_SNIFF_BYTES]
    if b"\x00" not in sniff:
        return None
    # (label, the bytes that are NUL for ASCII, the bytes that are not)
    candidates = []
    if len(data) % 4 == 0:
        candidates += [("UTF-32-LE", sniff[3::4], sniff[0::4]), ("UTF-32-BE", sniff[0::4], sniff[3::4])]
    if len(data) % 2 == 0:
        candidates += [("UTF-16-LE", sniff[1::2], sniff[0::2]), ("UTF-16-BE", sniff[0::2], sniff[1::2])]
    for label, high, low in candidates:
        # A NUL in a quarter of the high bytes and far fewer in the low ones: text with some
        # Latin letters, digits or spaces; a binary file's NULs fall anywhere.
        if high.count(0) * 4 < len(high) or low.count(0) * 4 > high.count(0):
            continue
        try:
            decoded = data.decode(label.lower())
        except UnicodeDecodeError:
            continue
        # Text has no control characters but line breaks and tabs; a binary file's bytes decode
        # to them (b"\x00\x01" is U+0001 in UTF-16-BE).
        if _CONTROLS.search(decoded):
            continue
        return label
    return None


# Control characters other than tab, LF and CR.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def canonicalize_text(text: str, *, name: str = "text") -> str:
    """Return the canonical form of ``text``: one leading BOM stripped, CRLF and lone CR turned
    into LF, NFC applied. Nothing else changes; in particular NFKC is never applied, because it
    rewrites full-width punctuation, ``……``, full-width digits and ``㍿`` and so moves offsets.

    NUL and surrogate code points are refused with their position. The function is idempotent.
    """
    _refuse_unstorable(text, name)
    if text.startswith(BOM):
        if text.startswith(BOM, 1):
            # Stripping just one would leave a text that starts with U+FEFF, which the next
            # import would strip again: the same file would get a new hash and shifted offsets.
            raise SourceTextError(
                f"{name}: starts with more than one byte order mark (U+FEFF); the file was "
                "probably converted twice. Remove the extra marks at the start and import it "
                "again.",
                name=name,
                position=1,
            )
        text = text[1:]
    # CRLF first, so that its CR is not turned into a second LF.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text``: same hash, same text, no new record."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_binary(data: bytes) -> bool:
    """Heuristic used by the importer: a NUL byte in the first 8 KiB means "not a text file",
    unless the file is UTF-16 or UTF-32 (with a byte order mark, or without one and recognized
    by unmarked_unicode, which the importer then names)."""
    if has_unicode_bom(data) or b"\x00" not in data[:BINARY_SNIFF_BYTES]:
        return False
    return unmarked_unicode(data) is None


def _refuse_unstorable(text: str, name: str) -> None:
    # Two C-speed scans in the common case; the per-character loop only runs on failure or when
    # the text really holds surrogates (impossible for text decoded strictly from UTF-8).
    nul = text.find("\x00")
    if nul != -1:
        raise SourceTextError(
            f"{name}: contains a NUL character (U+0000) at code point {nul} "
            f"(line {_line_of(text, nul)}); the database cannot store it. Remove it, or check "
            "that the file is really text (UTF-16 files are full of NULs: re-save as UTF-8).",
            name=name,
            position=nul,
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        pos = exc.start
        cp = ord(text[pos])
        pair = 0xD800 <= cp <= 0xDBFF and pos + 1 < len(text) and 0xDC00 <= ord(text[pos + 1]) <= 0xDFFF
        what = (
            "half of a UTF-16 surrogate pair, so the text was decoded as UTF-16 code units "
            "instead of characters"
            if pair
            else "a lone surrogate, which is not a character and cannot be stored"
        )
        raise SourceTextError(
            f"{name}: contains U+{cp:04X} at code point {pos} (line {_line_of(text, pos)}), "
            f"{what}. Fix the tool that produced the text (or its JSON escapes) and import the "
            "original file again.",
            name=name,
            position=pos,
        ) from None


def _line_of(text: str, pos: int) -> int:
    # Counted as canonicalization will count them, so a lone-CR file reports sensible lines.
    head = text[:pos]
    return head.count("\n") + head.count("\r") - head.count("\r\n") + 1


def _decode_error(data: bytes, exc: UnicodeDecodeError, name: str) -> SourceTextError:
    pos = exc.start
    bad = data[pos : max(exc.end, pos + 1)]
    line = data.count(b"\n", 0, pos) + 1
    hint = (
        "Re-save the file as UTF-8 (it may be in GBK, Big5, Latin-1 or UTF-16 without a byte "
        "order mark) and import it again; bad bytes are never replaced automatically."
    )
    return SourceTextError(
        f"{name}: not valid UTF-8 at byte {pos} (line {line}): {bad!r} ({exc.reason}). {hint}",
        name=name,
        position=pos,
    )
