namespace Tagging;

/// <summary>
/// Slot filling (seed 003): short travel requests generated from templates and small word lists, every token
/// tagged O or B-/I- of a slot (from, to, date, name). Shared by the app and the training program (train/ links
/// this file), so both see the same vocabulary, tags and sentence distribution. Some tags need the words after
/// the token ("Oslo to Rome": Oslo is the origin because of "to"; "June wants ...": June is a name, "June 2nd" a
/// date), which is what the reverse direction of a bidirectional model sees: a sentence may open with the origin,
/// the destination, a name or a date, and only the words after the first one tell which.
/// </summary>
public static class Corpus
{
    /// <summary>Longest sentence the templates make.</summary>
    public const int MaxTokens = 20;

    public static readonly string[] Tags = ["O", "B-from", "I-from", "B-to", "I-to", "B-date", "I-date", "B-name", "I-name"];

    internal static readonly string[][] Templates =
    [
        ["fly", "from", "{from}", "to", "{to}", "{date}"],
        ["book", "a", "flight", "for", "{name}", "from", "{from}", "to", "{to}", "{date}"],
        ["{name}", "wants", "to", "fly", "to", "{to}", "{date}"],
        ["{from}", "to", "{to}", "{date}", "please"],
        ["i", "need", "a", "ticket", "to", "{to}", "from", "{from}", "for", "{name}"],
        ["arrive", "{to}", "{date}"],
        ["leave", "{from}", "{date}"],
        ["{name}", "will", "leave", "{from}", "{date}", "and", "arrive", "{to}", "{date}"],
        ["is", "there", "a", "flight", "{date}", "from", "{from}", "to", "{to}"],
        ["{name}", "arrives", "in", "{to}", "{date}"],
        ["show", "me", "flights", "to", "{to}", "{date}"],
        ["from", "{from}", "{date}", "to", "{to}"],
        ["{to}", "from", "{from}", "{date}"],
        ["{to}", "for", "{name}", "{date}"],
        ["{date}", "from", "{from}", "to", "{to}"],
    ];

    internal static readonly string[][] Cities =
    [
        ["Paris"], ["Oslo"], ["Rome"], ["Berlin"], ["Madrid"], ["Vienna"], ["Lisbon"], ["Taipei"], ["Tokyo"],
        ["New", "York"], ["San", "Francisco"], ["Hong", "Kong"], ["Buenos", "Aires"],
    ];

    // May and June are first names and months: the words around them decide.
    internal static readonly string[] FirstNames = ["Anna", "Tom", "Maria", "Lee", "Sara", "Omar", "May", "June"];
    internal static readonly string[] Surnames = ["Berg", "Smith", "Costa", "Kim", "Novak"];
    internal static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
    internal static readonly string[] Months = ["May", "June", "July", "November"];
    internal static readonly string[] Ordinals = ["1st", "2nd", "3rd", "10th", "21st"];
    internal static readonly string[] DateWords = ["on", "next", "tomorrow", "today"];

    /// <summary>Every word, in a fixed order (the one-hot index).</summary>
    public static readonly string[] Words = BuildWords();

    public static int VocabularySize => Words.Length;

    // Token ids of the fixed words, resolved once so that generating a sentence allocates nothing.
    private static readonly int[][] TemplateIds = [.. Templates.Select(t => t.Select(w => w[0] == '{' ? -SlotOf(w) : Id(w)).ToArray())];
    private static readonly int[][] CityIds = [.. Cities.Select(c => c.Select(Id).ToArray())];
    private static readonly int[] FirstNameIds = [.. FirstNames.Select(Id)];
    private static readonly int[] SurnameIds = [.. Surnames.Select(Id)];
    private static readonly int[] WeekdayIds = [.. Weekdays.Select(Id)];
    private static readonly int[] MonthIds = [.. Months.Select(Id)];
    private static readonly int[] OrdinalIds = [.. Ordinals.Select(Id)];
    private static readonly int On = Id("on");
    private static readonly int Next = Id("next");
    private static readonly int Tomorrow = Id("tomorrow");
    private static readonly int Today = Id("today");

    private const int SlotFrom = 1;
    private const int SlotTo = 2;
    private const int SlotDate = 3;
    private const int SlotName = 4;

    private const int TagO = 0;
    private const int TagBFrom = 1;
    private const int TagBTo = 3;
    private const int TagBDate = 5;
    private const int TagBName = 7;

