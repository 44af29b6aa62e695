"""The pages ``marco serve`` writes around the documents: the index, the bar
and the reload script put into each document's HTML, and the error overlay
that lists a failed build's ``path:line: error:`` with their source lines.
Every text from the content or the build is escaped."""

from __future__ import annotations

import json
from html import escape
from ..errors import Problem
from .site import KindState, Page, Site

STYLE = """
#marco-bar { position: fixed; top: 0; right: 0; z-index: 1000; font: 13px sans-serif;
  background: #f3f3f3; border: 1px solid #ccc; border-top: 0; border-right: 0;
  padding: 4px 10px; }
#marco-bar a { margin-left: 8px; }
#marco-errors { position: fixed; inset: 0; z-index: 999; overflow: auto; background:
  rgba(255, 255, 255, 0.96); font: 14px sans-serif; padding: 40px 48px; }
#marco-errors h1 { color: #a00000; font-size: 20px; }
#marco-errors .error { margin: 18px 0; }
#marco-errors .where { font-family: monospace; font-weight: bold; }
#marco-errors pre { background: #f6f6f6; border-left: 3px solid #a00000; padding: 6px 10px;
  margin: 6px 0; white-space: pre-wrap; }
#marco-errors pre .at { background: #ffe0e0; }
@media print { #marco-bar, #marco-errors { display: none; } }
"""

#: Reloads the page when it has changed since it was served: the index on
#: any rebuild, a document when its own version moved (the events come from
#: the page's own host, whatever address the server has).
RELOAD = """<script>
(function () {
  var page = %s, served = %d;
  var events = new EventSource("/events");
  events.onmessage = function (event) {
    var now = JSON.parse(event.data);
    if ((page === null ? now.generation : now.pages[page]) !== served) { location.reload(); }
  };
})();
</script>"""


def reload_script(page_id: str | None, served: int) -> str:
    """The reload script of a document's page (``served``: its version) or,
    without ``page_id``, of the index (``served``: the generation)."""
    return RELOAD % (json.dumps(page_id), served)


def index_page(site: Site) -> str:
    """Every document by kind, with its kind's state."""
    rows = []
    for state in site.kinds.values():
        status = _status(state)
        links = "".join(f'<li><a href="/doc/{escape(page.id)}">{escape(page.id)}</a></li>'
                        for page in state.pages.values())
        rows.append(f"<h2>{escape(state.kind.description)} <small>{escape(status)}</small></h2>"
                    f"<ul>{links or '<li>(none)</li>'}</ul>")
    return _shell("marco: documents", "".join(rows), site.generation)


def _status(state: KindState) -> str:
    if state.internal:
        return "internal error"
    if state.problems:
        return f"{len(state.problems)} error{'s' if len(state.problems) > 1 else ''}"
    return f"{len(state.pages)} document{'' if len(state.pages) == 1 else 's'}"


def document_page(html: str, page: Page, state: KindState) -> str:
    """The document's HTML with the bar, the reload script and, when its
    kind's last build failed, the error overlay over it."""
    name = escape(page.id)
    bar = (f'<div id="marco-bar"><a href="/">index</a>'
           f'<a href="/download/{name}.docx">DOCX</a><a href="/download/{name}.pdf">PDF</a>'
           f'<a href="/diff/{name}">changes since the last commit</a></div>')
    overlay = error_overlay(state) if state.problems or state.internal else ""
    extra = f"<style>{STYLE}</style>{bar}{overlay}{reload_script(page.id, page.version)}"
    head, found, tail = html.rpartition("</body>")
    return f"{head}{extra}{found}{tail}" if found else html + extra


def error_overlay(state: KindState) -> str:
    """Every error of the kind's last build, each with its source lines as
    they were when it was built."""
    if state.internal:
        items = [f'<div class="error"><span class="where">internal error (a bug in marco)'
                 f"</span>: {escape(state.internal)} (the terminal shows the traceback)</div>"]
    else:
        items = [_problem(problem, state.excerpts.get(problem, [])) for problem in state.problems]
    return (f'<div id="marco-errors"><h1>The last version could not be built</h1>'
            f"<p>Fix the file and the page comes back by itself. "
            f"<button onclick=\"document.getElementById('marco-errors').remove()\">Show "
            f"the last good version</button></p>{''.join(items)}</div>")


def _problem(problem: Problem, lines: list[tuple[int, str]]) -> str:
    shown = "".join(f'<span class="{"at" if number == problem.pos.line else ""}">'
                    f"{number:>5} | {escape(text)}</span>\n" for number, text in lines)
    return (f'<div class="error"><span class="where">{escape(str(problem))}</span>'
            + (f"<pre>{shown}</pre>" if shown else "") + "</div>")


def _shell(title: str, body: str, generation: int) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>body {{ font: 15px sans-serif; "
            f"margin: 32px; }} small {{ color: #666; font-weight: normal; }}</style></head>"
            f"<body><h1>{escape(title)}</h1>{body}{reload_script(None, generation)}</body></html>")
