"""Every cell is written by a stranger: what respondents wrote is never live in an output, personal data
never reaches an output or the cleaning log, and bad files give one line (docs/assumptions.md)."""

from __future__ import annotations

import json
import multiprocessing
import os
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from security_scan import XSS_VECTORS, live_in_html, live_in_markdown

from consult import cli, pipeline
from consult.clean import stage as clean
from consult.core import config, files, side_by_side
from consult.core.errors import ConfigError, ConsultError, PercentageError, ReviewError
from consult.report import html as report_html
from consult.report.charts import Chart, _figure
from consult.report.summary import Bullets, Paragraph, Summary, escape_markdown, quoted
from consult.report.summary_checks import check_percentages, verify
from consult.review import file as review_file

AGREEMENT = pd.DataFrame([{"question_id": "q1", "group_by": "all", "group": "all", "option": "Agree (net)",
                           "n": 6, "base": 8, "pct": 75.0, "flag": ""}])


# ---------------------------------------------------------------------------- what respondents wrote stays text
def test_the_scanner_finds_every_vector_live_in_raw_html() -> None:
    """The scanner must see the attacks, or the tests below could not fail (the entity-encoded text aside:
    it is text already)."""
    missed = [v for v in XSS_VECTORS if not live_in_html(v) and not live_in_markdown(v)]
    assert missed == ["&lt;script&gt;alert('xss11')&lt;/script&gt;"]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_markdown_escaping_leaves_nothing_live(vector: str) -> None:
    text = f"Bus shelter (3 comments): {quoted(vector + ' The bus shelter is broken')}"
    assert live_in_markdown(escape_markdown(text)) == []
    assert live_in_markdown("- " + escape_markdown(vector)) == []


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_the_sanitiser_leaves_nothing_live(vector: str) -> None:
    assert live_in_html(report_html.sanitise(vector)) == []
    assert live_in_html(report_html.sanitise(f"<p>{vector}</p><img src=\"data:image/png;base64,AAAA\">")) == []


def test_the_sanitiser_keeps_the_report_s_own_markup() -> None:
    page = ('<style scoped>.dataframe td {color: black}</style><table class="dataframe" border="1"><tr>'
            '<th rowspan="2">a</th><td>1</td></tr></table><img src="data:image/png;base64,AAAA" alt="chart">'
            '<h2 id="Themes">Themes<a class="anchor-link" href="#Themes">¶</a></h2>')
    clean = report_html.sanitise(page)
    for kept in ('class="dataframe"', 'rowspan="2"', 'src="data:image/png;base64,AAAA"', 'href="#Themes"'):
        assert kept in clean
    assert "<style" not in clean and ".dataframe tbody tr th" in report_html._page("t", f"<body>{page}</body>")


def test_the_page_forbids_scripts_and_remote_resources() -> None:
    exported = ('<html><head><title>x</title><script src="https://cdn.example/require.js"></script>'
                '<style>body {margin: 0}</style></head><body class="jp-Notebook" onload="x()">'
                '<p>hello</p><script>alert(1)</script></body></html>')
    page = report_html._page("<b>Title</b>", exported)
    assert f'content="{report_html.CSP}"' in page and "script-src" not in report_html.CSP
    assert "default-src 'none'" in report_html.CSP and "img-src data:" in report_html.CSP
    assert "<script" not in page and "onload" not in page and "body {margin: 0}" in page
    assert "<title>&lt;b&gt;Title&lt;/b&gt;</title>" in page and '<body class="jp-Notebook">' in page


def test_summary_markdown_escapes_only_what_needs_it() -> None:
    summary = Summary((Paragraph("A total of 8 responses were received: 75% (6 of 8) agreed (p < 0.01). Tel: [phone]"),
                       Bullets("Notably:", ("Parking (3 comments): “<img src=x onerror=alert(1)> [a](javascript:x)”",
                                            "1. Numbered (2 comments)"))), None)
    markdown = summary.markdown
    assert "received: 75% (6 of 8) agreed (p < 0.01). Tel: [phone]" in markdown  # house prose and tags unchanged
    assert "\\<img src=x onerror=alert(1)> [a\\](javascript:x)" in markdown and "- 1\\. Numbered" in markdown
    assert live_in_markdown(markdown) == []


def test_quotes_are_marked_so_the_percentage_check_never_reads_them() -> None:
    """A patient's "Nothing to add. 100% service" once made the check refuse the whole report."""
    text = f"Care (2 comments): {quoted('Nothing to add. 100% service, 5% (1 of 20) “said” so')} 75% (6 of 8) agreed."
    assert check_percentages(text, AGREEMENT) == []
    verify(text, AGREEMENT, "summary.md")
    with pytest.raises(PercentageError, match="'100%' has no count"):
        verify("Care: Nothing to add. 100% service", AGREEMENT, "summary.md")


def test_quoted_takes_off_the_formula_apostrophe_and_keeps_the_quote_closed() -> None:
    assert quoted("'=HYPERLINK(\"x\",\"click\")") == "“=HYPERLINK(\"x\",\"click\")”"
    assert quoted("he said “no” twice") == "“he said \"no\" twice”"
    assert quoted("'quoted' words") == "“'quoted' words”"


