"""The access matrix (issue #8): every URL pattern of the project, each method it answers, and who may
use it — written down here from the rules (README "Who may do what", DESIGN.md §1, the docstrings of
courts/access.py and of each app's ``can_*`` functions), not read back from the code that enforces them.

A rule is a predicate over a subject (tests/access/world.py: a user in a relation to the case) and the
case asked about ("T": the case of 赞皇 entrusted to 高邑; "D": the case 石家庄中院 designated to 元氏).
"Allowed" means the request was not refused: any answer but 403/404 (a 400 for an empty form is an
allowed cell). "Denied" means 403 or 404 — and for a write, nothing written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.access.world import Subject

Rule = Callable[[Subject, str], bool]

# Subjects by court (keys of world.users).
OWN = {"own_clerk", "own_judge", "own_assistant", "own_other_team_judge", "own_chief"}
UPPER = {"upper_officer", "upper_supervisor", "upper_chief", "upper_judge"}
OWN_WORKERS = {"own_judge", "own_assistant", "own_chief"}  # the handler, an assistant of the case's team, the bureau chief
ENTRUSTED, RECEIVING = "gaoyi", "yuanshi"


def relation(s: Subject, case: str) -> str:
    """The subject's relation to case T or D (both of 赞皇)."""
    if s.relation in ("admin", "anonymous", "own", "upper"):
        return s.relation
    if s.relation == "entrusted" and case == "T":
        return "entrusted"
    if s.relation == "receiving" and case == "D":
        return "receiving"
    return "other"


def role_is(*roles: str) -> Callable[[Subject], bool]:
    return lambda s: s.role in roles


# --- the rules ------------------------------------------------------------------------------------
def nobody(s: Subject, c: str) -> bool:
    return False


def anyone(s: Subject, c: str) -> bool:
    """Any logged-in user (tools and pages that scope their own content)."""
    return s.user is not None


def admin(s: Subject, c: str) -> bool:
    return s.relation == "admin"


def view(s: Subject, c: str) -> bool:
    """Sees the case: its own court, an upper court (read-only), the court it was designated to, a court
    entrusted with acts on it, an administrator."""
    return relation(s, c) in {"own", "upper", "receiving", "entrusted", "admin"}


def court_staff(s: Subject, c: str) -> bool:
    """Staff of the court that owns the case (can_act_on_case): full identities, messages, downloads."""
    return admin(s, c) or (s.key in OWN and s.role in {"clerk", "judge", "assistant", "bureau_chief"})


def work(s: Subject, c: str) -> bool:
    """Works the case: its handler, the judges and assistants of its team, its court's bureau chief."""
    return admin(s, c) or s.key in OWN_WORKERS


def chief(s: Subject, c: str) -> bool:
    """The bureau chief of the case's court (reassign, relief decisions, the court's policy and rules)."""
    return admin(s, c) or s.key == "own_chief"


def registrar(s: Subject, c: str) -> bool:
    """Registers cases / tracks judgments / imports ledgers at 赞皇: its clerks and bureau chief."""
    return admin(s, c) or s.key in {"own_clerk", "own_chief"}


def court_reader(s: Subject, c: str) -> bool:
    """Reads records of 赞皇 that are not cases (tracking records): whoever sees the court."""
    return admin(s, c) or s.key in OWN | UPPER


def report_reader(s: Subject, c: str) -> bool:
    """Reports, dashboards, caseload, the hard-case ledger: bureau chiefs, supervisors, designation officers."""
    return admin(s, c) or s.role in {"bureau_chief", "supervisor", "designation_officer"}


def ledger_entry_reader(s: Subject, c: str) -> bool:
    """One hard-case entry of case T: a ledger reader who sees the case (the entrusted court sees T)."""
    return report_reader(s, c) and view(s, c)


