"""Checklist matching: which close checklist items an answer covers, with the words that show it.

The generic phrase-bank scoring: each clause of the answer against every bank phrase (weighted word overlap in the
densest window), with the checks that hold for every item (negation, whose words they are, a question's shape) and
phrases heard by their sound. What is particular to one item lives in rules/<item_id>.py and is called here by the
item's id, through the registry (rules/registry.py)."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.checklist import negation
from voicecoach.checklist.bank import Phrase, PhraseBank, best_window, indefinite
from voicecoach.checklist.clauses import LEADING_WORDS, LONGEST_QUOTE, Clause, split_clauses
from voicecoach.checklist.heard import looks_heard
from voicecoach.checklist.layer import shipped_layer
from voicecoach.checklist.rules.registry import (
    RULES,
    AnswerContext,
    ItemRules,
    MatchContext,
    QuestionContext,
    question_rules,
)
from voicecoach.checklist.soundalike import SoundAlike, load_pronunciations
from voicecoach.checklist.topics import is_content
from voicecoach.checklist.verdicts import Assessment, ItemVerdict
from voicecoach.checklist.words import Token, tokenize
from voicecoach.packs.pack import ClosingPack

_MINE = frozenset({"my", "me"})


@dataclass
class _Match:
    score: float
    clause: Clause
    lo: int
    hi: int
    phrase: Phrase | None


_NO_MATCH = _Match(0.0, Clause(0, 0, ""), 0, 0, None)


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
    sound_alike_cutoff: float | None = 76.0
    """partial_ratio (0-100) on phone strings at which a phrase heard by its sound covers an item of a user's own
    pack (the checklist's items register their own cutoffs); None: not heard by sound."""

    def __init__(self, pack: ClosingPack, pronunciations: dict[str, str] | None = None, learned: bool = True):
        """pronunciations: word -> phones (see soundalike.py); by default the default recognizer's dictionary.
        learned: let the learned layer (layer.py) revise each verdict, when its weights were trained on this
        pack's phrase banks; False gives the rules alone."""
        self.pack = pack
        self.ids = [item.id for item in pack.items]
        self._rules = [RULES.get(i, ItemRules(i, sound_cutoff=self.sound_alike_cutoff)) for i in self.ids]
        """Each item's own rules; an item of a user's own pack has none but the default sound-alike cutoff."""
        self._question_rules = question_rules()
        if pronunciations is None:
            from voicecoach.engines.registry import pronouncing_dictionary  # the recognizer's own pronunciations

            pronunciations = load_pronunciations(pronouncing_dictionary())
        self.pronunciations = pronunciations
        self.bank = PhraseBank(pack, pronunciations.keys())
        self._sounds = SoundAlike([(p.item, p.tokens) for p in self.bank.phrases], pronunciations)
        self.layer = shipped_layer(pack, pronunciations) if learned else None

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
        """Clauses an item's phrase matched: a question there is that item's, not a new one for a question rule."""
        for k, clause in enumerate(clauses):
            in_clause: dict[int, _Match] = {}
            for m in self._clause_matches(tokens, clause, heard):
                if m.score > in_clause.get(m.phrase.item, _NO_MATCH).score:
                    in_clause[m.phrase.item] = m
                if self._rules[m.phrase.item].claims:
                    claimed.add(k)
            for item, m in in_clause.items():
                # One clause usually does one job: a near-miss from another item's bank is an echo. Statements
                # run together when punctuation is missing, so there a match on other words stands alone.
                top = max((o.score for o in in_clause.values()
                           if clause.is_question or (o.lo < m.hi and m.lo < o.hi)), default=0.0)
                if m.score >= top - self.clause_margin and m.score > best.get(item, _NO_MATCH).score:
                    best[item] = m
        if heard:
            for lo, hi in self._add_sound_alikes(tokens, clauses, best):
                # a misheard "is there anything that gives you pause" is that item's question, not a new one
                claimed.update(k for k, c in enumerate(clauses) if c.start < hi and lo < c.end)
        self._take_questions(tokens, clauses, best, claimed, heard)
        answer = AnswerContext(text, tokens, clauses, heard)
        for i, rules in enumerate(self._rules):
            for add in rules.additions:
                found = add(answer) if best.get(i, _NO_MATCH).score < self.threshold else None
                if found is not None:
                    clause = found.clause or Clause(found.lo, found.hi, "")
                    self._cover(best, i, _Match(found.score, clause, found.lo, found.hi, None))
        verdicts = {}
        for i, item_id in enumerate(self.ids):
            m = best.get(i)
            score = round(m.score, 1) if m else 0.0
            covered = m is not None and m.score >= self.threshold
            evidence = _evidence(text, tokens, m) if covered else None
            phrase = m.phrase.text if covered and m.phrase else None
            verdicts[item_id] = ItemVerdict(item_id, covered, score, evidence, phrase)
        return Assessment(transcript=text, items=verdicts)

    def _clause_matches(self, tokens: list[Token], clause: Clause, heard: bool) -> list[_Match]:
        hits: list[tuple[int, str]] = []
        bound: dict[int, float] = {}
        seen: set[str] = set()
        for pos in range(clause.start, clause.end):
            for key in self.bank.keys_of(tokens[pos], heard):
                hits.append((pos, key))
                if key not in seen:
                    seen.add(key)
                    for p in self.bank.index[key]:
                        bound[p] = bound.get(p, 0.0) + self.bank.phrases[p].weights[key]
        matches = []
        for p, got in bound.items():
            phrase = self.bank.phrases[p]
            if 100.0 * got / phrase.total < self.threshold:
                continue
            score, lo, hi, content = best_window(hits, phrase)
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
            if not phrase.denies and negation.negated_at(tokens, max(clause.start, lo - 4), hi):
                continue
            if not clause.is_question and any(
                phrase.weights[key] >= 1.0 and key not in phrase.owned
                and negation.owned_by_speaker(tokens, pos, clause.start)
                or key not in phrase.indefinite and is_content(tokens[pos].word)
                and indefinite(tokens, pos, clause.start)
                for pos, key in hits if lo <= pos < hi and key in phrase.weights
            ):
                # "my next step is ..." is the speaker's own; "I want a job that pays" is any job, not this one
                continue
            others_doing = negation.someone_else_does(tokens, hits, phrase.weights, phrase.agents, lo, hi, clause.start)
            if not clause.is_question and others_doing:
                continue  # "thanks for explaining": the listener's doing, not the speaker's
            if (negation.other_person(tokens, hits, phrase.whose, lo, hi, clause.start)
                    or negation.wants_to_do_else(tokens, phrase.words, lo, hi)):
                continue
            vetoes = self._rules[phrase.item].vetoes
            if vetoes:
                found = MatchContext(tokens, clause, lo, hi, phrase.words, heard,
                                     tuple(pos for pos, _ in hits if lo <= pos < hi), others_doing)
                if any(veto(found) for veto in vetoes):
                    continue
            matches.append(_Match(score, clause, lo, hi, phrase))
        return matches

    def _take_questions(self, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match], claimed: set[int],
                        heard: bool) -> None:
        """Give each question no phrase claimed to the first item's question rule that takes it."""
        uncovered = frozenset(i for n, i in enumerate(self.ids) if best.get(n, _NO_MATCH).score < self.threshold)
        for k, clause in enumerate(clauses):
            if clause.question not in ("direct", "request") or k in claimed:
                continue
            banks = tuple(frozenset(self.ids[i] for key in self.bank.keys_of(t, heard)
                                    for i in self.bank.items_of_key[key])
                          for t in tokens[clause.start : clause.end])
            question = QuestionContext(tokens, clauses, k, heard, uncovered, frozenset(claimed), banks)
            for _, rule in self._question_rules:
                take = rule(question)
                if take is None:
                    continue
                if take.item in self.ids:
                    self._cover(best, self.ids.index(take.item), _Match(take.score, clause, clause.start, clause.end,
                                                                        None))
                if take.claim:
                    claimed.add(k)
                break

    @staticmethod
    def _cover(best: dict[int, _Match], item: int, m: _Match) -> None:
        if m.score > best.get(item, _NO_MATCH).score:
            best[item] = m

    def _add_sound_alikes(self, tokens: list[Token], clauses: list[Clause], best: dict[int, _Match]
                          ) -> list[tuple[int, int]]:
        """Cover what the words missed with a phrase that sounds like part of the answer (misheard words);
        returns the token spans heard."""
        spelled = None
        spans = []
        for item, rules in enumerate(self._rules):
            if rules.sound_cutoff is None or best.get(item, _NO_MATCH).score >= self.threshold:
                continue
            spelled = spelled or self._sounds.spell(tokens)
            for heard in self._sounds.hear(spelled, item, rules.sound_cutoff):
                phrase = self.bank.phrases[heard.phrase]
                if not phrase.denies and negation.negated_at(tokens, max(0, heard.lo - 3), heard.hi):
                    continue  # "I don't have any reservations" sounds like asking for them
                if (not any(t.word in _MINE for t in phrase.tokens)
                        and any(t.word in _MINE for t in tokens[heard.lo : heard.hi + 2])):
                    continue  # "the next step for me is ..." is the speaker's own
                clause = next(c for c in clauses if c.start <= heard.lo < c.end)
                found = MatchContext(tokens, clause, heard.lo, heard.hi, phrase.words, True)
                if any(skip(found) for skip in rules.sound_skips):
                    continue
                best[item] = _Match(heard.score, Clause(heard.lo, heard.hi, ""), heard.lo, heard.hi, phrase)
                spans.append((heard.lo, heard.hi))
                break
        return spans


def _evidence(text: str, tokens: list[Token], m: _Match) -> str:
    """The words to quote back: the clause without its leading "and so", or the matched stretch if long."""
    lo, hi = m.clause.start, m.clause.end
    while lo < m.lo and tokens[lo].word in LEADING_WORDS:
        lo += 1
    if hi - lo > LONGEST_QUOTE:
        lo, hi = m.lo, m.hi
    return text[tokens[lo].start : tokens[hi - 1].end]
