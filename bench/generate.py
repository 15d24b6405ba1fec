"""Synthetic national-scale data: partnerships shaped like Samhällskontraktet's.

    from bench.generate import generate
    generate(partnerships=300, initiatives_per_partnership=100, seed=1)

Each partnership gets 3-6 organisations (a university and municipalities with
populations), their memberships, an agreement, 2 focus areas with 3 societal goals
each, 9 perspectives, 3-4 testbeds, 10 disciplines, 40 people with their role
assignments, a history of audit entries, and `initiatives_per_partnership`
initiatives with Swedish-like names, descriptions and links to focus areas, goals,
perspectives, parties, partners and disciplines. Two logins per partnership, a
process leader and a reader, let the benchmark sign in (see `bench_users`).

Everything is written with bulk_create in a single transaction, so the full scale
takes well under a minute on SQLite and PostgreSQL. The output is deterministic for
a given seed. Partnership slugs are `bench-NNN` and usernames `bench-NNN-<role>`;
`generate` refuses to run when such data exists unless `replace=True`.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from samsyn.core.models import (
    Agreement,
    AuditEntry,
    FocusArea,
    Membership,
    Organization,
    Partnership,
    Person,
    RoleAssignment,
)
from samsyn.core.roles import Role
from samsyn.hub.models import Hub, NewsItem, PublishedInitiative
from samsyn.portfolio.models import Discipline, Initiative, Perspective, Phase, SocietalGoal, Testbed

SLUG_PREFIX = "bench-"
BATCH_SIZE = 2000
PEOPLE_PER_PARTNERSHIP = 40
AUDIT_ENTRIES_PER_PARTNERSHIP = 20
PUBLISHED_PER_PARTNERSHIP = 12
NEWS_PER_PARTNERSHIP = 5

# The two logins of each partnership, by username suffix: (person index, role).
LOGINS = {"processledare": 0, "lasare": PEOPLE_PER_PARTNERSHIP - 1}

# --- A small Swedish vocabulary -------------------------------------------------------

PLACES = [
    "Norrby",
    "Sörvik",
    "Österås",
    "Västerhamn",
    "Lillsjö",
    "Storbacka",
    "Ekeby",
    "Björkvik",
    "Granåsen",
    "Lindköping",
    "Ålunda",
    "Kvarnby",
    "Hagalund",
    "Strömsund",
    "Fjällbo",
    "Sjöholm",
    "Mossebo",
    "Ängsvik",
    "Tallbacken",
    "Rönnby",
    "Åsele",
    "Hedemo",
    "Klippan",
    "Dalby",
    "Forsby",
    "Bergsjö",
    "Vikarby",
    "Älvdal",
]
REGIONS = ["Norrland", "Svealand", "Götaland", "Mälardalen", "Bergslagen", "Västkusten", "Skåne", "Småland"]
FOCUS_AREAS = [
    ("barn-och-unga", "Barn och unga"),
    ("aldre", "Äldres hälsa och livskvalitet"),
    ("trygghet", "Trygghet i vardagen"),
    ("klimat", "Klimatomställning"),
    ("arbete", "Arbete och kompetensförsörjning"),
    ("boende", "Hållbart boende"),
    ("halsa", "Jämlik hälsa"),
    ("digital", "Digital välfärd"),
]
PERSPECTIVES = [
    "Jämställdhet",
    "Barnrätt",
    "Hållbar utveckling",
    "Digitalisering",
    "Medborgardialog",
    "Mångfald och inkludering",
    "Tillgänglighet",
    "Landsbygd",
    "Innovation",
]
DISCIPLINES = [
    "Socialt arbete",
    "Folkhälsovetenskap",
    "Pedagogik",
    "Datavetenskap",
    "Statsvetenskap",
    "Nationalekonomi",
    "Omvårdnad",
    "Arkitektur",
    "Miljövetenskap",
    "Psykologi",
    "Sociologi",
    "Juridik",
    "Kulturgeografi",
    "Industriell ekonomi",
    "Medicinsk teknik",
    "Informatik",
]
FIRST_NAMES = [
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Anders",
    "Eva",
    "Johan",
    "Sara",
    "Per",
    "Emma",
    "Karl",
    "Lena",
    "Nils",
    "Ingrid",
    "Olof",
    "Elin",
    "Gustav",
    "Sofia",
    "Mats",
    "Linnea",
    "Björn",
    "Frida",
    "Axel",
    "Astrid",
    "Mikael",
    "Hanna",
    "Oskar",
    "Maja",
    "Henrik",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Lindberg",
    "Lindqvist",
    "Bergström",
    "Holm",
    "Sandberg",
    "Åberg",
    "Ekström",
    "Hedlund",
    "Sjöberg",
    "Wallin",
    "Forsberg",
    "Lundgren",
]
TITLES = [
    "Utvecklingsledare",
    "Enhetschef",
    "Forskare",
    "Professor",
    "Universitetslektor",
    "Kommundirektör",
    "Verksamhetsutvecklare",
    "Strateg",
    "Projektledare",
    "Doktorand",
    "Socialchef",
    "Samordnare",
]
ADJECTIVES = [
    "Trygg",
    "Hållbar",
    "Digital",
    "Jämlik",
    "Hälsosam",
    "Inkluderande",
    "Smart",
    "Aktiv",
    "Grön",
    "Öppen",
    "Gemensam",
    "Lokal",
    "Framtidens",
    "Levande",
    "Nära",
    "Stärkt",
]
NOUNS = [
    "uppväxt",
    "omsorg",
    "skolgång",
    "vardag",
    "mobilitet",
    "energi",
    "samverkan",
    "boendemiljö",
    "hemtjänst",
    "fritid",
    "integration",
    "kompetens",
    "matförsörjning",
    "stadsdel",
    "vårdkedja",
    "föreningsliv",
    "delaktighet",
    "kollektivtrafik",
    "lärmiljö",
    "hälsa",
]
PREPOSITIONS = ["i", "för", "på", "kring", "inom"]
OBJECTS = [
    "äldre",
    "barn och unga",
    "landsbygden",
    "nyanlända",
    "familjer",
    "skolan",
    "hemtjänsten",
    "centrum",
    "ytterområden",
    "föreningar",
    "unga vuxna",
    "vården",
]
SENTENCE_SUBJECTS = [
    "Initiativet",
    "Projektet",
    "Kommunen",
    "Universitetet",
    "Arbetsgruppen",
    "Testbädden",
    "Forskarna",
    "Verksamheten",
    "Medborgarna",
    "Parterna",
]
VERBS = [
    "utvecklar",
    "prövar",
    "undersöker",
    "stärker",
    "följer upp",
    "samordnar",
    "kartlägger",
    "utvärderar",
    "skalar upp",
    "förbättrar",
]
OBJECT_PHRASES = [
    "nya arbetssätt",
    "digitala tjänster",
    "samverkan mellan förvaltningar",
    "tidiga insatser",
    "brukarnas delaktighet",
    "förebyggande arbete",
    "lokala lösningar",
    "kunskap om behoven",
    "uppföljning av effekter",
    "metoder för medskapande",
    "stödet till anhöriga",
    "hållbara resor",
]
ENDINGS = [
    "tillsammans med civilsamhället",
    "under de kommande åren",
    "i flera kommuner",
    "med stöd av forskning",
    "utifrån invånarnas behov",
    "inom ramen för samhällskontraktet",
    "i nära dialog med verksamheterna",
    "för en mer jämlik välfärd",
]

# Phase by initiative index: ongoing is the most common, and every phase and every
# focus-area combination occurs among any 10 consecutive initiatives, so the filters
# the benchmark uses always find something.
PHASE_CYCLE = [
    Phase.EXPLORING,
    Phase.PLANNED,
    Phase.ONGOING,
    Phase.ONGOING,
    Phase.PHASE_1,
    Phase.ONGOING,
    Phase.PHASE_2,
    Phase.COMPLETED,
    Phase.ONGOING,
    Phase.PLANNED,
]


def bench_partnerships():
    return Partnership.objects.filter(slug__startswith=SLUG_PREFIX)


def bench_exists() -> bool:
    return bench_partnerships().exists() or get_user_model().objects.filter(username__startswith=SLUG_PREFIX).exists()


def bench_counts() -> dict[str, int]:
    """How many partnerships and initiatives the bench data holds (for a run that reuses it)."""
    partnerships = bench_partnerships()
    return {
        "core.partnership": partnerships.count(),
        "portfolio.initiative": Initiative.objects.filter(partnership__in=partnerships).count(),
    }


@transaction.atomic
def clear():
    """Remove every bench partnership (with everything in it) and the bench logins."""
    partnership_ids = list(bench_partnerships().values_list("pk", flat=True))
    # Delete the leaves first with plain bulk deletes: the ORM's cascade collector
    # would otherwise load every initiative into memory.
    through = [
        Initiative.focus_areas.through,
        Initiative.societal_goals.through,
        Initiative.perspectives.through,
        Initiative.parties.through,
        Initiative.partners.through,
        Initiative.disciplines.through,
    ]
    for model in through:
        model.objects.filter(initiative__partnership_id__in=partnership_ids)._raw_delete(model.objects.db)
    Agreement.parties.through.objects.filter(agreement__partnership_id__in=partnership_ids).delete()
    for model in [
        PublishedInitiative,
        NewsItem,
        Hub,
        AuditEntry,
        Initiative,
        RoleAssignment,
        Person,
        Testbed,
        SocietalGoal,
        Discipline,
        Perspective,
        FocusArea,
        Agreement,
        Membership,
        Organization,
    ]:
        model.objects.filter(partnership_id__in=partnership_ids)._raw_delete(model.objects.db)
    bench_partnerships().delete()
    get_user_model().objects.filter(username__startswith=SLUG_PREFIX).delete()


def _bulk(model, objs, batch_size=BATCH_SIZE):
    created = model.objects.bulk_create(objs, batch_size=batch_size)
    if created and created[0].pk is None:  # pragma: no cover - every supported backend returns ids
        raise RuntimeError(f"{model.__name__}.bulk_create returned no primary keys on this database")
    return created


def _through(field, pairs):
    """Rows of an M2M's through model from (source id, target id) pairs."""
    model = field.remote_field.through
    source = field.m2m_field_name() + "_id"
    target = field.m2m_reverse_field_name() + "_id"
    return model, [model(**{source: s, target: t}) for s, t in pairs]


