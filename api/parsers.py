"""The API's JSON parser: DRF's, with a body nested too deeply for Python refused as a 400."""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, Any

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(
        self, stream: IO[Any], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The standard decoder recurses once per level, so ~1000 nested arrays exhaust the stack.
            # Nothing the API takes nests more than a few levels.
            raise ParseError(
                "JSON parse error - arrays or objects are nested too deeply to read; "
                "no endpoint takes more than a few levels."
            ) from None
