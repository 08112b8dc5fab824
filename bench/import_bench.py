"""Benchmark of the legacy-ledger import (issue #7, part 3): ``run(rows, database_url)``.

1. Prepares, in a child process, a court of its own on the (migrated) PostgreSQL database — province
   "测", a fresh 4-digit code per run, so runs never collide — with a filing clerk and five judges.
2. Writes a deterministic ledger of ``rows`` rows as a real .xlsx (shared strings and date-formatted
   cells, as Excel saves it): one to three parties per case, old 15-digit IDs, organisations, debtors
   who recur across cases, open and closed cases of every closure type, money recovered.
3. Runs ``manage.py import_cases`` in a child process and takes its wall time and its peak RSS from
   the kernel's accounting of that very child (``os.wait4``: what
   ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` reports when the import is the only child; here
   the set-up child ran before it, and its RSS must not count).
4. Counts the imported cases with SQL.

Returns ``{rows, seconds, peak_rss_mb, imported, …}``. Target (2 cores, PostgreSQL on the same
machine): 100,000 rows ≤ 60 s, ≤ 300 MB.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from stdnum.cn import ric, uscc

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PROVINCE = "测"
JUDGES = ["基准法官甲", "基准法官乙", "基准法官丙", "基准法官丁", "基准法官戊"]
HEADERS = [
    "案号", "立案日期", "案由", "申请执行标的（元）", "已执行到位金额（元）", "执行依据文号", "执行依据种类",
    "执行依据作出机构", "执行依据生效日期", "履行期限届满日", "执行依据确定的本金（元）", "案件状态", "结案方式", "结案日期",
    "承办人", "申请执行人", "申请执行人类型", "申请执行人证件号码", "申请执行人联系电话", "申请执行人住所地",
    "被执行人", "被执行人类型", "被执行人证件号码", "被执行人联系电话", "被执行人住所地", "被执行人法定代表人",
]
CAUSES = ["民间借贷纠纷", "金融借款合同纠纷", "买卖合同纠纷", "追索劳动报酬纠纷", "机动车交通事故责任纠纷",
          "建设工程施工合同纠纷", "房屋租赁合同纠纷", "信用卡纠纷", "劳务合同纠纷", "离婚后财产纠纷"]
DOCUMENT_TYPES = ["判决书", "判决书", "调解书", "裁定书", "仲裁裁决书", "公证债权文书"]
CLOSURES = ["执行完毕", "终结本次执行程序", "终结本次执行程序", "终结执行", "驳回申请", "销案"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "建国志强秀英丽娟伟明海燕小红淑珍玉兰桂芳文杰晓东春梅振华永刚立新红霞卫东国庆"
TOWNS = ["赞皇镇", "院头镇", "西龙门乡", "南邢郭乡", "嶂石岩镇", "黄北坪乡", "许亭乡", "土门乡"]
BUSINESS = ["建材", "商贸", "机械", "农业科技", "房地产开发", "物流", "食品", "纺织"]


# --- the ledger ------------------------------------------------------------------------------------
def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _person(rng: random.Random, serial: int, old_card: bool, region: str) -> tuple[str, str]:
    # (birth date, sequence) from the serial one-to-one: no two generated people share an ID.
    born = dt.date(1950, 1, 1) + dt.timedelta(days=serial // 1000)
    seq = serial % 1000
    if old_card:  # first-generation card: 15 digits, birth year without the century
        return rng.choice(SURNAMES) + rng.choice(GIVEN[0::2]) + rng.choice(GIVEN[1::2]), f"{region}{born:%y%m%d}{seq:03d}"
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return rng.choice(SURNAMES) + rng.choice(GIVEN[0::2]) + rng.choice(GIVEN[1::2]), body + ric.calc_check_digit(body + "0")


def _company(rng: random.Random, serial: int, region: str) -> tuple[str, str]:
    body = f"91{region}MA{serial:07d}"[:17]
    name = f"赞皇县{rng.choice(TOWNS)[:2]}{rng.choice(BUSINESS)}有限公司{serial}"
    return name, body + uscc.calc_check_digit(body + "0")


def ledger_rows(rows: int, *, prefix: str, court_name: str, seed: int = 7, judges: list[str] | None = None):
    """The ledger's rows (header first), deterministic for (rows, prefix, seed); the handlers are
    ``judges`` (names of the court's judges) in turn."""
    judges = judges or JUDGES
    rng = random.Random(seed)
    region = f"1301{seed % 100:02d}"  # people and companies of another seed never share an ID with these
    yield HEADERS
    seq_of_year: dict[int, int] = {}
    # A pool of debtors who appear in many cases (the same person across a court's ledger).
    repeat_debtors = [_person(random.Random(seed + i), 900_000 + i, False, region) for i in range(500)]
    for i in range(rows):
        year = 2016 + i % 8
        seq_of_year[year] = seq = seq_of_year.get(year, 0) + 1
        filed = dt.date(year, 1, 1) + dt.timedelta(days=(i * 13) % 360)
        effective = filed - dt.timedelta(days=30 + i % 90)
        target = 1000 + (i * 7919) % 900_000 + (i % 100) / 100
        closed = i % 5 < 3
        closure = CLOSURES[i % len(CLOSURES)] if closed else ""
        recovered = target if closure == "执行完毕" else (round(target * (i % 4) / 10, 2) if closure != "驳回申请" else 0)
        closed_on = filed + dt.timedelta(days=40 + i % 300) if closed else None
        if closed_on and closed_on > dt.date(2024, 12, 31):
            closed_on = dt.date(2024, 12, 31)
        if i % 5 == 4:
            applicant, applicant_id = _company(rng, 2 * i, region)
            applicant_kind = "法人"
        else:
            applicant, applicant_id = _person(rng, 2 * i, False, region)
            applicant_kind = "自然人"
        respondents = []
        if i % 7 == 0:
            respondents.append((*repeat_debtors[i % len(repeat_debtors)], "自然人", ""))
        else:
            respondents.append((*_person(rng, 2 * i + 1, i % 25 == 3, region), "自然人", ""))
        if i % 6 == 1:
            name, code = _company(rng, 2 * i + 1, region)
            respondents.append((name, code, "法人", rng.choice(SURNAMES) + "某"))
        if i % 11 == 2:
            respondents.append((*_person(rng, 5_000_000 + i, False, region), "自然人", ""))
        yield [
            f"（{year}）{prefix}执{seq}号", filed, CAUSES[i % len(CAUSES)], target, recovered,
            f"（{effective.year}）{prefix}民初{i + 1}号", DOCUMENT_TYPES[i % len(DOCUMENT_TYPES)], court_name,
            effective, effective + dt.timedelta(days=15), target, "已结" if closed else "未结", closure, closed_on,
            judges[i % len(judges)], applicant, applicant_kind, applicant_id, f"138{i % 100_000_000:08d}",
            f"河北省赞皇县{rng.choice(TOWNS)}{i % 300}号",
            "；".join(r[0] for r in respondents), "；".join(r[2] for r in respondents),
            "；".join(r[1] for r in respondents), "；".join(f"139{(i * 7 + k) % 100_000_000:08d}" for k in range(len(respondents))),
            "；".join(f"河北省赞皇县{TOWNS[(i + k) % len(TOWNS)]}" for k in range(len(respondents))),
            "；".join(r[3] for r in respondents) if len(respondents) > 1 else "",
        ]


def write_ledger(path: str | Path, rows: int, *, prefix: str, court_name: str, seed: int = 7,
                 judges: list[str] | None = None) -> None:
    """Write the ledger as .xlsx the way Excel does (shared strings, dates as styled serial numbers),
    streaming: only the shared-string table is held in memory."""
    strings: dict[str, int] = {}
    epoch = dt.date(1899, 12, 30)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as book:
        with book.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                         f'<dimension ref="A1:{_column(len(HEADERS) - 1)}{rows + 1}"/><sheetData>').encode())
            for r, values in enumerate(ledger_rows(rows, prefix=prefix, court_name=court_name, seed=seed, judges=judges), start=1):
                parts = [f'<row r="{r}">']
                for c, value in enumerate(values):
                    if value is None or value == "":
                        continue
                    ref = f"{_column(c)}{r}"
                    if isinstance(value, str):
                        index = strings.setdefault(value, len(strings))
                        parts.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                    elif isinstance(value, dt.date):
                        parts.append(f'<c r="{ref}" s="1"><v>{(value - epoch).days}</v></c>')
                    else:
                        parts.append(f'<c r="{ref}" s="2"><v>{value!r}</v></c>')
                parts.append("</row>")
                sheet.write("".join(parts).encode())
            sheet.write(b"</sheetData></worksheet>")
        with book.open("xl/sharedStrings.xml", "w") as shared:
            shared.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats'
                          f'.org/spreadsheetml/2006/main" uniqueCount="{len(strings)}">').encode())
            for text in strings:  # dicts keep insertion order: the index order
                shared.write(f"<si><t>{escape(text)}</t></si>".encode())
            shared.write(b"</sst>")
        ns = "http://schemas.openxmlformats.org"
        book.writestr("xl/styles.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="1"><fill/></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
            '<xf numFmtId="4" applyNumberFormat="1"/></cellXfs></styleSheet>'))
        book.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets>'
            '<sheet name="执行案件台账" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        book.writestr("xl/_rels/workbook.xml.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            '</Relationships>'))
        book.writestr("[Content_Types].xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '</Types>'))
        book.writestr("_rels/.rels", (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))


# --- running it ------------------------------------------------------------------------------------
_SETUP = """
import json, sys
import django
django.setup()
from django.db import transaction
from courts.models import Court, CourtLevel, Role, Team, TeamMembership, TeamRole, User
taken = set(Court.objects.filter(province_abbr=%(province)r).values_list("code", flat=True))
code = next(f"{n:04d}" for n in range(9001, 10000) if f"{n:04d}" not in taken)
with transaction.atomic():
    court = Court.objects.create(name=f"基准测试{code}号法院", short_name=f"基准{code}", level=CourtLevel.BASIC,
                                 province_abbr=%(province)r, code=code)
    team = Team.objects.create(court=court, name="执行一团队")
    clerk = User.objects.create(username=f"bench_clerk_{code}", full_name="基准立案员", role=Role.CLERK, court=court)
    for name in %(judges)r:
        judge = User.objects.create(username=f"bench_{code}_{name}", full_name=name, role=Role.JUDGE, court=court)
        TeamMembership.objects.create(team=team, user=judge, role=TeamRole.JUDGE)
print(json.dumps({"court": court.pk, "code": code, "name": court.name, "prefix": court.case_prefix, "user": clerk.username}))
"""


def _env(database_url: str, var_dir: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="enforcement.settings", DEBUG="0",
               SECRET_KEY=env.get("SECRET_KEY") or "bench-only-secret-key", STATIC_MANIFEST="0", VAR_DIR=var_dir,
               DB_CONN_MAX_AGE="0", PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p))
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    return env