    public static int Id(string word)
    {
        int id = Array.IndexOf(Words, word);
        return id >= 0 ? id : throw new ArgumentException($"'{word}' is not in the vocabulary.", nameof(word));
    }

    /// <summary>Writes one sentence's token ids and tags; returns its length (at most <see cref="MaxTokens"/>).</summary>
    public static int Generate(ref SplitMix64 rng, Span<int> tokens, Span<int> tags)
    {
        int[] template = TemplateIds[rng.Next(TemplateIds.Length)];
        int n = 0;
        foreach (int piece in template)
        {
            switch (-piece)
            {
                case SlotFrom:
                case SlotTo:
                    int[] city = CityIds[rng.Next(CityIds.Length)];
                    int begin = -piece == SlotFrom ? TagBFrom : TagBTo;
                    for (int i = 0; i < city.Length; i++)
                    {
                        Put(tokens, tags, ref n, city[i], i == 0 ? begin : begin + 1);
                    }

                    break;
                case SlotName:
                    Put(tokens, tags, ref n, FirstNameIds[rng.Next(FirstNameIds.Length)], TagBName);
                    if (rng.Next(2) == 0)
                    {
                        Put(tokens, tags, ref n, SurnameIds[rng.Next(SurnameIds.Length)], TagBName + 1);
                    }

                    break;
                case SlotDate:
                    switch (rng.Next(5))
                    {
                        case 0:
                            Put(tokens, tags, ref n, On, TagO);
                            Put(tokens, tags, ref n, WeekdayIds[rng.Next(WeekdayIds.Length)], TagBDate);
                            break;
                        case 1:
                            Put(tokens, tags, ref n, rng.Next(2) == 0 ? Tomorrow : Today, TagBDate);
                            break;
                        case 2:
                            Put(tokens, tags, ref n, Next, TagBDate);
                            Put(tokens, tags, ref n, WeekdayIds[rng.Next(WeekdayIds.Length)], TagBDate + 1);
                            break;
                        case 3:
                            Put(tokens, tags, ref n, On, TagO);
                            Put(tokens, tags, ref n, MonthIds[rng.Next(MonthIds.Length)], TagBDate);
                            Put(tokens, tags, ref n, OrdinalIds[rng.Next(OrdinalIds.Length)], TagBDate + 1);
                            break;
                        default:
                            Put(tokens, tags, ref n, MonthIds[rng.Next(MonthIds.Length)], TagBDate);
                            Put(tokens, tags, ref n, OrdinalIds[rng.Next(OrdinalIds.Length)], TagBDate + 1);
                            break;
                    }

                    break;
                default:
                    Put(tokens, tags, ref n, piece, TagO);
                    break;
            }
        }

        return n;
    }

    /// <summary>One-hot rows (length × <see cref="VocabularySize"/>) for the tokens.</summary>
    public static void OneHot(ReadOnlySpan<int> tokens, Span<float> inputs)
    {
        int v = VocabularySize;
        inputs[..(tokens.Length * v)].Clear();
        for (int t = 0; t < tokens.Length; t++)
        {
            inputs[(t * v) + tokens[t]] = 1;
        }
    }

    private static void Put(Span<int> tokens, Span<int> tags, ref int n, int token, int tag)
    {
        tokens[n] = token;
        tags[n] = tag;
        n++;
    }

    private static int SlotOf(string placeholder) => placeholder switch
    {
        "{from}" => SlotFrom,
        "{to}" => SlotTo,
        "{date}" => SlotDate,
        "{name}" => SlotName,
        _ => throw new ArgumentException($"Unknown slot {placeholder}.", nameof(placeholder)),
    };

    private static string[] BuildWords()
    {
        var words = new List<string>();
        void Add(string w)
        {
            if (w[0] != '{' && !words.Contains(w))
            {
                words.Add(w);
            }
        }

        foreach (string[] t in Templates)
        {
            foreach (string w in t)
            {
                Add(w);
            }
        }

        foreach (string w in DateWords.Concat(Cities.SelectMany(c => c)).Concat(FirstNames).Concat(Surnames).Concat(Weekdays).Concat(Months).Concat(Ordinals))
        {
            Add(w);
        }

        return [.. words];
    }
}

/// <summary>SplitMix64: a small seeded generator that allocates nothing.</summary>
public struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>Uniform in [0, bound).</summary>
    public int Next(int bound) => (int)(NextUInt64() % (ulong)bound);

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
