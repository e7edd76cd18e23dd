"""The deterministic builtins of the language, at run time.

Each is a pure function of plain JSON-like values (str, int, float, bool, None,
lists, dicts). Token counts come from a `TokenCounter` the runtime passes in (the
local model's tokenizer when there is one), so `split(tokens: N)` cuts chunks the
local model really sees as about N tokens.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

# The same rule of thumb as the static estimate (about 4 characters a token), used
# when no local tokenizer is at hand.
from minionc.compiler.tokens import tokens_of as approximate_tokens

from .templating import TemplateRenderError, render_sandboxed

TokenCounter = Callable[[str], int]


class BuiltinError(Exception):
    """A builtin got a value it cannot work with (the checker's types make this rare)."""


# ---- split -------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_PAGE_BREAK = re.compile(r"\f|\n\s*(?:-{3,}|={3,})?\s*page\s+\d+\s*(?:-{3,}|={3,})?\s*\n", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_text(
    text: str,
    *,
    tokens: int | None = None,
    paragraphs: int | None = None,
    pages: int | None = None,
    overlap: int = 0,
    count_tokens: TokenCounter = approximate_tokens,
) -> list[str]:
    """Cut `text` into chunks. By tokens: pack whole paragraphs (then sentences,
    then words, for ones too long) up to `tokens` each, so no chunk starts mid-
    sentence when that can be helped. `overlap` repeats the last units (tokens
    worth of text, paragraphs or pages) of each chunk at the start of the next."""
    if not text.strip():
        return []
    if paragraphs is not None:
        units = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
        return _group(units, max(1, paragraphs), max(0, overlap), "\n\n")
    if pages is not None:
        units = [p.strip() for p in _PAGE_BREAK.split(text) if p.strip()]
        return _group(units, max(1, pages), max(0, overlap), "\n\n")
    if tokens is None:
        raise BuiltinError("split() needs tokens:, paragraphs: or pages:")
    return _split_by_tokens(text, max(1, tokens), max(0, overlap), count_tokens)


def _group(units: list[str], size: int, overlap: int, sep: str) -> list[str]:
    step = max(1, size - min(overlap, size - 1))
    return [
        sep.join(units[i : i + size]) for i in range(0, len(units), step) if units[i : i + size]
    ]


def _split_by_tokens(text: str, limit: int, overlap: int, count: TokenCounter) -> list[str]:
    pieces: list[tuple[str, int]] = []  # (text, tokens), each at most `limit` tokens
    for paragraph in (p.strip() for p in _PARAGRAPH_BREAK.split(text)):
        if not paragraph:
            continue
        size = count(paragraph)
        if size <= limit:
            pieces.append((paragraph + "\n\n", size))
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            sentence_size = count(sentence)
            if sentence_size <= limit:
                pieces.append((sentence + " ", sentence_size))
                continue
            words = sentence.split(" ")
            current: list[str] = []
            for word in words:
                if current and count(" ".join([*current, word])) > limit:
                    piece = " ".join(current)
                    pieces.append((piece + " ", count(piece)))
                    current = []
                current.append(word)
            if current:
                piece = " ".join(current)
                pieces.append((piece + " ", count(piece)))
        pieces[-1] = (pieces[-1][0].rstrip() + "\n\n", pieces[-1][1])
    chunks: list[str] = []
    current_pieces: list[tuple[str, int]] = []
    current_size = 0
    for piece, size in pieces:
        if current_pieces and current_size + size > limit:
            chunks.append("".join(p for p, _ in current_pieces).strip())
            carried = _tail_for_overlap(current_pieces, overlap, count)
            current_pieces, current_size = carried, sum(s for _, s in carried)
        current_pieces.append((piece, size))
        current_size += size
    if current_pieces:
        chunks.append("".join(p for p, _ in current_pieces).strip())
    return [c for c in chunks if c]


