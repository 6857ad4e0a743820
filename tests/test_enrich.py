"""Tests of kexie_parse.enrich: one small test per rule, with the hard cases of issue 5."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kexie_parse.enrich import enrich
from kexie_parse.model import Article, Bulletin, Masthead, Paragraph, Role, Section, Source

ROOT = Path(__file__).resolve().parents[1]


def article(*paragraphs: str, title: str = "某学会召开会议", date: str | None = "2023-02-03",
            year: int | None = 2023, **fields) -> Article:
    """Enrich a one-article bulletin of an issue dated `date` and return the article."""
    art = Article(id="a1", title=title, paragraphs=[Paragraph(text=p) for p in paragraphs], **fields)
    bulletin = Bulletin(source=Source(name="<text>", sha256="", kind="text"),
                        masthead=Masthead(year=year, date=date),
                        sections=[Section(id="s1", articles=[art])])
    enrich(bulletin)
    return art


# --- people -------------------------------------------------------------------------------------

def test_name_right_after_a_title():
    art = article("1月31日上午，市科协召开民主生活会。市科协党组书记沈洁主持会议并作总结讲话。")
    assert art.people == ["沈洁"]
    assert art.roles == [Role(name="沈洁", title="市科协党组书记")]


def test_name_after_academic_title_and_organisation():
    art = article("中国工程院院士钟志华作报告，北京建筑大学教授邵文博、总工程师许晓明等专家授课。")
    assert art.people == ["钟志华", "邵文博", "许晓明"]
    assert Role(name="钟志华", title="中国工程院院士") in art.roles


def test_name_directly_followed_by_a_title():
    art = article("沈洁书记对李豫琦书记、李肇娥常务副主席一行的到来表示欢迎。")
    assert art.people == ["沈洁", "李豫琦", "李肇娥"]


def test_enumeration_of_titled_names():
    art = article("市委组织部党群干部处副处长赵凝、市纪委市监委第二监督检查室俞杰、"
                  "驻市科委纪检监察组副组长李连华、正处级纪检监察员刘绥军到会指导。")
    assert art.people == ["赵凝", "俞杰", "李连华", "刘绥军"]


def test_enumeration_items_after_one_titled_name():
    art = article("会上，清华大学教授陈立军、王海燕、赵明远等专家先后发言。")
    assert art.people == ["陈立军", "王海燕", "赵明远"]


@pytest.mark.parametrize("dot", ["·", "・", "•", ".", " · "])
def test_name_with_a_middle_dot_is_whole_whatever_dot_extraction_gives(dot):
    art = article(f"自治区科协副主席阿依古丽{dot}买买提出席会议并讲话。")
    assert art.people == ["阿依古丽·买买提"]
    assert art.roles == [Role(name="阿依古丽·买买提", title="自治区科协副主席")]


def test_names_with_middle_dots_after_clause_words_and_in_lists():
    assert article("会议由艾力·吐尔逊主持。").people == ["艾力·吐尔逊"]
    assert article("教授阿依古丽·买买提、王小明等出席。").people == ["阿依古丽·买买提", "王小明"]


def test_dotted_slogans_and_headings_are_no_names():
    assert article("科技·创新·未来论坛开幕。").people == []
    assert article("第一章·总则").people == []
    assert article("开展“科技创新·美好生活”活动，实施青年托举·党员导师计划。").people == []


@pytest.mark.parametrize("name", ["欧阳明华", "司马光明", "上官婉儿", "诸葛文亮", "尉迟敬德", "慕容雪村", "令狐冲",
                                  "皇甫嵩", "端木良", "澹台明月", "公孙策", "宇文泰", "拓跋宏", "第五伦", "东方明"])
def test_compound_surnames_are_never_cut(name):
    art = article(f"会议由北京市科协副主席{name}主持。")
    assert art.people == [name]


def test_compound_surname_names_in_a_list():
    art = article("秘书长慕容雪村、副秘书长令狐冲，院长欧阳明华、副院长司马光等出席。")
    assert art.people == ["慕容雪村", "令狐冲", "欧阳明华", "司马光"]


def test_words_starting_like_compound_surnames_are_no_names():
    assert article("召开第五届理事会第一次会议，广东方面的专家出席。百里挑一的人才参会。").people == []


def test_name_before_a_speech_verb():
    art = article("会上，刘德明指出，要加强合作。宋建平说：“要发挥学会作用。”")
    assert art.people == ["刘德明", "宋建平"]


def test_three_character_name_before_a_verb():
    art = article("北京市科协副主席郭鲁钢出席并讲话。郭鲁钢指出，要加强服务。")
    assert art.people == ["郭鲁钢"]


def test_verb_after_a_two_character_name_is_not_part_of_it():
    art = article("首开城运集团董事长吴智向各位领导及专家介绍首开集团发展情况。")
    assert art.people == ["吴智"]


def test_two_character_name_before_comma_or_title():
    art = article("社区发展基金秘书长王晓、研究院院长于静出席。王晓院长介绍了基金情况。")
    assert art.people == ["王晓", "于静"]


def test_two_character_name_before_a_one_character_verb():
    art = article("沈洁说，要抓好问题整改落实。市科协党组书记沈洁在总结讲话中强调，要带好头。")
    assert art.people == ["沈洁"]


def test_today_afternoon_is_not_a_person():
    art = article("今天下午，市科协召开座谈会，副主席周雅琴主持会议。")
    assert art.people == ["周雅琴"]
    assert "今天下午" not in art.people


def test_a_place_is_not_a_person():
    art = article("区长马建国在昌平调研。昌平、海淀等区负责同志参加。", "丰台区科协主席林淑芬陪同。")
    assert art.people == ["马建国", "林淑芬"]
    assert {"昌平区", "海淀区", "丰台区"} <= set(art.places)


def test_titles_organisations_and_ordinary_words_are_not_people():
    art = article("学会副理事长单位代表参加会议。高校代表、企业代表分别发言。万人参加活动，"
                  "常务理事出席，文件指出，于是提出建议。向各位专家介绍情况。")
    assert art.people == []


def test_surname_with_honorific_is_not_a_full_name():
    art = article("王女士说，很满意。李总表示同意。张院士表示支持，李主任介绍情况。")
    assert art.people == []


def test_recurring_ordinary_word_is_not_a_person():
    art = article("学会举办冷链物流节能技术交流会。理事长郝文涛指出，冷链物流是重要环节，推动冷链设施节能降碳。")
    assert art.people == ["郝文涛"]


def test_name_after_title_followed_by_an_unlisted_verb():
    art = article("1月18日，一行来到中国科学院院士韦承德家中。北京大学副教授梁晨曦走进社区。")
    assert art.people == ["韦承德", "梁晨曦"]
    assert "承德市" not in art.places


def test_known_public_figure_without_a_title():
    art = article("带头用习近平新时代中国特色社会主义思想凝心铸魂，深入践行习近平总书记重要讲话精神。")
    assert art.people == ["习近平"]


def test_compound_surname():
    art = article("会议由副主席欧阳晓明主持。")
    assert art.people == ["欧阳晓明"]


def test_people_once_each_in_first_mention_order():
    art = article("学会秘书长潘振华主持会议，会长钱卫东讲话。", "钱卫东指出，要做好服务。潘振华在总结时要求，各专委会要认真落实。",
                  "理事长唐俊杰、潘振华出席。")
    assert art.people == ["潘振华", "钱卫东", "唐俊杰"]


def test_contributors_are_not_people_mentioned():
    art = article("副主席周雅琴出席。", attribution=["北京市环境科学学会"],
                  attribution_text="（供稿：北京市环境科学学会通讯员：贺晓光）", contributors=["贺晓光"])
    assert art.people == ["周雅琴"]
    assert art.contributors == ["贺晓光"]


def test_roles_keep_titles_joined_by_enumeration_comma():
    art = article("市科协党组书记、常务副主席韩立新出席，一家航天企业的工程师冯子健发言。")
    assert art.roles == [Role(name="韩立新", title="市科协党组书记、常务副主席"),
                         Role(name="冯子健", title="工程师")]



def test_name_glued_to_a_verb_is_cut_back_to_the_attested_name():
    art = article("党支部书记、学会副理事长兼秘书长吕申领学了全会精神。吕申要求，要把学习成果转化为实际行动。")
    assert art.people == ["吕申"]
    assert art.roles == [Role(name="吕申", title="党支部书记、学会副理事长兼秘书长")]
    # a longer name followed by a known right context is a different person, not a glued one
    assert article("副主席王海燕主持会议。王海指出，要加强合作。").people == ["王海燕", "王海"]


def test_name_glued_to_a_verb_is_cut_back_to_a_name_of_another_article():
    arts = [Article(id="a1", title="甲", paragraphs=[Paragraph(text="党支部书记、学会副理事长兼秘书长吕申领学了全会精神。")]),
            Article(id="a2", title="乙", paragraphs=[Paragraph(text="吕申主持会议并讲话。")])]
    enrich(Bulletin(source=Source(name="<text>", sha256="", kind="text"), masthead=Masthead(year=2023),
                    sections=[Section(id="s1", articles=arts)]))
    assert [a.people for a in arts] == [["吕申"], ["吕申"]]


def test_academic_titles_and_head_count_after_a_name():
    art = article("化学学院博士后钱雨等12人入选，医院主治医师卢可、馆员殷实出席。龚悦等20名青年教师参加。")
    assert art.people == ["钱雨", "卢可", "殷实", "龚悦"]
    assert Role(name="钱雨", title="化学学院博士后") in art.roles


def test_enumeration_of_bare_names_closed_by_a_head_count_or_verb():
    assert article("区科协增补贾明、乔思远、韦若彤等3人为委员会委员。").people == ["贾明", "乔思远", "韦若彤"]
    assert article("会议增选尤达、聂文君为常务理事。").people == ["尤达", "聂文君"]
    assert article("北京、天津、河北等3地联合举办活动。").people == []
    assert article("科普、科创、科技等3项活动入选。").people == []
    assert article("高校、金融、文化等领域，安全、成本、龙头等问题。").people == []


def test_bare_enumeration_closed_by_etc_and_a_group_noun_inside_a_longer_run():
    # the run of 、 goes on past the list of names (…等青年教师围绕甲、乙等话题)
    art = article("会上，严一鸣、邬可欣、阎立伟等青年教师围绕团队建设、基金申报、成果转化等话题发言。")
    assert art.people == ["严一鸣", "邬可欣", "阎立伟"]
    assert article("高校、企业、院所等单位参加，围绕标准、检测等话题交流。").people == []


def test_bare_enumeration_closed_by_a_matching_head_count():
    art = article("论坛上，某大学的柯雨辰、翟若宁、卓思远三位青年学者分别作了报告。")
    assert art.people == ["柯雨辰", "翟若宁", "卓思远"]
    assert article("北京、天津、河北三地联合举办活动。").people == []
    assert article("物理、化学两个学院联合举办活动。").people == []
    assert article("物理、化学两位老师参加。").people == []
    # the count must match the items: 两位 after three items closes no list of bare names
    assert article("会上，柯雨辰、翟若宁、卓思远两位青年学者作了报告。").people == []


def test_enumeration_of_organisation_plus_name_closed_by_a_head_count():
    art = article("活动邀请了动物医学院欧晓岑、资源与环境学院伍铭远两位青年教师分享心得。")
    assert art.people == ["欧晓岑", "伍铭远"]
    assert article("活动邀请了动物医学院、资源与环境学院两位青年教师分享心得。").people == []


def test_patent_attorney_title_before_a_name():
    art = article("走访中，专利代理师闫可馨针对企业的问题逐一解答。")
    assert art.people == ["闫可馨"]


def test_title_ending_in_a_place_prefix_wins_over_the_place():
    # 监事长|沙… is no 长沙
    art = article("学会理事长鲍伯涵、监事长沙静仪等20余名理事会成员参加会议。")
    assert art.people == ["鲍伯涵", "沙静仪"]
    assert "长沙" not in art.places
    assert article("会议在长沙召开，理事长鲍伯涵出席。").places == ["长沙市"]


def test_two_character_dictionary_word_after_a_title_is_not_a_person():
    assert article("（二）开展青年教师沙龙。").people == []
    assert article("学会组织青年教师沙龙，教授高峰出席。").people == ["高峰"]



def test_company_and_research_job_titles_before_a_name():
    art = article("邀请一家通信企业的首席架构师罗志鹏作报告，技术总监贝思远、项目经理祁一鸣、首席科学家邝文涛出席。")
    assert art.people == ["罗志鹏", "贝思远", "祁一鸣", "邝文涛"]
    assert Role(name="罗志鹏", title="一家通信企业的首席架构师") in art.roles or \
        any(r.name == "罗志鹏" and r.title.endswith("首席架构师") for r in art.roles)
    # a title word inside an organisation name does not make the next word a name
    assert article("市顾问委员会向社会发布报告。").people == []


def test_surname_plus_ordinary_word_is_not_a_person():
    # a trigger verb after it (介绍) or a title word before a preposition (专家|向) is not enough
    assert article("以图文并茂的形式向公众介绍家用储能设备。").people == []
    assert article("活动现场，向公众介绍了储能设备。").people == []
    assert article("活动中，专家向大家介绍了防灾知识，主任谈体会。").people == []
    # real names whose given name is an ordinary word: a title, an enumeration, a recurring mention
    assert article("北京大学副教授侯建军介绍了情况，教授高峰、研究员王平出席。").people == ["侯建军", "高峰", "王平"]
    assert article("会上，教授李明、侯建军出席。").people == ["李明", "侯建军"]
    assert article("会上，侯建军指出，要加强合作。侯建军表示，要做好服务。").people == ["侯建军"]


def test_candidate_cutting_a_word_needs_strong_evidence():
    # 关注职|称 cuts 职称 and 关注 is a verb; 会员 names a group and vouches for no such candidate
    assert article("近半数会员关注职称评审和继续教育。").people == []
    assert article("多数学员高度关注科学普及工作。").people == []
    # real names after real titles, and a member with a plain name, stay
    assert article("教授高峰指出，研究员王平介绍，主任关晓东主持。").people == ["高峰", "王平", "关晓东"]
    assert article("会上，主任方向东主持会议。会员张三丰出席。").people == ["方向东", "张三丰"]


def test_nothing_in_the_article_title_vouches_for_a_name():
    art = article("编者按：本期摘编青年医生的感言。区医院青年医生穆清远表示，要坚守岗位。",
                  title="青年科技工作者谈疫情下的科研坚守")
    assert art.people == ["穆清远"]
    # a name in the title is still listed first when the body vouches for it
    art = article("研究员高建平指出，要坚守岗位。", title="研究员高建平谈科研坚守")
    assert art.people == ["高建平"]

# --- dates --------------------------------------------------------------------------------------

def test_month_and_day():
    assert article("1月31日上午，市科协召开会议。").dates == ["2023-01-31"]


def test_spaces_between_digits_and_chinese():
    assert article("1 月 31 日上午，市科协召开会议。").dates == ["2023-01-31"]


def test_date_with_its_own_year():
    assert article("自2022年12月31日起，市科协官网播放视频。").dates == ["2022-12-31"]


def test_chinese_numeral_dates():
    art = article("二〇二二年十二月三十一日举办活动；二月三日召开会议。")
    assert art.dates == ["2022-12-31", "2023-02-03"]


def test_range_gives_both_ends():
    art = article("1月15日至17日举办培训，1月20日-22日召开座谈会，1月25-26日考察。")
    assert art.dates == ["2023-01-15", "2023-01-17", "2023-01-20", "2023-01-22", "2023-01-25", "2023-01-26"]


def test_range_across_months_and_years():
    assert article("1月30日至2月2日考察。").dates == ["2023-01-30", "2023-02-02"]
    assert article("2022年12月28日至1月3日展出。").dates == ["2022-12-28", "2023-01-03"]


def test_december_date_in_a_january_issue_is_last_year():
    art = article("12月28日，学会召开年会。1月5日召开理事会。", date="2023-01-06")
    assert art.dates == ["2022-12-28", "2023-01-05"]


def test_november_date_in_a_february_issue_is_last_year():
    assert article("11月20日举办论坛。", date="2023-02-10").dates == ["2022-11-20"]


def test_december_date_in_a_june_issue_is_this_year():
    assert article("将于12月5日举办年会。", date="2023-06-02").dates == ["2023-12-05"]


def test_year_from_masthead_year_when_issue_has_no_date():
    assert article("5月10日召开会议。", date=None, year=2022).dates == ["2022-05-10"]


def test_relative_year_words():
    art = article("去年12月20日已启动，将于明年3月5日在天津举办。", date="2023-06-02")
    assert art.dates == ["2022-12-20", "2024-03-05"]


def test_vague_times_are_not_dates():
    art = article("近日，学会召开会议。本月上旬和月底将举办活动，将于2023年10月举办大会，2022年底启动。")
    assert art.dates == []


def test_impossible_dates_are_dropped():
    assert article("2月30日召开会议，2月28日返回。").dates == ["2023-02-28"]


def test_dates_once_each_in_first_mention_order():
    art = article("5月20日召开研讨会。", "5月16日举办报告会，5月20日闭幕。", date="2023-06-02")
    assert art.dates == ["2023-05-20", "2023-05-16"]


def test_listed_days_share_the_month():
    assert article("2023年1月3日、4日召开会议。").dates == ["2023-01-03", "2023-01-04"]
    assert article("5月20、21日举办论坛。").dates == ["2023-05-20", "2023-05-21"]


# --- places, organisations, keywords ----------------------------------------------------------

def test_places_canonical_once_each():
    art = article("市科协赴怀柔科学城调研，怀柔区科协主席高建平陪同。来自巴西、捷克等国家的友人发来视频。")
    assert art.places == ["怀柔区", "巴西", "捷克"]


def test_ambiguous_place_words():
    art = article("朝阳产业发展迅速，要大兴调查研究之风。服务队走进朝阳、通州、大兴等区。")
    assert art.places == ["朝阳区", "通州区", "大兴区"]


def test_organisations_include_the_attribution():
    art = article("5月20日，由北京市环境科学学会、天津市环境科学学会共同主办的研讨会召开。",
                  attribution=["北京市环境科学学会", "河北省环境科学学会"])
    assert art.organizations[:2] == ["北京市环境科学学会", "天津市环境科学学会"]
    assert "河北省环境科学学会" in art.organizations
    assert art.organizations.count("北京市环境科学学会") == 1


def test_keywords_at_most_eight_without_boilerplate_or_names():
    art = article("北京制冷学会召开常务理事会。理事长唐俊杰主持会议。唐俊杰指出，学会要坚持党建引领，"
                  "推动制冷科技创新，做好制冷行业标准制定、制冷技术培训和冷链物流服务。")
    assert 0 < len(art.keywords) <= 8
    assert "制冷" in art.keywords
    assert not {"召开", "会议", "指出", "工作", "俊杰", "唐俊杰"} & set(art.keywords)


# --- the function and its loading --------------------------------------------------------------

def test_enrich_fills_every_article_and_returns_the_bulletin():
    arts = [Article(id=f"a{i}", title=t, paragraphs=[Paragraph(text=p)]) for i, (t, p) in enumerate([
        ("甲", "5月10日，副主席周雅琴主持会议。"), ("乙", "5月11日，副主席马志刚带队调研。")], 1)]
    bulletin = Bulletin(source=Source(name="<text>", sha256="", kind="text"), masthead=Masthead(year=2022),
                        sections=[Section(id="s1", articles=arts[:1]), Section(id="s2", articles=arts[1:])])
    assert enrich(bulletin) is bulletin
    assert [a.people for a in bulletin.articles] == [["周雅琴"], ["马志刚"]]
    assert [a.dates for a in bulletin.articles] == [["2022-05-10"], ["2022-05-11"]]


def test_enrich_twice_gives_the_same_record():
    art = article("5月10日，副主席周雅琴主持会议，北京中医药学会作交流发言。")
    before = art.to_dict()
    bulletin = Bulletin(source=Source(name="<text>", sha256="", kind="text"),
                        masthead=Masthead(year=2023, date="2023-02-03"), sections=[Section(id="s1", articles=[art])])
    enrich(bulletin)
    assert art.to_dict() == before


def _run_python(code: str) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter with the project on the path."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_importing_enrich_does_not_import_jieba():
    result = _run_python("import sys, kexie_parse, kexie_parse.enrich\n"
                         "from kexie_parse.enrich import enrich\n"
                         "assert 'jieba' not in sys.modules, sorted(m for m in sys.modules if 'jieba' in m)\n"
                         "print('ok')")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_jieba_loads_quietly_on_first_use():
    result = _run_python("from kexie_parse.enrich import enrich\n"
                         "from kexie_parse.model import *\n"
                         "a = Article(id='a1', title='t', paragraphs=[Paragraph(text='副主席周雅琴主持。')])\n"
                         "b = Bulletin(source=Source(name='x', sha256='', kind='text'), masthead=Masthead(year=2023),"
                         " sections=[Section(id='s1', articles=[a])])\n"
                         "enrich(b); print(a.people)")
    assert result.returncode == 0, result.stderr
    assert "周雅琴" in result.stdout
    assert result.stderr == ""


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(["副处长", "赵凝", "、", "，", "昌平", "今天下午", "1月", "31日", "至", "17日", "2月30日",
                                 "习近平", "学会", "主持", "出席", "。", " ", "12月", "王晓", "院长", "科协", "2022年"]),
                max_size=30))
def test_any_text_gives_wellformed_fields(parts):
    art = article("".join(parts))
    assert len(art.people) == len(set(art.people))
    assert not {"今天下午", "昌平", "副处长", "院长", "科协", "学会"} & set(art.people)
    assert all(len(d) == 10 and d[4] == d[7] == "-" for d in art.dates)
    assert len(art.keywords) <= 8


# --- the gold samples -------------------------------------------------------------------------

def _gold_files() -> list[Path]:
    """Gold records of ../shared/samples or the project's samples/."""
    for folder in (ROOT.parent / "shared" / "samples", ROOT / "samples"):
        files = sorted(folder.glob("*.gold.json"))
        if files:
            return files
    return []


