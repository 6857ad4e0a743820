"""The bulletin as a 科协 website publishes it: a CMS article page around the pasted bulletin.

Site header with logo text and navigation, breadcrumbs, an article meta line (发布时间/来源/字号),
the bulletin in an article container, share buttons, a footer with copyright, address and ICP
number, and a script tag. Per spec (seeded) the container is written in one of three ways
("p": every block a <p>, body indented by CSS text-indent:2em; "div_br": one <div>, blocks
separated by <br>, body indented with two typed full-width spaces; "headings": <h2> section
markers and <h3> titles), and the file is UTF-8 or GBK (meta charset gbk or http-equiv gb2312,
characters outside GBK written as numeric character references, as CMSs do).
"""
from __future__ import annotations

import html
import random
import re

from .common import final_paragraphs, toc_entry_surface

NAV = ["首页", "机构概况", "新闻中心", "学会工作", "科普工作", "信息公开", "党建工作", "联系我们"]
ISSUER_SUFFIX = re.compile(r"(办公室|秘书处|科普部|学会学术部|编印|编)$")  # office names the site is not named after


def site_name(spec: dict) -> str:
    issuer = spec["masthead"]["issuer"] or "科学技术协会"
    name = ISSUER_SUFFIX.sub("", issuer)
    return name.replace("市科协", "市科学技术协会").replace("区科协", "区科学技术协会")


def issue_label(spec: dict) -> str:
    """The masthead line a CMS puts in the page title: the issue line (第…期, 增刊, 特刊...)."""
    m = spec["masthead"]
    lines = [x for x in m["lines"][1:] if isinstance(x, str)]
    for x in lines:
        if "期" in x:
            return x
    for x in lines:
        if x.endswith("刊"):
            return x
    return str(m["year"] or "")


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def container(spec: dict, mode: str, rng: random.Random) -> str:
    out = []
    m = spec["masthead"]
    lay = spec["layout"]
    center = ' style="text-align:center"' if mode != "p" or rng.random() < 0.5 else ' class="tc"'
    if mode == "div_br":
        parts = [f'<div class="TRS_Editor" style="font-size:16px;line-height:2">']
        parts.append(f'<strong><span style="color:#e00000;font-size:28px">{esc(m["lines"][0])}</span></strong><br>')
        for ln in m["lines"][1:]:
            parts.append(esc("　　　　".join(ln) if isinstance(ln, list) else ln) + "<br>")
        parts.append('<hr style="border:0;border-top:2px solid #e00000">')
        toc = spec.get("toc")
        if toc:
            if toc.get("heading"):
                parts.append(f"<strong>{esc(toc['heading'])}</strong><br>")
            for i, e in enumerate(toc["entries"], 1):
                parts.append(esc(toc_entry_surface(lay["toc_style"] if lay["toc_style"] != "pages" else "dash", i, e)) + "<br>")
            parts.append("<br>")
        for s in spec["sections"]:
            if s["marker"]:
                parts.append(f"<br><strong>{esc(s['marker'])}</strong><br>")
            for a in s["articles"]:
                parts.append(f"<br><strong>{esc(a['title'])}</strong><br>")
                if a.get("subtitle"):
                    parts.append(esc(a["subtitle"]) + "<br>")
                if a.get("editor_note"):
                    parts.append("　　" + esc(a["editor_note"]) + "<br>")
                for p in final_paragraphs(a):
                    parts.append("　　" + esc(p) + "<br>")
                at = a.get("attribution")
                if at and at["placement"] == "own_line":
                    parts.append(f'<span style="float:right">{esc(at["surface"])}</span><br>')
        parts.append("<br>")
        for ln in spec["colophon"]["lines"]:
            parts.append(esc("　　".join(ln) if isinstance(ln, list) else ln) + "<br>")
        parts.append("</div>")
        return "\n".join(parts)

    sec_tag, title_tag = ("h2", "h3") if mode == "headings" else ("p", "p")
    out.append(f'<h1 class="bt-title">{esc(m["lines"][0])}</h1>')
    for ln in m["lines"][1:]:
        if isinstance(ln, list):
            if rng.random() < 0.5:
                aligns = {1: ["left"], 2: ["left", "right"]}.get(len(ln), ["left"] + ["center"] * (len(ln) - 2) + ["right"])
                out.append('<table class="mast" width="100%"><tr>' + "".join(
                    f'<td align="{al}">{esc(x)}</td>' for x, al in zip(ln, aligns)) + "</tr></table>")
            else:
                out.append(f'<p{center}>{esc("　　　　".join(ln))}</p>')
        else:
            out.append(f"<p{center}>{esc(ln)}</p>")
    out.append('<hr class="red-rule">')
    toc = spec.get("toc")
    if toc:
        if toc.get("heading"):
            out.append(f"<p{center}><strong>{esc(toc['heading'])}</strong></p>")
        style = lay["toc_style"]
        if style in ("bullet",) and rng.random() < 0.5:
            out.append("<ul>" + "".join(f"<li>{esc(e)}</li>" for e in toc["entries"]) + "</ul>")
        else:
            for i, e in enumerate(toc["entries"], 1):
                out.append(f'<p class="toc">{esc(toc_entry_surface(style if style != "pages" else "dash", i, e))}</p>')
    for s in spec["sections"]:
        if s["marker"]:
            out.append(f"<{sec_tag} class=\"lm\"><strong>{esc(s['marker'])}</strong></{sec_tag}>")
        for a in s["articles"]:
            align = center if lay["title_align"] == "center" else ""
            out.append(f"<{title_tag}{align}><strong>{esc(a['title'])}</strong></{title_tag}>")
            if a.get("subtitle"):
                out.append(f"<p{align}>{esc(a['subtitle'])}</p>")
            if a.get("editor_note"):
                out.append(f'<p class="zw" style="font-family:KaiTi,楷体">{esc(a["editor_note"])}</p>')
            for p in final_paragraphs(a):
                out.append(f'<p class="zw">{esc(p)}</p>')
            at = a.get("attribution")
            if at and at["placement"] == "own_line":
                out.append(f'<p style="text-align:right">{esc(at["surface"])}</p>')
    out.append('<div class="colophon">')
    for ln in spec["colophon"]["lines"]:
        out.append(f"<p>{esc('　　'.join(ln) if isinstance(ln, list) else ln)}</p>")
    out.append("</div>")
    return "\n".join(out)


