"""One row of a legacy ledger → a validated case, or the reasons it is not one.

A row is valid exactly when the registration form would accept the same case: the cells become the
registration service's own input (cases.services.RegistrationInput) and go through its own
validation (``validate_registration``, with ``clean_party`` for each party and cases.identifiers
for ID numbers and phones). What only a ledger carries is checked here: the existing case number
(its format, that it is this court's, its year), the status and closure, the amounts recovered and
still held, and the handler. Duplicates — within the file and against the database — and parties
already on record are checked per batch by imports.services.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from cases import services as case_services
from cases.case_numbers import format_case_number, parse_case_number
from cases.causes import LIVELIHOOD_CAUSES
from imports import layout

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
FLOAT_EXACT = 2**53  # above this a float no longer holds every integer: Excel has rounded the number
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_DATE_DIGITS = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CASE_PARTY_FIELDS = ("name", "kind", "id_type", "id_number", "id_missing_reason", "phone", "address",
                      "legal_representative")
# validate_registration's error keys → ledger columns.
_BASIS_COLUMNS = {"document_number": "basis_number", "document_type": "basis_type", "issuing_court": "basis_issuer",
                  "effective_date": "basis_effective", "performance_deadline": "basis_deadline",
                  "principal_amount": "basis_principal", "obligations": "basis_number"}
_CASE_COLUMNS = {"cause": "cause", "target_amount": "target_amount", "non_monetary_obligations": "non_monetary",
                 "filed_on": "filed_on", "court": "case_number"}


class LegacyParty(NamedTuple):
    role: str
    position: int
    kind: str
    name: str
    id_type: str
    id_number: str
    key: str
    id_missing_reason: str
    phone: str
    address: str
    legal_representative: str


class LegacyCase(NamedTuple):
    """A valid row, normalised. Tuples: pass 1 spools a hundred thousand of them to disk (pickle)."""

    row: int
    case_number: str
    year: int
    type_code: str
    seq: int
    filed_on: dt.date
    cause: str
    is_livelihood: bool
    target_amount: Decimal
    recovered_amount: Decimal
    held_amount: Decimal
    non_monetary: str
    basis: tuple  # (number, type, issuing court, effective date, deadline, principal)
    closed: bool
    closure_type: str
    closed_on: dt.date | None
    handler_id: int | None
    team_id: int | None
    parties: tuple[LegacyParty, ...]


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str  # the header as in the template ("" for the row as a whole)
    value: str
    reason: str


@dataclass(frozen=True)
class Judge:
    id: int
    name: str
    username: str
    is_active: bool
    team_id: int | None


class CellError(ValueError):
    pass


# --- cells -------------------------------------------------------------------------------------------
def cell_text(value) -> str:
    """A cell as text: numbers without a spurious ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    kind = type(value)
    if kind is str:
        return value.strip()
    if kind is float:
        if value.is_integer() and abs(value) < FLOAT_EXACT:
            return str(int(value))
        return repr(value)
    if kind is dt.datetime:
        return value.date().isoformat() if not (value.hour or value.minute or value.second) else value.isoformat(" ")
    if kind is bool:
        return "是" if value else "否"
    return str(value).strip()


def cell_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    kind = type(value)
    if kind is dt.datetime:
        return value.date()
    if kind is dt.date:
        return value
    text = cell_text(value)
    if not text:
        return None
    text = unicodedata.normalize("NFKC", text)
    match = _DATE_TEXT.match(text) or _DATE_DIGITS.match(text)
    if match:
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            pass
    raise CellError(_("Not a date: write it like 2021-03-04."))


def cell_money(value) -> str:
    """A money cell as the text parse_money reads. A number Excel computed (0.1 + 0.2) is taken to
    the cent when it lies within a millionth of one."""
    if type(value) is float:
        exact = Decimal(repr(value))
        cents = exact.quantize(CENT)
        return str(cents) if abs(exact - cents) < Decimal("0.000001") else str(exact)
    return cell_text(value)


