"""The consultation config: one YAML file that describes one consultation.

:func:`load` reads ``consultations/<id>.yaml``, validates every field at once (pydantic), and
returns a :class:`Consultation`. Problems are reported together, each naming the key, e.g.
``consultations/x.yaml: questions[2].scale: unknown scale 'agree 5'; known scales: agree5, ...``.

Paths in the file are relative to the project root: the folder that holds ``consultations/``
(or the config's own folder when it is not kept in a folder called ``consultations``).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from consult.core.errors import ConfigError
from consult.core.scales import SCALES, Scale, get_scale

QuestionType = Literal["closed", "free_text", "attribute", "multi_select"]
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
N_THEMES = (2, 500)
"""The bounds of ``themes.n_themes``, which :class:`consult.themes.ThemeModel` holds its ``n_themes`` to too."""
MIN_THEMES, MAX_THEMES = (1, 50), (2, 50)
"""The bounds of ``themes.min_themes`` and ``themes.max_themes`` (and of the model's parameters)."""
RANDOM_STATE = (0, 2**32 - 1)
"""The seeds numpy accepts: the bounds of ``themes.random_state`` and of the model's."""
ConsultationId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]  # names folders: "example-2028"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class InputFile(_Strict):
    """One export file as received."""

    path: str
    sheet: str | None = None  # XLSX sheet; None = the sheet with most rows
    encoding: str | None = None  # None = detect (UTF-8, UTF-8 with BOM, cp1252)
    header_rows: int = Field(1, ge=1, le=3)  # 2 for SurveyMonkey/legacy Qualtrics, 3 for Qualtrics
    format: Literal["auto", "csv", "xlsx", "polis"] = "auto"


class Question(_Strict):
    """One column of the export that consult analyses."""

    id: Identifier
    column: str
    type: QuestionType
    text: str | None = None  # the question as asked (tables, charts); defaults to the column header
    scale: str | None = None  # closed questions: a name from consult.core.scales.SCALES
    statement: str | None = None  # closed: the clause for prose, e.g. "the purpose and aims were clear"
    base: Literal["gave_view", "answered", "all"] = "gave_view"
    synonyms: dict[str, str] = Field(default_factory=dict)  # extra label → option, this question only
    explains: Identifier | None = None  # free text: the closed question it explains
    options: list[str] = Field(default_factory=list)  # multi_select: the options
    delimiter: str | None = None  # multi_select in one cell: the separator (";", ", ")
    option_columns: list[str] = Field(default_factory=list)  # multi_select, one column per option, in options order

    @field_validator("scale")
    @classmethod
    def _known_scale(cls, value: str | None) -> str | None:
        if value is not None and value not in SCALES:
            raise ValueError(f"unknown scale {value!r}; known scales: {', '.join(SCALES)}")
        return value

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        if self.type == "closed" and self.scale is None:
            raise ValueError(f"closed question {self.id!r} needs a scale ({', '.join(SCALES)})")
        if self.type != "closed" and self.scale is not None:
            raise ValueError(f"only closed questions take a scale; {self.id!r} is {self.type}")
        if self.type == "multi_select" and not self.options:
            raise ValueError(f"multi_select question {self.id!r} needs its options listed")
        if self.option_columns and (self.type != "multi_select" or len(self.option_columns) != len(self.options)):
            raise ValueError(f"option_columns of {self.id!r} need type multi_select and one column per option")
        if self.explains is not None and self.type != "free_text":
            raise ValueError(f"only free_text questions can explain another; {self.id!r} is {self.type}")
        return self

    @property
    def label(self) -> str:
        """How tables and charts name the question."""
        return self.text or self.column

    def get_scale(self, extra_synonyms: dict[str, str] | None = None) -> Scale:
        """The question's scale with the config-wide and then the question's own synonyms added."""
        if self.scale is None:
            raise ValueError(f"question {self.id!r} has no scale")
        options = SCALES[self.scale].all_options
        # config-wide synonyms apply where their target is on this scale ("Don't know" is not on yes_no)
        shared = {label: target for label, target in (extra_synonyms or {}).items() if target in options}
        return get_scale(self.scale, {**shared, **self.synonyms})


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
    engine: Literal["tfidf", "embeddings"] = "tfidf"
    random_state: int = Field(0, ge=RANDOM_STATE[0], le=RANDOM_STATE[1])
    quotes: int = Field(3, ge=2, le=5)
    codebook: list[CodebookTheme] = Field(default_factory=list)
    stop_words: list[str] = Field(default_factory=list)  # extra words to ignore (the council's name)
    previous: str | None = None  # last cycle's config: its reviewed themes are carried into this one

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


