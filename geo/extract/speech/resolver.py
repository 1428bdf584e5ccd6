"""``SpeakerResolver``: attributions in article order resolved to full speakers (surnames, pronouns,
roles)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from geo.extract.sides import (
    COMBATANTS,
    UNKNOWN,
    infer_side,
    side_scores,
)
from geo.extract.speech.attribution import (
    _BIGRAM,
    _DESCRIPTION_HEAD_SPLIT,
    _role_words,
    _same_surname,
    _surname,
)
from geo.extract.speech.phrases import (
    _COUNTRY_SPEAKERS,
    _DETERMINERS,
    _FORCES,
    _NATIONALITIES,
    _OFFICIAL_WORDS,
    _ORG_HEADS,
    _PRONOUNS,
    _TITLES,
    _TITLES_OR_NATIONALITIES,
    UNKNOWN_SPEAKER,
    Attribution,
    Speaker,
    _clean_token,
)
from geo.text.sentences import Sentence


class SpeakerResolver:
    """Resolves attributions, in article order, to full speakers (see the module docstring)."""

    def __init__(
        self,
        text: str,
        place_sides: Mapping[int, Sequence[tuple[str, str]]] | None = None,
        sentences: Sequence[Sentence] = (),
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.place_sides = place_sides or {}  # sentence → (place surface, side of its country)
        self.people: list[Speaker] = []  # most recent last
        self.named: list[Speaker] = []  # people named but not quoted: for roles and surnames, not pronouns
        self.others: list[Speaker] = []  # organisations and descriptions, most recent last
        self.genders: dict[str, str] = {}
        self._bigrams: list[tuple[int, str, str]] | None = None
        self._bigram_scan: Iterator[re.Match[str]] = iter(())

    def _remember(self, speaker: Speaker) -> Speaker:
        pool = self.people if speaker.kind == "person" else self.others
        pool[:] = [p for p in pool if p.name != speaker.name] + [speaker]
        return speaker

    def resolve(self, att: Attribution, context: str = "") -> Speaker:
        """The speaker an attribution refers to; registers new named speakers for later references."""
        kind = att.kind
        if kind == "subject":
            kind = (
                "pronoun"
                if att.surface.lower() in _PRONOUNS
                else ("person" if not att.organisation and att.name else "organisation")
            )
        if kind == "pronoun":
            return self._pronoun(att.surface.lower(), att.sentence)
        if kind == "person":
            return self._person(att, context)
        if kind == "organisation":
            side = _COUNTRY_SPEAKERS.get(att.name.lower()) or infer_side(
                att.role, att.name, att.organisation, context
            )
            if side == UNKNOWN:
                side = self._place_side(att.sentence, f"{att.name} {att.role}")
            return self._remember(
                Speaker(att.name, att.role, side, "organisation", att.organisation, att.sentence)
            )
        if kind == "description":
            return self._description(att, context)
        return UNKNOWN_SPEAKER

    def _pronoun(self, pronoun: str, sentence: int) -> Speaker:
        gender = _PRONOUNS.get(pronoun, "")
        if gender in ("m", "f"):
            for p in reversed(self.people):
                if self.genders.get(p.name, gender) == gender:
                    self.genders[p.name] = gender
                    return self._remember(replace(p, sentence=sentence))
            return UNKNOWN_SPEAKER
        pool = self.others if gender in ("o", "p") else self.people
        if pool:
            return self._remember(replace(pool[-1], sentence=sentence))
        return UNKNOWN_SPEAKER

    def _person(self, att: Attribution, context: str) -> Speaker:
        name = att.name
        known = None
        if len(name.split()) == 1:
            known = next((p for p in reversed(self.people) if _same_surname(_surname(p.name), name)), None)
            if known is None:
                known = next((p for p in reversed(self.named) if _same_surname(_surname(p.name), name)), None)
            if known is None:
                full = self._full_name_in_text(name, att.verb_start)
                if full:
                    name = full
        else:
            known = next((p for p in reversed(self.people) if p.name == name), None)
            if known is None:
                known = next((p for p in reversed(self.named) if p.name == name), None)
        if known is not None and not att.role:
            return self._remember(replace(known, sentence=att.sentence))
        role = att.role or (known.role if known else "")
        org = att.organisation or (known.organisation if known else "")
        name = known.name if known else name
        side = infer_side(role, "", org, "")
        if side == UNKNOWN and known is not None:
            side = known.side
        if side == UNKNOWN:
            side = self._side_of_named_body(role, att.sentence)
        if side == UNKNOWN:
            side = self._place_side(att.sentence, f"{role} {org}")
        if side == UNKNOWN:
            side = infer_side("", name, "", context)
        if side == UNKNOWN and _OFFICIAL_WORDS & _role_words(role) and _role_words(role) <= _TITLES:
            side = self._official_side(att.sentence)
        return self._remember(Speaker(name, role, side, "person", org, att.sentence))

    def _official_side(self, sentence: int) -> str:
        """An official whose title names no country ("Foreign Minister X said Ukraine's partners …"): the
        combatant the sentence and the one before speak of, unless a Western or neutral cue is there too."""
        if not self.sentences or not 0 <= sentence < len(self.sentences):
            return UNKNOWN
        here = self.sentences[sentence]
        first = self.sentences[max(sentence - 1, 0)]
        if "\n" in self.text[first.end : here.start]:
            first = here  # the previous sentence belongs to another paragraph
        # forces named in the text say what the speaker talks about, not whom they speak for
        scores = side_scores(_FORCES.sub(" ", self.text[first.start : here.end]))
        if set(scores) - set(COMBATANTS):
            return UNKNOWN
        ranked = sorted(scores.items(), key=lambda kv: -kv[1][0])
        if len(ranked) == 1 or (ranked and ranked[0][1][0] > ranked[1][1][0]):
            return ranked[0][0]
        return UNKNOWN

    def _place_side(self, sentence: int, text: str) -> str:
        """ "the governor of the Romny region": the side of the country a place in ``text`` lies in."""
        for surface, side in self.place_sides.get(sentence, ()):
            if surface and surface in text:
                return side
        return UNKNOWN

    def introduce(self, name: str, role: str, sentence: int) -> None:
        """Register a person the text introduces without quoting ("Chechen leader Ramzan Kadyrov, a close
        ally of …, complained"), so later surname and pronoun references find the full name and role."""
        if any(p.name == name for p in self.people):
            return
        side = infer_side(role, name)
        if side == UNKNOWN:
            side = self._place_side(sentence, role)
        self._remember(Speaker(name, role, side, "person", "", sentence))

    def name(self, name: str, role: str, sentence: int) -> None:
        """Note a person the text names without quoting or introducing ("Olena Marchuk has accused
        …", "talks with Ukraine's foreign minister Ihor Bondar") for later role references and surnames;
        pronouns do not reach them."""
        if any(p.name == name for p in self.people):
            return
        side = infer_side(role, name)
        if side == UNKNOWN:
            side = self._place_side(sentence, role)
        self.named[:] = [p for p in self.named if p.name != name] + [
            Speaker(name, role, side, "person", "", sentence)
        ]

    def _by_role(self, wanted: set[str], sentence: int) -> Speaker | None:
        """ "the Ukrainian president", "the defence minister", "the governor": the most recent person whose
        role holds the title words and whose side fits the nationality word; else a person named without a
        role in the last two sentences whose side fits ("Olena Marchuk has accused … the Ukrainian
        president wrote")."""
        nationality = {w for w in wanted if w in _NATIONALITIES}
        titles = wanted - nationality
        if not titles or not titles <= _TITLES or len(nationality) > 1:
            return None
        side = infer_side(next(iter(nationality))) if nationality else UNKNOWN

        def fits(p: Speaker) -> bool:
            return not nationality or p.side in (side, UNKNOWN)

        pool = sorted(self.people + self.named, key=lambda p: p.sentence)
        for p in reversed(pool):
            if titles <= _role_words(p.role) and fits(p):
                known = side if p.side == UNKNOWN else p.side
                return self._remember(replace(p, side=known, sentence=sentence))
        for p in reversed(pool):
            if sentence - p.sentence > 2:
                break
            if not p.role and fits(p):
                role = " ".join(sorted(nationality)).capitalize() + " " + " ".join(sorted(titles))
                known = side if p.side == UNKNOWN else p.side  # "the Russian official": Russian
                return self._remember(replace(p, role=role.strip(), side=known, sentence=sentence))
        return None

    def _side_of_named_body(self, role: str, sentence: int) -> str:
        """ "ministry spokesman X" right after "Russia's defence ministry said": the body's side."""
        heads = {w for w in _role_words(role) if w in _ORG_HEADS}
        for other in reversed(self.others):
            if sentence - other.sentence > 3:
                break
            if heads & (_role_words(other.name) | _role_words(other.role)) and other.side != UNKNOWN:
                return other.side
        return UNKNOWN

    def _full_name_in_text(self, surname: str, before: int) -> str:
        if self._bigrams is None:  # capitalised word pairs of the text, scanned lazily up to ``before``
            self._bigrams = []
            self._bigram_scan = _BIGRAM.finditer(self.text)
        while not self._bigrams or self._bigrams[-1][0] <= before:
            m = next(self._bigram_scan, None)
            if m is None:
                break
            self._bigrams.append((m.end(), m.group(1), m.group(2)))
        for end, first, last in self._bigrams:
            if end > before:
                break
            if _same_surname(last, surname) and first.lower() not in _TITLES_OR_NATIONALITIES:
                return f"{first} {last}"
        return ""

    def _description(self, att: Attribution, context: str) -> Speaker:
        phrase = att.surface.strip()
        words = phrase.split()
        if words and words[0].lower() == "the":
            wanted = _role_words(" ".join(words[1:]))
            if wanted:
                for p in reversed(self.people + self.others):
                    if wanted <= _role_words(p.role) | _role_words(p.name):
                        if p.kind == "person" and wanted <= _ORG_HEADS:
                            # "the ministry" → "Russian Defense Ministry" of the spokesman's role
                            body = _body_in_role(p.role, wanted)
                            if body:
                                return self._remember(
                                    Speaker(body, "", p.side, "organisation", body, att.sentence)
                                )
                        return self._remember(replace(p, sentence=att.sentence))
                known = self._by_role(wanted, att.sentence)
                if known is not None:
                    return known
        head = _DESCRIPTION_HEAD_SPLIT.split(phrase)[0]
        side = infer_side(phrase, head, "", context)
        if side == UNKNOWN:
            side = self._place_side(att.sentence, phrase)
        if words and words[0].lower() == "the" and side != UNKNOWN:
            recent = [p for p in self.others if p.kind == "organisation" and att.sentence - p.sentence <= 5]
            if recent and recent[-1].side == side:
                return self._remember(replace(recent[-1], sentence=att.sentence))
        return self._remember(
            Speaker(head, phrase if phrase != head else "", side, "description", "", att.sentence)
        )


def _body_in_role(role: str, heads: set[str]) -> str:
    """The organisation a role names up to its head word ("Russian Defense Ministry Spokesman" → "Russian
    Defense Ministry"), or ""."""
    tokens = role.split()
    ends = [k for k, t in enumerate(tokens) if _clean_token(t) in heads]
    if not ends:
        return ""
    body = [t for t in tokens[: ends[-1] + 1] if _clean_token(t) not in _DETERMINERS]
    return " ".join(body).strip(" ,") if len(body) >= 2 else ""
