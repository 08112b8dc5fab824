"""The dossier as the browser completes it: the page, then each card it fetches once painted
(cases.panels; cases/_panel_slot.html), put in its slot — what a judge ends up seeing."""

from __future__ import annotations

import re

SLOT = re.compile(r'<div class="panel-slot[^"]*" hx-get="(?P<url>/cases/\d+/panels/[\w-]+/)"[^>]*>.*?</div>', re.S)


def card_urls(html: str) -> list[str]:
    return [m["url"] for m in SLOT.finditer(html)]


def dossier_page(client, case):
    """GET /cases/<pk>/ and fill each card slot with the card's own response (every card must answer 200)."""
    pk = getattr(case, "pk", case)
    response = client.get(f"/cases/{pk}/")
    if response.status_code != 200:
        return response

    def fill(match) -> str:
        card = client.get(match["url"])
        assert card.status_code == 200, (match["url"], card.status_code)
        return card.content.decode()

    response.content = SLOT.sub(fill, response.content.decode()).encode()
    return response


def dossier_html(client, case) -> str:
    return dossier_page(client, case).content.decode()
