"""clarify_doubts: the candidate clears up a doubt, in ways no phrase bank can list: wording, not vocabulary.

- Correcting their own earlier words: "I said three years but it was actually four",
  "when I said I don't like routine, I meant in my old job".
- Coming back to an earlier topic with new facts: "on the forklift question, yes, I'm certified",
  "regarding the reference from my last employer, ...".
- Answering what the interviewer raised: "you mentioned I haven't led a team, but I did run ...".
- Owning a weak spot and answering it: "I know I don't have a degree, but I've run my own shop".
- Offering to settle a doubt just raised: "any hesitations? Fire away, I'll answer", "if you're wondering
  about the commute, I'm moving closer in September".

Each finder returns the token span (first, after last) that shows it, or None. And asked, "could you clarify the
shift pattern?" is the listener's doing, not the speaker clearing anything up.
"""

from __future__ import annotations

from collections.abc import Sequence

from voicecoach.checklist.clauses import DISCOURSE, Clause
from voicecoach.checklist.rules.registry import AnswerContext, Found, ItemRules, MatchContext, register
from voicecoach.checklist.topics import judges_speaker
from voicecoach.checklist.words import Token, at_phrase, find_phrase

ID = "clarify_doubts"
"""This item's id in the close checklist (a public contract)."""

_REPORTING = frozenset({"said", "told", "mentioned", "meant", "say", "answered", "claimed", "called", "put"})
# "as I said" and "like I said" repeat a point; they do not correct it.
_REPEATING = frozenset({"as", "like"})
_CORRECTING = (("actually",), ("meant",), ("nearer",), ("more", "like"), ("closer", "to"), ("in", "fact"),
               ("not", "true"), ("not", "really", "true"), ("not", "accurate"), ("undersold",), ("underplayed",),
               ("underestimated",), ("wrong",), ("sorry",), ("correct",),
               ("correction",), ("mistake",), ("misspoke",), ("or", "rather"), ("to", "be", "clear"), ("i", "mean"),
               ("to", "be", "precise"), ("not", "quite"), ("mixed", "up"))
_MISSOLD = (("undersell",), ("undersold",), ("oversell",), ("oversold",), ("underplayed",), ("underplay",),
            ("sell", "myself", "short"), ("sold", "myself", "short"), ("should", "have", "led", "with"))
"""Words that own up to having told it wrong, with or without "I said"."""
_REACH = 22
"""Tokens after "I said" within which the correction must come."""

_RETURNING = (("regarding",), ("re",), ("as", "for"), ("follow", "up", "on"), ("as", "to"), ("back", "to"),
              ("coming", "back", "to"),
              ("returning", "to"), ("going", "back", "to"), ("on",), ("about",), ("with", "regard", "to"),
              ("in", "terms", "of"), ("quick", "one", "on"), ("to", "your"), ("answer", "to", "your"))
# "on"/"about" start many clauses ("about the team, how big is it"): they need a word naming a topic raised before.
_NEEDS_TOPIC = frozenset({("on",), ("about",), ("in", "terms", "of"), ("as", "to"), ("to", "your"),
                          ("answer", "to", "your")})
_TOPICS = frozenset({"question", "questions", "point", "thing", "issue", "worry", "concern", "gap", "query",
                     "comment", "topic", "subject", "matter", "bit", "part", "earlier"})
_OPENERS = frozenset({"oh", "and", "um", "uh", "so", "just", "also", "right", "okay", "ok", "yeah", "one", "more",
                      "thing", "last", "quickly", "quick", "sorry", "actually", "but", "then", "first", "finally",
                      "lastly", "wait", "well", "now", "because", "cause", "otherwise", "please"})

_RAISED = frozenset({"said", "mentioned", "asked", "asking", "raised", "noted", "flagged", "brought", "wondered",
                     "questioned", "pointed", "worried", "seemed"})
_ANSWERING = (("actually",), ("in", "fact"), ("but", "i"), ("i", "did"), ("i", "do", "have"), ("i", "have"),
              ("i", "am", "actually"), ("i", "have", "got"), ("i", "was"), ("i", "can", "assure"),
              ("not", "a", "problem"), ("not", "an", "issue"), ("no", "problem"), ("fine", "with"))

