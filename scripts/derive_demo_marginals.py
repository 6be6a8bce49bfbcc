#!/usr/bin/env python3
"""Derives the marginals of Ariadne's synthetic demo data from the UNODC GLOTIP workbook.

Usage (from the repository root):

    python3 scripts/derive_demo_marginals.py [--source tests/data/ctdc/data_glotip.xlsx]
        [--iso /usr/share/iso-codes/json/iso_3166-1.json] [--out src/Ariadne.Core/DemoData/marginals.json]
        [--cap 0.05]

Python 3 standard library only. The rules are documented in docs/demo-data.md and repeated in the "provenance"
block of the output. Every distribution pooled over countries is pooled with each country's weight capped (--cap,
see cap_weights()), so that no single country dominates. The script prints the derived sex x age shares next to the
shares UNODC published for 2022, and what it could not map (citizenship names, alpha-3 codes) so that the
alias table below can be extended.
"""

import argparse
import collections
import hashlib
import json
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_ROW = 3
COLUMNS = ["Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category", "Sex", "Age",
           "Year", "Unit of measurement", "txtVALUE", "Source"]

YEARS = [2018, 2019, 2020, 2021, 2022]
SUPPRESSED = "<5"
SUPPRESSED_WEIGHT = 2.0
FLOW_COVERAGE = 0.90
COUNTRY_COVERAGE = 0.99
MAX_FLOWS_PER_COUNTRY = 20
DEFAULT_CAP = 0.05

# GLOTIP 2024 (data for 2022), global shares of detected victims by sex x age; printed for comparison only
# (reference/identification-and-referral.md section 5.2).
PUBLISHED_2022 = {("female", "minor"): 0.22, ("female", "adult"): 0.39, ("male", "minor"): 0.16, ("male", "adult"): 0.23}

CAP_RULE = ("Every distribution pooled over countries is a weighted mean of the per-country distributions (each country's "
            "counts summed over the years and normalised). A country's weight is its count in that distribution, capped "
            "iteratively: w' = min(w, T), with T the level at which T = cap x sum(w') (countries above the cap are cut to "
            "exactly cap of the capped total, the others keep their counts); with fewer than 1/cap countries all weigh the "
            "same. Countries below the cap therefore count as in a plain sum.")

VICTIMS = "Detected trafficking victims"
SEXES = {"Female": "female", "Male": "male"}
AGES = {"0 to 17 years": "minor", "18 years or over": "adult"}
FORMS = {
    "Sexual exploitation": "sexualExploitation",
    "Forced labour": "forcedLabour",
    "Other forms of exploitation": "otherForms",
}

# How the GLOTIP category "Other forms of exploitation" is split into the product's finer exploitation-form codes.
# These are ASSUMPTIONS, not derived from the workbook (which has no finer breakdown): relative weights loosely
# following the order of magnitude of the GLOTIP 2020 report's breakdown of 2018 detections (forced criminal
# activity about 6 % of all detected victims, begging about 1.5 %, forced marriage about 1 %, the rest below 1 %).
OTHER_FORMS_SPLIT = {
    "forced-criminal-activity": 6.0,
    "forced-begging": 1.5,
    "forced-marriage": 1.0,
    "organ-removal": 0.2,
    "illegal-adoption": 0.3,
    "armed-groups": 0.3,
    "slavery-servitude": 0.5,
    "other": 1.0,
}

# Likewise an assumption: the share of GLOTIP "Forced labour" recorded as the product's domestic-servitude code.
DOMESTIC_SERVITUDE_SHARE_OF_FORCED_LABOUR = 0.10

# Citizenship categories that mean "a citizen of the reporting country" (domestic victims).
DOMESTIC_MARKERS = ("nationals", "ciudadanos de su pa", "netherlands (own country)")

