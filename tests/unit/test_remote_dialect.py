"""What RemoteStore makes of the odd answers some stores give (seen from Virtuoso 7.2)."""

from __future__ import annotations

from nzc_graph.store.remote import ask_result


def test_an_ask_answered_as_a_select_of_ask_retval_is_a_standard_ask_result() -> None:
    one = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"value": "1"}}]}}
    zero = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": [{"__ASK_RETVAL": {"value": "0"}}]}}
    none: dict = {"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}
    assert ask_result(one)["boolean"] is True
    assert ask_result(zero)["boolean"] is False and ask_result(none)["boolean"] is False


def test_standard_answers_pass_unchanged() -> None:
    standard = {"head": {"link": []}, "boolean": True}
    select = {"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "literal", "value": "1"}}]}}
    assert ask_result(standard) is standard and ask_result(select) is select
