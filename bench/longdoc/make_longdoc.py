"""Generate the long-document question-answering benchmark set.

Writes nine documents of the project's own making into bench/longdoc/docs/, three
of each kind: a hospital ward's clinical notes, a company's annual report on Form
10-K and a volume of conference proceedings. Each holds questions' answers in
single planted sentences, next to distractors (other patients, other years, a
subsidiary, other papers). The questions go to dev.jsonl (the "_a" and "_c"
documents) and test.jsonl (the "_b" documents), so the test set's documents are
held out.

Deterministic (fixed seeds, no wall clock, standard library only), so a test can
regenerate every file and compare byte for byte:

    .venv/bin/python bench/longdoc/make_longdoc.py [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the per-kind modules live next to this script

from clinical import clinical_documents  # noqa: E402
from clinical_c import clinical_c_documents  # noqa: E402
from docmodel import Built, validate  # noqa: E402
from financial import financial_documents  # noqa: E402
from financial_c import financial_c_documents  # noqa: E402
from scientific import scientific_documents  # noqa: E402
from scientific_c import scientific_c_documents  # noqa: E402

DOCS_FOLDER = "docs"  # relative to the jsonl files, as `{"$file": ...}` resolves it
# The question files each document name suffix goes to: "_c" came later, to give
# the optimizer a larger dev set, and the test documents ("_b") never changed.
# dev_a.jsonl is the first dev set (the "_a" documents only), kept because the plans
# in programs/optimized/ chosen before the "_c" documents came name it in their
# provenance.
FILES_OF_SUFFIX = {"_a": ("dev", "dev_a"), "_b": ("test",), "_c": ("dev",)}


def build_all() -> list[Built]:
    documents = [*clinical_documents(), *financial_documents(), *scientific_documents()]
    # The "_c" documents last, so dev.jsonl's first 27 lines stay what they were.
    documents += [*clinical_c_documents(), *financial_c_documents(), *scientific_c_documents()]
    for built in documents:
        validate(built)
    return documents


def files_of(built: Built) -> tuple[str, ...]:
    """The question files of `built`'s questions, its split first."""
    return FILES_OF_SUFFIX[built.name[-2:]]


def write(out: Path, documents: list[Built]) -> dict[str, int]:
    (out / DOCS_FOLDER).mkdir(parents=True, exist_ok=True)
    lines: dict[str, list[str]] = {name: [] for names in FILES_OF_SUFFIX.values() for name in names}
    for built in documents:
        path = out / DOCS_FOLDER / f"{built.name}.txt"
        path.write_text(built.text, encoding="utf-8", newline="\n")
        rows = [json.dumps(r, ensure_ascii=False) + "\n" for r in built.records(DOCS_FOLDER)]
        for name in files_of(built):
            lines[name] += rows
    for split, rows in lines.items():
        (out / f"{split}.jsonl").write_text("".join(rows), encoding="utf-8", newline="\n")
    return {split: len(rows) for split, rows in lines.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder")
    args = parser.parse_args(argv)
    documents = build_all()
    counts = write(args.out, documents)
    for built in documents:
        print(
            f"{built.name}: {len(built.text):,} characters, {len(built.questions)} questions "
            f"({files_of(built)[0]})"
        )
    print(f"wrote {args.out}: " + ", ".join(f"{n} {split}" for split, n in counts.items()))


if __name__ == "__main__":
    main()