def _micro_f1(gold: list, pred: list) -> float:
    """Micro F1 of two lists of (article, value) pairs, as the evaluation counts it."""
    pool, hits = list(pred), 0
    for item in gold:
        if item in pool:
            pool.remove(item)
            hits += 1
    if not gold and not pred:
        return 1.0
    precision, recall = hits / max(1, len(pred)), hits / max(1, len(gold))
    return 2 * precision * recall / (precision + recall) if hits else 0.0


@pytest.mark.skipif(not _gold_files(), reason="no gold samples next to the project")
def test_gold_samples_people_and_dates_f1():
    pairs = {"people": ([], []), "dates": ([], [])}
    for path in _gold_files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        gold_articles = [a for s in gold["sections"] for a in s["articles"]]
        arts = [Article(id=f"a{i}", title=a["title"], editor_note=a.get("editor_note"),
                        paragraphs=[Paragraph(text=p["text"] if isinstance(p, dict) else p) for p in a["paragraphs"]],
                        attribution=list(a.get("attribution") or []))
                for i, a in enumerate(gold_articles, 1)]
        m = gold["masthead"]
        enrich(Bulletin(source=Source(name=path.name, sha256="", kind="text"),
                        masthead=Masthead(year=m["year"], date=m["date"]), sections=[Section(id="s1", articles=arts)]))
        for g, p in zip(gold_articles, arts):
            for key in pairs:
                pairs[key][0].extend((g["title"], x) for x in g[key])
                pairs[key][1].extend((g["title"], x) for x in getattr(p, key))
    assert _micro_f1(*pairs["people"]) >= 0.95
    assert _micro_f1(*pairs["dates"]) >= 0.98


