"""The shared vocabulary: numerals, dates, radicals, organisation endings, surnames, titles."""
from __future__ import annotations

import unicodedata

import pytest
import regex

from kexie_parse import vocab
from kexie_parse.normalize import fold
from kexie_parse.vocab.dates import Issue, find_dates, first_date
from kexie_parse.vocab.numerals import cn_number

# --- numerals -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, value", [
    ("二〇二四", 2024), ("二O二三", 2023), ("十二", 12), ("三十一", 31), ("二十", 20), ("两", 2), ("〇", 0),
    ("零", 0), ("２０２４", 2024), ("3", 3), ("一百零三", 103), ("一〇三", 103), ("十", 10), (" 5 ", 5)])
def test_numerals_are_read(text, value):
    assert cn_number(text) == value


@pytest.mark.parametrize("text", ["", "元", "abc", "三四十", "²", "第三"])
def test_what_is_no_number_reads_as_none(text):
    assert cn_number(text) is None


# --- dates ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024年1月26日", "二〇二四年一月二十六日", "2024.1.26", "2024-01-26", "2024/1/26",
                                  "２０２４年１月２６日", "2024 年 1 月 26 日", "二〇二四年元月二十六号"])
def test_every_printed_form_of_a_date_is_read(text):
    assert first_date("北京市科协办公室 " + text + " 印发") == ("2024-01-26", 9, 9 + len(text))


def test_a_date_without_year_needs_the_year_given():
    assert first_date("1月26日") is None
    assert first_date("1月26日", 2024) == ("2024-01-26", 0, 5)
    assert first_date("2023年2月30日，2023年3月1日")[0] == "2023-03-01"   # an impossible date is skipped


def test_mixed_separators_are_no_numeric_date():
    assert first_date("2024.1-26") is None


def test_enrichment_dates_use_the_same_reader():
    issue = Issue(2024, 2)
    assert find_dates("1月15日至17日召开，去年12月3日启动，2024.3.5发布。", issue) == [
        "2024-01-15", "2024-01-17", "2023-12-03", "2024-03-05"]
    assert find_dates("12月30日", issue) == ["2023-12-30"]       # a December date in a February issue


# --- radicals -------------------------------------------------------------------------------------


def test_both_radical_blocks_are_mapped_completely():
    table = vocab.radical_equivalents()
    assigned = [cp for cp in list(range(0x2E80, 0x2F00)) + list(range(0x2F00, 0x2FE0))
                if unicodedata.name(chr(cp), "").startswith(("CJK RADICAL", "KANGXI RADICAL"))]
    # only CJK RADICAL REPEAT has no equivalent ideograph (Unicode says so)
    assert sorted(set(assigned) - set(table)) == [0x2E80]
    assert set(table) <= set(assigned)
    for cp, ideograph in table.items():   # (U+2E95's ideograph is newer than some Pythons' Unicode data)
        assert regex.fullmatch(r"\p{Unified_Ideograph}", chr(ideograph)), hex(cp)


def test_kangxi_radicals_agree_with_their_compatibility_decomposition():
    for cp, ideograph in vocab.radical_equivalents().items():
        nfkc = unicodedata.normalize("NFKC", chr(cp))
        if nfkc != chr(cp):
            assert nfkc == chr(ideograph), hex(cp)


@pytest.mark.parametrize("radical, name_word, char", [
    ("\u2ed8", "BLUE", "青"), ("\u2ed3", "LONG", "长"), ("\u2ed4", "GATE", "门"), ("\u2ee2", "HORSE", "马"),
    ("\u2ec5", "SEE", "见"), ("\u2f00", "ONE", "一"), ("\u2fa7", "LONG", "长")])
def test_radicals_fold_to_the_character_their_name_says(radical, name_word, char):
    assert name_word in unicodedata.name(radical)
    assert fold("北京" + radical) == "北京" + char


def test_chromium_radicals_in_a_line_fold():
    assert fold("北京⻘年科技⼯作者⻓城论坛") == "北京青年科技工作者长城论坛"


# --- word lists -----------------------------------------------------------------------------------


def test_organisation_endings_have_one_home_and_classes():
    everything = set(vocab.org_endings())
    assert {"学会", "协会", "研究会", "科协", "大学", "学院", "中心", "委员会"} <= set(vocab.org_endings("name"))
    assert set(vocab.org_endings("unit")) == set("部局厅处室办委组所馆")
    assert everything == set(vocab.org_endings("name", "unit", "standalone"))
    lengths = [len(w) for w in vocab.org_endings()]
    assert lengths == sorted(lengths, reverse=True) and len(lengths) == len(everything)
    with pytest.raises(ValueError):
        vocab.org_endings("nonsense")


def test_every_compound_surname_of_the_hundred_surnames_is_listed():
    compound = vocab.surnames().compound
    for name in ("欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 独孤 端木 南宫 西门 百里 呼延 "
                 "澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 轩辕 钟离 闾丘 司空 亓官 司寇 仉督 子车 颛孙 巫马 公西 漆雕 "
                 "乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 东郭 梁丘 左丘 东门 羊舌 微生 公羊 第五").split():
        assert name in compound
    assert vocab.surnames().length_at("书记欧阳明华", 2) == 2
    assert vocab.surnames().length_at("王明", 0) == 1 and vocab.surnames().length_at("的", 0) == 0


def test_job_titles_are_longest_first():
    titles = vocab.job_titles()
    assert titles.index("常务副主席") < titles.index("副主席") < titles.index("主席")


def test_a_bulletin_printed_with_radicals_reads_as_ordinary_characters():
    from helpers import BODY_1, HEAD, TAIL, blocks, parse
    b = parse(blocks(HEAD, "北京⻘年科技⼯作者⻓城论坛举办", BODY_1, TAIL))
    assert b.articles[0].title == "北京青年科技工作者长城论坛举办"
