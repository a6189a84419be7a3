"""good_questions: the candidate asks prepared questions about the job.

Its own rules: pay and perks, which a strong close does not lead with, are not such questions; and a real question
about the job counts though it shares few words with the bank (not one about the speaker, small talk, leave to do
something, or a follow-up to another item's question)."""

from __future__ import annotations

from voicecoach.checklist.clauses import AUXILIARIES, WH_WORDS, Clause, past_openers
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.negation import negated_at
from voicecoach.checklist.rules import next_steps
from voicecoach.checklist.rules.registry import QUESTION_SCORE, ItemRules, MatchContext, QuestionContext, Take, register
from voicecoach.checklist.topics import about_competition, about_hiring, asks_about_speaker, is_content
from voicecoach.checklist.words import Token, find_phrase

ID = "good_questions"
"""This item's id in the close checklist (a public contract)."""

PERKS = frozenset(
    """salary salaries pay paid compensation bonus bonuses vacation vacations holiday holidays pto
    benefit benefits perk perks pension 401k stock equity insurance parking gym lunch lunches overtime
    wage wages hours commute relocation package remote remotely wfh laptop healthcare dental medical
    discount discounts tuition reimbursement reimbursed sick maternity paternity parental childcare daycare
    allowance stipend retirement dress uniform uniforms free reimburse reimburses expenses fees
    canteen cafeteria snacks wifi flexi flexitime flextime hybrid probation probationary earlies lates dog dogs
    commission mileage rota rotas shifts
    visa visas sponsorship sponsor sponsored relocate relocating accommodation breaks tips shoes boots trousers
    wear leaves payment hourly flights
    """.split()
)
"""Questions only about these are not the prepared questions a strong close asks (coaching-facts.md)."""

PERK_PHRASES = ("time off", "work from home", "annual leave", "days off", "share scheme", "cycle to work",
                "travel cost", "company car", "sick leave", "paid leave", "lease car", "car scheme", "part time",
                "full time", "fixed term", "permanent contract", "days in the office", "office days", "in person",
                "nine to five", "pay scale", "pay band", "pay grade", "shift pattern", "shift patterns", "start time",
                "finish time", "notice period", "learning budget", "training budget", "dress code", "day finish",
                "phased return", "health plan", "health cover",
                "car park", "company phone", "phone bill", "work phone", "days of leave", "weeks of leave",
                "leave allowance", "pay rise", "penalty rates", "shift penalty", "hourly rate", "rate of pay",
                "the rate for", "christmas day", "bank holiday", "bank holidays", "start times", "finish times",
                "the breaks", "how many weekends", "every other weekend", "match contributions", "need to bring my own",
                "have to bring my own", "have to be in the office", "need to be in the office",
                "days would i be in", "days in", "office based", "day off",
                "leave days", "their leave", "unpaid leave", "free food", "staff meal", "shift meal", "meal on shift",
                "four day week", "travel pass", "staff room", "birthday off", "business class", "take it home",
                "van home", "the break", "steel toe", "right to work", "work permit", "company ute", "company van",
                "company vehicle", "work van", "work vehicle")
"""Terms of employment and logistics too (visas, leave, breaks, kit, where and when): asked alone, they are not the
questions that close an interview."""


def about_perks(tokens: list[Token], start: int = 0, end: int | None = None) -> bool:
    """Whether tokens[start:end] ask or speak about pay or perks."""
    words = [t.word for t in tokens[start:end]]
    joined = f" {' '.join(words)} "
    return any(w in PERKS for w in words) or any(f" {p} " in joined for p in PERK_PHRASES)


def about_speaker(tokens: list[Token], clause: Clause) -> bool:
    """Whether a question is about the speaker ("anything about my background"), not about the job."""
    for pos in range(clause.start + 1, clause.end):
        prev = tokens[pos - 1].word
        if prev == "about" and tokens[pos].word == "me":
            return True
        if prev == "my" and tokens[pos].key == "background":
            return True
    return False


