from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from claims.models import Source
from claims.services.sources import SourceImportError, import_source, parse_header
from tests.factories import SpanFactory

pytestmark = pytest.mark.django_db

SEED_HEADER = (
    "# 在OpenAI开发者大会，CEO Sam Altman谈AGI时间表\n\n"
    "文章作者: AI深度研究员\n"
    "发布时间: 2024-10-07 10:00\n"
    "发布地: 上海\n"
    "原文链接: http://mp.weixin.qq.com/s?__biz=abc\n\n"
    "正文：我认为2025年将是代理之年。\n"
)


def test_it_reads_title_and_metadata_from_the_header():
    meta = parse_header(SEED_HEADER)
    assert meta.title == "在OpenAI开发者大会，CEO Sam Altman谈AGI时间表"
    assert meta.author == "AI深度研究员"
    assert meta.published_on == dt.date(2024, 10, 7)
    assert meta.url == "http://mp.weixin.qq.com/s?__biz=abc"


def test_it_imports_a_file_with_its_header():
    result = import_source(SEED_HEADER.encode(), name="seeds/000.txt")
    source = Source.objects.get()
    assert result.created and result.source == source
    assert source.title.startswith("在OpenAI开发者大会")
    assert source.published_on == dt.date(2024, 10, 7)
    assert source.effective_said_on == dt.date(2024, 10, 7)
    assert source.language == "zh-Hans"
    assert source.file_name == "000.txt"
    assert source.text == SEED_HEADER


def test_it_falls_back_to_the_file_name_without_a_header():
    text = "“我認為DeepSeek確實是個很棒的團隊,也做出了很優秀的模型。這對我們來說是一個教訓。”\n"
    import_source(text.encode(), name="/tmp/004_untitled.txt")
    source = Source.objects.get()
    assert source.title == "004_untitled"
    assert source.language == "zh-Hant"
    assert source.published_on is None


def test_it_canonicalizes_crlf_bom_and_decomposed_marks():
    raw = "\ufeff# T\r\nni\u030c hao\rok\r\n".encode()
    result = import_source(raw, name="a.txt")
    assert result.source.text == "# T\nnǐ hao\nok\n"


def test_it_does_not_import_the_same_text_twice():
    first = import_source(SEED_HEADER.encode(), name="a.txt")
    # Same canonical text, different bytes (CRLF): still the same source.
    second = import_source(SEED_HEADER.replace("\n", "\r\n").encode(), name="b.txt")
    assert second.created is False
    assert second.source.pk == first.source.pk
    assert Source.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("正文".encode("gbk"), "a.txt"),
    ],
)
def test_it_refuses_bad_files_by_name_and_saves_nothing(data, message):
    with pytest.raises(SourceImportError, match=message) as caught:
        import_source(data, name="a.txt")
    assert "a.txt" in str(caught.value)
    assert Source.objects.count() == 0


def test_it_reports_the_byte_position_of_invalid_utf8():
    with pytest.raises(SourceImportError, match="byte 6"):
        import_source(b"abc\xe4\xbd\xa0\xff\xfe", name="bad.txt")


def test_it_refuses_to_change_the_text_of_an_anchored_source():
    span = SpanFactory()
    source = span.source
    source.text = source.text.replace("2025", "2026")
    with pytest.raises(ValidationError, match="cannot be changed: 1 span"):
        source.full_clean()
    with pytest.raises(ValidationError, match="cannot be changed"):
        source.save()
    source.refresh_from_db()
    assert "2025" in source.text


def test_it_allows_metadata_edits_on_an_anchored_source():
    span = SpanFactory()
    source = span.source
    source.title = "Renamed"
    source.full_clean()
    source.save()
    source.refresh_from_db()
    assert source.title == "Renamed"


def test_it_allows_text_edits_before_anything_is_anchored():
    result = import_source(SEED_HEADER.encode(), name="a.txt")
    source = result.source
    source.text = source.text + "补充。\n"
    source.full_clean()
    source.save()
    source.refresh_from_db()
    assert source.text.endswith("补充。\n")