def cell_identifier(value) -> str:
    """An ID number or phone. Excel turns a long number typed into a general cell into a float: a
    15-digit (first-generation) ID survives that, an 18-digit one does not."""
    if type(value) is float:
        if value.is_integer() and 0 <= value < FLOAT_EXACT:
            return str(int(value))
        raise CellError(_("Excel stored this number as a numeric value and lost digits: format the column as "
                          "text and enter the number again."))
    return cell_text(value)


def _looks_like_resident_id(number: str) -> bool:
    """The shape of a resident ID — 15 digits, or 17 digits and a digit or X with a birth date inside —
    even with a wrong check digit: a person's number with a typo is reported as one."""
    if len(number) == 15:
        return number.isdigit()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return False
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1880 <= born.year <= dt.date.today().year


# --- the header ----------------------------------------------------------------------------------------
@dataclass
class Header:
    row: int
    columns: dict[str, int]  # column key → 0-based index
    ignored: list[str]

    def header_of(self, key: str) -> str:
        return layout.COLUMN_BY_KEY[key].header


def find_header(row_number: int, values: list) -> Header | None:
    """The header row is the first row naming the 案号 column (a title row above it is skipped)."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for index, value in enumerate(values):
        name = layout.normalize_header(value)
        if not name:
            continue
        key = layout.HEADER_KEYS.get(name)
        if key is None or key in columns:
            ignored.append(cell_text(value))
        else:
            columns[key] = index
    if "case_number" not in columns:
        return None
    return Header(row_number, columns, ignored)


def missing_columns(header: Header) -> list[str]:
    return [c.header for c in layout.COLUMNS if c.required and c.key not in header.columns]


# --- a row ---------------------------------------------------------------------------------------------
class RowChecker:
    """Checks rows for one court; holds what every row needs (the court, its judges, today)."""

    def __init__(self, *, court, header: Header, judges: list[Judge], today: dt.date) -> None:
        self.court = court
        self.header = header
        self.today = today
        self.own_prefix = court.case_prefix
        self.by_username = {j.username: j for j in judges}
        self.by_name: dict[str, list[Judge]] = {}
        for judge in judges:
            self.by_name.setdefault(judge.name, []).append(judge)
        self._index = header.columns
        self._width = max(header.columns.values()) + 1
        # Per role: the name column's key and (field, column key) of the other party columns.
        self._party_columns = [(role, f"{role}_name", [(f, f"{role}_{f}") for f in _CASE_PARTY_FIELDS[1:]])
                               for role in layout.ROLES]

    def check(self, row: int, values: list) -> tuple[LegacyCase | None, list[RowError], str]:
        """The row's case (None if it has errors), its errors, and its case number in canonical form
        ("" if unreadable) — kept for every row, so that a duplicate is found even when the first row
        carrying the number has other errors."""
        if len(values) < self._width:
            values = values + [None] * (self._width - len(values))
        index = self._index
        cells = {key: values[i] for key, i in index.items()}
        errors: list[RowError] = []

        def fail(key: str, message: str, value=None) -> None:
            raw = cells.get(key) if value is None else value
            errors.append(RowError(row, layout.COLUMN_BY_KEY[key].header if key else "", cell_text(raw)[:100], str(message)))

        def text(key: str) -> str:
            return cell_text(cells.get(key))

        def date(key: str) -> dt.date | None:
            try:
                return cell_date(cells.get(key))
            except CellError as exc:
                fail(key, str(exc))
                return None

        def label(key: str, table: dict[str, str], message: str) -> str:
            """The code of the cell's label; ``message`` (a msgid, translated only when needed) otherwise."""
            value = text(key)
            if not value:
                return ""
            code = table.get(layout.normalize_label(value))
            if code is None:
                fail(key, _(message) % {"value": value})
                return ""
            return code

        # -- case number, dates --
        filed_on = date("filed_on")
        if filed_on is None and not text("filed_on"):
            fail("filed_on", _("This field is required."))
        number = text("case_number")
        parsed = None
        if not number:
            fail("case_number", _("This field is required."))
        else:
            try:
                parsed = parse_case_number(number)
            except ValueError:
                fail("case_number", _("Not a case number of the form （2021）冀0129执123号."))
        if parsed is not None:
            if parsed.type_code not in layout.IMPORTABLE_TYPE_CODES:
                fail("case_number", _("Only enforcement cases (执, 执恢, 执保) can be imported, not a %(type)s case.")
                     % {"type": parsed.type_code})
                parsed = None
            elif parsed.province_abbr + parsed.court_code != self.own_prefix:
                fail("case_number", _("The case number is another court's (%(prefix)s); this court's numbers carry %(own)s.")
                     % {"prefix": parsed.province_abbr + parsed.court_code, "own": self.own_prefix})
                parsed = None
            elif filed_on is not None and parsed.year != filed_on.year:
                fail("case_number", _("The year of the case number (%(year)d) is not the year of the filing date (%(filed)d).")
                     % {"year": parsed.year, "filed": filed_on.year})

        canonical = (format_case_number(parsed.year, parsed.province_abbr, parsed.court_code, parsed.type_code, parsed.seq)
                     if parsed is not None else "")

        # -- what the registration form checks --
        cause_text = text("cause")
        cause = label("cause", layout.CAUSE_CODES,
                      gettext_noop("Unknown cause of action “%(value)s”: use a name from the list (see the template's code table)."))
        if not cause_text:
            fail("cause", _("This field is required."))
        basis_type = label("basis_type", layout.DOCUMENT_TYPES,
                           gettext_noop("Unknown document type “%(value)s”: use 判决书, 调解书, 裁定书, 仲裁裁决书, 公证债权文书, 支付令, 行政决定书 or 其他."))
        parties = self._parties(cells, fail)
        data = case_services.RegistrationInput(
            court=self.court, cause=cause,
            basis=case_services.BasisInput(
                document_number=text("basis_number"), document_type=basis_type or ("?" if text("basis_type") else ""),
                issuing_court=text("basis_issuer"), effective_date=date("basis_effective"),
                performance_deadline=date("basis_deadline"), principal_amount=cell_money(cells.get("basis_principal")),
            ),
            target_amount=cell_money(cells.get("target_amount")),
            non_monetary_obligations=text("non_monetary"),
            filed_on=filed_on,
            parties=[p for _role, _pos, p in parties],
        )
        reported = {e.column for e in errors}
        self._registration_errors(case_services.validate_registration(data), parties, fail, reported)

        # -- what only a ledger has --
        recovered = self._money(cells, "recovered_amount", fail)
        held = self._money(cells, "held_amount", fail)
        target = data.target_amount if isinstance(data.target_amount, Decimal) else None
        if recovered is not None and target is not None and recovered > target:
            fail("recovered_amount", _("The amount recovered cannot exceed the amount applied for."))
        if held is not None and recovered is not None and held > recovered:
            fail("held_amount", _("The amount not yet paid out cannot exceed the amount recovered."))
        status = label("status", layout.STATUSES, gettext_noop("Unknown status “%(value)s”: write 未结 or 已结."))
        closure_text = text("closure_type")
        closure = ""
        if closure_text:
            if layout.normalize_label(closure_text) in layout.TRANSFER_LABELS:
                fail("closure_type", _("A closure by transfer to another court cannot be imported: the receiving court "
                                       "registers the case itself."))
            else:
                closure = label("closure_type", layout.CLOSURE_TYPES,
                                gettext_noop("Unknown closure type “%(value)s”: write 执行完毕, 终结本次执行程序, 终结执行, 驳回申请, 不予执行 or 销案."))
        closed_on = date("closed_on")
        closed = status == "closed" or (not text("status") and bool(closure_text))
        if closed:
            if not closure_text:
                fail("closure_type", _("Enter the closure type of a closed case."))
            if closed_on is None and not text("closed_on"):
                fail("closed_on", _("Enter the closing date of a closed case."))
            if closed_on and filed_on and closed_on < filed_on:
                fail("closed_on", _("The closing date cannot be before the filing date."))
            if closed_on and closed_on > self.today:
                fail("closed_on", _("The closing date cannot be in the future."))
            if held:
                fail("held_amount", _("A closed case cannot hold money not yet paid out."))
        elif status == "open" or not text("status"):
            if closure_text:
                fail("closure_type", _("An open case has no closure type (or write 已结 as its status)."))
            if text("closed_on"):
                fail("closed_on", _("An open case has no closing date (or write 已结 as its status)."))
        handler = self._handler(text("handler"), closed, fail)

        if errors or parsed is None or filed_on is None:
            if not errors:  # cannot happen: every None above reported why
                fail("", _("The row cannot be read."))
            return None, errors, canonical
        basis = data.basis
        legacy_parties = []
        for role, position, p in parties:
            legacy_parties.append(LegacyParty(
                role=role, position=position, kind=p.kind, name=p.name, id_type=p.id_type, id_number=p.id_number,
                key=case_services.party_key(p), id_missing_reason=(p.id_missing_reason or "").strip() if p.id_type == "none" else "",
                phone=p.phone, address=p.address, legal_representative=p.legal_representative))
        return LegacyCase(
            row=row, case_number=canonical,
            year=parsed.year, type_code=parsed.type_code, seq=parsed.seq, filed_on=filed_on, cause=cause,
            is_livelihood=cause in LIVELIHOOD_CAUSES, target_amount=data.target_amount, recovered_amount=recovered or ZERO,
            held_amount=held or ZERO, non_monetary=(data.non_monetary_obligations or "").strip(),
            basis=(basis.document_number, basis.document_type, basis.issuing_court, basis.effective_date,
                   basis.performance_deadline, basis.principal_amount),
            closed=closed, closure_type=closure if closed else "", closed_on=closed_on if closed else None,
            handler_id=handler.id if handler else None, team_id=handler.team_id if handler else None,
            parties=tuple(legacy_parties),
        ), [], canonical

    # --- parts of a row ---------------------------------------------------------------------------
    def _parties(self, cells: dict, fail) -> list[tuple[str, int, case_services.PartyInput]]:
        """The applicants and respondents of the row, in order, as the registration service's input."""
        result = []
        self._broken_roles: set[str] = set()
        for role, name_key, fields in self._party_columns:
            names = layout.split_parties(cells.get(name_key))
            columns: dict[str, list[str]] = {}
            for name, key in fields:
                raw = cells.get(key)
                if raw is None:
                    columns[name] = []
                    continue
                if type(raw) is float and name in ("id_number", "phone"):
                    try:
                        raw = cell_identifier(raw)
                    except CellError as exc:
                        fail(key, str(exc))
                        raw = None
                items = layout.split_parties(cell_text(raw)) if raw is not None else []
                if items and len(items) != len(names):
                    fail(key, _("%(n)d values for %(m)d names: list one value per party, in the order of the names, "
                                "separated by “；”.") % {"n": len(items), "m": len(names)})
                    items = []
                    # Which value belongs to whom is unknown: the parties' own checks would only add noise.
                    self._broken_roles.add(role)
                columns[name] = items
            for position, name in enumerate(names, start=1):
                item = {field: (values[position - 1] if values else "") for field, values in columns.items()}
                kind = self._kind(item["kind"], item["id_type"], item["id_number"], role, position, fail)
                id_type = self._id_type(item["id_type"], kind, item["id_number"], role, position, fail)
                result.append((role, position, case_services.PartyInput(
                    role=role, kind=kind, name=name, id_type=id_type, id_number=item["id_number"],
                    id_missing_reason=item["id_missing_reason"], phone=item["phone"], address=item["address"],
                    legal_representative=item["legal_representative"])))
        return result

    @staticmethod
    def _kind(text: str, id_type_text: str, number: str, role: str, position: int, fail) -> str:
        if text:
            code = layout.PARTY_KINDS.get(layout.normalize_label(text))
            if code is None:
                fail(f"{role}_kind", _("Unknown kind of party “%(value)s”: write 自然人, 法人, 非法人组织 or 机关.")
                     % {"value": text}, value=text)
                return "?"
            return code
        id_type = layout.ID_TYPES.get(layout.normalize_label(id_type_text)) if id_type_text else ""
        if id_type == "resident_id":
            return "person"
        if id_type in ("credit_code", "org_code", "business_reg"):
            return "organisation"
        compact = unicodedata.normalize("NFKC", number or "").replace(" ", "").upper()
        if not compact or id_type in ("passport", "hk_macao", "taiwan", "foreign_residence"):
            return "person" if id_type else ""
        return "person" if _looks_like_resident_id(compact) else "organisation"

    @staticmethod
    def _id_type(text: str, kind: str, number: str, role: str, position: int, fail) -> str:
        if text:
            code = layout.ID_TYPES.get(layout.normalize_label(text))
            if code is None:
                fail(f"{role}_id_type", _("Unknown ID type “%(value)s”.") % {"value": text}, value=text)
                return "?"
            return code
        if kind in ("organisation", "state_organ") and number:
            compact = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", number))
            if len(compact) == 9:
                return "org_code"
            if compact.isdigit() and len(compact) in (13, 15):
                return "business_reg"
        return ""  # the registration service infers the rest (resident ID / credit code)

    def _registration_errors(self, errors: dict, parties: list, fail, reported: set[str]) -> None:
        """Put validate_registration's errors on the ledger's columns."""
        for key, messages in errors.items():
            if key == "basis":
                for name, basis_messages in messages.items():
                    column = _BASIS_COLUMNS.get(name, "basis_number")
                    for message in basis_messages:
                        self._once(fail, column, message, reported)
            elif key == "parties":
                counts = {role: sum(1 for r, _p, _d in parties if r == role) for role in layout.ROLES}
                for (role, position, _data), party_errors in zip(parties, messages, strict=False):
                    if role in self._broken_roles:
                        continue
                    for name, party_messages in party_errors.items():
                        column = f"{role}_{name}" if name in _CASE_PARTY_FIELDS else f"{role}_name"
                        for message in party_messages:
                            if counts[role] > 1:
                                message = _("Party %(n)d: %(message)s") % {"n": position, "message": message}
                            self._once(fail, column, message, reported)
            elif key == "non_field_errors":
                roles = {r for r, _p, _d in parties}
                for message in messages:
                    if message == _("Add at least one applicant.") and "applicant" not in roles:
                        self._once(fail, "applicant_name", _("This field is required."), reported)
                    elif message == _("Add at least one respondent.") and "respondent" not in roles:
                        self._once(fail, "respondent_name", _("This field is required."), reported)
                    else:
                        fail("", message)
            else:
                column = _CASE_COLUMNS.get(key, "")
                for message in messages:
                    self._once(fail, column, message, reported)

    @staticmethod
    def _once(fail, column: str, message: str, reported: set[str]) -> None:
        """One reason per column: a cell this checker already rejected (an unknown label) is not
        reported again by the registration rules (which would only say 'choose from the list')."""
        header = layout.COLUMN_BY_KEY[column].header if column else ""
        if header in reported:
            return
        fail(column, message)

    @staticmethod
    def _money(cells: dict, key: str, fail) -> Decimal | None:
        value = cell_money(cells.get(key))
        if not value:
            return ZERO
        try:
            return case_services.parse_money(value)
        except (ValueError, InvalidOperation) as exc:
            fail(key, str(exc))
            return None

    def _handler(self, text: str, closed: bool, fail) -> Judge | None:
        if not text:
            return None
        judge = self.by_username.get(text)
        if judge is None:
            candidates = self.by_name.get(text, [])
            active = [j for j in candidates if j.is_active]
            if len(candidates) > 1:
                candidates = active if len(active) == 1 else candidates
            if not candidates:
                fail("handler", _("No judge of this court is called “%(value)s”.") % {"value": text})
                return None
            if len(candidates) > 1:
                fail("handler", _("Several judges of this court are called “%(value)s”: give the username instead.")
                     % {"value": text})
                return None
            judge = candidates[0]
        if not closed and not judge.is_active:
            fail("handler", _("%(name)s is no longer active: an open case needs an active judge of the court.")
                 % {"name": judge.name})
            return None
        return judge
