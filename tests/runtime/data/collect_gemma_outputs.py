"""Collect real Gemma 3 270M completions for the parser's fixture.

Three steps, because the model runs in a separate environment with
llama-cpp-python (any Python with `llama_cpp` installed):

    .venv/bin/python tests/runtime/data/collect_gemma_outputs.py render requests.jsonl
    PYTHON_WITH_LLAMA_CPP tests/runtime/data/collect_gemma_outputs.py complete \
        requests.jsonl completions.jsonl --model PATH/TO/gemma-3-270m-q4_k_m.gguf
    .venv/bin/python tests/runtime/data/collect_gemma_outputs.py build \
        completions.jsonl tests/runtime/data/gemma_outputs.jsonl

`render` renders real prompts (the standard programs' prompts from the golden
plans, plus an enum, an int and a bool prompt) with `render_call` over
realistic documents and questions; `complete` runs the embedded model on them
(greedy, and a few sampled); `build` writes the fixture with the parser's
current reading as `expected`, which is then reviewed by hand: the fixture's
`expected` is what a correct parser must return, not what this one happens to.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

DOCS = {
    "annual": (
        "Northwind Logistics reported total revenue of $48.3 million for fiscal 2023, "
        "an increase of 14% over the $42.4 million recorded in fiscal 2022. Operating "
        "income rose to $6.1 million. The company opened two new distribution centres, "
        "in Leeds and in Rotterdam, and its headcount grew to 1,240 full-time employees "
        "by 31 December 2023. Chief executive Priya Raman said the Rotterdam site would "
        "handle most of the company's continental freight from 2024."
    ),
    "patient": (
        "Patient: Harold Jensen, 67 years old. Admitted on 12 February 2024 with chest "
        "pain and shortness of breath. History of type 2 diabetes, treated with "
        "metformin 500 mg twice daily. An ECG showed atrial fibrillation. He was started "
        "on apixaban 5 mg twice daily and discharged on 16 February 2024. Follow-up with "
        "cardiologist Dr. Ana Souza is scheduled for 3 weeks after discharge."
    ),
    "paper": (
        "We present LongBench-R, a benchmark of 1,850 questions over documents averaging "
        "42,000 tokens. Questions were written by 23 annotators and each was verified by "
        "a second annotator. The best model we evaluated, a 70B-parameter model, answers "
        "61.4% of the questions correctly, while human readers reach 93.0%. The dataset "
        "is released under the CC BY 4.0 licence."
    ),
    "lease": (
        "This lease begins on 1 May 2022 and runs for a term of five years. The monthly "
        "rent is EUR 3,400, payable on the first day of each month, and increases by 2.5% "
        "each year on the anniversary of the start date. The tenant, Blue Harbor Cafe "
        "Ltd, paid a security deposit of EUR 10,200. Either party may terminate with "
        "six months' written notice after the second year."
    ),
    "minutes": (
        "Minutes of the board meeting held on 9 October 2023 at the Geneva office. "
        "Present: Laura Becker (chair), Samuel Ortiz, Mei Tanaka and Jonas Weber. The "
        "board approved the acquisition of Calder Robotics for CHF 18 million, subject "
        "to regulatory review. Mei Tanaka was appointed chief financial officer, "
        "effective 1 January 2024. The next meeting will take place on 15 January 2024."
    ),
    "product": (
        "The Aurora X2 e-bike has a 540 Wh battery that gives a range of up to 110 km "
        "in eco mode. It weighs 23.5 kg and its motor delivers 85 Nm of torque. Charging "
        "from empty takes about 4.5 hours. The frame comes in three sizes and the bike "
        "has a two-year warranty on the battery and five years on the frame."
    ),
    "history": (
        "The Halvorsen Bridge across the Tana river was designed by engineer Ingrid "
        "Halvorsen and opened to traffic in 1931. It is 412 metres long. After a flood "
        "damaged two of its piers in 1967, it was closed for eighteen months for repairs. "
        "Today it carries about 9,000 vehicles a day and is a protected monument."
    ),
    "policy": (
        "Employees may work remotely up to three days per week with their manager's "
        "approval. Equipment for home offices is reimbursed up to $600 per year. Staff "
        "must be reachable between 10:00 and 15:00 local time. The policy took effect "
        "on 1 March 2023 and is reviewed every twelve months by the HR committee."
    ),
}

# (document, question, answer or None when the document does not say)
EXTRACT_JOBS = [
    ("annual", "What was Northwind's total revenue in fiscal 2023?", "$48.3 million"),
    ("annual", "What was Northwind's operating income in fiscal 2023?", "$6.1 million"),
    ("annual", "How many full-time employees did Northwind have at the end of 2023?", "1,240"),
    ("annual", "Who is the chief executive of Northwind Logistics?", "Priya Raman"),
    ("annual", "What was Northwind's net profit in fiscal 2023?", None),
    ("annual", "Where did Northwind open new distribution centres?", "Leeds and Rotterdam"),
    ("patient", "What medication was the patient started on for atrial fibrillation?", "apixaban"),
    ("patient", "On what date was the patient discharged?", "16 February 2024"),
    ("patient", "What is the patient's blood type?", None),
    ("patient", "How old is the patient?", "67"),
    ("patient", "What dose of metformin does the patient take?", "500 mg twice daily"),
    ("paper", "How many questions does LongBench-R contain?", "1,850"),
    ("paper", "What accuracy do human readers reach on LongBench-R?", "93.0%"),
    ("paper", "Which university published LongBench-R?", None),
    ("paper", "Under which licence is the dataset released?", "CC BY 4.0"),
    ("lease", "What is the monthly rent?", "EUR 3,400"),
    ("lease", "How large is the security deposit?", "EUR 10,200"),
    ("lease", "Who is the landlord?", None),
    ("lease", "When does the lease begin?", "1 May 2022"),
    ("minutes", "Which company did the board approve acquiring?", "Calder Robotics"),
    ("minutes", "Who was appointed chief financial officer?", "Mei Tanaka"),
    ("minutes", "What was the company's revenue in 2023?", None),
    ("minutes", "When is the next board meeting?", "15 January 2024"),
    ("product", "What is the range of the Aurora X2 in eco mode?", "110 km"),
    ("product", "How much does the Aurora X2 cost?", None),
    ("product", "How long does charging take?", "4.5 hours"),
    ("history", "Who designed the Halvorsen Bridge?", "Ingrid Halvorsen"),
    ("history", "How long is the Halvorsen Bridge?", "412 metres"),
    ("history", "How much did the Halvorsen Bridge cost to build?", None),
    ("policy", "How many days per week may employees work remotely?", "three"),
    ("policy", "How much is reimbursed for home office equipment per year?", "$600"),
    ("policy", "How many employees does the company have?", None),
]

ANSWER_JOBS = [
    ("annual", "In which city is the second new distribution centre?", "Rotterdam"),
    ("patient", "Who is the patient's cardiologist?", "Dr. Ana Souza"),
    ("paper", "How many annotators wrote the questions?", "23"),
    ("lease", "How much does the rent increase each year?", "2.5%"),
    ("minutes", "Who chairs the board?", "Laura Becker"),
    ("product", "How much does the Aurora X2 weigh?", "23.5 kg"),
    ("history", "In what year did the Halvorsen Bridge open?", "1931"),
    ("policy", "Who reviews the remote work policy?", "the HR committee"),
    ("minutes", "What was the price of the Calder Robotics acquisition?", "CHF 18 million"),
    ("history", "What is the bridge's toll?", None),
]

INT_JOBS = [
    ("annual", "How many full-time employees did Northwind have?", 1240),
    ("paper", "How many questions are in the benchmark?", 1850),
    ("history", "How long is the bridge in metres?", 412),
    ("patient", "How old is the patient?", 67),
    ("history", "In what year did the bridge open?", 1931),
    ("lease", "How many years does the lease run?", 5),
]

BOOL_JOBS = [
    ("patient", "Does the patient have diabetes?", True),
    ("lease", "Can the tenant terminate the lease in the first year?", False),
    ("product", "Does the battery have a warranty?", True),
    ("history", "Was the bridge ever closed for repairs?", True),
]

DECOMPOSE_QUESTIONS = [
    "Did Northwind's operating margin improve from 2022 to 2023?",
    "How much rent will the tenant pay in total over the first two years of the lease?",
    "Was the patient's anticoagulant dose appropriate for his age and kidney function?",
]

ENUM_TYPES = {
    "Direction": {
        "type": "string",
        "enum": ["up", "down", "none", "neutral"],
        "title": "Direction",
    }
}


def _extra_prompts():
    from minionc.compiler.plan import Example, Param, Prompt

    doc_params = [
        Param(name="document", schema={"type": "string"}),
        Param(name="question", schema={"type": "string"}),
    ]
    template = "Document: {{ document }}\nQuestion: {{ question }}\n"
    count = Prompt(
        params=doc_params,
        output={"type": "integer"},
        template=template,
        examples=[
            Example(
                inputs={
                    "document": "The plant in Ohio employs 1,200 people and runs two shifts.",
                    "question": "How many people does the Ohio plant employ?",
                },
                output=1200,
            ),
            Example(
                inputs={
                    "document": "The library was founded in 1887 and holds 40,000 books.",
                    "question": "In what year was the library founded?",
                },
                output=1887,
            ),
        ],
        line=1,
    )
    check = Prompt(
        params=doc_params,
        output={"type": "boolean"},
        template=template,
        examples=[
            Example(
                inputs={
                    "document": "The museum is open daily except Mondays.",
                    "question": "Is the museum open on Mondays?",
                },
                output=False,
            ),
            Example(
                inputs={
                    "document": "All rooms have free wifi and air conditioning.",
                    "question": "Do the rooms have wifi?",
                },
                output=True,
            ),
        ],
        line=1,
    )
    classify = Prompt(
        params=[Param(name="headline", schema={"type": "string"})],
        output={"$ref": "#/$defs/Direction"},
        template="Headline: {{ headline }}\n",
        examples=[
            Example(inputs={"headline": "gold futures end the week 1.4% higher"}, output="up"),
            Example(
                inputs={"headline": "gold futures drop to lowest level since mid-october"},
                output="down",
            ),
            Example(
                inputs={"headline": "imf: turkey, russia, korea boosted gold reserves"},
                output="none",
            ),
        ],
        line=1,
    )
    return {"count": count, "check": check, "classify": classify}


def render(out_path: str) -> None:
    import csv
    from dataclasses import asdict

    from minionc.compiler.plan_io import load_plan
    from minionc.runtime.output import render_call

    minions = load_plan(ROOT / "tests/golden/minions.plan.json")
    abc = load_plan(ROOT / "tests/golden/abc_cascade.plan.json")
    minion = load_plan(ROOT / "tests/golden/minion.plan.json")
    extra = _extra_prompts()
    requests = []

    def add(
        kind,
        prompt,
        types,
        args,
        expected,
        output_schema,
        max_tokens,
        temperature=0.0,
        seed=None,
        mode="raw",
    ):
        request = render_call(
            prompt,
            args,
            types=types,
            raw_completion=mode.startswith("raw"),
            max_tokens=max_tokens,
            temperature=temperature,
            seed=seed,
            name=kind,
        )
        row = asdict(request)
        if mode == "raw_nostop":
            row["stop"] = []  # a backend that ignores stop sequences, cut by max_tokens
        if mode == "chat":
            row["json_schema"] = None  # the server runs without a grammar
        requests.append(
            {
                "id": f"{kind}-{mode}-{len(requests):03d}",
                "prompt_name": kind,
                "mode": mode,
                "args": args,
                "schema": output_schema,
                "types": types,
                "truth": expected,
                "request": row,
            }
        )

    extract = minions.prompts["extract"]
    for doc, question, truth in EXTRACT_JOBS:
        args = {"chunk": DOCS[doc], "task": question}
        add("extract", extract, minions.types, args, truth, extract.output, 64)
    # A few sampled, as the minions program runs them with samples > 1.
    for i, (doc, question, truth) in enumerate(EXTRACT_JOBS[:8]):
        args = {"chunk": DOCS[doc], "task": question}
        add("extract", extract, minions.types, args, truth, extract.output, 64, 0.8, 100 + i)
    answer = abc.prompts["answer_question"]
    for doc, question, truth in ANSWER_JOBS:
        args = {"evidence": DOCS[doc], "question": question}
        add("answer_question", answer, abc.types, args, truth, answer.output, 48)
    respond = minion.prompts["respond"]
    for doc, question, truth in ANSWER_JOBS[:5]:
        args = {"context": DOCS[doc], "message": question}
        add("respond", respond, minion.types, args, truth, respond.output, 64, 0.7, 7)
    for doc, question, truth in INT_JOBS:
        args = {"document": DOCS[doc], "question": question}
        add("count", extra["count"], {}, args, truth, extra["count"].output, 16)
    for doc, question, truth in BOOL_JOBS:
        args = {"document": DOCS[doc], "question": question}
        add("check", extra["check"], {}, args, truth, extra["check"].output, 8)
    with open("/work/shared/data/frugalgpt/headlines/test.csv", newline="") as handle:
        rows = list(csv.reader(handle))
    for text, label, _ in rows[20:32]:
        headline = text.removeprefix("Q: ").split("\nA:")[0].strip()
        add(
            "classify",
            extra["classify"],
            ENUM_TYPES,
            {"headline": headline},
            label,
            extra["classify"].output,
            8,
        )
    decompose = minions.prompts["decompose"]
    for question in DECOMPOSE_QUESTIONS:
        args = {"question": question, "feedback": "", "n": 4}
        add("decompose", decompose, minions.types, args, None, decompose.output, 96)
    # Without stop sequences (a backend that ignores them; the text runs on until
    # max_tokens): the parser must cut the hallucinated next block.
    for doc, question, truth in EXTRACT_JOBS[::3]:
        args = {"chunk": DOCS[doc], "task": question}
        add("extract", extract, minions.types, args, truth, extract.output, 48, mode="raw_nostop")
    for doc, question, truth in ANSWER_JOBS[:4]:
        args = {"evidence": DOCS[doc], "question": question}
        add("answer_question", answer, abc.types, args, truth, answer.output, 32, mode="raw_nostop")
    for doc, question, truth in INT_JOBS[:2]:
        args = {"document": DOCS[doc], "question": question}
        add("count", extra["count"], {}, args, truth, extra["count"].output, 24, mode="raw_nostop")
    for text, label, _ in rows[40:42]:
        headline = text.removeprefix("Q: ").split("\nA:")[0].strip()
        args = {"headline": headline}
        add(
            "classify",
            extra["classify"],
            ENUM_TYPES,
            args,
            label,
            extra["classify"].output,
            16,
            mode="raw_nostop",
        )
    # Chat: the default remote tier with no provider configured is this same model
    # behind llama_cpp.server's chat endpoint, with and without a JSON grammar.
    for mode in ("chat", "chat_schema"):
        for doc, question, truth in EXTRACT_JOBS[1::4]:
            args = {"chunk": DOCS[doc], "task": question}
            add("extract", extract, minions.types, args, truth, extract.output, 96, mode=mode)
        for doc, question, truth in INT_JOBS[:2]:
            args = {"document": DOCS[doc], "question": question}
            add("count", extra["count"], {}, args, truth, extra["count"].output, 32, mode=mode)
        args = {"question": DECOMPOSE_QUESTIONS[0], "feedback": "", "n": 4}
        add("decompose", decompose, minions.types, args, None, decompose.output, 160, mode=mode)
    for doc, question, truth in ANSWER_JOBS[:4]:
        args = {"evidence": DOCS[doc], "question": question}
        add("answer_question", answer, abc.types, args, truth, answer.output, 48, mode="chat")
    Path(out_path).write_text("".join(json.dumps(r) + "\n" for r in requests))
    print(f"{len(requests)} requests -> {out_path}")


def complete(in_path: str, out_path: str, model: str) -> None:
    from llama_cpp import Llama

    llm = Llama(model_path=model, n_ctx=4096, verbose=False, seed=0)
    rows = [json.loads(line) for line in Path(in_path).read_text().splitlines() if line.strip()]
    done = set()
    if Path(out_path).exists():  # resume an interrupted run
        done = {json.loads(line)["id"] for line in Path(out_path).read_text().splitlines()}
    with open(out_path, "a") as out:
        for row in rows:
            if row["id"] in done:
                continue
            request = row["request"]
            kwargs = {
                "max_tokens": request["max_tokens"],
                "temperature": request["temperature"],
                "stop": list(request["stop"]),
            }
            if request["seed"] is not None:
                kwargs["seed"] = request["seed"]
            if request["messages"]:
                kwargs.pop("stop")
                messages = [
                    {"role": m["role"], "content": m["content"]} for m in request["messages"]
                ]
                if request["json_schema"]:
                    kwargs["response_format"] = {
                        "type": "json_object",
                        "schema": request["json_schema"],
                    }
                result = llm.create_chat_completion(messages=messages, **kwargs)
                choice = result["choices"][0]
                row["raw"] = choice["message"]["content"] or ""
            else:
                result = llm.create_completion(request["prompt"], **kwargs)
                choice = result["choices"][0]
                row["raw"] = choice["text"]
            row["finish_reason"] = choice["finish_reason"]
            out.write(json.dumps(row) + "\n")
            print(row["id"], repr(row["raw"])[:100], file=sys.stderr)


def build(in_path: str, out_path: str) -> None:
    from minionc.runtime.output import parse_output

    rows = [json.loads(line) for line in Path(in_path).read_text().splitlines() if line.strip()]
    with open(out_path, "w") as out:
        for row in rows:
            raw_mode = row["mode"].startswith("raw")
            result = parse_output(row["raw"], row["schema"], row["types"], raw_completion=raw_mode)
            entry = {
                "id": row["id"],
                "prompt_name": row["prompt_name"],
                "mode": row["mode"],
                "raw_completion": raw_mode,
                "schema": row["schema"],
                "types": row["types"],
                "args": row["args"],
                "truth": row["truth"],
                "prompt": row["request"]["prompt"],
                "messages": row["request"]["messages"],
                "json_schema": row["request"]["json_schema"],
                "stop": row["request"]["stop"],
                "temperature": row["request"]["temperature"],
                "seed": row["request"]["seed"],
                "raw": row["raw"],
                "finish_reason": row["finish_reason"],
                "expected": (
                    {"ok": True, "value": result.value}
                    if result.ok
                    else {"ok": False, "reason": result.reason}
                ),
            }
            out.write(json.dumps(entry, ensure_ascii=False) + "\n")
    print(f"{len(rows)} rows -> {out_path}")


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("render")
    p.add_argument("out")
    p = sub.add_parser("complete")
    p.add_argument("inp")
    p.add_argument("out")
    p.add_argument("--model", required=True)
    p = sub.add_parser("build")
    p.add_argument("inp")
    p.add_argument("out")
    args = parser.parse_args()
    if args.command == "render":
        render(args.out)
    elif args.command == "complete":
        complete(args.inp, args.out, args.model)
    else:
        build(args.inp, args.out)


if __name__ == "__main__":
    main()
