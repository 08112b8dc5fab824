"""Money display: yuan with thousands separators and two places, e.g. ¥1,759,547.13.

A filter rather than USE_THOUSAND_SEPARATOR, which would also put commas into page numbers and ids
rendered in links and form values."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    return f"¥{amount:,.2f}"
