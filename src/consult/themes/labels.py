"""Readable theme labels: the phrase a theme's sentences actually use, distinct across themes.

A label is a word sequence that appears verbatim in the theme's sentences (two to five words,
not starting or ending with a stop word, and not cut out of a longer phrase: "anti-social" is
not a label when it is nearly always followed by "behaviour"). Phrases are scored by how many
of the theme's sentences use them, times how specific they are to the theme (their rate in
the theme against their rate in the other sentences). Labels are checked against each other
on their stems so no two read alike, and start with a capital letter.

A label must say what its theme is about (:func:`describes`): never generic words alone
("Anything", "Make sure", "Guys", "Excellent"), a lone verb ("Used", "Know", "Give") or pieces
of web addresses and handles ("Http t co", "Dm"), nor a piece of a clause ("Council spent", "Ask
that the strategy", "Priority would benefit from"), which the phrase's neighbours give away (a
subject before it, an object or "of" after it). A theme with no such phrase is called
"Various comments about <its most distinctive term>" (:data:`VARIOUS`), which the theme-set
checks flag for a person to name.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd
from lemminflect import getAllLemmas

from consult.core import wording
from consult.themes.names import CATCH_ALL
from consult.themes.praise import PRAISE_LABEL
from consult.themes.text import BOILERPLATE_WORDS, STOP_WORDS, VIEW_WORDS, TextPreprocessor, stem, tokenize

MAX_WORDS = 5
_READABLE = {1: 0.3, 2: 1.0, 3: 1.0, 4: 0.8}  # by content words: two or three read best
#: Adverbs and prepositions that leave a phrase hanging when it starts or ends with them
#: ("Rather the council spent", "Included alongside", "Coordinate everyone else").
DANGLING_WORDS = frozenset("""also please just can't suggest every rather else alongside instead though although even
    still already quite whether including included perhaps maybe probably actually currently especially particularly
    certainly definitely simply clearly etc""".split())
_EDGE_WORDS = STOP_WORDS | VIEW_WORDS | BOILERPLATE_WORDS | DANGLING_WORDS
#: Words of when and how often ("every year", "each weekend"): a phrase made only of them says
#: when a point applies, never what it is about, so it is no label.
TIME_WORDS = frozenset("""every each always often never day days week weeks weekend weekends month months year years
    time times today yesterday night nights morning evening""".split())
#: Words that name no topic on their own: a label needs a word outside them (and outside the stop
#: words). Pronoun-like nouns, all-purpose verbs, praise and degree words, and web/tweet debris.
GENERIC_WORDS = frozenset("""anything everything something nothing thing things stuff guys guy people person
    everyone everybody someone somebody anyone anybody lot lots bit kind sort way ways make made makes making sure used
    use uses using know knew known knows give given gave gives get getting go going goes gone went want wanted wants need
    needed needs take taken took takes come came comes put keep kept let try tried tries tell told ask asked asking
    question questions answer answers say says said look looking feel felt seem seemed call called find found help
    helped able improve improved improvement improvements change changed changes service services experience good great
    nice excellent brilliant perfect fantastic amazing wonderful lovely awesome superb outstanding helpful professional
    friendly kind caring polite efficient quick happy pleased satisfied fine ok okay well better best much many really
    very always never ever sometimes yes yeah no not none thanks thank please pls lol omg dm rt http https www co com
    org net amp gt lt t u ur im ive dont cant wont didnt doesnt isnt via today tomorrow yesterday honest honestly
    clear clearly important interesting true real fair simple basic main key big small little new old whole""".split())
#: Numbers in words: "Two years", "Hundred" name no topic.
NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty hundred hundreds thousand thousands million first second third half hour hours minute minutes""".split())
#: Nouns a number may follow in a label ("Route 42", "Junction 9"); anywhere else a number is a
#: piece of a sentence ("Unreliable 4.50", "Restrictions 8", "100 wrong").
NUMBERED = frozenset("""route routes bus buses service number no line junction exit platform gate zone ward phase stage
    policy option site area clause section chapter paragraph question item level year a m""".split())
_NUMBER = re.compile(r"[\d.,:]*\d[\d.,:]*(?:st|nd|rd|th|s)?")
#: The fallback label, flagged for review: "Various comments about parking".
VARIOUS = "Various comments"
CUT_SHARE = 0.7  # a phrase followed (or preceded) by the same content word this often is cut mid-phrase
CLAUSE_SHARE = 0.6  # a phrase after a subject or before an object this often starts or ends on a verb
#: Words before a phrase that starts on a verb ("we ask that…", "I'd rather…", "to coordinate…").
_SUBJECTS = frozenset("""i we you they he she it i'd we'd you'd they'd i'll we'll they'll would will should could can
    must may might shall to don't didn't doesn't won't can't""".split())
