"""Browser forms of the dossier's actions (investigation, control and disposal, measures, money,
settlement, closure). They lay the fields out and hand the raw values to the services, which
validate everything (STYLE.md §1): fields are optional here so that every mistake comes back from
the service in one round, each message beside its field."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.closure import CLOSABLE_TYPES
from cases.forms import BootstrapMixin, DateInput
from cases.models import (
    EXTENDED_CATEGORIES,
    MANDATORY_CATEGORIES,
    MANUAL_DISBURSEMENT_KINDS,
    AuctionResult,
    CaseStatus,
    ClaimClass,
    ControlKind,
    InvestigationCategory,
    InvestigationResult,
    InvestigationTier,
    MeasureKind,
    ProcedureKind,
    ValuationMethod,
)
from cases.money import DIRECT_PAYMENT_SOURCES
from cases.services import CLOSURE_FROM_REGISTERED

BLANK = [("", "---------")]
INSTALMENT_ROWS = 6  # a settlement form offers this many instalment rows; blank rows are ignored


def _date(label, *, today: bool = True) -> forms.CharField:
    """A date typed in the browser's date picker (ISO), passed to the service as it came."""
    return forms.CharField(label=label, required=False, max_length=10, widget=DateInput,
                           initial=timezone.localdate if today else None)


def _money(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=24,
                           widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))


