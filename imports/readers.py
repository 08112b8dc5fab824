"""Streaming readers of a legacy ledger file (.xlsx or .csv) — no Django import.

Both hand out the rows in batches of ``(row_number, values)``, never the whole file: the memory a
read takes does not grow with the number of rows (an .xlsx's shared-string table, which the format
keeps in one part, is held in compact blocks).

.xlsx: openpyxl's read-only worksheet spends about 45 µs per cell on this hardware (its cell and
rich-text objects), i.e. a minute just to read a 100,000-row ledger; an event parser calling back
into Python for every element (expat) still needs 25 s. The sheet is therefore tokenised here
straight from the zip member, one regular expression per chunk (about 7 s), and openpyxl supplies
the rules that are not worth re-deriving: which number formats are dates (``is_date_format``) and
the serial-date conversion (``from_excel``, 1900 and 1904 calendars). Values come out as openpyxl's
``values_only`` rows would: str, float, bool, datetime or None.

.csv: UTF-8 (with or without BOM) or GB18030 (what Excel and WPS save as "CSV" on a Chinese
Windows), detected from the bytes; comma- or tab-separated.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import pickle
import posixpath
import re
import zipfile
from array import array
from collections.abc import Iterator
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

BATCH_ROWS = 500
CHUNK_BYTES = 1 << 16
# Built-in number formats that are dates: 14–22 and 45–47 (ECMA-376 §18.8.30), and the East Asian
# date formats 27–36 and 50–58 that a Chinese Excel writes without spelling them out (e.g. 31 =
# yyyy"年"m"月"d"日").
_BUILTIN_DATE_IDS = frozenset([*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)])
_REL_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def gettext_noop(message: str) -> str:
    return message


class LedgerFileError(Exception):
    """The file as a whole cannot be read. ``message`` is an English msgid (translated by the caller),
    ``params`` its placeholders."""

    def __init__(self, message: str, **params) -> None:
        super().__init__(message % params if params else message)
        self.message = message
        self.params = params


def _local(name: str) -> str:
    return name.rpartition(":")[2]


# --- .xlsx -----------------------------------------------------------------------------------------
class _StringTable:
    """The shared strings, packed: blocks of 4096 strings joined into one str with an offset array,
    about a quarter of the memory of a list of str objects for short Chinese strings."""

    BLOCK = 4096

    def __init__(self) -> None:
        self._blocks: list[str] = []
        self._offsets: list[array] = []
        self._pending: list[str] = []
        self._count = 0

    def append(self, text: str) -> None:
        self._pending.append(text)
        self._count += 1
        if len(self._pending) == self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        offsets = array("I", [0])
        total = 0
        for text in self._pending:
            total += len(text)
            offsets.append(total)
        self._blocks.append("".join(self._pending))
        self._offsets.append(offsets)
        self._pending = []

    def finish(self) -> None:
        self._flush()

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> str:
        block, pos = divmod(index, self.BLOCK)
        offsets = self._offsets[block]
        return self._blocks[block][offsets[pos]:offsets[pos + 1]]


_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text

    def entity(match):
        name = match.group(1)
        if name[0] == "#":
            return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))
        return _NAMED[name]

    return _ENTITY.sub(entity, text)


def _prefix(head: str, root: str) -> str:
    """The namespace prefix the part's elements carry ("" or e.g. "x:")."""
    match = re.search(rf"<(\w+:)?{root}\b", head)
    return (match.group(1) or "") if match else ""


class _XmlChunks:
    """Decoded text of a zip member in pieces that end at a closing tag ``</{tag}>``, so that a
    regular expression never sees an element cut in two."""

    def __init__(self, stream, tag: str) -> None:
        self._text = io.TextIOWrapper(stream, encoding="utf-8")
        self._close = f"</{tag}>"

    def head(self) -> str:
        self._buffer = self._text.read(4096)
        return self._buffer

    def __iter__(self) -> Iterator[str]:
        buffer = self._buffer
        while True:
            chunk = self._text.read(CHUNK_BYTES)
            buffer += chunk
            cut = buffer.rfind(self._close) if chunk else len(buffer)
            if cut < 0:
                continue  # one element longer than a chunk: read on
            cut = cut + len(self._close) if chunk else cut
            yield buffer[:cut]
            buffer = buffer[cut:]
            if not chunk:
                return


