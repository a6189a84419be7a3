"""The HTML report: rendered from plain data (escaping, highlights, audio, charts), written by `voicecoach report`
from the store, and loaded in a real browser (headless Chromium)."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers import ROOT, run_cli
from voicecoach.cli import main
from voicecoach.report.charts import Series, line_chart
from voicecoach.report.html import PALETTE, evidence_spans, render
from voicecoach.report.model import (
    CoveredItem,
    Delivery,
    Exchange,
    MissedItem,
    ProgressPoint,
    Report,
    ReportRound,
    ReportSession,
)

ITEMS = (("want_the_job", "Say you want the job"), ("next_steps", "Learn the next steps"))
SCREENSHOT_COPY = Path(os.environ.get("VOICECOACH_TEST_ARTIFACTS", "/tmp/voicecoach-test-artifacts"))
"""Where the browser test copies its screenshot, so a person (or CI) can look at it after the run."""


def a_round(transcript: str, covered: tuple[CoveredItem, ...], audio: Path | None = None) -> ReportRound:
    return ReportRound(
        number=1, prompt="Do you have any questions for us?", transcript=transcript, covered=covered,
        missed=(MissedItem("next_steps", "Learn the next steps", "Ask what happens next.",
                           "What are the next steps, and when can I expect to hear from you?"),),
        delivery=Delivery(words=12, wpm=141.5, duration_s=5.1, fillers_per_100=8.3, fillers=(("um", 1),),
                          hedges=("i guess",), long_pauses=1, longest_pause_s=1.6),
        roleplay=(Exchange("interviewer", "Honestly, you have not managed a team."),
                  Exchange("you", "I led the migration <b>team</b> of four.", note="removes doubt")),
        feedback="You said you want it.", audio=audio,
    )  # fmt: skip


def a_report(*rounds: ReportRound, progress: tuple[ProgressPoint, ...] = ()) -> Report:
    return Report(sessions=(ReportSession("7", "2026-12-06 09:58", rounds, recognizer="sphinx"),), items=ITEMS,
                  progress=progress)


def test_a_transcript_is_escaped_everywhere_and_nothing_is_fetched() -> None:
    hostile = '<script>alert(1)</script> I really want this job "&" <img src=http://x/y.png>'
    covered = (CoveredItem("want_the_job", "Say you want the job", "I really want this job"),)
    page = render(a_report(a_round(hostile, covered)))
    assert "<script" not in page and "<img" not in page and "<b>team</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "&lt;b&gt;team&lt;/b&gt;" in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # no network: every resource is inline
    assert "default-src 'none'" in page


def test_each_covered_item_is_highlighted_in_its_own_colour() -> None:
    text = "I really want this job. Could you tell me what the next steps are?"
    covered = (CoveredItem("want_the_job", "Say you want the job", "I really want this job"),
               CoveredItem("next_steps", "Learn the next steps", "what the next steps are"))
    page = render(a_report(a_round(text, covered)))
    mark = r'<mark class="evidence" data-items="([^"]+)"[^>]*style="background:([^;]+);[^>]*>([^<]*)</mark>'
    marks = re.findall(mark, page)
    assert marks == [("want_the_job", PALETTE[0][1], "I really want this job"),
                     ("next_steps", PALETTE[1][1], "what the next steps are")]  # fmt: skip
    assert page.count('class="swatch"') >= 2 + len(covered)  # the legend and the covered list


def test_overlapping_and_missing_evidence() -> None:
    text = "i want this job so what happens next"
    covered = (CoveredItem("want_the_job", "t", "I want this job so"),
               CoveredItem("next_steps", "t", "so what happens next"),
               CoveredItem("clarify_doubts", "t", "said to the interviewer's doubt"))
    assert evidence_spans(text, covered) == [(0, 18, "want_the_job"), (16, 36, "next_steps")]
    page = render(a_report(a_round(text, covered)))
    assert 'data-items="want_the_job next_steps"' in page  # the shared words carry both
    assert "(in the answer to the interviewer’s doubt)" not in page  # evidence given, just not in the transcript
    assert "said to the interviewer&#x27;s doubt" in page


def test_missed_items_say_the_sentence_to_say_and_delivery_and_roleplay_show() -> None:
    page = render(a_report(a_round("Thanks for your time.", ())))
    assert "Try saying: “What are the next steps, and when can I expect to hear from you?”" in page
    assert "141 words per minute" in page or "142 words per minute" in page
    assert "8.3 per 100 words (um ×1)" in page and "“i guess”" in page and "longest 1.6 s" in page
    assert "Honestly, you have not managed a team." in page and "(removes doubt)" in page


def test_fillers_not_counted_say_so() -> None:
    r = a_round("Thanks.", ())
    page = render(a_report(ReportRound(**{**r.__dict__, "delivery": Delivery(words=1, fillers_per_100=None)})))
    assert "not counted (this recognizer drops them)" in page


def test_audio_is_embedded_as_a_data_uri_or_linked(tmp_path: Path) -> None:
    flac = tmp_path / "answer.flac"
    flac.write_bytes(b"fLaC\x00\x00\x00\x22" + bytes(range(256)))
    page = render(a_report(a_round("Hi.", (), audio=flac)))
    src = re.search(r'<audio controls preload="metadata" src="data:audio/flac;base64,([^"]+)"', page)
    assert src and base64.b64decode(src.group(1)) == flac.read_bytes()
    linked = render(a_report(a_round("Hi.", (), audio=flac)), link_audio=True)
    assert f'src="{flac.resolve().as_uri()}"' in linked and "base64" not in linked
    r = a_round("Hi.", (), audio=flac)
    both = render(a_report(ReportRound(**{**r.__dict__, "rebuttal_audio": flac})))
    assert both.count("<audio controls") == 2  # the answer, and the answer to the interviewer's doubt
    assert both.index("<audio", both.index('class="roleplay"')) > 0
    gone = render(a_report(a_round("Hi.", (), audio=tmp_path / "gone.flac")))
    assert "<audio" not in gone and "The audio file is gone" in gone


def test_charts_draw_a_line_per_move_and_the_delivery() -> None:
    points = tuple(ProgressPoint(f"12-0{n}", {"want_the_job": n / 4, "next_steps": 0.0}, wpm=120 + n,
                                 fillers_per_100=5 - n, long_pauses=1.0) for n in range(1, 5))  # fmt: skip
    page = render(a_report(a_round("Hi.", ()), progress=points))
    assert page.count("<svg") == 3 and page.count("<polyline") == 2 + 1 + 2
    assert "Say you want the job, 12-04: 100%" in page


def test_a_chart_puts_values_where_they_belong() -> None:
    svg = line_chart(["a", "b"], [Series("s", "#000", (0.0, 1.0))], title="t", y_max=1.0, percent=True)
    (points,) = re.findall(r'points="([^"]+)"', svg)
    (x0, y0), (x1, y1) = (map(float, p.split(",")) for p in points.split())
    assert x0 < x1 and y0 > y1  # 0 at the bottom, 100 % at the top
    assert "<title>t</title>" in svg


# ---------------------------------------------------------------- from the store, through the CLI


def store_sessions(home: Path, n_sessions: int = 3) -> list[int]:
    """Sessions saved through the store's own write API, each round with a FLAC answer (made from a demo WAV)."""
    import soundfile

    from voicecoach.store import Store

    data, rate = soundfile.read(ROOT / "audio/demo/answer-1.wav", dtype="int16")
    ids = []
    with Store.open(home) as store:
        for s in range(n_sessions):
            ts = time.time() - 86400 * (n_sessions - s)
            sid = store.begin_session(pack="closing", recognizer="sphinx", rounds_planned=2, ts=ts)
            for number, (text, evidence) in enumerate([
                ("I really want this job. <b>What</b> are the next steps?",
                 {"want_the_job": "I really want this job",
                  "next_steps": "What</b> are the next steps" if s else None}),
                ("Do you have any reservations about me?", {"reservations": "Do you have any reservations about me"}),
            ], 1):  # fmt: skip
                flac = home / "audio" / str(sid) / f"round-{number}.flac"
                flac.parent.mkdir(parents=True, exist_ok=True)
                soundfile.write(flac, data, rate, format="FLAC")
                rid = store.start_round(sid, number=number, attempt=1, prompt="Do you have any questions for us?",
                                        audio_path=flac, ts=ts + number)
                items = {i: {"covered": bool(evidence.get(i)), "score": 80.0 if evidence.get(i) else 0.0,
                             "confidence": None, "evidence": evidence.get(i)}
                         for i in ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")}
                delivery = {"words": 9, "wpm": 130.0 + 10 * s, "duration_s": 4.2,
                            "fillers": {"count": 1, "per_100_words": 11.1 - s, "which": {"um": 1}}, "hedges": [],
                            "long_pauses": {"count": 0, "longest_s": None}, "fillers_trusted": True}
                store.save_assessment(rid, transcript=text, words=[], answer_s=4.2, keeps_fillers=True, items=items,
                                      delivery=delivery, questions=[])
                store.update_round(rid, feedback_spoken="Ask what the next steps are.", complete=1)
            store.end_session(sid, ts=ts + 60)
            ids.append(sid)
    return ids


def test_report_last_writes_one_file_in_the_data_folder(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path))
    ids = store_sessions(tmp_path)
    assert main(["report", "--last"]) == 0
    out = capsys.readouterr().out
    path = tmp_path / "reports" / f"session-{ids[-1]}.html"
    assert out.startswith(f"{path}  (") and path.is_file()
    page = path.read_text()
    assert page.count("<audio controls") == 2 and page.count('class="round"') == 2
    assert "&lt;b&gt;" in page and "What&lt;/b&gt; are" in page and "<b>" not in page
    assert page.count("<svg") == 3


