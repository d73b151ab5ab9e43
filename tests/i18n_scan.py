"""Finds the text in a template that a reader sees but no translation tag covers (tests/test_i18n.py)."""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

from django.template.base import Lexer, TokenType

# Stands for anything a tag or a variable prints: never text to translate.
HOLE = "\x00"
# Attributes a reader sees or hears; the others (class, href, type...) are machinery.
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "value", "aria-description")
WORD = re.compile(r"[A-Za-z\u3400-\u9fff]")
TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)([^>]*)>", re.S)
ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*')""")
# Words left untranslated on purpose, with why.
ALLOWED = {
    "Hindsight",  # the product's name, the same in every language
    "n=",  # a sample size, written so in every language's statistics
}


def unmarked(source: str) -> list[str]:
    """The runs of visible words in `source` outside {% translate %} and {% blocktranslate %}."""
    parts: list[str] = []
    inside: str | None = None  # the end tag of a block whose text is marked or not shown
    for token in Lexer(source).tokenize():
        contents = token.contents.split()[0] if token.contents.strip() else ""
        if token.token_type == TokenType.BLOCK:
            if inside and contents == inside:
                inside = None
            elif not inside and token.contents.split()[:2] == ["block", "bodyclass"]:
                inside = "endblock"  # CSS class names, not text
            elif not inside and contents in ("blocktranslate", "blocktrans", "comment", "verbatim"):
                inside = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}.get(
                    contents, "end" + contents
                )
            parts.append(HOLE)
        elif token.token_type == TokenType.TEXT and not inside:
            parts.append(token.contents)
        else:
            parts.append(HOLE)
    text = "".join(parts)
    text = re.sub(r"<!--.*?-->|<!doctype[^>]*>", HOLE, text, flags=re.S | re.I)
    text = re.sub(r"<(script|style)\b.*?</\1>", HOLE, text, flags=re.S | re.I)
    found: list[str] = []

    def tag(match: re.Match[str]) -> str:
        for name, quoted in ATTRIBUTE.findall(match.group(3)):
            if name.lower() in SHOWN_ATTRIBUTES:
                found.extend(_words(quoted[1:-1]))
        return HOLE

    text = TAG.sub(tag, text)
    found.extend(_words(text))
    return found


def _words(text: str) -> list[str]:
    runs = []
    for run in html.unescape(text).split(HOLE):
        run = " ".join(run.split())
        leftover = " ".join(
            word for word in re.split(r"[\s()\[\],.:;!?·/|“”\"'–—-]+", run) if word not in ALLOWED
        )
        if WORD.search(leftover):
            runs.append(run)
    return runs


def templates(*roots: Path) -> list[Path]:
    """The pages' and the emails' templates (plain-text emails too) under `roots`."""
    return sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.suffix == ".html" or path.parent.name == "email"
    )


# Exceptions whose message a curator reads (the admin shows it; the API keeps it English).
# Each with the position of its message: state_conflict(field, message) names the field first.
REFUSALS = {"ValidationError": 0, "CandidateDecided": 0, "state_conflict": 1, "state_conflicts": 0}
MARKERS = ("gettext", "ngettext", "gettext_lazy", "ngettext_lazy", "_", "pgettext")


def unmarked_refusals(source: str) -> list[str]:
    """ "line: text" of each string a refusal in Python `source` carries with no gettext around
    it: the message itself, or a value of its {field: message} dict."""
    found: list[str] = []

    def texts(node: ast.AST) -> None:
        if isinstance(node, ast.Call) and _name(node.func) in MARKERS:
            return
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and WORD.search(node.value):
            found.append(f"{node.lineno}: {node.value}")
        elif isinstance(node, ast.JoinedStr):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
        elif isinstance(node, ast.Dict):
            for value in node.values:
                texts(value)
        elif isinstance(node, ast.DictComp):
            texts(node.value)
        elif isinstance(node, ast.BinOp):  # "..." % {...}
            texts(node.left)

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and _name(node.func) in REFUSALS:
            at = REFUSALS[_name(node.func)]
            for arg in node.args[at : at + 1]:
                texts(arg)
    return found


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else ""
