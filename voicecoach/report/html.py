"""The report as one self-contained HTML file: a pure function from a Report to text.

Everything is inline (the style sheet, the SVG charts, and by default each answer's audio as a base64 data URI),
so the file opens offline, from any folder, in any browser, and can be mailed or archived as it is. Every piece of
text from a session is escaped: a transcript is the person's words and may hold anything.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape
from pathlib import Path

from voicecoach.report.charts import Series, line_chart
from voicecoach.report.model import CoveredItem, Delivery, Report, ReportRound, ReportSession

PALETTE = (
    ("#0072B2", "#cfe6f6"),
    ("#E69F00", "#fde7b8"),
    ("#009E73", "#c5efe1"),
    ("#CC79A7", "#f5dcea"),
    ("#D55E00", "#fbd6bf"),
    ("#56B4E9", "#d9effb"),
    ("#999933", "#eeeecc"),
)
"""(line, highlight) colour pairs, one per checklist item in the pack's order: the Okabe-Ito colours, which stay
apart for the common kinds of colour blindness, with light tints for highlighting text."""

AUDIO_MIME = {".flac": "audio/flac", ".wav": "audio/wav", ".ogg": "audio/ogg", ".mp3": "audio/mpeg"}
"""Media types for the audio files a round may point at."""

STYLE = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d232a;max-width:860px;margin:2em auto;
padding:0 1em;background:#fafbfc}
h1{font-size:1.6em;margin:.2em 0}h2{font-size:1.3em;margin-top:2em;border-bottom:2px solid #dde3ea}
h3{font-size:1.05em;margin:.2em 0}.meta{color:#5b6670}
.round{background:#fff;border:1px solid #dde3ea;border-radius:8px;padding:1em 1.2em;margin:1em 0}
.prompt{font-style:italic;color:#3a4550}.transcript{font-size:1.05em;margin:.6em 0;padding:.6em .8em;
background:#f4f6f8;border-radius:6px}mark{padding:.05em .15em;border-radius:3px;color:inherit}
.legend-list{display:flex;flex-wrap:wrap;gap:.4em 1em;list-style:none;padding:0}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin-right:.3em}
ul.items{padding-left:1.2em}.missed li{margin:.3em 0}.say{display:block;color:#1b5e20}
table.delivery{border-collapse:collapse;margin:.4em 0}table.delivery td{padding:.1em .8em .1em 0}
.roleplay p{margin:.2em 0}.who{font-weight:600}.note{color:#5b6670;font-size:.9em}
audio{width:100%;margin:.4em 0}.chart{width:100%;height:auto;background:#fff;border:1px solid #dde3ea;
border-radius:8px}.chart .grid{stroke:#e3e8ee}.chart .tick,.chart .legend{font-size:11px;fill:#5b6670}
.chart .legend{fill:#1d232a}.incomplete{color:#b3261e}
"""
"""The page's style sheet, inline."""


def render(report: Report, *, link_audio: bool = False) -> str:
    """The report as one HTML page; link_audio points the players at the audio files instead of embedding them."""
    colours = {item_id: PALETTE[n % len(PALETTE)] for n, (item_id, _) in enumerate(report.items)}
    body = [
        f"<h1>{escape(report.title)}</h1>",
        f'<p class="meta">{escape(report.generated)}</p>' if report.generated else "",
        _legend(report.items, colours),
        _charts(report, colours),
    ]
    for session in report.sessions:
        body.append(_session(session, colours, link_audio=link_audio))
    if not report.sessions:
        body.append("<p>No practice sessions stored yet: run <code>voicecoach practice</code>.</p>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # nothing in the page may load anything: a stray URL in user text must stay text
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "img-src data:; media-src data: file:\">"
        f"<title>{escape(report.title)}</title><style>{STYLE}</style></head>\n"
        f"<body>\n{''.join(body)}\n</body></html>\n"
    )


def _legend(items: Sequence[tuple[str, str]], colours: dict[str, tuple[str, str]]) -> str:
    entries = "".join(
        f'<li><span class="swatch" style="background:{colours[i][1]};border:2px solid {colours[i][0]}"></span>'
        f"{escape(title)}</li>"
        for i, title in items
    )
    return f'<section id="legend"><h3>The close checklist</h3><ul class="legend-list">{entries}</ul></section>'


def _charts(report: Report, colours: dict[str, tuple[str, str]]) -> str:
    points = report.progress
    if not points:
        return ""
    labels = [p.label for p in points]
    coverage = [
        Series(title, colours[i][0], tuple(p.coverage.get(i) for p in points)) for i, title in report.items
    ]
    moves = line_chart(labels, coverage, title="Progress per closing move: share of answers that covered it",
                       y_max=1.0, percent=True)
    pace = line_chart(labels, [Series("words per minute", "#0072B2", tuple(p.wpm for p in points))],
                      title="Pace: words per minute")
    habits = line_chart(
        labels,
        [
            Series("fillers per 100 words", "#D55E00", tuple(p.fillers_per_100 for p in points)),
            Series("long pauses per answer", "#009E73", tuple(p.long_pauses for p in points)),
        ],
        title="Fillers and long pauses",
    )
    return (
        f'<section id="progress"><h2>Progress over {"the latest " if len(points) > 1 else ""}{len(points)} '
        f'session{"s" if len(points) != 1 else ""}</h2>'
        f"<h3>Each closing move: how often it was covered</h3>{moves}"
        f"<h3>Delivery</h3>{pace}{habits}</section>"
    )


