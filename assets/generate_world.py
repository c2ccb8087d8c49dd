#!/usr/bin/env python3
"""Writes assets/world.json, newslens's world layer: every country and territory with
its names, demonyms and capital, and the major international organisations.

Countries come from the `world-countries` package (mledoze/countries, ODbL 1.0), fetched
with `npm pack`, or from a countries.json given as the first argument. The additions
below are what news writing uses and the data lacks ("Turkey", "U.S.", "Kazakh"); the
organisations are listed here. Edit this script, never world.json, and run:

    python3 assets/generate_world.py [countries.json] > assets/world.json

The output is an entity file (see README.md): ids are slugs of the common name; a name
claimed by two entries is dropped from both (and reported on stderr), so every form in
the file means one thing.
"""

import json
import re
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from pathlib import Path

PACKAGE = "world-countries@5.1.0"

# Forms news writing uses that the data lacks, by ISO 3166-1 alpha-3 code.
EXTRA_NAMES = {
    "USA": ["U.S.", "U.S.A.", "US", "America"],
    "GBR": ["Britain", "U.K.", "UK"],
    "TUR": ["Turkey"],
    "KAZ": ["Kazakh"],
    "CZE": ["Czech Republic"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "RUS": ["Russians"],
    "NLD": ["Holland"],
    "COD": ["Congo-Kinshasa"],
    "COG": ["Congo-Brazzaville"],
    "MMR": ["Burma"],
    "SWZ": ["Swaziland"],
    "CPV": ["Cape Verde"],
    "MKD": ["Macedonia"],
    "VAT": ["the Vatican"],
}
EXTRA_DEMONYMS = {
    "KAZ": ["Kazakh", "Kazakhs"],
    "TUR": ["Turks"],
    "GBR": ["Briton", "Britons"],
    "NLD": ["Dutchman"],
    "AFG": ["Afghans"],
    "PHL": ["Filipino", "Filipinos"],
    "UZB": ["Uzbeks"],
    "TKM": ["Turkmen"],
    "KGZ": ["Kyrgyz"],
    "TJK": ["Tajik", "Tajiks"],
    "PAK": ["Pakistanis"],
}
# Capitals whose everyday name is shorter than the data's.
CAPITAL_ALIASES = {
    "Washington D.C.": ["Washington", "Washington, D.C."],
}

# Continents and regions: places in their own right, and listed so that the longest
# match keeps "South America" from counting as a mention of America.
REGIONS = [
    "Africa", "Asia", "Europe", "Oceania", "Arctic",
    "North America", "South America", "Latin America", "Central America", "Caribbean",
    "Middle East", "Near East", "Far East", "Levant", "Gulf", "Persian Gulf",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Sahel", "Horn of Africa",
    "Central Asia", "South Asia", "Southeast Asia", "East Asia", "Caucasus", "South Caucasus",
    "Balkans", "Eastern Europe", "Western Europe", "Central Europe", "Scandinavia",
    "Mediterranean", "Black Sea", "Red Sea", "Caspian Sea", "Baltic",
]

ORGANISATIONS = [
    # (name, aliases, note)
    ("United Nations", ["UN", "U.N."], "intergovernmental organisation"),
    ("UN Security Council", ["Security Council", "UNSC"], "United Nations organ"),
    ("UN General Assembly", ["General Assembly", "UNGA"], "United Nations organ"),
    ("UNHCR", ["UN refugee agency", "United Nations High Commissioner for Refugees"], "UN agency"),
    ("UNICEF", ["United Nations Children's Fund"], "UN agency"),
    ("UNESCO", [], "UN agency"),
    ("World Health Organization", ["WHO", "World Health Organisation"], "UN agency"),
    ("World Food Programme", ["WFP"], "UN agency"),
    ("International Atomic Energy Agency", ["IAEA"], "UN-related agency"),
    ("International Monetary Fund", ["IMF"], "financial institution"),
    ("World Bank", [], "financial institution"),
    ("World Trade Organization", ["WTO", "World Trade Organisation"], "trade organisation"),
    ("European Union", ["EU", "E.U."], "political and economic union"),
    ("European Commission", [], "EU executive"),
    ("European Parliament", [], "EU legislature"),
    ("Council of Europe", [], "human-rights organisation"),
    ("NATO", ["North Atlantic Treaty Organization", "North Atlantic Treaty Organisation"], "military alliance"),
    ("OPEC", ["Organization of the Petroleum Exporting Countries"], "oil producers' cartel"),
    ("OSCE", ["Organization for Security and Co-operation in Europe"], "security organisation"),
    ("African Union", ["AU"], "continental union"),
    ("Arab League", ["League of Arab States"], "regional organisation"),
    ("ASEAN", ["Association of Southeast Asian Nations"], "regional organisation"),
    ("Gulf Cooperation Council", ["GCC"], "regional organisation"),
    ("Organisation of Islamic Cooperation", ["OIC", "Organization of Islamic Cooperation"], "intergovernmental organisation"),
    ("Shanghai Cooperation Organisation", ["SCO", "Shanghai Cooperation Organization"], "security organisation"),
    ("Collective Security Treaty Organization", ["CSTO"], "military alliance"),
    ("Eurasian Economic Union", ["EAEU"], "economic union"),
    ("Commonwealth of Independent States", ["CIS"], "regional organisation"),
    ("G7", ["Group of Seven"], "forum of seven economies"),
    ("G20", ["Group of Twenty"], "forum of twenty economies"),
    ("BRICS", [], "grouping of emerging economies"),
    ("Mercosur", [], "South American trade bloc"),
    ("International Criminal Court", ["ICC"], "court"),
    ("International Court of Justice", ["ICJ"], "UN court"),
    ("International Committee of the Red Cross", ["ICRC", "Red Cross"], "humanitarian organisation"),
    ("Red Crescent", [], "humanitarian organisation"),
    ("Organisation for the Prohibition of Chemical Weapons", ["OPCW", "Organization for the Prohibition of Chemical Weapons"], "chemical-weapons watchdog"),
    ("Interpol", [], "police organisation"),
    ("Amnesty International", [], "human-rights organisation"),
    ("Human Rights Watch", ["HRW"], "human-rights organisation"),
    ("Doctors Without Borders", ["MSF", "Médecins Sans Frontières"], "humanitarian organisation"),
]


def slug(name):
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def latin(form):
    """Whether a form is written in Latin letters (news in English uses those)."""
    for c in form:
        if c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
            return False
    return True


def usable(form, code2):
    return (
        form
        and latin(form)
        and "," not in form
        and form != code2
        and not (len(form) == 2 and form.isupper())
    )


def plural(demonym):
    if demonym.endswith(("an", "i")):
        return [demonym + "s"]
    return []


def countries_json(argv):
    if len(argv) > 1:
        return json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL
        )
        tgz = next(Path(tmp).glob("world-countries-*.tgz"))
        with tarfile.open(tgz) as t:
            member = t.extractfile("package/countries.json")
            return json.load(member)


