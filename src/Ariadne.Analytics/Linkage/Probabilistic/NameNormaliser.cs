using System.Globalization;
using System.Text;

namespace Ariadne.Analytics.Linkage.Probabilistic;

/// <summary>
/// Brings a name (or any identifier) to lower-case Latin letters and digits separated by single spaces, so that the
/// same name written in another script or with other accents compares equal: "Иванов" → "ivanov", "Παπαδόπουλος" →
/// "papadopoulos", "Müller" → "muller", "Łukasz" → "lukasz". Once per record and field, never per pair.
/// </summary>
/// <remarks>
/// Tables (one mapping per letter, whatever the language, since a registry does not know the language of a name):
/// <list type="bullet">
/// <item><b>Cyrillic</b>: ICAO Doc 9303 Part 3 (machine-readable travel documents), the transliteration that passports
/// print, which is how a victim's name reaches a Latin-script register: ж zh, х kh, ц ts, ч ch, ш sh, щ shch, ъ ie,
/// ы y, ь dropped, ю iu, я ia, й i, ё e; Ukrainian є ie, і/ї i, ґ g; Serbian and Macedonian ђ d, ј j, љ lj, њ nj, ћ c,
/// џ dz, ѓ g, ќ k, ѕ dz; Belarusian ў u. (ISO 9 was not chosen: it is one letter to one letter with diacritics, ž, č,
/// which after removing diacritics loses the difference between з and ж.)</item>
/// <item><b>Greek</b>: ELOT 743 (ISO 843 transcription), also the passport standard of Greece, simplified: β v, η i,
/// θ th, ξ x, υ y, φ f, χ ch, ψ ps, ω o; digraphs ου ou; αυ, ευ, ηυ av, ev, iv (af, ef, if before θ κ ξ π σ τ φ χ ψ
/// and at the end of a word); μπ b at the start of a word, mp inside; γγ ng, γξ nx, γχ nch. Accents and diaeresis
/// are removed first, so ϋ after a vowel is read as a digraph (a rare error accepted here).</item>
/// <item><b>Arabic</b>: a simple consonantal romanisation after the UNGEGN (modified Beirut) system without
/// diacritics: ث th, ح h, خ kh, ذ dh, ش sh, ص s, ض d, ط t, ظ z, غ gh, ق q, ع and hamza dropped, ة a, ى a, و w at the
/// start of a word else u, ي y at the start else i, ا/أ/آ a, إ i; written short vowels (fatha a, kasra i, damma u) are
/// kept, shadda and sukun dropped. Unwritten short vowels cannot be restored ("محمد" → "mhmd"); the Jaro–Winkler levels
/// then carry the match.</item>
/// <item><b>Latin letters that do not decompose</b>: ß ss, æ ae, œ oe, ø o, ł l, đ d, ð d, þ th, ı i.</item>
/// </list>
/// </remarks>
public static class NameNormaliser
{
    public static string Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }
        if (IsPlainAscii(value, out var upper))
        {
            // The common case, ASCII letters and digits in single-spaced words: the full pipeline below would only lower-case it.
            return upper ? value.ToLowerInvariant() : value;
        }
        var decomposed = value.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        // Strip the combining marks first, keeping Arabic's written short vowels (which are marks too).
        var letters = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark || c is '\u064E' or '\u0650' or '\u064F')
            {
                letters.Append(c);
            }
        }
        var text = letters.ToString();
        var output = new StringBuilder(text.Length + 8);
        var space = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var wordStart = i == 0 || !char.IsLetterOrDigit(text[i - 1]);
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            string? latin;
            var consumed = 1;
            if (c is >= '\u0370' and <= '\u03ff')
            {
                (latin, consumed) = Greek(c, next, i + 2 < text.Length ? text[i + 2] : '\0', wordStart);
            }
            else if (c is >= '\u0400' and <= '\u04ff')
            {
                latin = Cyrillic(c);
            }
            else if (c is >= '\u0600' and <= '\u06ff')
            {
                latin = Arabic(c, wordStart);
            }
            else
            {
                latin = c switch
                {
                    'ß' => "ss",
                    'æ' => "ae",
                    'œ' => "oe",
                    'ø' => "o",
                    'ł' => "l",
                    'đ' or 'ð' => "d",
                    'þ' => "th",
                    'ı' => "i",
                    _ when char.IsLetterOrDigit(c) => null,
                    _ => "",
                };
                if (latin is null)
                {
                    Append(output, ref space, c);
                    continue;
                }
                if (latin.Length == 0)
                {
                    space = true;
                    continue;
                }
            }
            foreach (var l in latin ?? "")
            {
                Append(output, ref space, l);
            }
            i += consumed - 1;
        }
        return output.ToString();
    }

    /// <summary>Whether the value is ASCII letters and digits in words separated by single spaces (none leading or trailing).</summary>
    private static bool IsPlainAscii(string value, out bool upper)
    {
        upper = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                continue;
            }
            if (c is >= 'A' and <= 'Z')
            {
                upper = true;
                continue;
            }
            if (c == ' ' && i > 0 && i < value.Length - 1 && value[i - 1] != ' ')
            {
                continue;
            }
            return false;
        }
        return true;
    }

    private static void Append(StringBuilder output, ref bool space, char c)
    {
        if (space && output.Length > 0)
        {
            output.Append(' ');
        }
        space = false;
        output.Append(c);
    }

    private static string Cyrillic(char c) => c switch
    {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ё' => "e",
        'ж' => "zh",
        'з' => "z",
        'и' => "i",
        'й' => "i",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ф' => "f",
        'х' => "kh",
        'ц' => "ts",
        'ч' => "ch",
        'ш' => "sh",
        'щ' => "shch",
        'ъ' => "ie",
        'ы' => "y",
        'ь' => "",
        'э' => "e",
        'ю' => "iu",
        'я' => "ia",
        'є' => "ie",
        'і' => "i",
        'ї' => "i",
        'ґ' => "g",
        'ў' => "u",
        'ђ' => "d",
        'ј' => "j",
        'љ' => "lj",
        'њ' => "nj",
        'ћ' => "c",
        'џ' => "dz",
        'ѓ' => "g",
        'ќ' => "k",
        'ѕ' => "dz",
        _ => "",
    };

    private static bool Voiceless(char c) => c is 'θ' or 'κ' or 'ξ' or 'π' or 'σ' or 'ς' or 'τ' or 'φ' or 'χ' or 'ψ' or '\0' or ' ';

    private static (string Latin, int Consumed) Greek(char c, char next, char after, bool wordStart)
    {
        switch (c, next)
        {
            case ('ο', 'υ'):
                return ("ou", 2);
            case ('α' or 'ε' or 'η', 'υ'):
                var vowel = c == 'α' ? "a" : c == 'ε' ? "e" : "i";
                return (vowel + (Voiceless(after) || !char.IsLetter(after) ? "f" : "v"), 2);
            case ('μ', 'π'):
                return (wordStart ? "b" : "mp", 2);
            case ('γ', 'γ'):
                return ("ng", 2);
            case ('γ', 'ξ'):
                return ("nx", 2);
            case ('γ', 'χ'):
                return ("nch", 2);
            default:
                break;
        }
        return (c switch
        {
            'α' => "a",
            'β' => "v",
            'γ' => "g",
            'δ' => "d",
            'ε' => "e",
            'ζ' => "z",
            'η' => "i",
            'θ' => "th",
            'ι' => "i",
            'κ' => "k",
            'λ' => "l",
            'μ' => "m",
            'ν' => "n",
            'ξ' => "x",
            'ο' => "o",
            'π' => "p",
            'ρ' => "r",
            'σ' => "s",
            'ς' => "s",
            'τ' => "t",
            'υ' => "y",
            'φ' => "f",
            'χ' => "ch",
            'ψ' => "ps",
            'ω' => "o",
            _ => "",
        }, 1);
    }

    private static string Arabic(char c, bool wordStart) => c switch
    {
        'ا' or 'أ' or 'آ' or 'ى' or 'ة' => "a",
        'إ' => "i",
        'ب' => "b",
        'ت' => "t",
        'ث' => "th",
        'ج' => "j",
        'ح' => "h",
        'خ' => "kh",
        'د' => "d",
        'ذ' => "dh",
        'ر' => "r",
        'ز' => "z",
        'س' => "s",
        'ش' => "sh",
        'ص' => "s",
        'ض' => "d",
        'ط' => "t",
        'ظ' => "z",
        'غ' => "gh",
        'ف' => "f",
        'ق' => "q",
        'ك' => "k",
        'ل' => "l",
        'م' => "m",
        'ن' => "n",
        'ه' => "h",
        'و' => wordStart ? "w" : "u",
        'ي' => wordStart ? "y" : "i",
        '\u064E' => "a",
        '\u0650' => "i",
        '\u064F' => "u",
        >= '\u0660' and <= '\u0669' => ((char)('0' + (c - '\u0660'))).ToString(),
        _ => "", // ع, hamza (ء ؤ ئ), tatweel, shadda, sukun: not written in Latin
    };
}