def _tail_for_overlap(
    pieces: list[tuple[str, int]], overlap: int, count: TokenCounter
) -> list[tuple[str, int]]:
    """The end of a chunk, about `overlap` tokens of it, to start the next chunk
    with: whole pieces where they fit, else the last words of the last piece."""
    if overlap <= 0 or not pieces:
        return []
    tail: list[tuple[str, int]] = []
    total = 0
    for piece, size in reversed(pieces):
        if total + size > overlap:
            break
        tail.insert(0, (piece, size))
        total += size
    if tail:
        return tail
    words = pieces[-1][0].split()
    kept: list[str] = []
    while words and count(" ".join([words[-1], *kept])) <= overlap:
        kept.insert(0, words.pop())
    text = " ".join(kept)
    return [(text + " ", count(text))] if text else []


# ---- text rendering ----------------------------------------------------------


def render_text(value: Any) -> str:
    """Any value as readable text: what `text(x)` and `{{ x }}` of records show."""
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "\n".join(f"{key}: {render_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        lines = []
        for item in value:
            rendered = render_text(item)
            if "\n" in rendered:
                rendered = rendered.replace("\n", "\n  ")
            lines.append(f"- {rendered}")
        return "\n".join(lines)
    return str(value)


def format_template(template: str, values: dict[str, Any]) -> str:
    """`format(...)`: the literal template rendered in the sandbox with `values`."""
    try:
        return render_sandboxed(template, values)
    except TemplateRenderError as error:
        raise BuiltinError(f"format(): {error}") from None


# ---- retrieval (BM25) ----------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")
_STOPWORDS = frozenset(
    re.split(
        r"\s+",
        "a an and are as at be by for from has have in is it its of on or that the this to "
        "was were what when where which who whom why how with did does do",
    )
)


def _terms(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in _STOPWORDS]


def retrieve(
    chunks: Sequence[str],
    query: str,
    k: int,
    *,
    cover: bool = False,
    k1: float = 1.5,
    b: float = 0.75,
) -> list[str]:
    """The `k` chunks with the highest BM25 score for `query`, in document order
    (order matters to readers of a document; ties keep the earlier chunk).

    `cover`: chunks are kept one at a time, and each one kept halves the weight
    of the query terms it matched, so the next pick favours the terms not yet
    covered: a question about two things keeps passages about each, where plain
    BM25 keeps near-copies of the best match (bench/retrieval_recall.py)."""
    if k <= 0 or not chunks:
        return []
    if k >= len(chunks):
        return list(chunks)
    matched = _bm25_by_term(chunks, query, k1, b)
    if cover:
        return [chunks[index] for index in sorted(_covering(matched, k))]
    scores = [(sum(s for _, s in terms), index) for index, terms in enumerate(matched)]
    best = sorted(scores, key=lambda pair: (-pair[0], pair[1]))[:k]
    return [chunks[index] for _, index in sorted(best, key=lambda pair: pair[1])]


def _covering(matched: Sequence[list[tuple[str, float]]], k: int) -> list[int]:
    """Greedy: the chunk with the highest weighted score, then the weights of
    the terms it matched halve; `k` times (ties keep the earlier chunk)."""
    weight = {term: 1.0 for terms in matched for term, _ in terms}
    kept: list[int] = []
    left = set(range(len(matched)))
    for _ in range(k):
        best = min(left, key=lambda i: (-sum(weight[t] * s for t, s in matched[i]), i))
        kept.append(best)
        left.discard(best)
        for term in {t for t, _ in matched[best]}:
            weight[term] /= 2
    return kept


def _bm25_by_term(
    chunks: Sequence[str], query: str, k1: float, b: float
) -> list[list[tuple[str, float]]]:
    """Each chunk's BM25 contribution of each query term it contains, in the
    query's order (a term repeated in the query counts once per repeat)."""
    documents = [_terms(chunk) for chunk in chunks]
    average = sum(len(d) for d in documents) / len(documents) or 1.0
    frequency: Counter[str] = Counter()
    for document in documents:
        frequency.update(set(document))
    total = len(documents)
    query_terms = _terms(query)
    matched: list[list[tuple[str, float]]] = []
    for document in documents:
        counts = Counter(document)
        terms = []
        for term in query_terms:
            if term not in counts:
                continue
            idf = math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5))
            tf = counts[term]
            terms.append(
                (term, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(document) / average)))
            )
        matched.append(terms)
    return matched


