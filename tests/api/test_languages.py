"""/solved, /faces and /ask answer a question in German, French, Spanish, Italian or Portuguese with
labels in the asker's language (lang=, else Accept-Language), and keep the report's English quote
with a note saying so."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi.testclient import TestClient

from nzc_graph.languages import LANGUAGE_NAMES

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
GERMAN = "Wie holen andere Städte private Investoren für ihre Klimaprojekte ins Boot?"
SPANISH = "Nuestros socios están saturados de tantas reuniones, ¿alguna ciudad lo ha resuelto?"
PRIVATE_CAPITAL = "https://w3id.org/nzc/id/challenge/raising-private-capital"


def test_a_german_question_finds_the_city_with_german_labels(client: TestClient) -> None:
    body = client.get("/solved", params={"q": GERMAN, "lang": "de"}).json()
    assert body["question_language"] == "de" and body["language"] == "de"
    assert body["answered"]
    top = body["results"][0]
    assert top["city"].endswith(("/paris", "/aachen", "/turku", "/muenster", "/klagenfurt", "/oslo"))
    assert top["challenge"] == PRIVATE_CAPITAL
    assert top["challenge_label"] == "Privates Kapital mobilisieren"
    assert top["status_label"] == "umgesetzt"
    assert top["why"].startswith("Praxis „") and "Ihre Worte" in top["why"]
    assert body["interpretation"]["concepts"][0]["label"] == "Privates Kapital mobilisieren"
    assert top["evidence"]["note"] == "Zitat in der Sprache des Berichts (Englisch)"
    assert "private capital" in top["evidence"]["quote"]  # the report's English words, not translated


def test_lang_chooses_the_labels_whatever_the_question_language(client: TestClient) -> None:
    body = client.get("/solved", params={"q": GERMAN, "lang": "es"}).json()
    assert body["question_language"] == "de" and body["language"] == "es"
    assert body["results"][0]["challenge_label"] == "Captar capital privado"
    assert body["results"][0]["evidence"]["note"] == "Cita en el idioma del informe (inglés)"


def test_accept_language_is_honoured_and_lang_wins_over_it(client: TestClient) -> None:
    heard = client.get("/solved", params={"q": SPANISH}, headers={"Accept-Language": "nl, es;q=0.8, en;q=0.5"})
    assert heard.json()["language"] == "es"
    assert "Accept-Language" in heard.headers["vary"]
    assert heard.json()["results"][0]["city"].endswith(("/bordeaux", "/reykjavik"))
    overruled = client.get("/solved", params={"q": SPANISH, "lang": "fr"}, headers={"Accept-Language": "es"})
    assert overruled.json()["language"] == "fr"
    assert client.get("/solved", params={"q": SPANISH}).json()["language"] == "en"


def test_faces_and_ask_answer_in_the_language_too(client: TestClient) -> None:
    faces = client.get(
        "/faces", params={"q": "¿Quién más tiene préstamos caros con intereses del BEI demasiado altos?", "lang": "es"}
    ).json()
    assert {r["city"].rsplit("/", 1)[-1] for r in faces["results"][:3]} & {"aachen", "turku"}
    assert faces["results"][0]["why"].startswith("Según el informe")
    ask = client.get("/ask", params={"q": GERMAN}, headers={"Accept-Language": "de"}).json()
    assert ask["intent"] == "solved" and ask["answered"]


def test_an_english_question_is_answered_as_before(client: TestClient) -> None:
    body = client.get("/solved", params={"q": "our partners are tired of all our invitations"}).json()
    assert body["language"] == "en" and body["question_language"] == "en"
    assert body["results"][0]["evidence"]["note"] is None
    assert not any("„" in r["why"] for r in body["results"])


def test_an_unknown_lang_is_refused(client: TestClient) -> None:
    response = client.get("/solved", params={"q": GERMAN, "lang": "nl"})
    assert response.status_code == 400
    assert "de, fr, es, it, pt" in response.text


def test_the_pages_follow_the_language(client: TestClient) -> None:
    page = client.get("/solved", params={"q": GERMAN, "lang": "de"}, headers=HTML)
    assert page.status_code == 200
    assert '<html lang="de">' in page.text
    assert "Welche Stadt hat das schon gelöst?" in page.text
    assert "Privates Kapital mobilisieren" in page.text
    assert "Zitat in der Sprache des Berichts (Englisch)" in page.text
    spanish = client.get("/faces", params={"q": SPANISH}, headers={**HTML, "Accept-Language": "es"})
    assert '<html lang="es">' in spanish.text and "Quién más se enfrenta a ello" in spanish.text
    english = client.get("/solved", params={"q": "partners are tired"}, headers=HTML)
    assert '<html lang="en">' in english.text and "Which city has dealt with it?" in english.text


def test_an_ask_page_offers_itself_in_each_language_keeping_the_question(client: TestClient) -> None:
    page = client.get("/solved", params={"q": SPANISH, "lang": "es"}, headers=HTML).text
    chooser = page[page.index('<nav class="languages"') :]
    chooser = chooser[: chooser.index("</nav>")]
    assert 'aria-label="Idioma"' in chooser
    for code, name in LANGUAGE_NAMES.items():
        link = f"?{urlencode({'q': SPANISH, 'lang': code})}".replace("&", "&amp;")
        assert f'href="{link}" hreflang="{code}" lang="{code}"' in chooser and f">{name}</a>" in chooser
    assert chooser.count('aria-current="true"') == 1 and 'lang="es" aria-current="true"' in chooser
    assert "Ciudades</a>" in page and "Retos</a>" in page  # the site's navigation too
    assert 'placeholder="p. ej. socios cansados de tantas iniciativas"' in page
    english = client.get("/solved", params={"q": SPANISH, "lang": "en"}, headers={**HTML, "Accept-Language": "es"})
    assert '<html lang="en">' in english.text and "Cities</a>" in english.text


def test_pages_that_do_not_follow_the_language_offer_no_chooser(client: TestClient) -> None:
    page = client.get("/id/city/kozani", headers={**HTML, "Accept-Language": "de"}, follow_redirects=True).text
    assert '<html lang="en">' in page and '<nav class="languages"' not in page
