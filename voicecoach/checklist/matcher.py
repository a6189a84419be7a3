"""Checklist matching: which close checklist items an answer covers, with the words that show it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from voicecoach.checklist.rules import clarify_doubts, good_questions, next_steps, reservations, want_the_job
from voicecoach.checklist.rules import clarify_doubts as corrections
from voicecoach.checklist.clauses import (AUXILIARIES, DISCOURSE, LEADING_WORDS, LONGEST_QUOTE, WH_WORDS, Clause, past_openers,
                                split_clauses)
from voicecoach.checklist.rules.next_steps import DECIDING, HEARING, about_stages, asks_start, asks_when_known, only_about_deciding
from voicecoach.checklist.layer import shipped_layer
from voicecoach.checklist.negation import (DESIRES, NEGATORS, PERSONS, agent_at, liked_before, negated_at, other_person,
                                 owned_by_speaker, wants_another, wants_to_do_else, wants_to_say)
from voicecoach.packs.pack import ClosingPack
from voicecoach.checklist.rules.good_questions import about_perks
from voicecoach.checklist.soundalike import SoundAlike, load_pronunciations
from voicecoach.checklist.topics import (about_speaker, asks_leave, business_next, doubt_about_a_thing, follows_up, is_content,
                               judges_speaker, names_hiring_process, on_call, other_process, small_talk)
from voicecoach.checklist.words import PRONOUN_GROUPS, STOPWORDS, SYNONYMS, Token, find_phrase, tokenize


@dataclass(frozen=True)
class ItemVerdict:
    """The verdict on one checklist item."""

    id: str
    covered: bool
    score: float
    """0-100: how strongly the answer shows the item."""
    evidence: str | None
    """The exact words of the answer that show it, or None."""
    phrase: str | None = None
    """The pack phrase the evidence matched best, or None (also None for a question found by shape)."""
    confidence: float | None = None
    """The learned layer's probability (0-1) that the answer covers the item; None when the rules decided alone."""

    @property
    def strength(self) -> float:
        """0-100, the layer's probability when it decided, else the rules' score."""
        return self.score if self.confidence is None else round(100 * self.confidence, 1)

    def to_json(self) -> dict:
        return {"covered": self.covered, "score": self.score, "confidence": self.confidence, "evidence": self.evidence}


@dataclass(frozen=True)
class Assessment:
    """What an answer covered of the checklist, in the pack's order."""

    transcript: str
    items: dict[str, ItemVerdict]

    @property
    def covered(self) -> list[str]:
        return [i for i, v in self.items.items() if v.covered]

    @property
    def missed(self) -> list[str]:
        return [i for i, v in self.items.items() if not v.covered]


CLARIFY_ITEM = clarify_doubts.ID
"""The item a self-correction or an answered weak spot covers, whatever its words."""
QUESTIONS_ITEM = good_questions.ID
NEXT_ITEM = next_steps.ID
WANT_ITEM = want_the_job.ID
RESERVATIONS_ITEM = reservations.ID
_BLUNT_WANTS = frozenset(tuple(said.split()) for said in (
    "i want it", "i want this", "i want in", "sign me up", "i want this one", "i am in", "i want the job",
    "i would take it", "count me in", "up for it", "where do i sign", "i want to work here",
    "i want to work for you", "i want to work with you", "i am up for this", "i am up for it",
    "i would be up for it", "i would be up for this", "this is the one", "i would like this", "i would love this",
    "i would like this one", "i would love this one", "i am after this one", "i would rather be here",
    "i would rather come here", "when can i sign", "i hope it is me", "i hope you pick me", "i hope you choose me",
    "i hope i get it", "i hope i get this", "i hope i get this one", "i hope to be selected", "i would accept",
    "i would accept it",
))
"""Whole statements that want the job in three to six words (contractions expanded: "I'd" is "i would")."""
_WANT_OPENERS = DISCOURSE | {"because", "cause", "aye", "look", "listen"}
_WANT_FILLERS = frozenset({"really", "honestly", "properly", "just", "totally", "much", "well", "basically", "definitely",
                           "absolutely"})
