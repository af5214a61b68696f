"""Finding anything live in an output: what the XSS tests scan summary.md, report.html, the Office files'
XML, the figures and the executed notebooks with.

"Live" means something a browser, Word or Excel would run or fetch: a script (but report.html's own explorer
script, and JSON data blocks that cannot close themselves), an event handler, a
``javascript:``/``vbscript:``/``data:`` address (images embedded as PNG, JPEG or GIF aside), a remote
resource (an image, a style sheet, a frame), a meta refresh, a formula or an external link in an
Office file. Links to web pages are not live.
"""

from __future__ import annotations

import html
import json
import re
import zipfile
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path

from consult.report import page

# a selection from the OWASP XSS filter evasion cheat sheet, plus Markdown's own ways to a link or an image
XSS_VECTORS = (
    "<script>alert('xss01')</script>",
    "<img src=x onerror=alert('xss02')>",
    "<svg onload=alert('xss03')>",
    "<svg/onload=alert('xss04')>",
    "<body onload=alert('xss05')>",
    "<iframe src=\"javascript:alert('xss06')\"></iframe>",
    "<a href=\"javascript:alert('xss07')\">click</a>",
    "<a href=\"jav&#x09;ascript:alert('xss08')\">tab</a>",
    "<IMG SRC=\"jav&#x0A;ascript:alert('xss09');\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#49;&#41;>",
    "&lt;script&gt;alert('xss11')&lt;/script&gt;",
    "[click me](javascript:alert('xss12'))",
    "![tracker](https://tracker.example/pixel.gif)",
    "<img src=\"https://tracker.example/p.gif\">",
    "\"><script>alert('xss15')</script>",
    "'><img src=x onerror=alert('xss16')>",
    "<div style=\"background-image:url(javascript:alert('xss17'))\">styled</div>",
    "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data link</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('xss20')>",
    "<details open ontoggle=alert('xss21')>",
    "<input autofocus onfocus=alert('xss22')>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('xss23')\">",
    "<link rel=stylesheet href=\"https://evil.example/x.css\">",
    "<<SCRIPT>alert('xss25');//<</SCRIPT>",
    "<scr<script>ipt>alert('xss26')</scr</script>ipt>",
    "<a href=\"&#14;javascript:alert('xss27')\">x</a>",
    "[a](<javascript:alert('xss28')>)",
    "<style>@import 'https://evil.example/y.css';</style>",
    "<svg><a xlink:href=\"javascript:alert('xss30')\"><text>t</text></a></svg>",
)

_LIVE_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "link",
              "foreignobject", "portal"}
_ADDRESSES = {"href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "srcset", "lowsrc",
              "dynsrc", "ping", "cite"}
_LOADS = {"src", "srcset", "background", "poster", "data", "lowsrc", "dynsrc"}
_SAFE_IMAGE = re.compile(r"^data:image/(?:png|jpeg|gif);")


def _address(value: str) -> str:
    """An attribute's address as a browser reads it: entities decoded, control characters and spaces dropped."""
    return re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()


