"""Features of a query for a route policy, computed with numpy alone and no model:
the same function runs at training time and in the executor, so a policy scores a
query at run time exactly as it was scored when it was trained.

A vector has two parts:

- dense features, standardised with the training set's mean and spread (kept in
  the policy): lengths, digits, question words, answer options, negations; and, in
  a cascade where the local answer is known, features of that answer (its length,
  a final number, whether its worked arithmetic checks out, hedging words), the
  signals FrugalGPT's scorer reads; with `grounding`, also whether the answer is
  found in the query (for a question over passages, an answer copied from them
  is likelier right than one that is not);
- word and character n-grams hashed into `hash_dim` buckets (CRC32, stable across
  processes, unlike `hash()`), log-scaled counts, L2-normalised per block, held
  sparse (a prompt touches a few hundred of the buckets).
"""

from __future__ import annotations

import ast
import math
import operator
import re
import zlib
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_OPTION = re.compile(r"^\s*[A-J][.)]\s", re.MULTILINE)
_ANNOTATION = re.compile(r"<<([^<>=]+)=([^<>]+)>>")
_FINAL = re.compile(r"####\s*\$?\s*(-?[\d,]*\.?\d+)")
_QUESTION_WORDS = ("what", "which", "who", "why", "how", "when", "where", "whom")
_NEGATIONS = ("not", "except", "never", "false", "incorrect", "least")
_HEDGES = (
    "assume",
    "assuming",
    "approximately",
    "cannot",
    "can't",
    "not possible",
    "unclear",
    "however",
    "sorry",
    "round",
    "let x",
    "let's say",
    "estimate",
    "impossible",
    "not enough information",
)


@dataclass(frozen=True)
class FeatureSpec:
    """What the vector holds: stored in the policy, so run time builds the same one."""

    hash_dim: int = 4096
    word_ngrams: tuple[int, ...] = (1, 2)
    char_ngrams: tuple[int, ...] = (4,)
    # Features of the local (weak) model's answer: only for a policy used after the
    # local call (a cascade pays it anyway).
    use_response: bool = False
    # With use_response: whether the answer's words are in the query. Off in
    # policies trained before it existed, so they score as they were trained.
    grounding: bool = False

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["word_ngrams"] = list(self.word_ngrams)
        data["char_ngrams"] = list(self.char_ngrams)
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> FeatureSpec:
        return cls(
            hash_dim=int(data["hash_dim"]),  # type: ignore[call-overload]
            word_ngrams=tuple(int(n) for n in data["word_ngrams"]),  # type: ignore[attr-defined]
            char_ngrams=tuple(int(n) for n in data["char_ngrams"]),  # type: ignore[attr-defined]
            use_response=bool(data.get("use_response", False)),
            grounding=bool(data.get("grounding", False)),
        )

    @property
    def dense_names(self) -> list[str]:
        names = list(_QUERY_DENSE)
        if self.use_response:
            names += list(_RESPONSE_DENSE)
            if self.grounding:
                names += list(_GROUNDING_DENSE)
        return names

    @property
    def width(self) -> int:
        blocks = 2 if self.use_response else 1
        return len(self.dense_names) + blocks * self.hash_dim


_QUERY_DENSE = (
    "log_chars",
    "log_words",
    "log_numbers",
    "digit_share",
    "options",
    "log_option_chars",
    "question_words",
    "negations",
    "lines",
    "mean_word_length",
)
_RESPONSE_DENSE = (
    "r_log_chars",
    "r_lines",
    "r_has_final",
    "r_final_integer",
    "r_final_negative",
    "r_log_final",
    "r_final_in_question",
    "r_annotations",
    "r_annotation_errors",
    "r_hedges",
    "r_letters_as_unknowns",
    "r_length_ratio",
)
_GROUNDING_DENSE = ("r_in_query", "r_words_in_query")


