"""The pipeline: notebook parameters, stage selection, and the whole analysis end to end."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import papermill
import pytest
import yaml

from consult import pipeline
from consult.core.errors import ConsultError
from consult.themes import labels

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [ROOT / "notebooks" / stage.notebook for stage in pipeline.STAGES]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_parameters_are_what_run_passes(notebook: Path) -> None:
    parameters = papermill.inspect_notebook(str(notebook))
    assert set(parameters) == set(pipeline.PARAMETERS)
    assert parameters["config_path"]["default"] == '"../consultations/example.yaml"'
    assert parameters["config_path"]["help"], "the parameter is documented for papermill --help-notebook"


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_notebooks_are_committed_without_outputs(notebook: Path) -> None:
    cells = nbformat.read(notebook, as_version=4).cells
    assert not any(c.get("outputs") or c.get("execution_count") for c in cells if c.cell_type == "code")
    assert sum("parameters" in c.metadata.get("tags", []) for c in cells) == 1


def test_select_stages() -> None:
    assert [s.name for s in pipeline.select_stages()] == ["clean", "agreement", "themes", "report"]
    assert [s.name for s in pipeline.select_stages(start="themes")] == ["themes", "report"]
    assert [s.name for s in pipeline.select_stages(only=["report", "clean"])] == ["clean", "report"]
    with pytest.raises(ConsultError, match="unknown stage 'tidy'"):
        pipeline.select_stages(start="tidy")


def _copy_example(target: Path) -> Path:
    for part in ("consultations/example.yaml", "data/raw/example", "notebooks"):
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target / part)
    return target / "consultations" / "example.yaml"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))}


@pytest.fixture(scope="module")
def example_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.RunResult]:
    project = tmp_path_factory.mktemp("project")
    (project / "consultations").mkdir()
    config_path = _copy_example(project)
    return project, pipeline.run(config_path, echo=lambda line: None)


@pytest.mark.slow
def test_the_example_runs_end_to_end(example_run: tuple[Path, pipeline.RunResult]) -> None:
    project, result = example_run
    reports = project / "reports" / "example"
    for name in ("summary.md", "summary.docx", "tables.xlsx", "manifest.json", "report.html"):
        assert (reports / name).stat().st_size > 0, name
    assert [p.name for p in sorted((reports / "notebooks").glob("*.ipynb"))] == [s.notebook for s in pipeline.STAGES]
    assert len(list((reports / "figures").glob("*.png"))) >= 2
    sheets = pd.ExcelFile(reports / "tables.xlsx").sheet_names
    assert len(sheets) >= 3
    assert set(result.timings) == {"clean", "agreement", "themes", "report"}


@pytest.mark.slow
def test_the_example_has_its_equality_sections_in_every_output(example_run: tuple[Path, pipeline.RunResult]) -> None:
    from docx import Document

    project, _ = example_run
    reports = project / "reports" / "example"
    md = (reports / "summary.md").read_text(encoding="utf-8")
    assert "## Equality monitoring: who responded" in md and "## Equality monitoring: agreement by characteristic" in md
    assert "secondary suppression" in md and "Holm" in md
    document = Document(str(reports / "summary.docx"))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Equality monitoring: who responded", "Equality monitoring: agreement by characteristic"} <= set(headings)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"Prefer not to say", "Not answered", "Race (ethnic group)", "[c]"} <= cells
    profile = pd.read_excel(reports / "tables.xlsx", sheet_name="Equality profile", dtype=str)
    ages = profile[profile["Characteristic"] == "Age"]
    assert ages["Category"].tolist()[-2:] == ["Prefer not to say", "Not answered"]
    assert "Population %" in profile.columns and (profile["Respondents"] == "[c]").any()
    agreement = pd.read_excel(reports / "tables.xlsx", sheet_name="Equality agreement", dtype=str)
    assert "Which categories differ" in agreement.columns and (agreement["Differs"] == "Yes").any()
    # the Response profile sheet leaves the equality questions to these sections (their small counts suppressed)
    assert "Age" not in set(pd.read_excel(reports / "tables.xlsx", sheet_name="Response profile", dtype=str)["Question"])


@pytest.mark.slow
def test_every_raw_row_is_accounted_for(example_run: tuple[Path, pipeline.RunResult]) -> None:
    project, _ = example_run
    raw = sum(len(pd.read_csv(p, encoding="utf-8-sig", dtype=str)) for p in (project / "data/raw/example").glob("*-responses.csv"))
    manifest = json.loads((project / "reports/example/manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["raw_rows"] == raw == manifest["rows"]["kept"] + manifest["rows"]["excluded"]
    assert manifest["rows"]["excluded"] >= 2, "the example's duplicate and resubmission are excluded"
    assert all(len(entry["sha256"]) == 64 for entry in manifest["inputs"]) and manifest["inputs"]
    assert manifest["packages"]["pandas"] != "not installed" and manifest["config"]["id"] == "example"


@pytest.mark.slow
def test_rerun_gives_byte_identical_tables(example_run: tuple[Path, pipeline.RunResult]) -> None:
    project, _ = example_run
    processed = project / "data" / "processed" / "example"
    before = _digests(processed)
    rerun = pipeline.run(project / "consultations" / "example.yaml", only=["clean", "agreement", "themes"],
                         echo=lambda l: None, force=True)
    assert rerun.reused == [] and _digests(processed) == before and len(before) >= 5


@pytest.mark.slow
def test_a_rerun_reuses_stages_whose_inputs_have_not_changed(example_run: tuple[Path, pipeline.RunResult]) -> None:
    project, _ = example_run
    config_path = project / "consultations" / "example.yaml"
    data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    data.setdefault("report", {})["numbers_in_words_below"] = 0  # a house-style change: the report only
    config_path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rerun = pipeline.run(config_path, echo=lambda l: None)
    assert rerun.reused == ["clean", "agreement", "themes"] and list(rerun.timings) == ["report"]
    again = pipeline.run(config_path, echo=lambda l: None)
    assert again.reused == ["clean", "agreement", "themes", "report"]
    (project / "data/processed/example/agreement.csv").unlink()  # a lost output is rebuilt
    assert pipeline.run(config_path, echo=lambda l: None).reused == ["clean", "themes", "report"]


@pytest.mark.slow
def test_bad_input_is_one_line_and_leaves_outputs_intact(example_run: tuple[Path, pipeline.RunResult]) -> None:
    project, _ = example_run
    good = project / "consultations" / "example.yaml"
    data = yaml.safe_load(good.read_text(encoding="utf-8"))
    closed = next(q for q in data["questions"] if q["type"] == "closed")
    closed["column"] = "A column that is not in the export"
    bad = project / "consultations" / "broken.yaml"
    bad.write_text(yaml.safe_dump({**data, "id": "broken"}), encoding="utf-8")
    shutil.copytree(project / "data/processed/example", project / "data/processed/broken")
    before = _digests(project / "data/processed/broken")
    with pytest.raises(ConsultError) as raised:
        pipeline.run(bad, only=["clean"], echo=lambda l: None)
    message = str(raised.value)
    assert "\n" not in message and "A column that is not in the export" in message
    assert _digests(project / "data/processed/broken") == before


def test_errors_for_people_raised_in_any_stage_module_are_recognised() -> None:
    import subprocess
    import sys

    # in a fresh interpreter, where the stage modules have not been imported by anything else
    code = "from consult import pipeline; names = pipeline._consult_error_names(); print(sorted(names))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "PercentageError" in out and "InputError" in out and "ReviewError" in out


@pytest.mark.slow
def test_two_cycles_with_a_review_carried_between_them(tmp_path: Path) -> None:
    for part in ("consultations/example.yaml", "consultations/example.review.yaml", "consultations/example-2028.yaml",
                 "data/raw/example", "data/raw/example-2028", "notebooks"):
        source = ROOT / part
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp_path / part)
    said: list[str] = []
    pipeline.run(tmp_path / "consultations" / "example.yaml", echo=said.append)
    themes = pd.read_csv(tmp_path / "data/processed/example/themes.csv")
    assert "Police presence in rural villages" in set(themes["label"]), "the reviewer's rename is re-applied"
    assert themes["reviewed"].fillna(False).astype(bool).sum() >= 5
    # what to look at before publishing: q3a's catch-all (a reviewer's note calls it one), the note asking to split it
    start = next(i for i, line in enumerate(said) if line.startswith("Before publishing, look at"))
    listed = said[start + 1:]
    assert any(line.startswith("  - catch-all theme: q3a ") and "“Community safety”" in line for line in listed)
    assert any(line.startswith("  - reviewer's note: q3a ") and "need splitting" in line for line in listed)
    assert not any("stale decision" in line or "placeholder text" in line for line in listed)
    methods = (tmp_path / "reports/example/summary.md").read_text(encoding="utf-8")
    assert "Of the 22 themes, a person signed off or renamed 20; the other two keep the labels the model" in methods
    pipeline.run(tmp_path / "consultations" / "example-2028.yaml", echo=lambda l: None)
    summary = (tmp_path / "reports/example-2028/summary.md").read_text(encoding="utf-8")
    assert "Compared with the previous consultation" in summary and "in 2026, up" in summary
    compared = pd.read_csv(tmp_path / "data/processed/example-2028/cycle_agreement.csv")
    assert len(compared) == 5 and set(compared["significant"]) <= {True, False}
    carried = pd.read_csv(tmp_path / "data/processed/example-2028/themes.csv")
    assert (carried["source"] == "codebook").any(), "last cycle's reviewed themes are carried as a codebook"
    for question_id, themes in carried.groupby("question_id"):  # new themes are named apart from the carried ones
        kept, found = themes.loc[themes["source"] == "codebook", "label"], themes.loc[themes["source"] == "model", "label"]
        assert not any(labels.too_similar(a, b) for a in kept for b in found), (question_id, list(kept), list(found))
    # "You said, we did": the example's responses, then set against the themes of 2028
    said = (tmp_path / "reports/example/summary.md").read_text(encoding="utf-8")
    assert "The Strategy changed in response to seven of the 11 themes." in said
    assert ("| Reasons for the answer on the priorities | Domestic abuse | 33 of 237 | “We strongly support the inclusion "
            "of domestic abuse as a priority,") in said and "| We have added stalking and harassment" in said
    promised = pd.read_csv(tmp_path / "data/processed/example-2028/cycle_themes.csv").dropna(subset=["response_then"])
    assert len(promised) == 11 and promised["changed_then"].sum() == 7
    assert "| Reasons for the answer on the priorities | Domestic abuse | 33 of 237 | 12 of 208 (shrank) | " in summary
    assert ("| Other comments on the draft Strategy | Reporting progress every year | 16 of 132 | 4 of 106 (shrank) | "
            "The partnership already publishes an annual report") in summary