def registrar_role(s: Subject, c: str) -> bool:
    """The registration forms (case, tracking): filing clerks and bureau chiefs, each at their own court."""
    return admin(s, c) or s.role in {"clerk", "bureau_chief"}


def resumer(s: Subject, c: str) -> bool:
    """恢复执行 opens a new 执恢 case: those who work the case, or who register cases at its court."""
    return work(s, c) or registrar(s, c)


def any_chief(s: Subject, c: str) -> bool:
    """A court's own settings (hard-case thresholds): any bureau chief, for their own court."""
    return admin(s, c) or s.role == "bureau_chief"


def not_clerk(s: Subject, c: str) -> bool:
    return s.user is not None and s.role != "clerk"


def campaign_page_reader(s: Subject, c: str) -> bool:
    """The campaign's pages (ledger, export), like the campaign list page, are not for filing clerks."""
    return campaign_reader(s, c) and s.role != "clerk"


def concentration_reader(s: Subject, c: str) -> bool:
    """石家庄中院's concentration to 元氏: the upper court's staff and the receiving court's."""
    return admin(s, c) or s.key in UPPER or s.relation == "receiving"


def entrustment_case_reader(s: Subject, c: str) -> bool:
    """The entrustment of T through the API: whoever sees T from either end (赞皇, 高邑, 石家庄中院)."""
    return admin(s, c) or s.key in OWN | UPPER or s.relation == "entrusted"


def staff(s: Subject, c: str) -> bool:
    """Court staff roles (the outbox is the court's own)."""
    return admin(s, c) or s.role in {"clerk", "judge", "assistant", "bureau_chief"}


def inbox_reader(s: Subject, c: str) -> bool:
    """The designation inbox: designation officers, bureau chiefs and supervisors."""
    return admin(s, c) or s.role in {"designation_officer", "bureau_chief", "supervisor"}


def request_reader(s: Subject, c: str) -> bool:
    """A designation request of 赞皇 at 石家庄中院: the inbox readers of that upper court, the bureau chief of 赞皇."""
    return admin(s, c) or s.key in {"upper_officer", "upper_chief", "upper_supervisor", "own_chief"}


def decider(s: Subject, c: str) -> bool:
    """Decides 石家庄中院's inbox (and concentrates, opens requests): its designation officers and bureau chief."""
    return admin(s, c) or s.key in {"upper_officer", "upper_chief"}


def upper_decider_any(s: Subject, c: str) -> bool:
    """An upper court's designation officer or bureau chief, for its own jurisdiction (集中管辖)."""
    return admin(s, c) or s.key in {"upper_officer", "upper_chief", "other_upper_officer"}


def requester(s: Subject, c: str) -> bool:
    """Puts case T before the upper court: 赞皇's bureau chief, 石家庄中院's officers and bureau chief."""
    return admin(s, c) or s.key in {"own_chief", "upper_officer", "upper_chief"}


def entrustment_reader_role(s: Subject, c: str) -> bool:
    return admin(s, c) or s.role in {"judge", "assistant", "bureau_chief", "supervisor", "designation_officer"}


def entrustment_reader(s: Subject, c: str) -> bool:
    """The entrustment of T (赞皇 → 高邑): enforcement staff of either court, and the upper court's."""
    if admin(s, c):
        return True
    if not entrustment_reader_role(s, c):
        return False
    return s.key in OWN | UPPER or s.relation == "entrusted"


def entrusted_replier(s: Subject, c: str) -> bool:
    """Replies to the entrustment: judges, assistants and the bureau chief of the entrusted court."""
    return admin(s, c) or s.key in {"entrusted_judge", "entrusted_chief"}


def policy_reader(s: Subject, c: str) -> bool:
    """赞皇's escalation policy: bureau chiefs, supervisors and designation officers who see 赞皇."""
    return admin(s, c) or (s.key in OWN | UPPER and s.role in {"bureau_chief", "supervisor", "designation_officer"})


