"""Answers that say there is nothing to improve or add, counted as a category of their own.

"Nothing to improve", "Can't think of anything", "All good", "N/A - happy", "Nothing really,
keep it up": answers the clean stage keeps (they are not bare non-answers such as "n/a") but
that raise no point. Themed, they make a theme labelled "Anything"; dropped, they vanish.
They are counted instead in the reserved theme ``nothing``
(:data:`consult.themes.question.NOTHING`), beside ``other``, with its count and base.
"""

from __future__ import annotations

import re

from consult.themes.text import clean_feedback, tokenize

#: Phrases that say nothing needs changing; an answer made of them and :data:`FILLER` says nothing.
_SAYS_NOTHING = re.compile(
    r"\b(?:(?:there(?:'s| is) )?(?:nothing|none|nil|no(?:thing)? (?:comments?|complaints?|suggestions?|improvements?"
    r"|changes?|issues?|problems?))(?: (?:at all|really|whatsoever|else|more|further|much|in particular|specific))*"
    r"(?: (?:to|i would|i'd|that i would|that needs to|that could|that should|we would)"
    r"(?: (?:improve|change|add|say|suggest|comment|report|mention|be improved|be changed|be done|do better|"
    r"do differently|complain about))?)?"
    r"|(?:i )?(?:can(?:no|')?t|cannot|could(?:n't| not)) (?:think of|suggest) (?:any(?:thing)?|a thing)"
    r"(?: (?:at all|really|else|to improve|to change|to add|that could be improved|that needs improving))*"
    r"|(?:i )?(?:don't|do not) (?:think|know) (?:of )?(?:anything|there is anything)"
    r"(?: (?:else|to improve|to change|could be improved|needs improving))*"
    r"|(?:it was |it's |all |everything (?:is|was) )?(?:all good|all fine|fine as it is|perfect as it is|"
    r"fine|perfect|spot on)"
    r"|no(?:pe)?|n/?a|na|not really|not applicable|no thanks?|no thank you|none needed|nothing needed)\b")
#: Words that may surround such a phrase without making a point.
FILLER = frozenset("""thanks thank you very much all everything was is it's its as it keep up the good great work
    excellent happy satisfied pleased well done really so far always already everyone everybody staff service
    team brilliant lovely perfect fine ok okay yes no and i am we were are just to say be with of for i'm honestly
    currently right now needed required necessary lol""".split())


def says_nothing(text: str) -> bool:
    """Whether an answer says there is nothing to improve, change or add and makes no other point.

    ``"Can't think of anything, all good"`` and ``"N/A - happy"`` → True;
    ``"Nothing, except the parking"`` → False (a point is made).
    """
    folded = " ".join(tokenize(clean_feedback(text).replace("/", "")))  # "N/A" reads "na"
    if not folded:
        return False
    rest, found = _SAYS_NOTHING.subn(" ", folded)
    return bool(found) and all(word in FILLER for word in rest.split())


def nothing_label(question_text: str) -> str:
    """The category's label: "Nothing to improve" for a question about improving or changing
    something, else "Nothing to add"."""
    asks = re.search(r"improv|better|chang|differently|could we|should we", question_text, re.IGNORECASE)
    return "Nothing to improve" if asks else "Nothing to add"
