using System.Globalization;
using System.Text;

namespace Ariadne.Analytics.Screening;

/// <summary>
/// A parsed screening rule. The grammar admits only <em>monotone</em> rules — <c>and</c>, <c>or</c>, parentheses,
/// boolean names and lower bounds on sums of counts (<c>medium + weak &gt;= 1</c>); there is no negation and no upper
/// bound — so a rule that holds keeps holding when more answers become "yes". That is what makes the three-valued
/// result exact: a rule is undetermined precisely when it fails with the open answers as "no" and holds with them as
/// "yes".
/// </summary>
/// <remarks>
/// Grammar (keywords are case-insensitive; <c>∧</c>/<c>&amp;&amp;</c> and <c>∨</c>/<c>||</c> are accepted for
/// <c>and</c>/<c>or</c>):
/// <code>
/// rule  := or
/// or    := and ( "or" and )*
/// and   := atom ( "and" atom )*
/// atom  := "(" rule ")" | sum ( "&gt;=" | "&gt;" ) integer | name
/// sum   := count ( "+" count )*
/// </code>
/// A <c>count</c> is one of the count names given to <see cref="Parse"/>; a <c>name</c> one of the boolean names.
/// </remarks>
public abstract class RuleExpression
{
    private protected RuleExpression()
    {
    }

    /// <summary>Evaluates the rule: <paramref name="counts"/> by count index, <paramref name="flags"/> bit <c>i</c> for boolean name <c>i</c>.</summary>
    public abstract bool Evaluate(ReadOnlySpan<int> counts, ulong flags);

    /// <summary>The boolean names the rule mentions, as a bit set over their indexes.</summary>
    public abstract ulong NamesUsed { get; }

    /// <summary>The rule in canonical form (fully parenthesised where it matters, lower-case keywords).</summary>
    public abstract override string ToString();

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The rule.</param>
    /// <param name="countNames">Names that may be summed and compared with an integer (e.g. strong, medium, weak, total).</param>
    /// <param name="booleanNames">Names that stand for themselves (e.g. dimension codes); at most 64.</param>
    /// <exception cref="RuleSyntaxException">The text does not parse; the message names the position and the token.</exception>
    public static RuleExpression Parse(string text, IReadOnlyList<string> countNames, IReadOnlyList<string> booleanNames)
    {
        if (booleanNames.Count > 64)
        {
            throw new ArgumentException("At most 64 boolean names are supported.", nameof(booleanNames));
        }
        var parser = new Parser(text, countNames, booleanNames);
        return parser.ParseAll();
    }

    private sealed class Or(RuleExpression[] terms) : RuleExpression
    {
        public override bool Evaluate(ReadOnlySpan<int> counts, ulong flags)
        {
            foreach (var term in terms)
            {
                if (term.Evaluate(counts, flags))
                {
                    return true;
                }
            }
            return false;
        }

        public override ulong NamesUsed => terms.Aggregate(0UL, (bits, t) => bits | t.NamesUsed);

        public override string ToString() => string.Join(" or ", terms.Select(t => t is Or or And ? $"({t})" : t.ToString()));
    }

    private sealed class And(RuleExpression[] terms) : RuleExpression
    {
        public override bool Evaluate(ReadOnlySpan<int> counts, ulong flags)
        {
            foreach (var term in terms)
            {
                if (!term.Evaluate(counts, flags))
                {
                    return false;
                }
            }
            return true;
        }

        public override ulong NamesUsed => terms.Aggregate(0UL, (bits, t) => bits | t.NamesUsed);

        public override string ToString() => string.Join(" and ", terms.Select(t => t is Or or And ? $"({t})" : t.ToString()));
    }

    private sealed class Name(int index, string name) : RuleExpression
    {
        public override bool Evaluate(ReadOnlySpan<int> counts, ulong flags) => (flags & (1UL << index)) != 0;

        public override ulong NamesUsed => 1UL << index;

        public override string ToString() => name;
    }

    private sealed class AtLeast(int[] indexes, string[] names, int threshold) : RuleExpression
    {
        public override bool Evaluate(ReadOnlySpan<int> counts, ulong flags)
        {
            var sum = 0;
            foreach (var i in indexes)
            {
                sum += counts[i];
            }
            return sum >= threshold;
        }

        public override ulong NamesUsed => 0;

        public override string ToString() => $"{string.Join(" + ", names)} >= {threshold.ToString(CultureInfo.InvariantCulture)}";
    }

    private sealed class Parser(string text, IReadOnlyList<string> countNames, IReadOnlyList<string> booleanNames)
    {
        private int _position;

