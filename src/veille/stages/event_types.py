"""ACLED typing for the events stage: the taxonomy, the trigger lexicon and the typing rules.

Data: ``data/acled_taxonomy.json`` (6 types, 25 sub-types, definitions, precedence, CAMEO roots)
and ``data/event_triggers_<lang>.tsv`` (triggers with an event class, weapons, actor nominals,
cues). The lexicon is matched over spaCy tokens (lemma or lower-cased form; hyphens split).

Typing works on the cues gathered for one event (all its sentences) and follows the ACLED
codebook: protests vs riots by the participants' violence; ground fighting between organised
armed groups is a Battle even when air strikes or shelling co-occur; remote weapons without
ground engagement are Explosions/Remote violence (also when civilians are hit); one-sided
violence against unarmed people is Violence against civilians; non-violent moves are Strategic
developments. Violent types always win over strategic ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from veille.resources import DATA


# Event classes (trigger lexicon values) grouped by family.
VIOLENT = {"clash", "attack", "kill", "injure", "explode", "shell", "land", "strike", "airstrike", "suicide",
           "grenade", "sexual", "abduct", "mob", "riot"}
REMOTE = {"explode", "shell", "land", "strike", "airstrike", "suicide", "grenade"}
PROTEST = {"protest"}
STRATEGIC = {"arrest", "capture", "regain", "withdraw", "agreement", "group_change", "weapons_disrupted", "base",
             "loot", "other"}
TERRITORY = {"capture", "regain"}


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    kind: str  # trigger | weapon | actor | cue | domain
    value: str
    flags: frozenset[str] = frozenset()


@dataclass
class Hit:
    entry: Entry
    start: int  # spaCy token index (inclusive)
    end: int  # spaCy token index (exclusive)


@dataclass
class Lexicon:
    lang: str
    by_first: dict[str, list[Entry]]
    # word lists the rules read by name (kind "word"); never matched, never model features
    words: dict[str, frozenset[str]] = field(default_factory=dict)

    def match(self, tokens) -> list[Hit]:
        """All lexicon entries found in a token sequence (a spaCy Span or Doc), longest first per start."""
        stream: list[tuple[set[str], int, bool]] = []  # (forms, token index, may take a gap after it)
        for tok in tokens:
            low = tok.lower_.replace("’", "'")
            if low in ("-", "–"):
                continue
            parts = [p for p in low.split("-") if p] if "-" in low and len(low) > 1 else [low]
            if len(parts) == 1:
                stream.append(({low, tok.lemma_.lower().replace("’", "'")}, tok.i, tok.pos_ in ("VERB", "AUX")))
            else:
                for p in parts:
                    stream.append(({p}, tok.i, False))
        hits: list[Hit] = []
        for k, (forms, ti, verb) in enumerate(stream):
            cands = [e for f in sorted(forms) for e in self.by_first.get(f, ())]
            if not cands:  # most words open no entry
                continue
            # longest first; equal lengths in a fixed order (never a set's, which the hash seed decides)
            for e in sorted(dict.fromkeys(cands), key=lambda e: -len(e.words)):
                n = len(e.words)
                # a verb phrase may have one or two words inserted after its verb:
                # "pris dimanche le contrôle", "opened heavy fire"
                for gap in ((0, 1, 2) if verb and n > 1 else (0,)):
                    if k + n + gap > len(stream):
                        break
                    rest = [stream[k + gap + j] for j in range(1, n)]
                    if gap and any(not any(ch.isalnum() for f in stream[k + g][0] for ch in f) for g in range(1, gap + 1)):
                        break
                    if all(e.words[j] in rest[j - 1][0] for j in range(1, n)):
                        hits.append(Hit(e, ti, rest[-1][1] + 1 if rest else ti + 1))
                        break
        return hits


def _split(phrase: str) -> tuple[str, ...]:
    out: list[str] = []
    for w in phrase.lower().replace("’", "'").split():
        if "'" in w and not w.endswith("'"):
            a, b = w.split("'", 1)
            out.extend([a + "'", *[p for p in b.split("-") if p]])
        else:
            out.extend(p for p in w.split("-") if p)
    return tuple(out)


@lru_cache(maxsize=None)
def lexicon(lang: str) -> Lexicon:
    lang = lang if lang in ("fr", "en") else "en"
    by_first: dict[str, list[Entry]] = {}
    words: dict[str, set[str]] = {}
    for line in (DATA / f"event_triggers_{lang}.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if cols[1] == "word":
            words.setdefault(cols[2], set()).add(cols[0].lower())
            continue
        flags = frozenset(f for f in (cols[3].split(",") if len(cols) > 3 else []) if f)
        e = Entry(_split(cols[0]), cols[1], cols[2], flags)
        if e.words:
            by_first.setdefault(e.words[0], []).append(e)
    return Lexicon(lang, by_first, {k: frozenset(v) for k, v in words.items()})


@lru_cache(maxsize=None)
def taxonomy() -> dict:
    """The ACLED taxonomy data: ``types`` (name -> type dict), ``sub`` (sub-type -> (type, dict))."""
    raw = json.loads((DATA / "acled_taxonomy.json").read_text("utf-8"))
    types = {t["name"]: t for t in raw["event_types"]}
    sub = {s["name"]: (t["name"], s) for t in raw["event_types"] for s in t["sub_event_types"]}
    return {"raw": raw, "types": types, "sub": sub, "precedence": raw["type_precedence"]}


@lru_cache(maxsize=None)
def defining_words(sub_event_type: str, kind: str) -> frozenset[str]:
    """The trigger classes (``kind`` "triggers") or cue values ("cues") that define a sub-type
    (the taxonomy's ``defined_by_triggers`` / ``defined_by_cues``)."""
    sub = taxonomy()["sub"].get(sub_event_type)
    return frozenset(sub[1].get("defined_by_" + kind, ())) if sub else frozenset()


def state_actor_unit(sub_event_type: str) -> Optional[str]:
    """The unit ACLED names after a state's military forces for this sub-type ("Air Force")."""
    sub = taxonomy()["sub"].get(sub_event_type)
    return sub[1].get("state_actor_unit") if sub else None


def event_type_of(sub_event_type: str) -> str:
    return taxonomy()["sub"][sub_event_type][0]


def cameo_root(sub_event_type: str) -> str | None:
    return taxonomy()["sub"][sub_event_type][1].get("cameo_root")


def type_rank(event_type: str) -> int:
    """0 for the highest-precedence type (Battles)."""
    prec = taxonomy()["precedence"]
    return prec.index(event_type) if event_type in prec else len(prec)


@dataclass
class Cues:
    """What the sentences of one event say, as input to :func:`classify`."""

    classes: list[str] = field(default_factory=list)  # eventive trigger classes, in text order
    weapons: set[str] = field(default_factory=set)  # sub-types implied by weapon words
    agents: set[str] = field(default_factory=set)  # actor classes of the doers: armed, state, ...
    targets: set[str] = field(default_factory=set)  # actor classes of targets/victims
    participants: set[str] = field(default_factory=set)  # actor classes anywhere in the sentences
    cues: set[str] = field(default_factory=set)  # intervention, lethal_force, violent_participants, ...
    killed: int = 0
    killed_who: set[str] = field(default_factory=set)
    object_is_place: bool = False  # a territorial trigger's object is a town / area
    object_is_person: bool = False
    territory_agents: set[str] = field(default_factory=set)  # actor classes of who took / retook ground

    def update(self, other: "Cues") -> None:
        self.classes.extend(other.classes)
        self.weapons |= other.weapons
        self.agents |= other.agents
        self.targets |= other.targets
        self.participants |= other.participants
        self.cues |= other.cues
        self.killed = max(self.killed, other.killed)
        self.killed_who |= other.killed_who
        self.object_is_place |= other.object_is_place
        self.object_is_person |= other.object_is_person
        self.territory_agents |= other.territory_agents


_REMOTE_ORDER = ["Chemical weapon", "Suicide bomb", "Air/drone strike", "Shelling/artillery/missile attack", "Grenade",
                 "Remote explosive/landmine/IED"]


def _remote_sub(c: Cues, classes: set[str]) -> str | None:
    weapons = set(c.weapons)
    if "suicide" in classes:
        weapons.add("Suicide bomb")
    if "airstrike" in classes:
        weapons.add("Air/drone strike")
    if "shell" in classes and not weapons:
        weapons.add("Shelling/artillery/missile attack")
    if "strike" in classes and not weapons:
        weapons.add("Air/drone strike")
    if "explode" in classes and not weapons:
        weapons.add("Remote explosive/landmine/IED")
    if "Chemical weapon" in weapons and not classes & (VIOLENT | {"other"}):
        weapons.discard("Chemical weapon")
    # Air/drone strikes and shelling named together: the aircraft is the launcher.
    for sub in _REMOTE_ORDER:
        if sub in weapons:
            return sub
    return None


def classify(c: Cues) -> tuple[str, str, float]:
    """(event_type, sub_event_type, confidence) for an event's cues, by ACLED's rules, tried in
    ACLED's order: protests and riots, strategic developments that pre-empt violence, political
    violence, then the other strategic developments."""
    classes = set(c.classes)
    # goods that are no weapons seized or intercepted by a non-state group: looting, not disrupted weapons
    if ("weapons_disrupted" in classes and "goods" in c.cues and "weapon_goods" not in c.cues
            and "state" not in c.agents and "no_fighting" not in c.cues):
        classes = (classes - {"weapons_disrupted"} - (set() if c.object_is_place else {"capture"})) | {"loot"}
    return (_protest_or_riot(c, classes) or _strategic_before_violence(c, classes) or _political_violence(c, classes)
            or _strategic(c, classes))


def _protest_or_riot(c: Cues, classes: set[str]) -> Optional[tuple[str, str, float]]:
    violent = classes & VIOLENT
    crowd = bool(c.participants & {"protesters", "rioters"}) or bool(c.agents & {"protesters", "rioters"})
    protest_ctx = bool(classes & PROTEST) or (crowd and not c.agents & {"armed"} and not c.weapons - {"Grenade"})

    # --- Protests and riots: the participants' own violence decides.
    rioters = bool((c.agents | c.participants) & {"rioters"})
    if classes & {"riot"} or (protest_ctx and ("violent_participants" in c.cues or classes & {"loot"} and not rioters)):
        return "Riots", "Violent demonstration", 0.75
    if rioters and classes & (VIOLENT | {"loot"}) and not c.agents & {"armed", "state"} and not classes & PROTEST:
        return "Riots", "Mob violence", 0.6
    if protest_ctx and (classes & PROTEST or not (violent - {"attack", "kill", "injure"})):
        if "lethal_force" in c.cues or (c.killed > 0 and "protesters" in c.participants | c.targets):
            return "Protests", "Excessive force against protesters", 0.75
        if "intervention" in c.cues or classes & {"arrest"} or c.agents & {"state"} and violent:
            return "Protests", "Protest with intervention", 0.75
        return "Protests", "Peaceful protest", 0.8
    # crude, cocktail or petrol bombs thrown by a group (not the state's forces): ACLED's Mob violence
    if "crude_bomb" in c.cues and violent and not c.agents & {"state"} and not classes & {"clash", "suicide", "airstrike"}:
        return "Riots", "Mob violence", 0.6
    if "mob" in classes or (c.agents & {"rioters"} and violent):
        return "Riots", "Mob violence", 0.7

    return None


def _strategic_before_violence(c: Cues, classes: set[str]) -> Optional[tuple[str, str, float]]:
    violent = classes & VIOLENT
    # --- Raids that end in arrests, without casualties, are Arrests.
    if "arrest" in classes and not violent - {"attack"} and c.killed == 0 and not classes & PROTEST and "protesters" not in c.targets:
        return "Strategic developments", "Arrests", 0.7
    # --- A manned aircraft shot down: an attack by air defence, not a disrupted weapon (a drone).
    if "weapons_disrupted" in classes and {"shot_down", "manned_aircraft"} <= c.cues and "unmanned" not in c.cues:
        return "Explosions/Remote violence", "Shelling/artillery/missile attack", 0.65
    # --- Weapons seized, defused or intercepted without a fight.
    if "weapons_disrupted" in classes and not classes & {"clash"} and c.killed == 0 and not c.object_is_place:
        return "Strategic developments", "Disrupted weapons use", 0.7
    # --- Territory changing hands: without a fight it is a strategic development.
    if classes & TERRITORY and (c.object_is_place or not c.object_is_person) and "no_fighting" in c.cues and c.killed == 0:
        return "Strategic developments", "Non-violent transfer of territory", 0.7
    if classes & TERRITORY and (c.object_is_place or not c.object_is_person):
        who = c.territory_agents or c.agents
        state_agent = "state" in who and "armed" not in who
        if "regain" in classes and "armed" not in who or state_agent:
            return "Battles", "Government regains territory", 0.65
        return "Battles", "Non-state actor overtakes territory", 0.65

    return None


_SMALL_ARMS_REMOTE = {"Shelling/artillery/missile attack", "Grenade", "Remote explosive/landmine/IED"}


def _political_violence(c: Cues, classes: set[str]) -> Optional[tuple[str, str, float]]:
    violent = classes & VIOLENT
    armed_agent = bool(c.agents & {"armed", "state"})
    armed_target = bool(c.targets & {"armed", "state"}) or bool(c.killed_who & {"soldiers"}) and "civilians" not in c.targets
    civilian_target = "civilians" in c.targets or ("civilians" in c.killed_who and not armed_target)
    remote = _remote_sub(c, classes) if violent & REMOTE or (violent and c.weapons) else None
    ground = bool(classes & {"clash"})
    # --- Battles: organised armed groups fighting each other on the ground.
    if ground:
        return "Battles", "Armed clash", 0.8 if armed_agent or armed_target else 0.65
    if violent & {"attack", "kill", "injure"} and armed_target and not remote and not civilian_target:
        return "Battles", "Armed clash", 0.7
    # --- Small arms fired with shells, grenades or an IED at armed forces: ground fighting ("fired
    # grenade launchers and small arms at the positions of", "ambushed a convoy with an IED and small arms fire").
    # Fire "in both directions of the frontline" is an exchange whoever fired.
    if (remote in _SMALL_ARMS_REMOTE and violent & (REMOTE | {"attack", "kill", "injure"})
            and ("small_arms" in c.cues and armed_target and not civilian_target or "two_sided" in c.cues)):
        return "Battles", "Armed clash", 0.7
    # --- Remote violence, whoever the target is.
    if remote and (violent & REMOTE or violent & {"attack", "kill", "injure"}):
        if remote == "Chemical weapon" and not c.weapons & {"Chemical weapon"}:
            remote = "Shelling/artillery/missile attack"
        return "Explosions/Remote violence", remote, 0.75
    # --- One-sided violence against civilians.
    if "sexual" in classes:
        return "Violence against civilians", "Sexual violence", 0.75
    if "abduct" in classes:
        if "state" in c.agents and "armed" not in c.agents and not civilian_target:
            return "Strategic developments", "Arrests", 0.55
        return "Violence against civilians", "Abduction/forced disappearance", 0.75
    if violent & {"attack", "kill", "injure"}:
        if armed_target and armed_agent:
            return "Battles", "Armed clash", 0.6
        return "Violence against civilians", "Attack", 0.7 if civilian_target else 0.55
    if violent & {"land", "strike"}:
        return "Explosions/Remote violence", remote or "Shelling/artillery/missile attack", 0.55

    return None


def _strategic(c: Cues, classes: set[str]) -> tuple[str, str, float]:
    # --- Strategic developments.
    if "weapons_disrupted" in classes:
        return "Strategic developments", "Disrupted weapons use", 0.7
    if "capture" in classes and c.object_is_person:
        if c.agents & {"state"}:
            return "Strategic developments", "Arrests", 0.6
        return "Violence against civilians", "Abduction/forced disappearance", 0.6
    if "arrest" in classes:
        return "Strategic developments", "Arrests", 0.75
    if "loot" in classes:
        return "Strategic developments", "Looting/property destruction", 0.7
    if "withdraw" in classes:
        return "Strategic developments", "Non-violent transfer of territory", 0.6
    if "base" in classes:
        return "Strategic developments", "Headquarters or base established", 0.7
    if "agreement" in classes:
        return "Strategic developments", "Agreement", 0.7
    if "group_change" in classes:
        return "Strategic developments", "Change to group/activity", 0.6
    return "Strategic developments", "Other", 0.4


def classes_of(hits: Iterable[Hit]) -> list[str]:
    return [h.entry.value for h in hits if h.entry.kind == "trigger"]
