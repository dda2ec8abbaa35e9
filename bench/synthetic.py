"""A synthetic graph that follows the ontology, for benchmarks: cities, practice kinds, challenges,
practice adoptions and challenge statements with evidence quotes, plus the shortcuts the build
materialises (hasRole, inCohort, adopts, facesChallenge).

About 1 million triples with the defaults. Text is drawn from a fixed vocabulary of climate-policy
words with a seeded random generator, so runs are reproducible. Use:

    python bench/synthetic.py --practices 50000 --out /tmp/synthetic.nt   # write N-Triples
    from synthetic import generate; generate(store, practices=50000)    # load into a GraphStore
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from nzc_graph.namespaces import DATA_GRAPH, NZC
from nzc_graph.store.base import GraphStore

ID = "https://w3id.org/nzc/id/"
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


def phrase(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _concepts(rng: random.Random, kind: str, cls: URIRef, count: int) -> Iterator[tuple]:
    for i in range(count):
        c = URIRef(f"{ID}{kind}/{kind}-{i}")
        yield c, RDF.type, cls
        yield c, SKOS.prefLabel, Literal(phrase(rng, 3), lang="en")
        for _ in range(3):
            yield c, SKOS.altLabel, Literal(phrase(rng, 4), lang="en")
        yield c, SKOS.hiddenLabel, Literal(phrase(rng, 6), lang="en")
        yield c, SKOS.definition, Literal(phrase(rng, 14), lang="en")
        yield c, NZC.theme, URIRef(f"{ID}theme/theme-{rng.randrange(20)}")


def _vocabulary() -> Iterator[tuple]:
    for rank, name in enumerate(STATUSES, start=1):
        s = URIRef(f"{ID}status/{name}")
        yield s, RDF.type, NZC.Status
        yield s, SKOS.prefLabel, Literal(name, lang="en")
        yield s, NZC.statusRank, Literal(rank, datatype=XSD.integer)
    for n in (1, 2, 3):
        c = URIRef(f"{ID}cohort/pcp-{n}")
        yield c, RDF.type, NZC.Cohort
        yield c, RDFS.label, Literal(f"Cohort {n}", lang="en")
        yield c, NZC.cohortNumber, Literal(n, datatype=XSD.integer)
    for n in range(20):
        t = URIRef(f"{ID}theme/theme-{n}")
        yield t, RDF.type, NZC.Theme
        yield t, SKOS.prefLabel, Literal(f"theme {n}", lang="en")
    for n in range(30):
        c = URIRef(f"{ID}country/c{n}")
        yield c, RDF.type, NZC.Country
        yield c, RDFS.label, Literal(f"Country {n}", lang="en")
        yield c, NZC.isoCode, Literal(f"C{n}")


def _cities(rng: random.Random, count: int) -> Iterator[tuple]:
    for i in range(count):
        c = URIRef(f"{ID}city/city-{i}")
        yield c, RDF.type, NZC.City
        yield c, RDFS.label, Literal(f"City {i}", lang="en")
        yield c, SKOS.altLabel, Literal(f"Town {i}", lang="en")
        yield c, NZC.country, URIRef(f"{ID}country/c{rng.randrange(30)}")
        yield c, NZC.hasRole, URIRef(f"{ID}role/{rng.choice(ROLES)}")
        yield c, NZC.inCohort, URIRef(f"{ID}cohort/pcp-{rng.randint(1, 3)}")


def _quote(rng: random.Random, claim: URIRef, n: int) -> Iterator[tuple]:
    q = URIRef(f"{ID}quote/{claim.rsplit('/', 1)[-1]}-{n}")
    yield claim, NZC.evidence, q
    yield q, RDF.type, NZC.Quote
    yield q, NZC.quoteText, Literal(phrase(rng, 18))
    yield q, NZC.section, URIRef(f"{ID}report/synthetic/section/s{rng.randrange(40)}")


def _claims(
    rng: random.Random, cities: int, challenges: int, kinds: int, practices: int, statements: int
) -> Iterator[tuple]:
    for i in range(practices):
        p, city = URIRef(f"{ID}practice/p-{i}"), URIRef(f"{ID}city/city-{rng.randrange(cities)}")
        yield p, RDF.type, NZC.PracticeAdoption
        yield p, NZC.city, city
        yield city, NZC.adopts, p
        yield p, NZC.practiceKind, URIRef(f"{ID}practice-kind/practice-kind-{rng.randrange(kinds)}")
        yield p, NZC.status, URIRef(f"{ID}status/{rng.choice(STATUSES)}")
        for _ in range(2):
            yield p, NZC.addresses, URIRef(f"{ID}challenge/challenge-{rng.randrange(challenges)}")
        yield p, NZC.theme, URIRef(f"{ID}theme/theme-{rng.randrange(20)}")
        yield p, RDFS.label, Literal(phrase(rng, 6), lang="en")
        yield p, DCTERMS.description, Literal(phrase(rng, 25), lang="en")
        yield from _quote(rng, p, 0)
    for i in range(statements):
        s, city = URIRef(f"{ID}challenge-statement/s-{i}"), URIRef(f"{ID}city/city-{rng.randrange(cities)}")
        challenge = URIRef(f"{ID}challenge/challenge-{rng.randrange(challenges)}")
        yield s, RDF.type, NZC.ChallengeStatement
        yield s, NZC.city, city
        yield s, NZC.challenge, challenge
        yield city, NZC.facesChallenge, challenge
        yield s, RDFS.label, Literal(phrase(rng, 6), lang="en")
        yield s, DCTERMS.description, Literal(phrase(rng, 20), lang="en")
        yield from _quote(rng, s, 0)


def triples(
    *,
    cities: int = 2000,
    challenges: int = 300,
    kinds: int = 200,
    practices: int = 50000,
    statements: int = 25000,
    seed: int = 7,
) -> Iterator[tuple]:
    """Every triple of the synthetic graph, in a fixed order for a given seed."""
    rng = random.Random(seed)
    yield from _vocabulary()
    yield from _concepts(rng, "challenge", NZC.Challenge, challenges)
    yield from _concepts(rng, "practice-kind", NZC.PracticeKind, kinds)
    yield from _cities(rng, cities)
    yield from _claims(rng, cities, challenges, kinds, practices, statements)


def generate(store: GraphStore, chunk: int = 100_000, **sizes: int) -> int:
    """Load the synthetic graph into the store's data graph; returns the number of triples."""
    total, g = 0, Graph()
    for t in triples(**sizes):
        g.add(t)
        if len(g) >= chunk:
            total += store.add_graph(str(DATA_GRAPH), g)
            g = Graph()
    return total + store.add_graph(str(DATA_GRAPH), g)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=50000)
    parser.add_argument("--statements", type=int, default=25000)
    parser.add_argument("--out", required=True, help="N-Triples file to write")
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as fh:
        n = 0
        for s, p, o in triples(practices=args.practices, statements=args.statements):
            fh.write(f"{s.n3()} {p.n3()} {o.n3()} .\n")
            n += 1
    print(f"wrote {n} triples to {args.out}")
