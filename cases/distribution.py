"""Distribution of a fund among several applicants (参与分配, DESIGN.md §9). Pure: no Django import.

Order: secured creditors first (on the proceeds of their collateral), then workers' wages (劳动报酬),
then ordinary creditors. Within a class, if the fund does not cover it, claims are paid pro rata.

Rounding, to the cent: each claimant first gets its exact share rounded *down* to the cent; the
cents left over go one at a time to the claimants with the largest discarded fractions, ties going
to the claimant listed first (the applicant's order in the case). The shares therefore always add
up to the fund exactly, and nobody gets more than one cent above their exact share.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

CENT = Decimal("0.01")
CLASS_ORDER = ("secured", "wage", "ordinary")


@dataclass(frozen=True)
class Claim:
    key: object  # who (e.g. a party id); opaque here
    claim_class: str  # one of CLASS_ORDER
    amount: Decimal  # still owed to this claimant


@dataclass(frozen=True)
class Share:
    key: object
    claim_class: str
    claimed: Decimal
    paid: Decimal


def _pro_rata(fund: Decimal, claims: list[Claim]) -> list[Decimal]:
    total = sum((c.amount for c in claims), Decimal("0"))
    if total <= fund:
        return [c.amount for c in claims]
    exact = [fund * c.amount / total for c in claims]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    left = int(((fund - sum(floors, Decimal("0"))) / CENT).to_integral_value())
    # Largest discarded fraction first; the earlier claimant wins a tie (stable sort on index).
    order = sorted(range(len(claims)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += CENT
    return floors


def distribute(fund: Decimal, claims: list[Claim]) -> list[Share]:
    """Split ``fund`` (yuan, two places) over ``claims``; returns one share per claim, in input order."""
    if fund < 0:
        raise ValueError("fund cannot be negative")
    for c in claims:
        if c.claim_class not in CLASS_ORDER:
            raise ValueError(f"unknown claim class {c.claim_class!r}")
        if c.amount < 0:
            raise ValueError("a claim cannot be negative")
    fund = fund.quantize(CENT)
    paid = [Decimal("0.00")] * len(claims)
    remaining = fund
    for claim_class in CLASS_ORDER:
        indexes = [i for i, c in enumerate(claims) if c.claim_class == claim_class and c.amount > 0]
        if not indexes or remaining <= 0:
            continue
        shares = _pro_rata(remaining, [claims[i] for i in indexes])
        for i, share in zip(indexes, shares, strict=True):
            paid[i] = share
        remaining -= sum(shares, Decimal("0"))
    return [Share(c.key, c.claim_class, c.amount, paid[i]) for i, c in enumerate(claims)]
