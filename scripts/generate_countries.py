#!/usr/bin/env python3
"""Writes the country code list src/Ariadne.Core/CodeLists/Data/country.json.

Re-run from the repository root after an iso-codes or GLOTIP update:

    python3 scripts/generate_countries.py [--glotip PATH]

Python 3 standard library only. Inputs:
  * Debian's iso-codes package (version pinned in VERSION below): /usr/share/iso-codes/json/iso_3166-1.json for
    alpha-2, alpha-3, numeric and English names, /usr/share/locale/de/LC_MESSAGES/iso_3166-1.mo for German names.
  * UN M49 region and subregion as the UNODC GLOTIP country dataset states them (by default the first
    tests/data/ctdc/data_glotip.xlsx of this repository, found walking up from this script).
    Territories GLOTIP does not report on take their region from M49_SUPPLEMENT below.

Output: exactly the 249 ISO 3166-1 entries, ordered by alpha-2. Code and ctdc = alpha-2 (the CTDC Global Dataset
uses alpha-2); glotip = alpha-3 (GLOTIP's Iso3_code); attributes alpha3 (the CTDC 2024 synthetic data uses it),
numeric (three digits), region, subregion, intermediateRegion (where M49 has one) and glotipName (where GLOTIP
spells the country differently from our English label). An unknown country is null in the case record, so there is
deliberately no "unknown" entry.

The script fails instead of guessing when a country has no region, when GLOTIP names a code ISO does not know, or
when GLOTIP and the supplement disagree.
"""
import argparse
import gettext
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
import zipfile

VERSION = "iso-codes-4.15.0/m49-2026.1"
SOURCE = ("ISO 3166-1 from Debian iso-codes 4.15.0 (English and German names); UN M49 region and subregion as "
          "published in the UNODC GLOTIP country dataset (data_glotip.xlsx, 14/04/2025), with M49 for territories "
          "GLOTIP does not cover")
ISO_JSON = "/usr/share/iso-codes/json/iso_3166-1.json"
LOCALE_DIR = "/usr/share/locale"
OUT = "src/Ariadne.Core/CodeLists/Data/country.json"
GLOTIP_RELATIVE = os.path.join("tests", "data", "ctdc", "data_glotip.xlsx")

# German names the iso-codes 4.15.0 catalogue leaves in English although German usage differs.
DE_OVERRIDES = {
    "UM": "Kleinere Amerikanische Überseeinseln",
}

