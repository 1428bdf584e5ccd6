"""Who is speaking: attribution clauses around quotes and reported speech, resolved to full speakers.

Finds attribution patterns in sentence text with quotations masked out — "…,” X said", "said X",
"X said: …", "according to X", "X wrote on Telegram", "X told …", "…, saying that …" — and splits the
speaker phrase into a name, the role as written (the appositive after the name, else the title before it)
and an organisation. ``SpeakerResolver`` then walks the attributions in article order and resolves
surname-only mentions ("Austin" → "Lloyd Austin"), pronouns ("he added" → the most recent named person,
"it added" → the most recent organisation) and role references ("the US defense secretary", "the
Ukrainian president", "the ministry" after its spokesman) to the speakers introduced earlier, including
people only named as a sentence's subject or with a title ("Ukraine's foreign minister X"). Descriptive
speakers ("a Ukrainian soldier") keep their description. An official whose bare title names no country
("Foreign Minister X") takes the combatant side the sentence and the one before speak of.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from geo.records import Mention, Place
from geo.sentences import Sentence
from geo.sides import COMBATANTS, RUSSIA, UKRAINE, UNKNOWN, infer_side, literal_alternation, side_scores

MASK = "¤"

_VERBS = (
    r"said|says|told|wrote|writes|added|adds|noted|notes|claimed|stated|warned|explained|insisted|declared|announced|"
    r"reported|tweeted|posted|continued|stressed|argued|asserted|acknowledged|confirmed|denied|replied|"
    r"remarked|observed|cautioned|conceded|predicted|suggested|boasted|vowed|estimated|assessed|concluded|"
    r"recalled|commented|emphasi[sz]ed|admitted|alleged|urged|underlined|"
    r"released (?:a|the) (?:video|statement|footage)|posted (?:a|the) (?:video|photo|statement)|"
    r"published (?:a|the) (?:video|statement|photo)|said in a statement|"
    r"say(?=\s*(?:[,.;]|that\b))|"
    r"say(?<=[a-z]s say)(?=\s)"  # "Ukrainian officials say more than …": a plural subject right before
)
_PARTICIPLES = r"saying|adding|noting|writing|telling|claiming|warning|stressing|insisting|arguing|explaining"
_VERB_RE = re.compile(rf"\b(?:(?P<verb>{_VERBS})|(?P<part>{_PARTICIPLES})|(?P<acc>[Aa]ccording to))\b")
# The literal first word of every alternative above, as a fast trie scan over whole articles.
_VERB_STARTS = re.compile(
    literal_alternation(
        re.match(r"[a-z]+", alt).group()  # type: ignore[union-attr]
        for alt in (*re.split(r"\|(?![^(]*\))", _VERBS), *_PARTICIPLES.split("|"), "ccording")
    )
)

_AUX = frozenset(
    """also later earlier previously has had have then again once further recently separately reportedly
    publicly repeatedly subsequently would will always not never""".split()
)
_BOUNDARY_WORDS = frozenset(
    "that what which while when as but because after before where if whereas although though since".split()
)
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "o", "we": "p", "i": "s", "both": "p",
             "him": "m", "her": "f", "them": "p"}  # fmt: skip
_DETERMINERS = frozenset("a an the some one two three several many local other another".split())
_CONNECTORS = frozenset("of for the and on de da von van der al el bin la le".split())
_TITLES = frozenset(
    """president presidential prime minister secretary state defense defence foreign interior affairs general
    brigadier lieutenant lt lt. colonel col col. major maj maj. captain capt capt. commander chief head
    director
    deputy vice governor mayor spokesman spokeswoman spokesperson adviser advisor senator sen. rep.
    representative ambassador chancellor admiral marshal sergeant sgt sgt. officer analyst scholar professor
    prof. dr dr. mr mr. mrs mrs. ms ms. king queen national security military army intelligence staff armed
    former senior acting regional lawmaker mp speaker founder leader chairman chairwoman official
    commissioner envoy ombudsman pope patriarch journalist blogger correspondent editor secretary-general
    undersecretary assistant top colonel-general lieutenant-general major-general ministry gen gen. brig
    brig. republic""".split()
)
_NATIONALITIES = frozenset(
    """ukrainian russian american british german french polish belarusian chinese turkish israeli canadian
    dutch swedish finnish norwegian danish italian spanish czech lithuanian latvian estonian romanian
    slovak hungarian japanese australian georgian moldovan iranian western european kremlin
    pentagon""".split()
)
_TITLES_OR_NATIONALITIES = _TITLES | _NATIONALITIES
_ORG_HEADS = frozenset(
    """institute university ministry agency council center centre foundation group service command office
    forces army news press times post journal television tv radio network company corporation inc ltd
    associates analytics committee department administration commission parliament kremlin pentagon reuters
    novosti tass interfax bank fund party guard brigade battalion regiment division corps navy initiative
    project watch lab laboratory society association union organization organisation board bureau
    directorate unit mission consulting consultancy staff government cabinet embassy isw rusi nato""".split()
)
_COUNTRY_SPEAKERS = {"ukraine": "ukraine", "kyiv": "ukraine", "kiev": "ukraine", "russia": "russia",
                     "moscow": "russia", "kremlin": "russia", "washington": "west"}  # fmt: skip


@dataclass(frozen=True)
class Attribution:
    """A speech or reporting verb with its speaker phrase, as written in one sentence."""

    sentence: int
    verb_start: int  # article offsets of the verb phrase
    verb_end: int
    verb: str
    surface: str  # the speaker phrase as written ("he", "Austin", "a Ukrainian soldier", …)
    name: str  # proper name in the phrase ("Lloyd Austin", "Institute for the Study of War"), or ""
    role: str  # as written: the appositive after the name, else the title before it
    organisation: str
    kind: str  # "person" | "organisation" | "pronoun" | "description" | "subject"
    inverted: bool = False  # "said X" rather than "X said"


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: full name or description, role as written, side."""

    name: str
    role: str
    side: str
    kind: str  # "person" | "organisation" | "description" | "unknown"
    organisation: str = ""
    sentence: int = -1  # sentence of the attribution that introduced or last used it


