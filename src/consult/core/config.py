"""The consultation config: one YAML file that describes one consultation.

:func:`load` reads ``consultations/<id>.yaml``, validates every field at once (pydantic), and
returns a :class:`Consultation`. Problems are reported together, each naming the key, e.g.
``consultations/x.yaml: questions[2].scale: unknown scale 'agree 5'; known scales: agree5, ...``.
A consultation may declare its own answer scales under ``scales:`` (:class:`ScaleSpec`); its
questions name them as they name the built-in ones.

Paths in the file are relative to the project root: the folder that holds ``consultations/``
(or the config's own folder when it is not kept in a folder called ``consultations``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from consult.core.errors import ConfigError
from consult.core.files import read_yaml
from consult.core.scales import SCALES, Scale, get_scale, normalise_label
from consult.core.sections import (
    Agreement,
    Cleaning,
    Equality,
    Filter,
    Identifier,
    Period,
    Polis,
    Report,
    Themes,
    _Strict,
)

QuestionType = Literal["closed", "free_text", "attribute", "multi_select", "choice"]
ConsultationId = Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]  # names folders: "example-2028"

CHARACTERISTICS: dict[str, str] = {
    "age": "Age",
    "disability": "Disability",
    "gender_reassignment": "Gender reassignment",
    "marriage_civil_partnership": "Marriage and civil partnership",
    "pregnancy_maternity": "Pregnancy and maternity",
    "race": "Race (ethnic group)",
    "religion_belief": "Religion or belief",
    "sex": "Sex",
    "sexual_orientation": "Sexual orientation",
}
"""The nine protected characteristics of the Equality Act 2010: config key -> how reports name it."""


class LongLayout(_Strict):
    """The three columns of a long-format export (one row per answer); see docs/exports.md."""

    respondent: str  # who answered: one value per respondent, repeated on each of their rows
    question: str  # which question the row answers: its values become the question columns
    answer: str  # the answer

    @model_validator(mode="after")
    def _distinct(self) -> LongLayout:
        if len({self.respondent, self.question, self.answer}) < 3:
            raise ValueError("respondent, question and answer must name three different columns")
        return self


class InputFile(_Strict):
    """One export file as received (see docs/exports.md)."""

    path: str
    sheet: str | None = None  # XLSX sheet; None = the sheet with most rows
    encoding: str | None = None  # None = detect (UTF-8, UTF-8 with BOM, cp1252)
    header_rows: int = Field(1, ge=1, le=3)  # unset = detect; 2 for SurveyMonkey/legacy Qualtrics, 3 for Qualtrics
    format: Literal["auto", "csv", "xlsx", "polis"] = "auto"
    layout: Literal["wide", "long"] = "wide"  # long: one row per answer, read as one row per respondent
    long: LongLayout | None = None  # layout long: its respondent, question and answer columns

    @model_validator(mode="after")
    def _layout(self) -> InputFile:
        if self.layout == "long" and self.long is None:
            raise ValueError("layout: long needs its columns: long: {respondent: ..., question: ..., answer: ...}")
        if self.layout == "wide" and self.long is not None:
            raise ValueError("long: names the columns of a long-format export; add layout: long or remove it")
        if self.layout == "long" and self.format == "polis":
            raise ValueError("a Polis export is read as it is; remove layout: long")
        return self


def _known_scales(info: ValidationInfo) -> list[str]:
    """The built-in scale names, then those the config declares (passed by :func:`parse` as context)."""
    return list(dict.fromkeys([*SCALES, *((info.context or {}).get("scales", ()))]))


class AskedIf(_Strict):
    """Routing (skip logic): the question was asked only of those who gave one of ``answers`` to ``question``."""

    question: Identifier  # the routing question's id
    answers: list[str] = Field(min_length=1)  # its options (or labels that map onto them) that led here


class Question(_Strict):
    """One column of the export that consult analyses."""

    id: Identifier
    column: str
    type: QuestionType
    text: str | None = None  # the question as asked (tables, charts); defaults to the column header
    scale: str | None = None  # closed questions: a built-in scale (consult.core.scales.SCALES) or one under scales:
    statement: str | None = None  # closed: the clause for prose, e.g. "the purpose and aims were clear"
    base: Literal["gave_view", "answered", "all"] = "gave_view"
    synonyms: dict[str, str] = Field(default_factory=dict)  # extra label → option, this question only
    explains: Identifier | None = None  # free text: the closed question it explains
    options: list[str] = Field(default_factory=list)  # multi_select and choice: the options
    delimiter: str | None = None  # multi_select in one cell: the separator (";", ", ")
    option_columns: list[str] = Field(default_factory=list)  # multi_select, one column per option, in options order
    asked_if: AskedIf | None = None  # asked only of some respondents (skip logic)
    asked_of: str | None = None  # who was asked, for prose: "those who had used the tools"
    characteristic: str | None = None  # attribute: the protected characteristic it monitors (age, sex, ...)
    _scales: dict[str, Scale] = PrivateAttr(default_factory=dict)  # the config's own scales, set by Consultation

    @field_validator("scale")
    @classmethod
    def _known_scale(cls, value: str | None, info: ValidationInfo) -> str | None:
        known = _known_scales(info)
        if value is not None and value not in known:
            raise ValueError(f"unknown scale {value!r}; known scales: {', '.join(known)}")
        return value

    @field_validator("characteristic")
    @classmethod
    def _known_characteristic(cls, value: str | None) -> str | None:
        if value is not None and value not in CHARACTERISTICS:
            raise ValueError(f"unknown characteristic {value!r}; the nine are {', '.join(CHARACTERISTICS)}")
        return value

    @model_validator(mode="after")
    def _fits_type(self, info: ValidationInfo) -> Question:
        if self.type == "closed" and self.scale is None:
            raise ValueError(f"closed question {self.id!r} needs a scale ({', '.join(_known_scales(info))})")
        if self.type != "closed" and self.scale is not None:
            raise ValueError(f"only closed questions take a scale; {self.id!r} is {self.type}")
        if self.type == "multi_select" and not self.options:
            raise ValueError(f"multi_select question {self.id!r} needs its options listed")
        distinct = {normalise_label(o) for o in self.options}
        if self.type == "choice" and (len(self.options) < 2 or len(distinct) != len(self.options)):
            raise ValueError(f"choice question {self.id!r} needs its options listed: two or more, each different")
        if self.option_columns and (self.type != "multi_select" or len(self.option_columns) != len(self.options)):
            raise ValueError(f"option_columns of {self.id!r} need type multi_select and one column per option")
        if self.explains is not None and self.type != "free_text":
            raise ValueError(f"only free_text questions can explain another; {self.id!r} is {self.type}")
        if self.asked_of is not None and self.asked_if is None:
            raise ValueError(f"asked_of of {self.id!r} describes a routing: add asked_if (question, answers)")
        if self.characteristic is not None and self.type != "attribute":
            raise ValueError(f"only attribute questions take a characteristic; {self.id!r} is {self.type}")
        return self

    @property
    def label(self) -> str:
        """How tables and charts name the question."""
        return self.text or self.column

    def get_scale(self, extra_synonyms: dict[str, str] | None = None) -> Scale:
        """The question's answer set with the config-wide and then the question's own synonyms added.

        A closed question's scale is the built-in one or the config's own of that name (a question
        read from a config knows the config's ``scales:``); a choice question's is its ``options``,
        unordered, with no direction. Raises ``ValueError`` for other question types.
        """
        if self.type == "choice":
            scale = Scale(self.id, tuple(self.options))
        elif self.scale is not None:
            scale = self._scales.get(self.scale) or get_scale(self.scale)
        else:
            raise ValueError(f"question {self.id!r} has no scale")
        # config-wide synonyms apply where their target is on this scale ("Don't know" is not on yes_no)
        shared = {label: target for label, target in (extra_synonyms or {}).items() if target in scale.all_options}
        extra = {**shared, **self.synonyms}
        return scale.with_synonyms(extra) if extra else scale

    def answer_options(self) -> tuple[str, ...] | None:
        """The answers the question can hold in responses.csv: its listed options, else its scale's; ``None``
        when they are not known from the config (an attribute keeps the export's own labels)."""
        if self.options:
            return tuple(self.options)
        return self.get_scale().all_options if self.scale else None


class ScaleSpec(_Strict):
    """An answer scale a consultation declares itself, under ``scales: {name: ...}``.

    ``options`` run from the most positive to the most negative (or, for a scale without
    direction, from most to least). ``positive``, ``neutral`` and ``negative`` partition them,
    in that order, and give the net rows; leave all three out for a scale without direction (no
    net rows, no tone). ``no_view`` answers ("Don't know", "Unfamiliar (N/A)") are counted but
    left out of the base "among those who gave a view". ``positive_clause`` / ``negative_clause``
    are what the summary says respondents on each side did ("rated it good or very good"); a
    ``{s}`` in the positive clause takes the question's statement.
    """

    options: list[str] = Field(min_length=2)
    positive: list[str] = Field(default_factory=list)
    neutral: list[str] = Field(default_factory=list)
    negative: list[str] = Field(default_factory=list)
    no_view: list[str] = Field(default_factory=list)
    synonyms: dict[str, str] = Field(default_factory=dict)  # label → option (or no_view answer)
    positive_net: str | None = None  # the net rows' names; default "positive (net)" / "negative (net)"
    negative_net: str | None = None
    positive_clause: str | None = None  # default: answered “A” or “B” (the positive options)
    negative_clause: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ScaleSpec:
        problems = _repeats("options", self.options) + _repeats("no_view", self.no_view)
        both = [o for o in self.no_view if normalise_label(o) in {normalise_label(x) for x in self.options}]
        if both:
            problems.append(f"{', '.join(map(repr, both))} in both options and no_view")
        if self.positive or self.neutral or self.negative:
            problems += self._sides()
        else:
            given = [key for key in ("positive_net", "negative_net", "positive_clause", "negative_clause")
                     if getattr(self, key) is not None]
            if given:
                problems.append(f"{', '.join(given)} need positive and negative options (this scale has no direction)")
        nets = [n for n in (self.positive_net, self.negative_net) if n is not None]
        problems += [f"net name {n!r} must end in '(net)'" for n in nets if not n.endswith("(net)")]
        if len(set(nets)) < len(nets) or set(nets) & set(self.options):
            problems.append("the net names must differ from each other and from the options")
        for key in ("positive_clause", "negative_clause"):
            rest = (getattr(self, key) or "").replace("{s}", "" if key == "positive_clause" else "{s}")
            if "{" in rest or "}" in rest:
                problems.append(f"{key}: braces only as {{s}} (where the statement goes), and only in positive_clause")
        answers = [*self.options, *self.no_view]
        problems += [f"synonym {label!r} maps to {target!r}, which is not an option or a no_view answer"
                     for label, target in self.synonyms.items() if target not in answers]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _sides(self) -> list[str]:
        if not (self.positive and self.negative):
            return [("give both positive and negative options, or none of positive, neutral and negative "
                     "(a scale without direction)")]
        sides = [*self.positive, *self.neutral, *self.negative]
        problems = [f"{o!r} (in positive, neutral or negative) is not one of the options"
                    for o in sides if o not in self.options]
        problems += [f"{o!r} is in none of positive, neutral and negative" for o in self.options if o not in sides]
        problems += [f"{o!r} is on more than one side" for o in dict.fromkeys(sides) if sides.count(o) > 1]
        if not problems and sides != self.options:
            problems.append("options run from most positive to most negative: list the positive options first, "
                            "then the neutral, then the negative, in the order of options")
        return problems

    def to_scale(self, name: str) -> Scale:
        """The :class:`consult.core.scales.Scale` this spec declares, called ``name``."""
        return Scale(
            name, tuple(self.options), tuple(self.positive), tuple(self.neutral), tuple(self.negative),
            tuple(self.no_view), dict(self.synonyms),
            positive_net=self.positive_net or "positive (net)", negative_net=self.negative_net or "negative (net)",
            positive_clause=self.positive_clause, negative_clause=self.negative_clause,
        )


def _not_built_in(name: str) -> str:
    if name in SCALES:
        raise ValueError(f"{name!r} is a built-in scale name; call yours something else "
                         f"(built-in: {', '.join(SCALES)})")
    return name


ScaleName = Annotated[Identifier, AfterValidator(_not_built_in)]


def _repeats(key: str, labels: list[str]) -> list[str]:
    folded = [normalise_label(label) for label in labels]
    repeated = [label for label, fold in zip(labels, folded) if folded.count(fold) > 1]
    if not repeated:
        return []
    return [f"{key} repeat (case, spacing and end punctuation aside): {', '.join(map(repr, repeated))}"]


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
    scales: dict[ScaleName, ScaleSpec] = Field(default_factory=dict)  # the consultation's own answer scales
    questions: list[Question] = Field(min_length=1)
    groups: list[Identifier] = Field(default_factory=list)  # attribute ids to break results down by
    filter: Filter = Filter()
    polis: Polis = Polis()
    cleaning: Cleaning = Cleaning()
    agreement: Agreement = Agreement()
    equality: Equality = Equality()
    themes: Themes = Themes()
    report: Report = Report()

    # set by load(), not by the file
    source: str | None = Field(None, exclude=True)
    root: str | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _own_scales(self) -> Consultation:
        """Give each question the config's scales, so that ``question.get_scale()`` finds them."""
        own = {name: spec.to_scale(name) for name, spec in self.scales.items()}
        for question in self.questions:
            question._scales = own
        return self

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
            problems += _routing_problems(q, by_id, self.cleaning.synonyms)
        problems += self._polis_problems() + self._equality_problems()
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def _polis_problems(self) -> list[str]:
        polis = [f for f in self.inputs if f.format == "polis"]
        problems = []
        if polis and len(self.inputs) > 1:
            problems.append("inputs: a Polis conversation (format: polis) must be the only input")
        if polis and self.id_column != "comment-id":
            problems.append("id_column: a Polis conversation's statements are identified by 'comment-id'; "
                            "set id_column: comment-id")
        if not polis:
            used = [f"filter.{key}" for key in ("min_votes", "statements")
                    if getattr(self.filter, key) != type(self.filter).model_fields[key].default]
            used += [f"polis.{key}" for key, field in sorted(type(self.polis).model_fields.items())
                     if getattr(self.polis, key) != (field.default_factory() if field.default_factory else field.default)]
            if used:
                problems.append(f"{', '.join(used)}: only for a Polis conversation (an input with format: polis)")
        return problems

    def _equality_problems(self) -> list[str]:
        tagged = [q.characteristic for q in self.questions if q.characteristic]
        problems = [f"questions: characteristic {c!r} is on more than one question; tag one"
                    for c in sorted({c for c in tagged if tagged.count(c) > 1})]
        if self.equality.population and not tagged:
            problems.append("equality.population: no question has a characteristic; tag the equality-monitoring "
                            "attributes (characteristic: age, ...) or remove equality.population")
        return problems

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
    def is_polis(self) -> bool:
        """Whether this is a Polis conversation: statements voted on, not a survey's responses."""
        return any(f.format == "polis" for f in self.inputs)

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


def _routing_problems(question: Question, by_id: dict[str, Question], synonyms: dict[str, str]) -> list[str]:
    """What is wrong with ``question.asked_if``: an unknown or free-text routing question, a loop of
    routings, answers that are not the routing question's options or labels."""
    routing = question.asked_if
    if routing is None:
        return []
    where = f"questions.{question.id}.asked_if"
    if routing.question not in by_id or routing.question == question.id:
        return [f"{where}.question: {routing.question!r} is not the id of another question"]
    seen, step = {question.id}, by_id[routing.question]
    while step.asked_if is not None and step.id not in seen:  # follow the chain of routings
        seen.add(step.id)
        step = by_id.get(step.asked_if.question, step)
    if step.id in seen:
        return [f"{where}: the routings of {', '.join(sorted(seen))} go round in a loop; one must be asked of everyone"]
    source = by_id[routing.question]
    if source.type == "free_text":
        return [f"{where}.question: {source.id!r} is free text; routing follows a question with set answers"]
    options = source.answer_options()
    if options is None:
        return []
    known = source.get_scale(synonyms).lookup() if source.scale else {normalise_label(o): o for o in options}
    unknown = [a for a in routing.answers if normalise_label(a) not in known]
    if unknown:
        return [f"{where}.answers: {', '.join(map(repr, unknown))} not among the answers of {source.id!r} "
                f"({', '.join(options)}); check spelling and capitalisation"]
    return []


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
    """Validate a config already read into a dict. Raises :class:`ConfigError` listing every problem.

    The names under ``scales:`` are passed to the questions' validation (as context), so that a
    question naming one of them is checked together with every other field.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of keys (id, title, inputs, questions, ...) at the top")
    declared = data.get("scales")
    context = {"scales": [str(name) for name in declared] if isinstance(declared, dict) else []}
    try:
        return Consultation.model_validate({**data, "source": source, "root": str(root) if root else None},
                                           context=context)
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
    data = read_yaml(path, ConfigError, " (in your editor)")
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