# ---- list helpers --------------------------------------------------------------


def _key(value: Any) -> str:
    """A hashable identity for JSON-like values (dicts and lists are unhashable)."""
    import json

    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def unique(items: Sequence[Any]) -> list[Any]:
    seen: set[str] = set()
    kept = []
    for item in items:
        key = _key(item)
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def vote(items: Sequence[Any]) -> Any:
    """The most common item (the earliest among ties), or None for no items."""
    if not items:
        return None
    counts = Counter(_key(item) for item in items)
    best = max(counts.values())
    return next(item for item in items if counts[_key(item)] == best)


def flatten(items: Sequence[Sequence[Any]]) -> list[Any]:
    return [item for inner in items for item in inner]


def batches(items: Sequence[Any], size: int) -> list[list[Any]]:
    """`items` in groups of `size`; the last group is filled up with its last item
    so that every group has `size` items (a prompt written for `size` tasks gets
    that many; the repeated answers are duplicates that `unique` merges)."""
    if size < 1:
        raise BuiltinError(f"batches: size must be at least 1, not {size}")
    groups = [list(items[i : i + size]) for i in range(0, len(items), size)]
    if groups and len(groups[-1]) < size:
        groups[-1] += [groups[-1][-1]] * (size - len(groups[-1]))
    return groups


def trim(value: Any, chars: int | None = None, drop: Sequence[str] = ()) -> Any:
    """`value` with every text cut to `chars` characters (at a word boundary where
    one is near, marked with an ellipsis) and the record fields named in `drop`
    set to none, all the way down; what is not text keeps its value."""
    if isinstance(value, str):
        if chars is None or len(value) <= chars:
            return value
        cut = value[:chars]
        space = cut.rfind(" ")
        if space >= chars * 0.6:
            cut = cut[:space]
        return cut.rstrip() + "…"
    if isinstance(value, dict):
        return {
            key: None if key in drop else trim(item, chars, drop) for key, item in value.items()
        }
    if isinstance(value, list):
        return [trim(item, chars, drop) for item in value]
    return value


def call_builtin(
    name: str, args: list[Any], kwargs: dict[str, Any], count_tokens: TokenCounter
) -> Any:
    """Dispatch a builtin by name with evaluated arguments."""
    match name:
        case "split":
            text = args[0] if args else kwargs.pop("text")
            return split_text(text, count_tokens=count_tokens, **kwargs)
        case "join":
            items = args[0] if args else kwargs["items"]
            sep = args[1] if len(args) > 1 else kwargs.get("sep", "\n\n")
            return sep.join(render_text(item) for item in items)
        case "format":
            return format_template(args[0], kwargs)
        case "text":
            return render_text(args[0] if args else kwargs["value"])
        case "len":
            value = args[0] if args else kwargs["value"]
            return 0 if value is None else len(value)
        case "retrieve":
            names = ["chunks", "query", "k", "cover"]
            bound = dict(zip(names, args, strict=False)) | kwargs
            return retrieve(
                bound["chunks"], bound["query"], int(bound["k"]), cover=bool(bound.get("cover"))
            )
        case "flatten":
            return flatten(args[0] if args else kwargs["items"])
        case "first":
            items = args[0] if args else kwargs["items"]
            return items[0] if items else None
        case "unique":
            return unique(args[0] if args else kwargs["items"])
        case "vote":
            return vote(args[0] if args else kwargs["items"])
        case "batches":
            bound = dict(zip(["items", "size"], args, strict=False)) | kwargs
            return batches(bound["items"] or [], int(bound["size"]))
        case "trim":
            bound = dict(zip(["value", "chars", "drop"], args, strict=False)) | kwargs
            chars = bound.get("chars")
            return trim(
                bound["value"], int(chars) if chars is not None else None, bound.get("drop") or ()
            )
    raise BuiltinError(f"unknown builtin {name!r}")