_CHOOSING_THIS = tuple(tuple(said.split()) for said in (
    "i would prefer this to anything", "i would prefer this one", "i would prefer this over", "i would pick this one",
    "i would choose this one", "i would turn it down for this", "id turn it down for this",
    "i would turn that down for this", "i would turn them down for this", "i would take this over",
))
"""This job chosen over others ("I'd take this over the Accenture offer"), anywhere in a statement."""
_VOCATIVES = frozenset({"chef", "mate", "sir", "madam", "maam", "boss", "guys", "folks", "everyone", "all"})
_TRAILING = frozenset({"seriously", "then", "tomorrow", "today", "straight", "away", "straightaway", "immediately",
                       "do", "i"})
"""Words that may end a whole-statement want: "count me in, seriously", "I'd take it tomorrow", "I'd take it
straight away", "I hope it's me, I really do"."""
_WANTING = frozenset({"want", "love", "like", "happy", "glad", "keen", "proud", "honoured", "honored", "thrilled",
                      "delighted"})
"""Feelings that want the job when they go with doing it for the listener: "I'd be honoured to drive for you"."""
_WORKING = frozenset({"work", "start", "join"})
"""Doing the job itself, which wants it when gladly done here: "I'd be happy to start here"."""
_SOMEDAY = frozenset({"someday", "eventually", "future", "later"})
"""Words that put working here off to another time: "I want to work here eventually"."""
_SOMEDAY_PAIRS = frozenset({("one", "day"), ("some", "day"), ("few", "years"), ("couple", "years"), ("of", "years")})
"""Word pairs that put it off too ("one day", "in a few years"), where "from day one" and "for years" do not."""

_HIRING_STEPS = DECIDING | HEARING | {"start", "starting", "begin"}
"""Words that keep a judging clause's next step: "... flag to whoever makes the decision?"."""
_STOP_WEIGHT = 0.25
_PRONOUN_WEIGHT = 0.6
_WH_WEIGHT = 0.6
_CONTENT_FLOOR = 0.65


@dataclass(frozen=True)
class _Phrase:
    item: int
    text: str
    keys: tuple[str, ...]
    weights: dict[str, float]
    total: float
    asks: bool
    denies: bool
    owned: frozenset[str]
    indefinite: frozenset[str]
    """Keys the phrase itself says with "a"/"an"/"some" ("accept an offer"), so "a job" may match them."""
    agents: dict[str, str]
    """Who does each of the phrase's words, where its subject says so: "speaker" ("I can explain") or "listener"."""
    tokens: list[Token]
    words: tuple[str, ...]
    span: int
    function_only: bool
    """No word of the phrase carries meaning on its own ("how did I do?"): it must be there whole."""
    content: float
    """Weight of the words that carry meaning (not stopwords, pronouns or wh-words)."""
    whose: dict[str, str]
    """Person ("i" or "you") just before a meaning-carrying word: "put *your* mind at ease", "where do *I* stand"."""


@dataclass
class _Match:
    score: float
    clause: Clause
    lo: int
    hi: int
    phrase: _Phrase | None


