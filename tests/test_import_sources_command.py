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


def test_it_refuses_a_symbolic_link_by_name_and_imports_the_rest(tmp_path: Path):
    (tmp_path / "talk.txt").write_text("# 访谈\n\n明年会更好。\n", encoding="utf-8")
    (tmp_path / "passwd.txt").symlink_to("/etc/passwd")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "secret.txt").write_text("not for the public\n", encoding="utf-8")
    (tmp_path / "linked-folder").symlink_to(elsewhere, target_is_directory=True)
    out, err = _run(tmp_path)
    assert list(Source.objects.values_list("file_name", flat=True)) == ["talk.txt"]
    assert "1 imported, 0 already stored, 2 skipped" in out
    assert f"skipped {tmp_path / 'passwd.txt'}: is a symbolic link (to /etc/passwd); not followed" in err
    assert f"skipped {tmp_path / 'linked-folder'}: is a symbolic link" in err
    assert "--follow-symlinks" in err
    # Named on the command line, a link is refused the same way.
    with pytest.raises(CommandError, match="nothing could be imported"):
        _run(tmp_path / "passwd.txt")
    assert Source.objects.count() == 1


def test_it_follows_symbolic_links_when_asked(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "talk.txt").write_text("# 访谈\n\n明年会更好。\n", encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "link.txt").symlink_to(elsewhere / "talk.txt")
    (folder / "linked").symlink_to(elsewhere, target_is_directory=True)
    out = StringIO()
    call_command("import_sources", str(folder), "--follow-symlinks", stdout=out, stderr=StringIO())
    # The same text through two links is one source.
    assert "1 imported, 1 already stored, 0 skipped" in out.getvalue()
    assert Source.objects.get().text == "# 访谈\n\n明年会更好。\n"


def test_it_refuses_a_text_over_max_source_chars_with_its_name_and_size(tmp_path: Path, settings):
    settings.MAX_SOURCE_CHARS = 1000
    (tmp_path / "long.txt").write_text("明" * 1001, encoding="utf-8")
    (tmp_path / "huge.txt").write_text("a" * 5000, encoding="utf-8")
    (tmp_path / "fits.txt").write_text("明" * 1000, encoding="utf-8")
    out, err = _run(tmp_path)
    assert list(Source.objects.values_list("file_name", flat=True)) == ["fits.txt"]
    assert f"{tmp_path / 'long.txt'}: 1,001 characters, over the limit of MAX_SOURCE_CHARS=1,000" in err
    # Refused on its size alone, before it is read.
    assert f"{tmp_path / 'huge.txt'}: 5,000 bytes, more than MAX_SOURCE_CHARS=1,000 characters" in err


def test_it_decodes_utf16_and_utf32_with_a_bom_and_names_utf16_without_one(tmp_path: Path):
    text = "# 访谈\n\nDeepSeek 明年会发布新模型。\n"
    (tmp_path / "u16.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "u32.txt").write_bytes(("\ufeff" + text.replace("访谈", "对话")).encode("utf-32-be"))
    (tmp_path / "u16-unmarked.txt").write_bytes("DeepSeek 明年".encode("utf-16-le"))
    out, err = _run(tmp_path)
    assert "2 imported, 0 already stored, 1 skipped" in out
    assert Source.objects.get(file_name="u16.txt").text == text
    assert Source.objects.get(file_name="u32.txt").title == "对话"
    assert "u16-unmarked.txt: looks like UTF-16-LE text without a byte order mark" in err
    assert "binary" not in err


def test_a_bad_file_in_a_batch_loses_nothing_and_imports_nothing_of_itself(tmp_path: Path, monkeypatch):
    from claims.services import sources

    monkeypatch.setattr(sources, "BATCH_FILES", 3)
    for n in range(7):
        (tmp_path / f"{n}.txt").write_text(f"# 第{n}篇\n\n正文{n}。\n", encoding="utf-8")
    (tmp_path / "3.txt").write_bytes(b"\xff\xfe\x00")  # a UTF-16 mark, then half a character
    (tmp_path / "5.txt").write_text("# 第1篇\n\n正文1。\n", encoding="utf-8")  # 1.txt's text again
    out, err = _run(tmp_path)
    assert "5 imported, 1 already stored, 1 skipped" in out
    assert (
        f"unchanged {tmp_path / '5.txt'}: already source #{Source.objects.get(file_name='1.txt').pk}" in out
    )
    assert sorted(Source.objects.values_list("file_name", flat=True)) == [
        "0.txt",
        "1.txt",
        "2.txt",
        "4.txt",
        "6.txt",
    ]
    assert "3.txt: starts with a UTF-16 byte order mark but is not valid UTF-16" in err


def test_files_are_stored_in_batches_of_few_queries(tmp_path: Path, django_assert_max_num_queries):
    for n in range(40):
        (tmp_path / f"{n:02d}.txt").write_text(f"# 第{n}篇\n\n正文{n}。\n", encoding="utf-8")
    # One batch: the lookup of the 40 texts, then a savepoint, one INSERT and its release.
    with django_assert_max_num_queries(4):
        _run(tmp_path)
    assert Source.objects.count() == 40