_OWNING = (("i", "know"), ("i", "may", "not"), ("i", "might", "not"), ("i", "realise"), ("i", "realize"),
           ("i", "appreciate"), ("i", "am", "aware"), ("although", "i"), ("while", "i"), ("even", "though", "i"),
           ("though", "i"), ("on", "paper"), ("sounds", "like"), ("looks", "like"))
_BUT = frozenset({"but", "however", "though", "although", "still", "yet"})
_WEAK = frozenset({"not", "no", "never", "lack", "only", "less", "looks", "sounds", "seems", "gap", "short", "odd",
                   "slow", "problem", "concern", "worry", "risk", "unusual", "strange", "limited", "little", "came",
                   "rusty", "young", "old", "overqualified", "underqualified", "out", "away", "younger", "older", "bad",
                   "quiet", "fumbled", "blanked", "thin", "lot"})
"""Words that own up to a weak spot after "I know": "it looks odd", "a year sounds short", "the project came up"."""
_NOT_A_WEAK_SPOT = frozenset({"question", "questions", "anything", "nothing", "sure", "much", "time", "busy",
                              "late", "over"})


def self_correction(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"I said X ... actually Y": the speaker corrects their own earlier words."""
    words = [t.word for t in tokens]
    for i in range(1, len(words)):
        if words[i] not in _REPORTING or words[i - 1] != "i" or _asks_at(clauses, i):
            continue  # "did anything I said give you pause?" asks; it corrects nothing
        if i >= 2 and words[i - 2] in _REPEATING:
            if "not" in words[max(0, i - 6) : i - 2]:
                return max(0, i - 8), i + 1  # "in 2021, not 2020 like I told you"
            cue = find_phrase(words, i + 1, min(len(words), i + 12),
                              (("correction",), ("actually", "no"), ("sorry", "no")))
            if cue is not None:
                return i - 2, _clause_end(clauses, cue)  # "like I said, the NVQ... actually, no, correction"
            continue  # "as I said"
        if words[i + 1 : i + 2] == ["to"] and words[i] == "said":
            continue  # "I said to my wife"
        if words[i] == "said" and "sorry" in words[max(0, i - 3) : i - 1]:
            return i - 1, _clause_end(clauses, i + 1)  # "Sorry, I said I'd only done a year; ..." owns up to it
        if words[i] in ("told", "put") and words[i + 1 : i + 2] not in (["you"], ["it"]):
            continue
        cue = find_phrase(words, i + 1, min(len(words), i + _REACH), _CORRECTING)
        if cue is None:
            cue = find_phrase(words, i + 3, min(len(words), i + 12), (("but",),))
            if cue is not None and _asks_at(clauses, cue + 1):
                cue = None
        if cue is not None:
            return i - 1, _clause_end(clauses, cue)
    cue = find_phrase(words, 0, len(words), _MISSOLD)
    if cue is not None and not _asks_at(clauses, cue):
        return next(((c.start, c.end) for c in clauses if c.start <= cue < c.end), (cue, cue + 1))
    return None


def figure_put_right(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"Four years, not three", "the unit was 120 - I think I said 20": a figure said earlier put right."""
    words = [t.word for t in tokens]
    for i, word in enumerate(words):
        between_figures = 0 < i < len(words) - 1 and words[i - 1].isdigit() and words[i + 1].isdigit()
        if word == "not" and (tokens[i].comma_before or between_figures) and not _asks_at(clauses, i):
            # "Four years, not three"; unpunctuated only between written figures: "i meant 2019 not 2017"
            before = words[max(0, i - 4) : i]
            after = [w for w in words[i + 1 : i + 5] if w not in ("just", "quite", "only")][:3]
            if any(map(_is_figure, before)) and any(map(_is_figure, after)):
                start = next(c.start for c in clauses if c.start <= i - 1 < c.end)
                return max(start, i - 6), _clause_end(clauses, i + 1, most=4)
        if word == "said" and words[i - 1 : i] == ["i"] and any(map(_is_figure, words[i + 1 : i + 3])) \
                and any(map(_is_figure, words[max(0, i - 12) : i - 1])) and "was" in words[max(0, i - 12) : i]:
            return max(0, i - 12), min(len(words), i + 3)
    return None


def name_put_right(text: str, tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"It was Sentinel we used, not Splunk", "Priya Natarajan, not Priya Nair": a name put right (typed text only:
    a recognizer writes no capitals)."""
    for i, token in enumerate(tokens):
        if token.word != "not" or not token.comma_before or i < 1 or _asks_at(clauses, i):
            continue
        after = next((k for k in range(i + 1, min(i + 3, len(tokens))) if tokens[k].word not in ("just", "only")), None)
        before = next((k for k in range(i - 1, max(-1, i - 4), -1) if _named(text, tokens[k])), None)
        if before is not None and after is not None and _named(text, tokens[after]):
            start = next(c.start for c in clauses if c.start <= i - 1 < c.end)
            if any(t.word in _PREFERRING for t in tokens[start:i]):
                continue  # "I'd rather work in London, not Leeds" says what they want, not what they got wrong
            return max(start, before - 4), _clause_end(clauses, after, most=4)
    return None


_PREFERRING = frozenset({"rather", "prefer", "preferably", "want", "like", "love", "hope", "hoping", "looking"})


def _named(text: str, token: Token) -> bool:
    """Whether a word is written as a name ("Azure", "HGV", "C+E") where it is not a sentence's first word."""
    return not token.boundary_before and token.word != "i" and text[token.start].isupper()


def _is_figure(word: str) -> bool:
    return word.isdigit() or word in _NUMBERS or word in ("five", "one", "half")


def reason_for_leaving(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"The reason I left the Army was my knee, and that's sorted": why a past job ended, told before it is asked."""
    words = [t.word for t in tokens]
    for i in range(len(words) - 2):
        if words[i] in ("reason", "why") and words[i + 1 : i + 3] in (["i", "left"], ["i", "moved"]) \
                and not _asks_at(clauses, i):
            return i - (i > 0 and words[i - 1] == "the"), _clause_end(clauses, i + 3, most=14)
    return None


def topic_return(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"On the licence question, I renewed it last week": back to an earlier topic, with a statement."""
    words = [t.word for t in tokens]
    for k, clause in enumerate(clauses):
        start = _after_openers(words, clause)
        pattern = next((p for p in _RETURNING if at_phrase(words, start, p)), None)
        if pattern is None or clause.is_question:
            continue
        after = start + len(pattern)
        topic_end = min(clause.end, after + 6)
        named = start > 0 and words[start - 1] in _TOPICS  # "one more thing about the licence"
        # "On the stammer: it gets better once I know people": a short heading, then a break
        headed = clause.end - after <= 5 and clause.end < len(tokens) and tokens[clause.end].boundary_before
        if pattern in _NEEDS_TOPIC and not (named or headed or any(w in _TOPICS for w in words[after:topic_end])):
            continue
        # The topic names something; what follows it must say something, not ask.
        rest = [c for c in clauses[k : k + 2] if c.end > after + 1]
        if not rest or any(c.is_question for c in rest) or rest[-1].end - after < 5:
            continue
        # quote the topic and what is said of it: "on the forklift question, yes, I'm certified"
        said = rest[0] if rest[0].end - start >= 8 else rest[-1]
        return start, min(said.end, start + 16)
    return None


def raised_point_answered(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"You said the role needs Spanish; I'm actually conversational": the speaker answers a point raised."""
    words = [t.word for t in tokens]
    for i in range(1, len(words)):
        by_you = words[i - 1] == "you" or words[i - 1] in ("were", "had") and words[i - 2 : i - 1] == ["you"]
        if words[i] not in _RAISED or not by_you:
            continue  # "you said", "you were asking"
        if i >= 2 and words[i - 2] in ("if", "thank", "what", "when", "how", "as", "like"):
            continue
        answer = find_phrase(words, i + 2, min(len(words), i + _REACH), _ANSWERING)
        if answer is None or _asks_at(clauses, answer) or {"question", "questions"} & set(words[answer : answer + 5]):
            continue  # "you mentioned the depot; I have a question about it"
        return i - 1, _clause_end(clauses, answer)
    return None


def weak_spot_answered(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"I know I don't have a degree, but I've run my own shop": the speaker owns a weak spot and answers it."""
    words = [t.word for t in tokens]
    for i in range(len(words)):
        if not any(at_phrase(words, i, p) for p in _OWNING) or _asks_at(clauses, i):
            continue
        window = words[i : i + 12]
        weak = next((j for j, w in enumerate(window) if w in _WEAK), None)
        if weak is None or any(w in _NOT_A_WEAK_SPOT for w in window[weak : weak + 4]):
            continue
        turn = find_phrase(words, i + weak + 1, min(len(words), i + _REACH), [(b,) for b in _BUT])
        if turn is not None and words[turn + 1 : turn + 2] in (["i"], ["my"], ["we"], ["in"], ["at"]):
            if not _asks_at(clauses, turn + 1):
                return i, _clause_end(clauses, turn + 1)
            continue
        # "I know that's a long gap. I volunteered at the food bank ...": the answer may be the next sentence
        k = next(n for n, c in enumerate(clauses) if c.start <= i < c.end)
        for c in clauses[k + 1 : k + 4]:
            if c.is_question:
                break
            said = words[c.start : c.end]
            if (len(said) >= 5 and not _NOT_A_WEAK_SPOT & set(said)
                    and (_FACTS & set(said) or any(w.isdigit() or w in _NUMBERS for w in said))):
                # what the speaker has done answers it; "I struggle with the formulas" only says more of it
                return i, min(c.end, i + 24)
    return None


def doubt_met_with_facts(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """"Is my age a concern for you? I've got six good years in me": a doubt about the speaker asked, then answered
    with what the speaker has done, in one of the next few statements."""
    words = [t.word for t in tokens]
    for k, clause in enumerate(clauses):
        said = words[clause.start : clause.end]
        asks_doubt = clause.is_question and (_doubts_me(words, clause) and _MINE & set(said)
                                             or judges_speaker(tokens, clause))
        if not (asks_doubt or _listener_doubted(said)):
            continue
        for answer in clauses[k + 1 : k + 4]:
            if answer.is_question and all(w in DISCOURSE for w in words[answer.start : answer.end]):
                continue  # "..., though?"
            if answer.is_question and not _doubts_me(words, answer):
                break  # "... And who's the next person I'd meet?": on to something else
            lead = words[_after_openers(words, answer) : answer.end]
            if answer.is_question or len(lead) < 4 or "i" not in lead[:4]:
                continue
            if lead[:1] == ["i"] and lead[1:2] in (["know"], ["would"], ["am"], ["ask"]) and not _FACTS & set(lead):
                continue  # "I know the gap stands out", "I'd be grateful for a date": no answer given
            if _FACTS & set(lead) or any(w.isdigit() or w in _NUMBERS or len(w) > 5 and w.endswith("ed") for w in lead):
                return clause.start, min(answer.end, clause.start + 24)
    return None


def _listener_doubted(said: Sequence[str]) -> bool:
    """"I know you were worried I'd get bored", "it made you wonder about commitment": a doubt the listener showed;
    "maybe you think my English is not so good", "you might be sat there thinking": one the speaker supposes."""
    for k, w in enumerate(said):
        if w != "you":
            continue
        if any(x.startswith(_LISTENER_DOUBTS) for x in said[k + 1 : k + 3]):
            return True
        if _SUPPOSING.intersection(said[max(0, k - 2) : k + 2]) and _THINKING.intersection(said[k + 1 : k + 6]):
            return True
    return False


_SUPPOSING = frozenset({"maybe", "might", "may", "probably", "perhaps", "bet"})
_THINKING = frozenset({"think", "thinking", "wondering", "thought"})


_LISTENER_DOUBTS = ("worried", "wonder", "wondered", "concerned", "doubted", "hesitated", "unsure", "seemed unsure")


def _doubts_me(words: Sequence[str], clause: Clause) -> bool:
    return _doubt_in(words, clause) or any(w.startswith(_HOLDING_BACK) for w in words[clause.start : clause.end])


_MINE = frozenset({"my", "me", "that", "it", "this"})
_FACTS = frozenset({"have", "has", "had", "did", "done", "was", "were", "years", "year", "months", "ran", "run",
                    "led", "managed", "worked", "spent", "sold", "filled", "handled", "passed"})
"""Words of a statement that reports what the speaker has done, not how they feel."""
_NUMBERS = frozenset("""two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty hundred thousand million""".split())
_HOLDING_BACK = ("unconvinc", "bugging", "holding", "hold", "stop", "putting")
"""Doubt told by what it does: "anything holding you back?", "what would stop you putting me forward?"."""


_DOUBT_STEMS = ("concern", "reservation", "doubt", "worr", "hesita", "unsure", "uncertain", "bother", "unclear",
                "lack", "gap", "wondering", "catch", "misgiving", "question", "pause", "sure", "convinc", "chewing",
                "suited", "fence", "eyebrow")
_SETTLING = frozenset({"answer", "clear", "address", "sort", "talk", "explain", "discuss", "resolve", "tackle",
                       "settle", "respond", "clarify", "repeat", "elaborate", "expand", "reassure", "cover", "fill",
                       "speak", "fix", "rest", "deal"})
_SETTLING_WITH = (("walk", "through"), ("go", "through"), ("go", "over"), ("put", "rest"), ("put", "bed"),
                  ("give", "version"), ("give", "answer"), ("give", "example"))
"""Verbs that settle a doubt only with a later word: "walk you through it", "put it to rest"."""
_INVITING = (("ask",), ("fire", "away"), ("ask", "away"), ("shoot",), ("go", "ahead"), ("try", "me"))
"""Invitations to raise a doubt now: "anything you're unsure of? Ask now", "fire away"."""
_ASKS_TO_HEAR = frozenset({"hear", "know"})
"""After "if there's something about me ...": "I'd rather hear it today" only asks to be told."""
_ASK_ME = (("ask", "me"), ("ask", "away"), ("fire", "away"), ("just", "ask"))
_SPEAKER = frozenset({"i", "we", "let", "me", "us"})


def offer_to_settle(tokens: list[Token], clauses: Sequence[Clause]) -> tuple[int, int] | None:
    """A doubt raised in asking ("any hesitations?", "if you're unsure about X"), then the speaker settles it."""
    words = [t.word for t in tokens]
    for clause in clauses:
        if _opens_with(words, clause, "if") and _doubt_in(words, clause) and find_phrase(
                words, clause.start, clause.end, _ASK_ME) is not None:
            return clause.start, clause.end  # "if you've any doubts about my English, ask me anything now"
        if _settled_in_one(words, clause.start, clause.end) or _offers_to_settle(words, clause):
            return clause.start, clause.end  # "any doubts you've got about me that I could put to bed now?"
    for k, clause in enumerate(clauses):
        if clause.question == "direct" or not (_speaker_leads(words, clause) or _invites(words, clause)):
            continue
        before = [c for c in clauses[max(0, k - 3) : k + 1] if c.is_question or _opens_with(words, c, "if")]
        invited = any(_invites(words, c) or find_phrase(words, c.start, c.end, _ASK_ME) is not None
                      for c in clauses[max(0, k - 1) : k + 1])
        if not any(_doubt_in(words, c) or invited and _opens_with(words, c, "if") and "not" in words[c.start : c.end]
                   for c in before):
            continue  # a doubt named, or an invitation after "if any of it doesn't translate"
        said = words[clause.start : clause.end]
        if (any(w in _SETTLING for w in said) or _invites(words, clause)
                or find_phrase(words, clause.start, clause.end, (("tell", "you"),)) is not None
                or any(verb in said and particle in said[said.index(verb) :] for verb, particle in _SETTLING_WITH)
                or any(_opens_with(words, c, "if") for c in before) and clause.question != "request"
                and not _ASKS_TO_HEAR.intersection(said)):
            # "if you're unsure of anything, I'm moving closer" settles; "..., I'd like to know" only asks
            return clause.start, clause.end
    return None


def _settled_in_one(words: Sequence[str], lo: int, hi: int) -> bool:
    """The listener's doubt and the speaker settling it in one breath: "anything you're not sure on, fire away,
    I'll answer it" (not "I'm not sure I can answer that": the doubt there is the speaker's)."""
    for j in range(lo, hi):
        if not words[j].startswith(_DOUBT_STEMS) or not (
                "you" in words[max(lo, j - 3) : j] or words[j - 1 : j] == ["any"]
                or at_phrase(words, j + 1, ("about", "me")) or at_phrase(words, j + 2, ("about", "me"))):
            continue
        for m in range(j + 1, hi - 1):
            if words[m] != "i" or "not" in words[m : m + 4]:
                continue
            later = words[m + 1 : m + 4]
            if any(w in _SETTLING for w in later) or any(
                    verb in later and particle in words[m + 1 : m + 7] for verb, particle in _SETTLING_WITH):
                return True
    return False


def _offers_to_settle(words: Sequence[str], clause: Clause) -> bool:
    """"Is there anything at all I can address for you?": the speaker offers to settle whatever is left."""
    return any(w == "anything" and any(words[m] == "i" and words[m + 1] in ("can", "could")
                                       and words[m + 2] in _SETTLING
                                       for m in range(k + 1, min(k + 4, clause.end - 2)))
               for k, w in enumerate(words[clause.start : clause.end], clause.start))


def _after_openers(words: Sequence[str], clause: Clause) -> int:
    """Where the clause says something, past "oh", "and", "one more thing", "if so" (its last word at the latest)."""
    j = clause.start
    while j < clause.end - 1 and (words[j] in _OPENERS or words[j : j + 2] == ["if", "so"]):
        j += 1 + (words[j] == "if")
    return min(j, clause.end - 1)


def _speaker_leads(words: Sequence[str], clause: Clause) -> bool:
    j = _after_openers(words, clause)
    return words[j] in _SPEAKER and "not" not in words[j : j + 4]


def _invites(words: Sequence[str], clause: Clause) -> bool:
    j = _after_openers(words, clause)
    return any(at_phrase(words, j, p) for p in _INVITING) and words[j + 1 : j + 2] != ["about"]


def _opens_with(words: Sequence[str], clause: Clause, word: str) -> bool:
    return words[_after_openers(words, clause)] == word


def _doubt_in(words: Sequence[str], clause: Clause) -> bool:
    return any(w.startswith(_DOUBT_STEMS) for w in words[clause.start : clause.end])


def _clause_end(clauses: Sequence[Clause], pos: int, most: int = 12) -> int:
    """Where the clause holding pos ends, or most tokens on if it runs longer: the end of the evidence."""
    end = next((c.end for c in clauses if c.start <= pos < c.end), pos + 1)
    return min(end, pos + most)


def _asks_at(clauses: Sequence[Clause], pos: int) -> bool:
    return any(c.start <= pos < c.end and c.is_question for c in clauses)


def doubt_cleared(answer: AnswerContext) -> Found | None:
    """The first way of clearing up a doubt the answer shows, in the finders' order."""
    tokens, clauses = answer.tokens, answer.clauses
    span = (self_correction(tokens, clauses) or figure_put_right(tokens, clauses)
            or name_put_right(answer.text, tokens, clauses) or reason_for_leaving(tokens, clauses)
            or topic_return(tokens, clauses) or raised_point_answered(tokens, clauses)
            or weak_spot_answered(tokens, clauses) or offer_to_settle(tokens, clauses)
            or doubt_met_with_facts(tokens, clauses))
    return None if span is None else Found(*span)


def _asked_of_the_listener(m: MatchContext) -> bool:
    # "could you clarify the shift pattern?": the listener is to do it (the matcher already rejects statements)
    return m.clause.is_question and m.others_doing


RULES = register(ItemRules(ID, vetoes=(_asked_of_the_listener,), sound_cutoff=76.0, additions=(doubt_cleared,)))
"""This item's rules, as the matcher finds them by its id."""
