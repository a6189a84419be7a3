"""Checklist matching: the hard cases of coaching-facts.md, recognizer-style text, and the corpus floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.bench.corpus import DATA_DIR, SETS, load_answers, macro_f1, score_items
from voicecoach.clauses import split_clauses
from voicecoach.matching import Matcher
from voicecoach.pack import CHECKLIST_IDS, load_pack, parse_pack
from voicecoach.words import tokenize


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_pack())


# (answer, the ids it covers). Every id not listed must be missed.
HARD_CASES = [
    # coaching-facts.md, word for word
    ("I have no reservations about the company.", []),
    ("My next step is to finish my certification.", []),
    ("I don't have any questions.", []),
    ("No, that's everything.", []),
    ("I'm not sure this role is right for me.", []),
    ("Is there anything that gives you pause about hiring me?", ["reservations"]),
    ("Where do we go from here?", ["next_steps"]),
    ("What happens now?", ["next_steps"]),
    ("What's the salary range for this role?", []),
    ("How many vacation days do you offer?", []),
    ("Are there any perks like a gym or free lunch?", []),
    # the candidate's own reservations and plans
    ("My only concern is the commute, to be honest.", []),
    ("I'm a bit worried about the on-call schedule.", []),
    ("The next steps for me are finishing my degree and moving house.", []),
    ("I don't have any doubts about the company.", []),
    # negation that strengthens
    ("I can't wait to get started here.", ["want_the_job"]),
    ("I'm not interested in management roles.", []),
    # paraphrase
    ("Do you have any hesitations about hiring me?", ["reservations"]),
    ("How do I compare to the other candidates you've seen?", ["reservations"]),
    ("When should I expect to hear from you?", ["next_steps"]),
    ("Is there anything I haven't explained clearly that I can clear up for you?", ["clarify_doubts"]),
    ("You're my top choice, to be honest.", ["want_the_job"]),
    ("What are the biggest challenges the team is facing right now?", ["good_questions"]),
    ("How big is the team and who would I report to?", ["good_questions"]),
    # what a recognizer hands back: lower case, no punctuation, fillers, misheard words
    ("um so what are the next steps in the firing process", ["next_steps"]),
    ("i really want this job um what are the next steps", ["want_the_job", "next_steps"]),
    ("uh i dont have any questions at the moment", []),
    ("no i think we covered it all thank you", []),
    ("do you have any concerns about me uh and when will i hear back", ["reservations", "next_steps"]),
    # misheard words that sound like a bank phrase; denials and the speaker's own plans still do not count
    ("when mike i expect to hear back", ["next_steps"]),
    ("counter you think i stack up against the other candidates", ["reservations"]),
    ("i don't have any reservations about the company", []),
    ("i have no doubt about the job i only want to know about the salary", []),
    ("No doubt I'd fit in here, I really want this job.", ["want_the_job"]),
    ("the next step for me is finishing my degree", []),
    # whose next step: the business's is a question about the work, the hiring's is next_steps
    ("What's next for the brand after the relaunch?", ["good_questions"]),
    ("What's the next step for the role after this interview?", ["next_steps"]),
    ("What's the next phase of the product roadmap?", ["good_questions"]),
    # whose doubt: a concern about the company's plans is a question about the work, not about the candidate
    ("Do you have any concerns about the new depot opening for the drivers?", ["good_questions"]),
    ("Do you have any concerns about my application?", ["reservations"]),
    ("What happened to the person who had this job before?", ["good_questions"]),
    ("What's the next step after you've spoken to everyone?", ["next_steps"]),
    ("What are the next steps in the hiring process?", ["next_steps"]),
    # a question about a stage of hiring is a next step, not a question about the job
    ("Is there a technical exam after this, or is this the final one?", ["next_steps"]),
    ("Can I grab a coffee round the corner before my train?", []),
    # the decision itself, and a follow-up that carries on a perks question
    ("Deadline for a decision?", ["next_steps"]),
    ("Staff discount - is it from day one?", []),
    ("Do you have a dress code? Suits, or smart casual?", []),
    ("Will the test rigs move to the new site next year?", ["good_questions"]),
    # a near spelling ("learning" ~ "hearing") does not make a job question another item's
    ("how does your company support learning and mentoring", ["good_questions"]),
    # the second half of a perks question, a question about the speaker
    ("is there a company laptop or do i bring my own", []),
    ("Is there anything about my background you want to hear more about?", []),
    # asking leave to do something, perks named over several words, an alternative inside another item's question
    ("Is it okay if I grab my coat from reception before I go?", []),
    ("ngl what's the timeline looking like", ["next_steps"]),
    # wanting it in three words, typed and heard; a short answer is not heard inside a long phrase
    ("Okay, I want in.", ["want_the_job"]),
    ("Sign me up, honestly.", ["want_the_job"]),
    ("Where do I sign?", ["want_the_job"]),
    ("I want to drive for you lot.", ["want_the_job"]),
    ("I don't want to drive for you if it means nights.", []),
    ("Is he up for it?", []),
    ("i want it", ["want_the_job"]),
    ("I want it on record that I left on good terms.", []),
    # recognized: the business's next step heard by sound is still the business's
    ("what happens next for the team now the acquisition has gone through", ["good_questions"]),
    # recognized: a misheard reservations question is that, not a prepared question
    ("is there anything that gives you want to notify ring", ["reservations"]),
    ("exactly what is needed from me", []),
    # typed words are what was meant: "learning" is not a misspelt "leaving"
    ("I'm still learning the ropes.", []),
    ("Can I ask what the team is working on this quarter?", ["good_questions"]),
    ("How many weeks of annual leave do you get in the first year?", []),
    ("What's the hourly rate for Sundays?", []),
    ("Do you have any doubts about my experience, or how I would settle into the night shift team?", ["reservations"]),
    # "do" heard as "to"; a condition ending without its comma; two jobs in one run-on statement
    ("i'm really excited about this role to you have any concerns about me", ["want_the_job", "reservations"]),
    ("if anything i said wasnt clear i can explain it better", ["clarify_doubts"]),
    ("i'd love to work here to put your mind at ease about travel i'm fine with it", ["want_the_job", "clarify_doubts"]),
    # clearing up a doubt by its wording: correcting oneself, coming back to a topic, answering a weak spot
    ("I said two years at the bank, but it was actually three.", ["clarify_doubts"]),
    ("oh wait i said i was a level two nurse i'm level three sorry", ["clarify_doubts"]),
    ("On the driving question, yes, I passed my test in May.", ["clarify_doubts"]),
    ("On the commute: I've already found a flat ten minutes away.", ["clarify_doubts"]),
    ("About the team: how big is it?", ["good_questions"]),
    ("You mentioned I haven't managed people, but I did run a team of six at the depot.", ["clarify_doubts"]),
    ("I know I don't have a degree, but I've run my own shop for five years.", ["clarify_doubts"]),
    ("I know eleven years is a long gap. I've volunteered at the food bank three days a week since then.",
     ["clarify_doubts"]),
    ("Any hesitations about me? Fire away, I'll answer.", ["reservations", "clarify_doubts"]),
    ("I left the bank in 2021, not 2020 like I told you.", ["clarify_doubts"]),
    ("That was twelve drivers, not eight.", ["clarify_doubts"]),
    ("I know you were worried I'd get bored. I turned down a manager post in June to stay hands-on.",
     ["clarify_doubts"]),
    ("Like I said, I did the NVQ... actually, no, correction, it's the Level 3 Diploma.", ["clarify_doubts"]),
    ("I know I'm not the most confident with Excel. I struggle with the formulas, all that.", []),
    ("Sorry, I said I'd only done a year on the tills; it was a year on tills and two in the warehouse.",
     ["clarify_doubts"]),
    ("I said two years at the depot, it's more like three.", ["clarify_doubts"]),
    ("The reason I left the bakery was the night shifts, and that's behind me now.", ["clarify_doubts"]),
    ("If you've any doubts about my English, ask me anything now.", ["reservations", "clarify_doubts"]),
    ("I know I've been out of work a while, but I kept the church accounts every month.", ["clarify_doubts"]),
    ("That's very kind of you to clarify the shift pattern, thank you.", []),
    ("The budget was 40 thousand, by the way. I think I said 14.", ["clarify_doubts"]),
    ("I'm here for the people, not the money.", []),
    ("I don't want to undersell my budget experience.", ["clarify_doubts"]),
    ("Is my age a concern for you? I have run five marathons since I turned sixty.", ["reservations", "clarify_doubts"]),
    ("If any of my CV doesn't make sense, ask me now and I'll explain it.", ["clarify_doubts"]),
    ("Any concerns about my spreadsheets? Because, for what it's worth, I ran the payroll sheets for three years.",
     ["reservations", "clarify_doubts"]),
    # ...and what only looks like it: repeating oneself, a topic with a question, the interviewer explaining
    ("As I said, I really want this job.", ["want_the_job"]),
    ("About the team, how big is it?", ["good_questions"]),
    ("Thank you for explaining everything so clearly.", []),
    ("You've explained the role brilliantly, thanks.", []),
    ("Thanks for clarifying the rota, that helped.", []),
    ("Thank you for taking the time to clarify the pay structure.", []),
    ("Everything was explained very clearly, so no questions.", []),
    ("I appreciate the tour, that cleared up a lot.", []),
    ("If there's anything about me you're unsure of, I'd really like to know.", ["reservations"]),
    ("I know I don't have any questions, but thank you.", []),
    ("I know the commute looks long. When will I hear back?", ["next_steps"]),
    ("Is my age a concern for you? I know some firms worry about it.", ["reservations"]),
    ("Is anything holding you back from taking me on? Because I really want it.", ["want_the_job", "reservations"]),
    ("If it's not too forward, I'd say I'm already picturing my first month here.", []),
    ("Has anything I said given you pause? I'd rather know now than find out in an email.", ["reservations"]),
    # more ways to clear up a doubt, each with a twin that only names it
    ("You were asking if I'd cope with the weekends. I've done every weekend for three years, so that's fine.",
     ["clarify_doubts"]),
    ("You were asking about the weekends.", []),
    ("I know I'm younger than you were expecting, but I've run my mum's shop since I was sixteen.", ["clarify_doubts"]),
    ("I know I'm younger than the others.", []),
    ("A year out of the lab sounds like a lot, but I've done contract validation work two days a week.",
     ["clarify_doubts"]),
    ("The commute sounds like a lot, but that's fine.", []),
    ("I realise I've moved around a lot. Two of those were contracts that ended, and one firm went bust.",
     ["clarify_doubts"]),
    ("Maybe you think my English is not good for the phone. I took sixty calls a day in English in my last job.",
     ["clarify_doubts"]),
    ("Maybe you think it's odd to ask, but how big is the team?", ["good_questions"]),
    ("sorry i meant 2019 not 2017 for when i started at the council", ["clarify_doubts"]),
    ("If there's something about me you're still chewing on, I'd rather hear it today.", []),
    ("If you're still chewing over anything about me, ask away now and I'll settle it.", ["clarify_doubts"]),
    # recognized text: wanting to know is not wanting the job, however it sounds
    ("i'd like to know about the pension and private medical", []),
    ("i'd love to join the team here", ["want_the_job"]),
    # whose process: the hiring's, or the work's
    ("What's the deploy process like for the mobile app?", ["good_questions"]),
    ("What will be the further process?", ["next_steps"]),
    ("what's the firing process from here", ["next_steps"]),
    # a liking told in the past is not wanting the job
    ("Like I said in the first bit, I've always loved working with kids, so yeah.", []),
    ("I really enjoyed our conversation today, thank you.", []),
    ("I'd love to work here with the kids.", ["want_the_job"]),
    # short whole statements
    ("I came in unsure, but after today, no - I want to work here. Full stop.", ["want_the_job"]),
    ("I want to work here one day, maybe in a few years.", []),
    ("I'll definitely be applying for more roles like this one.", []),
    ("I'll definitely be applying for this one, I want it.", ["want_the_job"]),
    ("Give me a go on a Saturday and you'll see. I want in, chef.", ["want_the_job"]),
    ("Is there another round or is this it? Because I'm properly up for this, I'll be honest.",
     ["want_the_job", "next_steps"]),
    ("Okay, I'm going to be cheeky: when can I sign?", ["want_the_job", "next_steps"]),
    ("I've another trial shift Friday and, honestly, I'd much rather be here.", ["want_the_job"]),
    ("Aye, I'd be well up for it.", ["want_the_job"]),
    ("Count me in, seriously.", ["want_the_job"]),
    ("I've an offer from the council, but honestly I'd turn it down for this.", ["want_the_job"]),
    ("I'd prefer this to anything else I've looked at.", ["want_the_job"]),
    ("I'd prefer this to be sorted by Friday.", []),
    ("I'd take it tomorrow.", ["want_the_job"]),
    ("Is this the one then?", []),
    ("Honestly? This is the one.", ["want_the_job"]),
    ("I've another offer on the table, and I'd honestly much rather come here.", ["want_the_job"]),
    ("Is this the one with the blue door?", []),
    ("How many days a week would I have to be in the office?", []),
    ("Is it hybrid? Like, how many days would I be in the office?", []),
    ("Does the role come with a company van?", []),
    ("Would I be in the office with the design team, or on site?", ["good_questions"]),
    ("Would she be up for it, do you think?", []),
    ("I'd really like this to be sorted before Friday.", []),
    # asked of oneself ("am I", "did I") the listener still judges; a problem with me, put you off
    ("So how did I come across, honestly?", ["reservations"]),
    ("Tell me what the best person for this does, and how far off that am I?", ["reservations", "good_questions"]),
    ("You think I can do it, or you have some problem with me?", ["reservations"]),
    ("Is there anything about me you're not happy with?", ["reservations"]),
    ("I'm not happy with my last answer, to be honest.", []),
    ("What's the biggest question mark over me, would you say?", ["reservations"]),
    ("Is there still a question mark over the new site opening?", ["good_questions"]),
    ("Is the fact I've only been in the UK two years going to be an issue?", ["reservations"]),
    ("Was there any part of my experience you were hoping would be stronger?", ["reservations"]),
    ("What would you still need to see from me to feel sure?", ["reservations"]),
    ("Do you need to see my forklift cards now, or is that later?", ["next_steps"]),
    ("Is there anything about my application that you'd flag?", ["reservations"]),
    ("Would you put me in your top three, honestly?", ["reservations"]),
    ("Would you put the new starters in with the experienced crew?", ["good_questions"]),
    ("Is the new till system going to be a problem for the weekend staff?", ["good_questions"]),
    # a judging question answered with what the speaker has done settles the doubt it names
    ("What would put you off me? If it's the bank thing, I did eleven years on the tills at the Co-op.",
     ["reservations", "clarify_doubts"]),
    ("What would put you off me? I'd rather know now than wonder.", ["reservations"]),
    ("Is anything holding you back on me, though? I've been writing Java at work since 2019.",
     ["reservations", "clarify_doubts"]),
    ("What problem would I be solving for you in the first month?", ["good_questions"]),
    ("Am I right that the role is mostly remote?", []),
    # "you see" alone does not judge the speaker; seeing something in the speaker does
    ("Tell me a bit about the patients you see most, is it mostly post-op?", ["good_questions"]),
    ("I'd be curious how you see the role changing once the merger goes through.", ["good_questions"]),
    ("Those are the big gaps for juniors, yeah? Do you see any of them in me?", ["reservations"]),
    ("Does any of that change how you see my application?", ["reservations"]),
    ("You all seem lovely, honestly.", []),
    # thanks, and "you" doing the explaining: the listener's doing
    ("Cheers for explaining the shift pattern, that helps.", []),
    ("You've done a brilliant job explaining it all, so nothing from me.", []),
    ("Thanks. Just to clarify, I do have my forklift licence.", ["clarify_doubts"]),
    # bank phrases that fired on other things: "the biggest ...", "look like after ...", "perfect for me"
    ("What's the biggest contract you have on at the moment?", ["good_questions"]),
    ("What does good look like after six months in the job?", ["good_questions"]),
    ("We're moving north anyway, so for me it's perfect timing.", []),
    # a worry about how one came across, or "I think I'm ok", settles nothing
    ("I've been told I can come across as a bit sharp, I know that about myself.", []),
    ("i think im ok thanks", []),
    # the listener's doubt and the speaker settling it in one breath; the speaker's own "not sure" settles nothing
    ("Any worries you've got about me that I could clear up now?", ["reservations", "clarify_doubts"]),
    ("anything youre unsure on just shout ill answer it", ["clarify_doubts"]),
    ("Any concerns? Is there anything at all I can address for you?", ["reservations", "clarify_doubts"]),
    ("Is there anything I can get you while I'm up?", []),
    ("Has anything I've said left you with a question mark? If so, fire away now.", ["reservations", "clarify_doubts"]),
    ("Is there any reason I wouldn't be suited? I can take it. And whatever it is, I'll give you a straight answer.",
     ["reservations", "clarify_doubts"]),
    ("I'm not sure I can answer that one, sorry.", []),
    # a plan for something new is the business's; a decision after the new year is the hiring's
    ("What's the plan for the cafe once the new retail park opens?", ["good_questions"]),
    ("What's the timeline on the Eastside reservoir project?", ["good_questions"]),
    ("What's the timeline looking like on your side?", ["next_steps"]),
    ("Who signs off on the appointment in the end?", ["next_steps"]),
    ("Will you decide after the new year?", ["next_steps"]),
    # on call is the job's hours, not a call about the outcome
    ("Will I be on call at weekends?", []),
    ("Will you call me, or is it an email?", ["next_steps"]),
    # the process is the hiring's; the process for something else is the work
    ("How far along are you in the process?", ["next_steps"]),
    ("What's the process for signing off a new menu?", ["good_questions"]),
    # the start date is the last step of hiring; a question about starting out is about the job
    ("I'm sold, I want in. When can I start?", ["want_the_job", "next_steps"]),
    ("Ah sure look, when's the earliest I could start?", ["next_steps"]),
    # when the outcome is known, asked in plain words; still seeing people is the hiring's, still seeing growth is not
    ("How many children would be in a class? When would you know?", ["next_steps", "good_questions"]),
    ("And after today?", ["next_steps"]),
    ("Are you still seeing people?", ["next_steps"]),
    ("Are you still seeing growth in the north?", ["good_questions"]),
    ("When would you know a batch has gone off?", ["good_questions"]),
    ("When do you reckon you'll have an answer?", ["next_steps"]),
    ("Would I get to meet the team before you decide?", ["next_steps"]),
    ("How do you plan the menu before the new season starts?", ["good_questions"]),
    ("So, where to from here?", ["next_steps"]),
    ("How far is the depot from here?", []),
    ("so do i just wait to hear or should i ring", ["next_steps"]),
    ("My notice is four weeks. Does that work with your timeline?", ["next_steps"]),
    ("Does that fit with when you need someone?", ["next_steps"]),
    ("Does the new menu fit with your plans for the summer?", ["good_questions"]),
    ("What do people find hardest when they start here?", ["good_questions"]),
    ("When I start, will I get a mentor on the ward?", ["good_questions"]),
    # kit to bring is a term of the job, an idea to bring is the work; an "or" after a hiring question is hiring's
    ("Do I need to bring my own knives or does the kitchen supply them?", []),
    ("Would I be able to bring my own ideas to the menu?", ["good_questions"]),
    ("Also, who is deciding, you or the manager from the regional office?", ["next_steps"]),
    # rota, shifts and breaks are terms of the job, like pay; on-call work and a shift in the market are the work
    ("Are the shifts fixed or do they change week to week?", []),
    ("Is there a pension scheme, and does the company match contributions?", []),
    ("Um, what are the breaks like on a twelve-hour shift?", []),
    ("How does the team split on-call duty?", ["good_questions"]),
    ("What's the biggest shift you expect in the market this year?", ["good_questions"]),
    ("Is she up for this?", []),
    # small talk about the day is not a question about the job; the job's own travel and seasons are
    ("Did you have far to come in today?", []),
    ("How far would I have to travel between the two sites?", ["good_questions"]),
    ("Is the Christmas party for everyone or just office staff?", []),
    ("How busy does the shop get over Christmas?", ["good_questions"]),
    # typed fast, without apostrophes
    ("whens the earliest i could start if its a yes", ["next_steps"]),
    # an ask left undone
    ("I was going to ask about the next steps, but you already told us, so no.", []),
    ("I was going to say, what are the next steps from here?", ["next_steps"]),
    # asked to clarify, the listener clarifies
    ("Could you just clarify the shift pattern for me? Is it four on, four off?", []),
    ("Is there anything I can clarify for you before I go?", ["clarify_doubts"]),
    # asking the listener to judge the speaker is the reservations question in other words
    ("Do you think I'm ready for it? Honestly?", ["reservations"]),
    ("What would make you pick somebody other than me?", ["reservations"]),
    ("Do you think I'd get to use the new kit?", ["good_questions"]),
    # wanting to say or check something is not wanting the job
    ("I want to thank you both, really, it's been a lovely chat.", []),
    ("I want to make sure I've understood the job right: it's mostly the front desk and the phones.", []),
    ("I really want this job, and I want to work with this team.", ["want_the_job"]),
    # how the outcome is told is a next step, not a question about the job
    ("Do I just wait for an email, or will someone ring me?", ["next_steps"]),
    ("Do you mostly deal with customers by email or by phone?", ["good_questions"]),
    # a name put right (typed text: a recognizer writes no capitals)
    ("It was Sentinel we used, not Splunk.", ["clarify_doubts"]),
    ("The referee should be Priya Natarajan, not Priya Nair.", ["clarify_doubts"]),
    ("I'd rather be based in Leeds, not London.", []),
    ("Is the stack Python, not Java?", []),
    # whose mind, whose stand: the other person where the phrase has one
    ("I was worried about the early starts but you've put my mind at rest.", []),
    ("If the early starts worry you, let me put your mind at rest: I'm up at five anyway.", ["clarify_doubts"]),
    ("How do I measure up to what you had in mind for this role?", ["reservations"]),
    # several items at once
    (
        "I really want this job. Do you have any reservations about me? If so I'd be happy to address them. "
        "What does a typical day look like? And what are the next steps?",
        list(CHECKLIST_IDS),
    ),
]


@pytest.mark.parametrize("text,expected", HARD_CASES, ids=[t[:50] for t, _ in HARD_CASES])
def test_hard_cases(matcher: Matcher, text: str, expected: list[str]) -> None:
    assessment = matcher.assess(text)
    assert sorted(assessment.covered) == sorted(expected)
    assert sorted(assessment.missed) == sorted(set(CHECKLIST_IDS) - set(expected))


@pytest.mark.parametrize("text,expected", HARD_CASES, ids=[t[:50] for t, _ in HARD_CASES])
def test_evidence_is_words_of_the_answer(matcher: Matcher, text: str, expected: list[str]) -> None:
    assessment = matcher.assess(text)
    for verdict in assessment.items.values():
        if verdict.covered:
            assert verdict.evidence and verdict.evidence in assessment.transcript
            assert 0 < verdict.score <= 100
        else:
            assert verdict.evidence is None


def test_verdicts_follow_pack_order(matcher: Matcher) -> None:
    assessment = matcher.assess("What happens next? I really want this job.")
    assert list(assessment.items) == list(CHECKLIST_IDS)
    assert assessment.covered == ["want_the_job", "next_steps"]


def test_evidence_quotes_the_clause_not_the_whole_answer(matcher: Matcher) -> None:
    text = "Thanks for your time today. I'd love to join the team. So what happens next?"
    assessment = matcher.assess(text)
    assert assessment.items["next_steps"].evidence == "what happens next"
    assert assessment.items["want_the_job"].evidence == "I'd love to join the team"


def test_empty_and_filler_only_answers_cover_nothing(matcher: Matcher) -> None:
    for text in ("", "   ", "um uh hmm", "uh um er ah"):
        assessment = matcher.assess(text)
        assert assessment.covered == []


def test_a_users_own_pack_gets_the_same_generic_rules(tmp_path: Path) -> None:
    data = {
        "name": "mine",
        "prompts": ["Anything else?"],
        "items": {
            "ask_about_budget": {
                "title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                "phrases": ["what is the budget for this project", "how much funding does the project have"],
            },
            "thank_them": {
                "title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                "phrases": ["thank you for your time"],
            },
        },
    }
    mine = Matcher(parse_pack(data, tmp_path / "mine.toml"))
    assert mine.assess("um so whats the budget for the project").covered == ["ask_about_budget"]
    # a statement about the budget does not ask about it
    assert mine.assess("The budget for my project is fine.").covered == []
    assert mine.assess("Thanks so much for your time today.").covered == ["thank_them"]


CLAUSES = [
    ("i really want this job what are the next steps", ["i really want this job", "what are the next steps"]),
    ("no i think thats it", ["no i think thats it"]),
    ("how many vacation days do you offer", ["how many vacation days do you offer"]),
    ("i love what you build and do you have any concerns", ["i love what you build", "and do you have any concerns"]),
]


@pytest.mark.parametrize("text,asks", [
    ("what software does the estimating team use", "direct"),
    ("which bit of the job do people usually find hardest", "direct"),
    ("which bit of the job people find hardest is the paperwork", ""),
    ("And after this, is there another interview", "direct"),
    ("Before that, there was a gap in my CV", ""),
    ("what concerns do you have", "direct"),
    ("what i liked most was the team", ""),
    ("i need to know i'll be home by six", ""),
    ("i need to know when you'll decide", "request"),
    ("i'd be interested in how the practice splits the work", "request"),
    ("i'd be interested in cycling to work", ""),
])
def test_questions_told_from_wording(text: str, asks: str) -> None:
    assert [c.question for c in split_clauses(tokenize(text))] == [asks]


@pytest.mark.parametrize("text,expected", CLAUSES)
def test_clauses_without_punctuation(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    got = [text[tokens[c.start].start : tokens[c.end - 1].end] for c in split_clauses(tokens)]
    assert got == expected


# Regression floors, below the figures `voicecoach bench matching` prints: a change that makes the matcher
# worse on text it was not tuned on fails here. heldout-b, -c and -d were written by people who never saw the banks.
@pytest.mark.parametrize("part,floor", [("heldout", 0.92), ("heldout-recognized", 0.82), ("heldout-b", 0.86),
                                        ("heldout-b-recognized", 0.68), ("heldout-c", 0.86), ("heldout-c-recognized", 0.65),
                                        ("heldout-d", 0.86), ("heldout-d-recognized", 0.68), ("heldout-e", 0.86), ("heldout-e-recognized", 0.68),
                                        ("heldout-f", 0.84), ("heldout-f-recognized", 0.68),
                                        ("dev", 0.95)])
def test_corpus_macro_f1_stays_above_floor(matcher: Matcher, part: str, floor: float) -> None:
    answers = load_answers(DATA_DIR / SETS[part])
    found = [frozenset(matcher.assess(a.text).covered) for a in answers]
    assert macro_f1(score_items(list(CHECKLIST_IDS), [a.labels for a in answers], found)) >= floor


def test_corpus_is_big_and_varied_enough() -> None:
    parts = {name: load_answers(DATA_DIR / file) for name, file in SETS.items() if (DATA_DIR / file).is_file()}
    written = {name: answers for name, answers in parts.items() if not name.endswith("-recognized")}
    everything = [a for answers in written.values() for a in answers]
    assert len(everything) >= 250
    assert sum(1 for a in everything if not a.labels) >= len(everything) / 4
    assert all(a.labels <= set(CHECKLIST_IDS) for answers in parts.values() for a in answers)
    assert {"heldout-recognized", "heldout-b-recognized", "dev-recognized"} <= set(parts)
    for name, answers in written.items():
        heard = parts.get(f"{name}-recognized")
        assert heard is None or [a.labels for a in heard] == [a.labels for a in answers], name
    dev_texts = {a.text for name, answers in written.items() if name.startswith("dev") for a in answers}
    heldout_texts = {a.text for name, answers in written.items() if name.startswith("heldout") for a in answers}
    assert not dev_texts & heldout_texts


def test_sound_alike_uses_the_recognizers_pronunciations() -> None:
    from voicecoach.matching import looks_heard
    from voicecoach.recognizer import bundled_model_dir
    from voicecoach.soundalike import load_pronunciations

    say = load_pronunciations(bundled_model_dir() / "pronounciation-dictionary.dict")
    # "hiring" and "firing" differ by their first phone only; "hiring" and "process" share nothing
    assert len(say["hiring"]) == len(say["firing"]) and say["hiring"][1:] == say["firing"][1:]
    assert say["hiring"][0] != say["firing"][0]
    assert looks_heard("when might i expect to hear back") and not looks_heard("When might I expect to hear back?")
