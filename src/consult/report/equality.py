"""The equality-monitoring sections of the report: who responded by each protected characteristic
(against the population profile when one is given), and whether agreement differs by characteristic.

Built as :class:`consult.report.section.Section` objects from ``equality.csv`` and
``equality_tests.csv`` (:mod:`consult.agreement.equality`), so summary.md, summary.docx, tables.xlsx
and report.html show the same. Counts the agreement stage flagged ``[c]`` (under
``equality.min_cell``, and the secondary suppressions that stop them being worked out from the
totals) are shown as ``[c]``, with every figure derived from them. Paragraphs give counts and
percentage points only: every percentage is in the tables, beside its base.
"""

from __future__ import annotations

import re

import pandas as pd

from consult.agreement.routing import asked_of
from consult.core import files, wording
from consult.core.config import CHARACTERISTICS, Consultation
from consult.core.equality import DECLINED, SAID, monitored
from consult.core.rounding import round_half_up
from consult.report.section import Section
from consult.report.tables import ReportTables, question_label

NOTABLE_PP = 5
"""A respondent share this many percentage points or more from the population's is named in the prose."""
LISTED = 3
"""At most this many differences are named in each paragraph."""
_CAUTION = re.compile(r" \(expected count below 5 in \d+% of cells: treat with caution\)")
"""The chi-square's caution (:func:`consult.core.significance.independence_test`), moved to the Notes column."""
_TEXT = {"characteristic": str, "question_id": str, "category": str, "status": str, "flag": str, "group": str,
         "group_by": str, "option": str, "test": str}


# Word table column widths (relative): room for category names and the tests' wording, headings unbroken
_PROFILE_WIDTHS = {"Characteristic": 2.6, "Category": 3.6, "Respondents": 2.2, "% of base": 1.6, "Base": 1.4,
                   "Population %": 2.1, "Difference (percentage points)": 2.6, "Notes": 1.4}
_TESTS_WIDTHS = (3.6, 2.2, 1.3, 3.6, 1.9, 3.8, 2.0)

def methods(cfg: Consultation) -> list[str]:
    """The methods note's paragraph on equality monitoring (none without monitored questions)."""
    if not monitored(cfg):
        return []
    threshold = cfg.equality.min_cell
    return [f"Equality monitoring: counts of fewer than {threshold} respondents (but not zero) are suppressed [c]; "
            "then, following the GSS guidance on disclosure control, wherever a total is published with exactly one "
            "suppressed count in it, the next smallest count is suppressed too (secondary suppression), repeated "
            "until none can be worked out from the totals and the other counts. Agreement by characteristic is tested "
            "among those who said a category (chi-square, or Fisher's exact test for small two-by-two tables), each "
            "category against the rest by a two-proportion z-test with p-values adjusted by Holm's method "
            "(Holm-Bonferroni) for the number of categories compared."]


def _read(cfg: Consultation, name: str) -> pd.DataFrame:
    return files.read_csv(cfg.processed_dir / name, dtype=_TEXT)


def _pct(value: object) -> int | str:
    """A percentage as a whole number, half up (the column's header says %, so summary_checks, which reads
    "NN%" as a figure owed a count and base, sees the base in its own column); blank when there is none."""
    number = pd.to_numeric(value, errors="coerce")
    return "" if pd.isna(number) else int(round_half_up(float(number)))


def _pp(value: object) -> int | str:
    """A difference in percentage points, whole and half up (a number: a cell starting "+" reads as a formula)."""
    number = pd.to_numeric(value, errors="coerce")
    return "" if pd.isna(number) else int(round_half_up(float(number)))


def profile_table(profiled: pd.DataFrame, population: bool) -> pd.DataFrame:
    """equality.csv for publication: suppressed counts and everything derived from them as ``[c]``;
    the population columns only when a profile is given."""
    rows = []
    for row in profiled.itertuples(index=False):
        hidden = row.flag == "[c]"
        said = row.status == SAID
        shown = _pct(row.pct)
        entry = {
            "Characteristic": CHARACTERISTICS[row.characteristic],
            "Category": row.category,
            "Respondents": "[c]" if hidden else int(row.n),
            "% of base": "[c]" if hidden else ("[x]" if shown == "" else shown),
            "Base": int(row.base),
        }
        if population:
            known = not pd.isna(pd.to_numeric(row.population_pct, errors="coerce"))
            entry["Population %"] = _pct(row.population_pct) if known else ("[x]" if said else "[z]")
            entry["Difference (percentage points)"] = ("[c]" if hidden else _pp(row.difference_pp)) if known else ""
        entry["Notes"] = "[c]" if hidden else ""
        rows.append(entry)
    return pd.DataFrame(rows)