# Citizenship names (demonyms, misspellings, other languages) that match neither ISO 3166-1 nor the workbook's own
# country names. Keys are normalised (see normalise()). Extend this table from the "unmapped" list printed below.
ALIASES = {
    "pakistani": "PK", "albanians": "AL", "albanian": "AL", "nigerians": "NG", "nigerian": "NG", "nigeriana": "NG",
    "romanian": "RO", "rumania": "RO", "roumanie": "RO", "vietnamese": "VN", "vietnamita": "VN",
    "burkinabe": "BF", "eritrean": "ER", "erithera": "ER", "eritreja": "ER", "french": "FR", "sudanese": "SD",
    "chinese": "CN", "chino": "CN", "chine": "CN", "chines": "CN", "chiness": "CN", "cina popolare": "CN",
    "italian": "IT", "indian": "IN", "inde": "IN", "burmese": "MM", "iranian": "IR", "peruvian": "PE",
    "peruano": "PE", "peruana": "PE", "afghani": "AF", "afganistan": "AF", "poles": "PL", "polish": "PL",
    "hungarians": "HU", "hungarian": "HU", "hongrie": "HU", "bulgarian": "BG", "ugandean": "UG", "ugandan": "UG",
    "ethiopian": "ET", "etiopia": "ET", "moroccan": "MA", "marocco": "MA", "marruecos": "MA", "marroquie": "MA",
    "egyptian": "EG", "egybt": "EG", "germans": "DE", "german": "DE", "somali": "SO", "filippino": "PH",
    "filipino": "PH", "philippine": "PH", "filippine": "PH", "ukraineans": "UA", "ukrainian": "UA",
    "ukranian": "UA", "venezuelan": "VE", "venezuelans": "VE", "venezolana": "VE", "venezolano": "VE",
    "thai": "TH", "tailandesa": "TH", "thailande": "TH", "mexican": "MX", "mexicana": "MX", "brazilian": "BR",
    "brasil": "BR", "brasilero": "BR", "brasilera": "BR", "bresil": "BR", "barsil": "BR",
    "cote d'ivoire": "CI", "ivory coast": "CI", "costa d'avorio": "CI", "dutch": "NL", "slovaks": "SK",
    "slovak": "SK", "moldavian": "MD", "moldavia": "MD", "moldovan": "MD", "moldovian": "MD",
    "republique de moldavie": "MD", "colombian": "CO", "colombiana": "CO", "colombiano": "CO", "columbia": "CO",
    "ghanean": "GH", "ghanaian": "GH", "gana": "GH", "tanzanians": "TZ", "tazanians": "TZ", "tanzanian": "TZ",
    "gambian": "GM", "lithuanian": "LT", "cameroonian": "CM", "cameroun": "CM", "tajiki": "TJ",
    "hondureans": "HN", "honduranian": "HN", "hondurena": "HN", "hodruanian": "HN", "sierra leonean": "SL",
    "congolese (drc)": "CD", "democratic kongo": "CD", "dr kongo": "CD", "portuguese": "PT", "indonesian": "ID",
    "sri lankan": "LK", "algerians": "DZ", "jamaican": "JM", "jamaicans": "JM", "guatemalteca": "GT",
    "guatemalean": "GT", "latvian": "LV", "spanish": "ES", "dominican rep": "DO", "dominican rebublic": "DO",
    "r.dominicana": "DO", "republica dominicana": "DO", "rep. dominicana": "DO", "dominicana": "DO",
    "zimbabwean": "ZW", "bhutanese": "BT", "bhuatnese": "BT", "guinean": "GN", "guinee conakry": "GN",
    "guinee": "GN", "guinea conakry": "GN", "guineana": "GN", "czech rep": "CZ", "czech": "CZ",
    "czeck republic": "CZ", "republique tcheque": "CZ", "mongolian": "MN", "paraguayian": "PY",
    "paraguayo": "PY", "paraguaya": "PY", "georgian": "GE", "kenyan": "KE", "keniano": "KE", "bosnian": "BA",
    "bosnia": "BA", "b & h": "BA", "bosnia i herzegovinia": "BA", "turkish": "TR", "turkey": "TR",
    "turkiye": "TR", "greek": "GR", "nepalese": "NP", "yemeni": "YE", "uzbecki": "UZ", "cambodian": "KH",
    "camboya": "KH", "chadian": "TD", "laotian": "LA", "russian": "RU", "russia": "RU", "rusia": "RU",
    "serbians": "RS", "serbian": "RS", "nigerin": "NE", "senegalese": "SN", "australians": "AU",
    "malaysian": "MY", "beninoise": "BJ", "benin rep": "BJ", "angolan": "AO", "haitian": "HT", "haitiano": "HT",
    "haitiana": "HT", "haiti": "HT", "azerbaijani": "AZ", "austrians": "AT", "malian": "ML",
    "south african": "ZA", "sudafrica": "ZA", "croatian": "HR", "kazaki": "KZ", "kazakhistan": "KZ",
    "kazalhstan": "KZ", "lybians": "LY", "lybia": "LY", "finns": "FI", "fijian": "FJ", "car": "CF",
    "centrel african republic": "CF", "nicaraguarean": "NI", "nicaraguense": "NI", "kosovar": "XK",
    "comorian islands": "KM", "cuban": "CU", "cubans": "CU", "cubano": "CU", "cubana": "CU", "botzwana": "BW",
    "usa": "US", "estados unidos": "US", "palestine": "PS", "palestinian authority": "PS", "mauritanian": "MR",
    "israelian": "IL", "togolese": "TG", "burundean": "BI", "burundians": "BI", "saudi": "SA",
    "estonians": "EE", "lebanese": "LB", "libanon": "LB", "guayanean": "GY", "zambian": "ZM",
    "swedesh": "SE", "boliviana": "BO", "bolivians": "BO", "argentinian": "AR", "argentino": "AR",
    "salvadorean": "SV", "salvadorena": "SV", "corea del sur": "KR", "south korean": "KR",
    "republic of korea": "KR", "liberian": "LR", "rwandean": "RW", "timor este": "TL", "kyrgysi": "KG",
    "ecuadorean": "EC", "ecuatoriana": "EC", "macedonian": "MK", "uruguayan": "UY", "danish": "DK",
    "st vincent": "VC", "jordanian": "JO", "belga": "BE", "bangladeshi": "BD", "syrian": "SY", "siria": "SY",
    "canadians": "CA", "cape ver": "CV", "solomon islanders": "SB", "solomon isands": "SB",
    "singaporean": "SG", "maltese": "MT", "japanese": "JP", "armenians": "AM", "chilean": "CL",
    "new zealander": "NZ", "north korean": "KP", "norvegian": "NO", "rmi": "MH", "panama": "PA",
    "qatari": "QA", "turkmeni": "TM", "sao tome": "ST", "belizean": "BZ", "belizeean": "BZ", "belicena": "BZ",
    "belice": "BZ", "byelorussian": "BY", "emirati (uae)": "AE", "swasiland": "SZ", "djiboutean": "DJ",
    "taiwanese": "TW", "tunisie": "TN", "omani": "OM", "pakistan": "PK", "slovenian": "SI",
    "china, hong kong special administrative region": "HK",
    # Mis-encoded characters are dropped by normalise(): "C\ufffdte d\ufffdIvoire" becomes "cte divoire".
    "cte d'ivoire": "CI", "cte divoire": "CI", "repblica dominicana": "DO", "hondurea": "HN", "panam": "PA",
    "hait": "HT", "belicea": "BZ", "salvadorea": "SV", "trkiye": "TR",
}