def _rich_text(content: str, p: str) -> str:
    """The text of an inline or shared string: its <t> runs, without phonetic guides (<rPh>)."""
    if f"<{p}rPh" in content:
        content = re.sub(rf"<{p}rPh\b.*?</{p}rPh>", "", content, flags=re.S)
    return "".join(_unescape(t) for t in re.findall(rf"<{p}t(?:\s[^>]*)?>([^<]*)</{p}t>", content))


def _parse_shared_strings(stream) -> _StringTable:
    table = _StringTable()
    chunks = _XmlChunks(stream, "si")
    p = _prefix(chunks.head(), "sst")
    item = re.compile(rf"<{p}si>(?:<{p}t>([^<]*)</{p}t></{p}si>|(.*?)</{p}si>)|<{p}si/>", re.S)
    for text in chunks:
        for simple, rich in item.findall(text):
            table.append(_unescape(simple) if simple or not rich else _rich_text(rich, p))
    table.finish()
    return table


def _date_styles(stream) -> list[bool]:
    """For each cell style index (``s`` attribute), whether its number format is a date."""
    root = ElementTree.parse(stream).getroot()
    custom: dict[int, str] = {}
    flags: list[bool] = []
    for element in root:
        tag = element.tag.rpartition("}")[2]
        if tag == "numFmts":
            for fmt in element:
                custom[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        elif tag == "cellXfs":
            for xf in element:
                fmt_id = int(xf.get("numFmtId", "0"))
                code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id)
                flags.append(fmt_id in _BUILTIN_DATE_IDS or bool(code and is_date_format(code)))
    return flags


_COLUMN_CACHE: dict[str, int] = {}


def column_index(ref: str) -> int:
    """0-based column of a cell reference ("A1" → 0, "AB7" → 27)."""
    letters = ref.rstrip("0123456789")
    index = _COLUMN_CACHE.get(letters)
    if index is None:
        index = 0
        for char in letters.upper():
            index = index * 26 + (ord(char) - 64)
        index -= 1
        _COLUMN_CACHE[letters] = index
    return index


def _attribute(attrs: str, name: str) -> str | None:
    """The value of attribute ``name`` in a tag's attribute text (' r="A1" s="3" t="s"')."""
    at = attrs.find(f" {name}=")
    if at < 0:
        return None
    at += len(name) + 2
    quote = attrs[at]
    return attrs[at + 1:attrs.index(quote, at + 1)]