def _sentence(rng):
    return f"{rng.choice(SENTENCE_SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECT_PHRASES)} {rng.choice(ENDINGS)}."


def bench_users(partnership_slugs=None):
    """{partnership slug: {"processledare": User, "lasare": User}} for the generated logins."""
    users = get_user_model().objects.filter(username__startswith=SLUG_PREFIX)
    out: dict[str, dict] = {}
    for user in users:
        for suffix in LOGINS:
            if user.username.endswith("-" + suffix):
                slug = user.username[: -len(suffix) - 1]
                if partnership_slugs is None or slug in partnership_slugs:
                    out.setdefault(slug, {})[suffix] = user
    return out


def generate(
    partnerships=300, initiatives_per_partnership=100, seed=1, *, extra_sizes=(), replace=False, verbose=False
):
    """Fill the database; returns {"seconds": .., "counts": {model: n}}.

    `extra_sizes` adds one more partnership per number, numbered after the others, with that many
    initiatives: the benchmark's size scenario compares the same pages at 10 and 1 000."""
    if bench_exists():
        if not replace:
            raise RuntimeError("Bench data exists (partnerships bench-NNN); pass replace=True to clear it first.")
        clear()
    started = time.perf_counter()
    with transaction.atomic():
        counts = _generate(
            partnerships + len(extra_sizes),
            [initiatives_per_partnership] * partnerships + list(extra_sizes),
            seed,
            verbose,
        )
    return {"seconds": round(time.perf_counter() - started, 2), "counts": counts}


