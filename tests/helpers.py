"""Small bulletins written inline for rule tests."""
from __future__ import annotations

import kexie_parse

HEAD = "科协每周动态\n\n2023年第3期\n\n（总第56期）\n\n北京市科协办公室\n\n2023年2月3日\n\n"
BODY_1 = "1月15日上午，北京制冷学会召开了第九届第一次常务理事会。会议由理事长唐俊杰主持。"
BODY_2 = "唐俊杰在总结发言中提到，本次会议是九届一次会员代表大会后召开的首次会议。"
TAIL = "编辑：张红波\n\n审核：李金涛\n"


def blocks(*parts: str) -> str:
    """A blocks-style bulletin: one block per line, blank lines between."""
    return "\n\n".join(parts) + "\n"


def parse(text: str, **kw) -> kexie_parse.Bulletin:
    return kexie_parse.parse(kexie_parse.TextInput(text), enrich=kw.pop("enrich", False), **kw)


def titles(b: kexie_parse.Bulletin) -> list[str]:
    return [a.title for a in b.articles]


def paras(b: kexie_parse.Bulletin, i: int = 0) -> list[str]:
    return [p.text for p in b.articles[i].paragraphs]
