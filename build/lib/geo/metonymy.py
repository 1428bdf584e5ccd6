"""Metonymy: a capital or country name standing for its government or state ("Kyiv launched …").

Rules (applied only to mentions resolved to a country or a national capital; everything else is literal):

1. Agent: the name is followed, after at most three auxiliaries/adverbs ("has already", "was"), by a verb
   of agency or speech from ``AGENT_VERBS`` in any inflection ("Moscow focuses on", "Kyiv launched",
   "Washington has approved", "Kyiv was recapturing", "Ukraine struck").
2. Passive agent: "by X" ("threatened by Russia", "installed by Russia").
3. Recipient or target of state action: "provided X with", "(aid|support|weapons|sanctions…) (to|for|on|
   against) X" within three words ("military support for Kyiv", "aid to Ukraine").
4. Possessive of an agentive noun: "Moscow’s plans", "Russia’s invasion", "Ukraine’s forces".
5. Agentive compounds: "Moscow-backed", "Kremlin-instigated", "Kyiv-led".

Order: compounds (5), recipients (3) and possessives (4) are checked first; then a spatial preposition or
"visit to" before the name makes it literal ("a surprise visit to Kyiv", "in Kyiv", "near Kyiv"); then
the passive agent (2) and the agent verb (1).
"""

from __future__ import annotations

import re

# Stems of verbs of agency or speech (any inflection) and exact forms of short, ambiguous verbs.
_STEMS = """
launch focus approv provid announc claim deni deny declin insist warn accus suppl pledg agre refus
reject demand want plan deploy order recogni annex invad struck strik attack respond threaten impos
sanction condemn decid hope believ urg vow retook retak recaptur seiz captur negotiat seek sought
push shell bomb gain mobili withdr retreat offer request receiv accept confirm acknowledg admit
report argu maintain blam target intend continu began begin start stopp halt support help fund train
allow block expel summon declar promis prepar taken regain reclaim expect tighten escalat lodg
suspend boost increas reduc resum delay postpon welcom prais criticis criticiz protest insist
reiterat mount stag carr kill destroy liberat occup advanc hold held keep kept releas priorit spen signal
resist pump press prevent question need insist pay paid leav mak made
""".split()
_EXACT = frozenset("""
fire fires fired firing try tries tried trying arms armed arming states stated stating move moves
moved moving signs signed signing backs backed backing lose loses lost losing win wins won winning cut cuts
cutting hit hits hitting aims aimed aiming bans banned banning take takes took taken taking give gives gave
given giving saw sees
prove proves proved proven proving show shows showed shown showing ask asks asked asking tell
tells told telling send sends sent sending say says said saying count counts counted counting
""".split())
_AGENT = re.compile(r"(?:" + "|".join(sorted(_STEMS, key=len, reverse=True)) + r")[a-z]*$")
_AUX = frozenset("""has have had is was were will would could can may might must shall should also already not
did does do then now later reportedly officially recently quickly clearly swiftly still again just even
apparently allegedly are been being likely probably possibly so far yet never long repeatedly previously
finally effectively largely""".split())
_MODALS = frozenset("can could will would must should may might shall".split())
_NOT_AGENTIVE = frozenset("be become remain get see look feel seem".split())
# "X has the ability to", "X had no intention of": a state's capacity or will
_CAPACITY = re.compile(r"^[ \u00a0]+(?:has|have|had|lacks?|lacked)[ \u00a0]+"
                       r"(?:(?:the|an?|no|its|enough)[ \u00a0]+)?(?:ability|capacity|capability|means|power|"
                       r"right|will|intention|resources|strength|reserves)\b", re.IGNORECASE)
_GOVERNMENT_AFTER = re.compile(r"^[ \u00a0]+(?:regime|government|authorities|leadership|administration)\b")
_RECIPIENT_NOUNS = ("aid|support|assistance|weapons|arms|help|funding|money|loans?|sanctions|pressure|"
                    "message|warning|ultimatum|demands?|commitment|backing|guarantees|solidarity|"
                    "shipments?|deliveries|equipment|missiles|tanks|ammunition|package|war")
_RECIPIENT = re.compile(rf"\b(?:{_RECIPIENT_NOUNS})\b(?:[ \u00a0]+[\w$.,-]+){{0,3}}?[ \u00a0]+"
                        rf"(?:to|for|on|against|with)[ \u00a0]+(?:the[ \u00a0]+)?\Z", re.IGNORECASE)