class Matcher:
    """Scores answers against one pack's checklist; build once, call `assess` per answer."""

    threshold = 60.0
    """Share (0-100) of a phrase's weighted words an answer's clause must show; chosen on the dev corpus."""
    content_share = 0.34
    """Share of a phrase's meaning-carrying words that must be there too, so "is there anything" alone is not enough."""
    clause_margin = 12.0
    """A second item found in the same clause counts only if it scores within this of the best."""
    statement_in_question = 0.8
    """Factor on a statement phrase's score when the clause asks something ("I'd love to know ...")."""
    fuzzy_min_letters = 6
    """Shorter words are not looked up by spelling: too many of them are one letter apart ("sorry", "worry")."""
    fuzzy_length_change = 1
    """Letters a misheard word may gain or lose against the pack word it stands for."""
    plain_question_words = 3
    """Content words a question that shares no words with the questions item needs to count as one."""
    question_score = 62.0
    """Score given to a real question about the job that no phrase of the questions item matched."""
    correction_score = 70.0
    """Score given to a correction of the speaker's own words, or a weak spot answered, that no phrase matched."""

    sound_alike_cutoffs = {want_the_job.ID: 72.0, reservations.ID: 76.0, clarify_doubts.ID: 76.0, next_steps.ID: 70.0}
    """partial_ratio (0-100) on phone strings at which a phrase heard by its sound covers an item the words
    missed; chosen on the recognized copies of dev, dev-b and dev-c (checked on dev-d's and dev-e's). Items not listed (good_questions: a garbled question still
    sounds like one) are not heard this way."""
    sound_alike_cutoff: float | None = 76.0
    """The same, for the items of a user's own pack; None: not heard by sound."""

    def __init__(self, pack: ClosingPack, pronunciations: dict[str, str] | None = None, learned: bool = True):
        """pronunciations: word -> phones (see soundalike.py); by default the default recognizer's dictionary.
        learned: let the learned layer (layer.py) revise each verdict, when its weights were trained on this
        pack's phrase banks; False gives the rules alone."""
        self.pack = pack
        self.ids = [item.id for item in pack.items]
        parsed = [[tokenize(p) for p in item.phrases] for item in pack.items]
        items_with_key: dict[str, set[int]] = {}
        for i, phrases in enumerate(parsed):
            for toks in phrases:
                for t in toks:
                    items_with_key.setdefault(t.key, set()).add(i)
        self._phrases: list[_Phrase] = []
        self._index: dict[str, list[int]] = {}
        for i, (item, phrases) in enumerate(zip(pack.items, parsed)):
            for text, toks in zip(item.phrases, phrases):
                if not toks:
                    continue
                weights = {t.key: _weight(t, len(items_with_key[t.key])) for t in toks}
                clause = split_clauses(toks)
                phrase = _Phrase(
                    item=i, text=text, keys=tuple(t.key for t in toks), weights=weights,
                    total=sum(weights.values()), asks=any(c.is_question for c in clause),
                    denies=any(t.word in NEGATORS for t in toks),
                    owned=frozenset(t.key for k, t in enumerate(toks) if owned_by_speaker(toks, k, 0)),
                    indefinite=frozenset(t.key for k, t in enumerate(toks) if _indefinite(toks, k, 0)),
                    agents={t.key: a for k, t in enumerate(toks) if (a := agent_at(toks, k, 0))},
                    tokens=toks, words=tuple(t.word for t in toks), span=len(toks),
                    function_only=not any(is_content(t.word) for t in toks),
                    content=sum(w for w in weights.values() if w > _CONTENT_FLOOR),
                    whose={t.key: toks[k - 1].key for k, t in enumerate(toks)
                           if k and toks[k - 1].key in PERSONS and is_content(t.word)},
                )
                for key in weights:
                    self._index.setdefault(key, []).append(len(self._phrases))
                self._phrases.append(phrase)
        # Surface forms the fuzzy lookup may land on: the pack's words and the synonym lists.
        self._surfaces: dict[str, str] = {}
        for toks in (t for phrases in parsed for t in phrases):
            for t in toks:
                if len(t.word) >= 5:
                    self._surfaces.setdefault(t.word, t.key)
        for words in SYNONYMS.values():
            for w in words.split():
                key = tokenize(w)[0].key
                if key in self._index and len(w) >= 5:
                    self._surfaces.setdefault(w, key)
        self._surface_list = list(self._surfaces)
        if pronunciations is None:
            from voicecoach.engines.registry import pronouncing_dictionary  # the recognizer's own pronunciations

            pronunciations = load_pronunciations(pronouncing_dictionary())
        self.pronunciations = pronunciations
        self._sounds = SoundAlike([(p.item, p.tokens) for p in self._phrases], pronunciations)
        self.layer = shipped_layer(pack, pronunciations) if learned else None
        self._lookup: dict[tuple[str, str, bool], tuple[str, ...]] = {}

    def assess(self, text: str) -> Assessment:
        """The checklist verdict on one answer (typed or recognised text)."""
        return self.revise(self.by_rules(text))

    def revise(self, by_rules: Assessment) -> Assessment:
        """The rules' verdict as the learned layer revises it (unchanged without a layer)."""
        return self.layer.revise(by_rules, looks_heard(by_rules.transcript)) if self.layer else by_rules

    def by_rules(self, text: str) -> Assessment:
        """The verdict of the rules alone, before the learned layer (the layer's input)."""
        text = " ".join(text.split())
        tokens = tokenize(text)
        clauses = split_clauses(tokens)
        heard = looks_heard(text)
        best: dict[int, _Match] = {}
        claimed: set[int] = set()
        """Clauses some other item's phrase matched: a question there is that item's, not a new one."""
        for clause in clauses:
            in_clause: dict[int, _Match] = {}
            for m in self._clause_matches(tokens, clause, heard):
                if m.score > in_clause.get(m.phrase.item, _NO_MATCH).score:
                    in_clause[m.phrase.item] = m
                if self.ids[m.phrase.item] != QUESTIONS_ITEM:
                    claimed.add(id(clause))
            for item, m in in_clause.items():
                # One clause usually does one job: a near-miss from another item's bank is an echo. Statements
                # run together when punctuation is missing, so there a match on other words stands alone.
                top = max((o.score for o in in_clause.values()
                           if clause.is_question or (o.lo < m.hi and m.lo < o.hi)), default=0.0)
                if m.score >= top - self.clause_margin and m.score > best.get(item, _NO_MATCH).score:
                    best[item] = m
        if looks_heard(text):
            for lo, hi in self._add_sound_alikes(tokens, clauses, best):
                # a misheard "is there anything that gives you pause" is that item's question, not a new one
                claimed.update(id(c) for c in clauses if c.start < hi and lo < c.end)
        self._add_plain_questions(tokens, clauses, best, claimed, heard)
        self._add_corrections(text, tokens, clauses, best)
        self._add_blunt_wants(tokens, clauses, best)
        verdicts = {}
        for i, item_id in enumerate(self.ids):
            m = best.get(i)
            score = round(m.score, 1) if m else 0.0
            covered = m is not None and m.score >= self.threshold
            evidence = _evidence(text, tokens, m) if covered else None
            phrase = m.phrase.text if covered and m.phrase else None
            verdicts[item_id] = ItemVerdict(item_id, covered, score, evidence, phrase)
        return Assessment(transcript=text, items=verdicts)

    def _keys_of(self, token: Token, heard: bool) -> tuple[str, ...]:
        """Phrase keys a token stands for: its own key, or near spellings ("firing" for "hiring"). In typed text
        (heard False) a word the dictionary knows was meant: a near spelling must be the same word's other form
        ("decides", "decisions"), not another word ("learning" is not "leaving")."""
        cached = self._lookup.get((token.word, token.key, heard))
        if cached is not None:
            return cached
        keys: tuple[str, ...] = (token.key,) if token.key in self._index else ()
        if not keys and len(token.word) >= self.fuzzy_min_letters and token.word not in STOPWORDS:
            # Long words share many letters by chance ("certification", "clarification"): ask for more.
            cutoff = 80 if len(token.word) < 10 else 88
            found = process.extract(token.word, self._surface_list, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
            # a misheard word keeps about its length ("firing" for "hiring"); "seemed" is not "esteemed"
            typed_word = not heard and token.word in self._sounds.known
            keys = tuple(dict.fromkeys(self._surfaces[s] for s, _, _ in found
                                       if abs(len(s) - len(token.word)) <= self.fuzzy_length_change
                                       and not (typed_word and s[:4] != token.word[:4])))
        self._lookup[(token.word, token.key, heard)] = keys
        return keys

    def _clause_matches(self, tokens: list[Token], clause: Clause, heard: bool) -> list[_Match]:
        hits: list[tuple[int, str]] = []
        bound: dict[int, float] = {}
        seen: set[str] = set()
        for pos in range(clause.start, clause.end):
            for key in self._keys_of(tokens[pos], heard):
                hits.append((pos, key))
                if key not in seen:
                    seen.add(key)
                    for p in self._index[key]:
                        bound[p] = bound.get(p, 0.0) + self._phrases[p].weights[key]
        matches = []
        for p, got in bound.items():
            phrase = self._phrases[p]
            if 100.0 * got / phrase.total < self.threshold:
                continue
            score, lo, hi, content = _best_window(hits, phrase)
            if score < self.threshold or content < self.content_share * phrase.content:
                continue
            if phrase.function_only and score < 99.9:
                # a phrase of function words only ("how did I do?") must be there whole
                continue
            if phrase.asks and not clause.is_question:
                continue
            if not phrase.asks and clause.question in ("direct", "request"):
                score *= self.statement_in_question
                if score < self.threshold:
                    continue
            if not phrase.denies and negated_at(tokens, max(clause.start, lo - 4), hi):
                continue
            if not clause.is_question and any(
                phrase.weights[key] >= 1.0 and key not in phrase.owned and owned_by_speaker(tokens, pos, clause.start)
                or key not in phrase.indefinite and is_content(tokens[pos].word) and _indefinite(tokens, pos, clause.start)
                for pos, key in hits if lo <= pos < hi and key in phrase.weights
            ):
                # "my next step is ..." is the speaker's own; "I want a job that pays" is any job, not this one
                continue
            if (not clause.is_question or self.ids[phrase.item] == CLARIFY_ITEM) and self._someone_else_does(
                    tokens, hits, phrase, lo, hi, clause.start):
                # "thanks for explaining", and asked, "could you clarify the shift pattern?": the listener's doing
                continue
            if (other_person(tokens, hits, phrase.whose, lo, hi, clause.start)
                    or wants_to_do_else(tokens, phrase.words, lo, hi)):
                continue
            if self.ids[phrase.item] == WANT_ITEM and (liked_before(tokens, phrase.words, lo, hi)
                                                       or wants_another(tokens, lo, hi)):
                continue
            if self.ids[phrase.item] == QUESTIONS_ITEM and about_perks(tokens, clause.start, clause.end):
                continue
            if (self.ids[phrase.item] == RESERVATIONS_ITEM and not heard and clause.is_question
                    and doubt_about_a_thing(tokens, clause)):
                continue  # typed only: a recognizer mishears the object ("about the fucking game" for "hiring me")
            if self.ids[phrase.item] == NEXT_ITEM and (
                    business_next(tokens, clause) or on_call(tokens, lo, hi) or self._only_judges(tokens, clause)
                    or not heard and other_process(tokens, [pos for pos, _ in hits if lo <= pos < hi])):
                continue
            matches.append(_Match(score, clause, lo, hi, phrase))
        return matches

    @staticmethod
    def _only_judges(tokens: list[Token], clause: Clause) -> bool:
        """Whether a clause asks the listener to judge the speaker and names no step of the hiring: "what would you
        need to see from me to feel sure?" (not "... flag to whoever makes the decision?")."""
        words = [t.word for t in tokens[clause.start : clause.end]]
        return judges_speaker(tokens, clause) and not (
            _HIRING_STEPS.intersection(words) or about_stages(tokens, clause.start, clause.end))

    @staticmethod
    def _someone_else_does(tokens: list[Token], hits: list[tuple[int, str]], phrase: _Phrase, lo: int, hi: int,
                           start: int) -> bool:
        """Whether the answer gives a phrase's verb to the other person: "you explained it well" is not "I can explain"."""
        for pos, key in hits:
            if lo <= pos < hi and phrase.weights.get(key, 0.0) >= 1.0:
                agent = agent_at(tokens, pos, start)
                if agent and agent != phrase.agents.get(key, "speaker"):
                    return True
        return False

    def _add_plain_questions(self, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match],
                             claimed: set[int], heard: bool) -> None:
        """Count a real question about the job that no phrase matched towards the questions item."""
        target = self._uncovered(QUESTIONS_ITEM, best)
        for k, clause in enumerate(clauses):
            if clause.question not in ("direct", "request") or id(clause) in claimed:
                continue
            if judges_speaker(tokens, clause):
                # "do you think I'm ready for it?" asks for the listener's reservations, not about the job
                self._add_question_for(RESERVATIONS_ITEM, clause, best)
                continue
            words = [t.word for t in tokens[clause.start : clause.end]]
            content = [w for w in words if is_content(w)]
            if asks_start(words) or asks_when_known(words) or only_about_deciding(content) \
                    or names_hiring_process(tokens, clause):
                # "When can I start?", "when will you know?", "do I just wait to hear?": hiring's steps, not the job
                self._add_hiring_question(clause, best, claimed)
                continue
            if target is None:
                continue
            on_topic = sum(1 for t in tokens[clause.start : clause.end] if is_content(t.word) and any(
                self._phrases[p].item == target for key in self._keys_of(t, heard) for p in self._index[key]))
            # a question that shares no words with the bank needs enough words of its own to be about the job
            if ((not on_topic and len(content) < self.plain_question_words)
                    or about_perks(tokens, clause.start, clause.end) or about_speaker(tokens, clause)
                    or asks_leave(words) or small_talk(words)):
                continue
            earlier = clauses[k - 1] if k else None
            joined = tokens[clause.start].word if earlier else ""
            if joined == "or" and earlier.is_question and id(earlier) in claimed:
                # "any worries about me, or how I'd fit in": an alternative within another item's question
                continue
            if earlier is not None and follows_up(words) and (
                    id(earlier) in claimed or about_perks(tokens, earlier.start, earlier.end)):
                # "Staff discount - is it from day one?", "who decides - you, or the recruiter?": the earlier topic's
                continue
            if (joined == "or" or joined == "and" and not on_topic) and about_perks(tokens, earlier.start, earlier.end):
                # "is there a laptop, or do I use my own": the second half of a perks question
                continue
            if about_stages(tokens, clause.start, clause.end):
                # "is there a technical exam after this?" asks about the hiring process: a next step, not the job
                self._add_hiring_question(clause, best, claimed)
                continue
            elsewhere = sum(1 for t in tokens[clause.start : clause.end] if is_content(t.word) and any(
                self._phrases[p].item != target for key in self._keys_of(t, heard) for p in self._index[key]))
            if not on_topic and elsewhere >= max(2, len(content) / 2):
                # "how will you decide between candidates": a question on another item's subject is that item's
                continue
            if negated_at(tokens, clause.start, clause.end):
                continue
            score = self.question_score + 4.0 * min(len(content), 4)
            if score > best.get(target, _NO_MATCH).score:
                best[target] = _Match(score, clause, clause.start, clause.end, None)

    def _uncovered(self, item_id: str, best: dict[int, _Match]) -> int | None:
        """The index of an item the pack has and no match has covered yet; None otherwise."""
        if item_id not in self.ids:
            return None
        target = self.ids.index(item_id)
        return None if best.get(target, _NO_MATCH).score >= self.threshold else target

    def _add_question_for(self, item_id: str, clause: Clause, best: dict[int, _Match]) -> None:
        """Count a question that asks another item's question in other words towards that item."""
        if item_id in self.ids:
            target = self.ids.index(item_id)
            if self.question_score > best.get(target, _NO_MATCH).score:
                best[target] = _Match(self.question_score, clause, clause.start, clause.end, None)

    def _add_hiring_question(self, clause: Clause, best: dict[int, _Match], claimed: set[int]) -> None:
        """Count a question about the hiring process as a next step; an "or" after it stays the hiring's ("is it
        another panel, or would it be with the ward manager?")."""
        self._add_question_for(NEXT_ITEM, clause, best)
        claimed.add(id(clause))

    def _add_blunt_wants(self, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match]) -> None:
        """"I want it." / "Sign me up.": a whole statement that says it, too short for a phrase bank to weigh."""
        target = self._uncovered(WANT_ITEM, best)
        if target is None:
            return
        for clause in clauses:
            words = [t.word for t in tokens[clause.start : clause.end]]
            start = past_openers(words, _WANT_OPENERS)
            said = tuple(w for w in words[start:] if w not in _WANT_FILLERS)
            while len(said) > 3 and said not in _BLUNT_WANTS and (
                    said[-1] in DISCOURSE or said[-1] in _VOCATIVES or said[-1] in _TRAILING):
                said = said[:-1]  # "up for it, yeah", "I want in, chef" (not "this is the one")
            if said in _BLUNT_WANTS and (not clause.is_question or said[0] in ("where", "when")):
                best[target] = _Match(self.correction_score, clause, clause.start + start, clause.end, None)
                return
            for k in range(len(words) - 3):
                if (_glad_to_do_the_job(words, k) and "i" in words[max(0, k - 5) : k] and not clause.is_question
                        and not negated_at(tokens, clause.start, min(clause.end, clause.start + k + 5))):
                    lo = clause.start + max(0, k - 5)
                    best[target] = _Match(self.correction_score, clause, lo, min(clause.end, clause.start + k + 5),
                                          None)
                    return
            chosen = find_phrase(words, 0, len(words), _CHOOSING_THIS)
            if chosen is not None and not clause.is_question and not negated_at(tokens, clause.start, clause.end):
                # "I'd turn it down for this", "I'd prefer this to anything else": this job over the others
                best[target] = _Match(self.correction_score, clause, clause.start + chosen, clause.end, None)
                return

    def _add_corrections(self, text: str, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match]) -> None:
        """Count a correction or an answered doubt told by its wording towards the clarify item."""
        target = self._uncovered(CLARIFY_ITEM, best)
        if target is None:
            return
        span = (corrections.self_correction(tokens, clauses) or corrections.figure_put_right(tokens, clauses)
                or corrections.name_put_right(text, tokens, clauses)
                or corrections.reason_for_leaving(tokens, clauses)
                or corrections.topic_return(tokens, clauses)
                or corrections.raised_point_answered(tokens, clauses) or corrections.weak_spot_answered(tokens, clauses)
                or corrections.offer_to_settle(tokens, clauses) or corrections.doubt_met_with_facts(tokens, clauses))
        if span is not None:
            lo, hi = span
            best[target] = _Match(self.correction_score, Clause(lo, hi, ""), lo, hi, None)


    def _add_sound_alikes(self, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match]
                          ) -> list[tuple[int, int]]:
        """Cover what the words missed with a phrase that sounds like part of the answer (misheard words);
        returns the token spans heard."""
        spelled = None
        spans = []
        for item, item_id in enumerate(self.ids):
            cutoff = self.sound_alike_cutoffs.get(item_id, self.sound_alike_cutoff)
            if cutoff is None or item_id == QUESTIONS_ITEM or best.get(item, _NO_MATCH).score >= self.threshold:
                continue
            spelled = spelled or self._sounds.spell(tokens)
            for heard in self._sounds.hear(spelled, item, cutoff):
                phrase = self._phrases[heard.phrase]
                if not phrase.denies and negated_at(tokens, max(0, heard.lo - 3), heard.hi):
                    continue  # "I don't have any reservations" sounds like asking for them
                if (not any(t.word in _MINE for t in phrase.tokens)
                        and any(t.word in _MINE for t in tokens[heard.lo : heard.hi + 2])):
                    continue  # "the next step for me is ..." is the speaker's own
                if item_id == WANT_ITEM and (wants_to_say(tokens, heard.lo, heard.hi, DESIRES)
                                             or liked_before(tokens, phrase.words, heard.lo, heard.hi)):
                    continue  # "i'd like to know about the pension" sounds like "I'd love to join"
                if item_id == NEXT_ITEM and any(c.start <= heard.lo < c.end and business_next(tokens, c)
                                                for c in clauses):
                    continue  # "what happens next for the team now the acquisition's gone through"
                best[item] = _Match(heard.score, Clause(heard.lo, heard.hi, ""), heard.lo, heard.hi, phrase)
                spans.append((heard.lo, heard.hi))
                break
        return spans