# --- people: organisation before a name, 和 ending a given name, team members, rarer surnames -----

def test_name_right_after_an_organisation():
    art = article("区疾控中心蔡文远就家庭消毒作了讲解。镇农技站程立东也应邀到场。")
    assert art.people == ["蔡文远", "程立东"]


def test_things_of_an_organisation_are_no_names():
    art = article("辞旧迎新之际，市科协官网、官微上每天都会播放一条科普短片。")
    assert art.people == []


def test_given_name_ending_in_he_after_a_title():
    art = article("纪检监察组副组长孙清和、组织部调研员林雨晴到会指导。", "孙清和对此次会议给予肯定。")
    assert art.people == ["孙清和", "林雨晴"]


def test_he_after_a_name_is_a_conjunction():
    art = article("处长王明和李华出席会议。")
    assert "王明和" not in art.people


def test_team_members_before_names():
    art = article("团队成员卢可馨、贺一鸣连续两年驻守在海岛。")
    assert art.people == ["卢可馨", "贺一鸣"]


def test_member_units_hold_no_name():
    art = article("各成员单位代表参加会议。")
    assert art.people == []


def test_rarer_surnames():
    art = article("邀请省农业科学院研究员宓春生为茶农授课，指导教师方晓岚、郦志兴介绍，馆长凤小蕾致辞。")
    assert art.people == ["宓春生", "方晓岚", "郦志兴", "凤小蕾"]


def test_rarer_surnames_after_a_title():
    """Surnames of the traditional 百家姓 that start no common word are known (蒯, 殳, 庹, 笪, 毋...)."""
    from kexie_parse.enrich import enrich
    from kexie_parse.model import Article, Bulletin, Masthead, Paragraph, Section, Source
    text = ("区科协党组成员、副主席蒯晓东主持会议。合肥工业大学研究员殳婉宁作报告，研发部经理庹凯、"
            "一级巡视员笪慧敏出席。校科协主席毋雅琴致辞。")
    b = Bulletin(source=Source(name="t", sha256="", kind="text"), masthead=Masthead(year=2024, date="2024-03-01"),
                 sections=[Section(id="s1", articles=[Article(id="a1", title="会议召开", paragraphs=[Paragraph(text=text)])])])
    assert enrich(b).articles[0].people == ["蒯晓东", "殳婉宁", "庹凯", "笪慧敏", "毋雅琴"]
