"""The streaming readers (imports.readers) and the cell rules they feed (imports.rules)."""

from __future__ import annotations

import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook

from bench.import_bench import HEADERS, write_ledger
from imports.readers import LedgerFileError, detect_encoding, open_ledger
from imports.rules import CellError, cell_date, cell_identifier, cell_money, cell_text


def _rows(path, file_format):
    reader = open_ledger(str(path), file_format)
    try:
        return [row for batch in reader.batches() for row in batch]
    finally:
        reader.close()


def test_an_openpyxl_workbook_reads_as_values_only_rows_would(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["案号", "立案日期", "标的", "证件号码"])
    sheet.append(["（2021）冀0129执1号", dt.datetime(2021, 3, 4), 85000.5, "13012919800517001X"])
    sheet.append([])
    sheet.append(["a&b <c>", None, 3, None])
    sheet["E4"] = "=1+1"
    path = tmp_path / "a.xlsx"
    book.save(path)

    rows = _rows(path, "xlsx")

    assert rows[0] == (1, ["案号", "立案日期", "标的", "证件号码"])
    assert rows[1] == (2, ["（2021）冀0129执1号", dt.datetime(2021, 3, 4), 85000.5, "13012919800517001X"])
    assert rows[2][0] == 4 and rows[2][1][:3] == ["a&b <c>", None, 3.0]  # row 3 is empty: skipped, numbering kept


def test_an_excel_style_workbook_with_shared_strings_and_date_styles(tmp_path):
    path = tmp_path / "ledger.xlsx"
    write_ledger(path, 1200, prefix="冀0129", court_name="赞皇县人民法院")
    reader = open_ledger(str(path), "xlsx")
    rows = [row for batch in reader.batches() for row in batch]
    reader.close()
    assert len(rows) == 1201 and reader.total_rows == 1201
    assert rows[0][1] == HEADERS
    number, values = rows[1]
    assert number == 2 and values[0] == "（2016）冀0129执1号"
    assert values[1] == dt.datetime(2016, 1, 1) and isinstance(values[3], float)
    assert rows[-1][0] == 1201


def test_rich_text_and_phonetic_runs_of_shared_strings(tmp_path):
    path = tmp_path / "rich.xlsx"
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/workbook.xml", f'<workbook xmlns="{ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                                         f'2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        book.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                      'relationships"><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
        book.writestr("xl/sharedStrings.xml", f'<sst xmlns="{ns}"><si><r><t>张</t></r><r><t xml:space="preserve">三 </t></r>'
                      '<rPh sb="0" eb="1"><t>zhang</t></rPh></si><si><t>&lt;李&amp;四&gt;</t></si><si/></sst>')
        book.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{ns}"><sheetData><row r="1"><c r="B1" t="s"><v>0</v></c>'
                      '<c r="C1" t="s"><v>1</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="inlineStr"><is><t>行内</t></is></c>'
                      '</row></sheetData></worksheet>')
    assert _rows(path, "xlsx") == [(1, [None, "张三 ", "<李&四>", True, "行内"])]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings_are_detected(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_bytes("案号,被执行人\n（2021）冀0129执1号,\"李四，王五\"\n\n".encode(encoding))
    assert detect_encoding(path.read_bytes()[:100]) == {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030"}[encoding]
    assert _rows(path, "csv") == [(1, ["案号", "被执行人"]), (2, ["（2021）冀0129执1号", "李四，王五"])]


def test_unreadable_files_are_file_errors(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old .xls")
    with pytest.raises(LedgerFileError):
        open_ledger(str(path), "xlsx")
    binary = tmp_path / "a.csv"
    binary.write_bytes(b"\x00\x01\x02")
    with pytest.raises(LedgerFileError):
        open_ledger(str(binary), "csv")


def test_cells_as_the_rules_read_them():
    assert cell_text(85000.0) == "85000" and cell_text(dt.datetime(2021, 3, 4)) == "2021-03-04"
    assert cell_date("2021年3月4日") == cell_date("2021/3/4") == cell_date("20210304") == dt.date(2021, 3, 4)
    with pytest.raises(CellError):
        cell_date("2021-02-30")
    # A sum Excel computed is taken to the cent; a real third decimal is left for parse_money to refuse.
    assert cell_money(0.1 + 0.2) == "0.30" and cell_money(1234.56) == "1234.56" and cell_money(1.005) == "1.005"
    # A 15-digit first-generation ID survives being a number in Excel; an 18-digit one does not.
    assert cell_identifier(130129750203102.0) == "130129750203102"
    with pytest.raises(CellError):
        cell_identifier(1.30129198005171e17)


def test_a_large_file_is_read_in_a_child_process_with_the_same_rows_and_errors(tmp_path):
    from imports.readers import ProcessReader

    path = tmp_path / "ledger.xlsx"
    write_ledger(path, 1500, prefix="冀0129", court_name="赞皇县人民法院")
    reader = ProcessReader(str(path), "xlsx")
    try:
        rows = [row for batch in reader.batches() for row in batch]
        assert reader.total_rows == 1501 and reader.fraction() == 1.0
    finally:
        reader.close()
    assert rows == _rows(path, "xlsx")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(LedgerFileError) as error:
        ProcessReader(str(bad), "xlsx")
    assert error.value.message.startswith("The file is not an Excel workbook")