def _glad_to_do_the_job(words: list[str], k: int) -> bool:
    """Whether words[k:] gladly do the job for the listener ("want to drive for you", "so happy to bake for you")
    or here ("glad to work in this laboratory", "happy to start here"), and not some other time ("one day")."""
    if words[k] not in _WANTING or words[k + 1] != "to":
        return False
    after = words[k + 4] if k + 4 < len(words) else ""  # "happy to start here" may end the clause
    if words[k + 3] in ("for", "with") and after in ("you", "your"):
        return True
    return (words[k + 2] in _WORKING and (words[k + 3] == "here" or after == "this")
            and not _put_off(words[k + 4 :]))


def _put_off(words: list[str]) -> bool:
    """Whether words put something off to another time: "one day", "eventually", "in a couple of years"."""
    return bool(_SOMEDAY.intersection(words)) or any(pair in _SOMEDAY_PAIRS for pair in zip(words, words[1:]))


def looks_heard(text: str) -> bool:
    """Whether text looks like a recognizer's: no capitals, no punctuation. Typed text is not misheard."""
    return text == text.lower() and not any(mark in text for mark in ".,?!;:")


_MINE = frozenset({"my", "me"})
_NO_MATCH = _Match(0.0, Clause(0, 0, ""), 0, 0, None)
_PRONOUNS = frozenset(PRONOUN_GROUPS)