def normalise(name):
    """Lower case, accents and mis-encoded characters removed, whitespace collapsed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c) and c != "\ufffd")
    return re.sub(r"\s+", " ", text).strip().lower()


def read_rows(path):
    """Yields the data rows of the single sheet as dicts keyed by the header in row 3."""
    with zipfile.ZipFile(path) as archive:
        shared = []
        root = ET.fromstring(archive.read("xl/sharedStrings.xml"))
        for item in root.findall(f"{{{MAIN_NS}}}si"):
            shared.append("".join(t.text or "" for t in item.iter(f"{{{MAIN_NS}}}t")))
        header = None
        with archive.open("xl/worksheets/sheet1.xml") as sheet:
            for _, element in ET.iterparse(sheet):
                if element.tag != f"{{{MAIN_NS}}}row":
                    continue
                number = int(element.get("r"))
                cells = {}
                for cell in element.findall(f"{{{MAIN_NS}}}c"):
                    column = re.match(r"[A-Z]+", cell.get("r")).group(0)
                    value = cell.find(f"{{{MAIN_NS}}}v")
                    if value is not None:
                        cells[column] = shared[int(value.text)] if cell.get("t") == "s" else value.text
                    else:
                        inline = cell.find(f"{{{MAIN_NS}}}is")
                        cells[column] = ("".join(t.text or "" for t in inline.iter(f"{{{MAIN_NS}}}t"))
                                         if inline is not None else None)
                element.clear()
                if number == HEADER_ROW:
                    header = cells
                    found = [header[k] for k in sorted(header, key=lambda c: (len(c), c))]
                    if found != COLUMNS:
                        sys.exit(f"Unexpected header in row {HEADER_ROW}: {found}")
                elif header is not None and number > HEADER_ROW:
                    yield {header[k]: cells.get(k) for k in header}


def parse_value(text):
    """Counts are text with thousands separators; "<5" (suppressed) counts as 2; anything else unparsable is None."""
    if text is None:
        return None
    text = text.strip()
    if text == SUPPRESSED:
        return SUPPRESSED_WEIGHT
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        return None
    return value if value >= 0 else None


def normalised_shares(weights):
    total = sum(weights.values())
    return {k: v / total for k, v in weights.items()}


def top_covering(weights, coverage):
    """The largest entries, in descending order, until they hold `coverage` of the total weight."""
    total = sum(weights.values())
    kept, running = [], 0.0
    for key, weight in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0])):
        if running >= coverage * total:
            break
        kept.append((key, weight))
        running += weight
    return kept


def cap_weights(weights, cap):
    """Caps every weight at `cap` of the capped total: w' = min(w, T) with T = cap * sum(w'), found by capping the
    largest weights one by one. With fewer than 1/cap positive weights no such T exists and all weigh the same."""
    items = sorted(((k, w) for k, w in weights.items() if w > 0), key=lambda kv: (-kv[1], kv[0]))
    if len(items) * cap <= 1:
        return {k: 1.0 for k, _ in items}, 1.0
    rest = sum(w for _, w in items)
    for capped, (_, weight) in enumerate(items):
        level = cap * rest / (1 - capped * cap)
        if weight <= level:
            return {k: min(w, level) for k, w in items}, level
        rest -= weight
    raise AssertionError("unreachable: the smallest weight is always below the level")


def pool(by_country, cap, label):
    """Pools per-country count distributions ({country: {key: count}}) with capped country weights (cap_weights).
    Returns the pooled weights per key, in victims (a capped country's counts scaled down to its capped weight), and
    a summary for the provenance block."""
    totals = {c: sum(d.values()) for c, d in by_country.items()}
    capped, _ = cap_weights(totals, cap)
    pooled = collections.defaultdict(float)
    for country in sorted(capped):
        factor = capped[country] / totals[country]
        for key in sorted(by_country[country]):
            pooled[key] += by_country[country][key] * factor
    total = sum(totals[c] for c in capped)
    largest = max(capped, key=lambda c: (totals[c], c))
    return pooled, {
        "distribution": label,
        "countries": len(capped),
        "countriesCapped": sorted(c for c in capped if capped[c] < totals[c]),
        "largestCountryUncapped": {"country": largest, "share": totals[largest] / total},
        "weightUncapped": total,
        "weightCapped": sum(capped.values()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    repo = Path(__file__).resolve().parent.parent
    parser.add_argument("--source", default="tests/data/ctdc/data_glotip.xlsx",
                        help="the GLOTIP workbook (default relative to the current directory, the repository root)")
    parser.add_argument("--iso", default="/usr/share/iso-codes/json/iso_3166-1.json")
    parser.add_argument("--out", default=str(repo / "src/Ariadne.Core/DemoData/marginals.json"))
    parser.add_argument("--cap", type=float, default=DEFAULT_CAP,
                        help="the largest share of any one country's weight in a pooled distribution "
                             f"(default {DEFAULT_CAP:g}; 1 gives plain sums over all countries)")
    args = parser.parse_args()
    if not 0 < args.cap <= 1:
        parser.error("--cap must be in (0, 1]")

    iso = json.loads(Path(args.iso).read_text(encoding="utf-8"))["3166-1"]
    alpha3 = {e["alpha_3"]: e["alpha_2"] for e in iso}
    names = {}
    for entry in iso:
        for key in ("name", "official_name", "common_name"):
            if key in entry:
                names[normalise(entry[key])] = entry["alpha_2"]

    rows = [r for r in read_rows(args.source) if r["Indicator"] == VICTIMS]
    years = {str(y) for y in YEARS}
    rows = [r for r in rows if r["Year"] in years]

    # The workbook's own country names (UN M49 style, e.g. "Bolivia (Plurinational State of)") map through Iso3_code.
    unmapped_alpha3 = collections.Counter()
    for r in rows:
        code = alpha3.get(r["Iso3_code"] or "")
        if code and r["Country"]:
            names.setdefault(normalise(r["Country"]), code)
    names.update(ALIASES)

    skipped = 0
    # Per country (alpha-2, else the workbook's Iso3_code or Country), summed over the years.
    sex_age_by_country = collections.defaultdict(lambda: collections.defaultdict(float))
    forms_by_country = collections.defaultdict(lambda: collections.defaultdict(lambda: collections.defaultdict(float)))
    detected = collections.defaultdict(float)
    flows = collections.defaultdict(float)
    unmapped_names = collections.Counter()
    citizenship_total = 0.0

    for r in rows:
        value = parse_value(r["txtVALUE"])
        if value is None:
            skipped += 1
            continue
        country = alpha3.get(r["Iso3_code"] or "")
        unit = country or r["Iso3_code"] or r["Country"] or "?"
        dimension, sex, age = r["Dimension"], r["Sex"], r["Age"]
        if dimension == "Total" and r["Category"] == "Total":
            if sex in SEXES and age in AGES:
                sex_age_by_country[unit][(SEXES[sex], AGES[age])] += value
            if sex == "Total" and age == "Total":
                if country is None:
                    unmapped_alpha3[f"{r['Iso3_code']} ({r['Country']})"] += value
                else:
                    detected[country] += value
        elif dimension == "by form of exploitation" and sex in SEXES and age in AGES and r["Category"] in FORMS:
            forms_by_country[(SEXES[sex], AGES[age])][unit][FORMS[r["Category"]]] += value
        elif dimension == "by citizenship" and sex == "Total" and age == "Total":
            citizenship_total += value
            if country is None:
                unmapped_alpha3[f"{r['Iso3_code']} ({r['Country']})"] += value
                continue
            category = normalise(r["Category"] or "")
            citizenship = country if category.startswith(DOMESTIC_MARKERS) else names.get(category)
            if citizenship is None:
                unmapped_names[r["Category"]] += value
                continue
            flows[(citizenship, country)] += value

    cap = args.cap
    groups = [(s, a) for s in ("female", "male") for a in ("minor", "adult")]
    sex_age, sex_age_summary = pool(sex_age_by_country, cap, "sexAge")
    sex_age_plain, _ = pool(sex_age_by_country, 1.0, "sexAge")
    forms, forms_summaries = {}, []
    for s, a in groups:
        forms[(s, a)], summary = pool(forms_by_country[(s, a)], cap, f"forms {s} {a}")
        forms_summaries.append(summary)

    # Countries of detection: cap, keep the largest capped weights covering COUNTRY_COVERAGE, cap again among those
    # kept (so that no kept country exceeds the cap after renormalising).
    detected_capped, _ = pool({c: {c: w} for c, w in detected.items()}, cap, "detectionCountries")
    kept_codes = [c for c, _ in top_covering(detected_capped, COUNTRY_COVERAGE)]
    kept_weights, detection_summary = pool({c: {c: detected[c]} for c in kept_codes}, cap, "detectionCountries")
    kept_countries = [(c, kept_weights[c]) for c in kept_codes]
    kept_country_total = sum(w for _, w in kept_countries)

    flow_total = sum(flows.values())
    domestic_by_country = collections.defaultdict(lambda: collections.defaultdict(float))
    for (citizenship, country), weight in flows.items():
        domestic_by_country[country]["domestic" if citizenship == country else "transnational"] += weight
    domestic, domestic_summary = pool(domestic_by_country, cap, "domesticShare")
    domestic_share = domestic["domestic"] / (domestic["domestic"] + domestic["transnational"])

    # Per country of detection: its largest citizenship flows covering FLOW_COVERAGE of its own mapped weight.
    by_country = collections.defaultdict(dict)
    for (citizenship, country), weight in flows.items():
        by_country[country][citizenship] = weight
    kept_flows = []
    for country in sorted(by_country):
        kept = top_covering(by_country[country], FLOW_COVERAGE)[:MAX_FLOWS_PER_COUNTRY]
        total = sum(w for _, w in kept)
        kept_flows.extend((citizenship, country, w, w / total) for citizenship, w in kept)

    # Citizenships of transnational victims, for countries of detection without citizenship data.
    foreign_by_country = collections.defaultdict(dict)
    for (citizenship, country), weight in flows.items():
        if citizenship != country:
            foreign_by_country[country][citizenship] = weight
    foreign, foreign_summary = pool(foreign_by_country, cap, "foreignCitizenships")
    kept_foreign = top_covering(foreign, FLOW_COVERAGE)
    kept_foreign_total = sum(w for _, w in kept_foreign)

    source = Path(args.source)
    sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
    sex_age_shares = normalised_shares({g: sex_age[g] for g in groups})

    result = {
        "provenance": {
            "source": "UNODC Global Report on Trafficking in Persons data (GLOTIP), data_glotip.xlsx",
            "sourceFile": source.name,
            "sha256": sha256,
            "years": YEARS,
            "script": "scripts/derive_demo_marginals.py",
            "documentation": "docs/demo-data.md",
            "cap": cap,
            "capRule": CAP_RULE,
            "rules": [
                "Indicator 'Detected trafficking victims' only; years " + f"{YEARS[0]}-{YEARS[-1]}" + " summed per reporting country; "
                + f"distributions pooled over countries with each country's weight capped at {cap:g} of the total (capRule).",
                f"txtVALUE is text with thousands separators; '<5' (suppressed) counts as {SUPPRESSED_WEIGHT:g}; rows whose value does not parse are skipped.",
                "sexAge: Dimension 'Total', Category 'Total', Sex Female/Male x Age '0 to 17 years'/'18 years or over'; Other/Unknown sex and Unknown age left out; "
                + "country weight = its count in the four cells, capped; weight = pooled capped weight.",
                "forms: Dimension 'by form of exploitation', per Sex x Age group, Categories Sexual exploitation / Forced labour / Other forms of exploitation; "
                + "per group, country weight = its count in the group's three categories, capped.",
                "detectionCountries: Dimension 'Total', Sex 'Total', Age 'Total' per Iso3_code (mapped to alpha-2 with iso-codes); weights capped; "
                + f"largest capped weights covering {COUNTRY_COVERAGE:.0%} kept, the cap applied again among them; weight = capped weight, share = weight / sum.",
                "flows: Dimension 'by citizenship' (Sex and Age 'Total'); Category names mapped to alpha-2 via iso-codes names, the workbook's own "
                + "country names and an alias table; 'Nationals'-type categories mean domestic; unmappable categories dropped; "
                + f"per country of detection its largest flows covering {FLOW_COVERAGE:.0%} of its mapped weight (at most "
                + f"{MAX_FLOWS_PER_COUNTRY}) kept; share = share within that country of detection, renormalised over the kept flows.",
                "domesticShare: the share of mapped citizenship weight where citizenship equals the country of detection (before truncation); "
                + "country of detection weight = its mapped citizenship weight, capped.",
                "foreignCitizenships: citizenships of transnational flows (citizenship != country of detection), pooled with each country of detection's "
                + f"transnational weight capped; largest covering {FLOW_COVERAGE:.0%} kept; "
                + "used with domesticShare for countries of detection that report no citizenship data.",
                "otherFormsSplit and domesticServitudeShareOfForcedLabour are assumptions, not derived from the workbook.",
            ],
            "figures": {
                "rowsSkippedUnparsable": skipped,
                "citizenshipWeightTotal": citizenship_total,
                "citizenshipWeightMapped": flow_total,
                "flowsKept": len(kept_flows),
                "flowsAvailable": len(flows),
                "countriesWithFlows": len(by_country),
                "countriesKept": len(kept_countries),
                "countriesAvailable": len(detected),
                "pooling": [sex_age_summary, *forms_summaries, detection_summary, domestic_summary, foreign_summary],
            },
        },
        "sexAge": [
            {"sex": s, "ageGroup": a, "share": sex_age_shares[(s, a)], "weight": sex_age[(s, a)]} for s, a in groups
        ],
        "forms": [
            {"sex": s, "ageGroup": a, **normalised_shares({k: forms[(s, a)][k] for k in FORMS.values()})}
            for s, a in groups
        ],
        "otherFormsSplit": normalised_shares(OTHER_FORMS_SPLIT),
        "domesticServitudeShareOfForcedLabour": DOMESTIC_SERVITUDE_SHARE_OF_FORCED_LABOUR,
        "domesticShare": domestic_share,
        "detectionCountries": [
            {"country": c, "share": w / kept_country_total, "weight": w} for c, w in kept_countries
        ],
        "flows": [
            {"countryOfExploitation": e, "citizenship": c, "share": share, "weight": w}
            for c, e, w, share in kept_flows
        ],
        "foreignCitizenships": [
            {"citizenship": c, "share": w / kept_foreign_total, "weight": w} for c, w in kept_foreign
        ],
    }

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    print(f"Wrote {out} (source sha256 {sha256[:12]}…, years {YEARS[0]}-{YEARS[-1]}).")
    print(f"Rows skipped (value did not parse): {skipped}")
    for (s, a) in groups:
        shares = result["forms"][groups.index((s, a))]
        print(f"  {s:6} {a:5} {sex_age_shares[(s, a)]:6.1%}   sexual {shares['sexualExploitation']:6.1%}"
              f"  labour {shares['forcedLabour']:6.1%}  other {shares['otherForms']:6.1%}")
    print(f"Citizenship weight mapped {flow_total:,.0f} of {citizenship_total:,.0f}; domestic share {domestic_share:.1%};"
          f" {len(kept_flows)} of {len(flows)} flows kept ({FLOW_COVERAGE:.0%} per country of detection),"
          f" {len(kept_foreign)} foreign citizenships.")
    print(f"Detection countries kept: {len(kept_countries)} of {len(detected)} ({COUNTRY_COVERAGE:.0%}).")
    print(f"Country cap {cap:g}: countries capped — " + "; ".join(
        f"{x['distribution']} {len(x['countriesCapped'])} of {x['countries']}"
        f" (largest uncapped {x['largestCountryUncapped']['country']} {x['largestCountryUncapped']['share']:.1%})"
        for x in [sex_age_summary, *forms_summaries, detection_summary, domestic_summary, foreign_summary]) + ".")
    print("Detection countries: " + ", ".join(f"{c} {w / kept_country_total:.1%}" for c, w in kept_countries[:8]) + ", …")
    if unmapped_alpha3:
        print("Unmapped Iso3_code values (weight):", ", ".join(f"{k} {v:g}" for k, v in unmapped_alpha3.most_common()))
    print(f"Unmapped citizenship categories ({len(unmapped_names)}, weight {sum(unmapped_names.values()):,.0f}):")
    for name, weight in unmapped_names.most_common():
        print(f"  {weight:>9,.0f}  {name!r}")

    plain_shares = normalised_shares({g: sex_age_plain[g] for g in groups})
    rows_out = [(f"{'Girls' if s == 'female' else 'Boys'} ({s}, 0-17)" if a == "minor"
                 else f"{'Women' if s == 'female' else 'Men'} ({s}, 18+)", [(s, a)]) for s, a in groups]
    rows_out += [("Female", [g for g in groups if g[0] == "female"]), ("Children", [g for g in groups if g[1] == "minor"])]
    print(f"\nSex x age, {YEARS[0]}-{YEARS[-1]}: plain sum | derived (cap {cap:g}) | GLOTIP 2024 report, 2022 detections")
    for label, cells in rows_out:
        plain, derived, published = (sum(d[g] for g in cells) for d in (plain_shares, sex_age_shares, PUBLISHED_2022))
        print(f"  {label:22} {plain:6.1%} {derived:8.1%} {published:8.0%}   ({100 * (derived - published):+.1f} points)")


if __name__ == "__main__":
    main()