def _profile_prose(cfg: Consultation, profiled: pd.DataFrame, population: bool) -> tuple[str, ...]:
    questions = monitored(cfg)
    total = int(profiled["base"][profiled["status"] != SAID].iloc[0]) if not profiled.empty else 0
    routed = {asked_of(cfg, q) for q in questions} - {None}
    who = f"{next(iter(routed))}" if len(routed) == 1 else "all respondents"
    names = wording.join([CHARACTERISTICS[q.characteristic].lower() for q in questions])
    said = profiled[profiled["status"] == SAID].groupby("characteristic", sort=False)["base"].first().astype(int)
    declined = profiled[profiled["status"] == DECLINED].set_index("characteristic")["n"].astype(int)
    fewest = said.idxmin()
    first = (f"Equality monitoring questions on {names} were asked of {who} "
             f"({wording.count(total, 'respondent', 0)}). The table gives how many said each category, out of those "
             "who said; “Prefer not to say” and unanswered questions are counted apart, out of all asked. "
             f"Fewest said their {CHARACTERISTICS[fewest].lower()} ({said[fewest]:,} of {total:,}, with "
             f"{declined.get(fewest, 0):,} preferring not to say).")
    paragraphs = [first]
    if population:
        shown = profiled[(profiled["flag"] != "[c]") & pd.to_numeric(profiled["difference_pp"]).notna()]
        gaps = shown.assign(gap=pd.to_numeric(shown["difference_pp"]).map(lambda d: round_half_up(float(d))))
        gaps = gaps[gaps["gap"].abs() >= NOTABLE_PP].sort_values("gap", key=abs, ascending=False, kind="stable")
        gaps = gaps.drop_duplicates("characteristic")  # the largest per characteristic ("Yes" +8 is "No" -8)
        if gaps.empty:
            paragraphs.append(f"Against the population profile ({cfg.equality.population}), every category shown is "
                              f"within {NOTABLE_PP} percentage points of its population share.")
        else:
            named = [f"{CHARACTERISTICS[row.characteristic].lower()} “{row.category}” ({abs(int(row.gap))} percentage "
                     f"points {'above' if row.gap > 0 else 'below'} its population share)"
                     for row in gaps.head(LISTED).itertuples()]
            paragraphs.append(f"Against the population profile ({cfg.equality.population}), the respondents differ "
                              f"most in {wording.join(named)}. Respondents chose to take part: they are not a sample, "
                              "and the results are not representative of the population.")
    if (profiled["flag"] == "[c]").any():
        paragraphs.append(f"Counts under {cfg.equality.min_cell}, and those that would let one be worked out from "
                          "the totals (secondary suppression), are shown as [c].")
    return tuple(paragraphs)


def _differing(cfg: Consultation, found: pd.DataFrame) -> pd.DataFrame:
    """The per-category rows the report describes: significant after Holm's adjustment, not suppressed, and
    on a base of at least ``agreement.small_base``; largest difference first."""
    per_group = found[(found["group"] != "all") & (found["flag"] != "[c]")]
    significant = per_group[per_group["significant"].map(files.is_true)
                            & (pd.to_numeric(per_group["base_group"]) >= cfg.agreement.small_base)]
    return significant.assign(size=pd.to_numeric(significant["difference_pp"]).abs()).sort_values(
        "size", ascending=False, kind="stable")


def tests_table(cfg: Consultation, found: pd.DataFrame) -> pd.DataFrame:
    """equality_tests.csv for publication, one row per question and characteristic: the overall test, the
    categories that differ from the rest (:func:`_differing`), and how many categories are suppressed."""
    differing = _differing(cfg, found)
    per_group = found[found["group"] != "all"]
    rows = []
    for row in found[found["group"] == "all"].itertuples(index=False):
        mine = per_group[(per_group["question_id"] == row.question_id) & (per_group["characteristic"] == row.characteristic)]
        named = differing[(differing["question_id"] == row.question_id)
                          & (differing["characteristic"] == row.characteristic)]
        hidden = int((mine["flag"] == "[c]").sum())
        p_value = pd.to_numeric(row.p_value, errors="coerce")
        rows.append({
            "Question": question_label(cfg, row.question_id),
            "Characteristic": CHARACTERISTICS[row.characteristic],
            "Base": int(float(row.base_group)),
            "Test": _CAUTION.sub("", row.test) + ("" if pd.isna(p_value) else
                                                  f"; p {round_half_up(float(p_value), 4):.4f}")
                    + (" (expected counts below 5: treat with caution)" if _CAUTION.search(row.test) else ""),
            "Differs": "Yes" if files.is_true(row.significant) else "No",
            "Which categories differ": "; ".join(
                f"{d.group}: {_pct(d.pct_group)} against {_pct(d.pct_rest)} per cent {d.option} "
                f"(base {int(float(d.base_group))}; {_pp(d.difference_pp):+d} points; adjusted p "
                f"{round_half_up(float(d.p_adjusted), 4):.4f})" for d in named.itertuples()) or "none",
            "Suppressed [c]": f"{hidden} of {len(mine)}" if len(mine) else "",
        })
    return pd.DataFrame(rows)