class XlsxReader:
    """The first visible worksheet of an .xlsx workbook, row by row.

    The sheet's XML is tokenised with one regular expression per chunk (rows and cells are flat,
    machine-written elements whose text has its '<' escaped), about three times faster than an
    event parser calling back into Python for every element on this hardware."""

    def __init__(self, path: str) -> None:
        try:
            self._zip = zipfile.ZipFile(path)
            names = set(self._zip.namelist())
            workbook = ElementTree.fromstring(self._zip.read("xl/workbook.xml"))
        except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
            raise LedgerFileError(gettext_noop(
                "The file is not an Excel workbook (.xlsx). An old .xls file must first be saved as .xlsx or .csv.")) from exc
        ns = {"m": workbook.tag.partition("}")[0].lstrip("{")}
        pr = workbook.find("m:workbookPr", ns)
        self.epoch = CALENDAR_MAC_1904 if pr is not None and pr.get("date1904") in ("1", "true") else CALENDAR_WINDOWS_1900
        rels = self._relationships(names)
        sheets = [s for s in workbook.iterfind("m:sheets/m:sheet", ns) if s.get("state", "visible") == "visible"]
        if not sheets:
            raise LedgerFileError(gettext_noop("The workbook has no worksheet."))
        target = rels.get(sheets[0].get(f"{{{_REL_OFFICE}}}id", ""), ("", ""))[1]
        self.sheet_name = sheets[0].get("name", "")
        self._sheet_path = target if target in names else "xl/worksheets/sheet1.xml"
        if self._sheet_path not in names:
            raise LedgerFileError(gettext_noop("The workbook has no worksheet."))
        by_type = {kind.rpartition("/")[2]: path for kind, path in rels.values()}
        strings_path = by_type.get("sharedStrings", "xl/sharedStrings.xml")
        styles_path = by_type.get("styles", "xl/styles.xml")
        try:
            self._strings = _parse_shared_strings(self._zip.open(strings_path)) if strings_path in names else _StringTable()
            self._dates = _date_styles(self._zip.open(styles_path)) if styles_path in names else []
        except (ElementTree.ParseError, ValueError, UnicodeDecodeError, zipfile.BadZipFile) as exc:
            raise LedgerFileError(gettext_noop("The workbook is damaged and cannot be read.")) from exc
        self._size = self._zip.getinfo(self._sheet_path).compress_size or 1
        self._raw = None
        self._start = 0
        self.total_rows: int | None = None

    def _relationships(self, names: set[str]) -> dict[str, tuple[str, str]]:
        path = "xl/_rels/workbook.xml.rels"
        if path not in names:
            return {}
        root = ElementTree.fromstring(self._zip.read(path))
        rels = {}
        for rel in root:
            target = rel.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            rels[rel.get("Id", "")] = (rel.get("Type", ""), full)
        return rels

    def fraction(self) -> float | None:
        """Share of the sheet read so far (by compressed bytes), for the progress bar."""
        if self._raw is None:
            return None
        return max(0.0, min((self._raw.tell() - self._start) / self._size, 1.0))

    def batches(self) -> Iterator[list[tuple[int, list]]]:
        strings, dates, epoch = self._strings, self._dates, self.epoch
        n_dates = len(dates)
        done: list[tuple[int, list]] = []
        try:
            with self._zip.open(self._sheet_path) as stream:
                # The zip member's underlying file: its position tells how much of the sheet was read.
                self._raw = getattr(stream, "_fileobj", None)
                self._start = self._raw.tell() if self._raw is not None else 0
                chunks = _XmlChunks(stream, "row")
                head = chunks.head()
                p = _prefix(head, "worksheet")
                dimension = re.search(rf'<{p}dimension ref="[A-Z]*\d*:?[A-Z]*(\d+)"', head)
                if dimension:
                    self.total_rows = int(dimension.group(1))
                # A cell whose reference comes first (every spreadsheet program writes it so) has its
                # column letters captured here; any other cell falls back to reading its attributes.
                token = re.compile(
                    rf'(<{p}row\b(?: r="([0-9]+)")?[^>]*>)|<{p}c\b(?: r="([A-Z]{{1,3}})[0-9]+")?([^>]*?)(?:/>|>(.*?)</{p}c>)',
                    re.S)
                v_open, v_close, is_tag = f"<{p}v>", f"</{p}v>", f"<{p}is>"
                skip = len(v_open)
                blocks, offsets, block_size = strings._blocks, strings._offsets, strings.BLOCK
                columns: dict[str, int] = {}
                columns_get = columns.get
                date_attrs: dict[str, bool] = {}  # a cell's attribute text → whether its style is a date
                serials: dict[str, dt.datetime] = {}  # Excel serial → datetime (a ledger repeats its dates)
                row_number, col, cells = 0, -1, None
                for text in chunks:
                    for row_tag, row_ref, letters, attrs, content in token.findall(text):
                        if row_tag:
                            if cells:
                                done.append((row_number, _dense(cells)))
                            ref = row_ref or _attribute(row_tag, "r")
                            row_number = int(ref) if ref else row_number + 1
                            col, cells = -1, {}
                            continue
                        if letters:
                            col = columns_get(letters)
                            if col is None:
                                col = columns[letters] = column_index(letters)
                        else:
                            ref = _attribute(attrs, "r")
                            col = column_index(ref) if ref else col + 1
                        if not content:
                            continue
                        if not attrs or " t=" not in attrs:
                            kind = "n"
                        elif ' t="s"' in attrs:
                            kind = "s"
                        else:
                            kind = _attribute(attrs, "t") or "n"
                        if kind == "inlineStr" or (kind != "s" and is_tag in content):
                            cells[col] = _rich_text(content, p)
                            continue
                        at = content.find(v_open)
                        if at < 0:
                            continue
                        raw = content[at + skip:content.index(v_close, at)]
                        if kind == "s":
                            block, pos = divmod(int(raw), block_size)
                            where = offsets[block]
                            cells[col] = blocks[block][where[pos]:where[pos + 1]]
                            continue
                        if kind == "n":
                            if not raw:
                                continue
                            is_date = date_attrs.get(attrs)
                            if is_date is None:
                                if len(date_attrs) > 4096:  # attribute texts that carry the reference
                                    date_attrs.clear()
                                style = _attribute(attrs, "s") if attrs else None
                                is_date = date_attrs[attrs] = style is not None and int(style) < n_dates and dates[int(style)]
                            if is_date:
                                value = serials.get(raw)
                                if value is None:
                                    if len(serials) > 65536:
                                        serials.clear()
                                    value = serials[raw] = from_excel(float(raw), epoch)
                            else:
                                value = float(raw)
                        elif kind == "b":
                            value = raw == "1"
                        elif kind == "d":
                            value = dt.datetime.fromisoformat(raw)
                        else:  # "str" (a formula's text), "e" (an error such as #N/A)
                            value = _unescape(raw)
                        cells[col] = value
                    if len(done) >= BATCH_ROWS:
                        yield done
                        done = []
                if cells:
                    done.append((row_number, _dense(cells)))
                if done:
                    yield done
        except (ValueError, IndexError, UnicodeDecodeError, zipfile.BadZipFile, EOFError) as exc:
            raise LedgerFileError(gettext_noop("The workbook is damaged and cannot be read.")) from exc
        finally:
            self._raw = None

    def close(self) -> None:
        self._zip.close()