def _generate(n_partnerships, sizes, seed, verbose):
    rng = random.Random(seed)
    today = timezone.localdate()
    counts: dict[str, int] = {}

    def log(msg):
        if verbose:
            print(f"  generate: {msg}", flush=True)

    def bulk(model, objs, label=None):
        created = _bulk(model, objs)
        key = label or model._meta.label_lower
        counts[key] = counts.get(key, 0) + len(created)
        return created

    # Partnerships.
    partnerships = bulk(
        Partnership,
        [
            Partnership(
                slug=f"{SLUG_PREFIX}{i:03d}",
                name=f"Samhällskontrakt {PLACES[i % len(PLACES)]} {i:03d}",
                short_name=f"SK {i:03d}",
                vision=f"Ett {rng.choice(['hållbart', 'tryggt', 'jämlikt'])} {PLACES[i % len(PLACES)]} för alla. "
                + _sentence(rng),
                mission=_sentence(rng) + " " + _sentence(rng),
            )
            for i in range(n_partnerships)
        ],
    )
    log(f"{len(partnerships)} partnerships")

    # Organisations: a university, 2-5 municipalities with populations, sometimes a region.
    orgs = []
    for p in partnerships:
        place = PLACES[int(p.slug[len(SLUG_PREFIX) :]) % len(PLACES)]
        orgs.append(
            Organization(
                partnership=p,
                key="universitet",
                name=f"{place} universitet",
                short_name=f"{place[:2].upper()}U",
                kind=Organization.Kind.UNIVERSITY,
                org_number=f"202100-{rng.randrange(1000, 9999)}",
            )
        )
        n_municipalities = rng.randint(2, 5)
        names = rng.sample(PLACES, n_municipalities)
        for name in names:
            orgs.append(
                Organization(
                    partnership=p,
                    key=slugify(name),
                    name=f"{name} kommun",
                    short_name=name,
                    kind=Organization.Kind.MUNICIPALITY,
                    org_number=f"212000-{rng.randrange(1000, 9999)}",
                    population=rng.randrange(2_500, 250_000),
                )
            )
        if n_municipalities < 5 and rng.random() < 0.3:
            region = rng.choice(REGIONS)
            orgs.append(
                Organization(
                    partnership=p,
                    key="region",
                    name=f"Region {region}",
                    short_name=region,
                    kind=Organization.Kind.REGION,
                    population=rng.randrange(100_000, 1_500_000),
                )
            )
    orgs = bulk(Organization, orgs)
    orgs_by_p: dict[int, list[Organization]] = {}
    for o in orgs:
        orgs_by_p.setdefault(o.partnership_id, []).append(o)
    log(f"{len(orgs)} organisations")

    # Memberships (current; one municipality per partnership also has an ended one) and the agreement.
    memberships, agreements = [], []
    for p in partnerships:
        for k, o in enumerate(orgs_by_p[p.pk]):
            memberships.append(Membership(partnership=p, organization=o, start=today - timedelta(days=365 * 3 + k)))
        memberships.append(
            Membership(
                partnership=p,
                organization=orgs_by_p[p.pk][1],
                start=today - timedelta(days=365 * 8),
                end=today - timedelta(days=365 * 3 + 1),
            )
        )
        agreements.append(
            Agreement(
                partnership=p,
                key="avtal-2",
                title=f"Samverkansavtal {p.short_name}",
                start=today - timedelta(days=700),
                end=today + timedelta(days=760),
            )
        )
        agreements.append(
            Agreement(
                partnership=p,
                key="avtal-1",
                title=f"Första avtalet {p.short_name}",
                start=today - timedelta(days=2200),
                end=today - timedelta(days=701),
            )
        )
    bulk(Membership, memberships)
    agreements = bulk(Agreement, agreements)
    model, rows = _through(
        Agreement._meta.get_field("parties"), [(a.pk, o.pk) for a in agreements for o in orgs_by_p[a.partnership_id]]
    )
    bulk(model, rows, "core.agreement_parties")

    # Focus areas, societal goals, perspectives, disciplines.
    areas = []
    for p in partnerships:
        for order, (slug, name) in enumerate(rng.sample(FOCUS_AREAS, 2), start=1):
            areas.append(
                FocusArea(
                    partnership=p, slug=slug, name=name, description=_sentence(rng) + " " + _sentence(rng), order=order
                )
            )
    areas = bulk(FocusArea, areas)
    areas_by_p: dict[int, list[FocusArea]] = {}
    for a in areas:
        areas_by_p.setdefault(a.partnership_id, []).append(a)
    goals = bulk(
        SocietalGoal,
        [
            SocietalGoal(
                partnership_id=a.partnership_id,
                focus_area=a,
                key=f"{a.slug}-{k}",
                order=k,
                text=f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} {rng.choice(OBJECTS)} senast {today.year + rng.randint(2, 10)}.",
            )
            for a in areas
            for k in range(1, 4)
        ],
    )
    goals_by_area: dict[int, list[SocietalGoal]] = {}
    for g in goals:
        goals_by_area.setdefault(g.focus_area_id, []).append(g)
    perspectives = bulk(
        Perspective,
        [
            Perspective(partnership=p, slug=slugify(name), name=name, order=k, board_priority=k < 3)
            for p in partnerships
            for k, name in enumerate(PERSPECTIVES)
        ],
    )
    perspectives_by_p: dict[int, list[Perspective]] = {}
    for x in perspectives:
        perspectives_by_p.setdefault(x.partnership_id, []).append(x)
    disciplines = bulk(
        Discipline, [Discipline(partnership=p, name=name) for p in partnerships for name in rng.sample(DISCIPLINES, 10)]
    )
    disciplines_by_p: dict[int, list[Discipline]] = {}
    for d in disciplines:
        disciplines_by_p.setdefault(d.partnership_id, []).append(d)

    # Testbeds: 3-4, each in a municipality and a focus area.
    testbeds = []
    for p in partnerships:
        municipalities = [o for o in orgs_by_p[p.pk] if o.kind == Organization.Kind.MUNICIPALITY]
        for k in range(rng.randint(3, 4)):
            o = municipalities[k % len(municipalities)]
            area = areas_by_p[p.pk][k % 2]
            testbeds.append(
                Testbed(
                    partnership=p,
                    slug=f"testbadd-{k + 1}",
                    name=f"Testbädd {o.short_name} {k + 1}",
                    place=o.short_name,
                    description=_sentence(rng),
                    focus_area=area,
                    organization=o,
                )
            )
    testbeds = bulk(Testbed, testbeds)
    testbeds_by_p: dict[int, list[Testbed]] = {}
    for t in testbeds:
        testbeds_by_p.setdefault(t.partnership_id, []).append(t)
    log(f"{len(areas)} focus areas, {len(goals)} goals, {len(perspectives)} perspectives, {len(testbeds)} testbeds")

    # Logins: a process leader and a reader per partnership, without passwords (the benchmark uses force_login).
    User = get_user_model()
    users = []
    for p in partnerships:
        for suffix in LOGINS:
            u = User(username=f"{p.slug}-{suffix}", first_name=suffix.capitalize(), last_name=p.short_name)
            u.set_unusable_password()
            users.append(u)
    users = bulk(User, users, "auth.user")
    user_of = {u.username: u for u in users}

    # People.
    people = []
    for p in partnerships:
        logins = {index: user_of[f"{p.slug}-{suffix}"] for suffix, index in LOGINS.items()}
        for k in range(PEOPLE_PER_PARTNERSHIP):
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            o = rng.choice(orgs_by_p[p.pk])
            people.append(
                Person(
                    partnership=p,
                    key=f"person-{k + 1}",
                    name=f"{first} {last}",
                    title=rng.choice(TITLES),
                    email=f"{slugify(first)}.{slugify(last)}{k}@{o.key}.example.se",
                    organization=o,
                    user=logins.get(k),
                )
            )
    people = bulk(Person, people)
    people_by_p: dict[int, list[Person]] = {}
    for x in people:
        people_by_p.setdefault(x.partnership_id, []).append(x)
    log(f"{len(people)} people, {len(users)} logins")

    # Roles: index ranges over the 40 people of each partnership.
    roles, owners_by_p = [], {}
    year_ago, three_years_ago = today - timedelta(days=365), today - timedelta(days=365 * 3)
    for p in partnerships:
        ps, (area_a, area_b) = people_by_p[p.pk], areas_by_p[p.pk]

        def assign(k, role, focus_area=None, start=three_years_ago, end=None, p=p, ps=ps):
            roles.append(
                RoleAssignment(
                    partnership=p, person=ps[k], role=role, focus_area=focus_area, start=start, end=end, source="bench"
                )
            )

        assign(0, Role.PROCESS_LEADER)
        assign(1, Role.DEPUTY_PROCESS_LEADER)
        assign(2, Role.BOARD_CHAIR)
        for k in range(3, 8):
            assign(k, Role.BOARD_MEMBER)
        assign(8, Role.SUBSTITUTE)
        for k in range(9, 15):  # three Core Team members per focus area
            assign(k, Role.CORE_TEAM_MEMBER, area_a if k < 12 else area_b)
        assign(15, Role.CORE_TEAM_MEMBER, area_a, start=three_years_ago, end=year_ago)  # ended
        owners = list(range(16, 31))  # 15 initiative owners, some also project leaders
        for k in owners:
            assign(k, Role.INITIATIVE_OWNER)
        for k in range(16, 21):
            assign(k, Role.PROJECT_LEADER)
        for k in range(31, 34):
            assign(k, Role.RESEARCHER)
        assign(34, Role.ECONOMY_CONTROLLER)
        assign(35, Role.COMMUNICATOR)
        assign(36, Role.ADMINISTRATOR)
        for k in range(37, PEOPLE_PER_PARTNERSHIP):
            assign(k, Role.READER)
        owners_by_p[p.pk] = [ps[k] for k in owners]
    bulk(RoleAssignment, roles)
    log(f"{len(roles)} role assignments")

    # Initiatives.
    initiatives = []
    for p, n_initiatives in zip(partnerships, sizes, strict=True):
        used = set()
        for i in range(n_initiatives):
            while True:
                name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} {rng.choice(PREPOSITIONS)} {rng.choice(OBJECTS + PLACES)}"
                if name not in used:
                    break
            used.add(name)
            testbed = rng.choice(testbeds_by_p[p.pk]) if rng.random() < 0.6 else None
            start = today - timedelta(days=rng.randrange(0, 5 * 365))
            initiatives.append(
                Initiative(
                    partnership=p,
                    slug=f"{slugify(name)}-{i + 1}",
                    name=name,
                    description="\n\n".join(
                        " ".join(_sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(rng.randint(1, 3))
                    ),
                    phase=PHASE_CYCLE[i % len(PHASE_CYCLE)],
                    owner=rng.choice(owners_by_p[p.pk]) if rng.random() < 0.9 else None,
                    testbed=testbed,
                    start=start,
                    end=start + timedelta(days=rng.randrange(180, 4 * 365)) if rng.random() < 0.7 else None,
                    source="bench",
                )
            )
    initiatives = bulk(Initiative, initiatives)
    log(f"{len(initiatives)} initiatives")

    # Their links, straight into the through tables.
    links = {
        name: [] for name in ("focus_areas", "societal_goals", "perspectives", "parties", "partners", "disciplines")
    }
    index_in_p: dict[int, int] = {}
    for ini in initiatives:
        i = index_in_p[ini.partnership_id] = index_in_p.get(ini.partnership_id, -1) + 1
        pa = areas_by_p[ini.partnership_id]
        chosen = [pa[0]] if i % 3 == 0 else [pa[1]] if i % 3 == 1 else pa
        links["focus_areas"] += [(ini.pk, a.pk) for a in chosen]
        goal_pool = [g for a in chosen for g in goals_by_area[a.pk]]
        links["societal_goals"] += [
            (ini.pk, g.pk) for g in rng.sample(goal_pool, rng.randint(1, min(3, len(goal_pool))))
        ]
        links["perspectives"] += [
            (ini.pk, x.pk) for x in rng.sample(perspectives_by_p[ini.partnership_id], rng.randint(1, 3))
        ]
        po = orgs_by_p[ini.partnership_id]
        parties = rng.sample(po, rng.randint(1, min(3, len(po))))
        links["parties"] += [(ini.pk, o.pk) for o in parties]
        others = [o for o in po if o not in parties]
        if others and rng.random() < 0.4:
            links["partners"].append((ini.pk, rng.choice(others).pk))
        links["disciplines"] += [
            (ini.pk, d.pk) for d in rng.sample(disciplines_by_p[ini.partnership_id], rng.randint(1, 3))
        ]
    for name, pairs in links.items():
        model, rows = _through(Initiative._meta.get_field(name), pairs)
        bulk(model, rows, f"portfolio.initiative_{name}")
    log("links: " + ", ".join(f"{len(v)} {k}" for k, v in links.items()))

    # A history of changes for the process leader's start page.
    entries = []
    now = timezone.now()
    by_p: dict[int, list[Initiative]] = {}
    for ini in initiatives:
        by_p.setdefault(ini.partnership_id, []).append(ini)
    for p in partnerships:
        leader = user_of[f"{p.slug}-processledare"]
        for k, ini in enumerate(
            rng.sample(by_p.get(p.pk, []), min(AUDIT_ENTRIES_PER_PARTNERSHIP, len(by_p.get(p.pk, []))))
        ):
            entries.append(
                AuditEntry(
                    partnership=p,
                    at=now - timedelta(hours=k * 7 + rng.randrange(0, 6)),
                    user=leader if k % 2 == 0 else None,
                    action="initiative.change" if k % 3 else "initiative.create",
                    object_type="portfolio.initiative",
                    object_id=str(ini.pk),
                    before=None if k % 3 == 0 else {"name": ini.name, "phase": Phase.PLANNED.value},
                    after={"name": ini.name, "phase": ini.phase},
                )
            )
    bulk(AuditEntry, entries)

    # Each partnership's public hub: published, with a dozen initiatives and a few news items.
    bulk(
        Hub,
        [
            Hub(partnership=p, published=True, introduction=_sentence(rng), contact_email="hubb@example.se")
            for p in partnerships
        ],
    )
    publications, news = [], []
    for p in partnerships:
        for ini in by_p.get(p.pk, [])[:PUBLISHED_PER_PARTNERSHIP]:
            publications.append(
                PublishedInitiative(
                    partnership=p, initiative=ini, summary=_sentence(rng) + " " + _sentence(rng), published_on=today
                )
            )
        news += [
            NewsItem(
                partnership=p,
                slug=f"nyhet-{k}",
                title=_sentence(rng)[:80],
                text=_sentence(rng),
                published_on=today - timedelta(days=7 * k),
            )
            for k in range(NEWS_PER_PARTNERSHIP)
        ]
    bulk(PublishedInitiative, publications)
    bulk(NewsItem, news)
    log(f"{len(partnerships)} hubs, {len(publications)} published initiatives")
    return counts