class Consultation(_Strict):
    """A whole consultation config (see consultations/example.yaml for a commented example)."""

    id: ConsultationId
    title: str
    organisation: str = "the Council"  # how prose names the consulting body
    document: str = "the proposals"  # how prose names what was consulted on ("the Strategy")
    period: Period | None = None
    channels: str | None = None  # "online survey, e-mail and letter"
    inputs: list[InputFile] = Field(min_length=1)
    id_column: str | None = None  # None = no id column: rows are numbered
    submitted_column: str | None = None  # a timestamp column; decides which resubmission is latest
    questions: list[Question] = Field(min_length=1)
    groups: list[Identifier] = Field(default_factory=list)  # attribute ids to break results down by
    cleaning: Cleaning = Cleaning()
    agreement: Agreement = Agreement()
    themes: Themes = Themes()
    report: Report = Report()

    # set by load(), not by the file
    source: str | None = Field(None, exclude=True)
    root: str | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _cross_references(self) -> Consultation:
        ids = [q.id for q in self.questions]
        problems = []
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            problems.append(f"question ids repeat: {', '.join(repeated)}")
        by_id = {q.id: q for q in self.questions}
        for group in self.groups:
            if group not in by_id:
                problems.append(f"groups: {group!r} is not a question id")
            elif by_id[group].type != "attribute":
                problems.append(f"groups: {group!r} is a {by_id[group].type} question, not an attribute")
        for q in self.questions:
            if q.explains is not None and (q.explains not in by_id or by_id[q.explains].type != "closed"):
                problems.append(f"questions.{q.id}.explains: {q.explains!r} is not a closed question id")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # ------------------------------------------------------------------ conveniences
    def questions_of(self, *types: str) -> list[Question]:
        """The questions of the given types, in config order."""
        return [q for q in self.questions if q.type in types]

    def question(self, question_id: str) -> Question:
        """The question with this id; ``KeyError`` naming the known ids if there is none."""
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"no question {question_id!r}; known: {', '.join(q.id for q in self.questions)}")

    @property
    def project_root(self) -> Path:
        return Path(self.root or ".")

    @property
    def input_paths(self) -> list[Path]:
        """Absolute paths of the raw input files."""
        return [self.resolve(f.path) for f in self.inputs]

    @property
    def processed_dir(self) -> Path:
        return self.project_root / "data" / "processed" / self.id

    @property
    def reports_dir(self) -> Path:
        return self.project_root / "reports" / self.id

    @property
    def review_path(self) -> Path:
        """Where the reviewer's theme decisions live: beside the config, ``<id>.review.yaml``."""
        if self.source and Path(self.source).is_file():
            return Path(self.source).resolve().with_name(f"{self.id}.review.yaml")
        return self.project_root / "consultations" / f"{self.id}.review.yaml"

    def resolve(self, path: str | os.PathLike[str]) -> Path:
        """A path from the config, made absolute against the project root."""
        candidate = Path(path)
        return candidate if candidate.is_absolute() else self.project_root / candidate


def project_root_for(config_path: Path) -> Path:
    """The folder that config paths are relative to (the parent of ``consultations/``)."""
    folder = config_path.resolve().parent
    return folder.parent if folder.name == "consultations" else folder


def format_errors(source: str, error: ValidationError) -> str:
    """Every validation problem as ``file: key.path: message``, one per line."""
    lines = []
    for item in error.errors():
        where = ""
        for part in item["loc"]:
            where += f"[{part}]" if isinstance(part, int) else (f".{part}" if where else str(part))
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown key (check its spelling and indentation)"
        lines.append(f"{source}: {where or '(top level)'}: {message}")
    return "\n".join(lines)


def parse(data: dict[str, Any], source: str = "<config>", root: Path | None = None) -> Consultation:
    """Validate a config already read into a dict. Raises :class:`ConfigError` listing every problem."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys (id, title, inputs, questions, ...) at the top")
    try:
        return Consultation.model_validate({**data, "source": source, "root": str(root) if root else None})
    except ValidationError as error:
        raise ConfigError(format_errors(source, error)) from None


def load(config_path: str | os.PathLike[str]) -> Consultation:
    """Read and validate ``consultations/<id>.yaml``.

    Raises :class:`ConfigError` when the file is missing, is not YAML, or has invalid fields
    (all of them listed, each with its key).
    """
    path = Path(config_path)
    if not path.exists():
        raise ConfigError(f"{path}: config not found. Create it with 'consult init <export> --id <id>'.")
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder, not a config file; give the path of consultations/<id>.yaml.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: byte {error.start + 1} is not UTF-8 (saved as cp1252 or Latin-1?); save the file "
                          "as UTF-8 in your editor.") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot be read ({error.strerror}); check its permissions.") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}:{where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    return parse(data, str(path), project_root_for(path))


def previous_config(cfg: Consultation) -> Consultation:
    """Last cycle's config, from ``themes.previous``; :class:`ConfigError` when unset or missing."""
    if not cfg.themes.previous:
        raise ConfigError(f"{cfg.source}: themes.previous is not set; name last cycle's config there "
                          "(consult init --from does this)")
    return load(cfg.resolve(cfg.themes.previous))


def dump(config: Consultation) -> str:
    """The config as YAML text (keys in model order), as ``consult init`` writes it."""
    data = config.model_dump(mode="json", exclude_defaults=True, exclude={"source", "root"})
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