CSS = """
body{margin:0;font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;color:#333;background:#f4f4f4}
.top{background:#0b4ea2;color:#fff;padding:14px 0}.top .logo{font-size:26px;font-weight:bold;margin-left:40px}
.nav{background:#0a3f85}.nav a{color:#fff;display:inline-block;padding:8px 16px;text-decoration:none;font-size:15px}
.crumb{width:900px;margin:12px auto;font-size:13px;color:#666}
.article{width:860px;margin:0 auto;background:#fff;padding:30px 40px}
.meta{font-size:13px;color:#888;text-align:center;border-bottom:1px dashed #ccc;padding-bottom:8px;margin-bottom:18px}
.bt-title{color:#e00000;text-align:center;font-size:%(mast)spx;font-family:"SimSun","Noto Serif CJK SC",serif}
.content{font-size:%(size)spx;line-height:%(lh)s;font-family:%(font)s}
.content p{margin:%(pm)s}.content p.zw{text-indent:2em}.content .tc{text-align:center}
.content h2{font-size:%(size)spx;margin:18px 0 6px}.content h3{font-size:%(h3)spx;text-align:%(talign)s;margin:16px 0 8px}
.red-rule{border:0;border-top:2px solid #e00000;margin:6px 0 14px}
.colophon{border-top:1px solid #333;border-bottom:1px solid #333;margin-top:26px;font-size:14px}
.share{margin-top:24px;font-size:13px;color:#666}.share a{margin-right:10px;color:#0b4ea2}
.foot{background:#333;color:#ccc;text-align:center;font-size:12px;line-height:2;padding:16px 0;margin-top:30px}
"""


def build_html(spec: dict, rng: random.Random) -> tuple[bytes, str]:
    """(file bytes, encoding label) of the web page of a spec."""
    m = spec["masthead"]
    mode = rng.choice(["p", "div_br", "headings"])
    encoding = rng.choice(["utf-8", "utf-8", "gbk", "gb2312"])
    site = site_name(spec)
    title = f"{m['lines'][0]}（{issue_label(spec)}）"
    css = CSS % {
        "mast": rng.choice([28, 32, 36]), "size": rng.choice([15, 16, 18]), "lh": rng.choice(["1.8", "2", "2em", "1.75"]),
        "font": rng.choice(['"FangSong","仿宋",serif', '"SimSun","宋体",serif', '"Microsoft YaHei",sans-serif']),
        "pm": rng.choice(["0", "0 0 10px", "6px 0"]), "h3": rng.choice([18, 20, 22]),
        "talign": "center" if spec["layout"]["title_align"] == "center" else "left",
    }
    if encoding == "utf-8":
        meta = '<meta charset="utf-8">'
    elif encoding == "gbk":
        meta = '<meta charset="gbk">'
    else:
        meta = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    date = m.get("date") or ""
    icp = f"京ICP备{rng.randint(5000000, 9999999):08d}号-{rng.randint(1, 3)}"
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{date} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}">
<title>{esc(title)}_{esc(site)}</title>
<style>{css}</style>
</head>
<body>
<div class="top"><span class="logo">{esc(site)}</span></div>
<div class="nav">{''.join(f'<a href="#">{x}</a>' for x in NAV)}</div>
<div class="crumb">当前位置：<a href="#">首页</a> &gt; <a href="#">工作动态</a> &gt; <a href="#">工作简报</a> &gt; 正文</div>
<div class="article">
<div class="meta">发布时间：{date}　　来源：{esc(m["issuer"] or site)}　　【字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>】　　浏览次数：{rng.randint(80, 3000)}</div>
<div class="content">
{container(spec, mode, rng)}
</div>
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a>　　<a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="foot">版权所有：{esc(site)}　　主办：{esc(site)}<br>
地址：{esc(site[:3])}{rng.choice(["复兴路", "学院路", "人民路", "中山路", "长安街"])}{rng.randint(1, 99)}号　邮编：{rng.randint(100000, 850000)}　电话：010-{rng.randint(60000000, 69999999)}<br>
{icp}　　网站标识码：{rng.randint(1100000000, 1199999999)}</div>
<script>
var _hmt = _hmt || [];
(function() {{ var hm = document.createElement("script"); hm.src = "/js/stat.js?v={rng.randint(1000, 9999)}"; document.body.appendChild(hm); }})();
</script>
</body>
</html>
"""
    if encoding == "utf-8":
        return page.encode("utf-8"), encoding
    return page.encode("gbk", errors="xmlcharrefreplace"), encoding
