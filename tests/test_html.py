"""Web pages: a bulletin published on a site, inside the site's navigation, meta line, share links and footer.

Pages are written here as a site's content system writes them; samples/*.html are realistic published
pages of bulletins whose gold records sit beside them.
"""
from __future__ import annotations

import html as htmlmod
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import kexie_parse
from conftest import SAMPLES
from conservation import missing_characters
from scoring import score
from test_docx import SPEC

pytest.importorskip("selectolax", reason="selectolax is not installed (pip install -e .)")

NAV = ["首页", "机构概况", "新闻中心", "学会工作", "科普工作", "联系我们"]
FOOTER = "版权所有：北京市科学技术协会　主办：北京市科学技术协会　京ICP备05067890号"
SCRIPT = "var _hmt = _hmt || []; document.write('统计代码');"


def bulletin_page(spec: dict = SPEC, *, charset: str = "utf-8", declare: str = "meta", title_tag: str = "h3",
                  para_tag: str = "p", pair: str = "spaces", masthead_br: bool = False) -> bytes:
    """The spec as a site publishes it: template around, the bulletin in div.content."""
    e = htmlmod.escape
    m = spec["masthead"]["lines"]
    body: list[str] = []
    if masthead_br:
        body.append('<p style="text-align:center"><span style="font-size:36px;color:red">' + e(m[0]) + "</span><br>"
                    + "<br>".join(e(x) for x in m[1:] if isinstance(x, str)) + "</p>")
    else:
        body.append(f'<h1 class="bt">{e(m[0])}</h1>')
        body += [f'<p style="text-align:center">{e(x)}</p>' for x in m[1:] if isinstance(x, str)]
    for x in m[1:]:
        if isinstance(x, list):
            if pair == "table":
                body.append('<table class="mast"><tr>' + "".join(f"<td>{e(i)}</td>" for i in x) + "</tr></table>")
            else:
                body.append('<p style="text-align:center">' + "&nbsp;&nbsp;&nbsp;&nbsp;".join(e(i) for i in x)
                            + "</p>")
    body.append('<hr style="border-top:2px solid red">')
    toc = spec.get("toc")
    if toc:
        body.append(f'<p style="text-align:center"><strong>{e(toc["heading"])}</strong></p>')
        body += [f"<p>- {e(t)}</p>" for t in toc["entries"]]
    for s in spec["sections"]:
        if s["marker"]:
            body.append(f"<p><b>{e(s['marker'])}</b></p>")
        for a in s["articles"]:
            if title_tag == "p":
                body.append(f'<p style="text-align:center"><strong>{e(a["title"])}</strong></p>')
            else:
                body.append(f'<{title_tag} style="text-align:center">{e(a["title"])}</{title_tag}>')
            if a.get("subtitle"):
                body.append(f'<p style="text-align:center">{e(a["subtitle"])}</p>')
            paras = ([a["editor_note"]] if a.get("editor_note") else []) + list(a["paragraphs"])
            at = a.get("attribution")
            if at and at["placement"] == "inline":
                paras[-1] += at["surface"]
            for p in paras:
                body.append(f'<{para_tag} style="text-indent:2em">{e(p)}</{para_tag}>')
            if at and at["placement"] == "own_line":
                body.append(f'<p style="text-align:right">{e(at["surface"])}</p>')
    body.append('<div class="colophon">' + "<br>".join(e("　　".join(x) if isinstance(x, list) else x)
                                                         for x in spec["colophon"]["lines"]) + "</div>")
    meta = {"meta": f'<meta charset="{charset}">',
            "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
            "none": ""}[declare]
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head>{meta}
<title>科协每周动态（2023年第3期）_北京市科学技术协会</title>
<style>.nav a{{display:inline-block;padding:8px}} .content{{font-size:18px}} .bt{{font-size:32px;color:#c00}}</style>
<script>{SCRIPT}</script></head>
<body>
<div class="top"><span class="logo">北京市科学技术协会</span></div>
<div class="nav">{"".join(f'<a href="#">{n}</a>' for n in NAV)}</div>
<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">工作动态</a> &gt; 正文</div>
<div class="article">
<div class="meta">发布时间：2023-02-03　　来源：北京市科协办公室　　浏览次数：128</div>
<div class="content">
{chr(10).join(body)}
</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a>　【打印本页】【关闭窗口】</div>
</div>
<div class="foot">{FOOTER}</div>
<script>{SCRIPT}</script>
</body></html>"""
    return page.encode(charset)


def parse_page(data: bytes, tmp_path: Path, name: str = "page.html") -> kexie_parse.Bulletin:
    path = tmp_path / name
    path.write_bytes(data)
    return kexie_parse.parse(path, enrich=False)


def check_bulletin(b: kexie_parse.Bulletin) -> None:
    m = b.masthead
    assert (m.title, m.year, m.issue, m.total_issue, m.issuer, m.date) == (
        "科协每周动态", 2023, 3, 56, "北京市科协办公室", "2023-02-03")
    assert [e.title for e in b.toc] == SPEC["toc"]["entries"]
    assert [s.name for s in b.sections] == [None, "学会动态"]
    first, second = b.sections[0].articles[0], b.sections[1].articles[0]
    assert first.title == "北京制冷学会召开第九届第一次常务理事会"
    assert [p.text for p in first.paragraphs] == SPEC["sections"][0]["articles"][0]["paragraphs"]
    assert first.attribution == ["北京制冷学会"] and second.attribution == ["北京园艺学会"]
    assert second.title == "北京园艺学会赴平谷开展主题党日活动" and len(second.paragraphs) == 2
    assert b.colophon.editor == ["张红波"] and b.colophon.reviewer == ["李金涛"]
    assert b.colophon.distribution == ["市科协第十届委员会主席、副主席、常委、委员", "市科协驻会领导"]
    assert not b.unassigned


@pytest.mark.parametrize("options", [
    {},
    {"title_tag": "p", "para_tag": "div", "pair": "table"},
    {"title_tag": "h2", "masthead_br": True},
], ids=["headings", "strong-titles-div-paragraphs-table-masthead", "br-masthead"])
def test_published_page_gives_every_field(tmp_path, options):
    b = parse_page(bulletin_page(**options), tmp_path)
    assert b.source.kind == "html" and b.source.encoding == "utf-8"
    check_bulletin(b)


def test_site_text_goes_to_furniture_and_scripts_nowhere(tmp_path):
    b = parse_page(bulletin_page(), tmp_path)
    boiler = [f.text for f in b.furniture if f.kind == "boilerplate"]
    assert "北京市科学技术协会" in boiler and FOOTER in boiler
    assert any(all(n in t for n in NAV) for t in boiler)
    assert any(t.startswith("发布时间：2023-02-03") for t in boiler)
    assert any(t.startswith("分享到：") for t in boiler)
    assert "科协每周动态（2023年第3期）_北京市科学技术协会" in boiler   # the page title
    record = b.to_json()
    assert "统计代码" not in record and "_hmt" not in record and "padding" not in record
    # the site's lines stay out of the bulletin's fields
    assert b.masthead.printed[0] == "科协每周动态" and "发布时间" not in "".join(b.masthead.printed)


@pytest.mark.parametrize("declare", ["meta", "http-equiv", "none"])
def test_gbk_pages_are_decoded(tmp_path, declare):
    b = parse_page(bulletin_page(charset="gbk", declare=declare), tmp_path)
    assert b.source.encoding == "gb18030"
    check_bulletin(b)


def test_a_page_declaring_the_wrong_charset_is_still_read(tmp_path):
    data = bulletin_page(charset="gbk").replace(b'charset="gbk"', b'charset="utf-8"')
    b = parse_page(data, tmp_path)
    assert b.source.encoding == "gb18030"
    check_bulletin(b)


def test_every_visible_character_is_in_the_record(tmp_path):
    from selectolax.lexbor import LexborHTMLParser
    data = bulletin_page()
    tree = LexborHTMLParser(data.decode("utf-8"))
    for n in tree.css("script, style"):
        n.decompose()
    visible = tree.body.text(deep=True) + tree.css_first("title").text()
    b = parse_page(data, tmp_path)
    assert not missing_characters(visible, b.to_dict())


def test_kind_is_told_by_content(tmp_path):
    data = bulletin_page()
    assert parse_page(data, tmp_path, "page.txt").source.kind == "html"
    assert parse_page(data, tmp_path, "page").source.kind == "html"
    b = kexie_parse.parse(kexie_parse.TextInput(data.decode("utf-8")), enrich=False)   # markup as text
    assert b.source.kind == "html" and b.masthead.issue == 3
    # a text bulletin that mentions a tag is still text
    text = "科协每周动态\n\n2023年第3期\n\n北京市科协办公室\n\n2023年2月3日\n\n标题<p>标签说明\n\n编辑：张红波\n"
    assert kexie_parse.parse(kexie_parse.TextInput(text), enrich=False).source.kind == "text"


def test_fragment_without_html_element_is_a_web_page(tmp_path):
    """What a site's editor saves: the content alone, paragraphs as <p>, no <html> or <body>."""
    page = bulletin_page().decode("utf-8")
    fragment = page[page.index('<div class="content">'):page.index('<div class="share">')]
    b = parse_page(fragment.encode("utf-8"), tmp_path, "fragment.txt")
    assert b.source.kind == "html"
    check_bulletin(b)


HTML_SAMPLES = sorted(SAMPLES.glob("*.html"))


@pytest.mark.parametrize("path", HTML_SAMPLES, ids=[p.name for p in HTML_SAMPLES])
def test_html_samples_score_like_gold(path):
    gold = json.loads((SAMPLES / (path.name.split(".")[0] + ".gold.json")).read_text(encoding="utf-8"))
    b = kexie_parse.parse(path, enrich=False)
    assert b.source.kind == "html" and any(f.kind == "boilerplate" for f in b.furniture)
    s = score(gold, b.to_dict())
    assert s["structure"] >= 0.97, s


PAGE_ALPHABET = "科协每周动态第期总年月日学会编辑审核分送（）【】：，。、；—-●123 \u3000\xa0ABC《》“”"
BLOCK = st.tuples(st.sampled_from(["p", "div", "h3", "li", "row", "br", "strong", "center", "pre", "span"]),
                  st.lists(st.text(PAGE_ALPHABET, max_size=40), min_size=1, max_size=3))


def _page_of(blocks: list, nav: bool) -> str:
    e = htmlmod.escape
    out = []
    for tag, texts in blocks:
        if tag == "row":
            out.append("<table><tr>" + "".join(f"<td>{e(t)}</td>" for t in texts) + "</tr></table>")
        elif tag == "br":
            out.append("<p>" + "<br>".join(e(t) for t in texts) + "</p>")
        elif tag in ("strong", "span"):
            out.append("".join(f"<{tag}>{e(t)}</{tag}>" for t in texts))
        else:
            out.append("".join(f"<{tag}>{e(t)}</{tag}>" for t in texts))
    site = '<div class="nav"><a href="#">首页</a><a href="#">新闻中心</a></div>' if nav else ""
    return f"<!DOCTYPE html><html><head><title>简报</title></head><body>{site}<div>{''.join(out)}</div>" \
           f"<div class=foot>版权所有：某科协</div><script>var x='脚本';</script></body></html>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(BLOCK, min_size=1, max_size=12), st.booleans())
def test_any_page_gives_a_record_or_typed_error_and_loses_no_visible_character(blocks, nav):
    from selectolax.lexbor import LexborHTMLParser
    page = _page_of(blocks, nav)
    try:
        b = kexie_parse.parse(kexie_parse.TextInput(page), enrich=False)
    except kexie_parse.KexieParseError:
        return
    assert b.source.kind == "html"
    tree = LexborHTMLParser(page)
    for n in tree.css("script"):
        n.decompose()
    visible = tree.body.text(deep=True) + "简报"
    assert not missing_characters(visible, b.to_dict())
    assert "脚本" not in b.to_json()
    assert b.to_json() == kexie_parse.parse(kexie_parse.TextInput(page), enrich=False).to_json()