def _session(session: ReportSession, colours, *, link_audio: bool) -> str:
    head = (
        f'<section class="session" id="session-{escape(session.id)}"><h2>Session {escape(session.started)}</h2>'
        f'<p class="meta">{len(session.rounds)} round{"s" if len(session.rounds) != 1 else ""}'
        + (f" · recognizer {escape(session.recognizer)}" if session.recognizer else "")
        + f" · pack {escape(session.pack)} · id {escape(session.id)}</p>"
    )
    return head + "".join(_round(r, colours, link_audio=link_audio) for r in session.rounds) + "</section>"


def _round(r: ReportRound, colours, *, link_audio: bool) -> str:
    retry = f" (try {r.attempt})" if r.attempt > 1 else ""
    parts = [
        f'<article class="round"><h3>Round {r.number}{retry}</h3>',
        f'<p class="prompt">Interviewer: {escape(r.prompt)}</p>',
    ]
    if not r.complete:
        parts.append('<p class="incomplete">This answer was cut off before it was assessed.</p>')
    parts.append(_audio(r.audio, link=link_audio))
    said = highlight(r.transcript, r.covered, colours) or "<em>(nothing heard)</em>"
    parts.append(f'<p class="transcript">{said}</p>')
    if r.covered:
        rows = "".join(
            f'<li><span class="swatch" style="background:{colours.get(c.id, PALETTE[0])[0]}"></span>'
            f"{escape(c.title)}" + (f": “{escape(c.evidence)}”" if c.evidence else ' <span class="note">(in the '
                                    "answer to the interviewer’s doubt)</span>") + "</li>"
            for c in r.covered
        )
        parts.append(f'<h4>Covered</h4><ul class="items covered">{rows}</ul>')
    if r.missed:
        rows = "".join(
            f"<li><strong>{escape(m.title)}</strong>: {escape(m.tip)}"
            f'<span class="say">Try saying: “{escape(m.example)}”</span></li>'
            for m in r.missed
        )
        parts.append(f'<h4>Missed</h4><ul class="items missed">{rows}</ul>')
    if r.delivery:
        parts.append(_delivery(r.delivery))
    if r.roleplay:
        lines = "".join(
            f'<p><span class="who">{"Interviewer" if e.speaker == "interviewer" else "You"}:</span> {escape(e.text)}'
            + (f' <span class="note">({escape(e.note)})</span>' if e.note else "") + "</p>"
            for e in r.roleplay
        )
        answer = _audio(r.rebuttal_audio, link=link_audio) if r.rebuttal_audio else ""
        parts.append(f'<h4>Role-play</h4><div class="roleplay">{lines}{answer}</div>')
    if r.feedback:
        parts.append(f'<h4>The coach said</h4><p class="feedback">{escape(r.feedback)}</p>')
    parts.append("</article>")
    return "".join(parts)


def _audio(path: Path | None, *, link: bool) -> str:
    if path is None:
        return '<p class="note">No audio kept for this answer.</p>'
    if not path.is_file():
        return f'<p class="note">The audio file is gone: {escape(str(path))}</p>'
    mime = AUDIO_MIME.get(path.suffix.lower(), "application/octet-stream")
    if link:
        src = path.resolve().as_uri()
    else:
        src = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<audio controls preload="metadata" src="{escape(src)}"></audio>'


def _delivery(d: Delivery) -> str:
    rows = [("Words", str(d.words))]
    if d.wpm is not None:
        rows.append(("Pace", f"{d.wpm:.0f} words per minute"))
    if d.duration_s is not None:
        rows.append(("Length", f"{d.duration_s:.1f} s"))
    if d.fillers_per_100 is None:
        rows.append(("Fillers", "not counted (this recognizer drops them)"))
    else:
        which = ", ".join(f"{w} ×{n}" for w, n in d.fillers)
        rows.append(("Fillers", f"{d.fillers_per_100:.1f} per 100 words" + (f" ({which})" if which else "")))
    if d.hedges:
        rows.append(("Hedges", ", ".join(f"“{h}”" for h in d.hedges)))
    if d.long_pauses is not None:
        longest = f", longest {d.longest_pause_s:.1f} s" if d.long_pauses and d.longest_pause_s else ""
        rows.append(("Long pauses", f"{d.long_pauses}{longest}"))
    cells = "".join(f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<h4>Delivery</h4><table class="delivery">{cells}</table>'


def evidence_spans(transcript: str, covered: Sequence[CoveredItem]) -> list[tuple[int, int, str]]:
    """Where each item's evidence is in the transcript: (start, end, item id), for evidence found in it."""
    folded = transcript.casefold()
    spans = []
    for item in covered:
        if not item.evidence:
            continue
        start = transcript.find(item.evidence)
        if start < 0:  # the matcher may quote with other capitals than the transcript
            start = folded.find(item.evidence.casefold())
        if start >= 0:
            spans.append((start, start + len(item.evidence), item.id))
    return spans


def highlight(transcript: str, covered: Sequence[CoveredItem], colours: dict[str, tuple[str, str]]) -> str:
    """The transcript as escaped HTML, each item's evidence in a <mark> of its colour (overlaps underlined too)."""
    spans = evidence_spans(transcript, covered)
    names = {c.id: c.title for c in covered}
    cuts = sorted({0, len(transcript), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        text = escape(transcript[a:b])
        ids = [i for s, e, i in spans if s <= a and b <= e]
        if not ids:
            out.append(text)
            continue
        line, tint = colours.get(ids[0], PALETTE[0])
        under = colours.get(ids[1], PALETTE[0])[0] if len(ids) > 1 else line
        out.append(
            f'<mark class="evidence" data-items="{escape(" ".join(ids))}" '
            f'title="{escape(", ".join(names[i] for i in ids))}" '
            f'style="background:{tint};border-bottom:3px solid {under}">{text}</mark>'
        )
    return "".join(out)