# M49 region and subregion (GLOTIP's subregion names, i.e. the SDG grouping that merges Sub-Saharan Africa and
# Latin America and the Caribbean) for the ISO territories absent from GLOTIP, keyed by alpha-3.
M49_SUPPLEMENT = {
    # Africa
    "ERI": ("Africa", "Sub-Saharan Africa"),
    "SOM": ("Africa", "Sub-Saharan Africa"),
    "STP": ("Africa", "Sub-Saharan Africa"),
    "MYT": ("Africa", "Sub-Saharan Africa"),
    "REU": ("Africa", "Sub-Saharan Africa"),
    "SHN": ("Africa", "Sub-Saharan Africa"),
    "IOT": ("Africa", "Sub-Saharan Africa"),   # M49 lists the British Indian Ocean Territory under Eastern Africa
    "ATF": ("Africa", "Sub-Saharan Africa"),   # M49 lists the French Southern Territories under Eastern Africa
    "ESH": ("Africa", "Northern Africa"),
    # Americas
    "AIA": ("Americas", "Latin America and the Caribbean"),
    "BES": ("Americas", "Latin America and the Caribbean"),
    "BLM": ("Americas", "Latin America and the Caribbean"),
    "CYM": ("Americas", "Latin America and the Caribbean"),
    "GLP": ("Americas", "Latin America and the Caribbean"),
    "MAF": ("Americas", "Latin America and the Caribbean"),
    "MSR": ("Americas", "Latin America and the Caribbean"),
    "MTQ": ("Americas", "Latin America and the Caribbean"),
    "SXM": ("Americas", "Latin America and the Caribbean"),
    "TCA": ("Americas", "Latin America and the Caribbean"),
    "VGB": ("Americas", "Latin America and the Caribbean"),
    "VIR": ("Americas", "Latin America and the Caribbean"),
    "FLK": ("Americas", "Latin America and the Caribbean"),
    "GUF": ("Americas", "Latin America and the Caribbean"),
    "SGS": ("Americas", "Latin America and the Caribbean"),
    "BVT": ("Americas", "Latin America and the Caribbean"),  # M49 lists Bouvet Island under South America
    "BMU": ("Americas", "Northern America"),
    "GRL": ("Americas", "Northern America"),
    "SPM": ("Americas", "Northern America"),
    # Asia
    "PRK": ("Asia", "Eastern Asia"),
    # M49 does not list Taiwan separately; it is placed by geography, as most M49-based tables do.
    "TWN": ("Asia", "Eastern Asia"),
    "PSE": ("Asia", "Western Asia"),
    # Europe
    "ALA": ("Europe", "Northern Europe"),
    "FRO": ("Europe", "Northern Europe"),
    "GGY": ("Europe", "Northern Europe"),
    "JEY": ("Europe", "Northern Europe"),
    "IMN": ("Europe", "Northern Europe"),
    "SJM": ("Europe", "Northern Europe"),
    "GIB": ("Europe", "Southern Europe"),
    # Oceania
    "CCK": ("Oceania", "Australia and New Zealand"),
    "CXR": ("Oceania", "Australia and New Zealand"),
    "HMD": ("Oceania", "Australia and New Zealand"),
    "NFK": ("Oceania", "Australia and New Zealand"),
    "NCL": ("Oceania", "Melanesia"),
    "GUM": ("Oceania", "Micronesia"),
    "MNP": ("Oceania", "Micronesia"),
    "UMI": ("Oceania", "Micronesia"),
    "ASM": ("Oceania", "Polynesia"),
    "PCN": ("Oceania", "Polynesia"),
    "TKL": ("Oceania", "Polynesia"),
    "WLF": ("Oceania", "Polynesia"),
    # M49 assigns Antarctica to no region, but every entry needs one so that grouping by region never drops a
    # country silently; "Other" makes the exception visible in every regional table.
    "ATA": ("Other", "Other"),
}

# M49 intermediate regions. They exist only inside Sub-Saharan Africa, Latin America and the Caribbean and
# Northern Europe (Channel Islands); every other country has none and gets no attribute.
M49_INTERMEDIATE = {
    "Eastern Africa": "ATF BDI COM DJI ERI ETH IOT KEN MDG MOZ MUS MWI MYT REU RWA SOM SSD SYC TZA UGA ZMB ZWE",
    "Middle Africa": "AGO CAF CMR COD COG GAB GNQ STP TCD",
    "Southern Africa": "BWA LSO NAM SWZ ZAF",
    "Western Africa": "BEN BFA CIV CPV GHA GIN GMB GNB LBR MLI MRT NER NGA SEN SHN SLE TGO",
    "Caribbean": ("ABW AIA ATG BES BHS BLM BRB CUB CUW CYM DMA DOM GLP GRD HTI JAM KNA LCA MAF MSR MTQ PRI SXM "
                  "TCA TTO VCT VGB VIR"),
    "Central America": "BLZ CRI GTM HND MEX NIC PAN SLV",
    "South America": "ARG BOL BRA BVT CHL COL ECU FLK GUF GUY PER PRY SGS SUR URY VEN",
    "Channel Islands": "GGY JEY",
}

XLSX_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def read_xlsx_first_sheet(path):
    """Yields each row of the first worksheet as a dict column letter -> text."""
    with zipfile.ZipFile(path) as z:
        shared = [''.join(t.text or '' for t in si.iter(XLSX_NS + "t"))
                  for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall(XLSX_NS + "si")]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    for row in sheet.iter(XLSX_NS + "row"):
        cells = {}
        for c in row.findall(XLSX_NS + "c"):
            column = re.match(r"[A-Z]+", c.get("r")).group(0)
            kind = c.get("t")
            v = c.find(XLSX_NS + "v")
            if kind == "s":
                cells[column] = shared[int(v.text)]
            elif kind == "inlineStr":
                cells[column] = ''.join(t.text or '' for t in c.iter(XLSX_NS + "t"))
            elif v is not None:
                cells[column] = v.text
        yield cells