def organiser(s: Subject, c: str) -> bool:
    """Creates campaigns: designation officers, supervisors, bureau chiefs of an intermediate or high court."""
    return admin(s, c) or s.key in {"upper_officer", "upper_supervisor", "upper_chief", "other_upper_officer",
                                    "other_upper_supervisor"}


def campaign_manager(s: Subject, c: str) -> bool:
    """Manages 石家庄中院's campaign: its designation officers, supervisors and bureau chief."""
    return admin(s, c) or s.key in {"upper_officer", "upper_supervisor", "upper_chief"}


def campaign_reader(s: Subject, c: str) -> bool:
    """Reads 石家庄中院's campaign: its own staff and the courts below it whose cases are in it."""
    return admin(s, c) or s.key in UPPER | OWN


def petitioner_desk(s: Subject, c: str) -> bool:
    """Records a petition on T: its court's clerks, judges, assistants, bureau chief; an upper court's staff."""
    return admin(s, c) or s.key in OWN or s.key in UPPER


def sensitive_tagger(s: Subject, c: str) -> bool:
    """Marks 敏感案: the bureau chief of the case's court, a supervisor or officer of an upper court."""
    return admin(s, c) or s.key in {"own_chief", "upper_supervisor", "upper_officer"}


def sensitive_clearer(s: Subject, c: str) -> bool:
    """Checks off a 敏感案 entry: the bureau chief of the case's court or a supervisor of an upper court."""
    return admin(s, c) or s.key in {"own_chief", "upper_supervisor"}


def importer_court(s: Subject, c: str) -> bool:
    """Sees 赞皇's import jobs: its clerks and bureau chief."""
    return registrar(s, c)


def import_user(s: Subject, c: str) -> bool:
    """The import page and template: whoever may import somewhere (clerks, bureau chiefs, admins)."""
    return admin(s, c) or s.role in {"clerk", "bureau_chief"}


def downloader(s: Subject, c: str) -> bool:
    """Downloads a document of the case (full identities): its court's staff."""
    return court_staff(s, c)


def designation_document_reader(s: Subject, c: str) -> bool:
    return court_staff(s, c) or (c == "D" and s.key in {"upper_officer", "upper_chief"})


# --- the table ------------------------------------------------------------------------------------
def registration_payload(court: int) -> dict:
    from courts.models import Court
    from tests.factories import registration_payload as payload

    return payload(Court.objects.get(pk=court))


def tracking_payload(court: int) -> dict:
    from tests.factories import resident_id

    return {"court": court, "division": "civil_2", "cause": "sales_contract",
            "basis": {"document_number": "（2025）冀0129民初2222号", "document_type": "mediation", "issuing_court": "赞皇县人民法院",
                      "effective_date": "2025-03-01", "performance_deadline": "2025-03-31", "principal_amount": "40000.00",
                      "obligations": "被告于2025年3月31日前支付原告货款40000元。"},
            "obligation_amount": "40000.00",
            "parties": [{"role": "obligee", "kind": "person", "name": "张建国", "id_number": resident_id(seq=621)},
                        {"role": "obligor", "kind": "person", "name": "李老汉", "id_number": resident_id(seq=622)}]}


@dataclass(frozen=True)
class Endpoint:
    name: str  # URL name, namespaced ("api:case-detail") for the REST API
    rules: dict[str, Rule]  # method → rule
    kw: dict[str, str] = field(default_factory=dict)  # URL parameter → object key (or "=literal")
    body: dict | Callable[[dict], dict] = field(default_factory=dict)  # POST body: values "@key" are object ids
    query: str = ""
    multipart: bool = False  # an upload (the API takes it as multipart/form-data)
    # For an object named in the body (not the URL): the API refuses one the user may not see with a
    # field error on it (400 {"case": ["No such case in your jurisdiction."]}) — a refusal, like a 404.
    denied_field: str = ""

    @property
    def api(self) -> bool:
        return self.name.startswith("api:") or self.name in {"api-me", "api-token"}

    @property
    def case_scoped(self) -> bool:
        return "case" in self.kw.values()


