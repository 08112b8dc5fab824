"""Display helpers of the report pages: key-figure tiles with their definitions, drill-down links."""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string

from cases.templatetags.dossier_extras import percent as _percent
from cases.templatetags.money import yuan as _yuan

register = template.Library()
register.filter("percent", _percent)
register.filter("yuan", _yuan)


@register.filter
def split(value: str) -> list[str]:
    return value.split()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping is not None else None


@register.filter
def attr(obj, name: str):
    return getattr(obj, name, None)


@register.simple_tag
def query_with(params: dict, start, end) -> str:
    """A drill-down link's query: the row's scope plus the period shown."""
    return urlencode({**params, "date_from": start.isoformat(), "date_to": end.isoformat()})


@register.simple_tag
def kpi(key: str, value, definitions: dict, kind: str = "count") -> str:
    label, definition = definitions[key]
    shown = _percent(value) if kind == "percent" else _yuan(value) if kind == "money" else value
    return render_to_string("reports/_kpi.html", {"key": key, "label": label, "definition": definition, "value": shown})