#: Words after a phrase that ends on a verb or a preposition ("the council spent [the] money").
_OBJECTS = frozenset("the a an it them this these those our their its his her my your us me him what i we they he she".split())
_MODALS = frozenset("would will should could can must may might shall".split())
MODIFIER_SHARE = 0.9  # a phrase followed by some content word this often modifies it ("more measurable", "rural")
NEGATION_REACH = 3  # words before a clause in which a "not" turns it round
_NEGATIONS = frozenset("not no never nobody nothing none nor cannot".split())
_VERBS = frozenset("will would can could should shall may might must is are was were be been do does did has have had".split())
_FINITE = _MODALS | frozenset("is isn't are aren't was wasn't were weren't am has hasn't have haven't had does did".split())
_PRONOUNS = frozenset("i me we us you it they them he him she her i'm it's they're we're you're".split())
_ADVERBIAL = frozenset("always never often rarely seldom sometimes usually".split())
_DETERMINERS = frozenset("the a an this these those".split())


BREAK = "|"  # between the parts of a sentence that punctuation parts ("too dark, more lights"): no phrase spans it
_PARTS = re.compile(r"[,;:()\[\]!?\"“”]|\s[-–—]+\s")


def words(text: str) -> list[str]:
    """The words of one sentence as :func:`consult.themes.text.tokenize` reads them (lower case, in
    order), with :data:`BREAK` where a comma, colon, bracket or dash parts them."""
    out: list[str] = []
    for part in _PARTS.split(text):
        tokens = tokenize(part)
        if tokens:
            out.extend([BREAK, *tokens] if out else tokens)
    return out


def _negation(word: str) -> bool:
    return word in _NEGATIONS or word.endswith("n't")


@lru_cache(maxsize=10_000)  # about 18 KB an entry: the shared sample of other sentences, and some
def _grams(tokens: tuple[str, ...]) -> dict[tuple[str, ...], tuple[str, str, bool]]:
    """Each phrase of a sentence (not starting or ending with a stop word) → its (left, right) neighbours
    and whether a negation comes just before it ("don't think the police will come")
    (memoised: the same sample of other sentences is read for every theme; callers must not change it)."""
    grams: dict[tuple[str, ...], tuple[str, str, bool]] = {}
    edge = [token in _EDGE_WORDS or token == BREAK for token in tokens]
    negation = [_negation(token) for token in tokens]
    for start in range(len(tokens)):
        if edge[start]:
            continue
        left = tokens[start - 1] if start and tokens[start - 1] != BREAK else ""
        negated = any(negation[max(0, start - NEGATION_REACH):start])
        for end in range(start + 1, min(start + MAX_WORDS, len(tokens)) + 1):
            if tokens[end - 1] == BREAK:
                break
            if not edge[end - 1]:
                gram = tokens[start:end]
                if gram not in grams:
                    right = tokens[end] if end < len(tokens) and tokens[end] != BREAK else ""
                    grams[gram] = (left, right, negated)
    return grams


def _stems(gram: Sequence[str]) -> frozenset[str]:
    return frozenset(stem(word.replace("'", "")) for word in gram if word not in STOP_WORDS)


def _cut(neighbours: Counter[str], count: int) -> bool:
    """Whether one content word sits next to the phrase in most of its ``count`` uses."""
    word, times = neighbours.most_common(1)[0] if neighbours else ("", 0)
    return bool(word) and word not in STOP_WORDS and times >= CUT_SHARE * count


def _hangs(after: Counter[str], count: int) -> bool:
    """Whether the phrase is mostly followed by "of" ("the accessibility" of something) or, in three
    uses or more, nearly always by some content word: it qualifies what follows and reads cut off."""
    content = sum(times for word, times in after.items() if word and word not in STOP_WORDS)
    return after["of"] >= CUT_SHARE * count or (count >= 3 and content >= MODIFIER_SHARE * count)


def _clause(gram: Sequence[str], before: Counter[str], after: Counter[str], count: int) -> bool:
    """Whether the phrase is a piece of a clause, not a name for a topic (:func:`_verbal`), mostly
    follows a subject or "to" (so starts on a verb: "ask that the strategy"), or mostly precedes an
    object (so ends on a verb: "council spent")."""
    def share(words: Counter[str], wanted: frozenset[str]) -> float:
        return sum(times for word, times in words.items() if word in wanted) / count
    return _verbal(gram) or share(before, _SUBJECTS) >= CLAUSE_SHARE or share(after, _OBJECTS) >= CLAUSE_SHARE


