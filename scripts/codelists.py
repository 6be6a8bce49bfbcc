#!/usr/bin/env python3
"""Writes the shipped code lists (except the country table, see generate_countries.py) as JSON.

Run from the repository root: python3 scripts/codelists.py. The JSON files are the source of truth the
application loads; this script only exists so that the lists are written consistently.
Mappings: CTDC = the CTDC Global Dataset / 2024 synthetic data columns and values; GLOTIP = the UNODC GLOTIP
category; HTCDS = the HTCDS v2.0 value name (shared/reference/data-standards-and-systems.md §1-3).
"""
import json, os

OUT = "src/Ariadne.Core/CodeLists/Data"
VERSION = "2026.1"

def e(code, en, de, ctdc=None, glotip=None, htcds=None, **attrs):
    d = {"code": code, "labels": {"en": en, "de": de}}
    if ctdc is not None: d["ctdc"] = ctdc
    if glotip is not None: d["glotip"] = glotip
    if htcds is not None: d["htcds"] = htcds
    if attrs: d["attributes"] = attrs
    return d

LISTS = {
 "sex": ("HTCDS prs_Gender; CTDC gender; GLOTIP Sex", [
   e("female", "Female", "Weiblich", "Female", "Female", "Feminine"),
   e("male", "Male", "Männlich", "Male", "Male", "Masculine"),
   e("transgender-nonconforming", "Transgender / non-conforming", "Transgender / nicht-binär", "Transgender/NonConforming", "Other", "NonConforming"),
   e("unknown", "Unknown", "Unbekannt", "Unknown", "Unknown", "NonSpecifiedUnknown"),
 ]),
 "exploitation-form": ("UNODC GLOTIP forms, Palermo art. 3, EU 2024/1712; CTDC is* flags", [
   e("sexual-exploitation", "Sexual exploitation", "Sexuelle Ausbeutung", "isSexualExploit", "Sexual exploitation", "SexualExploitation"),
   e("forced-labour", "Forced labour or services", "Zwangsarbeit oder erzwungene Dienstleistungen", "isForcedLabour", "Forced labour", "ForcedLabour"),
   e("forced-criminal-activity", "Forced criminal activity", "Ausbeutung strafbarer Handlungen", "isOtherExploit", "Other forms of exploitation", "Other"),
   e("forced-begging", "Forced begging", "Ausbeutung der Bettelei", "isForcedLabour", "Other forms of exploitation", "ForcedBegging"),
   e("domestic-servitude", "Domestic servitude", "Häusliche Leibeigenschaft", "isForcedLabour", "Forced labour", "Servitude"),
   e("forced-marriage", "Forced marriage", "Zwangsheirat", "isForcedMarriage", "Other forms of exploitation", "ForcedMarriage"),
   e("organ-removal", "Removal of organs", "Organentnahme", "isOrganRemoval", "Other forms of exploitation", "OrganRemoval"),
   e("illegal-adoption", "Illegal adoption", "Illegale Adoption", "isOtherExploit", "Other forms of exploitation", "ForcedAdoption"),
   e("surrogacy", "Exploitation of surrogacy", "Ausbeutung von Leihmutterschaft", "isOtherExploit", "Other forms of exploitation", "Surrogacy"),
   e("armed-groups", "Recruitment into armed groups", "Rekrutierung in bewaffnete Gruppen", "isForcedMilitary", "Other forms of exploitation", "ForcedMilitaryByNonStateActors"),
   e("slavery-servitude", "Slavery or servitude", "Sklaverei oder Leibeigenschaft", "isSlaveryAndPractices", "Other forms of exploitation", "Servitude"),
   e("mixed", "Mixed sexual exploitation and forced labour", "Gemischt: sexuelle Ausbeutung und Zwangsarbeit", "isSexAndLabour", "Other forms of exploitation", "Other"),
   e("other", "Other", "Andere", "isOtherExploit", "Other forms of exploitation", "Other"),
 ]),
 "means-of-control": ("HTCDS MethodsOfControl; CTDC meansOfControl* (2024 synthetic merged flags in attribute ctdc2024)", [
   e("debt-bondage", "Debt bondage", "Schuldknechtschaft", "meansOfControlDebtBondage", None, "DebtBondage", ctdc2024="meansDebtBondageEarnings"),
   e("takes-earnings", "Takes earnings", "Einbehaltung des Verdienstes", "meansOfControlTakesEarnings", None, "TakesEarnings", ctdc2024="meansDebtBondageEarnings"),
   e("restricts-financial-access", "Restricts financial access", "Beschränkt Zugang zu Geld", "meansOfControlRestrictsFinancialAccess", None, "RestrictsFinancialAccess", ctdc2024="meansDenyBasicNeeds"),
   e("threats", "Threats", "Drohungen", "meansOfControlThreats", None, "PhysicalThreats", ctdc2024="meansThreats"),
   e("psychological-abuse", "Psychological abuse", "Psychische Gewalt", "meansOfControlPsychologicalAbuse", None, "PsychologicalAbuse", ctdc2024="meansAbusePsyPhySex"),
   e("physical-abuse", "Physical abuse", "Körperliche Gewalt", "meansOfControlPhysicalAbuse", None, "PhysicalAbuse", ctdc2024="meansAbusePsyPhySex"),
   e("sexual-abuse", "Sexual abuse", "Sexuelle Gewalt", "meansOfControlSexualAbuse", None, "SexualAbuse", ctdc2024="meansAbusePsyPhySex"),
   e("false-promises", "False promises", "Falsche Versprechungen", "meansOfControlFalsePromises", None, "FalsePromises", ctdc2024="meansFalsePromises"),
   e("psychoactive-substances", "Psychoactive substances", "Psychoaktive Substanzen", "meansOfControlPsychoactiveSubstances", None, "PsychoactiveSubstance", ctdc2024="meansDrugsAlcohol"),
   e("restricts-movement", "Restricts movement", "Beschränkung der Bewegungsfreiheit", "meansOfControlRestrictsMovement", None, None, ctdc2024="meansDenyBasicNeeds"),
   e("restricts-medical-care", "Restricts medical care", "Verweigerung medizinischer Versorgung", "meansOfControlRestrictsMedicalCare", None, "RestrictsMedicalCare", ctdc2024="meansDenyBasicNeeds"),
   e("excessive-working-hours", "Excessive working hours", "Übermäßige Arbeitszeiten", "meansOfControlExcessiveWorkingHours", None, "ExcessiveWorkingHours", ctdc2024="meansExcessiveWorkHours"),
   e("uses-children", "Threatens children or family", "Drohung gegen Kinder oder Familie", "meansOfControlUsesChildren", None, "ThreatensChildrenFamily", ctdc2024="meansThreats"),
   e("threat-of-law-enforcement", "Threat of law enforcement", "Drohung mit Behörden", "meansOfControlThreatOfLawEnforcement", None, "ThreatsLawEnforcement", ctdc2024="meansThreats"),
   e("withholds-necessities", "Withholds necessities", "Vorenthalten des Lebensnotwendigen", "meansOfControlWithholdsNecessities", None, "WithholdsNecessities", ctdc2024="meansDenyBasicNeeds"),
   e("withholds-documents", "Withholds documents", "Einbehaltung von Dokumenten", "meansOfControlWithholdsDocuments", None, "WithholdsDocuments", ctdc2024="meansWithholdDocs"),
   e("other", "Other", "Andere", "meansOfControlOther", None, "Other"),
 ]),
 "labour-type": ("HTCDS TypeOfLabourExploitation with ISIC Rev.4 sections; CTDC typeOfLabour*", [
   e("agriculture", "Agriculture, forestry and fishing", "Land- und Forstwirtschaft, Fischerei", "typeOfLabourAgriculture", None, "A_AgricultureForestryAndFishing", isic="A"),
   e("aquafarming", "Aquafarming", "Aquakultur", "typeOfLabourAquafarming", None, None, isic="A"),
   e("mining", "Mining or drilling", "Bergbau oder Bohrungen", "typeOfLabourMiningOrDrilling", None, "B_MiningAndQuarrying", isic="B"),
   e("manufacturing", "Manufacturing", "Verarbeitendes Gewerbe", "typeOfLabourManufacturing", None, "C_Manufacturing", isic="C"),
   e("construction", "Construction", "Baugewerbe", "typeOfLabourConstruction", None, "F_Construction", isic="F"),
   e("peddling", "Peddling", "Straßenhandel", "typeOfLabourPeddling", None, None, isic="G"),
   e("transportation", "Transportation", "Verkehr und Lagerei", "typeOfLabourTransportation", None, "H_TransportationAndStorage", isic="H"),
   e("hospitality", "Hospitality", "Gastgewerbe", "typeOfLabourHospitality", None, "I_AccommodationAndFoodServiceActivities", isic="I"),
   e("domestic-work", "Domestic work", "Hausarbeit", "typeOfLabourDomesticWork", None, "T_ActivitiesOfHouseholdsAsEmployers", isic="T"),
   e("begging", "Begging", "Betteln", "typeOfLabourBegging", None, None, isic="S"),
   e("illicit-activities", "Illicit activities", "Illegale Tätigkeiten", "typeOfLabourIllicitActivities", None, None),
   e("other", "Other", "Andere", "typeOfLabourOther", None, None),
 ]),
 "recruitment-method": ("HTCDS MethodOfRecruitment", [
   e("abduction", "Abduction", "Entführung", "isAbduction", None, "Abduction"),
   e("educational-facility", "At an educational facility", "In einer Bildungseinrichtung", None, None, "AtAnEducationalInstitution"),
   e("familial", "Through family", "Über die Familie", None, None, "ThroughFamilyOrFamilyEvents"),
   e("internet", "Online (social network or advertisement)", "Online (soziales Netzwerk oder Anzeige)", None, None, "ThroughOnlineSocialNetworks"),
   e("marriage-broker", "International marriage broker", "Internationale Heiratsvermittlung", None, None, None),
   e("intimate-partner", "Intimate partner or marriage proposal", "Partnerschaft oder Heiratsversprechen", None, None, None),
   e("job-offer", "Job offer or advertisement", "Stellenangebot oder Anzeige", None, None, "AtWork"),
   e("posing-as-benefactor", "Posing as benefactor", "Auftreten als Wohltäter", None, None, None),
   e("public-area", "In a public area", "Im öffentlichen Raum", None, None, None),
   e("offer-of-accommodation", "Offer of accommodation", "Angebot einer Unterkunft", None, None, None),
   e("shelter", "At a shelter", "In einer Unterkunft/Schutzeinrichtung", None, None, None),
   e("smuggling", "Smuggling or ransom", "Schleusung oder Lösegeld", None, None, None),
   e("work", "At work", "Am Arbeitsplatz", None, None, "AtWork"),
   e("other", "Other", "Andere", None, None, "Other"),
   e("unknown", "Unknown", "Unbekannt", None, None, None),
 ]),
 "recruiter-relationship": ("HTCDS vic_RelationshipToTrafficker; CTDC recruiterRelation*", [
   e("intimate-partner", "Intimate partner", "Intimpartner/in", "recruiterRelationIntimatePartner", None, "Acquainted"),
   e("friend", "Friend or acquaintance", "Freund/in oder Bekannte/r", "recruiterRelationFriend", None, "Acquainted"),
   e("family", "Family member", "Familienangehörige/r", "recruiterRelationFamily", None, "Familial"),
   e("stranger", "No prior relationship", "Keine vorherige Beziehung", "recruiterRelationOther", None, "Unaquainted"),
   e("other", "Other", "Andere", "recruiterRelationOther", None, None),
   e("unknown", "Unknown", "Unbekannt", "recruiterRelationUnknown", None, None),
 ]),
 "trafficking-status": ("HTCDS vic_TraffickingStatus", [
   e("possible", "Possible victim of trafficking", "Mögliches Opfer von Menschenhandel", None, None, "PossibleVictimOfTrafficking"),
   e("actual", "Victim of trafficking (decided)", "Opfer von Menschenhandel (festgestellt)", None, None, "ActualVictimOfTrafficking"),
   e("not-a-victim", "Not a victim of trafficking", "Kein Opfer von Menschenhandel", None, None, "NotAVictimOfTrafficking"),
 ]),
 "deciding-organisation": ("HTCDS vic_TraffickingStatusDecisionMakingOrg", [
   e("police", "Police", "Polizei", None, None, "Police"),
   e("ngo", "Non-governmental organisation", "Nichtregierungsorganisation", None, None, "NGO"),
   e("court-or-prosecution", "Court or prosecution", "Gericht oder Staatsanwaltschaft", None, None, "CourtOrProsecution"),
   e("government-non-police", "Governmental organisation other than police", "Staatliche Stelle (nicht Polizei)", None, None, "NonPoliceGovernmentalOrganization"),
   e("other", "Other", "Andere", None, None, "Other"),
 ]),
 "organisation-type": ("Agency types (issue 2), with HTCDS org_Type equivalents", [
   e("ngo", "NGO", "NGO", None, None, "NGO"),
   e("police", "Police", "Polizei", None, None, "LawEnforcement"),
   e("labour-inspectorate", "Labour inspectorate", "Arbeitsinspektion", None, None, "CentralGovernmentOrganisation"),
   e("prosecution", "Prosecution", "Staatsanwaltschaft", None, None, "LegalService"),
   e("immigration", "Immigration service", "Ausländerbehörde", None, None, "ImmigrationService"),
   e("health", "Health service", "Gesundheitsdienst", None, None, "HealthServiceOrganisation"),
   e("shelter", "Shelter", "Schutzunterkunft", None, None, "NGO"),
   e("government", "Government", "Regierung / Verwaltung", None, None, "CentralGovernmentOrganisation"),
   e("international", "International organisation", "Internationale Organisation", None, None, "Other"),
   e("other", "Other", "Andere", None, None, "Other"),
 ]),
 "case-status": ("HTCDS cas_Status", [
   e("active", "Active", "Aktiv", None, None, "Active"),
   e("follow-up", "Follow-up", "Nachbetreuung", None, None, "FollowUp"),
   e("closed", "Closed", "Geschlossen", None, None, "Closed"),
   e("closed-referred", "Closed (referred)", "Geschlossen (weitervermittelt)", None, None, "ClosedReferred"),
 ]),
 "perpetrator-role": ("HTCDS per_RoleInProcess", [
   e("recruiter", "Recruiter or intermediary", "Anwerber/in oder Vermittler/in", None, None, "RecruiterOrIntermediary"),
   e("transporter", "Transporter", "Transporteur/in", None, None, "Transporter"),
   e("harbourer", "Harbourer", "Beherberger/in", None, None, "HarbouredIndividual"),
   e("exploiter", "Exploiter", "Ausbeuter/in", None, None, "Exploiter"),
   e("controller", "Controller", "Kontrolleur/in", None, None, "ControlledIndividual"),
   e("broker", "Broker or travel agent", "Makler/in oder Reisevermittler/in", None, None, "BrokerTravelAgent"),
   e("abuser", "Abuser", "Täter/in (Missbrauch)", None, None, "Abuser"),
   e("other", "Other", "Andere", None, None, "Other"),
 ]),
}

os.makedirs(OUT, exist_ok=True)
for list_id, (source, entries) in LISTS.items():
    with open(os.path.join(OUT, f"{list_id}.json"), "w", encoding="utf-8") as f:
        json.dump({"id": list_id, "version": VERSION, "source": source, "entries": entries}, f, ensure_ascii=False, indent=1)
        f.write("\n")
print(f"wrote {len(LISTS)} lists to {OUT}")