def main(argv):
    entries = []
    for c in sorted(countries_json(argv), key=lambda c: c["name"]["common"]):
        code = c["cca3"]
        common = c["name"]["common"]
        forms = [c["name"]["official"], *c.get("altSpellings", []), *EXTRA_NAMES.get(code, [])]
        demonyms = []
        for d in (c.get("demonyms", {}).get("eng", {}) or {}).values():
            if d and d not in demonyms:
                demonyms += [d, *plural(d)]
        demonyms += EXTRA_DEMONYMS.get(code, [])
        extra = EXTRA_NAMES.get(code, []) + EXTRA_DEMONYMS.get(code, [])
        aliases = []
        for f in forms + demonyms:
            wanted = f in extra or usable(f, c["cca2"])
            if wanted and f != common and f not in aliases:
                aliases.append(f)
        capitals = [k for k in c.get("capital", []) if k and k != common]
        note = c["name"]["official"]
        if capitals:
            note += "; capital " + ", ".join(capitals)
        if not c.get("independent"):
            note += "; a territory"
        country_id = slug(common)
        entries.append(
            {"id": country_id, "name": common, "kind": "country", "aliases": aliases, "note": note, "independent": bool(c.get("independent"))}
        )
        for cap in capitals:
            extra = CAPITAL_ALIASES.get(cap, [])
            entries.append(
                {"id": slug(cap), "name": cap, "kind": "place", "aliases": extra, "note": "capital of " + common, "affiliation": country_id}
            )
    for name in REGIONS:
        entries.append({"id": slug(name), "name": name, "kind": "place", "aliases": [], "note": "region"})
    for name, aliases, note in ORGANISATIONS:
        entries.append({"id": slug(name), "name": name, "kind": "organisation", "aliases": aliases, "note": note})

    # Ids and forms must each mean one thing. A form claimed twice goes to an independent
    # country over a territory (\"French\": France, not French Guiana), else to nobody.
    seen_ids = set()
    unique = []
    for e in entries:
        if e["id"] in seen_ids:
            print(f"dropped duplicate id {e['id']} ({e['name']})", file=sys.stderr)
            continue
        seen_ids.add(e["id"])
        unique.append(e)
    entries = unique
    owners = {}
    for i, e in enumerate(entries):
        for form in [e["name"], *e["aliases"]]:
            owners.setdefault(form, []).append(i)
    for form, who in sorted(owners.items()):
        if len(set(who)) < 2:
            continue
        independent = [i for i in set(who) if entries[i].get("independent")]
        keep = independent[0] if len(independent) == 1 else None
        for i in set(who):
            if i == keep:
                continue
            e = entries[i]
            if form == e["name"]:
                print(f"name {form!r} of {e['id']} is claimed twice", file=sys.stderr)
                continue
            e["aliases"] = [a for a in e["aliases"] if a != form]
        names = ", ".join(entries[i]["id"] for i in sorted(set(who)))
        kept = entries[keep]["id"] if keep is not None else "nobody"
        print(f"{form!r} claimed by {names}: kept by {kept}", file=sys.stderr)
    for e in entries:
        e.pop("independent", None)

    out = ['{"entities": [']
    lines = [json.dumps(e, ensure_ascii=False) for e in entries]
    out.append(",\n".join(lines))
    out.append("]}")
    print("\n".join(out))


if __name__ == "__main__":
    main(sys.argv)