def _verbal(gram: Sequence[str]) -> bool:
    """Whether the words themselves make a clause: a modal or finite "be", "have" or "do" ("priority
    would benefit", "reliability is terrible"), a pronoun ("closing it completely"), a negation or
    "always"/"never" after the first word ("buses never turn", "homework not everyone"), a last word
    English uses only as a verb ("estate depend", "children learn"), or a verb's present form after
    the first word ("health services see the results", "app says"), or "the" or "a" straight after a
    word that cannot be a verb, where one clause ends and the next begins ("proper enforcement the scheme")."""
    inner = set(gram[1:])
    return bool(_FINITE & set(gram) or _PRONOUNS & set(gram) or _ADVERBIAL & inner or any(map(_negation, gram[1:]))
                or _only_verb(gram[-1]) or any(_only_verb(word, present=True) for word in gram[1:])
                or any(word in _DETERMINERS and _verbless(before) for before, word in zip(gram, gram[1:])))


def _verbless(word: str) -> bool:
    """Whether ``word`` is a content word that is never a verb in lemminflect's lexicon ("enforcement"; not
    "keep", nor a stop word such as "on")."""
    classes = getAllLemmas(word) if word not in STOP_WORDS else {}
    return bool(classes) and not {"VERB", "AUX", "ADP", "ADV"} & set(classes)


def _noun(word: str) -> bool:
    """Whether ``word`` can name a thing: a noun in lemminflect's lexicon, an -ing form ("parking"),
    or a word it does not know ("e-scooters"); not "different" or "depend"."""
    classes = getAllLemmas(word)
    return not classes or "NOUN" in classes or "PROPN" in classes or word.endswith("ing")


@lru_cache(maxsize=50_000)
def _only_verb(word: str, present: bool = False) -> bool:
    """Whether English uses ``word`` only as a verb (in lemminflect's lexicon), other than as an -ing
    form, which names an activity ("policing", "cuckooing"); with ``present``, only its base or
    present form ("see", "says", not "spent")."""
    classes = getAllLemmas(word)
    if not classes or set(classes) - {"VERB", "AUX"} or word.endswith("ing"):
        return False
    return not present or any(word in (lemma, lemma + "s", lemma + "es") for lemma in classes.get("VERB", ()))


def candidate_labels(member_sentences: Sequence[Sequence[str]], other_sentences: Sequence[Sequence[str]],
                     key_terms: Sequence[str] = ()) -> list[str]:
    """Phrases for one theme, best first.

    ``member_sentences`` and ``other_sentences`` are the :func:`words` of the theme's sentences
    and of a sample of the other sentences. A phrase must be used by at least two of the theme's
    sentences (one when it has fewer than four) and must not be cut from a longer phrase; a
    clause (one with a verb such as "will") must not mostly follow a negation, which turns it round
    ("police will come" from "they don't think the police will come"); a noun phrase may ("no
    visible policing" is still about visible policing).
    ``key_terms`` are the theme's top terms (stems, as its vectoriser's features): a phrase
    scores up to half as much again by the share of its words among them, so the label names what
    sets the whole theme apart, not a phrase a few of its answers repeat ("outcome measures" over
    "joined-up working" for answers about measurable outcomes).
    """
    key = {part for term in key_terms for part in term.split()}
    inside: Counter[tuple[str, ...]] = Counter()
    negated: Counter[tuple[str, ...]] = Counter()
    left: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    right: defaultdict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    for tokens, times in Counter(map(tuple, member_sentences)).items():  # a repeated sentence is read once
        for gram, (before, after, denied) in _grams(tokens).items():
            inside[gram] += times
            negated[gram] += times * denied
            left[gram][before] += times
            right[gram][after] += times
    least = 1 if len(member_sentences) < 4 else 2
    wanted = {gram for gram, count in inside.items() if count >= least}
    outside: Counter[tuple[str, ...]] = Counter()
    for tokens, times in Counter(map(tuple, other_sentences)).items():
        for gram in wanted & _grams(tokens).keys():
            outside[gram] += times
    scored = []
    for gram in wanted:
        count = inside[gram]
        if (_cut(left[gram], count) or _cut(right[gram], count) or _hangs(right[gram], count)
                or _clause(gram, left[gram], right[gram], count)):
            continue
        if set(gram) <= TIME_WORDS | STOP_WORDS or (negated[gram] >= 0.5 * count and _VERBS & set(gram)):
            continue  # says when, not what; or a clause mostly denied ("don't think the police will come")
        rate_in = count / len(member_sentences)
        rate_out = outside[gram] / max(len(other_sentences), 1)
        precision = rate_in / (rate_in + rate_out)
        stems = _stems(gram)
        on_key = len(stems & key) / len(stems) if stems else 0.0
        score = rate_in * precision ** 2 * _READABLE.get(len(stems), 0.4) * (1 + 0.5 * on_key)
        scored.append((-score, len(gram), gram))
    return [" ".join(gram) for _, _, gram in sorted(scored)]


