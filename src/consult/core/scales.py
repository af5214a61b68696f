"""Answer scales: the canonical options of each closed question, in order, and their synonyms.

A scale lists its substantive options from most positive to most negative, names which are
positive, neutral and negative (for "agree (net)" / "disagree (net)"), and which answers are
non-substantive ("Don't know"): these are answers, counted and shown, but left out of the base
"among those who gave a view". Labels are matched after :func:`normalise_label`, so case,
spacing, curly quotes and trailing punctuation never matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

DONT_KNOW = "Don't know"


def normalise_label(label: object) -> str:
    """Fold an answer label for matching: NFKC, straight quotes, lower case, single spaces, no end punctuation."""
    text = unicodedata.normalize("NFKC", str(label))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.strip(" .!;:,")


def spellings(labels: list[str]) -> dict[str, str]:
    """Normalised label → its first spelling in ``labels``, in order: one entry per answer."""
    found: dict[str, str] = {}
    for label in labels:
        found.setdefault(normalise_label(label), label)
    return found


@dataclass(frozen=True)
class Scale:
    """One answer scale.

    ``options`` are the substantive options from most positive to most negative; ``positive``,
    ``neutral`` and ``negative`` partition them (net rows are the sums of ``positive`` and
    ``negative``); ``non_substantive`` are answers outside the scale such as "Don't know";
    ``synonyms`` map a normalised label onto a canonical option. ``positive_clause`` and
    ``negative_clause`` are the words the summary uses for each side of a scale a config
    declares ("rated it good or very good"); ``None`` for the built-in scales, whose words the
    report keeps.
    """

    name: str
    options: tuple[str, ...]
    positive: tuple[str, ...] = ()
    neutral: tuple[str, ...] = ()
    negative: tuple[str, ...] = ()
    non_substantive: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)
    positive_net: str = "agree (net)"
    negative_net: str = "disagree (net)"
    positive_clause: str | None = None
    negative_clause: str | None = None

    @property
    def all_options(self) -> tuple[str, ...]:
        """Substantive options, then non-substantive ones: the order tables and charts use."""
        return self.options + self.non_substantive

    @property
    def has_nets(self) -> bool:
        """Whether the scale has positive and negative sides, and so net rows."""
        return bool(self.positive and self.negative)

    def lookup(self) -> dict[str, str]:
        """Normalised label → canonical option, including each option's own spelling."""
        table = {normalise_label(option): option for option in self.all_options}
        table.update({normalise_label(k): v for k, v in self.synonyms.items()})
        return table

    def with_synonyms(self, extra: dict[str, str]) -> Scale:
        """A copy of the scale with more synonyms (the config's own win over the built-in ones).

        Raises ``ValueError`` naming the target when a synonym points at an option not on the scale.
        """
        for label, target in extra.items():
            if target not in self.all_options:
                raise ValueError(
                    f"synonym {label!r} maps to {target!r}, which is not an option of scale {self.name!r} "
                    f"({', '.join(self.all_options)})"
                )
        return replace(self, synonyms={**self.synonyms, **extra})


_AGREE_SYNONYMS = {
    "sa": "Strongly agree", "agree strongly": "Strongly agree", "completely agree": "Strongly agree",
    "totally agree": "Strongly agree", "strongly agree": "Strongly agree",
    "a": "Agree", "tend to agree": "Agree", "agree somewhat": "Agree", "somewhat agree": "Agree",
    "slightly agree": "Agree", "mostly agree": "Agree",
    "n": "Neither agree nor disagree", "neither": "Neither agree nor disagree", "neutral": "Neither agree nor disagree",
    "neither agree or disagree": "Neither agree nor disagree", "no opinion": "Neither agree nor disagree",
    "neither agree nor disagree": "Neither agree nor disagree", "undecided": "Neither agree nor disagree",
    "d": "Disagree", "tend to disagree": "Disagree", "disagree somewhat": "Disagree",
    "somewhat disagree": "Disagree", "slightly disagree": "Disagree", "mostly disagree": "Disagree",
    "sd": "Strongly disagree", "disagree strongly": "Strongly disagree", "completely disagree": "Strongly disagree",
    "totally disagree": "Strongly disagree",
    "dk": DONT_KNOW, "don't know": DONT_KNOW, "dont know": DONT_KNOW, "do not know": DONT_KNOW,
    "not sure": DONT_KNOW, "unsure": DONT_KNOW, "don't know / not sure": DONT_KNOW, "can't say": DONT_KNOW,
    # Welsh-language forms (bilingual exports in Wales mix them with the English ones)
    "cytuno'n gryf": "Strongly agree", "cytuno": "Agree",
    "ddim yn cytuno nac yn anghytuno": "Neither agree nor disagree", "anghytuno": "Disagree",
    "anghytuno'n gryf": "Strongly disagree", "ddim yn gwybod": DONT_KNOW, "ddim yn siwr": DONT_KNOW,
    "ddim yn siŵr": DONT_KNOW,
}

