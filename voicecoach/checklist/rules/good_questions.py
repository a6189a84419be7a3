"""Pay and perks: what a question only about them asks, which a strong close does not lead with."""

from __future__ import annotations

from voicecoach.checklist.words import Token

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
                "days would i be in", "company ute", "company van", "company vehicle", "work van", "work vehicle")
"""Terms of employment and logistics too: asked alone, they are not the questions that close an interview."""


def about_perks(tokens: list[Token], start: int = 0, end: int | None = None) -> bool:
    """Whether tokens[start:end] ask or speak about pay or perks."""
    words = [t.word for t in tokens[start:end]]
    joined = f" {' '.join(words)} "
    return any(w in PERKS for w in words) or any(f" {p} " in joined for p in PERK_PHRASES)
