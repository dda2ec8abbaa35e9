"""What RemoteStore makes of the odd answers some stores give (seen from Virtuoso 7.2)."""

from __future__ import annotations

from nzc_graph.store.dialects import exception_body, standard_results, what_the_store_said


def test_an_ask_answered_as_a_select_of_ask_retval_is_a_standard_ask_result() -> None:
    one = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"value": "1"}}]}}
    zero = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"value": "0"}}]}}
    none: dict = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}
    assert standard_results(one)["boolean"] is True
    assert standard_results(zero)["boolean"] is False and standard_results(none)["boolean"] is False


def test_standard_answers_keep_their_values() -> None:
    standard = {"head": {"link": []}, "boolean": True}
    select = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
    assert standard_results(standard) == {"head": {}, "boolean": True}
    assert standard_results(select) == select


def test_virtuoso_extras_and_typed_literals_become_standard() -> None:
    row = {"n": {"type": "typed-literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "3"}}
    odd = {"head": {"link": [], "vars": ["n"]}, "results": {"distinct": False, "ordered": True, "bindings": [row]}}
    found = standard_results(odd)
    assert found["results"] == {"bindings": [{"n": {**row["n"], "type": "literal"}}]}
    assert found["head"] == {"vars": ["n"]}


def test_the_store_message_is_one_line_without_the_request_it_repeats() -> None:
    body = b"Virtuoso 42000 Error SR186:SECURITY: No permission\n\nSPARQL query:\nINSERT DATA { <a> <b> <c> }"
    exc = Exception(f"EndPointInternalError: The endpoint returned the HTTP status code 500. \n\nResponse:\n{body!r}")
    assert exception_body(exc) == body
    assert what_the_store_said(exception_body(exc)) == "Virtuoso 42000 Error SR186:SECURITY: No permission"
    assert exception_body(Exception("no body here")) == b""
