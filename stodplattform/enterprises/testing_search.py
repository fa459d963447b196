"""Realistic enterprises and the queries people type, for the search tests (both databases).

Each query lists the enterprises it must find and those it must not find. The share of
must-find hits found is what docs/architecture.md (Search) reports per database.
"""

from stodplattform.platforms.models import Municipality
from stodplattform.platforms.testing import make_platform

from .models import Industry, Synonym
from .testing import make_enterprise

# name, municipality code, description, goods, services, SNI codes
ENTERPRISES = [
    (
        "Återbruket i Ludvika",
        "2085",
        "Vi säljer begagnade möbler, kläder och husgeråd. Second hand med hjärta, och vi hämtar det du skänker.",
        "Möbler\nKläder\nBöcker\nPorslin",
        "Hämtning av möbler\nDödsbotömning",
        ["47.792"],
    ),
    (
        "Kaféet Lyktan",
        "2085",
        "Kafé och lunchrestaurang med hembakat bröd. Hundar är välkomna på uteserveringen.",
        "Kaffebröd\nSmörgåstårtor",
        "Catering\nLunch\nKonferensfika",
        [],
    ),
    (
        "Tassarna hunddagis",
        "2061",
        "Hunddagis och hundpromenader i Smedjebacken, med stora rastgårdar.",
        "",
        "Hunddagis\nHundpasning\nHundpromenader",
        [],
    ),
    (
        "Gröna Fingrar trädgård",
        "2085",
        "Vi odlar plantor och grönsaker och sköter trädgårdar åt föreningar och privatpersoner.",
        "Plantor\nSticklingar\nGrönsaker\nSnittblommor",
        "Trädgårdsskötsel\nGräsklippning\nHäckklippning",
        [],
    ),
    (
        "Slöjdstugan",
        "2061",
        "Hantverk i trä och textil: vävda trasmattor och snidade skålar. Slöjd och snickeri i liten skala.",
        "Trasmattor\nSkålar\nSmide",
        "Kurser i slöjd",
        [],
    ),
    (
        "Rent & Fint",
        "2085",
        "Städning av kontor, trappuppgångar och hem.",
        "",
        "Kontorsstädning\nHemstädning\nFönsterputs\nFlyttstädning",
        [],
    ),
    (
        "Cykelverkstan",
        "2085",
        "Vi reparerar och säljer begagnade cyklar.",
        "Cyklar\nReservdelar",
        "Cykelreparation\nService av cyklar",
        [],
    ),
    (
        "Snickeriet Spånet",
        "2061",
        "Snickeri som bygger möbler på beställning.",
        "Fågelholkar\nPallkragar",
        "Möbelrenovering\nSnickeriarbeten",
        ["16.230"],
    ),
    (
        "Tvätteriet Vita Duken",
        "2085",
        "Tvätt och mangling för företag och privatpersoner.",
        "",
        "Tvätt\nMangling\nKemtvätt",
        [],
    ),
    (
        "Café Kvarnen",
        "2080",
        "Kafé i den gamla kvarnen med ekologiskt kaffe.",
        "Kaffe\nBullar",
        "Fika för grupper\nCatering",
        [],
    ),
    (
        "Tryckeriet",
        "2080",
        "Vi trycker visitkort, affischer och skyltar.",
        "",
        "Tryck\nSkyltar\nGrafisk formgivning",
        [],
    ),
    (
        "Bilvården",
        "2080",
        "Biltvätt och rekond av personbilar.",
        "",
        "Biltvätt\nRekond\nDäckbyte",
        [],
    ),
    (
        "Matkassen",
        "2080",
        "Vi lagar mat och kör ut lunchlådor till arbetsplatser.",
        "Lunchlådor",
        "Catering",
        [],
    ),
]

SYNONYMS = [
    "loppis, second hand, secondhand, begagnat",
    "kafé, café, cafe, kafe, fik, fika",
]

