"""Small display helpers of the dossier pages."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """A ratio as a percentage with one decimal (0.4567 → 45.7%); "—" when there is none
    (现金可执行率 has no value when nothing is outstanding)."""
    if value is None or value == "":
        return "—"
    try:
        ratio = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"{ratio * 100:.1f}%"


@register.filter
def negate(value):
    """-n, for "expired n days ago" from a negative days-left count."""
    try:
        return -value
    except TypeError:
        return value


@register.filter
def redact(value, show_full: bool = False) -> str:
    """Free text with long numbers masked unless the reader sees full identities (courts.access)."""
    from cases.identifiers import redact_numbers

    return value if show_full else redact_numbers(str(value or ""))