_RECIPIENT_PREPOSITIONS = frozenset({"to", "for", "on", "against", "with"})
# a verb right before the name whose object is a government: "provided Kyiv with", "helping Ukraine"
_PROVIDED_PREFIXES = ("provid", "suppl", "arming", "armed", "equipp", "furnish", "help", "backed", "backing",
                      "support", "urg", "pressed", "pressing", "warned", "warning", "accus", "sanction",
                      "pressur", "invit", "asked", "asking", "told", "telling", "calling")
_LITERAL_WORDS = frozenset("""in near to from at into outside around toward towards across through of over
visit visited visiting visits travel travelled traveled travels arrived arrives arriving returned fled
left""".split())
_POSSESSIVE_NOUN = re.compile(
    r"^[’']s[ \u00a0]+(?:[a-z,-]+[ \u00a0]+){0,4}?(?:plans?|decision|government|forces|troops|army|military|"
    r"invasion|war|offensive|counteroffensive|counterattacks?|aggression|hold|attacks?|strategy|leadership|"
    r"position|response|refusal|demands?|claims?|allies|efforts?|ability|campaign|operations?|push|advance|"
    r"defen[cs]e|armed|general|intelligence|ministry|president|policy|regime|officials|authorities|"
    r"businesses|missiles?|strikes?|retreat|withdrawal|annexation|occupation|threats?|rejection|command|"
    r"commanders?|ministers?|partners|units|artillery|navy|air[ \u00a0]force|soldiers|envoys?|diplomats?|"
    r"backers|defenders|generals|operators?|supply[ \u00a0]lines|spokes(?:man|woman|person))\b",
    re.IGNORECASE)
_COMPOUND = re.compile(r"^-(?:backed|led|controlled|instigated|sponsored|installed|appointed|funded|"
                       r"supported|aligned|friendly|imposed)\b")


# "Kyiv, she noted, had spent …": an attribution between the subject and its verb
_PARENTHETICAL = re.compile(r"^,[ \u00a0]+(?:he|she|they|we|I|it|[A-Z][\w’'-]+(?:[ \u00a0][A-Z][\w’'-]+)?)"
                            r"[ \u00a0]+"
                            r"(?:said|says|noted|notes|added|argued|argues|believes|thinks|wrote|writes|claimed|"
                            r"insisted|suggested|warned|explained|stressed|recalled|observed),[ \u00a0]+")


def _agent_verb_follows(after: str) -> bool:
    m = _PARENTHETICAL.match(after)
    if m is not None:
        after = after[m.end() :]
    words = after.split(None, 6)[:6]
    if len(words) > 2 and words[0] == "and" and words[1][:1].isupper():
        words = words[2:]  # "Washington and London are pumping weapons"
    modal = False
    for raw in words[:4]:
        word = raw.strip(",;:“”\"'").casefold()
        if not word:
            continue
        if word in _MODALS:
            modal = True
            continue
        if word in _AUX:
            continue
        if modal and word.isalpha() and word not in _NOT_AGENTIVE:
            return True  # "whether Ukraine can hold the line": a state acting
        return word.isalpha() and (word in _EXACT or bool(_AGENT.match(word)))
    return False


def is_metonymic(text: str, start: int, end: int) -> bool:
    """True when the country/capital name at text[start:end] stands for a government or state."""
    first = text[end : end + 1]
    if first == "-" and _COMPOUND.match(text[end : end + 80]):
        return True
    before = text[max(0, start - 60) : start]
    words = before.rsplit(None, 2)[-2:]
    last = words[-1].casefold() if words else ""
    if last == "the":
        last = words[-2].casefold() if len(words) > 1 else ""
    if last in _RECIPIENT_PREPOSITIONS and _RECIPIENT.search(before):
        return True
    if last.startswith(_PROVIDED_PREFIXES):
        return True
    possessive = first in ("’", "'")
    if possessive and _POSSESSIVE_NOUN.match(text[end : end + 80]):
        return True
    if last in _LITERAL_WORDS:
        return False
    if last == "by":
        return True
    tail = text[end : end + 60]
    if _CAPACITY.match(tail) or _GOVERNMENT_AFTER.match(tail):
        return True
    if possessive and text[end + 1 : end + 2] == "s":
        return False
    return _agent_verb_follows(text[end : end + 80])
