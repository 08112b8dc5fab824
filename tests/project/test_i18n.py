"""The UI speaks Chinese: every message of the catalogue is translated and the compiled catalogue is current."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def _entries():
    text = PO.read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.lstrip().startswith("#~"):
            continue  # obsolete entries
        msgid = "".join(re.findall(r'^msgid ((?:".*"\n?)+)', block, re.M) and re.findall(r'"(.*)"', re.search(r'^msgid ((?:".*"\n?)+)', block, re.M).group(1)))
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        yield block, msgid, ["".join(re.findall(r'"(.*)"', s)) for s in strs]


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated = [msgid for block, msgid, strs in _entries() if msgid and (not strs or not all(strs) or "#, fuzzy" in block)]
    assert untranslated == []


def test_compiled_catalogue_is_not_older_than_the_source():
    assert MO.exists() and MO.stat().st_mtime >= PO.stat().st_mtime - 1