def test_alt_text_is_plain_text() -> None:
    chart = Chart("x", _figure(1.0), "Q: <img src=x onerror=alert(1)>\x00 25% agreed")
    assert chart.alt_text == "Q: ‹img src=x onerror=alert(1)› 25% agreed"
    assert 'alt="Q: ‹img src=x onerror=alert(1)› 25% agreed"' in chart._repr_html_()


def test_control_characters_are_removed_and_formulas_restored_only_where_defused() -> None:
    assert files.strip_controls("a\x00b\x1b[31mc\u202ed\te\x85f") == "ab[31mcd\te\x85f"
    assert files.restore_formula(files.neutralise_formula("=cmd|' /C calc'!A0")) == "=cmd|' /C calc'!A0"
    assert files.restore_formula("'tis the season") == "'tis the season"


# ---------------------------------------------------------------------------- the clean stage
def _export(tmp_path: Path, rows: list[str]) -> config.Consultation:
    """A small export; rows with a NUL come after 8 KB of others (a NUL in the first 8 KB is a binary file)."""
    raw = tmp_path / "data" / "raw" / "s"
    raw.mkdir(parents=True)
    filler = [f"f{i},Individual,Agree,Filler answer number {i} about the buses\r\n" for i in range(200)] \
        if any("\x00" in row for row in rows) else []
    (raw / "export.csv").write_bytes(("id,type,q1,comments\r\n" + "".join(filler + rows)).encode("utf-8"))
    return config.parse({
        "id": "s", "title": "S", "inputs": [{"path": "data/raw/s/export.csv"}], "id_column": "id",
        "questions": [{"id": "type", "column": "type", "type": "attribute",
                       "synonyms": {"individual": "Individual"}},
                      {"id": "q1", "column": "q1", "type": "closed", "scale": "agree5"},
                      {"id": "comments", "column": "comments", "type": "free_text"}]}, "s.yaml", tmp_path)


def test_the_cleaning_log_holds_no_personal_data(tmp_path: Path) -> None:
    cfg = _export(tmp_path, [
        "1,Individual,Agree,Call me on 07700  900561 or jane.smith@example.com  please\r\n",
        "2,Other: Jane Smith 07700 900789 jane@example.org,Agree ,The bus\x00 shelter\u202e is broken\r\n",
        "3,individual,Agree,\"Mrs Jane Smith of 14 Acacia Avenue, QQ 12 34 56 C\"\r\n",
    ])
    result = clean.run(cfg)
    log = (cfg.processed_dir / "cleaning_log.csv").read_text(encoding="utf-8")
    outputs = log + (cfg.processed_dir / "responses.csv").read_text(encoding="utf-8")
    for planted in ("900561", "900789", "jane.smith@", "jane@", "Jane Smith", "Acacia", "QQ 12 34 56 C", "\x00",
                    "\u202e"):
        assert planted not in outputs, planted
    responses = result.responses.set_index("respondent_id")
    assert responses.at["2", "type"] == "Other: [name] [phone] [email]"
    assert responses.at["2", "comments"] == "The bus shelter is broken"
    rules = result.log.loc[result.log["status"] == "changed"].set_index(["respondent_id", "rule"])
    assert rules.loc[("1", "whitespace"), "before"].startswith("sha256 ")
    assert "changed from character 18" in rules.loc[("1", "whitespace"), "before"]
    assert ("2", "control") in rules.index and ("2", "redact") in rules.index


def test_unmapped_labels_are_redacted_in_the_problem_line(tmp_path: Path) -> None:
    cfg = _export(tmp_path, ["1,Individual,Agree? call 07700 900123,fine\r\n"])
    problems = clean.check(cfg)
    assert len(problems) == 1 and "[phone]" in problems[0] and "900123" not in problems[0]


def test_a_ragged_row_is_an_error_naming_its_line_or_excluded_and_logged(tmp_path: Path) -> None:
    """A bare carriage return inside an unquoted answer split a row in two; the second half was published
    as a respondent whose type was an e-mail address."""
    cfg = _export(tmp_path, ["1,Individual,Agree,fine\r\n", "2,Individual,Agree,The bus\rjane@example.com\r\n",
                             "3,Individual,Disagree,ok\r\n"])
    with pytest.raises(ConsultError, match=r"export\.csv: line 4: 1 values where the header has 4 columns.*"
                                           r"cleaning\.ragged_rows: exclude"):
        clean.run(cfg)
    assert not cfg.processed_dir.exists()
    excluding = config.parse({**cfg.model_dump(mode="json"), "cleaning": {"ragged_rows": "exclude"}}, "s.yaml",
                             tmp_path)
    result = clean.run(excluding)
    assert result.totals() == {"raw": 4, "kept": 3, "excluded": 1, "changed": 0}
    excluded = result.log[result.log["status"] == "excluded"]
    assert excluded[["raw_row", "reason"]].values.tolist() == [
        [3, "row with the wrong number of values: 1 where the header has 4 (line 4)"]]
    assert result.log["raw_row"].tolist()[:4] == [1, 2, 3, 4]
    assert "jane@example.com" not in result.responses.to_csv()


