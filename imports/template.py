"""The downloadable ledger template (.xlsx): the columns of imports.layout with a comment on every
header, one example row, drop-down lists for the columns that take a fixed label, text format for
ID numbers and phones (so Excel never turns them into rounded numbers), a sheet of instructions and
a code table."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from stdnum.cn import ric, uscc

from cases.case_numbers import format_case_number
from cases.causes import CAUSES
from imports import layout

DATA_SHEET = "执行案件台账"
EXAMPLE_PREFIX = "示例"  # a row whose case number starts so is the template's example: never imported
MAX_ROWS_FORMATTED = 20000


def _resident_id(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


def _credit_code(body: str) -> str:
    return body + uscc.calc_check_digit(body + "0")


def _example(court) -> dict[str, object]:
    prefix_ok = court is not None and bool(court.code)
    number = (format_case_number(2021, court.province_abbr, court.code, "执", 123) if prefix_ok
              else "（2021）冀0129执123号")
    issuer = court.name if court is not None else "赞皇县人民法院"
    basis = number.replace("执123号", "民初456号").replace("（2021）", "（2020）")
    return {
        "case_number": f"{EXAMPLE_PREFIX}：{number}",
        "filed_on": dt.date(2021, 3, 4), "cause": "民间借贷纠纷", "target_amount": Decimal("85000.00"),
        "recovered_amount": Decimal("20000.00"), "held_amount": Decimal("0.00"), "non_monetary": "",
        "basis_number": basis, "basis_type": "判决书", "basis_issuer": issuer,
        "basis_effective": dt.date(2020, 12, 20), "basis_deadline": dt.date(2021, 1, 4),
        "basis_principal": Decimal("80000.00"), "status": "未结", "closure_type": "", "closed_on": None, "handler": "",
        "applicant_name": "张建国", "applicant_kind": "自然人", "applicant_id_type": "居民身份证",
        "applicant_id_number": _resident_id("13012919800517001"), "applicant_phone": "13803110001",
        "applicant_address": "河北省赞皇县赞皇镇建设路1号",
        "respondent_name": "李明；石家庄某某建材有限公司", "respondent_kind": "自然人；法人",
        "respondent_id_type": "居民身份证；统一社会信用代码",
        "respondent_id_number": "130129750203102；" + _credit_code("91130129MA0000001"),
        "respondent_phone": "13903110002；0311-86688888",
        "respondent_address": "河北省赞皇县院头镇；河北省石家庄市长安区中山东路1号",
        "respondent_legal_representative": "；王某某",
    }


def _code_lists() -> dict[str, list[str]]:
    return {
        "案由": [label for _key, label in CAUSES],
        "执行依据种类": [labels[0] for labels in layout.DOCUMENT_TYPE_LABELS.values()],
        "当事人类型": ["自然人", "法人", "非法人组织", "机关"],
        "证件类型": [labels[0] for labels in layout.ID_TYPE_LABELS.values()],
        "案件状态": ["未结", "已结"],
        "结案方式": ["执行完毕", "终结本次执行程序", "终结执行", "驳回申请", "不予执行", "销案"],
    }


# Which code list each column's drop-down offers (a multi-party column gets none: it may list several).
_LISTS = {"cause": "案由", "basis_type": "执行依据种类", "status": "案件状态", "closure_type": "结案方式"}


def build_template(court=None) -> bytes:
    """The template as .xlsx bytes; the example's case number and issuing court are ``court``'s."""
    book = Workbook()
    sheet = book.active
    sheet.title = DATA_SHEET
    codes = book.create_sheet("代码表")
    guide = book.create_sheet("填写说明")

    # The code table first: the data sheet's drop-downs refer to it.
    lists = _code_lists()
    ranges: dict[str, str] = {}
    for index, (title, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(index)
        codes.cell(row=1, column=index, value=title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            codes.cell(row=row, column=index, value=value)
        codes.column_dimensions[letter].width = 28 if title == "案由" else 18
        ranges[title] = f"代码表!${letter}$2:${letter}${len(values) + 1}"

    required_fill = PatternFill("solid", fgColor="FCE4D6")
    optional_fill = PatternFill("solid", fgColor="DDEBF7")
    example = _example(court)
    for index, column in enumerate(layout.COLUMNS, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.header + ("*" if column.required else ""))
        cell.font = Font(bold=True)
        cell.fill = required_fill if column.required else optional_fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = ("【必填】" if column.required else "【选填】") + column.note
        cell.comment = Comment(note, "执行案件管理系统", width=320, height=150)
        sheet.column_dimensions[letter].width = column.width
        value = example.get(column.key)
        data = sheet.cell(row=2, column=index, value=value if value != "" else None)
        data.font = Font(italic=True, color="808080")
        if column.kind == "date":
            data.number_format = "yyyy-mm-dd"
            sheet.column_dimensions[letter].number_format = "yyyy-mm-dd"
        elif column.kind == "money":
            data.number_format = "#,##0.00"
            sheet.column_dimensions[letter].number_format = "#,##0.00"
        elif column.kind == "id":
            data.number_format = "@"
            sheet.column_dimensions[letter].number_format = "@"
        if column.key in _LISTS:
            validation = DataValidation(type="list", formula1=ranges[_LISTS[column.key]], allow_blank=True,
                                        showErrorMessage=False)
            validation.add(f"{letter}3:{letter}{MAX_ROWS_FORMATTED}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "B2"
    sheet.row_dimensions[1].height = 32

    guide.append(["列名", "必填", "说明"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in layout.COLUMNS:
        guide.append([column.header, "是" if column.required else "", column.note])
    guide.append([])
    for line in (
        "每行一个案件；第一行为表头，列的顺序可以调整，系统不认识的列不导入。",
        "一个案件有多个申请执行人或被执行人时，在同一行的对应各列中按同一顺序填写，用“；”分隔。",
        f"以“{EXAMPLE_PREFIX}”开头的案号所在行是示例，不会导入；可以删除。",
        "导入先逐行校验：只要有一行有误，就不导入任何数据，并列出每个错误所在的行、列和原因；全部正确后一次性导入。",
        "已执行到位金额作为一笔“原台账结转”的到位款记入案件；其中尚未发放的金额由法院继续发放。",
        "未结案件导入后为“执行中”，交叉执行期限自导入之日起计算；未填承办人的，由执行局长分案。",
        "也可以保存为 CSV（UTF-8 或 GB18030 编码）后导入，表头相同。",
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 6
    guide.column_dimensions["C"].width = 100

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
