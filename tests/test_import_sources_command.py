from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Source

pytestmark = pytest.mark.django_db


def _run(*paths) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_sources", *map(str, paths), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_folder_and_skips_bad_files_by_name(tmp_path: Path):
    (tmp_path / "good.txt").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (tmp_path / "also-good.md").write_text("Another text.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    out, err = _run(tmp_path)
    assert Source.objects.count() == 2
    assert "2 imported, 0 already stored, 2 skipped" in out
    assert "empty.txt: the file is empty" in err
    assert "latin1.txt" in err and "byte 3" in err


def test_it_creates_nothing_new_when_run_twice(tmp_path: Path):
    (tmp_path / "a.txt").write_text("# A\n\nText A.\n", encoding="utf-8")
    _run(tmp_path / "a.txt")
    out, _ = _run(tmp_path / "a.txt")
    assert Source.objects.count() == 1
    assert "0 imported, 1 already stored" in out


def test_it_imports_the_seed_corpus():
    seeds = Path(__file__).resolve().parent.parent / "claims" / "demo" / "seeds"
    out, err = _run(seeds)
    assert Source.objects.count() == 5
    assert err == ""
    untitled = Source.objects.get(file_name="004_ea5b8727a9de0152.txt")
    assert untitled.language == "zh-Hant"
    assert untitled.title == "004_ea5b8727a9de0152"
    # Byte-exact: the seeds are already LF and NFC, so the stored text is the file.
    assert untitled.text == (seeds / "004_ea5b8727a9de0152.txt").read_text(encoding="utf-8")


def test_it_fails_on_a_missing_path(tmp_path: Path):
    with pytest.raises(CommandError, match="no such file"):
        _run(tmp_path / "missing.txt")
