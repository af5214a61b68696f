"""The bundled SYNTHETIC example consultation: generator, exports and configs."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import pytest

from consult.core import config
from consult.core.config import Consultation
from consult.core.scales import normalise_label

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ("example", "example-2028")


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_example", ROOT / "scripts" / "make_example.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


gen = _load_generator()


@pytest.fixture(scope="module", params=CONFIGS)
def cycle(request: pytest.FixtureRequest) -> tuple[Consultation, pd.DataFrame]:
    """The config and its export, every cell as text ("" for blank)."""
    cfg = config.load(ROOT / "consultations" / f"{request.param}.yaml")
    frame = pd.read_csv(cfg.input_paths[0], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    return cfg, frame


def _agree_share(values: pd.Series, cfg: Consultation, qid: str) -> float:
    """Share agreeing among those who gave a view, labels mapped through the config."""
    question = cfg.question(qid)
    scale = question.get_scale(cfg.cleaning.synonyms)
    mapped = values.map(lambda v: scale.lookup().get(normalise_label(v)))
    gave_view = mapped[mapped.isin(scale.options)]
    return float(gave_view.isin(scale.positive).mean())


def test_generator_rewrites_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    for run in ("a", "b"):
        gen.main(["--root", str(tmp_path / run)])
    for cycle_def in gen.CYCLES:
        for name in (gen.EXPORT_NAME, "README.md", "population.csv"):
            relative = Path("data", "raw", cycle_def.folder, name)
            committed = (ROOT / relative).read_bytes()
            assert (tmp_path / "a" / relative).read_bytes() == committed, f"{relative} differs from a fresh run"
            assert (tmp_path / "b" / relative).read_bytes() == committed


def test_configs_load_and_name_synthetic_data(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    cfg, _ = cycle
    assert "SYNTHETIC" in cfg.title
    assert cfg.groups == ["capacity", "partner_type", "area"]
    assert cfg.question("q3a").explains == "q3"
    readme = (cfg.input_paths[0].parent / "README.md").read_text(encoding="utf-8")
    assert "**These data are synthetic.**" in readme


def test_export_has_bom_one_header_and_the_configured_columns(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    cfg, frame = cycle
    assert cfg.input_paths[0].read_bytes().startswith(b"\xef\xbb\xbfResponse ID,")
    assert tuple(frame.columns) == gen.COLUMNS
    assert {q.column for q in cfg.questions} <= set(frame.columns)
    analysed = {q.column for q in cfg.questions}
    assert gen.COL_EMAIL not in analysed and gen.COL_ORG_NAME not in analysed, "personal data must not be analysed"
    assert 340 <= len(frame) <= 410
    assert frame[cfg.id_column].str.fullmatch(r"(ANON|BHLF)-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]").all()
    assert pd.to_datetime(frame[cfg.submitted_column], format="%Y-%m-%d %H:%M:%S").between(
        pd.Timestamp(cfg.period.start), pd.Timestamp(cfg.period.end) + pd.Timedelta(days=1)
    ).all()


def test_every_closed_label_maps_onto_its_scale(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    cfg, frame = cycle
    for question in cfg.questions_of("closed"):
        lookup = question.get_scale(cfg.cleaning.synonyms).lookup()
        labels = set(frame[question.column]) - {""}
        unmapped = {label for label in labels if normalise_label(label) not in lookup}
        assert not unmapped, f"{question.id}: {unmapped}"
    for question in cfg.questions_of("multi_select"):
        ticked = {part for cell in frame[question.column] if cell for part in cell.split(question.delimiter)}
        assert ticked == set(question.options)
    capacity = cfg.question("capacity")
    lookup = {normalise_label(label): value for label, value in capacity.synonyms.items()}
    lookup.update({normalise_label(value): value for value in capacity.synonyms.values()})
    assert {lookup.get(normalise_label(v)) for v in frame[capacity.column]} == {
        "Individual", "On behalf of an organisation"}


def test_label_mess_is_present(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    _, frame = cycle
    labels = set(frame[list(gen.AGREE_COLUMNS.values())].to_numpy().ravel())
    for messy in ("Tend to agree", "AGREE", "Neither agree or disagree", "Strongly Disagree", "Agree ",
                  "Don\u2019t know", "Don\u00e2\u20ac\u2122t know", ""):
        assert messy in labels


def test_duplicate_and_resubmission(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    cfg, frame = cycle
    assert frame.duplicated(keep=False).sum() == 2, "exactly one row repeated identically"
    repeated = frame[frame[cfg.id_column].duplicated(keep=False)].drop_duplicates()
    resubmitted = repeated.groupby(cfg.id_column).filter(lambda g: len(g) == 2)
    assert resubmitted[cfg.id_column].nunique() == 1
    first, later = resubmitted.sort_values(cfg.submitted_column).to_dict("records")
    assert later[gen.COL_Q3] != first[gen.COL_Q3] and later[gen.COL_Q3A] != first[gen.COL_Q3A]
    assert frame[cfg.id_column].nunique() == len(frame) - 2


def test_campaign_and_non_answers(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    _, frame = cycle
    texts = pd.concat([frame[gen.COL_Q3A], frame[gen.COL_Q5]])
    folded = texts[texts.str.len() > 100].map(lambda t: re.sub(r"[^a-z]", "", t.lower()))
    assert folded.value_counts().iloc[0] >= 10, "one campaign text pasted by ten or more"
    assert texts[texts.str.len() > 100].value_counts().iloc[0] < folded.value_counts().iloc[0], "some edited"
    assert {"n/a", "N/A", "Nothing.", "-", "No further comments"} & set(texts)
    assert len({"n/a", "N/A", "no comment", "Nothing.", "none", "-", "No further comments"} & set(texts)) >= 4


def test_personal_data_and_odd_characters_in_free_text(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    _, frame = cycle
    text = "\n".join(frame[gen.COL_Q3A]) + "\n" + "\n".join(frame[gen.COL_Q5])
    assert len(re.findall(r"[\w.]+@[\w.]+\.\w+", text)) >= 2
    assert len(re.findall(r"(?:\+44 ?|0)(?:7700|1632) ?\d{3} ?\d{3}", text)) >= 2
    assert len(re.findall(r"\b[A-Za-z]{2}\d{1,2} ?\d[A-Za-z]{2}\b", text)) >= 2
    assert "\u00a0" in text and "\u2019" in text and "\u00e2\u20ac\u2122" in text and "\n\n" in text


def test_free_text_is_varied_and_answered_at_realistic_rates(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    _, frame = cycle
    assert 0.55 <= (frame[gen.COL_Q3A] != "").mean() <= 0.72
    assert 0.33 <= (frame[gen.COL_Q5] != "").mean() <= 0.48
    texts = pd.concat([frame[gen.COL_Q3A], frame[gen.COL_Q5]])
    substantive = texts[texts.str.len() > 30]
    counts = substantive.value_counts()
    assert (counts >= 4).sum() == 1, "only the campaign repeats more than three times"
    assert substantive.nunique() >= 0.85 * len(substantive) - 12


def test_agreement_differs_by_question_and_group(cycle: tuple[Consultation, pd.DataFrame]) -> None:
    cfg, frame = cycle
    organisation = frame[gen.COL_CAPACITY].str.lower().str.contains("organi")
    rural = frame[gen.COL_AREA].isin(["Ashcombe", "Eastwold"]) & ~organisation
    q1 = _agree_share(frame[gen.COL_Q1], cfg, "q1")
    assert 0.68 <= q1 <= 0.86
    assert _agree_share(frame[gen.COL_Q2], cfg, "q2") < q1 - 0.15
    assert _agree_share(frame.loc[organisation, gen.COL_Q1], cfg, "q1") > q1
    assert _agree_share(frame.loc[rural, gen.COL_Q4], cfg, "q4") < _agree_share(frame[gen.COL_Q4], cfg, "q4") - 0.1
    q2_labels = frame[gen.COL_Q2].map(normalise_label)
    assert q2_labels.str.startswith(("neither", "don")).mean() > 0.4


def test_second_cycle_has_new_people_and_shifted_themes() -> None:
    frames = {}
    for name in CONFIGS:
        cfg = config.load(ROOT / "consultations" / f"{name}.yaml")
        frames[name] = pd.read_csv(cfg.input_paths[0], encoding="utf-8-sig", dtype=str, keep_default_na=False)
    first, second = frames["example"], frames["example-2028"]
    assert not set(first[gen.COL_ID]) & set(second[gen.COL_ID])
    cfg = config.load(ROOT / "consultations" / "example.yaml")
    assert _agree_share(second[gen.COL_Q2], cfg, "q2") > _agree_share(first[gen.COL_Q2], cfg, "q2") + 0.1
    assert _agree_share(second[gen.COL_Q4], cfg, "q4") < _agree_share(first[gen.COL_Q4], cfg, "q4") - 0.03

    def share(frame: pd.DataFrame, pattern: str) -> float:
        text = (frame[gen.COL_Q3A] + " " + frame[gen.COL_Q5]).str.lower()
        return float(text.str.contains(pattern).mean())

    assert share(first, "scooter") == 0 and share(second, "scooter") > 0.03
    assert share(first, "shoplift|shop theft|retail crime") == 0 and share(second, "shop theft|retail crime") > 0.03
    assert share(second, "public health|mental health") < share(first, "public health|mental health") / 2
    for persisting in ("domestic abuse", "village", "fund"):
        assert share(second, persisting) > 0.03