def describes(label: str) -> bool:
    """Whether ``label`` names a topic: one of its words (three letters or more) is neither a stop
    word nor in :data:`GENERIC_WORDS`, it holds no loose number and not only times and numbers, and
    a one-word label is no verb form ("Cancelled", "Spent")."""
    tokens = tokenize(label)
    topical = [t for t in tokens if len(t) > 2 and t not in GENERIC_WORDS and t not in STOP_WORDS
               and t not in BOILERPLATE_WORDS and t not in NUMBER_WORDS and not _NUMBER.fullmatch(t)]
    loose = [i for i, t in enumerate(tokens) if _NUMBER.fullmatch(t) and (i == 0 or tokens[i - 1] not in NUMBERED)]
    when = all(t in TIME_WORDS or t in NUMBER_WORDS or t in STOP_WORDS for t in tokens)  # "Two years", "Hours a week"
    participle = len(tokens) == 1 and (tokens[0].endswith("ed") or _only_verb(tokens[0]))  # "Cancelled", "Spent"
    return bool(topical) and not loose and not when and not participle


def various(terms: Sequence[str]) -> str:
    """The fallback label, "Various comments about <the first term that describes>" and ends on a
    word that can be a noun (written words, most distinctive first), or just "Various comments"."""
    topic = next((t for t in terms if describes(t) and _noun(tokenize(t)[-1])), "")
    return f"{VARIOUS} about {topic}" if topic else VARIOUS


def is_various(label: str) -> bool:
    """Whether ``label`` is the fallback of :func:`various` (a theme for a person to name)."""
    return str(label).startswith(VARIOUS)


def too_similar(a: str, b: str, threshold: float = 0.5) -> bool:
    """Whether two labels read alike: they share most of their content stems (Jaccard above
    ``threshold``), one's stems are all in the other ("Every" and "Every year"), or they are one
    word written apart and together ("Corn bread" and "Cornbread", "E-bikes" and "Ebikes")."""
    if _squeezed(a) and _squeezed(a) == _squeezed(b):
        return True
    sa, sb = _stems(tokenize(a)), _stems(tokenize(b))
    if not sa or not sb:
        return a.lower() == b.lower()
    return sa <= sb or sb <= sa or len(sa & sb) / len(sa | sb) > threshold


def _squeezed(label: str) -> str:
    """``label``'s letters in lower case, run together and stemmed ("Skate parks" → "skatepark")."""
    return stem(re.sub(r"[^a-z]", "", label.lower()))


def lowercase_first(label: str) -> str:
    """``label`` with its first letter in lower case unless its first word is an acronym or a name
    written in capitals ("Skate park" → "skate park", "CCTV coverage" stays)."""
    first = label.split(" ", 1)[0]
    return label if first[1:2].isupper() else label[:1].lower() + label[1:]


def choose_labels(candidates: Sequence[Sequence[str]], top_terms: Sequence[Sequence[str]],
                  preprocessor: TextPreprocessor, taken: Sequence[str] = ()) -> list[str]:
    """One distinct, capitalised label per theme, bigger themes choosing first.

    ``candidates[j]`` are theme j's phrases, best first (from :func:`candidate_labels`);
    ``taken`` are labels already in use (codebook names). Only phrases that :func:`describes`
    are used; when none is distinct from the labels taken, the label is :func:`various` of the
    theme's unused terms in their written form ("Various comments about parking"), numbered as a last resort.
    """
    labels: list[str] = list(taken)
    for options, terms in zip(candidates, top_terms):
        label = next((c for c in options if describes(c) and not any(too_similar(c, t) for t in labels)), None)
        if label is None:
            written = [preprocessor.surface(t) for t in terms]
            fresh = [w for w in written if not any(too_similar(w, t) for t in labels)]
            label = various(fresh or written)
            while wording.capitalise(label) in labels:
                label = f"{label} ({len(labels) + 1})"
        labels.append(wording.capitalise(label))
    return labels[len(taken):]


def final_labels(themes: pd.DataFrame, praise: int, broad: Sequence[int]) -> pd.Series:
    """``themes["label"]`` (:attr:`ThemeModel.themes_`) with the theme praise was gathered in (row
    ``praise``; none when negative) called :data:`consult.themes.praise.PRAISE_LABEL`, and the first
    of the ``broad`` themes (:func:`consult.themes.checks.broad_themes`, numbered last, largest first)
    :data:`CATCH_ALL` ("Other comments"), as no phrase fits a catch-all; its sub-themes say what it
    holds. Another broad theme keeps its phrase, so a list has one "Other comments"."""
    names = themes["label"].copy()
    if praise >= 0:
        names[praise] = PRAISE_LABEL
    rest = [j for j in broad if j != praise]
    if rest:
        names[rest[0]] = CATCH_ALL
    return names
