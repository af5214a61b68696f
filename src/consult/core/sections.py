"""The config's settings sections (``cleaning``, ``filter``, ``polis``, ``agreement``, ``equality``,
``themes``, ``report``, ``period``) and the bounds they share with the code that uses them. :mod:`consult.core.config`
puts them together with the inputs and questions into a :class:`~consult.core.config.Consultation`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
N_THEMES = (2, 500)
"""The bounds of ``themes.n_themes``, which :class:`consult.themes.ThemeModel` holds its ``n_themes`` to too."""
MIN_THEMES, MAX_THEMES = (1, 50), (2, 50)
"""The bounds of ``themes.min_themes`` and ``themes.max_themes`` (and of the model's parameters)."""
WEIGHT = "weight"
"""The column of responses.csv that carries ``agreement.weight_column``'s values."""
RANDOM_STATE = (0, 2**32 - 1)
"""The seeds numpy accepts: the bounds of ``themes.random_state`` and of the model's."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cleaning(_Strict):
    """How raw answers become clean responses."""

    synonyms: dict[str, str] = Field(default_factory=dict)  # label → option, every closed question
    unmapped_as_missing: bool = False  # labels not on the scale: error (False) or blank, logged (True)
    non_answers: list[str] = Field(default_factory=list)  # extra free-text non-answers ("see above")
    near_duplicate_threshold: float = Field(0.9, gt=0, le=1)  # text similarity for a campaign
    campaign_min_size: int = Field(5, ge=2)  # respondents sharing a text before it is a campaign
    campaign_min_share: float = Field(0.0001, ge=0, lt=1)  # ... and at least this share of the answers
    keep: Literal["latest", "first"] = "latest"  # which of two resubmissions is kept
    ragged_rows: Literal["error", "exclude"] = "error"  # CSV rows with the wrong number of values: stop, or leave out (logged)


class Filter(_Strict):
    """Which raw rows are analysed. The clean stage applies it and logs each row it leaves out with its
    rule (``filter.<key>``); ``consult check`` says how many rows each rule removes."""

    where: str | None = None  # a condition on the export's columns: rows for which it is false are left out
    description: str | None = Field(None, max_length=200)  # what ``where`` leaves out, in plain words for the
    # summary ("the survey's own previews and tests"); without it the summary quotes the condition
    exclude_ids: str | None = None  # a file of ids (one a line) to leave out: respondents, or Polis participants
    min_votes: int | None = Field(None, ge=1)  # Polis: participants with fewer votes (the export's n-votes) left out
    statements: Literal["accepted", "not_rejected"] = "not_rejected"  # Polis: accepted = moderated in (1) only;
    # not_rejected = all but those moderated out (-1)


class Polis(_Strict):
    """A Polis conversation (an input of ``format: polis``): who took part, and how much the report shows."""

    participants: str | None = None  # a CSV of participant attributes, one row per participant, with their xid
    xid_column: str = "xid"  # the column of that file holding the xid Polis knows the participant by
    attributes: dict[Identifier, str] = Field(default_factory=dict)  # attribute id -> its column in that file;
    # agreement is broken down by each, as by the opinion groups
    chart_statements: int = Field(30, ge=5, le=200)  # statements in the heat map: those with most votes
    listed: int = Field(5, ge=1, le=20)  # statements named in each list of the summary

    @model_validator(mode="after")
    def _attributes_need_a_file(self) -> Polis:
        if self.attributes and not self.participants:
            raise ValueError("attributes need polis.participants: the file they are columns of")
        return self


class Agreement(_Strict):
    """How percentages are computed and controlled for disclosure."""

    small_base: int = Field(10, ge=1)  # below this the percentage is flagged [u]
    suppress_below: int = Field(5, ge=0)  # below this the percentage is suppressed [c]
    confidence: float = Field(0.95, gt=0.5, lt=1)
    weight_column: str | None = None
    significance: float = Field(0.05, gt=0, lt=1)  # p-value below which a group difference is reported

    @model_validator(mode="after")
    def _ordered(self) -> Agreement:
        if self.suppress_below > self.small_base:
            raise ValueError("suppress_below must not exceed small_base")
        return self


class Equality(_Strict):
    """Equality monitoring: the population the respondents are set against, and the disclosure threshold."""

    population: str | None = None  # a CSV of the area's shares: characteristic, category, share (0-1)
    min_cell: int = Field(10, ge=1)  # counts below this are suppressed [c] in the equality tables, with
    # secondary suppression so that none can be worked out from the totals


class CodebookTheme(_Strict):
    """A theme given in advance: a name with keywords and/or example responses."""

    name: str
    keywords: list[str] = Field(default_factory=list)
    examples: list[str] = Field(default_factory=list)
    questions: list[Identifier] = Field(default_factory=list)  # empty = every free-text question


class Themes(_Strict):
    """How the free text is themed."""

    n_themes: int | Literal["auto"] = "auto"
    min_themes: int = Field(4, ge=MIN_THEMES[0], le=MIN_THEMES[1])
    max_themes: int = Field(12, ge=MAX_THEMES[0], le=MAX_THEMES[1])
    engine: Literal["wordllama", "tfidf", "embeddings"] = "wordllama"
    random_state: int = Field(0, ge=RANDOM_STATE[0], le=RANDOM_STATE[1])
    quotes: int = Field(3, ge=2, le=5)
    codebook: list[CodebookTheme] = Field(default_factory=list)
    stop_words: list[str] = Field(default_factory=list)  # extra words to ignore (the council's name)
    previous: str | None = None  # last cycle's config: its reviewed themes are carried into this one
    list_points_below: int = Field(30, ge=0)  # fewer comments (a campaign once): each listed, themes tentative; 0 = never

    @field_validator("n_themes", mode="before")
    @classmethod
    def _n_themes(cls, value: object) -> object:
        low, high = N_THEMES
        if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and low <= value <= high):
            return value
        raise ValueError(f"must be a whole number from {low} to {high}, or auto; got {value!r}")

    @model_validator(mode="after")
    def _range(self) -> Themes:
        if self.min_themes > self.max_themes:
            raise ValueError("min_themes must not exceed max_themes")
        return self


class Report(_Strict):
    """House style for the written outputs."""

    numbers_in_words_below: int = Field(10, ge=0, le=100)  # "eight responses"; 0 = always numerals
    template: str | None = None  # a .docx/.dotx whose styles the Word summary uses
    author: str | None = None


class Period(_Strict):
    start: date
    end: date