def _dense(cells: dict[int, object]) -> list:
    values = [None] * (max(cells) + 1)
    for col, value in cells.items():
        values[col] = value
    return values


# --- .csv ------------------------------------------------------------------------------------------
def detect_encoding(head: bytes) -> str:
    """utf-8-sig for a BOM, utf-8 when the first bytes decode as UTF-8, otherwise GB18030 (a superset
    of GBK and GB2312, what Chinese Windows software writes)."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is not an error
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


class _CountingReader(io.RawIOBase):
    def __init__(self, raw) -> None:
        self._raw = raw
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self._raw.readinto(buffer)
        self.position += n or 0
        return n


class CsvReader:
    def __init__(self, path: str) -> None:
        try:
            self._file = open(path, "rb")  # noqa: SIM115 — closed by close()
        except OSError as exc:
            raise LedgerFileError(gettext_noop("The file cannot be opened.")) from exc
        head = self._file.read(1 << 16)
        self._file.seek(0, io.SEEK_END)
        self._size = self._file.tell() or 1
        self._file.seek(0)
        if b"\x00" in head:
            self.close()
            raise LedgerFileError(gettext_noop(
                "The file is not a text (CSV) file. Save the ledger as .xlsx, or as CSV (comma-separated)."))
        self.encoding = detect_encoding(head)
        first_line = head.split(b"\n", 1)[0]
        self._delimiter = "\t" if first_line.count(b"\t") > first_line.count(b",") else ","
        self._counter = _CountingReader(self._file)
        self.total_rows: int | None = None
        self.sheet_name = ""

    def fraction(self) -> float | None:
        return min(self._counter.position / self._size, 1.0)

    def batches(self) -> Iterator[list[tuple[int, list]]]:
        text = io.TextIOWrapper(io.BufferedReader(self._counter, CHUNK_BYTES), encoding=self.encoding, newline="")
        reader = csv.reader(text, delimiter=self._delimiter)
        done: list[tuple[int, list]] = []
        try:
            # Rows are numbered as a spreadsheet shows the file (record by record, blank ones included),
            # not by physical line: a quoted cell may span lines.
            for number, values in enumerate(reader, start=1):
                if any(v.strip() for v in values):
                    done.append((number, values))
                    if len(done) >= BATCH_ROWS:
                        yield done
                        done = []
        except UnicodeDecodeError as exc:
            raise LedgerFileError(gettext_noop(
                "The file's text encoding is not UTF-8 or GB18030; save it again as CSV UTF-8.")) from exc
        except csv.Error as exc:
            raise LedgerFileError(gettext_noop("The CSV file is malformed near line %(line)d."), line=reader.line_num) from exc
        if done:
            yield done

    def close(self) -> None:
        self._file.close()


def open_ledger(path: str, file_format: str) -> XlsxReader | CsvReader:
    """A reader for ``file_format`` ("xlsx" or "csv"). Raises LedgerFileError."""
    if file_format == "xlsx":
        return XlsxReader(path)
    if file_format == "csv":
        return CsvReader(path)
    raise LedgerFileError(gettext_noop("Upload an .xlsx or .csv file."))


# --- reading in a process of its own ------------------------------------------------------------------
class ProcessReader:
    """The same reader, run in a child process (``python -m imports.readers``) that streams the
    batches back through a pipe: parsing the sheet then runs on another core than the checking of
    the rows — with the database's writing, the import keeps both cores busy. Same interface as the
    readers above; a file error raised in the child is raised here (at opening, like theirs)."""

    def __init__(self, path: str, file_format: str) -> None:
        import subprocess
        import sys
        from pathlib import Path

        root = str(Path(__file__).resolve().parents[1])
        env = {**__import__("os").environ, "PYTHONPATH": root}
        self._process = subprocess.Popen([sys.executable, "-m", "imports.readers", path, file_format], cwd=root, env=env,
                                         stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._pipe = self._process.stdout
        self.total_rows: int | None = None
        self.sheet_name = ""
        self._fraction: float | None = 0.0
        self._message()  # the child's answer to opening the file: an error is raised now

    def _message(self):
        try:
            message = pickle.load(self._pipe)
        except EOFError as exc:  # the child died: not the file's fault (its errors come as messages)
            self._process.wait()
            raise RuntimeError(f"the reader process ended (rc={self._process.returncode}): "
                               f"{self._process.stderr.read().decode(errors='replace')[-2000:]}") from exc
        kind = message[0]
        if kind == "error":
            raise LedgerFileError(message[1], **message[2])
        if kind == "open":
            self.total_rows, self.sheet_name = message[1], message[2]
        return message

    def fraction(self) -> float | None:
        return self._fraction

    def batches(self) -> Iterator[list[tuple[int, list]]]:
        while True:
            message = self._message()
            if message[0] == "end":
                return
            _kind, batch, self._fraction, total = message
            self.total_rows = total or self.total_rows
            yield batch

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._pipe.close()
        self._process.stderr.close()


def _serve(path: str, file_format: str, out) -> None:
    """The child's side of ProcessReader: open, then every batch, then "end" — or the file error."""
    try:
        reader = open_ledger(path, file_format)
        pickle.dump(("open", reader.total_rows, reader.sheet_name), out, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            for batch in reader.batches():
                pickle.dump(("rows", batch, reader.fraction(), reader.total_rows), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()
        finally:
            reader.close()
        pickle.dump(("end",), out, protocol=pickle.HIGHEST_PROTOCOL)
    except LedgerFileError as exc:
        pickle.dump(("error", exc.message, exc.params), out, protocol=pickle.HIGHEST_PROTOCOL)
    out.flush()


if __name__ == "__main__":
    import sys

    _serve(sys.argv[1], sys.argv[2], sys.stdout.buffer)