def _tests_prose(cfg: Consultation, found: pd.DataFrame) -> tuple[str, ...]:
    level = cfg.agreement.significance
    significant = _differing(cfg, found)
    first = ("Whether agreement differs by characteristic was tested among those who said a category, each category "
             "against the rest, with p-values adjusted by Holm's method for the number of categories compared.")
    if significant.empty:
        return (first, f"No category's agreement differed from the rest's with adjusted p below {level:g}.")
    named = []
    groups = found[found["group"] != "all"].groupby(["characteristic", "question_id"])["group"].transform("size")
    # of two categories, each against the other is one comparison: name it once
    family = significant["characteristic"] + "\0" + significant["question_id"]
    key = family.where(groups[significant.index] == 2, family + "\0" + significant["group"])
    largest = significant.assign(key=key).drop_duplicates("key")
    for row in largest.head(LISTED).itertuples():
        gap = round_half_up(float(row.difference_pp))
        named.append(f"for {CHARACTERISTICS[row.characteristic].lower()} “{row.group}”, {row.option} on "
                     f"“{question_label(cfg, row.question_id)}” was {abs(int(gap))} percentage points "
                     f"{'higher' if gap > 0 else 'lower'} than among the rest")
    count = len(largest)
    counted = wording.capitalise(wording.count(count, "difference", cfg.report.numbers_in_words_below))
    return (first, f"{counted} had adjusted p below {level:g}"
                   f"{'' if count <= LISTED else f'; the largest {LISTED}'}: {wording.join(named, 'and')}. With many "
                   "comparisons, some differences this size arise by chance; read them as prompts to look further.")


def sections(data: ReportTables, cfg: Consultation) -> list[Section]:
    """The equality sections: the profile and, when closed questions were tested, agreement by characteristic.

    None when no question is tagged with a characteristic. Raises :class:`consult.core.errors.InputError`
    when equality.csv or equality_tests.csv is missing (rerun the agreement stage).
    """
    if not monitored(cfg):
        return []
    profiled = _read(cfg, "equality.csv")
    population = bool(cfg.equality.population)
    notes = ["[c] suppressed: fewer than {} respondents, or a count that would let one be worked out from the "
             "totals (secondary suppression).".format(cfg.equality.min_cell),
             "Percentages of categories are out of those who said; “Prefer not to say” and “Not answered” are out "
             "of all asked. Percentages are rounded half up and may not sum to 100 due to rounding."]
    if population:
        notes.append(f"Population %: the population profile in {cfg.equality.population}. [x] not in the profile; "
                     "[z] not applicable. Differences are respondent share less population share.")
    profile = profile_table(profiled, population)
    result = [Section("equality-profile", "Equality monitoring: who responded", _profile_prose(cfg, profiled, population),
                      profile, "Respondents by protected characteristic", "Equality profile", tuple(notes),
                      widths=tuple(_PROFILE_WIDTHS[str(c)] for c in profile.columns))]
    found = _read(cfg, "equality_tests.csv")
    if not found.empty:
        tests = tests_table(cfg, found)
        result.append(Section(
            "equality-agreement", "Equality monitoring: agreement by characteristic", _tests_prose(cfg, found),
            tests, "Whether agreement differs by protected characteristic", "Equality agreement",
            (f"A difference is significant when its Holm-adjusted p is below {cfg.agreement.significance:g}; each "
             "category is compared with the others who said a category.",
             "Which categories differ: those whose share differs from the rest's with Holm-adjusted p below "
             f"{cfg.agreement.significance:g}, on a base of at least {cfg.agreement.small_base}; percentages of the "
             "category and of the rest who said a category, with the category's base.",
             f"[c] suppressed: the category is suppressed in the profile, or fewer than {cfg.equality.min_cell} "
             "of it gave, or did not give, the answer compared, or a secondary suppression; the full table, "
             "unsuppressed, is data/processed/<id>/equality_tests.csv (not for publication)."), widths=_TESTS_WIDTHS,
            printed=tuple(i for i, v in enumerate(tests["Differs"]) if v == "Yes"),
            printed_what="tests in which agreement differed by characteristic"))
    return result

