"""Every symbol the pages print is in the fonts the stylesheet names: a missing one renders as an
empty box (the split mark ⑂ once did)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from claims.charts import STANDINGS
from claims.demo.loader import SEEDS_DIR
from claims.templatetags import dashboard
from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parent.parent
# The first CJK family the stylesheet names (static/hindsight/dashboard.css), the one a machine
# with fonts-noto-cjk has; the Latin families before it carry no symbols of their own here.
FONT = "Noto Sans CJK SC"
# The emoji family the stylesheet names after the CJK ones, for symbols a source itself contains.
EMOJI_FONT = "Noto Color Emoji"


def _font_available() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return bool(subprocess.run(["fc-list", FONT], capture_output=True, text=True).stdout.strip())


def _covered(char: str, font: str = FONT) -> bool:
    found = subprocess.run(
        ["fc-list", f"{font}:charset={ord(char):x}", "family"], capture_output=True, text=True
    )
    return bool(found.stdout.strip())


def _is_symbol(char: str) -> bool:
    return ord(char) > 127 and not unicodedata.category(char).startswith(("L", "Z", "C"))


def _symbols() -> dict[str, str]:
    """Each non-ASCII character the pages can print that is not a letter of a language (CJK text
    and the like come from the sources, in the same font), with where it comes from."""
    found: dict[str, str] = {}
    sources = [*ROOT.glob("templates/**/*.html"), ROOT / "static/hindsight/dashboard.css"]
    for path in sources:
        for char in path.read_text(encoding="utf-8"):
            found.setdefault(char, str(path.relative_to(ROOT)))
    standings = [*STANDINGS, *(v for v in vars(dashboard).values() if isinstance(v, type(STANDINGS[0])))]
    for standing in standings:
        for char in standing.symbol:
            found.setdefault(char, f"the standing {standing.key!r}")
    return {char: where for char, where in found.items() if _is_symbol(char)}


def test_every_symbol_the_pages_print_is_in_the_named_font():
    if not _font_available():
        reason = f"needs the font {FONT!r} and fc-list: apt-get install fonts-noto-cjk fontconfig"
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason} (HINDSIGHT_REQUIRE_SERVICES is set, so this is a failure)")
        pytest.skip(reason)
    symbols = _symbols()
    assert dashboard._SPLIT.symbol in symbols and "×" in symbols, "the standings' symbols are checked"
    missing = {f"{char} U+{ord(char):04X}": where for char, where in symbols.items() if not _covered(char)}
    assert not missing, f"not in {FONT}: {missing}"


def test_every_symbol_in_the_demo_sources_is_in_a_named_font():
    """A source's own symbols (seed 003 writes 设为🌟标) fall back to the emoji family the
    stylesheet names after the CJK ones, so they never render as an empty box."""
    fonts_present = _font_available() and bool(
        subprocess.run(["fc-list", EMOJI_FONT], capture_output=True, text=True).stdout.strip()
    )
    if not fonts_present:
        reason = f"needs {FONT!r}, {EMOJI_FONT!r} and fc-list: apt-get install fonts-noto-cjk fonts-noto-color-emoji"
        if REQUIRE_SERVICES:
            pytest.fail(f"{reason} (HINDSIGHT_REQUIRE_SERVICES is set, so this is a failure)")
        pytest.skip(reason)
    css = (ROOT / "static/hindsight/dashboard.css").read_text(encoding="utf-8")
    assert f'"{EMOJI_FONT}"' in css, "the stylesheet names the emoji family"
    symbols = {
        char: path.name
        for path in sorted(SEEDS_DIR.glob("*.txt"))
        for char in path.read_text(encoding="utf-8")
        if _is_symbol(char)
    }
    assert "\U0001f31f" in symbols, "seed 003's star is among the symbols checked"
    missing = {
        f"{char} U+{ord(char):04X}": where
        for char, where in symbols.items()
        if not _covered(char) and not _covered(char, EMOJI_FONT)
    }
    assert not missing, f"in neither {FONT} nor {EMOJI_FONT}: {missing}"
