"""A synthetic graph that follows the ontology, for benchmarks: cities, practice kinds, challenges,
practice adoptions and challenge statements with evidence quotes, plus the shortcuts the build
materialises (hasRole, inCohort, adopts, facesChallenge).

About 1 million triples with the defaults. Text is drawn from a fixed vocabulary of climate-policy
words with a seeded random generator, so runs are reproducible. Statements are written as
N-Triples text directly (string formatting, no rdflib terms): a million triples take seconds. The
vocabulary is plain ASCII, so no literal needs escaping. Use:

    python bench/synthetic.py --practices 50000 --out synthetic.nt   # write N-Triples
    python bench/synthetic.py --triples 100000 --out synthetic.nt    # about that many triples
    from synthetic import generate; generate(store, practices=50000)  # load into a GraphStore
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from itertools import islice
from typing import TextIO

from nzc_graph.namespaces import DATA_GRAPH
from nzc_graph.store.base import GraphStore

ID = "https://w3id.org/nzc/id/"
NZC_NS = "https://w3id.org/nzc/ontology#"
WORDS = (
    "partners tired meetings companies engagement residents citizens money funding loans investors "
    "staff skills training departments silos data indicators monitoring heat floods adaptation "
    "emissions transport cars buses bikes heating energy buildings renovation schools children "
    "families sport clubs budget treasury procurement tenders bonds banks risk politicians council "
    "approval law mandate national region europe project pilot contract plan strategy trust "
    "communication campaign jargon awareness volunteers neighbourhood community youth women poverty "
    "housing shops suppliers industry waste water trees parks carbon solar wind district network "
    "platform agreement pact label brand visibility recognition prize workshop forum dialogue "
    "action commitment capacity recruitment experts consultants university lab research"
).split()
STATUSES = ("proposed", "planned", "piloting", "implemented", "scaled")
ROLES = ("mission-city", "pilot-city", "twin-city", "pcp-participant")
# The defaults of triples(): about 966 000 triples. scaled() sizes a graph of another size.
DEFAULTS = {"cities": 2000, "challenges": 300, "kinds": 200, "practices": 50000, "statements": 25000}
DEFAULT_TRIPLES = 966_154

# Terms in N-Triples syntax.
A = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
PREF, ALT, HIDDEN, DEFINITION = (
    f"<http://www.w3.org/2004/02/skos/core#{n}>" for n in ("prefLabel", "altLabel", "hiddenLabel", "definition")
)
DESCRIPTION = "<http://purl.org/dc/terms/description>"
INTEGER = "<http://www.w3.org/2001/XMLSchema#integer>"


def nzc(name: str) -> str:
    return f"<{NZC_NS}{name}>"


def node(path: str) -> str:
    return f"<{ID}{path}>"


def en(text: str) -> str:
    return f'"{text}"@en'


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _concepts(rng: random.Random, kind: str, cls: str, count: int) -> Iterator[str]:
    for i in range(count):
        c = node(f"{kind}/{kind}-{i}")
        yield f"{c} {A} {nzc(cls)}"
        yield f"{c} {PREF} {en(phrase(rng, 3))}"
        for _ in range(3):
            yield f"{c} {ALT} {en(phrase(rng, 4))}"
        yield f"{c} {HIDDEN} {en(phrase(rng, 6))}"
        yield f"{c} {DEFINITION} {en(phrase(rng, 14))}"
        yield f"{c} {nzc('theme')} {node(f'theme/theme-{rng.randrange(20)}')}"


def _vocabulary() -> Iterator[str]:
    for rank, name in enumerate(STATUSES, start=1):
        s = node(f"status/{name}")
        yield f"{s} {A} {nzc('Status')}"
        yield f"{s} {PREF} {en(name)}"
        yield f'{s} {nzc("statusRank")} "{rank}"^^{INTEGER}'
    for n in (1, 2, 3):
        c = node(f"cohort/pcp-{n}")
        yield f"{c} {A} {nzc('Cohort')}"
        yield f"{c} {LABEL} {en(f'Cohort {n}')}"
        yield f'{c} {nzc("cohortNumber")} "{n}"^^{INTEGER}'
    for n in range(20):
        t = node(f"theme/theme-{n}")
        yield f"{t} {A} {nzc('Theme')}"
        yield f"{t} {PREF} {en(f'theme {n}')}"
    for n in range(30):
        c = node(f"country/c{n}")
        yield f"{c} {A} {nzc('Country')}"
        yield f"{c} {LABEL} {en(f'Country {n}')}"
        yield f'{c} {nzc("isoCode")} "C{n}"'


def _cities(rng: random.Random, count: int) -> Iterator[str]:
    for i in range(count):
        c = node(f"city/city-{i}")
        yield f"{c} {A} {nzc('City')}"
        yield f"{c} {LABEL} {en(f'City {i}')}"
        yield f"{c} {ALT} {en(f'Town {i}')}"
        yield f"{c} {nzc('country')} {node(f'country/c{rng.randrange(30)}')}"
        yield f"{c} {nzc('hasRole')} {node(f'role/{rng.choice(ROLES)}')}"
        yield f"{c} {nzc('inCohort')} {node(f'cohort/pcp-{rng.randint(1, 3)}')}"


def _quote(rng: random.Random, claim: str, local: str) -> Iterator[str]:
    q = node(f"quote/{local}-0")
    yield f"{claim} {nzc('evidence')} {q}"
    yield f"{q} {A} {nzc('Quote')}"
    yield f'{q} {nzc("quoteText")} "{phrase(rng, 18)}"'
    yield f"{q} {nzc('section')} {node(f'report/synthetic/section/s{rng.randrange(40)}')}"


def _claims(
    rng: random.Random, cities: int, challenges: int, kinds: int, practices: int, statements: int
) -> Iterator[str]:
    for i in range(practices):
        p, city = node(f"practice/p-{i}"), node(f"city/city-{rng.randrange(cities)}")
        yield f"{p} {A} {nzc('PracticeAdoption')}"
        yield f"{p} {nzc('city')} {city}"
        yield f"{city} {nzc('adopts')} {p}"
        yield f"{p} {nzc('practiceKind')} {node(f'practice-kind/practice-kind-{rng.randrange(kinds)}')}"
        yield f"{p} {nzc('status')} {node(f'status/{rng.choice(STATUSES)}')}"
        for _ in range(2):
            yield f"{p} {nzc('addresses')} {node(f'challenge/challenge-{rng.randrange(challenges)}')}"
        yield f"{p} {nzc('theme')} {node(f'theme/theme-{rng.randrange(20)}')}"
        yield f"{p} {LABEL} {en(phrase(rng, 6))}"
        yield f"{p} {DESCRIPTION} {en(phrase(rng, 25))}"
        yield from _quote(rng, p, f"p-{i}")
    for i in range(statements):
        s, city = node(f"challenge-statement/s-{i}"), node(f"city/city-{rng.randrange(cities)}")
        challenge = node(f"challenge/challenge-{rng.randrange(challenges)}")
        yield f"{s} {A} {nzc('ChallengeStatement')}"
        yield f"{s} {nzc('city')} {city}"
        yield f"{s} {nzc('challenge')} {challenge}"
        yield f"{city} {nzc('facesChallenge')} {challenge}"
        yield f"{s} {LABEL} {en(phrase(rng, 6))}"
        yield f"{s} {DESCRIPTION} {en(phrase(rng, 20))}"
        yield from _quote(rng, s, f"s-{i}")


def statements(
    *,
    cities: int = 2000,
    challenges: int = 300,
    kinds: int = 200,
    practices: int = 50000,
    statements: int = 25000,
    seed: int = 7,
) -> Iterator[str]:
    """Every triple of the synthetic graph as N-Triples text without the final ` .`, in a fixed
    order for a given seed (the same triples, in the same order, as this module always gave)."""
    rng = random.Random(seed)
    yield from _vocabulary()
    yield from _concepts(rng, "challenge", "Challenge", challenges)
    yield from _concepts(rng, "practice-kind", "PracticeKind", kinds)
    yield from _cities(rng, cities)
    yield from _claims(rng, cities, challenges, kinds, practices, statements)


def scaled(triples: int) -> dict[str, int]:
    """Sizes for a graph of about `triples` triples: every count of the defaults scaled alike (at
    least 10 each), so a smaller graph has the same shape."""
    factor = triples / DEFAULT_TRIPLES
    return {name: max(10, round(count * factor)) for name, count in DEFAULTS.items()}


def write(out: TextIO, graph: str | None = None, **sizes: int) -> int:
    """Write the graph to `out` as N-Triples, or as N-Quads in `graph` (an IRI); returns the number
    of triples."""
    end = f" <{graph}> .\n" if graph else " .\n"
    n = 0
    for line in statements(**sizes):
        out.write(line + end)
        n += 1
    return n


def generate(store: GraphStore, chunk: int = 100_000, **sizes: int) -> int:
    """Load the synthetic graph into the store's data graph, `chunk` triples per INSERT DATA (the
    N-Triples lines are valid SPARQL triples, so the store parses them natively); returns the
    number of triples."""
    total, lines = 0, statements(**sizes)
    while batch := list(islice(lines, chunk)):
        store.update(f"INSERT DATA {{ GRAPH <{DATA_GRAPH}> {{\n" + " .\n".join(batch) + " .\n} }")
        total += len(batch)
    return total


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=DEFAULTS["practices"])
    parser.add_argument("--statements", type=int, default=DEFAULTS["statements"])
    parser.add_argument("--triples", type=int, help="about this many triples (scales every count)")
    parser.add_argument("--out", required=True, help="N-Triples file to write")
    args = parser.parse_args()
    sizes = scaled(args.triples) if args.triples else {"practices": args.practices, "statements": args.statements}
    with open(args.out, "w", encoding="utf-8") as fh:
        n = write(fh, **sizes)
    print(f"wrote {n} triples to {args.out}")
