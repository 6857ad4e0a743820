"""`enrich`: fill people, organisations, places, dates, keywords and roles of every article."""
from __future__ import annotations

from collections import Counter

from ..model import Article, Bulletin
from ..vocab.dates import Issue, find_dates, issue_of
from .keywords import find_keywords
from .people import find_people
from .places import find_organizations, find_places, place_spans
from .resources import engine, lexicon, patterns
from .text import PART_SEPARATOR, article_text, normalise


def enrich(bulletin: Bulletin) -> Bulletin:
    """Fill the enrichment fields of every article of `bulletin` (in place) and return it.

    For each article, from its title, subtitle, editor's note and paragraphs: `people` (full names,
    first-mention order), `roles` (name + title printed before it), `places`, `dates` (ISO; year
    from the date, else the issue's, with the year boundary of January/February issues) and
    `keywords` (8 by TF-IDF); `organizations` also takes the attribution's organisations, `places`
    the places they name. The contributors of the attribution mark (通讯员：…) are not counted as
    people mentioned: they keep their own field. Earlier values of these fields are replaced.
    jieba is loaded on the first call, once per process. A name glued to the next character in one
    article (秘书长吕申领学了…) is cut back to a name of another article (吕申): such articles are
    enriched a second time with the names of the other articles.
    """
    issue = issue_of(bulletin.masthead.year, bulletin.masthead.date)
    for article in bulletin.articles:
        enrich_article(article, issue)
    named = Counter(p for article in bulletin.articles for p in article.people)
    for article in bulletin.articles:
        own = set(article.people)
        if any(len(p) > 2 and p[:-1] in named and p[:-1] not in own for p in own):
            elsewhere = frozenset(p for p, n in named.items() if n > (p in own))
            enrich_article(article, issue, elsewhere)
    return bulletin


def enrich_article(article: Article, issue: Issue, attested: frozenset[str] = frozenset()) -> Article:
    """Fill the enrichment fields of one `article` (in place) for an issue of `issue`; return it.

    `attested`: names found elsewhere in the bulletin, to which a name glued to the next character
    is cut back (see `people.cut_glued`).
    """
    eng, lex, pat = engine(), lexicon(), patterns()
    text = article_text(article)
    tokens = eng.tokenizer.lcut(text)
    counts = Counter(tokens)
    attribution = [normalise(a) for a in article.attribution]
    places = place_spans(PART_SEPARATOR.join([text, *attribution]), pat, lex)
    headline_end = len(normalise(article.title)) if article.title else 0
    people, roles, spans = find_people(text, tokens, lex, pat, eng, places, counts, attested, headline_end)
    names = set(people)
    article.people = people
    article.roles = roles
    article.dates = find_dates(text, issue)
    article.places = find_places(places, lex, [(s.start, s.end) for s in spans])
    article.organizations = find_organizations(tokens, attribution, eng, lex, names)
    article.keywords = find_keywords(counts, eng, lex, names)
    return article
