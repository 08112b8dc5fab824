"""The enforcement case (执行案件), its basis, parties and timeline (DESIGN.md §3–5)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from cases.causes import CAUSE_LABELS, CAUSES
from cases.deadlines import statutory_deadline
from cases.identifiers import mask_identifier, mask_phone

MONEY = {"max_digits": 16, "decimal_places": 2}


def choice_label(choices: type[models.TextChoices], value: str) -> str:
    """What get_FOO_display returns, without Django hashing every lazy label of the field's choices on
    each call (a timeline of 200 events translated the 23 event kinds 200 times; bench/, issue #7)."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


class PartyKind(models.TextChoices):
    PERSON = "person", _("Natural person")
    ORGANISATION = "organisation", _("Legal person / organisation")
    STATE_ORGAN = "state_organ", _("State organ")


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident ID card")
    CREDIT_CODE = "credit_code", _("Unified social credit code")
    ORGANISATION_CODE = "org_code", _("Organisation code (before 2015)")
    BUSINESS_REGISTRATION = "business_reg", _("Business registration number (before 2015)")
    PASSPORT = "passport", _("Passport")
    HK_MACAO_PERMIT = "hk_macao", _("Hong Kong / Macao resident permit")
    TAIWAN_PERMIT = "taiwan", _("Taiwan resident permit")
    FOREIGN_RESIDENCE = "foreign_residence", _("Foreigner's permanent residence ID")
    OTHER = "other", _("Other document")
    NONE = "none", _("No identifier")


class Party(models.Model):
    """A person or organisation, reused across cases (当事人). Matched on ID number, never on name."""

    kind = models.CharField(_("kind"), max_length=16, choices=PartyKind.choices)
    name = models.CharField(_("name"), max_length=120)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.NONE)
    id_number = models.CharField(_("ID number"), max_length=40, blank=True)
    # Matching key: the 18-digit form of a resident ID (15-digit cards upgraded), the credit code,
    # or type + number for other documents. Unique where present: one record per real person.
    id_key = models.CharField(_("matching key"), max_length=64, blank=True, editable=False)
    id_missing_reason = models.CharField(_("reason the ID is missing"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=24, blank=True)
    address = models.CharField(_("domicile / address"), max_length=200, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["id_key"], condition=~models.Q(id_key=""), name="party_id_key_unique"),
        ]
        indexes = [models.Index(fields=["name"], name="party_name_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_id(self) -> str:
        return mask_identifier(self.id_number)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def is_special_subject(self) -> bool:
        return self.kind == PartyKind.STATE_ORGAN


class DocumentType(models.TextChoices):
    JUDGMENT = "judgment", _("Judgment")
    MEDIATION = "mediation", _("Mediation statement")
    RULING = "ruling", _("Ruling")
    ARBITRATION = "arbitration", _("Arbitration award")
    NOTARIZED_DEBT = "notarized_debt", _("Notarized creditor's rights document")
    PAYMENT_ORDER = "payment_order", _("Payment order")
    ADMINISTRATIVE = "administrative", _("Administrative decision")
    OTHER = "other", _("Other")


class Basis(models.Model):
    """The effective legal document enforced (执行依据). One basis may be enforced by several cases
    over time (first enforcement, resumption, a designated court's new case)."""

    document_number = models.CharField(_("document number"), max_length=80)
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    issuing_court = models.CharField(_("issuing court or body"), max_length=100)
    effective_date = models.DateField(_("effective date"))
    performance_deadline = models.DateField(_("performance deadline"), null=True, blank=True)
    principal_amount = models.DecimalField(_("principal fixed by the document"), null=True, blank=True, **MONEY)
    obligations = models.TextField(_("obligations (main text)"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enforcement basis")
        verbose_name_plural = _("enforcement bases")
        indexes = [models.Index(fields=["document_number"], name="basis_docno_idx")]

    def __str__(self) -> str:
        return self.document_number


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    IN_PROGRESS = "in_progress", _("In progress")
    SUSPENDED = "suspended", _("Suspended")
    SETTLED = "settled", _("Settlement in performance")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.SETTLED)


class ClosureType(models.TextChoices):
    PERFORMED = "performed", _("Performed in full")
    TERMINATED_ROUND = "terminated_round", _("This round terminated")
    TERMINATED = "terminated", _("Enforcement terminated")
    TRANSFERRED = "transferred", _("Transferred to another court")
    REJECTED = "rejected", _("Application rejected")
    NOT_ENFORCED = "not_enforced", _("Not enforced")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnforcementCase(models.Model):
    """An enforcement case (执行案件) at one court."""

    case_number = models.CharField(_("case number"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    type_code = models.CharField(_("case type"), max_length=4, default="执")
    seq = models.PositiveIntegerField(_("sequence"))

    court = models.ForeignKey("courts.Court", verbose_name=_("court"), on_delete=models.PROTECT, related_name="cases")
    team = models.ForeignKey(
        "courts.Team", verbose_name=_("team"), null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="handled_cases",
    )
    basis = models.ForeignKey(Basis, verbose_name=_("enforcement basis"), on_delete=models.PROTECT, related_name="cases")
    cause = models.CharField(_("cause of action"), max_length=40, choices=CAUSES)
    target_amount = models.DecimalField(
        _("amount applied for"), default=Decimal("0.00"), validators=[MinValueValidator(Decimal("0.00"))], **MONEY
    )
    recovered_amount = models.DecimalField(_("amount recovered"), default=Decimal("0.00"), **MONEY)
    non_monetary_obligations = models.TextField(_("non-monetary obligations"), blank=True)

    status = FSMField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.REGISTERED)
    closure_type = models.CharField(_("closure type"), max_length=20, choices=ClosureType.choices, blank=True)
    filed_on = models.DateField(_("filed on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_on = models.DateField(_("archived on"), null=True, blank=True)

    is_livelihood = models.BooleanField(_("livelihood case"), default=False)
    is_special_subject = models.BooleanField(_("special-subject respondent"), default=False)
    interference_risk = models.BooleanField(_("interference risk"), default=False)
    upper_court_supervised = models.BooleanField(_("supervised by upper court"), default=False)
    petition_count = models.PositiveIntegerField(_("petitions"), default=0)
    judicial_aid = models.BooleanField(_("judicial aid applied"), default=False)

    origin_case = models.ForeignKey(
        "self", verbose_name=_("originating case"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="derived_cases",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), null=True, on_delete=models.PROTECT,
        related_name="registered_cases",
    )
    last_progress_at = models.DateTimeField(_("last substantive progress"), null=True, blank=True)
    # Money ledger totals, kept by cases.services_money under the case's row lock (DESIGN.md §9):
    # held = received − disbursed, never negative; held_since = date of the oldest payment not yet
    # paid out (first in, first out), for the 30-day disbursement limit.
    disbursed_amount = models.DecimalField(_("amount disbursed"), default=Decimal("0.00"), **MONEY)
    held_amount = models.DecimalField(_("money held by the court"), default=Decimal("0.00"), **MONEY)
    held_since = models.DateField(_("money held since"), null=True, blank=True)
    # Cash found by the asset investigation (bank balances), for 现金可执行率.
    found_cash_amount = models.DecimalField(_("cash found"), default=Decimal("0.00"), **MONEY)
    # Suspension (中止) does not count towards the 6-month limit (DESIGN.md §3.3).
    suspended_since = models.DateField(_("suspended since"), null=True, blank=True)
    suspended_days = models.PositiveIntegerField(_("days suspended"), default=0)
    # The escalation ladder's clock (交叉执行, DESIGN.md §8), kept by cases.clock only:
    # level 0–3; the clock runs from ``clock_from`` (the later of arrival at the level and the last
    # substantive progress, moved on by the days it was paused); ``escalation_due_on`` is the day the
    # limit runs out under the court's policy — null while paused (suspended, settlement performing),
    # at level 3 (waiting for the upper court) and once closed. The sweep selects on it alone.
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    clock_from = models.DateField(_("escalation clock runs from"), null=True, blank=True)
    clock_paused_since = models.DateField(_("escalation clock paused since"), null=True, blank=True)
    escalation_due_on = models.DateField(_("escalation due on"), null=True, blank=True)
    # The last day of the 6-month statutory limit (DESIGN.md §3.3) counting the days of suspensions
    # that have ended; a suspension in progress moves it on day by day (reports.alerts reads both).
    # Kept by save() from filed_on and suspended_days, so the 长期未结 alert is an indexed comparison.
    limit_on = models.DateField(_("statutory limit ends on"), null=True, blank=True, editable=False)
    # 终本 closed through the §7 checklist (case_close refuses it otherwise); null for 终本 closures
    # that did not pass it here (legacy imports): the 终本合格率 counts only True.
    termination_checklist_complete = models.BooleanField(
        _("checklist complete when terminated this round"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "limit_on"])

    class Meta:
        verbose_name = _("enforcement case")
        verbose_name_plural = _("enforcement cases")
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["court", "year", "type_code", "seq"], name="case_seq_unique"),
            models.CheckConstraint(condition=models.Q(target_amount__gte=0), name="case_target_not_negative"),
            models.CheckConstraint(condition=models.Q(recovered_amount__gte=0), name="case_recovered_not_negative"),
            models.CheckConstraint(condition=models.Q(held_amount__gte=0), name="case_held_not_negative"),
            models.CheckConstraint(condition=models.Q(disbursed_amount__gte=0), name="case_disbursed_not_negative"),
            models.CheckConstraint(
                condition=(models.Q(status="closed") & ~models.Q(closure_type=""))
                | (~models.Q(status="closed") & models.Q(closure_type="")),
                name="case_closure_type_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["court", "status", "-filed_on"], name="case_court_status_idx"),
            models.Index(fields=["handler", "status"], name="case_handler_status_idx"),
            models.Index(fields=["team", "status"], name="case_team_status_idx"),
            models.Index(fields=["cause"], name="case_cause_idx"),
            # Lists sort by (filed_on, id) descending: with the id in the index a page is read in order,
            # not sorted from every case filed that day (bench/, issue #7).
            models.Index(fields=["filed_on", "id"], name="case_filed_id_idx"),
            # Reports group a jurisdiction's cases by court, team and judge and join them to payments,
            # steps and requests: answered from this index alone (an index-only scan of the courts'
            # entries instead of visiting most of the table's pages).
            models.Index(fields=["court"], include=["id", "team", "handler", "status", "closure_type", "closed_on"],
                         name="case_scope_idx"),
            # Visibility of a designated case's original (transfers.visibility.received_by_designation):
            # the court's received cases only, instead of every case with an origin.
            models.Index(fields=["court", "origin_case"], name="case_origin_by_court_idx",
                         condition=models.Q(origin_case__isnull=False)),
            # The escalation sweep's one query: due cases only (most open cases are not due).
            models.Index(fields=["escalation_due_on"], name="case_escalation_due_idx",
                         condition=models.Q(escalation_due_on__isnull=False)),
            # The supervisor alerts (reports.alerts): open cases past the limit, money held, closed
            # cases waiting to be archived.
            models.Index(fields=["court", "limit_on"], name="case_open_limit_idx", condition=~models.Q(status="closed")),
            models.Index(fields=["court", "held_since"], name="case_held_since_idx", condition=models.Q(held_amount__gt=0)),
            models.Index(fields=["court", "closed_on"], name="case_unarchived_idx",
                         condition=models.Q(status="closed", archived_on__isnull=True)),
            models.Index(fields=["court", "closed_on", "closure_type"], name="case_court_closed_idx"),
        ]

    def __str__(self) -> str:
        return self.case_number

    # Written only by cases.clock (a queryset update): an ordinary save of a case instance loaded
    # earlier in the transaction must not put back an older clock.
    CLOCK_COLUMNS = frozenset({"clock_from", "clock_paused_since", "escalation_due_on"})

    def save(self, *args, **kwargs):
        if self.filed_on:
            self.limit_on = statutory_deadline(self.filed_on, suspended_days=self.suspended_days or 0)
            fields = kwargs.get("update_fields")
            if fields is not None and {"filed_on", "suspended_days"} & set(fields):
                kwargs["update_fields"] = [*fields, "limit_on"]
        if kwargs.get("update_fields") is None and not self._state.adding and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name not in self.CLOCK_COLUMNS]
        super().save(*args, **kwargs)

    def get_status_display(self) -> str:
        return choice_label(CaseStatus, self.status)

    def get_closure_type_display(self) -> str:
        return choice_label(ClosureType, self.closure_type)

    @property
    def outstanding_amount(self) -> Decimal:
        # Quantized: SQLite hands sums back with extra places ("0E-10"), which must never reach a message.
        return max(self.target_amount - self.recovered_amount, Decimal("0.00")).quantize(Decimal("0.01"))

    @property
    def received_amount(self) -> Decimal:
        """Everything paid into the court for this case (recovered = received; kept as one column)."""
        return self.recovered_amount

    @property
    def cash_ratio(self) -> Decimal | None:
        """现金可执行率: cash found / outstanding, None when nothing is outstanding."""
        outstanding = self.outstanding_amount
        if outstanding <= 0:
            return None
        return (self.found_cash_amount / outstanding).quantize(Decimal("0.0001"))

    @property
    def is_open(self) -> bool:
        return self.status != CaseStatus.CLOSED

    @property
    def cause_label(self) -> str:
        return CAUSE_LABELS.get(self.cause, self.cause)

    # --- state machine (called only from cases.services, under a row lock) -------------------
    @transition(field=status, source=CaseStatus.REGISTERED, target=CaseStatus.IN_PROGRESS)
    def start(self) -> None:
        """Handler begins enforcement (e.g. sends the enforcement notice)."""

    @transition(field=status, source=[CaseStatus.IN_PROGRESS, CaseStatus.SETTLED], target=CaseStatus.SUSPENDED)
    def suspend(self) -> None:
        """中止执行."""

    @transition(field=status, source=CaseStatus.SUSPENDED, target=CaseStatus.IN_PROGRESS)
    def resume(self) -> None:
        """The ground for suspension has gone."""

    @transition(field=status, source=CaseStatus.IN_PROGRESS, target=CaseStatus.SETTLED)
    def settle(self) -> None:
        """执行和解: a settlement agreement is being performed."""

    @transition(field=status, source=CaseStatus.SETTLED, target=CaseStatus.IN_PROGRESS)
    def settlement_breached(self) -> None:
        """A missed instalment: enforcement of the original basis resumes."""

    @transition(field=status, source=list(OPEN_STATUSES), target=CaseStatus.CLOSED)
    def close(self) -> None:
        """结案; the closure type is set by the service, which checks it is allowed."""


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    RESPONDENT = "respondent", _("Respondent")
    THIRD_PARTY = "third_party", _("Third party")


class ClaimClass(models.TextChoices):
    SECURED = "secured", _("Secured (on its collateral)")
    WAGE = "wage", _("Workers' wages")
    ORDINARY = "ordinary", _("Ordinary")


class CaseParty(models.Model):
    """A party's place in one case."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="case_parties")
    party = models.ForeignKey(Party, verbose_name=_("party"), on_delete=models.PROTECT, related_name="case_links")
    role = models.CharField(_("litigation status"), max_length=16, choices=PartyRole.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    # A deceased respondent's heir is liable only up to the inherited estate (DESIGN.md §5).
    liability_cap = models.DecimalField(_("liability cap"), null=True, blank=True, **MONEY)
    # An applicant's claim, for distributing a fund among several applicants (DESIGN.md §9). With one
    # applicant and no amount set, the claim is the case's whole target.
    claim_amount = models.DecimalField(_("amount claimed"), null=True, blank=True, **MONEY)
    claim_class = models.CharField(_("claim priority"), max_length=10, choices=ClaimClass.choices, default=ClaimClass.ORDINARY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        ordering = ["case_id", "role", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "party", "role"], name="case_party_unique")]
        indexes = [models.Index(fields=["party", "role"], name="caseparty_party_role_idx")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_role_display()} · {self.party}"


class EventKind(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Handler assigned")
    REASSIGNED = "reassigned", _("Handler changed")
    STATUS_CHANGED = "status_changed", _("Status changed")
    CLOSED = "closed", _("Closed")
    NOTE = "note", _("Note")
    PROCEDURE = "procedure", _("Procedural step")
    INVESTIGATION = "investigation", _("Asset investigation")
    CONTROL = "control", _("Asset control")
    CONTROL_RENEWED = "control_renewed", _("Control renewed")
    CONTROL_RELEASED = "control_released", _("Control released")
    VALUATION = "valuation", _("Valuation")
    AUCTION = "auction", _("Auction")
    DISPOSAL = "disposal", _("Asset disposed")
    MEASURE = "measure", _("Coercive measure")
    MEASURE_LIFTED = "measure_lifted", _("Coercive measure lifted")
    PAYMENT = "payment", _("Payment received")
    DISBURSEMENT = "disbursement", _("Disbursement")
    SETTLEMENT = "settlement", _("Settlement")
    RESUMED = "resumed", _("Enforcement resumed")
    ESCALATED = "escalated", _("Escalated (cross execution)")
    DESIGNATION = "designation", _("Designation by the upper court")
    ENTRUSTMENT = "entrustment", _("Entrustment to another court")
    ARCHIVED = "archived", _("Archived")
    PETITION = "petition", _("Petition received")
    HARD_CASE = "hard_case", _("Hard-case ledger")
    CAMPAIGN = "campaign", _("Enforcement campaign")


class CaseEvent(models.Model):
    """One entry of the case's timeline: who did what, when and why. Append-only."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    description = models.CharField(_("description"), max_length=500)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    # Substantive progress (实质进展, DESIGN.md §8.2) restarts the escalation clock.
    is_substantive = models.BooleanField(_("substantive progress"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["case", "-occurred_at"], name="event_case_time_idx")]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    def get_kind_display(self) -> str:
        return choice_label(EventKind, self.kind)


class CaseNumberCounter(models.Model):
    """Last sequence issued per (court, year, type). Locked with SELECT … FOR UPDATE while a number
    is taken, so concurrent registrations never share or skip a number (DESIGN.md §4)."""

    court = models.ForeignKey("courts.Court", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    type_code = models.CharField(max_length=4)
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")
        constraints = [models.UniqueConstraint(fields=["court", "year", "type_code"], name="counter_unique")]

    def __str__(self) -> str:
        return f"{self.court_id}/{self.year}/{self.type_code}: {self.last_seq}"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Notification(models.Model):
    """Outbox of messages to parties (阳光执行, DESIGN.md §12). Written in the same transaction as the
    event it reports; delivered by a Celery task after commit. The retry timer is a column
    (``next_attempt_at``), scanned by a periodic task: a broker outage or a gateway outage delays
    messages but loses none, and a claimed row is leased so two deliveries never send it twice."""

    case = models.ForeignKey(EnforcementCase, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notifications")
    party = models.ForeignKey(Party, verbose_name=_("recipient"), null=True, blank=True, on_delete=models.SET_NULL)
    phone = models.CharField(_("phone"), max_length=24, blank=True)
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    delivered_by = models.CharField(_("delivered by"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notification_status_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="notification_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.party or self.phone}"

    @property
    def masked_phone(self) -> str:
        """Lists show phones masked (DESIGN.md §5)."""
        return mask_phone(self.phone)