def test_report_all_and_one_session_and_errors(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path))
    assert main(["report"]) == 2
    assert "no practice sessions stored yet" in capsys.readouterr().err
    ids = store_sessions(tmp_path)
    assert main(["report", "--all", "--link-audio"]) == 0
    page = (tmp_path / "reports" / "all-sessions.html").read_text()
    assert page.count('class="session"') == 3 and "base64" not in page
    assert main(["report", str(ids[0])]) == 0
    assert (tmp_path / "reports" / f"session-{ids[0]}.html").is_file()
    assert main(["report", "999"]) == 2
    assert "no session 999" in capsys.readouterr().err


def test_report_open_opens_the_file_in_the_browser(tmp_path: Path, monkeypatch) -> None:
    import webbrowser

    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path))
    ids = store_sessions(tmp_path, 1)
    opened = []
    monkeypatch.setattr(webbrowser, "open", opened.append)  # the desktop's browser is the device edge here
    assert main(["report", "--open"]) == 0
    assert opened == [(tmp_path / "reports" / f"session-{ids[0]}.html").as_uri()]


# ---------------------------------------------------------------- in a real browser


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


BROWSER_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1000,2400")


def in_chromium(page: Path, profile: Path, shot_name: str) -> str:
    """The DOM Chromium builds from the page, and a screenshot of it copied to SCREENSHOT_COPY/shot_name."""
    browser = [chromium(), *BROWSER_FLAGS, f"--user-data-dir={profile}"]
    dom = subprocess.run([*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    shot = profile.parent / shot_name
    subprocess.run([*browser, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120, check=True)
    assert shot.stat().st_size > 20_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    SCREENSHOT_COPY.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENSHOT_COPY / shot_name)
    print(f"screenshot: {SCREENSHOT_COPY / shot_name}")
    return dom


@pytest.mark.skipif(chromium() is None, reason="needs Chromium: bash scripts/setup --test installs it")
def test_a_stored_report_renders_in_headless_chromium(tmp_path: Path, monkeypatch, capsys) -> None:
    """Three stored sessions (the store's write API), `report --last`, and the page as Chromium builds it."""
    monkeypatch.setenv("VOICECOACH_HOME", str(tmp_path / "home"))
    store_sessions(tmp_path / "home")
    assert main(["report", "--last"]) == 0
    dom = in_chromium(Path(capsys.readouterr().out.split("  (")[0]), tmp_path / "profile", "report-stored.png")
    assert re.search(r'<mark class="evidence" data-items="want_the_job"[^>]*>I really want this job</mark>', dom)
    assert re.search(r'<mark class="evidence" data-items="next_steps"[^>]*>What&lt;/b&gt; are the next steps</mark>',
                     dom)
    assert len(re.findall(r'<audio controls="" preload="metadata" src="data:audio/flac;base64,', dom)) == 2
    assert dom.count("<svg") == 3 and dom.count("<polyline") == 5 + 1 + 2
    assert "<b>" not in dom


@pytest.mark.slow  # about 20 s: two practice sessions with the real recognizer, then the browser
@pytest.mark.skipif(chromium() is None, reason="needs Chromium: bash scripts/setup --test installs it")
def test_a_report_of_real_practice_renders_in_headless_chromium(tmp_path: Path) -> None:
    """Two sessions practised through the real CLI on the demo answers, `report --last`, and the page in Chromium."""
    env = {**os.environ, "VOICECOACH_HOME": str(tmp_path / "home")}
    demo = ROOT / "audio" / "demo"
    for answers in (["answer-1.wav"], ["answer-5.wav"]):
        done = run_cli("practice", "--no-voice", "--answers", *(str(demo / a) for a in answers), env=env)
        assert done.returncode == 0, done.stderr
    done = run_cli("report", "--last", env=env)
    assert done.returncode == 0, done.stderr
    path = Path(done.stdout.split("  (")[0])
    assert path.parent == tmp_path / "home" / "reports"
    dom = in_chromium(path, tmp_path / "profile", "report.png")
    # what the browser built from the page, not the file's text: the demo's fifth answer asks about the first six
    # months (a prepared question) and the next steps, each highlighted in its own colour
    marks = dict(re.findall(r'<mark class="evidence" data-items="(\w+)"[^>]*>([^<]+)</mark>', dom))
    assert "next steps" in marks["next_steps"] and "six months" in marks["good_questions"]
    assert len(set(re.findall(r'data-items="\w+"[^>]*style="background:([^;]+);', dom))) == 2
    assert len(re.findall(r'<audio controls="" preload="metadata" src="data:audio/flac;base64,', dom)) >= 1
    assert dom.count("<svg") == 3 and dom.count("<polyline") == 5 + 1 + 2  # two sessions: a line per series
