"""Browser forms of petitions and the hard-case ledger. Fields are optional for the form:
reports.hard_cases checks every value and answers with field errors (cases.forms_dossier)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.forms_dossier import DossierForm, _choice, _date, _text
from reports.models import PetitionChannel, PetitionerStanding


class PetitionForm(DossierForm):
    received_on = _date(pgettext_lazy("petition", "Received on"))
    channel = _choice(pgettext_lazy("petition", "Channel"), PetitionChannel.choices)
    petitioner_name = _text(_("Petitioner"), 60)
    petitioner_standing = _choice(_("Petitioner's standing"), PetitionerStanding.choices)
    summary = _text(_("What the petition asks or complains about"), 2000, rows=2)
    reply = _text(_("Reply and handling (if already answered)"), 2000, rows=2)
    replied_on = _date(pgettext_lazy("petition", "Replied on"), today=False)
    marks = ("received_on", "channel", "petitioner_name", "petitioner_standing", "summary")
    widths = {"received_on": "col-md-3", "channel": "col-md-3", "petitioner_name": "col-md-3",
              "petitioner_standing": "col-md-3", "summary": "col-12", "reply": "col-md-9", "replied_on": "col-md-3"}


class PetitionReplyForm(DossierForm):
    replied_on = _date(pgettext_lazy("petition", "Replied on"))
    reply = _text(_("Reply and handling"), 2000, rows=2)
    marks = ("replied_on", "reply")
    widths = {"replied_on": "col-md-3", "reply": "col-md-9"}


class ReasonForm(DossierForm):
    """Tagging by hand and checking off: the reason is all there is to say."""

    reason = _text(_("Reason"), 500, rows=2)
    marks = ("reason",)
    widths = {"reason": "col-12"}


class RulesForm(DossierForm):
    old_after_months = forms.CharField(label=_("Long pending after (months)"), required=False, max_length=3,
                                       widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    petitions_threshold = forms.CharField(label=_("Repeated petitions from (petitions)"), required=False, max_length=3,
                                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    reason = _text(_("Reason for the change"), 500)
    marks = ("old_after_months", "petitions_threshold", "reason")
    widths = {"old_after_months": "col-md-3", "petitions_threshold": "col-md-3", "reason": "col-md-6"}
