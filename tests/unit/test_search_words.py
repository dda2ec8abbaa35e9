"""Reading plain words: spelling, framing, thesaurus, typos."""

from __future__ import annotations

from nzc_graph.search.words import QueryReader, Thesaurus, analyse, british, stem, words

THESAURUS = """
# a comment
behavior = behaviour
firm, firms, company, companies   # inline comment
mum, mums, parent, parents
"""


def test_thesaurus_parses_groups_and_spellings() -> None:
    t = Thesaurus.parse(THESAURUS)
    assert t.spellings == {"behavior": "behaviour"}
    assert t.synonyms[stem("firms")] == {stem("company")}
    assert stem("parents") in t.synonyms[stem("mum")]
    assert "comment" not in " ".join(t.words)


def test_american_spellings_become_british() -> None:
    assert british("organization") == "organisation"
    assert british("prioritize") == "prioritise"
    assert british("analyzed") == "analysed"
    assert british("behavior") == "behaviour"
    assert british("size") == "size" and british("prizes") == "prizes" and british("citizen") == "citizen"
    assert analyse("neighborhood behavior") == analyse("neighbourhood behaviour")


def test_framing_words_and_bare_contractions_are_dropped() -> None:
    assert words("Who wants to know which cities doesnt get it") == []
    assert "not" in words("not enough staff")


def test_reader_expands_synonyms_and_fixes_typos() -> None:
    vocabulary = {"company", "business", "parent", "budget", "government"}
    reader = QueryReader(vocabulary, frozenset(stem(w) for w in vocabulary))
    firms = reader.terms("firms")[0]
    assert firms.alternatives[0][1] < 1.0 and stem("company") in dict(firms.alternatives)
    assert dict(reader.terms("mums")[0].alternatives) == {stem("parent"): 0.8}
    assert reader.terms("goverment")[0].alternatives == ((stem("government"), 1.0),)
    assert reader.terms("buisness")[0].word == "business"
    assert reader.terms("heart") == []  # too short to be taken for "heat" or anything else
    assert reader.terms("zzzzqqq budget")[0].word == "budget"