def _sql_count(database_url: str, court_id: int) -> int:
    import psycopg2

    with psycopg2.connect(database_url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_enforcementcase WHERE court_id = %s", [court_id])
        count = cursor.fetchone()[0]
    conn.close()
    return count


def run(rows: int, database_url: str, *, seed: int = 7, keep_file: bool = False) -> dict:
    """Generate a ``rows``-row ledger and import it into ``database_url`` (PostgreSQL, migrated)."""
    with tempfile.TemporaryDirectory(prefix="import-bench-") as work:
        env = _env(database_url, work)
        setup = subprocess.run([PYTHON, "-c", _SETUP % {"province": PROVINCE, "judges": JUDGES}], cwd=ROOT, env=env,
                               capture_output=True, text=True, timeout=300)
        if setup.returncode != 0:
            raise RuntimeError(f"bench set-up failed:\n{setup.stderr[-3000:]}")
        court = json.loads(setup.stdout.strip().splitlines()[-1])
        ledger = Path(work) / f"legacy-ledger-{rows}.xlsx"
        started = time.perf_counter()
        write_ledger(ledger, rows, prefix=court["prefix"], court_name=court["name"], seed=seed)
        generated = time.perf_counter() - started

        command = [PYTHON, str(ROOT / "manage.py"), "import_cases", str(ledger), "--court", str(court["court"]),
                   "--user", court["user"], "--no-progress", "--json"]
        out_path, err_path = Path(work) / "import.out", Path(work) / "import.err"
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
            # wait4: the kernel's account of this child alone (its peak RSS, and its own children's).
            _pid, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):  # 1 = the import ran and failed (errors in the file)
            raise RuntimeError(f"import_cases failed (rc={proc.returncode}):\n{err_path.read_text()[-3000:]}")
        report = json.loads(out_path.read_text().strip().splitlines()[-1])
        result = {
            "rows": rows,
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),  # Linux reports KiB
            "imported": _sql_count(database_url, court["court"]),
            "status": report["status"],
            "errors": report["errors"],
            "parties_created": report["created_parties"],
            "parties_reused": report["reused_parties"],
            "file_mb": round(ledger.stat().st_size / 2**20, 1),
            "generate_seconds": round(generated, 2),
            "court": court["name"],
            # The import's own account of where its time went (rows checked …, database time by table).
            "log": [line.strip() for line in err_path.read_text(errors="replace").splitlines() if "ledger import" in line],
        }
        if keep_file:
            result["file"] = str(ledger.rename(Path(tempfile.gettempdir()) / ledger.name))
        return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/enf_impbig"))
    parser.add_argument("--keep-file", action="store_true")
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.rows, arguments.database_url, keep_file=arguments.keep_file), ensure_ascii=False, indent=2))
