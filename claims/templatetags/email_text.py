from __future__ import annotations

from django import template

from claims import plaintext

register = template.Library()


@register.filter
def plain_wrap(text: str) -> str:
    """A statement in a plain-text email: one paragraph, wrapped, indented under its entry."""
    return plaintext.wrap(text, indent="  ")
