"""Canonical source text: the one form of a source's text that spans are anchored against.

See docs/spans.md. Every offset stored anywhere counts code points in the string this
module returns, so anything that would move an offset later (a BOM stripped on re-import, a CRLF
turned into LF by an editor, an NFKC fold) is settled here, once, before any span exists.

Pure Python on purpose: the importer, the admin and the API all call it, and none of that should
need Django to be configured.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable

__all__ = [
    "BINARY_SNIFF_BYTES",
    "SourceTextError",
    "canonicalize_bytes",
    "canonicalize_text",
    "is_binary",
    "text_sha256",
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


def canonicalize_bytes(data: bytes, *, name: str) -> str:
    """Decode ``data`` as strict UTF-8 and return its canonical text.

    Undecodable bytes are refused, never replaced: a U+FFFD in a stored transcript would be a
    word nobody said, and the offsets of everything after it would be unrecoverable.
    """
    try:
        text = data.decode("utf-8")  # strict: errors="strict" is the default
    except UnicodeDecodeError as exc:
        raise _decode_error(data, exc, name) from None
    return canonicalize_text(text, name=name)


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
    """Heuristic used by the importer: a NUL byte in the first 8 KiB means "not a text file".

    UTF-16 files contain NUL bytes too and are therefore reported as binary; they must be
    re-saved as UTF-8 either way.
    """
    return b"\x00" in data[:BINARY_SNIFF_BYTES]


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = "The file starts with a UTF-16 byte order mark: re-save it as UTF-8."
    else:
        hint = (
            "Re-save the file as UTF-8 (it may be in GBK, Big5, Latin-1 or UTF-16) and import "
            "it again; bad bytes are never replaced automatically."
        )
    return SourceTextError(
        f"{name}: not valid UTF-8 at byte {pos} (line {line}): {bad!r} ({exc.reason}). {hint}",
        name=name,
        position=pos,
    )
