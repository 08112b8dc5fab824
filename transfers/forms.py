"""Browser forms of cross execution (DESIGN.md §8): the escalation policy, designation requests and
decisions, concentrated jurisdiction, entrustments. They lay the fields out and hand the values to
the services (transfers.policy, .designation, .entrustment), which check everything and answer with
errors keyed by these field names — so each message lands beside its field."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms_dossier import BLANK, DossierForm, _date, _text
from courts.models import EscalationPolicy
from transfers.models import Decision, EntrustedAct

REPLY_DAYS = 15  # the deadline an entrustment form proposes (usual practice: 15–30 days)


def _parse_date(value: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(_("Enter a date as YYYY-MM-DD.")) from None


def _select(label) -> forms.CharField:
    """A drop-down whose value the service checks (a stale page gets the service's explanation, not
    Django's "select a valid choice"); choices are set per form."""
    return forms.CharField(label=label, required=False, max_length=12, widget=forms.Select)


def _days(name: str) -> forms.CharField:
    return forms.CharField(label=capfirst(EscalationPolicy._meta.get_field(name).verbose_name), required=False, max_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric"}))


def _flag(name: str) -> forms.BooleanField:
    field = EscalationPolicy._meta.get_field(name)
    return forms.BooleanField(label=capfirst(field.verbose_name), help_text=field.help_text, required=False)


class PolicyForm(DossierForm):
    """A new version of the court's escalation policy (transfers.policy.policy_set)."""

    effective_from = _date(_("Applies from"))
    level0_days = _days("level0_days")
    level1_days = _days("level1_days")
    level2_days = _days("level2_days")
    special_subject_direct = _flag("special_subject_direct")
    interference_risk_direct = _flag("interference_risk_direct")
    reason = _text(_("Reason for the change"), 500, rows=2)
    marks = ("effective_from", "level0_days", "level1_days", "level2_days", "reason")
    widths = {"special_subject_direct": "col-md-6", "interference_risk_direct": "col-md-6", "reason": "col-12",
              "effective_from": "col-md-3", "level0_days": "col-md-3", "level1_days": "col-md-3", "level2_days": "col-md-3"}

    def clean_effective_from(self):
        return _parse_date(self.cleaned_data["effective_from"])


class DesignationRequestForm(DossierForm):
    """The bureau chief (or the upper court) puts a case before the upper court (dossier panel)."""

    reason = _text(_("Why the case should go to the upper court"), 1000, rows=2)
    marks = ("reason",)
    default_width = "col-12"


class DesignationOpenForm(DossierForm):
    """The upper court opens a request for a case of its jurisdiction, named by its number (inbox)."""

    case_number = forms.CharField(label=_("Case number"), required=False, max_length=40,
                                  widget=forms.TextInput(attrs={"placeholder": "（2026）冀0129执1号"}))
    reason = _text(_("Reason"), 1000)
    marks = ("case_number", "reason")
    widths = {"case_number": "col-md-4", "reason": "col-md-8"}

    def add_service_errors(self, errors: dict) -> None:
        # The service speaks of "case": here the case is the number typed.
        super().add_service_errors({("case_number" if k == "case" else k): v for k, v in errors.items()})


class DecisionForm(DossierForm):
    """The upper court's decision on a request: 提级执行 (one of its teams), 指定执行 (a court under
    it) or reject with a reason (transfers.designation.designation_decide)."""

    decision = forms.ChoiceField(label=_("Decision"), required=False, choices=Decision.choices, widget=forms.RadioSelect)
    team = _select(_("Team of the upper court (提级执行)"))
    target_court = _select(_("Court designated (指定执行)"))
    reason = _text(_("Reason"), 1000, rows=2)
    widths = {"team": "col-md-6", "target_court": "col-md-6", "reason": "col-12"}

    def __init__(self, *args, teams=(), courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].widget.choices = BLANK + list(teams)
        self.fields["team"].help_text = _("Left empty: the team with the fewest open cases per judge.")
        self.fields["target_court"].widget.choices = BLANK + list(courts)
        self.fields["reason"].help_text = _("Required for a rejection.")
        self.fields["decision"].widget.attrs["class"] = "form-check-input"


class ConcentrationForm(DossierForm):
    """集中管辖: every open case against the respondent listed, to one court (all or nothing)."""

    id_number = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)
    case_ids = forms.Field(widget=forms.MultipleHiddenInput, required=False)
    target_court = _select(_("Receiving court"))
    reason = _text(_("Reason"), 1000, rows=2)
    marks = ("target_court", "reason")
    widths = {"target_court": "col-md-5", "reason": "col-md-7"}

    def __init__(self, *args, courts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_court"].widget.choices = BLANK + list(courts)
        self.fields["reason"].widget.attrs["placeholder"] = _("e.g. a coordinated repayment plan")

    def clean_case_ids(self) -> list[int]:
        try:
            return [int(v) for v in self.cleaned_data["case_ids"] or []]
        except (TypeError, ValueError):
            raise ValidationError(_("The list of cases was damaged. Search again.")) from None

    def set_courts(self, courts) -> None:
        self.fields["target_court"].widget.choices = BLANK + list(courts)


class EntrustForm(DossierForm):
    """委托执行: ask another court to perform acts for this case by a deadline (dossier panel)."""

    to_court = _select(_("Court entrusted"))
    acts = forms.MultipleChoiceField(label=_("Acts requested"), required=False, choices=EntrustedAct.choices,
                                     widget=forms.CheckboxSelectMultiple)
    details = _text(_("Details"), 2000, rows=2)
    deadline = _date(_("Reply by"), today=False)
    marks = ("to_court", "acts", "details", "deadline")
    default_width = "col-12"

    def __init__(self, *args, courts=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("deadline", timezone.localdate() + dt.timedelta(days=REPLY_DAYS))
        super().__init__(*args, **kwargs)
        self.fields["to_court"].widget.choices = BLANK + list(courts)
        self.fields["acts"].widget.attrs["class"] = "form-check-input"
        self.fields["details"].widget.attrs["placeholder"] = _("Accounts, addresses, persons or documents concerned")

    def clean_deadline(self):
        return _parse_date(self.cleaned_data["deadline"])


class EntrustmentReplyForm(DossierForm):
    """The entrusted court's reply: the text, and per act requested whether it was done and the result."""

    reply = _text(_("Reply"), 4000, rows=3)
    marks = ("reply",)
    default_width = "col-12"

    def __init__(self, *args, acts=(), **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(EntrustedAct.choices)
        self.acts = [a for a in acts if a in labels]
        for act in self.acts:
            self.fields[f"done_{act}"] = forms.BooleanField(label=_("Done"), required=False,
                                                            widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))
            self.fields[f"result_{act}"] = forms.CharField(
                label=labels[act], required=False,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": _("Result")}))

    def rows(self):
        return [(act, self[f"done_{act}"], self[f"result_{act}"]) for act in self.acts]

    def add_service_errors(self, errors: dict) -> None:
        """``results`` comes back one entry per act sent (in the order of ``results()``): a result's
        error beside its input, an unknown act on top of the form."""
        items = errors.get("results")
        if isinstance(items, list) and any(isinstance(item, dict) for item in items):
            for act, problems in zip(self.acts, items, strict=False):
                for message in (problems or {}).get("result", []):
                    self.add_error(f"result_{act}", message)
                for message in (problems or {}).get("act", []):
                    self.add_error(None, message)
            errors = {k: v for k, v in errors.items() if k != "results"}
        super().add_service_errors(errors)

    def results(self) -> list[dict]:
        d = self.cleaned_data
        return [{"act": act, "done": d.get(f"done_{act}", False), "result": d.get(f"result_{act}", "")} for act in self.acts]


class WithdrawForm(DossierForm):
    reason = _text(_("Reason for withdrawal"), 500)
    marks = ("reason",)
    default_width = "col-12"


# --- enforcement campaigns (集中执行行动) ------------------------------------------------------------------
class CampaignForm(DossierForm):
    """A campaign's name, dates and goals (transfers.campaigns.campaign_create / campaign_update)."""

    name = forms.CharField(label=pgettext_lazy("campaign", "Name"), required=False, max_length=120,
                           widget=forms.TextInput(attrs={"placeholder": "2026年冬季集中执行行动"}))
    starts_on = _date(_("Starts on"), today=False)
    ends_on = _date(pgettext_lazy("campaign", "Ends on"), today=False)
    description = _text(_("Goals and arrangements"), 4000, rows=4)
    marks = ("name", "starts_on", "ends_on")
    widths = {"name": "col-md-6", "starts_on": "col-md-3", "ends_on": "col-md-3", "description": "col-12"}

    def clean_starts_on(self):
        return _parse_date(self.cleaned_data["starts_on"])

    def clean_ends_on(self):
        return _parse_date(self.cleaned_data["ends_on"])


class CampaignReportForm(DossierForm):
    """A court's report on one case of a campaign; pre-filled from the dossier (transfers.selectors.dossier_figures)."""

    compelled_appearances = forms.CharField(label=_("Compelled appearances (拘传)"), required=False, max_length=4,
                                            widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    detentions = forms.CharField(label=_("Detentions (拘留)"), required=False, max_length=4,
                                 widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    amount_recovered = forms.CharField(label=_("Recovered during the campaign (yuan)"), required=False, max_length=24,
                                       widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}))
    voluntary_performance = forms.BooleanField(label=_("The respondent performed voluntarily"), required=False)
    note = _text(_("Note"), 500)
    widths = {"compelled_appearances": "col-md-2", "detentions": "col-md-2", "amount_recovered": "col-md-3",
              "voluntary_performance": "col-md-5", "note": "col-12"}

    @classmethod
    def initial_for(cls, entry, figures) -> dict:
        """The report as saved, or — before the first report — what the dossier recorded in the window."""
        if entry.reported_at is not None:
            return {"compelled_appearances": entry.compelled_appearances, "detentions": entry.detentions,
                    "amount_recovered": entry.amount_recovered, "voluntary_performance": entry.voluntary_performance,
                    "note": entry.note}
        if figures is None:
            return {}
        return {"compelled_appearances": figures.compelled_appearances, "detentions": figures.detentions,
                "amount_recovered": figures.recovered, "voluntary_performance": figures.debtor_paid}


class CampaignClearForm(DossierForm):
    """销号 with a note."""

    note = _text(_("Check-off note"), 500)
    marks = ("note",)
    default_width = "col-12"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].widget.attrs["placeholder"] = _("e.g. performed in full; settlement agreed and performed")


class CampaignReopenForm(DossierForm):
    reason = _text(_("Why the check-off is undone"), 500)
    marks = ("reason",)
    default_width = "col-12"


class CampaignRemoveForm(DossierForm):
    reason = _text(_("Why the case leaves the campaign"), 300)
    default_width = "col-12"


class CampaignCloseForm(DossierForm):
    note = _text(_("Closing summary"), 1000, rows=2)
    default_width = "col-12"
