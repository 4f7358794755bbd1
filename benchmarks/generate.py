"""Write a synthetic kgraph dataset in the real format, for benchmarks and scale tests.

    python benchmarks/generate.py --entities 100000 --relations 500000 --out /tmp/kg100k
    kgraph validate --data /tmp/kg100k --sources /tmp/kg100k/sources

What it writes (deterministic for a given ``--seed``):

* ``sources.yaml``: the source documents (about one per 100 entities);
* ``entities-0001.yaml``, ...: the entities, at most ``--entities-per-file`` a file, with
  realistic names (people, agencies, places, operations, summits...), aliases, roles,
  ISO and partial dates, descriptions (some as folded block scalars) and evidence;
* ``relations-0001.yaml``, ...: the relations, typed by the bundled schema and respecting
  each relation type's allowed source and target types, with a quote each and sometimes
  dates or extra evidence;
* ``sources/*.txt``: one text per source that contains every quote citing it verbatim;
* ``benchmark.json``: entities and a question for the query benchmarks.

Degrees are skewed: within each entity type, entities are picked with Zipf weights, so a
few countries, agencies and people become hubs, as in real who-did-what networks.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kgraph.text import fold

SCHEMA = Path(__file__).resolve().parent.parent / "data" / "schema.yaml"

# share of the entities per type (countries and topics are capped lists)
TYPE_SHARE = {
    "person": 0.33, "agency": 0.10, "organization": 0.05, "criminal_organization": 0.04,
    "city": 0.06, "state": 0.02, "place": 0.02, "event": 0.03, "summit": 0.02,
    "meeting": 0.06, "operation": 0.08, "legal_instrument": 0.02, "executive_order": 0.01,
    "document": 0.04, "declaration": 0.01, "programme": 0.04, "commitment": 0.03,
    "topic": 0.02, "country": 0.02,
}

# how often each relation type is used
RELATION_SHARE = {
    "attended": 12, "holds_position": 8, "part_of": 7, "located_in": 7, "held_in": 6,
    "mentions": 8, "cooperates_with": 5, "targeted": 5, "focused_on": 5, "met_with": 5,
    "organised": 4, "conducted": 3, "represents": 4, "heads": 2, "spoke_at": 2,
    "confirmed": 0.5, "engages_in": 2, "present_in": 2, "originated_in": 1,
    "arrested_members_of": 1, "supports": 2, "threatens": 1,
    # the lineage family (what grew out of what) is sparse and goes forward in time, as
    # in curated data: its ends are picked uniformly (no hubs), the origin created first
    "produced": 0.5, "grew_out_of": 0.6, "led_to": 0.4, "builds_on": 0.3,
    "spearheaded": 0.3, "launched": 0.3, "issued": 0.4, "succeeded": 0.3, "mandated": 0.2,
}

FIRST = ["Ana", "Andrés", "Beatriz", "Carlos", "Carmen", "Daniel", "Diego", "Elena", "Emilio", "Fernando", "Gabriela", "Guillermo", "Héctor", "Inés", "Isabel", "Javier", "Jorge", "José", "Juan", "Julia", "Laura", "Lucía", "Luis", "Manuel", "María", "Marta", "Miguel", "Natalia", "Néstor", "Pablo", "Patricia", "Pedro", "Rafael", "Ramón", "Raúl", "Ricardo", "Roberto", "Rosa", "Santiago", "Sofía", "Teresa", "Tomás", "Valentina", "Víctor", "Alberto", "Adriana", "Alejandro", "Andrea", "Antonio", "Camila", "Catalina", "Cristina", "Eduardo", "Esteban", "Felipe", "Francisco", "Gloria", "Gustavo", "Hugo", "Ignacio", "Jaime", "Leonardo", "Lorena", "Marcela", "Mario", "Mauricio", "Mónica", "Óscar", "Paula", "Rodrigo", "Sandra", "Sergio", "Silvia", "Verónica", "Ximena", "James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas", "Charles", "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah", "Karen", "Nancy", "Lisa", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie", "Rebecca", "Sharon", "Cynthia", "Kathleen", "Amy", "Angela", "Brenda", "Pamela", "Nicole", "Helen", "Samuel", "Benjamin", "Gregory", "Frank", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Douglas", "Peter", "Adam", "Nathan", "Zachary", "Walter", "Kyle", "Harold", "Carl", "Jeremy", "Keith", "Roger", "Gerald", "Ethan", "Arthur", "Terry", "Christian", "Sean", "Lawrence", "Austin", "Joe", "Noah", "Jesse", "Albert", "Bryan", "Billy", "Bruce", "Willie", "Jordan", "Dylan", "Alan", "Ralph", "Gabriel", "Roy", "Juan", "Wayne", "Eugene", "Logan", "Randy", "Louis", "Russell", "Vincent", "Philip", "Bobby", "Johnny", "Bradley"]

LAST = ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Gutiérrez", "Ortiz", "Chávez", "Ruiz", "Jiménez", "Mendoza", "Álvarez", "Castillo", "Romero", "Vargas", "Herrera", "Medina", "Aguilar", "Castro", "Guzmán", "Fernández", "Moreno", "Muñoz", "Rojas", "Salazar", "Contreras", "Silva", "Ramos", "Vásquez", "Núñez", "Cabrera", "Ríos", "Suárez", "Delgado", "Navarro", "Espinoza", "Campos", "Vega", "Molina", "Soto", "Carrillo", "Figueroa", "Estrada", "Acosta", "Luna", "Pineda", "Cortés", "Cárdenas", "Villalobos", "Montoya", "Peña", "Sandoval", "Beltrán", "Carriazo", "Videgaray", "Neira", "Quintero", "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James", "Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins", "Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson", "Jordan", "Reynolds", "Hamilton", "Graham", "Kim", "Wallace", "Cole", "West", "Ellis", "Stevens", "Tucker", "Porter", "Hunter", "Hicks", "Crawford", "Boyd", "Mason", "Warren", "Dixon", "Burns", "Gordon", "Shaw", "Holmes", "Rice", "Robertson", "Black", "Daniels", "Palmer", "Mills", "Nichols", "Grant", "Knight", "Ferguson", "Stone", "Hawkins", "Dunn", "Perkins", "Hudson", "Spencer", "Gardner", "Stephens", "Payne", "Pierce", "Berry", "Matthews", "Arnold", "Wagner", "Willis", "Ray", "Watkins", "Olson", "Carroll", "Duncan", "Snyder", "Hart", "Cunningham", "Bradley", "Lane", "Andrews", "Ruiz", "Harper", "Fox", "Riley", "Armstrong", "Carpenter", "Weaver", "Greene", "Lawrence", "Elliott", "Chavez", "Sims", "Austin", "Peters", "Kelley", "Franklin", "Lawson", "Fields", "Ryan", "Schmidt"]

COUNTRIES = """United States;Colombia;Mexico;Guatemala;Honduras;El Salvador;Nicaragua;
Costa Rica;Panama;Venezuela;Ecuador;Peru;Bolivia;Chile;Argentina;Uruguay;Paraguay;Brazil;
Canada;Cuba;Dominican Republic;Haiti;Jamaica;Trinidad and Tobago;Bahamas;Belize;Guyana;
Suriname;Spain;Portugal;France;Italy;Germany;Netherlands;Belgium;United Kingdom;Ireland;
Switzerland;Austria;Poland;Ukraine;Russia;Turkey;Greece;Morocco;Algeria;Nigeria;Ghana;
South Africa;Kenya;Egypt;Israel;Saudi Arabia;India;Pakistan;China;Japan;South Korea;
Philippines;Indonesia;Australia;New Zealand;Thailand;Vietnam;Malaysia""".replace("\n", "")
COUNTRIES_LIST = [c.strip() for c in COUNTRIES.split(";")]
DEMONYM = {"United States": "U.S.", "United Kingdom": "British", "Colombia": "Colombian",
           "Mexico": "Mexican", "Spain": "Spanish", "France": "French", "Peru": "Peruvian",
           "Brazil": "Brazilian", "Canada": "Canadian", "Chile": "Chilean"}

SYLLABLES = ["san", "ta", "ma", "ri", "co", "la", "ve", "ra", "do", "mi", "nu", "el", "to", "bar", "ca", "rio", "pe", "dro", "al", "ta", "mi", "ra", "gua", "ya", "quil", "cu", "ra", "zon", "be", "lla", "vis", "ta", "mon", "te", "ro", "sa", "flo", "res", "tre", "ce", "pal", "ma", "lo", "ma"]
PLACE_PREFIX = ["San", "Santa", "Puerto", "Villa", "Nueva", "Port", "New", "Ciudad", "Lake",
                "Mount", "Fort", "Bahía", "Cerro", "Río", ""]
PLACE_SUFFIX = ["", "", "", " City", " Heights", " del Norte", " del Sur", " Springs",
                " Valley", " Bay"]
STATE_KIND = ["Province", "Department", "State", "Region", "District", "Territory"]
PLACE_KIND = ["Border Crossing", "Port", "Airport", "Corridor", "Free Trade Zone",
              "Highlands", "Coast", "Triangle", "Valley", "Prison"]

AGENCY_KIND = ["Ministry of Justice", "Ministry of Security", "Ministry of the Interior",
               "National Police", "Office of the Attorney General", "Customs Service",
               "Financial Intelligence Unit", "Anti-Narcotics Directorate", "Border Patrol",
               "Prosecutor's Office", "Counter-Terrorism Unit", "Coast Guard",
               "Immigration Service", "Supreme Court", "Anti-Corruption Commission",
               "Bureau of Investigation", "Organized Crime Task Force", "Prison Service",
               "Intelligence Directorate", "Money Laundering Unit", "Marshals Service",
               "Highway Police", "Special Prosecutor for Drug Crimes", "Witness Protection Office",
               "Cybercrime Division", "Judicial Police", "Ministry of Defense",
               "Naval Intelligence Service", "Asset Forfeiture Office", "Extradition Office"]
ORG_KIND = ["Foundation", "Institute", "Center", "Association", "Council", "Alliance",
            "Network", "Observatory", "Group", "Society", "Corporation", "Partners"]
ORG_THEME = ["Security Studies", "Justice", "Human Rights", "Rule of Law", "Transparency",
             "Citizen Security", "Democracy", "Drug Policy", "Crime Prevention",
             "Investigative Journalism", "Migration", "Border Studies", "Public Integrity"]
CRIME_FIRST = ["Cartel de", "Clan del", "Los", "Barrio", "Mara", "La Familia", "Banda",
               "Frente", "Los Hermanos", "Cartel of", "Gulf", "Pacific", "La Oficina de"]
CRIME_SECOND = ["Zetas", "Rastrojos", "Urabeños", "Caballeros", "Norte", "Sur", "Valle",
                "Costa", "Sierra", "Montaña", "Tigres", "Lobos", "Halcones", "Cobras",
                "Soles", "Diamantes", "Reyes", "Piratas", "Panteras", "Escorpiones"]
OP_ADJ = ["Regional", "Silver", "Golden", "Iron", "Crimson", "Northern", "Southern", "Eastern", "Western", "Silent", "Swift", "Bold", "Steel", "Shadow", "Hidden", "Burning", "Frozen", "Falling", "Rising", "Broken", "Blue", "Black", "White", "Red", "Green", "Grey", "Coastal", "Desert", "Mountain", "Jungle", "Thunder", "Lightning", "Storm", "Winter", "Summer", "Autumn", "Spring", "Midnight", "Dawn", "Twilight", "Solar", "Lunar", "Arctic", "Tropical", "Distant", "Final", "First", "Last", "Lone", "Twin", "Triple", "Open", "Closed", "Quiet", "Loud", "Bright", "Dark", "Sharp", "Deep", "High", "Wide", "Long", "Short", "Narrow", "Patient", "Vigilant", "Steady", "Sudden", "Endless", "Ancient", "Modern", "Central", "Outer", "Inner"]
OP_NOUN = ["Shield", "Sword", "Arrow", "Eagle", "Falcon", "Hawk", "Condor", "Jaguar", "Puma", "Wolf", "Fox", "Bear", "Lion", "Tiger", "Serpent", "Dragon", "Phoenix", "Horizon", "Frontier", "Bridge", "Gate", "Tower", "River", "Harbor", "Anchor", "Compass", "Beacon", "Lantern", "Torch", "Hammer", "Anvil", "Forge", "Spear", "Lance", "Trident", "Net", "Web", "Chain", "Lock", "Key", "Vault", "Mirror", "Prism", "Crystal", "Diamond", "Emerald", "Sapphire", "Ruby", "Pearl", "Coral", "Tide", "Wave", "Current", "Delta", "Canyon", "Summit", "Ridge", "Valley", "Meadow", "Forest", "Orchard", "Harvest", "Seed", "Root", "Branch", "Leaf", "Thorn", "Rose", "Lotus", "Cedar", "Oak", "Pine", "Willow", "Maple", "Granite", "Marble", "Flint", "Ember", "Flame", "Spark", "Blaze", "Cyclone", "Tempest", "Avalanche", "Glacier", "Volcano", "Meteor", "Comet", "Orbit", "Zenith", "Nadir", "Vector", "Matrix", "Cipher", "Sentinel", "Guardian", "Ranger", "Nomad", "Pilgrim", "Voyager", "Mariner", "Pioneer"]
TOPICS = ["drug trafficking", "money laundering", "human trafficking", "migrant smuggling",
          "arms trafficking", "corruption", "extortion", "kidnapping", "cybercrime",
          "terrorism financing", "illegal mining", "wildlife trafficking", "fuel theft",
          "counterfeiting", "fentanyl", "cocaine", "methamphetamine", "heroin",
          "gang violence", "prison reform", "extradition", "asset forfeiture",
          "witness protection", "border security", "maritime interdiction", "bribery",
          "tax evasion", "illegal logging", "organ trafficking", "child exploitation",
          "cyber fraud", "identity theft", "smuggling of goods", "homicide",
          "police reform", "judicial cooperation", "intelligence sharing",
          "trade-based money laundering", "cryptocurrency crime", "illicit finance"]
EVENT_KIND = ["Conference", "Forum", "Dialogue", "Symposium", "Workshop", "Roundtable",
              "Congress", "Seminar", "Exchange", "Assembly"]
MEETING_KIND = ["Meeting", "Working Session", "Bilateral Meeting", "Technical Meeting",
                "Visit", "Consultation", "Briefing", "Training Session"]
PROGRAMME_KIND = ["Initiative", "Programme", "Working Group", "Task Force", "Partnership",
                  "Commission", "Strategy", "Plan", "Compact", "Mechanism"]
DOC_KIND = ["Report", "Assessment", "Statement", "White Paper", "Communiqué", "Review",
            "Memorandum", "Threat Assessment", "Action Plan", "Strategy Paper"]
LAW_KIND = ["Act", "Law", "Treaty", "Convention", "Decree", "Agreement", "Protocol",
            "Accord", "Regulation", "Code"]
COMMIT_VERB = ["Strengthen", "Expand", "Share", "Develop", "Promote", "Establish",
               "Improve", "Coordinate", "Increase", "Dismantle", "Support", "Enhance"]
COMMIT_OBJ = ["information exchange on", "joint investigations of", "training against",
              "capacity building against", "extraditions for", "border controls against",
              "financial intelligence on", "prosecutions of", "prevention of",
              "regional cooperation against"]
ROLES = ["Attorney General", "Deputy Attorney General", "Minister of Justice",
         "Minister of Security", "Director", "Deputy Director", "Chief Prosecutor",
         "Special Agent", "Ambassador", "Police Commissioner", "Judge", "Senator",
         "Analyst", "Legal Advisor", "Investigator", "Spokesperson", "Coordinator",
         "Head of Unit", "Commander", "Secretary", "Inspector General", "Attaché"]
PUBLISHERS = ["Department of Justice", "Latin News", "InSight Crime", "Reuters",
              "El Tiempo", "Prensa Libre", "La Nación", "Associated Press", "OPDAT",
              "Ministry of Foreign Affairs", "Breitbart", "El Universal", "Semana"]

SPECIAL_PLAIN = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_PLAIN_SAFE = re.compile(r"[^\W\d_][\w .,()'/&-]*\Z")
_FLOW_SAFE = re.compile(r"[^\W\d_][\w .()'/&-]*\Z")


def scalar(text: str, flow: bool = False) -> str:
    """``text`` as a YAML scalar: plain when that is unambiguous, else double-quoted."""
    ok = (_FLOW_SAFE if flow else _PLAIN_SAFE).match(text)
    if ok and text.lower() not in SPECIAL_PLAIN and not text.endswith((" ", ".", ",")):
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass
class Entity:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    evidence: list[tuple[str, str]] = field(default_factory=list)
    description: str | None = None
    block_description: bool = False


class Generator:
    def __init__(self, n_entities: int, n_relations: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_entities = n_entities
        self.n_relations = n_relations
        with SCHEMA.open(encoding="utf-8") as fh:
            schema = yaml.safe_load(fh)
        self.entity_types: dict[str, dict[str, Any]] = schema["entity_types"]
        self.relation_types: dict[str, dict[str, Any]] = schema["relation_types"]
        self.taken: set[str] = set()  # folded names and aliases
        self.ids: set[str] = set()
        self.entities: list[Entity] = []
        self.by_type: dict[str, list[int]] = {}
        self.sources: list[dict[str, Any]] = []
        self.source_quotes: list[list[str]] = []
        self.relations: list[dict[str, Any]] = []

    # -- names -------------------------------------------------------------------------

    def unique_name(self, make: Any) -> str:
        for attempt in range(50):
            name = make()
            if attempt >= 5:
                name = f"{name} {roman(attempt - 3)}"
            if fold(name) not in self.taken:
                self.taken.add(fold(name))
                return name
        raise RuntimeError("could not find a unique name")

    def unique_id(self, name: str) -> str:
        base = slug(name)
        if len(base) > 32:
            base = base[:32].rsplit("-", 1)[0]
        base = base or "entity"
        eid, n = base, 1
        while eid in self.ids:
            n += 1
            eid = f"{base}-{n}"
        self.ids.add(eid)
        return eid

    def add_alias(self, ent: Entity, alias: str) -> None:
        key = fold(alias)
        if key and key not in self.taken and alias != ent.name:
            self.taken.add(key)
            ent.aliases.append(alias)

    def country(self) -> str:
        return self.pick_name("country")

    def pick_name(self, etype: str) -> str:
        pool = self.by_type.get(etype)
        if not pool:
            return self.rng.choice(COUNTRIES_LIST)
        return self.entities[self.rng.choice(pool)].name

    def date(self, lo: int = 2010, hi: int = 2023, precision: str | None = None) -> str:
        r = self.rng
        y = r.randint(lo, hi)
        p = precision or r.choices(["day", "month", "year"], [6, 3, 1])[0]
        if p == "year":
            return str(y)
        m = r.randint(1, 12)
        if p == "month":
            return f"{y}-{m:02d}"
        return f"{y}-{m:02d}-{r.randint(1, 28):02d}"

    def make_entity(self, etype: str) -> Entity:
        r = self.rng
        fields: dict[str, Any] = {}
        aliases: list[str] = []
        desc: str | None = None
        if etype == "person":
            def make() -> str:
                parts = [r.choice(FIRST)]
                if r.random() < 0.25:
                    parts.append(r.choice(FIRST))
                parts.append(r.choice(LAST))
                if r.random() < 0.5:
                    parts.append(r.choice(LAST))
                return " ".join(parts)
            name = self.unique_name(make)
            words = name.split()
            aliases = [" ".join([words[0], words[-1]]) if len(words) > 2 else "",
                       f"{words[0][0]}. {' '.join(words[1:])}"]
            role = f"{r.choice(ROLES)} of {self.country()}"
            fields["role"] = role
            if r.random() < 0.3:
                fields["nationality"] = r.choice(list(DEMONYM.values()))
            desc = f"{role}."
        elif etype == "country":
            used = {e.name for e in self.entities if e.type == "country"}
            free = [c for c in COUNTRIES_LIST if c not in used]
            name = self.unique_name(lambda: free[0] if free else "Republic of "
                                    + "".join(r.choice(SYLLABLES) for _ in range(3)).title())
            if name in DEMONYM:
                aliases = [DEMONYM[name] + " government"]
        elif etype in ("city", "place", "state"):
            def make() -> str:
                core = "".join(r.choice(SYLLABLES) for _ in range(r.randint(2, 3))).title()
                if etype == "city":
                    return f"{r.choice(PLACE_PREFIX)} {core}{r.choice(PLACE_SUFFIX)}".strip()
                if etype == "state":
                    return f"{core} {r.choice(STATE_KIND)}"
                return f"{core} {r.choice(PLACE_KIND)}"
            name = self.unique_name(make)
        elif etype == "agency":
            def make() -> str:
                return f"{r.choice(AGENCY_KIND)} of {self.place_or_country()}"
            name = self.unique_name(make)
            aliases = [acronym(name)]
            fields["jurisdiction"] = name.split(" of ")[-1]
        elif etype == "organization":
            def make() -> str:
                return f"{r.choice(ORG_THEME)} {r.choice(ORG_KIND)} of {self.place_or_country()}"
            name = self.unique_name(make)
            aliases = [acronym(name)]
        elif etype == "criminal_organization":
            def make() -> str:
                return f"{r.choice(CRIME_FIRST)} {r.choice(CRIME_SECOND)} {r.choice(LAST)}"
            name = self.unique_name(make)
            aliases = [name.split()[-1] + " gang"]
            if r.random() < 0.5:
                fields["members_us"] = r.randint(10, 20000)
        elif etype in ("event", "summit", "meeting"):
            kinds = {"event": EVENT_KIND, "summit": ["Summit", "Leaders' Summit",
                                                    "Ministerial Summit", "Trilateral Summit"],
                     "meeting": MEETING_KIND}[etype]
            year = r.randint(2010, 2023)
            def make() -> str:
                about = f" on {r.choice(TOPICS).title()}" if r.random() < 0.3 else ""
                return f"{self.pick_name('city')} {r.choice(kinds)}{about} {year}"
            name = self.unique_name(make)
            if r.random() < 0.3:
                start = f"{year}-{r.randint(1, 12):02d}-{r.randint(1, 20):02d}"
                fields["start"] = start
                fields["end"] = start[:-2] + f"{int(start[-2:]) + r.randint(1, 5):02d}"
            else:
                fields["date"] = f"{year}-{r.randint(1, 12):02d}" + (
                    f"-{r.randint(1, 28):02d}" if r.random() < 0.7 else "")
        elif etype == "operation":
            def make() -> str:
                return f"Operation {r.choice(OP_ADJ)} {r.choice(OP_NOUN)}"
            name = self.unique_name(make)
            aliases = [" ".join(name.split()[1:])]
            fields["start"] = self.date(2010, 2022)
            if r.random() < 0.4:
                fields["arrested"] = r.randint(1, 900)
        elif etype in ("legal_instrument", "executive_order"):
            if etype == "executive_order":
                name = self.unique_name(lambda: f"Executive Order {r.randint(12000, 14999)}")
                number = name.split()[2]
                aliases = [f"EO {number}"]
                fields["number"] = number
            else:
                name = self.unique_name(lambda: f"{self.country()} {r.choice(TOPICS).title()} "
                                        f"{r.choice(LAW_KIND)} of {r.randint(1990, 2023)}")
            fields["date"] = self.date(1995, 2023)
        elif etype in ("document", "declaration"):
            kind = DOC_KIND if etype == "document" else ["Joint Declaration", "Declaration",
                                                         "Joint Statement", "Communiqué"]
            name = self.unique_name(lambda: f"{self.place_or_country()} {r.choice(kind)} "
                                    f"{r.randint(2010, 2023)}")
            fields["date"] = self.date(2010, 2023)
        elif etype == "programme":
            name = self.unique_name(lambda: f"{self.place_or_country()} "
                                    f"{r.choice(TOPICS).title()} {r.choice(PROGRAMME_KIND)}")
            aliases = [acronym(name)]
            if r.random() < 0.5:
                fields["start"] = self.date(2005, 2020)
        elif etype == "commitment":
            name = self.unique_name(lambda: f"{r.choice(COMMIT_VERB)} "
                                    f"{r.choice(COMMIT_OBJ)} {r.choice(TOPICS)} in "
                                    f"{self.place_or_country()}")
        elif etype == "topic":
            name = self.unique_name(lambda: r.choice(TOPICS) if r.random() < 0.5 else
                                    f"{r.choice(TOPICS)} in {self.place_or_country()}")
        else:  # pragma: no cover - a type the schema gained later
            name = self.unique_name(lambda: f"{etype.replace('_', ' ').title()} "
                                    f"{r.randint(1, 10**9)}")
        ent = Entity(self.unique_id(name), etype, name, fields=fields)
        for alias in aliases:
            if alias:
                self.add_alias(ent, alias)
        if desc is None and r.random() < 0.3:
            desc = (f"A {self.entity_types[etype].get('label', etype).lower()} named in the "
                    f"sources, connected to {self.country()} and to "
                    f"{r.choice(TOPICS)}; recorded by the curators from the reporting.")
        ent.description = desc
        ent.block_description = desc is not None and r.random() < 0.3
        return ent

    def place_or_country(self) -> str:
        if self.by_type.get("city") and self.rng.random() < 0.4:
            return self.pick_name("city")
        return self.country()

    # -- sources and quotes ------------------------------------------------------------

    def make_sources(self) -> None:
        n = max(3, self.n_entities // 100)
        for i in range(n):
            year = 2010 + i % 14
            self.sources.append({
                "id": f"src-{i + 1:05d}",
                "title": f"{self.rng.choice(PUBLISHERS)} report {i + 1} on "
                         f"{self.rng.choice(TOPICS)}",
                "publisher": self.rng.choice(PUBLISHERS),
                "date": f"{year}-{self.rng.randint(1, 12):02d}-{self.rng.randint(1, 28):02d}",
                "file": f"src-{i + 1:05d}.txt",
            })
            self.source_quotes.append([])
        weights = [1 / (k + 1) ** 0.8 for k in range(n)]
        self.source_cum = list(itertools.accumulate(weights))

    def cite(self, quote: str) -> tuple[str, str]:
        k = bisect.bisect(self.source_cum, self.rng.random() * self.source_cum[-1])
        k = min(k, len(self.sources) - 1)
        self.source_quotes[k].append(quote)
        return self.sources[k]["id"], quote

    # -- the graph -----------------------------------------------------------------------

    def make_entities(self) -> None:
        n = self.n_entities
        counts = {t: max(1, int(n * s)) for t, s in TYPE_SHARE.items()}
        counts["country"] = min(counts["country"], len(COUNTRIES_LIST))
        counts["person"] += n - sum(counts.values())
        # places and countries first: other names refer to them
        order = ["country", "city", "state", "place"] + [t for t in counts if t not in (
            "country", "city", "state", "place")]
        for etype in order:
            for _ in range(counts[etype]):
                ent = self.make_entity(etype)
                self.by_type.setdefault(etype, []).append(len(self.entities))
                self.entities.append(ent)
        for ent in self.entities:
            ent.evidence.append(self.cite(entity_quote(ent)))
            if self.rng.random() < 0.1:
                ent.evidence.append(self.cite(f"{ent.name} was named again in the record"))
        # Zipf weights within each type: a few hubs, a long tail
        self.type_cum: dict[str, list[float]] = {}
        for etype, members in self.by_type.items():
            self.rng.shuffle(members)
            self.type_cum[etype] = list(itertools.accumulate(
                1 / (k + 1) ** 0.9 for k in range(len(members))))
        self.parents = {t: d.get("parent") for t, d in self.entity_types.items()}

    def concrete(self, allowed: list[str]) -> list[str]:
        out = []
        for t in self.by_type:
            a: str | None = t
            while a:
                if a in allowed:
                    out.append(t)
                    break
                a = self.parents.get(a)
        return out

    def pick(self, types: list[str], total: list[float], uniform: bool = False) -> int:
        r = self.rng
        t = types[min(bisect.bisect(total, r.random() * total[-1]), len(types) - 1)]
        if uniform:
            return r.choice(self.by_type[t])
        cum = self.type_cum[t]
        i = bisect.bisect(cum, r.random() * cum[-1])
        return self.by_type[t][min(i, len(cum) - 1)]

    def make_relations(self) -> None:
        r = self.rng
        names = [n for n in RELATION_SHARE if n in self.relation_types]
        rel_cum = list(itertools.accumulate(RELATION_SHARE[n] for n in names))
        ends: dict[str, tuple[list[str], list[float], list[str], list[float]]] = {}
        for name in names:
            rt = self.relation_types[name]
            # the end types the schema calls usual (a venue is a place), else those allowed
            src = self.concrete(rt.get("usual_source") or rt["source"])
            dst = self.concrete(rt.get("usual_target") or rt["target"])
            if not src or not dst:
                continue
            ends[name] = (src, list(itertools.accumulate(self.type_cum[t][-1] for t in src)),
                          dst, list(itertools.accumulate(self.type_cum[t][-1] for t in dst)))
        # every entity first gets one relation (curated data has no orphans: kgraph validate
        # warns of them), in random order; then relations are drawn freely
        pending = list(range(len(self.entities)))
        r.shuffle(pending)
        seen: set[tuple[int, str, int]] = set()
        while len(self.relations) < self.n_relations:
            anchor = pending.pop() if pending else None
            if anchor is not None:
                etype = self.entities[anchor].type
                fits = [(n, end) for n in ends for end in (0, 2) if etype in ends[n][end]
                        and not self.relation_types[n].get("lineage")]
                if not fits:
                    continue
                name, end = r.choice(fits)
            else:
                name = names[min(bisect.bisect(rel_cum, r.random() * rel_cum[-1]),
                                 len(names) - 1)]
            if name not in ends:
                continue
            src, src_cum, dst, dst_cum = ends[name]
            rt = self.relation_types[name]
            lineage = bool(rt.get("lineage"))
            for _ in range(20):
                u = self.pick(src, src_cum, uniform=lineage)
                v = self.pick(dst, dst_cum, uniform=lineage)
                if anchor is not None:
                    u, v = (anchor, v) if end == 0 else (u, anchor)
                if lineage and (u > v) != (rt.get("origin") == "target"):
                    continue  # the origin is the older entity: no lineage cycles
                if u != v and (u, name, v) not in seen:
                    break
            else:
                continue
            seen.add((u, name, v))
            a, b = self.entities[u], self.entities[v]
            rel: dict[str, Any] = {"from": a.id, "type": name, "to": b.id}
            evidence = [self.cite(f"{short(a)} {rt['reading']} {short(b)}")]
            if r.random() < 0.05:
                evidence.append(self.cite(f"{b.name} {rt['inverse_reading']} {a.name}"))
            rel["evidence"] = evidence
            roll = r.random()
            if rt.get("temporal") or rt.get("lineage"):
                if roll < 0.35:
                    rel["date"] = self.date()
                elif roll < 0.5:
                    start = self.date(2005, 2015, "year")
                    rel["start"] = start
                    if r.random() < 0.5:
                        rel["end"] = str(int(start) + r.randint(1, 8))
                if rel.get("date") and r.random() < 0.1:
                    rel["inferred"] = {"date": "the year is implied by the source's date"}
            if r.random() < 0.02:
                rel["notes"] = "Checked against a second report by the curators."
            self.relations.append(rel)

    # -- writing -----------------------------------------------------------------------

    def write(self, out: Path, entities_per_file: int, relations_per_file: int) -> None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "sources").mkdir(exist_ok=True)
        for old in itertools.chain(out.glob("entities-*.yaml"), out.glob("relations-*.yaml")):
            old.unlink()
        lines = ["# Source documents of the synthetic benchmark dataset.", "", "sources:"]
        for src in self.sources:
            lines += [f"  - id: {src['id']}", f"    title: {scalar(src['title'])}",
                      f"    publisher: {scalar(src['publisher'])}",
                      f'    date: "{src["date"]}"', f"    file: {src['file']}", ""]
        (out / "sources.yaml").write_text("\n".join(lines), encoding="utf-8")
        for src, quotes in zip(self.sources, self.source_quotes):
            paras = [src["title"], ""]
            for i in range(0, len(quotes), 6):
                paras.append(" ".join(q + "." for q in quotes[i:i + 6]))
                paras.append("")
            (out / "sources" / src["file"]).write_text("\n".join(paras), encoding="utf-8")
        for n, start in enumerate(range(0, len(self.entities), entities_per_file), 1):
            chunk = self.entities[start:start + entities_per_file]
            text = "\n".join(entity_lines(chunk, n))
            (out / f"entities-{n:04d}.yaml").write_text(text, encoding="utf-8")
        for n, start in enumerate(range(0, len(self.relations), relations_per_file), 1):
            chunk = self.relations[start:start + relations_per_file]
            text = "\n".join(relation_lines(chunk, n))
            (out / f"relations-{n:04d}.yaml").write_text(text, encoding="utf-8")
        (out / "benchmark.json").write_text(json.dumps(self.benchmark(), indent=2) + "\n",
                                            encoding="utf-8")

    def benchmark(self) -> dict[str, Any]:
        """Entities for the query benchmarks: typical (median-degree) ones, not hubs."""
        degree = [0] * len(self.entities)
        index = {e.id: i for i, e in enumerate(self.entities)}
        lineage_out: dict[int, int] = {}
        for rel in self.relations:
            u, v = index[rel["from"]], index[rel["to"]]
            degree[u] += 1
            degree[v] += 1
            if self.relation_types[rel["type"]].get("lineage"):
                origin = v if self.relation_types[rel["type"]].get("origin") == "target" else u
                lineage_out[origin] = lineage_out.get(origin, 0) + 1

        def typical(etype: str, k: int = 0) -> Entity:
            members = sorted(self.by_type.get(etype) or range(len(self.entities)),
                             key=lambda i: (degree[i], self.entities[i].id))
            return self.entities[members[min(len(members) - 1, len(members) // 2 + k)]]

        a, b = typical("person"), typical("person", 1)
        events = sorted((i for i in lineage_out if self.entities[i].type in (
            "event", "summit", "meeting")), key=lambda i: (-lineage_out[i], self.entities[i].id))
        root = self.entities[events[len(events) // 4]] if events else typical("event")
        return {
            "entities": len(self.entities), "relations": len(self.relations),
            "path": [a.id, b.id],
            "neighbours": typical("person", 2).id,
            "lineage": root.id,
            "ask": f"what grew out of the {root.name}?",
            "degrees": {"max": max(degree, default=0),
                        "median": sorted(degree)[len(degree) // 2] if degree else 0},
        }


def roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += digits
            n -= value
    return out


def acronym(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[0].isupper()]
    return "".join(w[0] for w in words) if len(words) >= 3 else ""


def short(ent: Entity) -> str:
    """The shortest name of an entity (quotes name people and bodies as texts do)."""
    return min([ent.name, *ent.aliases], key=len)


def entity_quote(ent: Entity) -> str:
    if ent.type == "person":
        return f"{ent.fields.get('role', 'official')}, {ent.name},"
    if ent.type in ("country", "topic"):
        return f"the question of {ent.name} was raised"
    return f"the {ent.name}"


def entity_lines(chunk: list[Entity], n: int) -> list[str]:
    lines = [f"# Synthetic benchmark dataset: entities, part {n}.",
             "# Generated by benchmarks/generate.py; every quote is in its source's file.",
             "", "entities:"]
    current = None
    for e in chunk:
        if e.type != current:
            current = e.type
            lines += [f"  # {'=' * 40} {e.type}", ""]
        lines.append(f"  - id: {e.id}")
        lines.append(f"    type: {e.type}")
        lines.append(f"    name: {scalar(e.name)}")
        if e.aliases:
            lines.append(f"    aliases: [{', '.join(scalar(a, flow=True) for a in e.aliases)}]")
        for key, value in e.fields.items():
            if key in ("date", "start", "end") or isinstance(value, int):
                lines.append(f"    {key}: {value}")
            else:
                lines.append(f"    {key}: {scalar(value)}")
        if e.description:
            if e.block_description:
                words = e.description.split()
                lines.append("    description: >-")
                for i in range(0, len(words), 10):
                    lines.append("      " + " ".join(words[i:i + 10]))
            else:
                lines.append(f"    description: {scalar(e.description)}")
        (src, quote), *more = e.evidence
        lines.append(f"    source: {src}")
        lines.append(f"    quote: {scalar(quote)}")
        if more:
            lines.append("    evidence:")
            for src, quote in more:
                lines.append(f"      - source: {src}")
                lines.append(f"        quote: {scalar(quote)}")
        lines.append("")
    return lines


def relation_lines(chunk: list[dict[str, Any]], n: int) -> list[str]:
    lines = [f"# Synthetic benchmark dataset: relations, part {n}.", "", "relations:"]
    for rel in chunk:
        lines.append(f"  - from: {rel['from']}")
        lines.append(f"    type: {rel['type']}")
        lines.append(f"    to: {rel['to']}")
        (src, quote), *more = rel["evidence"]
        lines.append(f"    source: {src}")
        lines.append(f"    quote: {scalar(quote)}")
        for key in ("date", "start", "end"):
            if key in rel:
                lines.append(f"    {key}: {rel[key]}")
        if "inferred" in rel:
            lines.append("    inferred:")
            for key, why in rel["inferred"].items():
                lines.append(f"      {key}: {scalar(why)}")
        if more:
            lines.append("    evidence:")
            for src, quote in more:
                lines.append(f"      - {{source: {src}, quote: {scalar(quote, flow=True)}}}")
        if "notes" in rel:
            lines.append(f"    notes: {scalar(rel['notes'])}")
    lines.append("")
    return lines


def generate(n_entities: int, n_relations: int, out: Path, seed: int = 1,
             entities_per_file: int = 5000, relations_per_file: int = 20000) -> dict[str, Any]:
    """Write the dataset to ``out``; return the benchmark manifest."""
    gen = Generator(n_entities, n_relations, seed)
    gen.make_sources()
    gen.make_entities()
    gen.make_relations()
    gen.write(out, entities_per_file, relations_per_file)
    return gen.benchmark()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, required=True)
    parser.add_argument("--relations", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--entities-per-file", type=int, default=5000)
    parser.add_argument("--relations-per-file", type=int, default=20000)
    args = parser.parse_args()
    if args.entities < 30:
        parser.error("--entities must be at least 30 (one of each type)")
    manifest = generate(args.entities, args.relations, args.out, args.seed,
                        args.entities_per_file, args.relations_per_file)
    size = sum(p.stat().st_size for p in args.out.glob("*.yaml"))
    print(f"wrote {manifest['entities']:,} entities and {manifest['relations']:,} relations "
          f"({size / 1e6:.1f} MB of YAML) to {args.out}")


if __name__ == "__main__":
    main()