# ---------------------------------------------------------------------------- one line, exit status 2
def _cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = cli.main(argv)
    return status, capsys.readouterr().err.splitlines()


def test_a_config_in_cp1252_or_a_folder_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "consultations" / "x.yaml"
    path.parent.mkdir()
    path.write_bytes("id: x\ntitle: Caf\xe9 consultation\n".encode("cp1252"))
    status, lines = _cli(["check", str(path)], capsys)
    assert status == 2 and len(lines) == 1 and "byte 17 is not UTF-8" in lines[0]
    status, lines = _cli(["run", str(path.parent)], capsys)
    assert status == 2 and lines == [f"consult: error: {path.parent}: is a folder, not a config file; give the "
                                     "path of consultations/<id>.yaml."]
    with pytest.raises(ConfigError):
        config.load(path)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the decisions file is empty"),
    (b"# emptied by mistake\n", "the decisions file is empty"),
    ("version: 1\nconsultation: caf\xe9\n".encode("cp1252"), "is not UTF-8"),
])
def test_an_empty_or_unreadable_review_file_is_an_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "x.review.yaml"
    path.write_bytes(content)
    with pytest.raises(ReviewError, match=message):
        review_file.read(path, "x")
    assert review_file.read(tmp_path / "missing.review.yaml", "x").decisions == ()


def test_an_output_that_cannot_be_written_is_one_line_and_leaves_the_old_one(tmp_path: Path) -> None:
    (tmp_path / "reports").write_text("a file where the folder should be")
    with pytest.raises(ConsultError, match=r"reports/x: cannot make this folder for the outputs"):
        files.write_text(tmp_path / "reports" / "x" / "summary.md", "text")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "summary.md").mkdir()  # a folder where the file should be
    with pytest.raises(ConsultError, match=r"summary\.md: cannot be written"):
        files.write_text(tmp_path / "out" / "summary.md", "text")
    assert (tmp_path / "out" / "summary.md").is_dir() and list((tmp_path / "out").iterdir()) == [
        tmp_path / "out" / "summary.md"]


# ---------------------------------------------------------------------------- reruns and interruptions
def test_executed_notebooks_are_reproducible(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", id="a1")])
    injected = nbformat.v4.new_code_cell("config_path = 'c.yaml'")
    injected.metadata["tags"] = ["injected-parameters"]
    injected.metadata["papermill"] = {"start_time": "2026-01-01T10:00:00", "duration": 1.5, "status": "completed"}
    injected.metadata["execution"] = {"iopub.status.busy": "2026-01-01T10:00:00"}
    notebook.cells.insert(0, injected)
    notebook.metadata["papermill"] = {"parameters": {"config_path": "c.yaml"}, "start_time": "t", "end_time": "t",
                                      "duration": 3.0, "version": "2.7.0", "output_path": "x.running.ipynb"}
    text = pipeline._reproducible(notebook, tmp_path / "01_clean.ipynb")
    saved = json.loads(text)
    assert saved["cells"][0]["id"] == "parameters-01_clean"
    assert saved["cells"][0]["metadata"]["papermill"] == {"status": "completed"}
    assert "execution" not in saved["cells"][0]["metadata"]
    assert saved["metadata"]["papermill"] == {"parameters": {"config_path": "c.yaml"}, "version": "2.7.0",
                                              "output_path": str(tmp_path / "01_clean.ipynb")}


def test_a_killed_run_s_half_written_notebook_is_removed(tmp_path: Path) -> None:
    (tmp_path / "01_clean.running.ipynb").write_text("{")
    (tmp_path / "01_clean.ipynb").write_text("{}")
    pipeline._remove_stale(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["01_clean.ipynb"]


def _sleep_then_fail(seconds: float) -> None:
    time.sleep(seconds)


def test_a_pool_left_by_an_interruption_stops_its_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(side_by_side, "cores", lambda: 3)
    monkeypatch.setattr(side_by_side, "FROM", 0)
    with pytest.raises(KeyboardInterrupt):
        with side_by_side.pool(3, 10, 1, "json") as executor:
            assert executor is not None
            executor.submit(_sleep_then_fail, 60)
            workers = list(executor._processes.values())
            raise KeyboardInterrupt
    for worker in workers:
        worker.join(timeout=60)  # a loaded machine can take a while to start a spawned worker, and then end it
    assert not any(worker.is_alive() for worker in workers)
    assert not set(multiprocessing.active_children()) & set(workers)  # other tests' children are not this pool's


def test_workers_leave_ctrl_c_to_their_parent() -> None:
    import signal

    previous = signal.getsignal(signal.SIGINT)
    try:
        side_by_side._worker_start()
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert os.getpid()  # the parent-death signal is asked of the kernel; nothing to see from here
