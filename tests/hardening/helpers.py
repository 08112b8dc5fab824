"""Shared by the hardening suites: a scene with a case that has something on every dossier card, a
crawler that collects the app's forms, and a row count over every table the app writes."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps

from tests.dossier import card_urls

APP_LABELS = ("courts", "cases", "transfers", "reports", "documents", "tracking", "relief", "imports")
# Links the crawler does not follow: other machinery, downloads and logout.
SKIP = ("/admin/", "/api/", "/static/", "/i18n/", "/logout/", "export", "xlsx", "print", "/documents/", "errors.",
        "template.xlsx")


def all_rows() -> dict[str, int]:
    """Rows of every model of the project's apps, history tables included."""
    return {m._meta.label: m.objects.count() for label in APP_LABELS for m in apps.get_app_config(label).get_models()}


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"method": (a.get("method") or "get").lower(), "action": a.get("action") or "",
                          "inputs": {}}
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            self._form["inputs"][a["name"]] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def crawl(client, start: list[str], limit: int = 40):
    """GET pages breadth-first from ``start`` (same site, no downloads); yield (url, parsed page)."""
    seen, queue = set(), list(start)
    while queue and len(seen) < limit:
        url = queue.pop(0)
        path = urlsplit(url).path
        if path in seen or any(s in url for s in SKIP):
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        page = parse(html)
        yield path, page
        # The dossier's cards, fetched as the browser does once the page has painted (cases.panels).
        for card in card_urls(html):
            card_response = client.get(card)
            if card_response.status_code == 200 and card_response.content:
                card_page = parse(card_response.content.decode())
                yield card, card_page
                page.links.extend(card_page.links)
        for href in page.links:
            target = urljoin(path, href)
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path)


def build_scene(world):
    """A case at 赞皇 handled by 赵法官 with a freeze, a seal and a payment; a petition; a tracking record;
    石家庄中院's campaign holding the case."""
    from cases.money import payment_record
    from tests.cases.dossier_helpers import freeze, on, seal
    from tests.reports.ledger_helpers import petition
    from tests.tracking.helpers import record
    from tests.transfers.campaign_helpers import case_at, make_campaign

    case = case_at(world)
    with on(2026, 1, 10):
        freeze(world, case, started_on=dt.date(2026, 1, 10))
        seal(world, case, started_on=dt.date(2026, 1, 10))
        payment_record(actor=world.judge, case_id=case.pk, amount="1000.00", received_on=dt.date(2026, 1, 10))
    petition(world, case, dt.date(2026, 1, 12))
    tracking = record(world, document_number="（2025）冀0129民初9876号")
    campaign = make_campaign(world, cases=[case])
    return case, tracking, campaign
