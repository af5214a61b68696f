"""The web pages' shared defences, and reports/<id>/notebooks.html: the executed notebooks as one page.

report.html, the publication, is :mod:`consult.report.page`'s. notebooks.html is the audit trail
made readable: the text, tables and charts of the executed notebooks of the stages before the
report, code hidden, with the project folder's absolute path taken out (paths read from the
project root). Everything respondents wrote can reach it (quotes, answers, labels), so it is made
inert twice over: its body is sanitised with an allow-list (:func:`sanitise`, nh3: no scripts, no
event handlers, no ``javascript:`` or remote addresses, images only as embedded PNG, JPEG or GIF),
and a Content-Security-Policy (:data:`CSP`) forbids scripts and every remote resource. nbconvert's
page scripts (require.js, MathJax, fetched from a CDN) are left out: the page needs none.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Sequence
from pathlib import Path

import nbformat
import nh3

from consult.core.config import Consultation
from consult.core.files import write_text

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
"""The pages' Content-Security-Policy: no script, frame, font, connection or remote resource; inline styles
and embedded images only. report.html adds its own script by hash (:func:`consult.report.page.policy`)."""

_TAGS = (nh3.ALLOWED_TAGS | {"main"}) - {"area", "map"}
_ATTRIBUTES = {
    "*": {"class", "id", "style", "title", "lang", "dir", "tabindex", "data-mime-type"},
    "a": {"href"}, "img": {"src", "alt", "width", "height"}, "table": {"border"},
    "td": {"colspan", "rowspan", "valign", "align"}, "th": {"colspan", "rowspan", "valign", "align", "scope"},
}
_IMAGES = ("data:image/png;", "data:image/jpeg;", "data:image/gif;")
_LINKS = ("#", "https://", "http://", "mailto:")
# the style pandas puts before every table it shows in a notebook: the body's <style> elements are removed (a
# style sheet can fetch, and inside <math> or <svg> browsers read markup in it), so it is given once in the head
_DATAFRAME_CSS = """<style>
    .dataframe tbody tr th:only-of-type {
        vertical-align: middle;
    }

    .dataframe tbody tr th {
        vertical-align: top;
    }

    .dataframe thead th {
        text-align: right;
    }
</style>"""
_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL | re.IGNORECASE)
_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.DOTALL | re.IGNORECASE)
_BODY_ATTRIBUTES = re.compile(r'\s+(class|data-jp-theme-light|data-jp-theme-name)="[^"<>]*"')


def _allowed_address(tag: str, attribute: str, value: str) -> str | None:
    """Keep an address only where it cannot load or run anything: images embedded, links to pages, styles
    that fetch nothing."""
    if attribute == "src":
        return value if tag == "img" and value.strip().lower().startswith(_IMAGES) else None
    if attribute == "href":
        return value if value.strip().lower().startswith(_LINKS) else None
    if attribute == "style" and re.search(r"url\(|expression\(|@import", value, re.IGNORECASE):
        return None
    return value


def sanitise(fragment: str) -> str:
    """An HTML fragment with only inert markup left: the allow-listed tags and attributes (no ``on*``
    handlers), ``<script>`` and ``<style>`` removed with their content, images only embedded (``data:image/png`` ...), links
    only to ``#anchors``, web pages and e-mail; comments removed."""
    return nh3.clean(fragment, tags=_TAGS, clean_content_tags={"script", "style"}, attributes=_ATTRIBUTES,
                     attribute_filter=_allowed_address, url_schemes={"http", "https", "mailto", "data"},
                     strip_comments=True)


def _page(title: str, exported: str) -> str:
    """The exported page rebuilt: the policy, nbconvert's styles, and the sanitised body."""
    head = exported.split("</head>", 1)[0]
    styles = "\n".join([*_STYLE.findall(head), _DATAFRAME_CSS])
    found = _BODY.search(exported)
    attributes, body = (found.group(1), found.group(2)) if found else ("", exported)
    kept = "".join(match.group(0) for match in _BODY_ATTRIBUTES.finditer(attributes))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1.0\">\n"
            f"<title>{html.escape(title)}</title>\n{styles}\n</head>\n<body{kept}>\n{sanitise(body)}\n</body>\n</html>\n")


def write_notebooks(cfg: Consultation, notebooks: Sequence[Path]) -> Path | None:
    """Write notebooks.html: the cells of those ``notebooks`` that exist (executed notebooks; code hidden),
    with the project folder's path (``cfg.project_root``) taken out of the text. Returns its path, or
    ``None`` when none of them exists yet.
    """
    found = [path for path in notebooks if path.exists()]
    if not found:
        return None
    from nbconvert import HTMLExporter  # imported only when needed: a second to load

    combined = nbformat.v4.new_notebook()
    for path in found:
        notebook = nbformat.read(path, as_version=4)
        combined.cells.extend(notebook.cells)
        for key in ("kernelspec", "language_info"):
            if key in notebook.metadata:
                combined.metadata.setdefault(key, notebook.metadata[key])
    exporter = HTMLExporter(template_name="lab", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(combined, resources={"metadata": {"name": cfg.title}})
    root = str(cfg.project_root)
    body = body.replace(root + os.sep, "").replace(root, ".")
    return write_text(cfg.reports_dir / "notebooks.html", _page(f"{cfg.title}: the analysis notebooks", body))