UNKNOWN_SPEAKER = Speaker("unknown", "", UNKNOWN, "unknown")


def mask_spans(text: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """``text`` with each (article-offset) span replaced by MASK characters of the same length."""
    cuts = sorted(
        (max(start - offset, 0), min(end - offset, len(text)))
        for start, end in spans
        if start - offset < len(text) and end - offset > 0
    )
    if not cuts:
        return text
    pieces: list[str] = []
    pos = 0
    for a, b in cuts:
        if b <= pos or a >= b:
            continue
        a = max(a, pos)
        pieces.append(text[pos:a])
        pieces.append(MASK * (b - a))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def _merged(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans sorted and merged where they overlap, so they can be searched with bisect."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _words(text: str) -> list[str]:
    return text.split()


def _is_cap(token: str) -> bool:
    token = token.strip("“”\"'‘’()[]")
    return bool(token) and (token[0].isupper() or token[0].isdigit() and False)


def _clean_token(token: str) -> str:
    return token.strip(',.;:“”"()[]').lower()


_LOCATIVE_TAIL = re.compile(r"\s+(?:in|from)\s+[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?$")


@lru_cache(maxsize=8192)
def parse_speaker_phrase(phrase: str) -> tuple[str, str, str, str]:
    """Split a speaker phrase into (name, role prefix, organisation, kind).

    "US Defense Secretary Lloyd Austin" → ("Lloyd Austin", "US Defense Secretary", "", "person");
    "Konrad Muzyka of Rochan Consulting" → ("Konrad Muzyka", "", "Rochan Consulting", "person");
    "The US-based Institute for the Study of War" → ("Institute for the Study of War", "US-based", …,
    "organisation"); "a Ukrainian soldier" → ("", "", "", "description"); "he" → ("", "", "", "pronoun").
    """
    phrase = phrase.strip(" ,;:")
    located = _LOCATIVE_TAIL.sub("", phrase)
    if located != phrase and _words(located) and _is_cap(_words(located)[-1]):
        # "the General Staff in Kyiv" → "General Staff", with "in Kyiv" kept in the role
        name, role, org, kind = parse_speaker_phrase(located)
        return name, f"{role} {phrase[len(located) :].strip()}".strip(), org, kind
    tokens = _words(phrase)
    if not tokens:
        return "", "", "", "empty"
    if len(tokens) == 1 and _clean_token(tokens[0]) in _PRONOUNS:
        return "", "", "", "pronoun"
    # trailing run of capitalised tokens, allowing lower-case connectors inside it
    i = len(tokens)
    while i > 0:
        tok = tokens[i - 1]
        low = _clean_token(tok)
        if _is_cap(tok) or (
            low in _CONNECTORS and i < len(tokens) and any(_is_cap(t) for t in tokens[: i - 1])
        ):
            i -= 1
            continue
        break
    run = tokens[i:]
    while run and _clean_token(run[0]) in _CONNECTORS:
        run = run[1:]
        i += 1
    if not run or not _is_cap(tokens[-1]):
        return "", "", "", "description"
    prefix = tokens[:i]
    low_run = [_clean_token(t) for t in run]
    # "X of Organisation": a person name followed by an organisation
    for k, low in enumerate(low_run):
        if low in ("of", "at", "from") and 0 < k < len(run) - 1:
            after = [_clean_token(t) for t in run[k + 1 :]]
            before = run[:k]
            if any(a in _ORG_HEADS for a in after) and not any(_clean_token(b) in _ORG_HEADS for b in before):
                name, role, _, kind = parse_speaker_phrase(" ".join(prefix + before))
                if kind == "person":
                    return name, role, " ".join(run[k + 1 :]).strip(",.;:"), "person"
    heads = [k for k, low in enumerate(low_run) if low in _ORG_HEADS]
    # "Russian Defense Ministry Spokesman Lt. Gen. Igor Konashenkov": a title after the organisation and a
    # name after the title make a person, not an organisation
    titled = bool(heads) and any(
        low_run[k] in _TITLES and low_run[k] not in _ORG_HEADS for k in range(heads[-1] + 1, len(run) - 1)
    )
    if (heads and not titled) or (len(run) == 1 and low_run[0] in _COUNTRY_SPEAKERS):
        while run and (_clean_token(run[0]) in _DETERMINERS or run[0].lower().endswith("-based")):
            prefix.append(run[0])
            run = run[1:]
        role = " ".join(t for t in prefix if _clean_token(t) not in _DETERMINERS)
        return " ".join(run).strip(",.;:"), role.strip(" ,"), " ".join(run).strip(",.;:"), "organisation"
    # a person: the name follows the last title or nationality token of the run
    last_title = -1
    for k, low in enumerate(low_run):
        if (
            low in _TITLES
            or low in _NATIONALITIES
            or low.endswith("-based")
            or low.endswith("’s")
            or low.endswith("'s")
            or (run[k].isupper() and len(run[k]) <= 5 and run[k].isalpha())
        ):
            last_title = k
    name_tokens = run[last_title + 1 :]
    while name_tokens and _clean_token(name_tokens[0]) in _CONNECTORS:
        name_tokens = name_tokens[1:]
    role_tokens = prefix + run[: last_title + 1]
    role_tokens = [t for t in role_tokens] if role_tokens else []
    if role_tokens and _clean_token(role_tokens[0]) in _DETERMINERS:
        role_tokens = role_tokens[1:]
    if not name_tokens:
        return "", "", "", "description"
    return " ".join(name_tokens).strip(",.;:"), " ".join(role_tokens).strip(" ,"), "", "person"


def _strip_aux_tail(text: str) -> str:
    """Drop auxiliaries and adverbs just before a verb ("Austin also", "Gadchev had earlier")."""
    words = text.rstrip().split(" ")
    while words and words[-1].lower().strip(",") in _AUX:
        words.pop()
    return " ".join(words)


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
_SUBJECT_RE = re.compile(r"\s*((?:[A-Z][\w’'.-]*|of|the|for|and)(?:\s+(?:[A-Z][\w’'.-]*|of|the|for|and))*)")
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
        return m.group(1).strip()
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
        if not any(s.start <= h < s.end for h in hits[bisect_left(hits, s.start) : bisect_left(hits, s.end)]):
            continue
        lo = max(bisect_right(span_starts, s.start) - 1, 0)
        hi = bisect_left(span_starts, s.end)
        masked = mask_spans(text[s.start : s.end], spans[lo:hi], s.start)
        original = text[s.start : s.end]
        for m in _VERB_RE.finditer(masked):
            att = _attribution_at(masked, original, m, s)
            if att is not None:
                found.append(att)
    return found


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
            # "Kharkiv's mayor, Ihor Terekhov, said": the title before the name is the role
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
    """Surnames equal up to transliteration noise ("Zelensky" ~ "Zelenskyy")."""
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
    return {
        w for w in _LOWER_WORDS.findall(text.lower()) if w not in _DETERMINERS and w not in ("of", "for")
    }


_BIGRAM = re.compile(r"\b([A-Z][a-z’'-]+)\s+([A-Z][a-z’'-]+)\b")


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
        """ "the governor of the Kharkiv region": the side of the country a place in ``text`` lies in."""
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
        """Note a person the text names without quoting or introducing ("Volodymyr Zelenskiy has accused
        …", "talks with Ukraine's foreign minister Dmytro Kuleba") for later role references and surnames;
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
        role in the last two sentences whose side fits ("Volodymyr Zelenskiy has accused … the Ukrainian
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
        if self._bigrams is None:  # capitalised word pairs of the text, found once per article
            self._bigrams = [(m.end(), m.group(1), m.group(2)) for m in _BIGRAM.finditer(self.text)]
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


_FORCES = re.compile(
    r"\b(?:ukrainian|russian|ukraine['’]s|russia['’]s|kyiv['’]s|moscow['’]s|pro-russian|pro-kremlin)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:forces|troops|soldiers|army|units|military|fighters|brigades?|battalions?|"
    r"artillery|missiles|strikes|attacks?|offensive|counteroffensive|positions|lines)\b",
    re.IGNORECASE,
)
_OFFICIAL_WORDS = frozenset(
    "minister president premier governor mayor spokesman spokeswoman spokesperson commander general chief "
    "head adviser advisor ambassador envoy".split()
)
_ATTRIBUTE_CACHE: dict[tuple, list[tuple[Attribution, Speaker]]] = {}
_CACHE_SIZE = 8
_COUNTRY_SIDES = {"UA": UKRAINE, "RU": RUSSIA}
# "Name Surname, a/an/the appositive," — a person introduced with a description
_INTRODUCTION = re.compile(
    r"(?P<name>[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+),\s+(?P<appos>(?:a|an|the)\s+[^,;¤]{3,160}?),"
)


def place_sides(
    sentences: Sequence[Sentence], mentions: Sequence[Mention], places: Mapping[str, Place] | None
) -> dict[int, tuple[tuple[str, str], ...]]:
    """Per sentence, (surface, side) of the mentions resolved to places in Ukraine or Russia: the side a
    role such as "the governor of the Kharkiv region" speaks for when no cue word says it."""
    if not places:
        return {}
    starts = [s.start for s in sentences]
    out: dict[int, list[tuple[str, str]]] = {}
    for m in mentions:
        place = places.get(m.place_id or "")
        side = _COUNTRY_SIDES.get(place.country_code) if place is not None else None
        if side and starts:
            index = max(bisect_right(starts, m.start) - 1, 0)
            out.setdefault(index, []).append((m.surface, side))
    return {k: tuple(v) for k, v in out.items()}


def find_introductions(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    place_names: Mapping[int, Sequence[str]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """(offset, sentence, name, role) of people introduced with an appositive outside quotations
    ("Taras Kyrychenko, a military analyst at …, expects"); names known as places are skipped."""
    place_names = place_names or {}
    found = []
    spans = _merged(quote_spans)
    span_starts = [a for a, _ in spans]
    for s in sentences:
        original = text[s.start : s.end]
        if ", " not in original:
            continue
        lo = max(bisect_right(span_starts, s.start) - 1, 0)
        masked = mask_spans(original, spans[lo : bisect_left(span_starts, s.end)], s.start)
        for m in _INTRODUCTION.finditer(masked):
            seg_start, seg = _left_segment(masked[: m.end("name")])
            name, prefix, _, kind = parse_speaker_phrase(seg)
            if kind != "person" or len(name.split()) < 2 or name in place_names.get(s.index, ()):
                continue
            role = original[m.start("appos") : m.end("appos")].strip() or prefix
            found.append((s.start + m.start("name"), s.index, name, role))
    return found


def find_named_people(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    place_names: Mapping[int, Sequence[str]] | None = None,
) -> list[tuple[int, int, str, str]]:
    """(offset, sentence, name, role) of people named without being quoted: a sentence's subject
    ("Volodymyr Zelenskiy has accused Moscow …") and titled names anywhere ("talks with Ukraine's foreign
    minister Dmytro Kuleba"), so that later role references ("the Ukrainian president wrote") and surnames
    find them. Names known as places and names inside quotations are skipped."""
    place_names = place_names or {}
    spans = _merged(quote_spans)
    span_starts = [a for a, _ in spans]
    starts = [s.start for s in sentences]

    def quoted(a: int, b: int) -> bool:
        i = bisect_right(span_starts, b) - 1
        return i >= 0 and spans[i][1] > a

    def keep(pos: int, end: int, name: str, kind: str) -> int:
        """The sentence index when the name can be kept, else -1."""
        if kind != "person" or len(name.split()) < 2 or quoted(pos, end):
            return -1
        index = bisect_right(starts, pos) - 1
        return index if index >= 0 and name not in place_names.get(index, ()) else -1

    found: list[tuple[int, int, str, str]] = []
    for s in sentences:
        if not text[s.start : s.start + 1].isupper():
            continue
        subject = _SUBJECT_NAME.match(text, s.start, s.end)
        if subject:
            name, role, _, kind = parse_speaker_phrase(subject.group("phrase"))
            index = keep(subject.start("phrase"), subject.end(), name, kind)
            if index >= 0 and not any(_clean_token(t) in _NOT_NAME_WORDS for t in name.split()):
                found.append((subject.start("phrase"), index, name, role))
    for m in _TITLED_NAME.finditer(text):
        name, role, _, kind = parse_speaker_phrase(m.group())
        index = keep(m.start(), m.end(), name, kind) if role else -1
        if index >= 0 and sentences[index].start <= m.start() and m.end() <= sentences[index].end:
            found.append((m.start(), index, name, role))
    return sorted(found)


# Capitalised words that do not belong to a person's name ("That Ukraine has …", "When Russia …")
_NOT_NAME_WORDS = _BOUNDARY_WORDS | _DETERMINERS | frozenset(_COUNTRY_SPEAKERS) | frozenset(
    "this these those there here then in on at by for with from to into after during it its his her "
    "their our we they he she what how why who".split()
)
_CAP_NAME = r"[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+){1,2}"
# A sentence that opens with a capitalised name (after an optional title run) and then a lower-case word.
_SUBJECT_NAME = re.compile(
    rf"\s*(?P<phrase>(?:(?:[A-Z][\w’'.-]*|{'|'.join(sorted(t for t in _TITLES if t.isalpha()))})\s+){{0,5}}?"
    rf"{_CAP_NAME})(?=\s+[a-z])"
)
_OFFICIAL_TITLES = (
    "minister|president|prime minister|governor|mayor|spokes(?:man|woman|person)|commander(?:-in-chief)?|"
    "general|chief|head|adviser|advisor|secretary|ambassador|envoy|leader|chancellor"
)
_TITLE_NEEDLE = re.compile(rf"\b(?:{_OFFICIAL_TITLES})\b", re.IGNORECASE)
# "Ukraine's foreign minister Dmytro Kuleba", "Russian Defence Minister Sergei Shoigu"
_TITLED_NAME = re.compile(
    rf"\b(?:[A-Z][a-z]+['’]s|{'|'.join(w.capitalize() for w in sorted(_NATIONALITIES))})\s+"
    rf"(?:[\w-]+\s+){{0,3}}?(?i:{_OFFICIAL_TITLES})\s+{_CAP_NAME}\b"
)


def attribute(
    text: str,
    sentences: Sequence[Sentence],
    quote_spans: Sequence[tuple[int, int]],
    sides_of_places: Mapping[int, Sequence[tuple[str, str]]] | None = None,
) -> list[tuple[Attribution, Speaker]]:
    """Every attribution of an article with the speaker it resolves to, in article order.

    ``sides_of_places`` (from ``place_sides``) lets roles that name a Ukrainian or Russian place get a side.
    Memoised for the last few articles: quotes and claims both ask for the same article's attributions.
    """
    sides_key = tuple(sorted((k, tuple(v)) for k, v in (sides_of_places or {}).items()))
    key = (text, tuple((s.index, s.start, s.end) for s in sentences), tuple(quote_spans), sides_key)
    cached = _ATTRIBUTE_CACHE.get(key)
    if cached is None:
        resolver = SpeakerResolver(text, sides_of_places, sentences)
        attributions = find_attributions(text, sentences, quote_spans)
        events: list[tuple[int, int, Attribution | tuple]] = [
            (a.verb_start, 1, a) for a in attributions
        ]
        names = {k: [surface for surface, _ in v] for k, v in (sides_of_places or {}).items()}
        events += [(i[0], 0, i) for i in find_introductions(text, sentences, quote_spans, names)]
        events += [(i[0], 0, ("named",) + i) for i in find_named_people(text, sentences, quote_spans, names)]
        cached = []
        for _, _, event in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(event, Attribution):
                cached.append((event, resolver.resolve(event)))
            elif event[0] == "named":
                resolver.name(event[3], event[4], event[2])
            else:
                resolver.introduce(event[2], event[3], event[1])
        if len(_ATTRIBUTE_CACHE) >= _CACHE_SIZE:
            _ATTRIBUTE_CACHE.pop(next(iter(_ATTRIBUTE_CACHE)))
        _ATTRIBUTE_CACHE[key] = cached
    return list(cached)