def _text(label, max_length: int, *, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


def _choice(label, choices, *, blank: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=(BLANK if blank else []) + list(choices))


class DossierForm(BootstrapMixin, forms.Form):
    """Fields are optional for the form and checked by the service; ``marks`` lists the fields the
    service requires, so the label carries the red asterisk. ``widths`` sets each field's column."""

    marks: tuple[str, ...] = ()
    widths: dict[str, str] = {}
    default_width = "col-md-4"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.show_required = name in self.marks
            field.col = self.widths.get(name, self.default_width)

    def add_service_errors(self, errors: dict) -> None:
        """Put each service error beside its field; errors about no field of this form on top of it."""
        for name, messages in errors.items():
            for message in messages:
                if isinstance(message, dict):  # nested errors belong to a form that knows them
                    continue
                self.add_error(name if name in self.fields else None, message)


# --- investigation (5+X+Y) -----------------------------------------------------------------------
def category_choices():
    labels = dict(InvestigationCategory.choices)
    return BLANK + [
        (InvestigationTier.MANDATORY.label, [(c.value, labels[c]) for c in MANDATORY_CATEGORIES]),
        (InvestigationTier.LEAD.label, [(InvestigationCategory.APPLICANT_LEAD.value, labels[InvestigationCategory.APPLICANT_LEAD])]),
        (InvestigationTier.EXTENDED.label, [(c.value, labels[c]) for c in EXTENDED_CATEGORIES]),
    ]


class InvestigationForm(DossierForm):
    category = forms.ChoiceField(label=_("Item"), required=False, choices=category_choices)
    result = _choice(_("Result"), InvestigationResult.choices)
    queried_on = _date(_("Date"))
    respondent = _choice(_("Respondent"), [])
    found_amount = _money(_("Amount found (yuan)"))
    details = _text(_("Details"), 2000, rows=2)
    marks = ("category", "result", "queried_on")
    widths = {"details": "col-12"}
    default_width = "col-md-4"

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = BLANK + list(respondents)
        self.fields["respondent"].help_text = _("Only when the case has several respondents.")


class OnlineQueriesForm(DossierForm):
    """The five online queries at once: one row per query (result, details, amount found)."""

    queried_on = _date(_("Date"))
    respondent = _choice(_("Respondent"), [])
    marks = ("queried_on",)

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = BLANK + list(respondents)
        self.fields["respondent"].help_text = _("Only when the case has several respondents.")
        labels = dict(InvestigationCategory.choices)
        results = [(c.value, c.label) for c in (InvestigationResult.NONE, InvestigationResult.FOUND)]
        for category in MANDATORY_CATEGORIES:
            self.fields[f"{category}_result"] = forms.ChoiceField(label=labels[category], required=False,
                                                                  choices=BLANK + results)
            self.fields[f"{category}_details"] = forms.CharField(label=_("Details"), required=False, max_length=2000)
            self.fields[f"{category}_found_amount"] = forms.CharField(
                label=_("Amount found (yuan)"), required=False, max_length=24,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
        for name, field in self.fields.items():
            field.show_required = name == "queried_on" or name.endswith("_result")
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
            if isinstance(field, forms.ChoiceField):
                field.widget.attrs["class"] = "form-select form-select-sm"

    def rows(self):
        return [(self[f"{c}_result"], self[f"{c}_details"], self[f"{c}_found_amount"]) for c in MANDATORY_CATEGORIES]

    def results(self) -> dict:
        d = self.cleaned_data
        return {c: {"result": d.get(f"{c}_result", ""), "details": d.get(f"{c}_details", ""),
                    "found_amount": d.get(f"{c}_found_amount", "")} for c in MANDATORY_CATEGORIES}


class LeadResultForm(DossierForm):
    result = _choice(_("Result"), [(c.value, c.label) for c in (InvestigationResult.FOUND, InvestigationResult.NONE)])
    queried_on = _date(_("Date"))
    found_amount = _money(_("Amount found (yuan)"))
    details = _text(_("Details"), 2000)
    marks = ("result", "queried_on")
    default_width = "col-md-3"


# --- procedural steps ----------------------------------------------------------------------------
class ProcedureForm(DossierForm):
    kind = _choice(_("Step"), ProcedureKind.choices)
    done_on = _date(_("Date"))
    details = _text(_("Details"), 2000, rows=2)
    applicant_opinion = _text(_("Applicant's opinion"), 2000, rows=2)
    marks = ("kind", "done_on")
    widths = {"kind": "col-md-6", "done_on": "col-md-6", "details": "col-12", "applicant_opinion": "col-12"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_opinion"].help_text = _("Required when the applicant was interviewed and informed.")


# --- control and disposal ------------------------------------------------------------------------
class ControlApplyForm(DossierForm):
    kind = _choice(_("Control action"), ControlKind.choices)
    asset = _text(_("Asset"), 300)
    amount = _money(_("Amount frozen / value (yuan)"))
    started_on = _date(_("Start date"))
    respondent = _choice(_("Respondent"), [])
    non_deductible = forms.BooleanField(label=_("Non-deductible funds"), required=False)
    non_deductible_reason = _text(_("Why the funds cannot be deducted"), 200)
    marks = ("kind", "asset", "started_on")
    widths = {"asset": "col-md-8", "non_deductible": "col-md-3", "non_deductible_reason": "col-md-9"}

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = BLANK + list(respondents)
        self.fields["asset"].widget.attrs["placeholder"] = _("Bank and account, property address, plate number …")
        self.fields["amount"].help_text = _("Required for a frozen deposit.")


class ControlRenewForm(DossierForm):
    renewed_on = _date(_("Renewed on"))
    marks = ("renewed_on",)
    default_width = "col-12"


class ControlReleaseForm(DossierForm):
    released_on = _date(_("Released on"))
    reason = _text(_("Reason"), 300)
    marks = ("released_on", "reason")
    widths = {"released_on": "col-md-4", "reason": "col-md-8"}


class ControlDeductForm(DossierForm):
    amount = _money(_("Amount deducted (yuan)"))
    deducted_on = _date(_("Deducted on"))
    note = _text(_("Note"), 300)
    marks = ("amount", "deducted_on")


class ValuationForm(DossierForm):
    method = _choice(_("Method"), ValuationMethod.choices)
    value = _money(_("Value (yuan)"))
    valued_on = _date(_("Date"))
    appraiser = _text(_("Appraiser / platform"), 120)
    marks = ("method", "value", "valued_on")
    default_width = "col-md-3"


class AuctionScheduleForm(DossierForm):
    reserve_price = _money(_("Reserve price (yuan)"))
    starts_on = _date(_("Auction date"), today=False)
    platform = _text(_("Platform"), 60)
    marks = ("reserve_price", "starts_on")


class AuctionConcludeForm(DossierForm):
    result = _choice(_("Result"), [(c.value, c.label) for c in (AuctionResult.SOLD, AuctionResult.UNSOLD, AuctionResult.WITHDRAWN)])
    sale_price = _money(_("Sale price (yuan)"))
    buyer = _text(_("Buyer"), 120)
    concluded_on = _date(_("Concluded on"))
    marks = ("result", "concluded_on")
    default_width = "col-md-3"


class SaleForm(DossierForm):
    price = _money(_("Sale price (yuan)"))
    buyer = _text(_("Buyer"), 120)
    sold_on = _date(_("Sold on"))
    marks = ("price", "buyer", "sold_on")


class InKindForm(DossierForm):
    applicant = _choice(_("Applicant taking the asset"), [])
    value = _money(_("Value (yuan)"))
    transferred_on = _date(_("Transferred on"))
    by_agreement = forms.BooleanField(label=_("By the parties' agreement"), required=False)
    marks = ("applicant", "transferred_on")
    default_width = "col-md-3"

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant"].choices = BLANK + list(applicants)


# --- coercive measures ---------------------------------------------------------------------------
class MeasureIssueForm(DossierForm):
    kind = _choice(_("Measure"), MeasureKind.choices)
    respondent = _choice(_("Respondent"), [])
    issued_on = _date(_("Issued on"))
    ends_on = _date(_("Ends on"), today=False)
    amount = _money(_("Fine amount (yuan)"))
    reason = _text(_("Grounds"), 500, rows=2)
    marks = ("kind", "respondent", "issued_on", "reason")
    widths = {"reason": "col-12"}

    def __init__(self, *args, respondents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["respondent"].choices = BLANK + list(respondents)
        self.fields["ends_on"].help_text = _("Dishonest-debtor list: 2 years if left blank; detention: at most 15 days.")


class MeasureLiftForm(DossierForm):
    lifted_on = _date(_("Lifted on"))
    reason = _text(_("Reason"), 300)
    marks = ("lifted_on", "reason")
    widths = {"lifted_on": "col-md-4", "reason": "col-md-8"}


# --- money ---------------------------------------------------------------------------------------
class ClaimForm(DossierForm):
    party = _choice(_("Applicant"), [])
    claim_amount = _money(_("Amount claimed (yuan)"))
    claim_class = _choice(_("Claim priority"), ClaimClass.choices, blank=False)
    marks = ("party", "claim_amount")

    def __init__(self, *args, applicants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].choices = BLANK + list(applicants)


class PaymentForm(DossierForm):
    amount = _money(_("Amount (yuan)"))
    received_on = _date(_("Received on"))
    source = _choice(_("Source"), [(s.value, s.label) for s in DIRECT_PAYMENT_SOURCES], blank=False)
    payer = _text(_("Paid by"), 120)
    note = _text(_("Note"), 300)
    marks = ("amount", "received_on", "source")
    widths = {"note": "col-md-8"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].help_text = _("Deductions, auctions and sales are recorded from their control action.")


class DisbursementForm(DossierForm):
    kind = _choice(_("Kind"), MANUAL_DISBURSEMENT_KINDS, blank=False)
    payee = _choice(_("Payee"), [])
    amount = _money(_("Amount (yuan)"))
    paid_on = _date(_("Paid on"))
    note = _text(_("Note"), 300)
    marks = ("kind", "amount", "paid_on")
    widths = {"note": "col-md-8"}

    def __init__(self, *args, payees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["payee"].choices = BLANK + list(payees)
        self.fields["payee"].help_text = _("An applicant, or the respondent for a refund of surplus; none for a fee.")


class DistributionForm(DossierForm):
    fund = _money(_("Amount to distribute (yuan)"))
    paid_on = _date(_("Paid on"))
    default_width = "col-md-6"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].help_text = _("Leave blank to distribute all the money held.")


# --- settlement ----------------------------------------------------------------------------------
class SettlementForm(DossierForm):
    agreed_on = _date(_("Agreed on"))
    agreed_amount = _money(_("Agreed amount (yuan)"))
    waives_interest = forms.BooleanField(label=_("Interest waived"), required=False)
    terms = _text(_("Terms"), 4000, rows=2)
    marks = ("agreed_on", "agreed_amount")
    widths = {"terms": "col-12"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, INSTALMENT_ROWS + 1):
            self.fields[f"i{n}_due_on"] = forms.CharField(label=_("Due on"), required=False, max_length=10, widget=DateInput)
            self.fields[f"i{n}_amount"] = forms.CharField(
                label=_("Amount due (yuan)"), required=False, max_length=24,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
            for name in (f"i{n}_due_on", f"i{n}_amount"):
                field = self.fields[name]
                field.widget.attrs["class"] = "form-control form-control-sm"
                field.show_required, field.col = False, ""
        self.rows_sent: list[int] = []

    @property
    def main_fields(self):
        return [self[name] for name in ("agreed_on", "agreed_amount", "waives_interest", "terms")]

    @property
    def instalment_rows(self):
        return [(n, self[f"i{n}_due_on"], self[f"i{n}_amount"]) for n in range(1, INSTALMENT_ROWS + 1)]

    def instalments(self) -> list[dict]:
        """The rows filled in (a row with neither date nor amount is ignored), in the form's order."""
        rows, self.rows_sent = [], []
        for n in range(1, INSTALMENT_ROWS + 1):
            due, amount = self.cleaned_data.get(f"i{n}_due_on", ""), self.cleaned_data.get(f"i{n}_amount", "")
            if due or amount:
                rows.append({"due_on": due, "amount": amount})
                self.rows_sent.append(n)
        return rows

    def add_service_errors(self, errors: dict) -> None:
        for name, messages in errors.items():
            if name != "instalments":
                super().add_service_errors({name: messages})
                continue
            for index, message in enumerate(messages):
                if isinstance(message, dict):  # one dict per row sent, in order
                    n = self.rows_sent[index] if index < len(self.rows_sent) else None
                    for field, msgs in message.items():
                        for msg in msgs:
                            self.add_error(f"i{n}_{field}" if n else None, msg)
                else:
                    self.add_error(None, message)


class BreachForm(DossierForm):
    reason = _text(_("The applicant's request to resume enforcement"), 500, rows=2)
    marks = ("reason",)
    default_width = "col-12"


# --- closure and resumption ----------------------------------------------------------------------
class ClosureForm(DossierForm):
    closure_type = _choice(_("Closure type"), [])
    reason = _text(_("Reason"), 500, rows=2)
    whereabouts_unknown = forms.BooleanField(label=_("The respondent's whereabouts are unknown"), required=False)
    obstruction = forms.BooleanField(label=_("Someone obstructed enforcement"), required=False)
    blacklist_not_applicable_reason = _text(_("Why the dishonest-debtor list does not apply"), 500)
    undisposable_reason = _text(_("Why the assets found cannot be disposed of"), 500)
    expected_status = forms.CharField(widget=forms.HiddenInput, required=False)
    marks = ("closure_type", "reason")
    default_width = "col-12"
    widths = {"whereabouts_unknown": "col-12", "obstruction": "col-12"}
    TERMINATION_FACTS = ("whereabouts_unknown", "obstruction", "blacklist_not_applicable_reason", "undisposable_reason")

    def __init__(self, *args, status: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        types = [t for t in CLOSABLE_TYPES if status != CaseStatus.REGISTERED or t in CLOSURE_FROM_REGISTERED]
        self.fields["closure_type"].choices = BLANK + [(t.value, t.label) for t in types]
        self.checklist: list[str] = []

    @property
    def main_fields(self):
        return [self["closure_type"], self["reason"]]

    @property
    def fact_fields(self):
        return [self[name] for name in self.TERMINATION_FACTS]

    def facts(self):
        from cases.closure import TerminationFacts

        d = self.cleaned_data
        return TerminationFacts(
            whereabouts_unknown=bool(d.get("whereabouts_unknown")), obstruction=bool(d.get("obstruction")),
            blacklist_not_applicable_reason=d.get("blacklist_not_applicable_reason", ""),
            undisposable_reason=d.get("undisposable_reason", ""),
        )

    def add_service_errors(self, errors: dict) -> None:
        """The 终本 checklist comes back as a list of what is missing: shown as a list, not as one line."""
        errors = dict(errors)
        self.checklist = list(errors.pop("checklist", []))
        errors.pop("missing", None)  # the codes of the same items, for API clients
        super().add_service_errors(errors)


class ArchiveForm(DossierForm):
    archived_on = _date(_("Archived on"))
    note = _text(_("Note (archive number, volumes …)"), 200)
    default_width = "col-sm-6"


class ResumeForm(DossierForm):
    reason = _text(_("Ground for resuming"), 500, rows=2)
    filed_on = _date(_("Filed on"))
    marks = ("reason",)
    default_width = "col-12"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs["placeholder"] = _("e.g. new assets found, the applicant's application")
