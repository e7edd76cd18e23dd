"""The language's fixed vocabulary: builtin functions, step options, budget metrics.

Kept as data so the checker, the lowering, the estimate and the docs agree.
"""

from __future__ import annotations

from dataclasses import dataclass

TIERS = ("local", "remote")
PLACEMENT_KEYWORDS = ("local", "remote", "auto")
BUDGET_METRICS = ("tokens", "prompt_tokens", "completion_tokens", "calls", "usd")


@dataclass(frozen=True)
class BuiltinDoc:
    signature: str
    summary: str


# Deterministic steps. The checker types each one by hand (several are generic).
BUILTINS: dict[str, BuiltinDoc] = {
    "split": BuiltinDoc(
        "split(text, tokens: N | paragraphs: N | pages: N, overlap: N = 0) -> list[str]",
        "cut a document into chunks of about N tokens, N paragraphs or N pages",
    ),
    "join": BuiltinDoc('join(items: list[str], sep: str = "\\n\\n") -> str', "join texts"),
    "format": BuiltinDoc(
        'format("""template""", name: value, ...) -> str',
        "render a Jinja2 template with the named values",
    ),
    "text": BuiltinDoc("text(value) -> str", "render any value as readable text"),
    "len": BuiltinDoc("len(value: list | str) -> int", "number of items or characters"),
    "retrieve": BuiltinDoc(
        "retrieve(chunks: list[str], query: str, k: int, cover: bool = false) -> list[str]",
        "the k chunks that best match the query (BM25), in document order; with "
        "cover: true each chunk kept halves the weight of the query words it matched, "
        "so the k spread over the question's parts",
    ),
    "flatten": BuiltinDoc("flatten(items: list[list[T]]) -> list[T]", "concatenate lists"),
    "first": BuiltinDoc("first(items: list[T]) -> T?", "the first item, or none"),
    "unique": BuiltinDoc("unique(items: list[T]) -> list[T]", "drop repeated items"),
    "vote": BuiltinDoc("vote(items: list[T]) -> T?", "the most common item, or none"),
    "batches": BuiltinDoc(
        "batches(items: list[T], size: int) -> list[list[T]]",
        "the items in groups of `size`, the last one filled up with its last item "
        "(so every group has `size` items: one job can take several tasks)",
    ),
    "trim": BuiltinDoc(
        "trim(value: T, chars: int, drop: list[str]) -> T",
        "the value with every text cut to `chars` characters and the named optional "
        "record fields set to none (to send less to a remote step)",
    ),
}

# Options of a placement: `f(x) @worker(samples: 3, temperature: 0.7)`.
CALL_OPTIONS = ("samples", "temperature", "max_tokens")
# Extra options allowed on the tiers of a cascade.
CASCADE_TIER_OPTIONS = ("agree", "similarity")
# Options of `cascade(...) { ... }`: how a tier's answer is accepted.
CASCADE_OPTIONS = ("policy", "threshold")
CASCADE_POLICIES = ("agreement", "learned")
# Options of `route(...) { ... }`.
ROUTE_OPTIONS = ("policy", "threshold", "share")
ROUTE_POLICIES = ("always_local", "always_remote", "random", "length", "learned")