def E(name: str, kw: dict | None = None, body=None, query: str = "", multipart: bool = False, denied_field: str = "",
      **rules: Rule) -> Endpoint:
    """``kw``: URL parameter → object key; a key "_" only requires the object to exist on the case (the
    settlement, which has no id of its own in the URL)."""
    return Endpoint(name, {m.upper(): r for m, r in rules.items()}, kw or {}, body or {}, query, multipart, denied_field)


C = {"case_pk": "case"}  # API: nested under the case
P = {"pk": "case"}  # pages: the case's id


ENDPOINTS: list[Endpoint] = [
    # --- courts, me ------------------------------------------------------------------------------
    E("home", get=anyone),
    E("api-me", get=anyone),
    E("api:api-root", get=anyone),
    E("api:court-list", get=anyone),
    E("api:court-detail", {"pk": "court"}, get=anyone),
    E("api:team-list", get=anyone),
    E("api:team-detail", {"pk": "team"}, get=court_reader),
    # --- cases ---------------------------------------------------------------------------------
    E("api:case-list", get=anyone, post=registrar, body=lambda ids: registration_payload(ids["court"])),
    E("api:case-detail", {"pk": "case"}, get=view),
    E("api:case-audit", {"pk": "case"}, get=view),
    E("api:case-events", {"pk": "case"}, get=view),
    E("api:case-reassign", {"pk": "case"}, post=chief),
    E("api:case-transition", {"pk": "case"}, post=work, body={"transition": "suspend", "reason": "申请人申请暂缓"}),
    E("case-list", get=anyone),
    E("my-cases", get=anyone),
    E("case-register", get=registrar_role, post=registrar_role),
    E("case-detail", P, get=view),
    E("case-timeline", P, get=view),
    E("case-panel", {"pk": "case", "name": "=escalation"}, get=view),
    E("case-audit", P, get=view),
    E("case-transition", P, post=work),
    E("case-reassign", P, post=chief),
    # --- the dossier (API) -----------------------------------------------------------------------
    E("api:case-investigation-list", C, get=view, post=work),
    E("api:case-investigation-online", C, post=work),
    E("api:case-investigation-detail", {**C, "pk": "investigation"}, get=view, patch=work),
    E("api:case-procedure-step-list", C, get=view, post=work),
    E("api:case-control-list", C, get=view, post=work),
    E("api:case-control-detail", {**C, "pk": "control"}, get=view),
    E("api:case-control-auction-conclude", {**C, "pk": "control", "auction_pk": "auction"}, post=work),
    E("api:case-control-auctions", {**C, "pk": "control"}, post=work),
    E("api:case-control-deduct", {**C, "pk": "freeze"}, post=work),
    E("api:case-control-in-kind", {**C, "pk": "control"}, post=work),
    E("api:case-control-release", {**C, "pk": "freeze"}, post=work),
    E("api:case-control-renew", {**C, "pk": "freeze"}, post=work),
    E("api:case-control-sale", {**C, "pk": "control"}, post=work),
    E("api:case-control-valuations", {**C, "pk": "control"}, post=work),
    E("api:case-measure-list", C, get=view, post=work),
    E("api:case-measure-detail", {**C, "pk": "measure"}, get=view),
    E("api:case-measure-lift", {**C, "pk": "measure"}, post=work),
    E("api:case-payment-list", C, get=view, post=work),
    E("api:case-disbursement-list", C, get=view, post=work),
    E("api:case-dossier-archive", C, post=work),
    E("api:case-dossier-claims", C, post=work),
    E("api:case-dossier-close", C, get=view, post=work),
    E("api:case-dossier-distribution", C, get=view, post=work),
    E("api:case-dossier-ledger", C, get=view),
    E("api:case-dossier-related", C, get=view),
    E("api:case-dossier-resume", C, post=resumer),
    E("api:case-dossier-settlement", {**C, "_": "settlement"}, get=view, post=work),
    E("api:case-dossier-settlement-breach", C, post=work),
    E("api:case-dossier-dossier-summary", C, get=view),
    E("api:dossier-list", get=anyone),
    E("api:notification-list", get=anyone),
    E("api:notification-retry", {"pk": "notification"}, post=court_staff),
    # --- the dossier (pages) ---------------------------------------------------------------------
    E("outbox", get=staff),
    E("outbox-retry", {"pk": "notification"}, post=court_staff),
    E("case-investigation-record", P, post=work),
    E("case-online-queries", P, post=work),
    E("case-investigation-result", {**P, "item_id": "investigation"}, post=work),
    E("case-procedure-record", P, post=work),
    E("case-control-apply", P, post=work),
    E("case-control-renew", {**P, "control_id": "freeze"}, post=work),
    E("case-control-release", {**P, "control_id": "freeze"}, post=work),
    E("case-control-deduct", {**P, "control_id": "freeze"}, post=work),
    E("case-control-valuation", {**P, "control_id": "control"}, post=work),
    E("case-control-auction", {**P, "control_id": "control"}, post=work),
    E("case-control-sale", {**P, "control_id": "control"}, post=work),
    E("case-control-in-kind", {**P, "control_id": "control"}, post=work),
    E("case-auction-conclude", {**P, "auction_id": "auction"}, post=work),
    E("case-measure-issue", P, post=work),
    E("case-measure-lift", {**P, "measure_id": "measure"}, post=work),
    E("case-claim-set", P, post=work),
    E("case-payment-record", P, post=work),
    E("case-disbursement-record", P, post=work),
    E("case-distribution-execute", P, post=work),
    E("case-settlement-record", P, post=work),
    E("case-settlement-breach", P, post=work),
    E("case-close", P, post=work),
    E("case-closure-checklist", P, get=work),
    E("case-resume", P, post=resumer),
    E("case-archive", P, post=work),
    # --- cross execution -------------------------------------------------------------------------
    E("api:escalation-policy-list", get=anyone, post=chief, query="court={court}",
      body=lambda ids: {"court": ids["court"], "level0_days": 80, "level1_days": 50, "level2_days": 50, "reason": "调整"}),
    E("api:escalation-policy-current", get=court_reader, query="court={court}"),
    E("api:escalation-policy-detail", {"pk": "policy"}, get=court_reader),
    E("api:escalation-step-list", get=anyone),
    E("api:escalation-step-detail", {"pk": "escalation_step"}, get=court_reader),
    E("api:case-escalation-list", C, get=view),
    E("api:designation-request-list", get=anyone, post=requester, body={"case": "@case"}),
    E("api:designation-request-detail", {"pk": "designation_request"}, get=court_reader),
    E("api:designation-request-decide", {"pk": "designation_request"}, post=decider),
    E("api:designation-request-suggestions", {"pk": "designation_request"}, get=court_reader),
    E("api:concentration-list", get=anyone, post=upper_decider_any),
    E("api:concentration-preview", get=upper_decider_any),
    E("api:concentration-detail", {"pk": "concentration"}, get=concentration_reader),
    E("api:entrustment-list", get=anyone, post=work, body={"case": "@case"}),
    E("api:entrustment-detail", {"pk": "entrustment"}, get=entrustment_case_reader),
    E("api:entrustment-cancel", {"pk": "entrustment"}, post=work),
    E("api:entrustment-reply", {"pk": "entrustment"}, post=entrusted_replier),
    E("escalation-policy", get=policy_reader, post=chief, query="court={court}"),
    E("designation-inbox", get=inbox_reader),
    E("designation-open", post=upper_decider_any),
    E("designation-detail", {"pk": "designation_request"}, get=request_reader),
    E("designation-decide", {"pk": "designation_request"}, post=decider),
    E("concentration", get=upper_decider_any),
    E("concentration-execute", post=upper_decider_any),
    E("entrustment-inbox", get=entrustment_reader_role),
    E("entrustment-detail", {"pk": "entrustment"}, get=entrustment_reader),
    E("entrustment-reply", {"pk": "entrustment"}, post=entrusted_replier),
    E("entrustment-withdraw", {"pk": "entrustment"}, post=work),
    E("case-designation-request", P, post=requester),
    E("case-entrust", P, post=work),
    # --- campaigns -------------------------------------------------------------------------------
    E("api:campaign-list", get=anyone, post=organiser),
    E("api:campaign-detail", {"pk": "campaign"}, get=campaign_reader, patch=campaign_manager),
    E("api:campaign-candidates", {"pk": "campaign"}, get=campaign_manager),
    E("api:campaign-close", {"pk": "campaign"}, post=campaign_manager),
    E("api:campaign-launch", {"pk": "campaign"}, post=campaign_manager),
    E("api:campaign-totals", {"pk": "campaign"}, get=campaign_reader),
    E("api:campaign-case-list", {"campaign_pk": "campaign"}, get=campaign_reader, post=campaign_manager),
    E("api:campaign-case-detail", {"campaign_pk": "campaign", "pk": "campaign_entry"}, get=campaign_reader,
      delete=campaign_manager),
    E("api:campaign-case-clear", {"campaign_pk": "campaign", "pk": "campaign_entry"}, post=campaign_manager),
    E("api:campaign-case-reopen", {"campaign_pk": "campaign", "pk": "campaign_entry"}, post=campaign_manager),
    E("api:campaign-case-report", {"campaign_pk": "campaign", "pk": "campaign_entry"}, post=work),
    E("campaign-list", get=not_clerk),
    E("campaign-create", get=organiser, post=organiser),
    E("campaign-detail", {"pk": "campaign"}, get=campaign_page_reader),
    E("campaign-edit", {"pk": "campaign"}, get=campaign_manager, post=campaign_manager),
    E("campaign-select", {"pk": "campaign"}, get=campaign_manager, post=campaign_manager),
    E("campaign-start", {"pk": "campaign"}, post=campaign_manager),
    E("campaign-close", {"pk": "campaign"}, post=campaign_manager),
    E("campaign-export", {"pk": "campaign"}, get=campaign_page_reader),
    E("campaign-case-report", {"pk": "campaign", "entry_id": "campaign_entry"}, post=work),
    E("campaign-case-clear", {"pk": "campaign", "entry_id": "campaign_entry"}, post=campaign_manager),
    E("campaign-case-reopen", {"pk": "campaign", "entry_id": "campaign_entry"}, post=campaign_manager),
    E("campaign-case-remove", {"pk": "campaign", "entry_id": "campaign_entry"}, post=campaign_manager),
    E("case-campaign-report", {**P, "entry_id": "campaign_entry"}, post=work),
    # --- interest and documents --------------------------------------------------------------------
    E("api:late-interest-list", post=anyone),
    E("api:case-document-list", C, get=view, post=work),
    E("api:case-document-detail", {**C, "pk": "document"}, get=view),
    E("api:case-document-download", {**C, "pk": "document"}, get=downloader),
    E("api:case-document-download-file", {**C, "pk": "document", "file_format": "=pdf"}, get=downloader),
    E("api:case-late-interest-late-interest", C, get=view),
    E("late-interest", get=anyone),
    E("late-interest-print", get=anyone),
    E("late-interest-xlsx", get=anyone),
    E("case-interest", P, get=view),
    E("case-interest-print", P, get=view),
    E("case-interest-xlsx", P, get=view),
    E("case-document-generate", P, post=work),
    E("case-document-download", {**P, "document_pk": "document"}, get=downloader),
    E("case-document-file", {**P, "document_pk": "document", "file_format": "=pdf"}, get=downloader),
    # --- tracking ----------------------------------------------------------------------------------
    E("api:tracking-record-list", get=anyone, post=registrar, body=lambda ids: tracking_payload(ids["court"])),
    E("api:tracking-record-metrics", get=anyone),
    E("api:tracking-record-detail", {"pk": "tracking_record"}, get=court_reader, patch=registrar),
    E("api:tracking-record-check", {"pk": "tracking_record"}, post=registrar),
    E("api:tracking-record-hand-off", {"pk": "tracking_record"}, post=registrar),
    E("api:tracking-record-outcome", {"pk": "tracking_record"}, post=registrar),
    E("api:tracking-record-remind", {"pk": "tracking_record"}, post=registrar),
    E("api:tracking-record-warn", {"pk": "tracking_record"}, post=registrar),
    E("tracking-list", get=anyone),
    E("tracking-register", get=registrar_role, post=registrar_role),
    E("tracking-metrics", get=anyone),
    E("tracking-detail", {"pk": "tracking_record"}, get=court_reader),
    E("tracking-correct", {"pk": "tracking_record"}, get=registrar, post=registrar),
    E("tracking-remind", {"pk": "tracking_record"}, post=registrar),
    E("tracking-warn", {"pk": "tracking_record"}, post=registrar),
    E("tracking-check", {"pk": "tracking_record"}, post=registrar),
    E("tracking-outcome", {"pk": "tracking_record"}, post=registrar),
    E("tracking-hand-off", {"pk": "tracking_record"}, post=registrar),
    # --- relief ------------------------------------------------------------------------------------
    E("api:case-judicial-aid-list", C, get=view, post=work),
    E("api:case-judicial-aid-detail", {**C, "pk": "aid"}, get=view),
    E("api:case-judicial-aid-assess", {**C, "pk": "aid"}, post=work),
    E("api:case-judicial-aid-decide", {**C, "pk": "aid"}, post=chief, body={"decision": "refuse", "reason": "不符合条件"}),
    E("api:case-judicial-aid-pay", {**C, "pk": "aid"}, post=work),
    E("api:case-bankruptcy-referral-list", C, get=view, post=work),
    E("api:case-bankruptcy-referral-detail", {**C, "pk": "referral"}, get=view),
    E("api:case-bankruptcy-referral-cancel", {**C, "pk": "referral"}, post=work),
    E("api:case-bankruptcy-referral-consents", {**C, "pk": "referral"}, post=work),
    E("api:case-bankruptcy-referral-decide", {**C, "pk": "referral"}, post=chief),
    E("api:case-bankruptcy-referral-outcome", {**C, "pk": "referral"}, post=work),
    E("api:case-bankruptcy-referral-transfer", {**C, "pk": "referral"}, post=work),
    E("api:case-custodian-list", C, get=view, post=work),
    E("api:case-custodian-detail", {**C, "pk": "custodian"}, get=view),
    E("api:case-custodian-end", {**C, "pk": "custodian"}, post=work),
    E("api:case-custodian-proceeds", {**C, "pk": "custodian"}, post=work),
    E("api:case-custodian-reports", {**C, "pk": "custodian"}, post=work),
    E("api:relief-report", get=anyone),
    E("relief-report", get=anyone),
    E("relief-aid-apply", P, post=work),
    E("relief-aid-assess", {**P, "aid_id": "aid"}, post=work),
    E("relief-aid-decide", {**P, "aid_id": "aid"}, post=chief),
    E("relief-aid-pay", {**P, "aid_id": "aid"}, post=work),
    E("relief-referral-start", P, post=work),
    E("relief-referral-consent", {**P, "referral_id": "referral"}, post=work),
    E("relief-referral-decide", {**P, "referral_id": "referral"}, post=chief),
    E("relief-referral-transfer", {**P, "referral_id": "referral"}, post=work),
    E("relief-referral-outcome", {**P, "referral_id": "referral"}, post=work),
    E("relief-referral-cancel", {**P, "referral_id": "referral"}, post=work),
    E("relief-custodian-appoint", P, post=work),
    E("relief-custodian-report", {**P, "custodian_id": "custodian"}, post=work),
    E("relief-custodian-proceed", {**P, "custodian_id": "custodian"}, post=work),
    E("relief-custodian-end", {**P, "custodian_id": "custodian"}, post=work),
    # --- reports, ledger, petitions -----------------------------------------------------------------
    E("api:report-alert-cases", {"code": "=money_undisbursed"}, get=report_reader),
    E("api:report-alerts", get=report_reader),
    E("api:report-metrics", get=report_reader),
    E("api:hard-case-list", get=report_reader),
    E("api:hard-case-tag", post=sensitive_tagger, denied_field="case", body={"case": "@case", "category": "sensitive", "reason": "当地干预风险"}),
    E("api:hard-case-detail", {"pk": "hard_case"}, get=ledger_entry_reader),
    E("api:hard-case-clear", {"pk": "hard_case"}, post=sensitive_clearer),
    E("api:case-petition-list", C, get=view, post=petitioner_desk),
    E("api:case-petition-detail", {**C, "pk": "petition"}, get=view),
    E("api:case-petition-reply", {**C, "pk": "petition"}, post=petitioner_desk),
    E("caseload", get=report_reader),
    E("hard-case-ledger", get=report_reader),
    E("hard-case-export", get=report_reader),
    E("hard-case-rules", post=any_chief),
    E("hard-case-clear", {"entry_id": "hard_case"}, post=sensitive_clearer),
    E("petition-record", P, post=petitioner_desk),
    E("petition-reply", {**P, "petition_id": "petition"}, post=petitioner_desk),
    E("hard-case-tag", {**P, "category": "=sensitive"}, post=sensitive_tagger),
    E("hard-case-clear-dossier", {**P, "entry_id": "hard_case"}, post=sensitive_clearer),
    E("dashboard", get=report_reader),
    E("dashboard-export", get=report_reader),
    E("figure-cases", {"metric": "=new"}, get=report_reader),
    E("figure-export", {"metric": "=new"}, get=report_reader),
    E("alert-cases", {"code": "=money_undisbursed"}, get=report_reader),
    E("alert-export", {"code": "=money_undisbursed"}, get=report_reader),
    # --- imports -----------------------------------------------------------------------------------
    E("api:import-list", get=anyone, post=registrar, multipart=True,
      body=lambda ids: {"court": ids["court"], "file": SimpleUploadedFile("台账.csv", "案号\n".encode())}),
    E("api:import-template", get=anyone),
    E("api:import-detail", {"pk": "import_job"}, get=importer_court),
    E("api:import-errors", {"pk": "import_job"}, get=importer_court),
    E("import-list", get=import_user, post=import_user),
    E("import-template", get=import_user),
    E("import-detail", {"pk": "import_job"}, get=importer_court),
    E("import-status", {"pk": "import_job"}, get=importer_court),
    E("import-errors", {"pk": "import_job", "file_format": "=csv"}, get=importer_court),
]

# URL patterns deliberately outside the matrix, each with its reason. Anything else the resolver knows
# must be in ENDPOINTS: a new page or endpoint fails test_every_url_pattern_is_classified until it is.
EXCLUDED_PREFIXES = {
    "admin/": "Django admin: its own login, staff-only and per-model permissions (django.contrib.admin)",
}
EXCLUDED_NAMES = {
    "api-schema": "the OpenAPI schema: public description of the API, no data",
    "api-docs": "Swagger UI over the schema, no data",
    "api-token": "the login itself (username and password in, token out)",
    "login": "the login page",
    "logout": "ends the session",
    "set_language": "switches the interface language (Django i18n)",
}
