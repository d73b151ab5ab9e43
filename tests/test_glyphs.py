"""Every symbol the pages print is in the fonts the stylesheet names: a missing one renders as an
empty box (the split mark ⑂ once did)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from claims.charts import STANDINGS
from claims.templatetags import dashboard
from tests.conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parent.parent
# The first CJK family the stylesheet names (static/hindsight/dashboard.css), the one a machine
# with fonts-noto-cjk has; the Latin families before it carry no symbols of their own here.
FONT = "Noto Sans CJK SC"


def _font_available() -> bool:
    if shutil.which("fc-list") is None:
        return False
    return bool(subprocess.run(["fc-list", FONT], capture_output=True, text=True).stdout.strip())


def _covered(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f"{FONT}:charset={ord(char):x}", "family"], capture_output=True, text=True
    )
    return bool(found.stdout.strip())


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
    return {
        char: where
        for char, where in found.items()
        if ord(char) > 127 and not unicodedata.category(char).startswith(("L", "Z", "C"))
    }


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
