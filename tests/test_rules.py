"""One small test per rule, with the odd cases archives hold."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kexie_parse

from helpers import BODY_1, BODY_2, HEAD, TAIL, blocks, paras, parse, titles
from kexie_parse.normalize import fold, tidy
from kexie_parse.rules.attribution import find_attribution, read_mark
from kexie_parse.rules.colophon import parse_colophon
from kexie_parse.rules.masthead import MastheadReader, cn_number, parse_date
from kexie_parse.vocab import org_endings, surnames
from kexie_parse.rules.section import match_section_marker
from kexie_parse.rules.toc import strip_entry


def masthead(*lines: str):
    r = MastheadReader()
    for i, ln in enumerate(lines):
        assert r.read(ln, i + 1, first=(i == 0)), ln
    return r.finish()


# --- normalisation -----------------------------------------------------------------------
def test_fullwidth_digits_and_kangxi_radicals_fold():
    assert fold("２０２３年⼀⽉⼆⽇副处⾧") == "2023年一月二日副处长"


def test_spaces_next_to_digits_go_latin_word_spaces_stay():
    assert tidy("2022 年度 New York 科技 周 第 3 期") == "2022年度New York科技周第3期"


# --- masthead ----------------------------------------------------------------------------
@pytest.mark.parametrize("line,issue", [("2023年第3期", 3), ("第三期", 3), ("2023年第八期", 8), ("第十二期", 12),
                                        ("第二十三期", 23), ("2023 年 第 3 期", 3), ("第１期", 1)])
def test_issue_numbers(line, issue):
    assert masthead("科协每周动态", fold(line)).issue == issue


def test_special_issue_on_issue_line_and_on_its_own():
    m = masthead("学会工作简报", "2023年增刊第2期", "总126期")
    assert (m.special, m.issue, m.total_issue) == ("增刊", 2, 126)
    m = masthead("海淀区科协工作简报", "特刊", "第6期（总56期）", "2023年5月20日")
    assert (m.special, m.issue, m.total_issue, m.year) == ("特刊", 6, 56, 2023)


@pytest.mark.parametrize("line", ["（总第56期）", "(总第56期)", "总56期", "总第 56 期"])
def test_total_issue_forms(line):
    assert masthead("科协每周动态", "2023年第3期", line).total_issue == 56


def test_issuer_and_date_on_one_line_and_trailing_bian_dropped():
    m = masthead("学会工作简报", "2023年第5期（总第121期）", "北京市科协学会服务中心编     2023年6月2日")
    assert (m.issuer, m.date) == ("北京市科协学会服务中心", "2023-06-02")
    assert masthead("学会工作简报", "第5期", "北京市科协学会服务中心编印").issuer == "北京市科协学会服务中心"


def test_chinese_numeral_date_and_year_from_date():
    m = masthead("科协每周动态", "第12期（总第35期）", "二〇二三年二月三日")
    assert (m.date, m.year) == ("2023-02-03", 2023)
    assert parse_date("2023年2月30日") is None
    assert cn_number("二十一") == 21 and cn_number("一〇三") == 103


def test_letter_spaced_title():
    assert masthead("科 协 每 周 动 态", "2023年第3期").title == "科协每周动态"


# --- table of contents ---------------------------------------------------------------------
@pytest.mark.parametrize("printed", ["- 学会动态", "● 学会动态", "1. 学会动态", "学会动态……………2", "学会动态......12",
                                     "（3）学会动态"])
def test_toc_entry_stripped(printed):
    assert strip_entry(printed)[0] == "学会动态"


def test_toc_headings_entries_and_targets():
    for heading in ("目录", "目录提要", "本期目录", "本期要目", "本期导读"):
        b = parse(blocks(HEAD, heading, "- 北京制冷学会召开常务理事会\n- 学会动态", "北京制冷学会召开常务理事会", BODY_1,
                         "【学会动态】", "北京力学会举办青年学者学术沙龙", BODY_2, TAIL))
        assert [e.title for e in b.toc] == ["北京制冷学会召开常务理事会", "学会动态"], heading
        assert [e.target for e in b.toc] == ["a1", "s2"]


def test_toc_entry_with_no_target_gets_a_diagnostic():
    b = parse(blocks(HEAD, "目录", "- 不存在的文章标题在这里", "北京制冷学会召开常务理事会", BODY_1, TAIL))
    assert b.toc[0].target is None
    assert any(d.code == "toc.no_target" for d in b.diagnostics)


def test_toc_entry_wrapped_over_two_lines_with_leaders():
    text = ("科协每周动态\n2023年第3期\n北京市科协办公室\n2023年2月3日\n\n目录\n"
            "市科协与北京经济技术开发区管委会签署共建科技创新服\n务平台战略合作协议……………………2\n学会动态………………3\n\n")
    b = parse(text + blocks("市科协与北京经济技术开发区管委会签署共建科技创新服务平台战略合作协议", BODY_1, "【学会动态】",
                            "北京力学会举办青年学者学术沙龙", BODY_2, TAIL))
    assert [(e.title, e.page) for e in b.toc] == [("市科协与北京经济技术开发区管委会签署共建科技创新服务平台战略合作协议", 2),
                                                  ("学会动态", 3)]
    assert b.toc[0].target == "a1"


# --- sections ----------------------------------------------------------------------------
@pytest.mark.parametrize("marker", ["【学会动态】", "〖学会动态〗", "［学会动态］", "■ 学会动态", "◆学会动态◆", "[学会动态]"])
def test_section_markers(marker):
    assert match_section_marker(marker) == "学会动态"


def test_bracket_in_prose_is_no_marker():
    assert match_section_marker("【学会动态】北京制冷学会召开会议。") is None


def test_lead_stories_form_a_section_without_name_and_no_markers_at_all():
    b = parse(blocks(HEAD, "市科协召开2022年度民主生活会", BODY_1, "【学会动态】", "北京制冷学会召开常务理事会", BODY_2, TAIL))
    assert [(s.name, len(s.articles)) for s in b.sections] == [(None, 1), ("学会动态", 1)]
    b = parse(blocks(HEAD, "市科协召开2022年度民主生活会", BODY_1, "北京制冷学会召开常务理事会", BODY_2, TAIL))
    assert [(s.name, len(s.articles)) for s in b.sections] == [(None, 2)]


# --- titles ------------------------------------------------------------------------------
def test_title_with_book_title_marks_and_question_mark():
    b = parse(blocks(HEAD, "两学会联合举办《城市更新设计导则》专家研讨会", BODY_1, "科普如何走进社区？", BODY_2, TAIL))
    assert titles(b) == ["两学会联合举办《城市更新设计导则》专家研讨会", "科普如何走进社区？"]


def test_subtitle_and_editor_notes():
    b = parse(blocks(HEAD, "把科协建成青年教师的“成长之家”", "——北京理工大学科协工作纪实", "编者按：本期选登经验做法，供参考。",
                     BODY_1, "北京力学会举办沙龙活动", "按：这是另一篇文章的按语。", BODY_2, TAIL))
    a, b2 = b.articles
    assert a.subtitle == "——北京理工大学科协工作纪实" and a.editor_note.startswith("编者按：")
    assert b2.editor_note == "按：这是另一篇文章的按语。" and b2.paragraphs[0].text == BODY_2


def test_title_printed_over_two_lines_in_wrapped_text():
    text = HEAD + ("北京高校科协工作联盟2022年度工作推进会暨高校科\n协建设经验交流会召开\n"
                   "3月22日下午，市科协以视频方式召开2022年度学会工作会议，总结\n2021年学会工作。\n\n" + TAIL)
    b = parse(text)
    assert titles(b) == ["北京高校科协工作联盟2022年度工作推进会暨高校科协建设经验交流会召开"]


def test_page_break_fragment_is_not_a_title():
    b = parse(blocks(HEAD, "陕西省科协到北京市科协调研座谈", "2月2日，陕西省科协党组书记李豫琦、常务副主席李肇娥",
                     "一行到北京市科协调研，并进行座谈交流。", TAIL))
    assert titles(b) == ["陕西省科协到北京市科协调研座谈"]
    assert paras(b) == ["2月2日，陕西省科协党组书记李豫琦、常务副主席李肇娥一行到北京市科协调研，并进行座谈交流。"]


def test_subheadings_list_lines_slogans_and_appendix_are_body():
    b = parse(blocks(HEAD, "把科协建成青年教师的成长之家", BODY_1, "一、加强组织建设，夯实服务基础", "（一）完善制度机制",
                     "会议明确了三项重点任务：", "深化科技社团改革", "推进全民科学素质行动", "加强基层组织建设",
                     BODY_2, "关爱科技工作者", "附：活动安排", "3月5日，启动仪式。", TAIL))
    assert titles(b) == ["把科协建成青年教师的成长之家"]
    assert paras(b)[1:5] == ["一、加强组织建设，夯实服务基础", "（一）完善制度机制", "会议明确了三项重点任务：", "深化科技社团改革"]
    assert "关爱科技工作者" in paras(b) and "附：活动安排" in paras(b)


# --- attributions ------------------------------------------------------------------------
@pytest.mark.parametrize("mark,orgs,people", [
    ("（北京制冷学会）", ["北京制冷学会"], []),
    ("（北京市环境科学学会、天津市环境科学学会）", ["北京市环境科学学会", "天津市环境科学学会"], []),
    ("（供稿：北京力学会）", ["北京力学会"], []),
    ("（北京园艺学会供稿）", ["北京园艺学会"], []),
    ("(北京园艺学会供稿)", ["北京园艺学会"], []),
    ("（供稿：北京市环境科学学会　通讯员：王小明）", ["北京市环境科学学会"], ["王小明"]),
    ("（北京市科协（科普部）供稿）", ["北京市科协（科普部）"], []),
    ("（文/张三　图/李四）", [], ["张三", "李四"]),
    ("（文/张三图/李四）", [], ["张三", "李四"]),
    ("（文/图：王五）", [], ["王五"]),
    ("（供稿单位：北京园艺学会）", ["北京园艺学会"], []),
    ("（北京园艺学会 张三）", ["北京园艺学会"], ["张三"]),
    ("（北京园艺学会张三）", ["北京园艺学会"], ["张三"]),
    ("（北京园艺学会 张三 李四）", ["北京园艺学会"], ["张三", "李四"]),
    ("（北京园艺学会，欧阳明华）", ["北京园艺学会"], ["欧阳明华"]),
    ("（通讯员：张三）", [], ["张三"]),
    ("（通讯员：阿依古丽·买买提）", [], ["阿依古丽·买买提"]),
    ("（北京力学会；北京园艺学会，北京制冷学会）", ["北京力学会", "北京园艺学会", "北京制冷学会"], []),
    ("（北京市林业局、中国科学院高能所）", ["北京市林业局", "中国科学院高能所"], []),
    ("（区科普工作站）", ["区科普工作站"], []),
])
def test_attribution_forms_inline_and_own_line(mark, orgs, people):
    found = find_attribution("……为争创一流学会不懈努力。" + mark, own_line=False)
    assert found and found[1].orgs == orgs and found[1].people == people
    assert find_attribution(mark, own_line=True)[1].orgs == orgs


def test_a_name_alone_in_brackets_is_no_attribution():
    assert find_attribution("……不懈努力。（张三）", own_line=False) is None


def test_marks_end_to_end_inline_own_line_and_right_aligned():
    for mark, orgs, people in [("（北京市科协（科普部）供稿）", ["北京市科协（科普部）"], []),
                               ("（文/张三　图/李四）", [], ["张三", "李四"]),
                               ("（北京力学会 张三）", ["北京力学会"], ["张三"])]:
        inline = parse(blocks(HEAD, "北京制冷学会召开常务理事会", BODY_1 + mark, "北京力学会举办沙龙", BODY_2, TAIL))
        own = parse(blocks(HEAD, "北京制冷学会召开常务理事会", BODY_1, mark, "北京力学会举办沙龙", BODY_2, TAIL))
        right = parse(HEAD + "北京制冷学会召开常务理事会\n" + BODY_1 + "\n" + " " * 30 + mark
                      + "\n\n北京力学会举办沙龙\n" + BODY_2 + "\n\n" + TAIL)
        for b in (inline, own, right):
            a = b.articles[0]
            assert (a.attribution, a.contributors, [p.text for p in a.paragraphs]) == (orgs, people, [BODY_1]), mark


@pytest.mark.parametrize("mark, orgs, people", [
    ("（北京市科协（科普部）供稿）", ["北京市科协（科普部）"], []),
    ("（文/张三　图/李四）", [], ["张三", "李四"]),
    ("（北京制冷学会 张三）", ["北京制冷学会"], ["张三"])])
def test_right_aligned_mark_of_a_pdf(tmp_path, mark, orgs, people):
    from pdf_factory import FONT, LONG, bulletin
    if FONT is None:
        pytest.skip("fonts-wqy-zenhei is not installed (.ci/run installs it)")
    a = kexie_parse.parse(bulletin(tmp_path / "b.pdf", mark=mark), enrich=False).articles[1]
    assert (a.attribution, a.contributors, [p.text for p in a.paragraphs]) == (orgs, people, [LONG])


def test_bracket_in_mid_text_is_no_attribution():
    assert find_attribution("中国地质大学（北京）、吉林大学等高校参加。", own_line=False) is None
    assert find_attribution("借助科学跨年（活动）", own_line=False) is None
    b = parse(blocks(HEAD, "高校科协工作经验交流活动举办", "中国地质大学（北京）、吉林大学等高校科协负责人参加。", TAIL))
    assert b.articles[0].attribution == []


def test_attribution_leaves_the_paragraph_and_own_line_one_too():
    b = parse(blocks(HEAD, "北京制冷学会召开常务理事会", BODY_1 + "（北京制冷学会）", "北京力学会举办沙龙", BODY_2,
                     "（供稿：北京力学会）", TAIL))
    a1, a2 = b.articles
    assert (a1.attribution, a1.paragraphs[-1].text) == (["北京制冷学会"], BODY_1)
    assert (a2.attribution, a2.attribution_text, len(a2.paragraphs)) == (["北京力学会"], "（供稿：北京力学会）", 1)


# --- colophon ----------------------------------------------------------------------------
def col(*lines: str):
    return parse_colophon([(t, i) for i, t in enumerate(lines, 1)])[0]


def test_colophon_labels_several_per_line_and_two_names():
    c = col("编辑：张三　李四　　审核：王五", "签发：赵六", "校对：钱七", "报送：中国科协办公厅", "抄送：各区科协", "共印80份")
    assert (c.editor, c.reviewer) == (["张三", "李四"], ["王五"])
    assert c.other == {"签发": ["赵六"], "校对": ["钱七"], "报送": ["中国科协办公厅"], "抄送": ["各区科协"], "印数": ["80"]}


def test_recipients_continue_over_unlabelled_lines():
    c = col("责任编辑：张红波", "分送：市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导", "机关各部门及事业单位")
    assert c.editor == ["张红波"]
    assert c.distribution == ["市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导", "机关各部门及事业单位"]
    assert col("发：各市级学会").distribution == ["各市级学会"]


# --- furniture and provenance -------------------------------------------------------------
@pytest.mark.parametrize("number", ["— 2 —", "-2-", "第2页"])
def test_page_numbers_go_to_furniture(number):
    text = HEAD + f"北京制冷学会召开常务理事会\n{BODY_1}\n\n{number}\n\f科协每周动态 2023年第3期\n{BODY_2}\n\n{TAIL}"
    b = parse(text)
    kinds = {(f.kind, f.text) for f in b.furniture}
    assert ("page_number", number) in kinds and ("running_header", "科协每周动态 2023年第3期") in kinds
    assert all(number not in p.text for p in b.articles[0].paragraphs)
    assert b.source.pages == 2


def test_paragraph_provenance_lines_and_pages():
    b = parse(blocks(HEAD, "北京制冷学会召开常务理事会", BODY_1, BODY_2, TAIL))
    p1, p2 = b.articles[0].paragraphs
    assert p1.lines == [p1.lines[0], p1.lines[0]] and p2.lines[0] > p1.lines[1] and p1.pages == [1]


def test_missing_masthead_fields_are_diagnosed():
    b = parse(blocks("北京制冷学会召开常务理事会", BODY_1, TAIL))
    codes = {d.code for d in b.diagnostics}
    assert {"masthead.no_date", "masthead.no_issue"} <= codes


def test_classification_mark_unusual_issuer_and_this_issue_editor():
    b = parse(blocks("内部资料", "科协每周动态", "2023年第3期", "中共北京市科协党组", "2023年2月3日",
                     "北京制冷学会召开常务理事会", BODY_1, "本期编辑：张三", "审核：李四"))
    m = b.masthead
    assert (m.title, m.issuer, m.date) == ("科协每周动态", "中共北京市科协党组", "2023-02-03")
    assert "内部资料" in m.printed and (b.colophon.editor, b.colophon.reviewer) == (["张三"], ["李四"])


def test_title_with_one_comma_when_an_article_clearly_opens_after_it():
    b = parse(blocks(HEAD, "凝心聚力，共谋发展", "1月15日上午，北京制冷学会召开常务理事会。", "他说，这是一段很长的正文内容，"
                     "不是标题", "继续正文。", TAIL))
    assert titles(b) == ["凝心聚力，共谋发展"]


def test_full_width_found_when_first_lines_outnumber_full_lines():
    """Bulletins of short paragraphs print more indented first lines (F-2) than full lines (F)."""
    from kexie_parse.stages.blocks import full_width
    assert full_width([29.0] * 23 + [31.0] * 20 + [27.0] * 3 + [20.0] * 5) == 31.0
    assert full_width([31.0] * 90 + [29.0] * 15 + [33.0] * 3) == 31.0


def test_bullet_toc_entries_are_not_section_markers():
    b = parse(blocks(HEAD, "目录", "● 北京园艺学会开展联学共建活动\n● 学会服务中心开通会员服务热线", "〖党建强会〗",
                     "北京园艺学会开展联学共建活动", BODY_1, "〖会员服务〗", "学会服务中心开通会员服务热线", BODY_2, TAIL))
    assert [e.title for e in b.toc] == ["北京园艺学会开展联学共建活动", "学会服务中心开通会员服务热线"]
    assert [s.name for s in b.sections] == ["党建强会", "会员服务"]


def test_running_header_printed_as_two_segments_or_one_line_with_special_issue():
    page1 = "石景山科协简报\n特刊第1期\n北京市科协办公室\n2025年5月30日\n\n北京制冷学会召开常务理事会\n" + BODY_1 + "\n"
    text = (page1 + "\f石景山科协简报                特刊第1期\n" + BODY_2 + "\n\f石景山科协简报   特刊第1期\n" + BODY_2 + "\n\n" + TAIL)
    b = parse(text)
    assert [f.kind for f in b.furniture].count("running_header") == 3
    assert all("石景山" not in p.text for p in b.articles[0].paragraphs)


def test_decimal_is_no_bullet_and_widened_space_keeps_a_mark_whole():
    text = HEAD + ("北京制冷学会召开常务理事会\n"
                   "联盟调查显示，目前受访家庭中对储能设备安全常识的知晓率仅为\n"
                   "62.3%。联盟将通过社区讲座推广指南。\n"
                   "            （供稿：北京制冷学会        通讯员：王小明）\n\n" + TAIL)
    b = parse(text)
    a = b.articles[0]
    assert [p.text for p in a.paragraphs] == ["联盟调查显示，目前受访家庭中对储能设备安全常识的知晓率仅为62.3%。联盟将通过社区讲座推广指南。"]
    assert (a.attribution, a.contributors) == (["北京制冷学会"], ["王小明"])


def test_mark_tail_printed_after_the_colophon_goes_back_to_its_mark():
    """pdftotext may put the second line of a right-aligned mark after the colophon and page number."""
    text = HEAD + ("顺义区科协启动科技助农服务行动\n3月6日，顺义区科协启动服务行动。\n（供稿：顺义区科协\n\n"
                   "编辑：柴思远\n分送：市科协驻会领导\n机关各部门\n\n— 4 —\n\n通讯员：鞠晓萌）\n")
    b = parse(text)
    a = b.articles[0]
    assert (a.attribution, a.contributors) == (["顺义区科协"], ["鞠晓萌"])
    assert b.colophon.distribution == ["市科协驻会领导", "机关各部门"]


def test_full_width_found_in_a_bulletin_of_short_paragraphs():
    from kexie_parse.stages.blocks import full_width
    widths = [16, 17, 18, 18, 18.5, 19, 19, 19, 20, 20, 20, 21, 22, 23, 23, 23.5, 25, 26, 27] + [29] * 5 + [31] * 2
    assert full_width(sorted(widths)) == 31


def test_mark_shredded_over_three_lines_is_one_attribution():
    text = HEAD + ("北京制冷学会召开常务理事会\n1月15日，学会召开常务理事会。高级农艺师谷秀兰现场示范修剪要领。（供稿：溪翁庄镇科协\n\n通\n\n"
                   "讯员：常雨萱）\n\n" + TAIL)
    a = parse(text).articles[0]
    assert (a.attribution, a.contributors) == (["溪翁庄镇科协"], ["常雨萱"])
    assert a.paragraphs[-1].text.endswith("修剪要领。")


def test_title_ending_in_a_bracket_and_quoted_sentence_is_no_title():
    from kexie_parse.rules.title import title_shape
    assert title_shape("北京高校科协联盟2022年工作总结（摘要）")
    assert not title_shape("参加结对的青年学者说：“导师帮我修改了申请书。”")


def test_appendix_agenda_lines_are_body_not_titles():
    b = parse(blocks(HEAD, "区科协启动科技服务活动", BODY_1, "附：活动安排", "1.3月15日上午：双浦镇启动仪式",
                     "2.3月16日：转塘街道田间课堂", "3.3 月 17 日：蒋村街道科普宣传", "区科协召开2023年科普工作推进会",
                     "3月21日，区科协召开2023年科普工作推进会。", TAIL))
    assert titles(b) == ["区科协启动科技服务活动", "区科协召开2023年科普工作推进会"]
    assert paras(b)[-1] == "3.3月17日：蒋村街道科普宣传"


# --- attribution marks drawn from open classes ------------------------------------------------------

# Han characters that start no surname and no organisation ending, for organisation stems and given names
_PLAIN = "北京市丰台海淀通州昌平怀柔延庆密云平谷顺义大兴房山门头沟石景山朝阳东城西城天津河北保定廊坊"
_GIVEN = "明华伟芳娜敏静丽强磊军洋勇艳杰娟涛超秀霞平刚桂英"
_org = st.builds(lambda stem, end: stem + end, st.text(_PLAIN, min_size=2, max_size=8),
                 st.sampled_from(org_endings("name")))
_person = st.builds(lambda s, g: s + g, st.sampled_from(sorted(surnames().single - set(_PLAIN + _GIVEN))
                                                        + sorted(surnames().compound)),
                    st.text(_GIVEN, min_size=1, max_size=2))


@settings(max_examples=150, deadline=None)
@given(orgs=st.lists(_org, min_size=1, max_size=3, unique=True), people=st.lists(_person, max_size=2, unique=True),
       sep=st.sampled_from(["、", "，", "；", ",", ";"]),
       shape=st.sampled_from(["{o}", "供稿：{o}", "供稿单位：{o}", "{o}供稿", "来源：{o}"]),
       credit=st.sampled_from(["通讯员：{p}", "作者：{p}", "文/{p}", "摄影：{p}"]))
def test_marks_of_any_organisations_and_people(orgs, people, sep, shape, credit):
    body = shape.format(o=sep.join(orgs))
    if people:
        body += "　" + credit.format(p="、".join(people))
    att = read_mark(body)
    assert att is not None and (att.orgs, att.people) == (orgs, people), body


@settings(max_examples=100, deadline=None)
@given(org=_org, person=_person, space=st.sampled_from(["", " ", "　"]))
def test_a_person_printed_after_the_organisation_is_no_organisation(org, person, space):
    att = read_mark(org + space + person)
    assert att is not None and (att.orgs, att.people) == ([org], [person])