def follows_up(words: list[str]) -> bool:
    """Whether a question only carries on the one before: "is it from day one?", "you, or the recruiter?"."""
    start = past_openers(words)
    if words[start] in AUXILIARIES and words[start + 1 : start + 2] in (["it"], ["that"], ["this"], ["they"]):
        return True
    return not any(w in AUXILIARIES or w in WH_WORDS for w in words)


_LEAVE = LEXICON.phrases("topics.leave")
_ASKING = LEXICON.words("asking.finding_out")


def asks_leave(words: list[str]) -> bool:
    """Whether a question only asks leave to do something ("can I grab a glass of water?"), not about the job."""
    start = past_openers(words)
    return any(tuple(words[start : start + len(p)]) == p for p in _LEAVE) and not _ASKING.intersection(words)


def small_talk(words: list[str]) -> bool:
    """Whether a question is small talk about the day, not about the job: "Did you have far to come in this
    morning?", "Where's the nearest bus stop?", "Is the Christmas do as good as everyone says?"."""
    return find_phrase(words, 0, len(words), _SMALL_TALK) is not None


_SMALL_TALK = LEXICON.phrases("topics.small_talk")


PLAIN_QUESTION_WORDS = 3
"""Content words a question that shares no words with this item's bank needs to count as one."""


def _about_perks(m: MatchContext) -> bool:
    return about_perks(m.tokens, m.clause.start, m.clause.end)


def plain_question(question: QuestionContext) -> Take | None:
    """A real question about the job that no phrase matched; a question about the hiring's stages is a next step."""
    if ID not in question.uncovered:
        return None
    tokens, clause, earlier, words = question.tokens, question.clause, question.earlier, question.words
    content = [w for w in words if is_content(w)]
    meant = [banks for t, banks in zip(tokens[clause.start : clause.end], question.banks) if is_content(t.word)]
    on_topic = sum(1 for banks in meant if ID in banks)
    # a question that shares no words with the bank needs enough words of its own to be about the job
    if ((not on_topic and len(content) < PLAIN_QUESTION_WORDS)
            or about_perks(tokens, clause.start, clause.end) or about_speaker(tokens, clause)
            or asks_leave(words) or small_talk(words) or asks_about_speaker(tokens, clause)
            or about_competition(words)):
        return None
    joined = tokens[clause.start].word if earlier else ""
    earlier_claimed = question.index - 1 in question.claimed
    if joined == "or" and earlier.is_question and earlier_claimed:
        # "any worries about me, or how I'd fit in": an alternative within another item's question
        return None
    if earlier is not None and follows_up(words) and (
            earlier_claimed or about_perks(tokens, earlier.start, earlier.end)):
        # "Staff discount - is it from day one?", "who decides - you, or the recruiter?": the earlier topic's
        return None
    if (joined == "or" or joined == "and" and not on_topic) and about_perks(tokens, earlier.start, earlier.end):
        # "is there a laptop, or do I use my own": the second half of a perks question
        return None
    if next_steps.about_stages(tokens, clause.start, clause.end) or about_hiring(words):
        # "is there a technical exam after this?" asks about the hiring process: a next step, not the job
        return Take(next_steps.ID, claim=True)
    elsewhere = sum(1 for banks in meant if banks - {ID})
    if not on_topic and elsewhere >= max(2, len(content) / 2):
        # "how will you decide between candidates": a question on another item's subject is that item's
        return None
    if negated_at(tokens, clause.start, clause.end):
        return None
    return Take(ID, QUESTION_SCORE + 4.0 * min(len(content), 4))


RULES = register(ItemRules(ID, vetoes=(_about_perks,), sound_cutoff=None, claims=False, question_rule=plain_question))
"""This item's rules, as the matcher finds them by its id (a garbled question still sounds like one: it is not
heard by sound)."""
