"""Shared pieces of the long-document generators: the document under construction,
the questions about it, and the checks that keep every planted answer unambiguous.

Standard library only; imported by make_longdoc.py and the per-kind modules."""

from __future__ import annotations

import random
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date


def require(condition: bool, message: str) -> None:
    # Not `assert`: the checks must also run under `python -O`.
    if not condition:
        raise ValueError(message)


def prose(block: str) -> list[str]:
    """Paragraphs of a hard-wrapped text block: a blank line ends a paragraph, a
    single newline inside one is only wrapping in the generator's source."""
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", textwrap.dedent(block).strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if lines:
            paragraphs.append(" ".join(lines))
    return paragraphs


# Spelled out here, not with strftime's %B, whose month names follow the locale.
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def long_date(day: date) -> str:
    """A date the way the documents write it: 4 March 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def us_date(day: date) -> str:
    """A date the American way, for the 10-K filings: March 4, 2025."""
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def date_variants(day: date) -> list[str]:
    """Accepted spellings of a date answer."""
    return [long_date(day), us_date(day), f"{day:%Y-%m-%d}", f"{day:%d/%m/%Y}"]


class Doc:
    """A document under construction: paragraphs, plus the planted sentences
    (evidence) that questions point at."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.paragraphs: list[str] = []
        self.evidence: dict[str, str] = {}
        self.tables = 0

    def plant(self, key: str, sentence: str) -> str:
        require(key not in self.evidence, f"evidence key used twice: {key}")
        require("\n" not in sentence, f"evidence must be one line: {key}")
        self.evidence[key] = sentence
        return sentence

    def pick(self, options: Sequence[str]) -> str:
        return self.rng.choice(list(options))

    def some(self, options: Sequence[str], k: int) -> list[str]:
        """k different options in a seeded order."""
        return self.rng.sample(list(options), k=min(k, len(options)))

    def title(self, *lines: str) -> None:
        self.paragraphs.append("\n".join(lines))

    def h1(self, heading: str) -> None:
        self.paragraphs.append(f"{heading.upper()}\n{'=' * len(heading)}")

    def h2(self, heading: str) -> None:
        self.paragraphs.append(f"{heading}\n{'-' * len(heading)}")

    def h3(self, heading: str) -> None:
        self.paragraphs.append(heading)

    def text(self, block: str) -> None:
        self.paragraphs.extend(prose(block))

    def para(self, *sentences: str) -> None:
        """One paragraph from sentences (empty ones skipped)."""
        self.paragraphs.append(" ".join(s for s in sentences if s))

    def lines(self, items: Sequence[str], bullet: str = "- ") -> None:
        self.paragraphs.append("\n".join(bullet + item for item in items))

    def table(self, caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        # Fixed-width text: first column left-aligned, the others right-aligned.
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        self.tables += 1
        out = [f"Table {self.tables}. {caption}"]
        for row in [header, *rows]:
            cells = [row[0].ljust(widths[0])]
            cells += [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)]
            out.append("  ".join(cells).rstrip())
        self.paragraphs.append("\n".join(out))

    def render(self) -> str:
        return "\n\n".join(self.paragraphs) + "\n"


@dataclass(frozen=True)
class Question:
    question: str
    expected: str
    evidence: tuple[str, ...]  # keys into Doc.evidence
    accept: tuple[str, ...] = ()
    # Wrong answers a careless reader would give (another patient's dose, the other
    # year's figure); the test checks none of them scores as correct.
    distractors: tuple[str, ...] = ()
    # Figures that must occur only once in the whole document, so the planted answer
    # is stated in one place only.
    unique: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return "single" if len(self.evidence) == 1 else "two_fact"


@dataclass
class Built:
    """One generated document and its questions."""

    name: str  # file stem: clinical_a
    doc_kind: str  # clinical, financial, scientific
    id_prefix: str  # clin-a
    text: str
    evidence: dict[str, str]
    questions: list[Question] = field(default_factory=list)

    def records(self, split_folder_to_doc: str) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for number, q in enumerate(self.questions, start=1):
            out.append(
                {
                    "id": f"{self.id_prefix}-q{number:02d}",
                    "question": q.question,
                    "context": {"$file": f"{split_folder_to_doc}/{self.name}.txt"},
                    "expected": q.expected,
                    "meta": {
                        "kind": q.kind,
                        "doc_kind": self.doc_kind,
                        "evidence": [self.evidence[key] for key in q.evidence],
                        "accept": list(q.accept),
                        "distractors": list(q.distractors),
                    },
                }
            )
        return out


def figure_count(text: str, figure: str) -> int:
    """How often a figure occurs as a number of its own: "318.4" does not match
    inside "1,318.4" or "318.45"; a phrase matches as whole words."""
    pattern = rf"(?<![\w.,]){re.escape(figure)}(?![\w]|[.,]\d)"
    return len(re.findall(pattern, text))


def present(wrong: str, text: str) -> bool:
    """A distractor is in the document as written, or its figures are (a table cell
    holds "905.1" where a careless answer says "$905.1 million")."""
    figures = re.findall(r"\d[\d,]*(?:\.\d+)?", wrong)
    return wrong in text or (bool(figures) and all(figure_count(text, f) for f in figures))


def validate(built: Built) -> None:
    """Fail loudly if an edit made a planted answer ambiguous."""
    text = built.text
    for q in built.questions:
        where = f"{built.name}: {q.question}"
        require(q.question.endswith("?") and q.expected.strip(), f"malformed question: {where}")
        sentences = [built.evidence[key] for key in q.evidence]
        for sentence in sentences:
            require(text.count(sentence) == 1, f"evidence not unique: {sentence!r}")
        if q.kind == "single":
            forms = [q.expected, *q.accept]
            require(any(f in sentences[0] for f in forms), f"answer not in evidence: {where}")
            for wrong in q.distractors:
                require(present(wrong, text), f"distractor {wrong!r} not in the document: {where}")
        else:
            require(len(set(sentences)) >= 2, f"two-fact question with one sentence: {where}")
        for figure in q.unique:
            found = figure_count(text, figure)
            require(found == 1, f"planted figure {figure!r} occurs {found} times: {where}")
        require(q.expected not in q.distractors, f"distractor equals the answer: {where}")
