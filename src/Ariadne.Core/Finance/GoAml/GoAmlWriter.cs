using System.Globalization;
using System.Text;
using System.Xml;

namespace Ariadne.Core.Finance.GoAml;

/// <summary>
/// Writes a <see cref="GoAmlReport"/> as goAML XML: UTF-8 without a byte-order mark, two-space indentation, "\n" line
/// ends, invariant numbers (amounts with two decimals) and dates in the profile's format, so the same report always
/// gives the same bytes. Elements follow the schema's order (report header, transactions or an activity,
/// report_indicators; inside a transaction or activity the order of <c>financial-flows.md</c> §4); empty optional values are left out, never written empty.
/// </summary>
public static class GoAmlWriter
{
    /// <summary>goAML's xs:dateTime without a zone, the format most FIU schemas use.</summary>
    public const string DefaultDateFormat = "yyyy-MM-dd'T'HH:mm:ss";

    public static void Write(GoAmlReport report, Stream output, string dateFormat = DefaultDateFormat)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n", NewLineHandling = NewLineHandling.Replace };
        using var xml = XmlWriter.Create(output, settings);
        new Emitter(xml, dateFormat).Report(report);
    }

    public static byte[] ToBytes(GoAmlReport report, string dateFormat = DefaultDateFormat)
    {
        using var stream = new MemoryStream();
        Write(report, stream, dateFormat);
        return stream.ToArray();
    }

    private sealed class Emitter(XmlWriter xml, string dateFormat)
    {
        public void Report(GoAmlReport r)
        {
            xml.WriteStartDocument();
            xml.WriteStartElement("report");
            Value("rentity_id", r.RentityId?.ToString(CultureInfo.InvariantCulture));
            Value("rentity_branch", r.RentityBranch);
            Value("submission_code", r.SubmissionCode);
            Value("report_code", r.ReportCode);
            Value("entity_reference", r.EntityReference);
            Value("fiu_ref_number", r.FiuRefNumber);
            Value("submission_date", Date(r.SubmissionDate));
            Value("currency_code_local", r.CurrencyCodeLocal);
            if (r.ReportingPerson is { } person)
            {
                Person("reporting_person", person);
            }
            if (r.Location is { } location)
            {
                Address("location", location);
            }
            Value("reason", r.Reason);
            Value("action", r.Action);
            foreach (var t in r.Transactions)
            {
                Transaction(t);
            }
            // transaction+ | activity: a choice in the schema, so the activity only stands in for absent transactions.
            if (r.Transactions.Count == 0 && r.Activity is { } activity)
            {
                Activity(activity);
            }
            if (r.Indicators.Count > 0)
            {
                xml.WriteStartElement("report_indicators");
                foreach (var indicator in r.Indicators)
                {
                    Value("indicator", indicator);
                }
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }

        private void Transaction(GoAmlTransaction t)
        {
            xml.WriteStartElement("transaction");
            Value("transactionnumber", t.TransactionNumber);
            Value("internal_ref_number", t.InternalRefNumber);
            Value("transaction_location", t.TransactionLocation);
            Value("transaction_description", t.TransactionDescription);
            Value("date_transaction", Date(t.DateTransaction));
            Value("transmode_code", t.TransmodeCode);
            Value("transmode_comment", t.TransmodeComment);
            Value("amount_local", t.AmountLocal.ToString("0.00", CultureInfo.InvariantCulture));
            Party("from", t.From);
            Party("to", t.To);
            Value("comments", t.Comments);
            xml.WriteEndElement();
        }

        /// <summary><c>activity</c>: <c>report_parties</c> with one <c>report_party</c> each (person, account or entity; significance; reason; comments).</summary>
        private void Activity(GoAmlActivity a)
        {
            xml.WriteStartElement("activity");
            xml.WriteStartElement("report_parties");
            foreach (var party in a.ReportParties)
            {
                xml.WriteStartElement("report_party");
                if (party.Person is { } person)
                {
                    Person("person", person);
                }
                else if (party.Account is { } account)
                {
                    Account("account", account);
                }
                else if (party.Entity is { } entity)
                {
                    Entity("entity", entity);
                }
                Value("significance", party.Significance.ToString(CultureInfo.InvariantCulture));
                Value("reason", party.Reason);
                Value("comments", party.Comments);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            Value("comments", a.Comments);
            xml.WriteEndElement();
        }

        /// <summary><c>t_from[_my_client]</c> or <c>t_to[_my_client]</c>: funds code and comment, then one of account, person, entity, then country.</summary>
        private void Party(string side, GoAmlParty p)
        {
            xml.WriteStartElement(p.MyClient ? $"t_{side}_my_client" : $"t_{side}");
            Value($"{side}_funds_code", p.FundsCode);
            Value($"{side}_funds_comment", p.FundsComment);
            if (p.Account is { } account)
            {
                Account($"{side}_account", account);
            }
            else if (p.Person is { } person)
            {
                Person($"{side}_person", person);
            }
            else if (p.Entity is { } entity)
            {
                Entity($"{side}_entity", entity);
            }
            Value($"{side}_country", p.Country);
            xml.WriteEndElement();
        }

        private void Account(string name, GoAmlAccount a)
        {
            xml.WriteStartElement(name);
            Value("institution_name", a.InstitutionName);
            // institution_code and swift are a choice in the schema: the code wins when both are given.
            Value("institution_code", a.InstitutionCode);
            Value("swift", a.InstitutionCode is null ? a.Swift : null);
            Value("branch", a.Branch);
            Value("account", a.Account);
            Value("currency_code", a.CurrencyCode);
            Value("account_name", a.AccountName);
            Value("iban", a.Iban);
            Value("client_number", a.ClientNumber);
            Value("personal_account_type", a.PersonalAccountType);
            if (a.Entity is { } entity)
            {
                Entity("t_entity", entity);
            }
            foreach (var s in a.Signatories)
            {
                xml.WriteStartElement("signatory");
                Value("is_primary", s.IsPrimary ? "true" : "false");
                Person("t_person", s.Person);
                Value("role", s.Role);
                xml.WriteEndElement();
            }
            Value("opened", a.Opened is { } opened ? Date(new DateTimeOffset(opened.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : null);
            Value("status_code", a.StatusCode);
            xml.WriteEndElement();
        }

        private void Person(string name, GoAmlPerson p)
        {
            xml.WriteStartElement(name);
            Value("gender", p.Gender);
            Value("title", p.Title);
            Value("first_name", p.FirstName);
            Value("last_name", p.LastName);
            Value("birthdate", p.Birthdate is { } birth ? Date(new DateTimeOffset(birth.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)) : null);
            Value("ssn", p.Ssn);
            Value("passport_number", p.PassportNumber);
            Value("passport_country", p.PassportCountry);
            Value("id_number", p.IdNumber);
            Value("nationality1", p.Nationality1);
            Value("residence", p.Residence);
            if (p.Phones.Count > 0)
            {
                xml.WriteStartElement("phones");
                foreach (var phone in p.Phones)
                {
                    xml.WriteStartElement("phone");
                    Value("tph_contact_type", phone.ContactType);
                    Value("tph_communication_type", phone.CommunicationType);
                    Value("tph_number", phone.Number);
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            Addresses(p.Addresses);
            Value("email", p.Email);
            Value("occupation", p.Occupation);
            xml.WriteEndElement();
        }

        private void Entity(string name, GoAmlEntity e)
        {
            xml.WriteStartElement(name);
            Value("name", e.Name);
            Value("commercial_name", e.CommercialName);
            Value("incorporation_legal_form", e.IncorporationLegalForm);
            Value("incorporation_number", e.IncorporationNumber);
            Value("business", e.Business);
            Addresses(e.Addresses);
            Value("incorporation_country_code", e.IncorporationCountryCode);
            xml.WriteEndElement();
        }

        private void Addresses(IReadOnlyList<GoAmlAddress> addresses)
        {
            if (addresses.Count == 0)
            {
                return;
            }
            xml.WriteStartElement("addresses");
            foreach (var address in addresses)
            {
                Address("address", address);
            }
            xml.WriteEndElement();
        }

        private void Address(string name, GoAmlAddress a)
        {
            xml.WriteStartElement(name);
            Value("address_type", a.AddressType);
            Value("address", a.Address);
            Value("town", a.Town);
            Value("city", a.City);
            Value("zip", a.Zip);
            Value("country_code", a.CountryCode);
            Value("state", a.State);
            xml.WriteEndElement();
        }

        private string Date(DateTimeOffset value) => value.UtcDateTime.ToString(dateFormat, CultureInfo.InvariantCulture);

        /// <summary>An element with text; left out when the value is null or empty (a required one is then missing, which the profile check names).</summary>
        private void Value(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                xml.WriteElementString(name, value);
            }
        }
    }
}
