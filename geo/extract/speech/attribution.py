"""Attribution clauses: speech and reporting verbs with their speaker phrases, in quotation-masked text."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from geo.extract.speech.phrases import (
    _BOUNDARY_WORDS,
    _DETERMINERS,
    _TITLES,
    _VERB_RE,
    _VERB_STARTS,
    MASK,
    Attribution,
    _clean_token,
    _merged,
    _strip_aux_tail,
    mask_spans,
    parse_speaker_phrase,
)
from geo.text.sentences import Sentence

_WORD_RE = re.compile(r"\b(\w+)\b")
_LEAD_CONJUNCTION = re.compile(r"(?:and|but|or|so|then|yet)\s+", re.IGNORECASE)
_APPOSITIVE_RE = re.compile(r"\s*,\s*([^,;.¤]+?(?:¤+[^,;.¤]*?)*)(?=,|;|\.(?:\s|$)|$)")
_RIGHT_PHRASE_RE = re.compile(r"\s*([^,;.¤]+?)(?=,|;|\.(?:\s|$)|$|¤)")
_RIGHT_TAIL_SPLIT = re.compile(r"\s+(?:on|in|at|during|after|before|to|that)\s+(?=[a-z]|[A-Z][a-z]+day\b)")
_RIGHT_WEEKDAY_TAIL = re.compile(
    r"\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b.*$"
)
_INTRO_CLAUSE = re.compile(
    r"\s*(?:In|On|At|Speaking|After|Before|During|Later|Earlier|Meanwhile|However|Separately|"
    r"By|Following|From|Asked)\b[^,]*,\s*"
)
_TITLE_WORDS = "|".join(sorted(re.escape(t) for t in _TITLES if t.isalpha()))
_SUBJECT_WORD = rf"(?:[A-Z][\w’'.-]*|of|the|for|and|(?:{_TITLE_WORDS})\b)"
# a subject: capitalised words with connectors and lower-case titles ("Chechen leader Ramzan Kadyrov")
_SUBJECT_RE = re.compile(rf"\s*({_SUBJECT_WORD}(?:\s+{_SUBJECT_WORD})*)")
_SUBJECT_PRONOUN = re.compile(r"\s*(he|she|they|it)\b", re.IGNORECASE)
_LOWER_WORDS = re.compile(r"[a-z]+")
_DESCRIPTION_HEAD_SPLIT = re.compile(r"\s+(?:at|in|near|on|from|with|to|who|which|that)\s+")


def _left_segment(masked: str) -> tuple[int, str]:
    """The speaker phrase candidate at the end of ``masked``: (start offset, text) after the last boundary."""
    cut = -1
    for ch in (",", ";", ":", MASK, "(", ")", "—", "–"):
        cut = max(cut, masked.rfind(ch))
    for m in _WORD_RE.finditer(masked, cut + 1):  # words after the last punctuation boundary
        if m.group(1).lower() in _BOUNDARY_WORDS and m.start() > cut:
            cut = max(cut, m.end() - 1)
    start = cut + 1
    while start < len(masked) and masked[start] == " ":
        start += 1
    lead = _LEAD_CONJUNCTION.match(masked[start:])
    if lead:
        start += lead.end()
    return start, masked[start:]


_APPOSITIVE_BAD_START = frozenset(
    "and but which who while as when that where if adding saying noting writing indicating according".split()
)


def _appositive(text: str) -> tuple[int, str]:
    """The appositive at the start of ``text`` (", deputy chief of …," → "deputy chief of …") as
    (offset in ``text``, phrase); (-1, "") when there is none."""
    m = _APPOSITIVE_RE.match(text)
    if not m:
        return -1, ""
    candidate = m.group(1).strip()
    words = candidate.split()
    if not words:
        return -1, ""
    first = words[0].lower()
    if first in _APPOSITIVE_BAD_START or first.endswith("ing"):
        return -1, ""
    if (
        first in ("a", "an", "the")
        or words[0][0].islower()
        or (len(words) >= 2 and any(w[0].islower() for w in words[1:]))
    ):
        return m.start(1), candidate
    return -1, ""


def _right_phrase(masked: str) -> tuple[int, str, int, str]:
    """For "said X, role": (offset, speaker phrase, offset, appositive) after the verb (offsets in
    ``masked``)."""
    m = _RIGHT_PHRASE_RE.match(masked)
    if not m:
        return -1, "", -1, ""
    phrase = m.group(1).strip()
    phrase = _RIGHT_TAIL_SPLIT.split(phrase)[0]
    phrase = _RIGHT_WEEKDAY_TAIL.sub("", phrase)
    start = masked.find(phrase, m.start(1)) if phrase else -1
    a_off, appos = _appositive(masked[m.end() :]) if phrase == m.group(1).strip() else (-1, "")
    return start, phrase, (m.end() + a_off if a_off >= 0 else -1), appos


def _clause_subject(masked: str) -> str:
    """The subject phrase at the start of a sentence, after an introductory clause ("In Prague, …")."""
    text = masked
    intro = _INTRO_CLAUSE.match(text)
    if intro:
        text = text[intro.end() :]
    m = _SUBJECT_RE.match(text)
    if m and m.group(1).strip():
        words = m.group(1).split()
        while words and not words[-1][0].isupper():  # "The ministry spokesperson and" → up to a name
            words.pop()
        return " ".join(words) if words else m.group(1).strip()
    m = _SUBJECT_PRONOUN.match(text)
    return m.group(1) if m else ""


def find_attributions(
    text: str, sentences: Sequence[Sentence], quote_spans: Sequence[tuple[int, int]]
) -> list[Attribution]:
    """Every attribution clause in the article, in order; quoted words never count as attributions."""
    found: list[Attribution] = []
    # One fast scan of the whole text for the verbs' first words picks the sentences that can hold a verb
    # (a verb never crosses a sentence boundary); only those are masked and parsed.
    hits = [m.start() for m in _VERB_STARTS.finditer(text)]
    if not hits or not sentences:
        return found
    starts = [s.start for s in sentences]
    chosen = sorted({bisect_right(starts, h) - 1 for h in hits} - {-1})
    spans = _merged(quote_spans)
    span_starts = [a for a, _ in spans]
    for index in chosen:
        s = sentences[index]
        lo = max(bisect_right(span_starts, s.start) - 1, 0)
        hi = bisect_left(span_starts, s.end)
        masked = mask_spans(text[s.start : s.end], spans[lo:hi], s.start)
        original = text[s.start : s.end]
        for m in _verbs_in(masked, hits[bisect_left(hits, s.start) : bisect_left(hits, s.end)], s.start):
            att = _attribution_at(masked, original, m, s)
            if att is not None:
                found.append(att)
    return found


def _verbs_in(masked: str, hits: Sequence[int], offset: int) -> list[re.Match[str]]:
    """``_VERB_RE.finditer(masked)``, tried only where the fast scan found a verb's first word (article
    offsets ``hits``); never the end of a hyphenated word."""
    out: list[re.Match[str]] = []
    end = 0
    for h in hits:
        pos = h - offset
        if pos < end or (pos > 0 and masked[pos - 1] == "-"):  # "so-called", "self-described"
            continue
        m = _VERB_RE.match(masked, pos)
        if m is not None:
            out.append(m)
            end = m.end()
    return out


def _attribution_at(masked: str, original: str, m: re.Match[str], s: Sentence) -> Attribution | None:
    verb = m.group()
    start, end = m.start(), m.end()

    def make(surface: str, name: str, role: str, org: str, kind: str, inverted: bool = False) -> Attribution:
        return Attribution(
            s.index, s.start + start, s.start + end, verb, surface, name, role, org, kind, inverted
        )

    def orig(offset: int, fragment: str) -> str:
        return original[offset : offset + len(fragment)].strip() if offset >= 0 and fragment else ""

    if m.group("acc") or (not m.group("part") and _speaker_follows(masked[:start])):
        # "according to X, role" and "“…,” said X, role": the speaker follows the verb
        p_off, phrase, a_off, appos = _right_phrase(masked[end:])
        pronoun = m.group("acc") and phrase.lower() in ("him", "her", "them", "it")  # "according to him"
        if not phrase or not (phrase[0].isupper() or phrase.split()[0].lower() in _DETERMINERS or pronoun):
            return None
        surface = orig(end + p_off, phrase) if MASK not in phrase else phrase
        name, role, org, kind = parse_speaker_phrase(surface)
        if kind in ("empty",) or (kind == "pronoun" and not m.group("acc")):
            return None
        if m.group("acc") and appos and (role or _CLAUSE_WORDS & set(appos.lower().split())):
            appos = ""  # "According to Governor X, troops were …": the clause reported, not a role
        role = _join_role(org, orig(end + a_off, appos)) or role
        return make(surface, name, role, org, kind, not m.group("acc"))
    if m.group("part"):
        left = _strip_aux_tail(masked[:start]).rstrip(" ,")
        if left.endswith(MASK) or not left:
            return None
        subject = _clause_subject(masked[:start])
        if not subject:
            return None
        name, role, org, kind = parse_speaker_phrase(subject)
        return make(
            subject, name, role, org, "subject" if kind in ("person", "organisation", "pronoun") else kind
        )
    left = _strip_aux_tail(masked[:start]).rstrip()
    if left.endswith(","):
        # "Name, appositive, said"
        body = left[:-1]
        chunks = body.split(",")
        if len(chunks) >= 2 and _AGE.fullmatch(chunks[-1]):
            # "Halyna Kovalenko, 67, said": an age is not a role
            chunks = chunks[:-1]
            body = ",".join(chunks)
            seg_start, seg = _left_segment(body)
            name, role, org, kind = parse_speaker_phrase(seg)
            if kind == "person" and not role:
                return make(orig(seg_start, seg.rstrip()), name, "", org, kind)
        if len(chunks) >= 2:
            # "Romny's mayor, Petro Savchuk, said": the title before the name is the role
            name, role, org, kind = parse_speaker_phrase(chunks[-1])
            title_words = {_clean_token(t) for t in re.split(r"[\s-]+", chunks[-2])}  # "commander-in-chief"
            only_titles = all(_clean_token(t) in _TITLES for t in role.split())  # "Gen Valerii Zaluzhnyi"
            named = kind == "person" and chunks[-1].strip().endswith(name)
            if named and only_titles and title_words & _TITLES:
                r_start, r_text = _left_segment(",".join(chunks[:-1]))
                n_off = len(",".join(chunks[:-1])) + 1 + (len(chunks[-1]) - len(chunks[-1].lstrip()))
                surface = chunks[-1].strip()
                if r_text.strip(" -"):
                    written = orig(r_start, r_text.strip()).lstrip("-– ")
                    role = f"{written}, {role}" if role else written
                    return make(orig(n_off, surface), name, role, org, kind)
        participle = chunks[-1].split()[:1]
        if len(chunks) >= 2 and participle and participle[0].lower().endswith("ing"):
            # "One milblogger, writing on Telegram, stated": the speaker is before the participle phrase
            chunks = chunks[:-1]
            body = ",".join(chunks)
        for k in (1, 2):
            if len(chunks) <= k:
                break
            appos = ",".join(chunks[-k:])
            before = ",".join(chunks[:-k])
            seg_start, seg = _left_segment(before)
            name, role, org, kind = parse_speaker_phrase(seg)
            if kind in ("person", "organisation") and _appositive(", " + appos.strip() + ",")[1]:
                a_off = len(before) + 1 + (len(appos) - len(appos.lstrip()))
                surface = orig(seg_start, seg.rstrip())
                return make(surface, name, orig(a_off, appos.strip()), org, kind)
        seg_start, seg = _left_segment(body)
    else:
        seg_start, seg = _left_segment(left)
    seg = seg.strip()
    if seg.split()[-1:] in (["and"], ["or"]) and len(seg.split()) > 2:
        # "X said that … and publicly expressed": the verb shares the subject of the sentence
        subject = _clause_subject(masked[:start])
        name, role, org, kind = parse_speaker_phrase(subject) if subject else ("", "", "", "empty")
        if kind in ("person", "organisation"):
            return make(subject, name, role, org, kind)
        return None
    if not seg or len(seg.split()) > 14:
        return None
    surface = orig(seg_start, seg) if MASK not in seg else seg
    name, role, org, kind = parse_speaker_phrase(surface)
    if kind == "empty":
        return None
    return make(surface, name, role, org, kind)


_AGE = re.compile(r"\s*\d{1,3}\s*")
_CLAUSE_WORDS = frozenset(
    "is are was were has have had will would could can did do does hold holds held control controls".split()
)


def _join_role(organisation: str, appositive: str) -> str:
    """Role as written for "X of Organisation, appositive": "Organisation, appositive"."""
    if organisation and appositive:
        return f"{organisation}, {appositive}"
    return appositive


def _speaker_follows(left: str) -> bool:
    """True when nothing but a quotation (and commas) precedes the verb: "“…,” said X"."""
    stripped = _strip_aux_tail(left).rstrip(" ,")
    return not stripped or stripped.endswith(MASK)


def _surname(name: str) -> str:
    return name.split()[-1].lower() if name else ""


def _same_surname(a: str, b: str) -> bool:
    """Surnames equal up to transliteration noise ("Kowalsky" ~ "Kowalskyy")."""
    a, b = a.lower().strip(".,"), b.lower().strip(".,")
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) <= 2:
        return True
    return min(len(a), len(b)) >= 6 and _within_one_edit(a, b)


def _within_one_edit(a: str, b: str) -> bool:
    """True when one substitution, insertion or deletion (or none) turns ``a`` into ``b``."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def _role_words(text: str) -> set[str]:
    return {w for w in _LOWER_WORDS.findall(text.lower()) if w not in _DETERMINERS and w not in ("of", "for")}


_BIGRAM = re.compile(r"\b([A-Z][a-z’'-]+)\s+([A-Z][a-z’'-]+)\b")
