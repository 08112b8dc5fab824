"""The UI speaks Chinese: every message of the catalogue is translated and the compiled catalogue is current."""

import re
from pathlib import Path

import pytest

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


@pytest.mark.django_db
def test_pages_speak_chinese_to_an_english_browser_unless_english_is_chosen(client, world):
    client.force_login(world.judge)
    html = client.get("/cases/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "案件查询" in html or "我的案件" in html
    assert 'lang="zh-hans"' in html
    # the user picks English (Django's set_language view): the pages follow that choice
    client.post("/i18n/setlang/", {"language": "en", "next": "/cases/"})
    assert 'lang="en"' in client.get("/cases/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    # the API negotiates with its client
    api = client.get("/api/v1/cases/?status=nonsense", HTTP_ACCEPT_LANGUAGE="en")
    assert api.status_code == 400 and "valid choice" in api.content.decode()