_YES_NO_SYNONYMS = {
    "y": "Yes", "yes": "Yes", "yes please": "Yes", "n": "No", "no": "No",
    "not sure": "Not sure", "unsure": "Not sure", "don't know": "Not sure", "dont know": "Not sure",
    "maybe": "Not sure", "dk": "Not sure", "do not know": "Not sure",
}

SCALES: dict[str, Scale] = {
    "agree5": Scale(
        "agree5",
        ("Strongly agree", "Agree", "Neither agree nor disagree", "Disagree", "Strongly disagree"),
        positive=("Strongly agree", "Agree"),
        neutral=("Neither agree nor disagree",),
        negative=("Disagree", "Strongly disagree"),
        non_substantive=(DONT_KNOW,),
        synonyms=_AGREE_SYNONYMS,
    ),
    "agree4": Scale(
        "agree4",
        ("Strongly agree", "Agree", "Disagree", "Strongly disagree"),
        positive=("Strongly agree", "Agree"),
        negative=("Disagree", "Strongly disagree"),
        non_substantive=(DONT_KNOW,),
        synonyms={k: v for k, v in _AGREE_SYNONYMS.items() if v != "Neither agree nor disagree"},
    ),
    "yes_no": Scale(
        "yes_no", ("Yes", "No"), positive=("Yes",), negative=("No",),
        non_substantive=("Not sure",), synonyms=_YES_NO_SYNONYMS,
        positive_net="yes (net)", negative_net="no (net)",
    ),
    "satisfaction5": Scale(
        "satisfaction5",
        ("Very satisfied", "Satisfied", "Neither satisfied nor dissatisfied", "Dissatisfied", "Very dissatisfied"),
        positive=("Very satisfied", "Satisfied"),
        neutral=("Neither satisfied nor dissatisfied",),
        negative=("Dissatisfied", "Very dissatisfied"),
        non_substantive=(DONT_KNOW,),
        synonyms={
            "fairly satisfied": "Satisfied", "quite satisfied": "Satisfied", "somewhat satisfied": "Satisfied",
            "neither": "Neither satisfied nor dissatisfied", "neutral": "Neither satisfied nor dissatisfied",
            "neither satisfied or dissatisfied": "Neither satisfied nor dissatisfied",
            "fairly dissatisfied": "Dissatisfied", "somewhat dissatisfied": "Dissatisfied",
            "quite dissatisfied": "Dissatisfied", "extremely satisfied": "Very satisfied",
            "extremely dissatisfied": "Very dissatisfied", "dont know": DONT_KNOW, "not sure": DONT_KNOW,
        },
        positive_net="satisfied (net)", negative_net="dissatisfied (net)",
    ),
    "importance5": Scale(
        "importance5",
        ("Very important", "Fairly important", "Neither important nor unimportant", "Not very important",
         "Not at all important"),
        positive=("Very important", "Fairly important"),
        neutral=("Neither important nor unimportant",),
        negative=("Not very important", "Not at all important"),
        non_substantive=(DONT_KNOW,),
        synonyms={
            "important": "Fairly important", "somewhat important": "Fairly important",
            "quite important": "Fairly important", "extremely important": "Very important",
            "neutral": "Neither important nor unimportant", "unimportant": "Not very important",
            "not important": "Not very important", "not important at all": "Not at all important",
            "dont know": DONT_KNOW, "not sure": DONT_KNOW,
        },
        positive_net="important (net)", negative_net="not important (net)",
    ),
    "numeric1_5": Scale(
        "numeric1_5", ("5", "4", "3", "2", "1"), positive=("5", "4"), neutral=("3",), negative=("2", "1"),
        synonyms={"5.0": "5", "4.0": "4", "3.0": "3", "2.0": "2", "1.0": "1"},
        positive_net="4-5 (net)", negative_net="1-2 (net)",
    ),
    "numeric0_10": Scale(
        "numeric0_10", tuple(str(i) for i in range(10, -1, -1)),
        positive=("10", "9"), neutral=("8", "7"), negative=tuple(str(i) for i in range(6, -1, -1)),
        synonyms={f"{i}.0": str(i) for i in range(11)},
        positive_net="promoters 9-10 (net)", negative_net="detractors 0-6 (net)",
    ),
}


def get_scale(name: str, synonyms: dict[str, str] | None = None) -> Scale:
    """The built-in scale called ``name``, with the config's extra ``synonyms`` added.

    Raises ``KeyError`` listing the known scale names when ``name`` is not one of them.
    """
    if name not in SCALES:
        raise KeyError(f"unknown scale {name!r}; known scales: {', '.join(SCALES)}")
    scale = SCALES[name]
    return scale.with_synonyms(synonyms) if synonyms else scale
