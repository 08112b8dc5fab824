"""Presentation of amounts inside messages (pure). Amounts in yuan are written with thousands
separators everywhere a person reads them — pages (the ``yuan`` filter), error messages, the
timeline and the messages sent to parties — so "¥32488.00" never sits beside "¥32,488.00"."""

import re

_YUAN = re.compile(r"¥(\d{4,})(\.\d{1,2})?")


def group_yuan(text: str) -> str:
    """"¥1234567.80" → "¥1,234,567.80" inside any text; other numbers are left alone."""
    if "¥" not in text:
        return text
    return _YUAN.sub(lambda m: f"¥{int(m.group(1)):,}{m.group(2) or ''}", text)