class _Scanner(HTMLParser):
    def __init__(self, trusted_scripts: Collection[str] = ()) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []
        self._style = 0
        self._trusted = set(trusted_scripts)
        self._script: tuple[str, list[str]] | None = None  # an open <script>'s type and text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        if tag == "script" and not any(n.lower() == "src" for n, _ in attrs):
            kind = next(((v or "").lower() for n, v in attrs if n.lower() == "type"), "")
            self._script = (kind, [])  # judged by its text at </script>
        elif tag in _LIVE_TAGS:
            self.live.append(f"<{tag}>")
        if tag == "style":
            self._style += 1
        if tag == "meta" and any(n.lower() == "http-equiv" and (v or "").lower() == "refresh" for n, v in attrs):
            self.live.append("<meta refresh>")
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}=>")
            if name == "style" and re.search(r"url\(|expression\(|@import", html.unescape(value), re.IGNORECASE):
                self.live.append(f"<{tag} style=url()>")
            if name in _ADDRESSES:
                address = _address(value)
                if address.startswith(("javascript:", "vbscript:", "livescript:")):
                    self.live.append(f"<{tag} {name}=javascript:>")
                elif address.startswith("data:") and not (tag == "img" and _SAFE_IMAGE.match(address)):
                    self.live.append(f"<{tag} {name}=data:>")
                elif name in _LOADS and address.startswith(("http:", "https:", "//", "ftp:")):
                    self.live.append(f"<{tag} {name}=remote>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() == "style" and self._style:
            self._style -= 1
        if tag.lower() == "script" and self._script is not None:
            kind, parts = self._script
            text = "".join(parts)
            self._script = None
            if kind == "application/json":  # a data block: inert while it is JSON that cannot close itself
                try:
                    json.loads(text)
                except ValueError:
                    self.live.append("<script type=application/json> that is not JSON")
                if "<" in text:
                    self.live.append("<script type=application/json> with a raw <")
            elif text not in self._trusted:
                self.live.append("<script>")

    def close(self) -> None:
        super().close()
        if self._script is not None:  # never closed: a browser runs it to the end of the page
            self.live.append("<script>")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
            return
        if self._style and re.search(r"@import|url\(\s*['\"]?(?:https?:|//|javascript:)|expression\(", data, re.I):
            self.live.append("<style> fetching or running")
        if self._style and re.search(r"<[a-z!/]", data, re.I):  # inside <math> or <svg>, browsers parse it as markup
            self.live.append("markup inside <style>")


def live_in_html(text: str, trusted_scripts: Collection[str] = ()) -> list[str]:
    """What in an HTML (or SVG) text a browser would run or fetch. A ``<script>`` is live unless its text is
    one of ``trusted_scripts`` (report.html's own) or it is a JSON data block that parses and holds no ``<``."""
    scanner = _Scanner(trusted_scripts)
    scanner.feed(text)
    scanner.close()
    if re.search(r"<style[^>]*>(?:(?!</style>).)*?<(?!/style>)[a-z!/]", text, re.IGNORECASE | re.DOTALL) \
            and "markup inside <style>" not in scanner.live:  # an unclosed <style> the parser never hands over
        scanner.live.append("markup inside <style>")
    return scanner.live


def live_in_markdown(text: str) -> list[str]:
    """What in a Markdown text would be live once rendered (as report.html renders summary.md)."""
    from nbconvert.filters.markdown import markdown2html_mistune

    return live_in_html(markdown2html_mistune(text))


def live_in_notebook(path: Path) -> list[str]:
    """Live HTML, SVG, Markdown or JavaScript in an executed notebook's outputs."""
    found = []
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for kind, value in data.items():
                text = "".join(value) if isinstance(value, list) else str(value)
                if kind in ("text/html", "image/svg+xml"):
                    found += [f"{path.name}: {item}" for item in live_in_html(text)]
                elif kind == "text/markdown":
                    found += [f"{path.name}: {item}" for item in live_in_markdown(text)]
                elif "javascript" in kind:
                    found.append(f"{path.name}: {kind} output")
    return found


def live_in_office(path: Path) -> list[str]:
    """Formulas, fields, external links or macros in a .docx or .xlsx; the page-number fields consult
    writes in a footer (PAGE, NUMPAGES) are the only fields allowed."""
    found = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".bin") or "vbaProject" in name:
                found.append(f"{path.name}: {name}")
            if not name.endswith((".xml", ".rels")):
                continue
            text = archive.read(name).decode("utf-8")
            if name.endswith(".rels") and 'TargetMode="External"' in text:
                found.append(f"{path.name}: {name}: an external link")
            fields = re.findall(r"<(?:\w+:)?instrText[^>]*>([^<]*)<", text)
            page_numbers = name.startswith("word/footer") and all(f.strip() in ("PAGE", "NUMPAGES") for f in fields)
            if re.search(r"<(?:\w+:)?(?:f|fldSimple)[ >]", text) or (fields and not page_numbers):
                found.append(f"{path.name}: {name}: a formula or field")
            for cell in re.findall(r"<(?:\w+:)?t(?: [^>]*)?>([^<]*)</(?:\w+:)?t>", text):
                if path.suffix == ".xlsx" and html.unescape(cell).startswith(("=", "+", "@", "-")) \
                        and not re.fullmatch(r"-?\d+(?:\.\d+)?%?", html.unescape(cell)):
                    found.append(f"{path.name}: {name}: a cell that is a formula: {cell[:40]!r}")
    return found


def office_text(path: Path) -> str:
    """Every XML part of a .docx or .xlsx, entities decoded: where personal data would show."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(html.unescape(archive.read(n).decode("utf-8")) for n in archive.namelist()
                         if n.endswith((".xml", ".rels")))


def live_in_file(path: Path) -> list[str]:
    """Anything live in one output file, by its kind."""
    if path.suffix in (".docx", ".xlsx"):
        return live_in_office(path)
    if path.suffix == ".ipynb":
        return live_in_notebook(path)
    text = path.read_text(encoding="utf-8") if path.suffix not in (".png",) else ""
    if path.suffix in (".html", ".svg"):
        return [f"{path.name}: {item}" for item in live_in_html(text, (page.script(),))]
    if path.suffix == ".md":
        return [f"{path.name}: {item}" for item in live_in_markdown(text)]
    if path.name.endswith(".alt.txt") and re.search(r"<[A-Za-z!/]", text):  # plain text, markup-free
        return [f"{path.name}: markup in alt text"]
    return []


def readable_text(path: Path) -> str:
    """A file's text as a reader or a parser would see it (Office parts unzipped), for finding personal data."""
    if path.suffix in (".docx", ".xlsx"):
        return office_text(path)
    if path.suffix == ".png":
        return ""
    return html.unescape(path.read_text(encoding="utf-8"))