def _weight(token: Token, items_sharing: int) -> float:
    if token.key in _PRONOUNS:
        return _PRONOUN_WEIGHT
    if token.word in WH_WORDS:
        return _WH_WEIGHT
    if token.word in STOPWORDS or token.word in AUXILIARIES:
        return _STOP_WEIGHT
    # A word several items use ("role", "team") tells them apart less than one only this item uses.
    return 1.0 / math.sqrt(items_sharing)


def _best_window(hits: list[tuple[int, str]], phrase: _Phrase) -> tuple[float, int, int, float]:
    """The densest stretch of the clause holding the phrase's words: (score 0-100, first, after last, content)."""
    mine = [(pos, key) for pos, key in hits if key in phrase.weights]
    if not mine:
        return 0.0, 0, 0, 0.0
    width = max(6, int(phrase.span * 1.8) + 2)
    best, best_lo, best_hi = 0.0, mine[0][0], mine[0][0] + 1
    counts: dict[str, int] = {}
    got = 0.0
    left = 0
    for right, (pos, key) in enumerate(mine):
        if counts.get(key, 0) == 0:
            got += phrase.weights[key]
        counts[key] = counts.get(key, 0) + 1
        while pos - mine[left][0] >= width:
            lkey = mine[left][1]
            counts[lkey] -= 1
            if counts[lkey] == 0:
                got -= phrase.weights[lkey]
            left += 1
        if got > best + 1e-9 or (got > best - 1e-9 and pos + 1 - mine[left][0] < best_hi - best_lo):
            best, best_lo, best_hi = got, mine[left][0], pos + 1
    content = sum(phrase.weights[k] for k in {k for p, k in mine if best_lo <= p < best_hi}
                  if phrase.weights[k] > _CONTENT_FLOOR)
    return 100.0 * best / phrase.total, best_lo, best_hi, content


def _indefinite(tokens: list[Token], i: int, lo: int) -> bool:
    """Whether token i is said of no particular thing: "a job", "an opportunity", "some experience"."""
    return i > lo and tokens[i - 1].word in ("a", "an", "some", "another")


def _evidence(text: str, tokens: list[Token], m: _Match) -> str:
    """The words to quote back: the clause without its leading "and so", or the matched stretch if long."""
    lo, hi = m.clause.start, m.clause.end
    while lo < m.lo and tokens[lo].word in LEADING_WORDS:
        lo += 1
    if hi - lo > LONGEST_QUOTE:
        lo, hi = m.lo, m.hi
    return text[tokens[lo].start : tokens[hi - 1].end]