A = "Återbruket i Ludvika"
K = "Kaféet Lyktan"
CK = "Café Kvarnen"
H = "Tassarna hunddagis"
G = "Gröna Fingrar trädgård"
SL = "Slöjdstugan"
R = "Rent & Fint"
C = "Cykelverkstan"
SN = "Snickeriet Spånet"
T = "Tvätteriet Vita Duken"
TR = "Tryckeriet"
B = "Bilvården"
M = "Matkassen"

# (query, must find, must not find)
QUERIES = [
    ("möbel", {A, SN}, {K, H}),
    ("möbler", {A, SN}, {K}),
    ("MÖBLER", {A, SN}, {K}),
    ("mobler", {A, SN}, {K}),
    ("möb", {A, SN}, {K}),
    ("kläder", {A}, {T}),
    ("klader", {A}, {T}),
    ("kafé", {K, CK}, {H, A}),
    ("kafe", {K, CK}, {H}),
    ("cafe", {K, CK}, {H}),
    ("café", {K, CK}, {H}),
    ("fika", {K, CK}, {A}),
    ("loppis", {A}, {K, SN}),
    ("secondhand", {A}, {K}),
    ("second hand", {A}, {K}),
    ("begagnat", {A, C}, {K}),
    ("begagnade", {A, C}, {K}),
    ("begagnade cyklar", {C}, {A}),
    ("planta", {G}, {A}),
    ("plantor", {G}, {A}),
    ("plant", {G}, {A}),
    ("hund", {H}, {A, G}),
    ("hunddagis", {H}, {K}),
    ("hundpromenad", {H}, {K}),
    ("trädgård", {G}, {H}),
    ("tradgard", {G}, {H}),
    ("trädgårdsskötsel", {G}, {H}),
    ("städning", {R}, {T}),
    ("stadning", {R}, {T}),
    ("städ", {R}, {T}),
    ("flyttstädning", {R}, {T}),
    ("fönsterputs", {R}, set()),
    ("cykel", {C}, {A}),
    ("cyklar", {C}, {A}),
    ("cykelreparation", {C}, set()),
    ("snickeri", {SN, SL}, {A}),
    ("snick", {SN, SL}, {A}),
    ("hantverk", {SL}, {SN}),
    ("slöjd", {SL}, {SN}),
    ("slojd", {SL}, {SN}),
    ("trasmattor", {SL}, set()),
    ("tvätt", {T}, {R}),
    ("mangling", {T}, set()),
    ("catering", {K, CK, M}, {H}),
    ("lunch", {K, M}, {H}),
    ("lunchlåda", {M}, set()),
    ("visitkort", {TR}, set()),
    ("biltvätt", {B}, {T}),
    ("rekond", {B}, set()),
    ("dödsbo", {A}, set()),
    ("möbler ludvika", {A}, {SN}),
    ("kaffe smedjebacken", set(), {K, CK}),
    # The tail of a compound word.
    ("skötsel", {G}, {R, H}),
    ("dagis", {H}, {K}),
    ("tårtor", {K}, {M}),
    # Small typos.
    ("snickari", {SN}, {A}),
    ("trädgårdskötsel", {G}, set()),
    ("mangeling", {T}, set()),
    ("cykelreparasion", {C}, set()),
    ("xyzzy", set(), {A, K, CK, H, G, SL, R, C, SN, T, TR, B, M}),
]


def make_search_world():
    """The enterprises above on two public platforms, with the default synonyms."""
    platform = make_platform("Sökplattform Dalarna", "sok-dalarna", "2085", "2061")
    other = make_platform("Sökplattform Falun", "sok-falun", "2080")
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=["2085", "2061", "2080"])}
    for name, code, description, goods, services, sni in ENTERPRISES:
        enterprise = make_enterprise(
            other if code == "2080" else platform,
            name,
            municipality=municipalities[code],
            description=description,
            offers_goods=goods,
            offers_services=services,
        )
        if sni:
            enterprise.industries.set(Industry.objects.filter(code__in=sni))
    for words in SYNONYMS:
        Synonym.objects.create(platform=platform, words=words)
    return platform, other