def _safe_arithmetic(expression: str) -> float | None:
    """The value of `12*3+4` style arithmetic, or None: numbers and + - * / only."""
    operators = {
        ast.Add: operator.add,
        ast.Sub: operator.sub,
        ast.Mult: operator.mul,
        ast.Div: operator.truediv,
    }

    def value(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in operators:
            return operators[type(node.op)](value(node.left), value(node.right))
        raise ValueError(expression)

    cleaned = expression.replace(",", "").replace("$", "").replace("%", "").strip()
    if len(cleaned) > 80 or not cleaned:
        return None
    try:
        return value(ast.parse(cleaned, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return None


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _query_dense(text: str) -> list[float]:
    lowered = text.lower()
    words = _WORD.findall(lowered)
    options = _OPTION.findall(text)
    option_chars = sum(len(line) for line in text.splitlines() if _OPTION.match(line + " "))
    return [
        math.log1p(len(text)),
        math.log1p(len(words)),
        math.log1p(len(_NUMBER.findall(text))),
        sum(c.isdigit() for c in text) / max(1, len(text)),
        float(len(options)),
        math.log1p(option_chars),
        float(sum(words.count(w) for w in _QUESTION_WORDS)),
        float(sum(words.count(w) for w in _NEGATIONS)),
        math.log1p(text.count("\n")),
        sum(map(len, words)) / max(1, len(words)),
    ]


def _response_dense(query: str, response: str) -> list[float]:
    lowered = response.lower()
    final_match = _FINAL.search(response)
    final = _number(final_match.group(1)) if final_match else None
    if final is None:  # no `#### N`: the last number in the answer
        numbers = _NUMBER.findall(response)
        final = _number(numbers[-1]) if numbers else None
    annotations = _ANNOTATION.findall(response)
    errors = 0
    for expression, stated in annotations:
        computed, claimed = _safe_arithmetic(expression), _number(stated.strip().rstrip("."))
        if (
            computed is None
            or claimed is None
            or abs(computed - claimed) > 1e-6 * max(1.0, abs(claimed))
        ):
            errors += 1
    question_numbers = {_number(n) for n in _NUMBER.findall(query)}
    return [
        math.log1p(len(response)),
        math.log1p(response.strip().count("\n")),
        float(final_match is not None),
        float(final is not None and float(final).is_integer()),
        float(final is not None and final < 0),
        math.log1p(abs(final)) if final is not None else 0.0,
        float(final is not None and final in question_numbers),
        math.log1p(len(annotations)),
        float(errors) / max(1, len(annotations)) + 0.5 * float(errors > 0),
        float(sum(lowered.count(h) for h in _HEDGES)),
        float(bool(re.search(r"\blet [a-z] \b|\b[a-z] = ", lowered))),
        math.log1p(len(response)) - math.log1p(len(query)),
    ]


def _grounding_dense(query: str, response: str) -> list[float]:
    """Whether the whole answer, and what share of its words, the query holds."""
    words = _WORD.findall(response.lower())
    if not words:
        return [0.0, 0.0]
    query_words = _WORD.findall(query.lower())
    known = set(query_words)
    phrase = " ".join(words)
    return [
        float(f" {phrase} " in f" {' '.join(query_words)} "),
        sum(word in known for word in words) / len(words),
    ]


def _hashed(text: str, spec: FeatureSpec, salt: str, char_ngrams: bool) -> dict[int, float]:
    """The text's hashed n-grams: bucket -> count."""
    words = _WORD.findall(text.lower())
    counts: dict[int, float] = {}
    dim = spec.hash_dim

    def add(token: str) -> None:
        bucket = zlib.crc32(f"{salt}{token}".encode()) % dim
        counts[bucket] = counts.get(bucket, 0.0) + 1.0

    for n in spec.word_ngrams:
        for i in range(len(words) - n + 1):
            add("w" + " ".join(words[i : i + n]))
    if char_ngrams:
        squeezed = " ".join(words)
        for n in spec.char_ngrams:
            for i in range(len(squeezed) - n + 1):
                add("c" + squeezed[i : i + n])
    return counts


def _block(counts: dict[int, float], offset: int) -> tuple[np.ndarray, np.ndarray]:
    """Log-scaled counts, L2-normalised, at columns `offset + bucket`."""
    if not counts:
        return np.zeros(0, np.int64), np.zeros(0, np.float64)
    order = sorted(counts)
    values = np.log1p(np.array([counts[b] for b in order], dtype=np.float64))
    return np.array(order, dtype=np.int64) + offset, values / np.linalg.norm(values)


@dataclass(frozen=True)
class FeatureMatrix:
    """Rows of features: the dense part as an array, the hashed part as CSR
    (indptr, indices, values) over `hashed_width` columns. Column j of the hashed
    part is column `dense.shape[1] + j` of the full vector (the weights' layout)."""

    dense: np.ndarray
    indptr: np.ndarray
    indices: np.ndarray
    values: np.ndarray
    hashed_width: int

    @property
    def rows(self) -> int:
        return self.dense.shape[0]

    @property
    def width(self) -> int:
        return self.dense.shape[1] + self.hashed_width

    def take(self, rows: np.ndarray) -> FeatureMatrix:
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        pieces = [np.arange(a, b) for a, b in zip(starts, ends, strict=True)]
        flat = np.concatenate(pieces) if pieces else np.zeros(0, np.int64)
        return FeatureMatrix(
            self.dense[rows],
            np.concatenate([[0], np.cumsum(ends - starts)]).astype(np.int64),
            self.indices[flat],
            self.values[flat],
            self.hashed_width,
        )

    def with_dense(self, dense: np.ndarray) -> FeatureMatrix:
        return FeatureMatrix(dense, self.indptr, self.indices, self.values, self.hashed_width)

    def matvec(self, weights: np.ndarray) -> np.ndarray:
        """X @ weights, for weights of shape (width,) or (width, columns)."""
        k = self.dense.shape[1]
        out = self.dense @ weights[:k]
        hashed = np.zeros((self.rows, *weights.shape[1:]))
        if len(self.values):
            products = (
                self.values.reshape(-1, *([1] * (weights.ndim - 1))) * weights[k:][self.indices]
            )
            sums = np.add.reduceat(products, self.indptr[:-1], axis=0)
            # reduceat gives a wrong value for an empty row: those stay zero.
            nonempty = np.diff(self.indptr) > 0
            hashed[nonempty] = sums[nonempty]
        return out + hashed


def featurize_many(
    spec: FeatureSpec, queries: Sequence[str], responses: Sequence[str | None] | None = None
) -> FeatureMatrix:
    """The raw (unstandardised) features of queries (and the local answers)."""
    dense_rows, indices, values, indptr = [], [], [], [0]
    for i, query in enumerate(queries):
        dense = _query_dense(query)
        blocks = [_block(_hashed(query, spec, "q", True), 0)]
        if spec.use_response:
            # Stripped: a runtime's parsed answer has no surrounding whitespace,
            # and the policy must score it as it scored the recorded text.
            response = ((responses[i] if responses is not None else None) or "").strip()
            dense += _response_dense(query, response)
            if spec.grounding:
                dense += _grounding_dense(query, response)
            blocks.append(_block(_hashed(response, spec, "r", False), spec.hash_dim))
        dense_rows.append(dense)
        for block_indices, block_values in blocks:
            indices.append(block_indices)
            values.append(block_values)
        indptr.append(indptr[-1] + sum(len(b[0]) for b in blocks))
    blocks_count = 2 if spec.use_response else 1
    return FeatureMatrix(
        np.array(dense_rows, dtype=np.float64).reshape(len(queries), len(spec.dense_names)),
        np.array(indptr, dtype=np.int64),
        np.concatenate(indices) if indices else np.zeros(0, np.int64),
        np.concatenate(values) if values else np.zeros(0, np.float64),
        blocks_count * spec.hash_dim,
    )


def featurize(spec: FeatureSpec, query: str, response: str | None = None) -> FeatureMatrix:
    """The features of one query: a one-row matrix."""
    return featurize_many(spec, [query], [response])
