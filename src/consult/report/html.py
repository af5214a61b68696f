"""reports/<id>/report.html: the summary, then the text, tables and charts of the executed notebooks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import nbformat

from consult.core.config import Consultation
from consult.core.files import write_text


def write_html(cfg: Consultation, notebooks: Sequence[Path]) -> Path | None:
    """Write report.html: summary.md, then the cells of those ``notebooks`` that exist (the executed
    notebooks of the stages before the report; code hidden, since the report's own notebook repeats
    the summary). Returns its path, or ``None`` before the report stage has written summary.md.

    The pipeline writes it after the report's notebook rather than the stage in it: the stage need
    not load nbconvert for a page rewritten anyway.
    """
    summary = cfg.reports_dir / "summary.md"
    if not summary.exists():
        return None
    from nbconvert import HTMLExporter  # imported only when needed: a second to load

    # the cell's id is given, not drawn at random, so that the page is byte-identical from run to run
    summary_cell = nbformat.v4.new_markdown_cell(summary.read_text(encoding="utf-8"), id="summary")
    combined = nbformat.v4.new_notebook(cells=[summary_cell])
    for path in notebooks:
        if path.exists():
            notebook = nbformat.read(path, as_version=4)
            combined.cells.extend(notebook.cells)
            for key in ("kernelspec", "language_info"):
                if key in notebook.metadata:
                    combined.metadata.setdefault(key, notebook.metadata[key])
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(combined, resources={"metadata": {"name": cfg.title}})
    return write_text(cfg.reports_dir / "report.html", body)