        public RuleExpression ParseAll()
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                throw new RuleSyntaxException("The rule is empty.", 0);
            }
            var rule = ParseOr();
            SkipSpace();
            if (_position < text.Length)
            {
                throw Error($"unexpected '{PeekToken()}'");
            }
            return rule;
        }

        private RuleExpression ParseOr()
        {
            var terms = new List<RuleExpression> { ParseAnd() };
            while (TryKeyword("or", "||", "∨"))
            {
                terms.Add(ParseAnd());
            }
            return terms.Count == 1 ? terms[0] : new Or([.. terms]);
        }

        private RuleExpression ParseAnd()
        {
            var terms = new List<RuleExpression> { ParseAtom() };
            while (TryKeyword("and", "&&", "∧"))
            {
                terms.Add(ParseAtom());
            }
            return terms.Count == 1 ? terms[0] : new And([.. terms]);
        }

        private RuleExpression ParseAtom()
        {
            SkipSpace();
            if (_position >= text.Length)
            {
                throw Error("the rule ends where a name, a count or '(' is expected");
            }
            if (text[_position] == '(')
            {
                _position++;
                var inner = ParseOr();
                SkipSpace();
                if (_position >= text.Length || text[_position] != ')')
                {
                    throw Error("')' expected");
                }
                _position++;
                return inner;
            }
            var start = _position;
            var word = ReadWord();
            if (word.Length == 0)
            {
                throw Error($"unexpected '{PeekToken()}'");
            }
            var countIndex = IndexOf(countNames, word);
            if (countIndex >= 0)
            {
                var indexes = new List<int> { countIndex };
                var names = new List<string> { countNames[countIndex] };
                while (TrySymbol("+"))
                {
                    SkipSpace();
                    var next = ReadWord();
                    var nextIndex = IndexOf(countNames, next);
                    if (nextIndex < 0)
                    {
                        throw Error(next.Length == 0 ? "a count name is expected after '+'" : $"'{next}' is not a count ({string.Join(", ", countNames)})");
                    }
                    indexes.Add(nextIndex);
                    names.Add(countNames[nextIndex]);
                }
                int offset;
                if (TrySymbol(">="))
                {
                    offset = 0;
                }
                else if (TrySymbol(">"))
                {
                    offset = 1;
                }
                else
                {
                    throw Error("'>=' or '>' expected after a count (rules may only set lower bounds, so that they stay monotone)");
                }
                SkipSpace();
                var digits = ReadDigits();
                if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var threshold) || threshold > 1000)
                {
                    throw Error("a whole number from 0 to 1000 is expected");
                }
                return new AtLeast([.. indexes], [.. names], threshold + offset);
            }
            var nameIndex = IndexOf(booleanNames, word);
            if (nameIndex >= 0)
            {
                return new Name(nameIndex, booleanNames[nameIndex]);
            }
            _position = start;
            var known = countNames.Concat(booleanNames).ToList();
            throw Error($"unknown name '{word}'" + (known.Count > 0 ? $" (known: {string.Join(", ", known)})" : ""));
        }

        private static int IndexOf(IReadOnlyList<string> names, string word)
        {
            for (var i = 0; i < names.Count; i++)
            {
                if (string.Equals(names[i], word, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
            return -1;
        }

        private bool TryKeyword(params string[] spellings)
        {
            SkipSpace();
            foreach (var spelling in spellings)
            {
                if (string.Compare(text, _position, spelling, 0, spelling.Length, StringComparison.OrdinalIgnoreCase) != 0)
                {
                    continue;
                }
                var end = _position + spelling.Length;
                // A word keyword must end at a word boundary: "order" is not "or" + "der".
                if (char.IsLetter(spelling[0]) && end < text.Length && IsWordChar(text[end]))
                {
                    continue;
                }
                _position = end;
                return true;
            }
            return false;
        }

        private bool TrySymbol(string symbol)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _position, symbol, 0, symbol.Length) == 0)
            {
                _position += symbol.Length;
                return true;
            }
            return false;
        }

        private string ReadWord()
        {
            var start = _position;
            while (_position < text.Length && IsWordChar(text[_position]))
            {
                _position++;
            }
            return text[start.._position];
        }

        private string ReadDigits()
        {
            var start = _position;
            while (_position < text.Length && char.IsAsciiDigit(text[_position]))
            {
                _position++;
            }
            return text[start.._position];
        }

        private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.';

        private void SkipSpace()
        {
            while (_position < text.Length && char.IsWhiteSpace(text[_position]))
            {
                _position++;
            }
        }

        private string PeekToken()
        {
            var builder = new StringBuilder();
            for (var i = _position; i < text.Length && !char.IsWhiteSpace(text[i]) && builder.Length < 20; i++)
            {
                builder.Append(text[i]);
            }
            return builder.ToString();
        }

        private RuleSyntaxException Error(string what) =>
            new($"At position {(_position + 1).ToString(CultureInfo.InvariantCulture)}: {what}.", _position);
    }
}

/// <summary>A rule that does not parse.</summary>
public sealed class RuleSyntaxException(string message, int position) : Exception(message)
{
    /// <summary>The zero-based character position where parsing stopped.</summary>
    public int Position { get; } = position;
}
