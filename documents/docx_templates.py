"""The DOCX templates of the enforcement documents, written with python-docx as docxtpl templates.

``python manage.py build_doc_templates`` writes them to documents/templates_docx/ (where they are kept
in the repository); a court edits a copy in Word — wording, layout, fonts — and puts it, under the same
file name, in the override folder (settings.DOCUMENT_TEMPLATE_DIR, by default MEDIA_ROOT/document_templates),
which the generator reads first. Jinja tags: ``{{ name }}`` for a value; ``{%p … %}`` alone in a
paragraph and ``{%tr … %}`` alone in a table row for conditions and loops (docxtpl's rules).

The layout follows the usual format of court documents: A4, margins 37/35/28/26 mm, court name and
title centred in 宋体 (the court's own 小标宋 can be set in Word), case number right-aligned, body in
仿宋 三号 (16 pt) with a two-character indent and a fixed line height, court and date at the end.
The variables are those of documents.content (the same ones the PDF templates use).
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

BUILT_IN_DIR = Path(__file__).resolve().parent / "templates_docx"
HEADING_FONT = "宋体"
BODY_FONT = "仿宋"
LATIN_FONT = "Times New Roman"


class Builder:
    def __init__(self, *, landscape: bool = False) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin = Mm(37 if not landscape else 25), Mm(35 if not landscape else 22)
        section.left_margin, section.right_margin = Mm(28 if not landscape else 25), Mm(26 if not landscape else 25)
        normal = self.doc.styles["Normal"]
        normal.font.name, normal.font.size = LATIN_FONT, Pt(16)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)

    # --- runs and paragraphs ---------------------------------------------------------------------
    @staticmethod
    def _font(run, *, east_asian: str, size: float, bold: bool = False) -> None:
        run.font.name, run.font.size, run.font.bold = LATIN_FONT, Pt(size), bold
        run_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
        run_fonts.set(qn("w:eastAsia"), east_asian)

    def paragraph(self, text: str = "", *, align=None, indent: bool = True, size: float = 16, bold: bool = False,
                  font: str = BODY_FONT, space_before: float = 0, space_after: float = 0, container=None,
                  keep_with_next: bool = False):
        paragraph = (container or self.doc).add_paragraph()
        fmt = paragraph.paragraph_format
        if keep_with_next:
            fmt.keep_with_next = True
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(max(size + 12, 28) if size >= 16 else size + 8)
        fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
        if indent:
            fmt.first_line_indent = Pt(size * 2)
        if align is not None:
            paragraph.alignment = align
        if text:
            self._font(paragraph.add_run(text), east_asian=font, size=size, bold=bold)
        return paragraph

    def tag(self, text: str, container=None) -> None:
        """A paragraph holding only a docxtpl paragraph tag ({%p … %}): removed when rendered."""
        self.paragraph(text, indent=False, container=container)

    def header(self, title: str, *, number: str = "{{ case_number }}") -> None:
        self.paragraph("{{ court_name }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=22, bold=True,
                       font=HEADING_FONT, space_after=6)
        self.paragraph(title, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=26, bold=True, font=HEADING_FONT,
                       space_after=12)
        self.paragraph(number, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, space_after=12)

    def body(self, *texts: str) -> None:
        for text in texts:
            self.paragraph(text)

    def line(self, text: str) -> None:
        """A paragraph without first-line indent (addressee, list item, label)."""
        self.paragraph(text, indent=False)

    def seal(self, *, court: str = "{{ court_name }}", before: tuple[str, ...] = (), last: str = "", after: tuple = ()) -> None:
        """Court and date at the right, with the place of the court's seal (院印). ``last``: the document's
        last paragraph, kept on the same page as the signature (Word's "keep with next"), as are the lines
        ``after`` it (e.g. the clerk's), so that no page holds a signature alone."""
        keep = {"keep_with_next": True}
        if last:
            self.paragraph(last, **keep)
        self.paragraph("", indent=False, **keep)
        for text in before:
            self.paragraph(text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, **keep)
        self.paragraph(court, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, **keep)
        self.paragraph("{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, **keep)
        self.paragraph("（院印）", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, keep_with_next=bool(after))
        for index, (text, align) in enumerate(after):
            self.paragraph(text, align=align, indent=False, keep_with_next=index < len(after) - 1)

    def footer(self) -> None:
        """The same line as the PDF's footer: which document, which version (both files of a version show it)."""
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run("{{ case_number }} · {{ name }} · 第{{ version }}版")
        self._font(run, east_asian=BODY_FONT, size=7)
        run.font.color.rgb = RGBColor(0x77, 0x77, 0x77)

    # --- tables -------------------------------------------------------------------------------------
    @staticmethod
    def _borders(table) -> None:
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "000000")
            borders.append(element)
        table._tbl.tblPr.append(borders)

    def cell_text(self, cell, text: str, *, size: float = 12, bold: bool = False, align=None) -> None:
        paragraph = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 else cell.add_paragraph()
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        if align is not None:
            paragraph.alignment = align
        self._font(paragraph.add_run(text), east_asian=BODY_FONT, size=size, bold=bold)

    def loop_table(self, headers: list[str], cells: list[str], *, loop: str, widths: list[float], size: float = 12):
        """A table with a header row and one row repeated for each item of ``loop`` ("x in xs")."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._borders(table)
        for index, text in enumerate(headers):
            self.cell_text(table.rows[0].cells[index], text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.cell_text(table.rows[1].cells[0], f"{{%tr for {loop} %}}", size=size)
        for index, text in enumerate(cells):
            self.cell_text(table.rows[2].cells[index], text, size=size)
        self.cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size)
        for row in table.rows:
            for index, width in enumerate(widths):
                row.cells[index].width = Mm(width)
        return table

    def element_table(self, rows: list[tuple[str, list[str]]], *, widths: tuple[float, float] = (38, 118)):
        """The 要素式 layout: one row per element, its label on the left, its paragraphs on the right."""
        table = self.doc.add_table(rows=len(rows), cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        self._borders(table)
        for row, (label, paragraphs) in zip(table.rows, rows, strict=True):
            self.cell_text(row.cells[0], label, size=14, bold=True)
            for text in paragraphs:
                self.cell_text(row.cells[1], text, size=14)
            if paragraphs[-1].startswith("{%p"):
                row.cells[1].add_paragraph()  # a cell keeps one paragraph even if every loop is empty
            row.cells[0].width, row.cells[1].width = Mm(widths[0]), Mm(widths[1])
        return table

    def save(self, path: Path) -> None:
        self.footer()
        core = self.doc.core_properties
        core.author, core.title = "执行案件管理系统", path.stem
        core.comments = "docxtpl template: edit the wording and layout freely; keep the double-brace and brace-percent tags."
        self.doc.save(path)


# --- the documents -----------------------------------------------------------------------------------
PARTIES_BY_ROLE = (
    "{%p for p in applicants %}", "申请执行人：{{ p.line }}", "{%p if p.legal_representative %}",
    "法定代表人：{{ p.legal_representative }}。", "{%p endif %}", "{%p endfor %}",
    "{%p for p in respondents %}", "被执行人：{{ p.line }}", "{%p if p.legal_representative %}",
    "法定代表人：{{ p.legal_representative }}。", "{%p endif %}", "{%p endfor %}",
)


def _parties(b: Builder, lines=PARTIES_BY_ROLE) -> None:
    for text in lines:
        (b.tag if text.startswith("{%p") else b.line)(text)


def enforcement_notice() -> Builder:
    b = Builder()
    b.header("执 行 通 知 书")
    b.line("{{ respondent_names }}：")
    b.body("申请执行人{{ applicant_names }}与{{ you }}{{ cause }}一案，{{ basis.issuing_court }}作出的"
           "{{ basis.document_number }}{{ basis.document_type }}已经发生法律效力。申请执行人向本院申请强制执行，本院于"
           "{{ filed_on }}依法立案执行。依照《中华人民共和国民事诉讼法》第二百五十一条的规定，责令{{ you }}自收到本通知之日起"
           "立即履行上述生效法律文书确定的下列义务：")
    b.tag("{%p for line in basis.obligations_lines %}")
    b.body("{{ line }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if not basis.obligations_lines and has_money %}")
    b.body("向申请执行人支付人民币{{ target_amount }}元（大写：{{ target_amount_capitals }}）。")
    b.tag("{%p endif %}")
    b.tag("{%p for line in non_monetary_lines %}")
    b.body("{{ line }}")
    b.tag("{%p endfor %}")
    b.tag("{%p if has_money %}")
    b.body("并加倍支付迟延履行期间的债务利息（自{{ delay_from }}起计算至实际履行之日止），负担本案申请执行费。")
    b.tag("{%p endif %}")
    b.body("同时，依照《中华人民共和国民事诉讼法》第二百五十二条的规定，{{ you }}应当如实向本院报告当前以及收到执行通知之日前一年的财产情况。",
           "逾期不履行的，本院将依法强制执行，并可依法将{{ you }}纳入失信被执行人名单、对{{ you }}采取限制消费措施；"
           "拒不履行人民法院已经发生法律效力的判决、裁定，情节严重的，将依法追究刑事责任。")
    b.seal(before=("承办人：{{ handler }}　联系电话：{{ handler_phone }}",), last="特此通知。")
    return b


def asset_report_order() -> Builder:
    b = Builder()
    b.header("报 告 财 产 令")
    b.line("{{ respondent_names }}：")
    b.body("本院受理的申请执行人{{ applicant_names }}与{{ you }}{{ cause }}一案，因{{ you }}未按执行通知履行"
           "{{ basis.document_number }}{{ basis.document_type }}确定的义务，依照《中华人民共和国民事诉讼法》第二百五十二条和"
           "《最高人民法院关于民事执行中财产调查若干问题的规定》第三条、第五条的规定，责令{{ you }}在收到本令后五日内，"
           "如实向本院书面报告当前以及收到执行通知之日前一年的下列财产情况：")
    for item in ("（一）收入、银行存款、现金、理财产品、有价证券；", "（二）土地使用权、房屋等不动产；",
                 "（三）交通运输工具、机器设备、产品、原材料等动产；",
                 "（四）债权、股权、投资权益、基金份额、信托受益权、知识产权等财产性权利；", "（五）其他应当报告的财产。"):
        b.body(item)
    b.body("上述财产有共有、抵押、质押、出租或者被查封、扣押、冻结等情形的，应当一并说明；报告期间内财产发生转让、设定担保等权利负担"
           "或者灭失的，应当一并报告。报告财产后，财产情况发生变动，影响申请执行人债权实现的，应当自财产变动之日起十日内向本院补充报告。")
    b.seal(before=("承办人：{{ handler }}　联系电话：{{ handler_phone }}",),
           last="{{ you }}拒绝报告、虚假报告或者无正当理由逾期报告财产情况的，本院将根据情节轻重对{{ sanction_target }}予以罚款、"
                "拘留，并依法将{{ you }}纳入失信被执行人名单；构成犯罪的，依法追究刑事责任。")
    return b


RESTRICTED_CONSUMPTION = (
    "（一）乘坐交通工具时，选择飞机、列车软卧、轮船二等以上舱位；",
    "（二）在星级以上宾馆、酒店、夜总会、高尔夫球场等场所进行高消费；",
    "（三）购买不动产或者新建、扩建、高档装修房屋；",
    "（四）租赁高档写字楼、宾馆、公寓等场所办公；",
    "（五）购买非经营必需车辆；",
    "（六）旅游、度假；",
    "（七）子女就读高收费私立学校；",
    "（八）支付高额保费购买保险理财产品；",
    "（九）乘坐G字头动车组列车全部座位、其他动车组列车一等以上座位等其他非生活和工作必需的消费行为。",
)


def consumption_restriction() -> Builder:
    b = Builder()
    b.header("限 制 消 费 令")
    _parties(b, PARTIES_BY_ROLE[6:])
    b.body("本院于{{ filed_on }}立案执行申请执行人{{ applicant_names }}与被执行人{{ respondent_names }}{{ cause }}一案。"
           "本院于{{ notice_served_on }}向被执行人送达执行通知书，被执行人未按执行通知书指定的期间履行"
           "{{ basis.document_number }}{{ basis.document_type }}确定的给付义务。依照"
           "《最高人民法院关于限制被执行人高消费及有关消费的若干规定》第一条、第三条的规定，对被执行人采取限制消费措施"
           "{% if respondents_include_organisation %}（被执行人为单位的，其法定代表人、主要负责人、影响债务履行的直接责任人员、"
           "实际控制人同受限制）{% endif %}，不得实施以下高消费及非生活和工作必需的消费行为：")
    for item in RESTRICTED_CONSUMPTION:
        b.body(item)
    b.body("被执行人因生活或者经营必需而进行本令禁止的消费活动的，应当向本院提出申请，获批准后方可进行。")
    b.seal(last="如违反本令，经查证属实的，本院将依法予以罚款、拘留；情节严重，构成犯罪的，依法追究刑事责任。")
    return b


def termination_ruling() -> Builder:
    b = Builder()
    b.header("执 行 裁 定 书")
    b.paragraph("（终结本次执行程序·要素式）", align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=6)
    b.element_table([
        ("申请执行人", ["{%p for p in applicants %}", "{{ p.line }}", "{%p endfor %}"]),
        ("被执行人", ["{%p for p in respondents %}", "{{ p.line }}{% if p.legal_representative %}法定代表人："
                                                   "{{ p.legal_representative }}。{% endif %}", "{%p endfor %}"]),
        ("执行依据", ["{{ basis.issuing_court }}{{ basis.document_number }}{{ basis.document_type }}，于{{ basis.effective_date }}"
                      "发生法律效力。"]),
        ("申请执行的债权", ["申请执行标的：人民币{{ target_amount }}元。", "{%p for line in non_monetary_lines %}", "{{ line }}",
                           "{%p endfor %}", "本院于{{ filed_on }}立案执行。"]),
        ("执行通知及报告财产", ["已于{{ notice_served_on }}向被执行人发出执行通知书，于{{ report_order_served_on }}责令被执行人报告财产。"]),
        ("限制消费及失信惩戒", ["{%p for line in consumption_restrictions %}", "{{ line }}。", "{%p endfor %}",
                                "{%p for line in blacklistings %}", "{{ line }}。", "{%p endfor %}",
                                "{%p if blacklist_not_applicable_reason %}",
                                "未纳入失信被执行人名单的理由：{{ blacklist_not_applicable_reason }}。", "{%p endif %}"]),
        ("控制措施", ["{%p for line in controls %}", "{{ line }}。", "{%p endfor %}", "{%p if not controls %}",
                      "无尚在有效期内的查封、扣押、冻结措施。", "{%p endif %}"]),
        ("查找及强制措施", ["{%p if whereabouts_unknown %}", "被执行人下落不明，本院已于{{ respondent_search_on }}依法查找。",
                            "{%p endif %}", "{%p for line in sanctions %}", "{{ line }}。", "{%p endfor %}",
                            "{%p if not whereabouts_unknown and not sanctions %}", "无被执行人下落不明或妨害执行的情形。",
                            "{%p endif %}"]),
        ("实现的债权", ["已执行到位人民币{{ recovered_amount }}元，尚有人民币{{ outstanding_amount }}元未执行到位。"]),
        ("申请执行人意见", ["{%p for i in applicant_informed %}", "本院于{{ i.date }}将案件执行情况、财产调查情况及终结本次执行程序的"
                            "依据和法律后果告知申请执行人，申请执行人意见：{{ i.opinion }}", "{%p endfor %}"]),
    ])
    b.paragraph("查明的被执行人财产情况", indent=False, bold=True, space_before=12, space_after=6)
    b.loop_table(["序号", "调查事项", "类别", "被执行人", "调查日期", "调查结果", "情况"],
                 ["{{ i.number }}", "{{ i.item }}", "{{ i.tier }}", "{{ i.respondent }}", "{{ i.date }}", "{{ i.result }}",
                  "{{ i.details }}"], loop="i in investigations", widths=[10, 26, 20, 22, 24, 24, 30], size=10.5)
    b.paragraph("", indent=False)
    b.body("本院认为，本案经穷尽财产调查措施，{% if assets_found %}发现的被执行人财产暂不能处置{% else %}未发现被执行人有可供执行的财产"
           "{% endif %}，申请执行人亦未能提供其他可供执行的财产线索。{{ undisposable_reason }}经核查，本案已符合下列终结本次执行程序的条件：")
    b.tag("{%p for c in conditions %}")
    b.body("{{ c }}")
    b.tag("{%p endfor %}")
    b.body("依照《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第五百一十七条、《最高人民法院关于严格规范终结本次执行程序的规定"
           "（试行）》第一条的规定，裁定如下：",
           "终结本次执行程序。",
           "申请执行人享有要求被执行人继续履行债务的权利；发现被执行人有可供执行财产的，可以向本院申请恢复执行，再次申请不受申请执行时效期间的限制。"
           "被执行人负有继续向申请执行人履行债务的义务，已采取的限制消费措施继续有效。")
    b.seal(court="审判员　{{ handler }}", last="本裁定送达后立即生效。",
           after=(("本件与原本核对无异", None), ("书记员　{{ clerk }}", WD_ALIGN_PARAGRAPH.RIGHT)))
    return b


def designation_decision() -> Builder:
    b = Builder()
    b.header("执 行 决 定 书", number="{{ decision_number }}")
    _parties(b)
    b.body("{{ from_court }}执行的{{ case_number }}申请执行人{{ applicant_names }}与被执行人{{ respondent_names }}{{ cause }}一案，"
           "{{ request_facts }}")
    b.body("{{ opinion }}依照{{ legal_basis }}的规定，决定如下：")
    b.tag("{%p for item in decision_items %}")
    b.body("{{ item }}")
    b.tag("{%p endfor %}")
    b.seal(court="{{ upper_court_name }}", last="本决定送达后即发生法律效力。")
    b.paragraph("送达：{{ copies_to }}", indent=False, size=14)
    return b


def interest_statement() -> Builder:
    b = Builder(landscape=True)
    b.header("迟延履行期间的债务利息计算表")
    for text in (
        "申请执行人：{{ applicant_names }}　　被执行人：{{ respondent_names }}",
        "执行依据：{{ basis.issuing_court }}{{ basis.document_number }}{{ basis.document_type }}",
        "本金（生效法律文书确定的金钱债务，不含一般债务利息）：人民币{{ interest.principal }}元　　履行期限届满日：{{ interest.deadline }}"
        "　　迟延履行起算日：{{ interest.delay_from }}　　计算截止日：{{ interest.target_date }}",
        "清偿顺序：{{ interest.allocation }}{% if interest.term %}　　2014年8月1日前适用的贷款基准利率档次：{{ interest.term }}{% endif %}",
    ):
        b.paragraph(text, indent=False, size=12)
    b.loop_table(["序号", "期间", "天数", "计息本金（元）", "利率", "本段利息（元）", "付款及冲抵（元）", "剩余本金（元）", "未付利息（元）"],
                 ["{{ l.number }}", "{{ l.period }}", "{{ l.days }}", "{{ l.base }}", "{{ l.rate }}", "{{ l.interest }}",
                  "{% if l.payment %}{{ l.payment }}（{{ l.payment_rule }}：本金{{ l.to_principal }}，利息{{ l.to_interest }}"
                  "{% if l.surplus %}，多付{{ l.surplus }}{% endif %}）{% endif %}", "{{ l.principal_after }}", "{{ l.interest_after }}"],
                 loop="l in interest.lines", widths=[10, 44, 12, 26, 50, 24, 50, 26, 26], size=10)
    for text in (
        "加倍部分债务利息合计：人民币{{ interest.interest_total }}元{% if interest.has_old_rule %}（其中2014年8月1日前"
        "{{ interest.old_rule_interest }}元，2014年8月1日起{{ interest.new_rule_interest }}元）{% endif %}；已付款合计{{ interest.payments_total }}元，其中冲抵利息{{ interest.interest_paid }}元"
        "{% if interest.overpaid %}，多付{{ interest.overpaid }}元{% endif %}。",
        "截至{{ interest.target_date }}，尚欠本金{{ interest.principal_outstanding }}元、加倍部分债务利息{{ interest.interest_outstanding }}元，"
        "合计人民币{{ interest.amount_due }}元（大写：{{ interest.amount_due_capitals }}）。",
    ):
        b.paragraph(text, indent=False, size=12, space_before=4)
    b.paragraph("计算说明：", indent=False, size=11, bold=True, space_before=6)
    b.tag("{%p for c in interest.conventions %}")
    b.paragraph("{{ loop.index }}．{{ c }}", indent=False, size=10.5)
    b.tag("{%p endfor %}")
    b.seal(before=("承办人：{{ handler }}",))
    return b


BUILDERS = {
    "enforcement_notice": enforcement_notice,
    "asset_report_order": asset_report_order,
    "consumption_restriction": consumption_restriction,
    "termination_ruling": termination_ruling,
    "designation_decision": designation_decision,
    "interest_statement": interest_statement,
}


def build_all(directory: Path = BUILT_IN_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind, make in BUILDERS.items():
        path = directory / f"{kind}.docx"
        make().save(path)
        written.append(path)
    return written
