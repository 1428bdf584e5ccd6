"""Reduce a saved web page to its article text and metadata (title, date, source, URL).

Page furniture (script, style, nav, header, footer, aside, forms, figures' captions stay) is dropped; the
body is the first ``<article>``, else ``<main>``, else the element whose direct ``<p>`` children hold the
most text, else ``<body>``. Block elements become paragraph breaks. Parsing is lexbor (C, via selectolax);
it has no recursion limit but slows down quadratically with nesting depth, so pathologically deep pages
(over ``max_depth`` open elements) are flattened first: only paragraph-level tags are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
    "svg", "iframe", "select", "dialog", "menu",
)
_BLOCK_TAGS = frozenset(
    """p div section article main h1 h2 h3 h4 h5 h6 li ul ol blockquote pre table tr dd dt dl figure
    figcaption address hr br""".split()
)
_VOID_OR_AUTOCLOSE = frozenset(
    "area base br col embed hr img input link meta source track wbr p li dt dd tr td th option".split()
)
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_KEEP_WHEN_FLAT = re.compile(
    rb"<(/?)(p|br|h[1-6]|li|title|meta|script|style|head|body|html|article|main)\b[^>]*>", re.IGNORECASE
)
_ANY_TAG = re.compile(rb"<[^<>]*>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


@dataclass(frozen=True)
class HtmlArticle:
    """Article text with paragraphs separated by blank lines, plus what the page says about itself."""

    text: str
    title: str = ""
    published: str = ""  # as written in the page (normalised by the caller)
    source: str = ""
    url: str = ""
    flattened: bool = False  # True when nesting was too deep and the structure was reduced


def nesting_depth(html: bytes) -> int:
    """Approximate maximum depth of open elements, in one linear pass over the tags."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower().decode("ascii", "replace")
        if name in _VOID_OR_AUTOCLOSE or match.group(3):
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def flatten(html: bytes) -> bytes:
    """Keep paragraph-level tags only (every other tag becomes a space), removing all deep nesting."""
    kept: list[bytes] = []
    pos = 0
    for match in _ANY_TAG.finditer(html):
        kept.append(html[pos : match.start()])
        tag = match.group()
        kept.append(tag if _KEEP_WHEN_FLAT.fullmatch(tag) else b" ")
        pos = match.end()
    kept.append(html[pos:])
    return b"".join(kept)


def html_to_article(html: str, *, max_depth: int = 1_000) -> HtmlArticle:
    """Article text and metadata of an HTML page (``html`` already decoded to str)."""
    raw = html.encode("utf-8", errors="replace")
    flattened = nesting_depth(raw) > max_depth
    if flattened:
        raw = flatten(raw)
    tree = LexborHTMLParser(raw)
    meta = _metadata(tree)
    for node in tree.css(",".join(DROP_TAGS)):
        node.decompose()
    root = _main_node(tree)
    text = _block_text(root) if root is not None else ""
    return HtmlArticle(text=text, flattened=flattened, **meta)


def fragment_to_text(html: str, *, max_depth: int = 1_000) -> str:
    """Text of an HTML fragment (a feed entry's summary or content): all of it, block elements as breaks."""
    if "<" not in html:
        return html
    raw = html.encode("utf-8", errors="replace")
    if nesting_depth(raw) > max_depth:
        raw = flatten(raw)
    tree = LexborHTMLParser(raw)
    for node in tree.css(",".join(DROP_TAGS)):
        node.decompose()
    root = tree.body or tree.root
    return _block_text(root) if root is not None else ""


def _meta_content(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is None:
            continue
        attrs = node.attributes
        value = attrs.get("content") or attrs.get("datetime") or attrs.get("href")
        if value is None and selector in ("title", "h1"):
            value = node.text(strip=True)
        if value and value.strip():
            return " ".join(value.split())
    return ""


def _metadata(tree: LexborHTMLParser) -> dict[str, str]:
    return {
        "title": _meta_content(
            tree, ('meta[property="og:title"]', 'meta[name="twitter:title"]', "title", "h1")
        ),
        "published": _meta_content(
            tree,
            (
                'meta[property="article:published_time"]',
                'meta[itemprop="datePublished"]',
                'meta[name="date"]',
                'meta[name="pubdate"]',
                'meta[name="dc.date"]',
                "time[datetime]",
            ),
        ),
        "source": _meta_content(tree, ('meta[property="og:site_name"]', 'meta[name="application-name"]')),
        "url": _meta_content(tree, ('link[rel="canonical"]', 'meta[property="og:url"]')),
    }


def _main_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ("article", "main", '[role="main"]'):
        node = tree.css_first(selector)
        if node is not None and node.text(strip=True):
            return node
    weight: dict[int, tuple[int, LexborNode]] = {}
    for p in tree.css("p"):
        parent = p.parent
        if parent is None:
            continue
        key = parent.mem_id
        total = weight.get(key, (0, parent))[0] + len(p.text(strip=True))
        weight[key] = (total, parent)
    if weight:
        return max(weight.values(), key=lambda item: item[0])[1]
    return tree.body or tree.root


def _block_text(root: LexborNode) -> str:
    """Text of ``root`` with a paragraph break before every block element (iterative traversal)."""
    parts: list[str] = []
    for node in root.traverse(include_text=True):
        if node.is_text_node:
            parts.append((node.text_content or "").replace("\n", " "))
        elif node.tag in _BLOCK_TAGS:
            parts.append("\n\n" if node.tag != "br" else "\n")
    paragraphs = []
    for block in "".join(parts).split("\n"):
        line = _SPACES.sub(" ", block).strip()
        if line:
            paragraphs.append(line)
    return "\n\n".join(paragraphs)
