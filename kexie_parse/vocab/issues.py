"""How an issue designates itself: the one home of the issue-line patterns.

Read by the masthead rule (to fill the issue fields), by the clean stage (a running header naming the
issue) and by the bound-volume splitter (a new issue's masthead).
"""
from __future__ import annotations

import regex

# a number in Arabic or Chinese numerals: 3, 12, 三, 十二, 一〇三
NUM = r"(?:\d+|[〇零○一二三四五六七八九十百两]+)"
# a year in Arabic numerals or Chinese digits: 2024, 二〇二四
YEAR = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
# an issue line: "2023年第3期", "第三期", "增刊第2期", "〔2024〕第3期", "2023年增刊第1期（总第56期）"
# (never the 第56期 of 总第56期)
ISSUE = regex.compile(r"(?:[〔［\[（(【]?\s*(?P<year>" + YEAR + r")\s*(?:年\s*(?:度\s*)?|[〕］\]）)】]\s*年?\s*))?"
                      r"(?P<special>增刊|特刊|专刊)?\s*"
                      r"(?<!总\s{0,2})第\s*(?P<issue>" + NUM + r")\s*期")
# the cumulative issue: "（总第56期）", "(总第56期)", "总56期", "总第 56 期"
TOTAL_ISSUE = regex.compile(r"[（(]?\s*总\s*第?\s*(?P<total>" + NUM + r")\s*期\s*[）)]?")
# a special-issue word standing alone or leading the issue line: "增刊", "特刊", "专刊"
SPECIAL = regex.compile(r"(?P<special>增刊|特刊|专刊)")
# a whole line that only designates an issue: "第12期", "2021年第12期", "二〇二四年第三期", "2023年增刊第2期（总第56期）"
ISSUE_ONLY = regex.compile(r"^\s*(?:" + ISSUE.pattern + r")(?:\s*[·•、,，/]?\s*" + TOTAL_ISSUE.pattern + r")?\s*$")
# a whole line naming a title and then the issue: "科协每周动态 2023年第3期", "华北科技大学科协简报　二〇二四年第三期"
TITLE_AND_ISSUE = regex.compile(r"^\s*\S{2,20}?\s*(?:" + ISSUE.pattern + r")(?:\s*[·•、,，/]?\s*" + TOTAL_ISSUE.pattern
                                + r")?\s*$")