def read_glotip_regions(path):
    """Returns alpha-3 -> (country name, region, subregion) from GLOTIP, whose header is row 3."""
    rows = read_xlsx_first_sheet(path)
    header = None
    for _ in range(3):
        header = next(rows)
    columns = {name: col for col, name in header.items()}
    iso3, country, region, subregion = (columns[n] for n in ("Iso3_code", "Country", "Region", "Subregion"))
    result = {}
    for row in rows:
        code = (row.get(iso3) or "").strip()
        if not code:
            # GLOTIP reports Sark (part of Guernsey, no ISO code of its own) without a code.
            continue
        value = (row[country].strip(), row[region].strip(), row[subregion].strip())
        if result.setdefault(code, value) != value:
            sys.exit(f"GLOTIP is inconsistent for {code}: {result[code]} vs {value}")
    return result


def find_glotip():
    """The first tests/data/ctdc/data_glotip.xlsx in this script's folder or one of its ancestors."""
    folder = os.path.dirname(os.path.abspath(__file__))
    while True:
        candidate = os.path.join(folder, GLOTIP_RELATIVE)
        if os.path.exists(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            sys.exit(f"{GLOTIP_RELATIVE} not found above {__file__}: pass --glotip")
        folder = parent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--glotip", help="path of data_glotip.xlsx")
    args = parser.parse_args()

    with open(ISO_JSON, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    german = gettext.translation("iso_3166-1", LOCALE_DIR, ["de"])
    glotip = read_glotip_regions(args.glotip or find_glotip())
    intermediate = {code: name for name, codes in M49_INTERMEDIATE.items() for code in codes.split()}

    known = {c["alpha_3"] for c in countries}
    unknown = sorted(set(glotip) - known) + sorted(set(M49_SUPPLEMENT) - known) + sorted(set(intermediate) - known)
    if unknown:
        sys.exit(f"codes not in ISO 3166-1: {unknown}")
    overlap = sorted(set(glotip) & set(M49_SUPPLEMENT))
    if overlap:
        sys.exit(f"GLOTIP now covers {overlap}: remove them from M49_SUPPLEMENT")

    entries = []
    for c in sorted(countries, key=lambda c: c["alpha_2"]):
        a2, a3 = c["alpha_2"], c["alpha_3"]
        # The common name ("Bolivia", "South Korea") where ISO's short name is a formal one.
        english = c.get("common_name") or c["name"]
        german_name = DE_OVERRIDES.get(a2) or german.gettext(english)
        if a3 in glotip:
            glotip_name, region, subregion = glotip[a3]
        elif a3 in M49_SUPPLEMENT:
            glotip_name, (region, subregion) = None, M49_SUPPLEMENT[a3]
        else:
            sys.exit(f"{a2} {a3} has no region: add it to M49_SUPPLEMENT")
        attributes = {"alpha3": a3, "numeric": c["numeric"], "region": region, "subregion": subregion}
        if a3 in intermediate:
            attributes["intermediateRegion"] = intermediate[a3]
        if glotip_name and glotip_name != english:
            attributes["glotipName"] = glotip_name
        entries.append({"code": a2, "labels": {"en": english, "de": german_name}, "ctdc": a2, "glotip": a3,
                        "attributes": attributes})

    with open(OUT, "w", encoding="utf-8") as f:
        json.dump({"id": "country", "version": VERSION, "source": SOURCE, "entries": entries}, f,
                  ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {len(entries)} countries to {OUT} ({len(glotip)} regions from GLOTIP, "
          f"{len(M49_SUPPLEMENT)} from the M49 supplement)")


if __name__ == "__main__":
    main()
