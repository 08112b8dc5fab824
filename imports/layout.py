"""The column layout of a legacy case ledger (执行案件台账) — pure data, no Django import.

One row per case. The header row names the columns; their order does not matter and unknown
columns are ignored, so an export of the old system can be imported after renaming its headers.
Headers are matched without spaces, full-width/half-width differences, a leading or trailing "*"
(the template marks required columns so) and a "(元)" unit. Several applicants or respondents go
into the same row: every party column of that role lists them in the same order, separated by "；"
(or ";" or a line break inside the cell) — e.g. 申请执行人 "张三；李四" with 申请执行人证件号码
"130129…；130129…". The headers, the notes (the template's header comments) and the labels
accepted in cells are Chinese, like the ledgers they describe (reference data, as cases/causes.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cases.causes import CAUSES

# Implementation case types a legacy ledger carries (DESIGN.md §4): first enforcement, resumed
# enforcement and preservation. Objections, reviews, supervision … are not enforcement cases here.
IMPORTABLE_TYPE_CODES = ("执", "执恢", "执保")
PARTY_SEPARATOR = re.compile(r"\r\n|[；;\n\r]")
ROLES = ("applicant", "respondent")
ROLE_LABELS = {"applicant": "申请执行人", "respondent": "被执行人"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool
    note: str
    aliases: tuple[str, ...] = ()
    width: int = 14
    kind: str = "text"  # text, date, money, id (kept as text in the template)


_CASE_COLUMNS = [
    Column("case_number", "案号", True,
           "原系统案号，如（2021）冀0129执123号：年份、本院代字和案件类型（执、执恢、执保）须与本院一致，"
           "同一文件内和系统中均不得重复。导入后保留原案号，本院以后立案的序号从导入的最大序号之后续编。",
           ("原案号", "执行案号"), 26),
    Column("filed_on", "立案日期", True, "如 2021-03-04；年份须与案号年份一致，不得晚于今天。",
           ("立案时间", "收案日期"), 12, "date"),
    Column("cause", "案由", True, "须为系统案由表中的名称（见“代码表”），如 民间借贷纠纷。", (), 18),
    Column("target_amount", "申请执行标的（元）", True,
           "金额，单位元，最多两位小数；为 0 时须填写非金钱给付义务。", ("申请执行标的", "执行标的", "标的金额", "申请执行金额"),
           16, "money"),
    Column("recovered_amount", "已执行到位金额（元）", False,
           "原系统已执行到位的金额，默认 0，不得大于申请执行标的。导入为一笔“原台账结转”的到位款。",
           ("执行到位金额", "到位金额", "已到位金额"), 16, "money"),
    Column("held_amount", "尚未发放金额（元）", False,
           "已到位但法院尚未发放给申请执行人的金额，默认 0（视为已全部发放）；已结案件须为 0。",
           ("未发放金额", "暂存款"), 16, "money"),
    Column("non_monetary", "非金钱给付义务", False, "如 腾退房屋、交付车辆；申请执行标的为 0 时必填。",
           ("非金钱义务",), 20),
    Column("basis_number", "执行依据文号", True, "生效法律文书的案号或文号，如（2020）冀0129民初456号。",
           ("执行依据", "依据文号", "执行依据案号"), 26),
    Column("basis_type", "执行依据种类", True,
           "判决书、调解书、裁定书、仲裁裁决书、公证债权文书、支付令、行政决定书 或 其他。",
           ("依据种类", "文书种类", "执行依据类型"), 14),
    Column("basis_issuer", "执行依据作出机构", True, "作出执行依据的法院或仲裁委员会等，如 赞皇县人民法院。",
           ("作出执行依据的机构", "作出机构", "执行依据作出单位", "作出执行依据单位"), 20),
    Column("basis_effective", "执行依据生效日期", True, "不得晚于立案日期。", ("生效日期", "依据生效日期"), 12, "date"),
    Column("basis_deadline", "履行期限届满日", False, "不得早于生效日期。", ("履行期限", "履行期限届满日期"), 12, "date"),
    Column("basis_principal", "执行依据确定的本金（元）", False, "生效文书确定的本金（不含利息），用于计算迟延履行利息。",
           ("本金", "依据本金"), 16, "money"),
    Column("status", "案件状态", False, "未结 或 已结；不填时：填了结案方式为已结，否则为未结。",
           ("状态", "结案状态"), 10),
    Column("closure_type", "结案方式", False,
           "已结案件必填：执行完毕、终结本次执行程序（终本）、终结执行、驳回申请、不予执行 或 销案。", (), 16),
    Column("closed_on", "结案日期", False, "已结案件必填，不得早于立案日期、不得晚于今天。", ("结案时间",), 12, "date"),
    Column("handler", "承办人", False,
           "本院执行法官的姓名或用户名；未结案件须为在职法官。不填则导入后由执行局长分案。", ("承办法官", "承办人姓名"), 12),
]

_PARTY_FIELDS = [
    ("name", "", True, "姓名或名称；多个{role}用“；”分隔，以下各列按同一顺序填写。", ("名称", "姓名")),
    ("kind", "类型", False,
     "自然人、法人、非法人组织 或 机关；不填时按证件号码判断（身份证号为自然人，其余为法人）。", ("性质", "主体类型")),
    ("id_type", "证件类型", False,
     "居民身份证、统一社会信用代码、组织机构代码、营业执照注册号、护照、港澳居民来往内地通行证、"
     "台湾居民来往大陆通行证、外国人永久居留身份证、其他 或 无；不填时按类型和号码判断。", ()),
    ("id_number", "证件号码", False,
     "18 位或 15 位（一代证）居民身份证号、统一社会信用代码、组织机构代码等；请将本列设为文本格式，以免长号码被 Excel 改写。",
     ("身份证号码", "身份证号", "证件号", "统一社会信用代码")),
    ("id_missing_reason", "无证件原因", False, "没有证件号码时必填，如 不详、外籍。", ()),
    ("phone", "联系电话", False, "手机号（11 位）或带区号的固定电话。", ("电话", "手机号码", "联系方式")),
    ("address", "住所地", False, "住所地或经常居住地。", ("地址", "住址", "住所")),
    ("legal_representative", "法定代表人", False, "法人或非法人组织的法定代表人或负责人。", ("负责人",)),
]


def _party_columns(role: str) -> list[Column]:
    label = ROLE_LABELS[role]
    columns = []
    for field, suffix, required, note, aliases in _PARTY_FIELDS:
        header = label + suffix
        all_aliases = tuple(label + a for a in aliases)
        kind = "id" if field in ("id_number", "phone") else "text"
        width = 22 if field in ("id_number", "address") else 14
        columns.append(Column(f"{role}_{field}", header, required, note.format(role=label), all_aliases, width, kind))
    return columns


COLUMNS: list[Column] = _CASE_COLUMNS + _party_columns("applicant") + _party_columns("respondent")
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}


def normalize_header(text) -> str:
    """A header as compared: NFKC (full-width → half-width), no spaces, no '*', no '(元)' unit."""
    value = unicodedata.normalize("NFKC", str(text or ""))
    value = "".join(value.split()).strip("*")
    for unit in ("(元)", "(人民币元)", "(人民币)"):
        value = value.replace(unit, "")
    return value


HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.header, *_column.aliases):
        HEADER_KEYS.setdefault(normalize_header(_name), _column.key)


def _labels(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {normalize_label(label): code for code, labels in pairs.items() for label in labels}


_NORMALIZED: dict[str, str] = {}


def normalize_label(text) -> str:
    """A cell's label as compared: NFKC, no spaces. A ledger repeats a few labels on every row: the
    normalised forms are remembered (a bounded cache)."""
    text = str(text or "")
    normalized = _NORMALIZED.get(text)
    if normalized is None:
        normalized = "".join(unicodedata.normalize("NFKC", text).split())
        if len(_NORMALIZED) < 10_000:
            _NORMALIZED[text] = normalized
    return normalized


# Cause labels exactly as cases/causes.py lists them (the stable keys are accepted too).
CAUSE_CODES: dict[str, str] = {normalize_label(label): key for key, label in CAUSES} | {key: key for key, _l in CAUSES}

DOCUMENT_TYPE_LABELS = {
    "judgment": ("判决书", "判决", "民事判决书", "刑事判决书", "行政判决书", "刑事附带民事判决书"),
    "mediation": ("调解书", "民事调解书", "调解"),
    "ruling": ("裁定书", "裁定", "民事裁定书", "刑事裁定书", "行政裁定书"),
    "arbitration": ("仲裁裁决书", "仲裁裁决", "仲裁调解书", "劳动仲裁裁决书", "裁决书"),
    "notarized_debt": ("公证债权文书", "具有强制执行效力的公证债权文书", "公证书"),
    "payment_order": ("支付令",),
    "administrative": ("行政决定书", "行政处罚决定书", "行政决定", "处罚决定书"),
    "other": ("其他",),
}
DOCUMENT_TYPES = _labels(DOCUMENT_TYPE_LABELS)

PARTY_KIND_LABELS = {
    "person": ("自然人", "个人", "公民"),
    "organisation": ("法人", "非法人组织", "其他组织", "法人或其他组织", "企业", "公司", "单位", "组织"),
    "state_organ": ("机关", "国家机关", "机关法人", "行政机关"),
}
PARTY_KINDS = _labels(PARTY_KIND_LABELS)

ID_TYPE_LABELS = {
    "resident_id": ("居民身份证", "身份证", "二代身份证", "身份证号码"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "org_code": ("组织机构代码", "组织机构代码证"),
    "business_reg": ("营业执照注册号", "营业执照", "工商注册号", "注册号"),
    "passport": ("护照",),
    "hk_macao": ("港澳居民来往内地通行证", "港澳通行证", "回乡证", "港澳居民居住证"),
    "taiwan": ("台湾居民来往大陆通行证", "台胞证", "台湾居民居住证"),
    "foreign_residence": ("外国人永久居留身份证", "外国人永久居留证", "永久居留身份证"),
    "other": ("其他", "其他证件"),
    "none": ("无", "无证件"),
}
ID_TYPES = _labels(ID_TYPE_LABELS)

STATUS_LABELS = {
    "open": ("未结", "未结案", "在办", "执行中", "在执", "未执结"),
    "closed": ("已结", "已结案", "结案", "已执结", "执结"),
}
STATUSES = _labels(STATUS_LABELS)

CLOSURE_TYPE_LABELS = {
    "performed": ("执行完毕", "执行完结", "全部履行"),
    "terminated_round": ("终结本次执行程序", "终结本次执行", "终本"),
    "terminated": ("终结执行",),
    "rejected": ("驳回申请", "驳回执行申请"),
    "not_enforced": ("不予执行",),
    "withdrawn": ("销案",),
}
CLOSURE_TYPES = _labels(CLOSURE_TYPE_LABELS)
# A closure that needs the other court's case (designation, DESIGN.md §8.4) cannot come from a ledger.
TRANSFER_LABELS = frozenset(normalize_label(t) for t in ("移送", "指定执行", "提级执行", "移送执行", "委托执行"))


def split_parties(value) -> list[str]:
    """The items of a party cell, in order: "张三；李四" → ["张三", "李四"]. Empty items are kept
    (a column may leave one party blank: "130129…；；130129…")."""
    if value is None:
        return []
    text = str(value).strip()
    if not text:
        return []
    if "；" not in text and ";" not in text and "\n" not in text and "\r" not in text:
        return [text]  # one party: the common case, without the regular expression
    return [part.strip() for part in PARTY_SEPARATOR.split(text)]
