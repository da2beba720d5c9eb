"""Placements on a page: read exactly, refused clearly, never inside code."""

from __future__ import annotations

import directives
import pytest


def test_a_placement_is_read_with_its_options() -> None:
    found = directives.find('Text\n\n{{ figure("activations.sigmoid", caption="A `b` c") }}\n')
    assert found == [
        directives.Placement("figure", "activations.sigmoid", {"caption": "A `b` c"}, 3)
    ]


def test_every_kind_is_recognised() -> None:
    page = (
        '{{ derivation("sigmoid_derivative") }}\n'
        '{{ figure("a.b") }}\n'
        'The accuracy is {{ value("a.c") }} on the test set.\n'
        "{{ verification() }}\n"
    )
    assert [(p.kind, p.name) for p in directives.find(page)] == [
        ("derivation", "sigmoid_derivative"),
        ("figure", "a.b"),
        ("value", "a.c"),
        ("verification", ""),
    ]


def test_placements_inside_code_are_examples_and_stay() -> None:
    page = (
        "```markdown\n"
        '{{ figure("a.b") }}\n'
        "```\n"
        'Write `{{ figure("a.b") }}` on a line of its own.\n'
        "~~~~\n"
        '{{ derivation("x") }}\n'
        "~~~~\n"
    )
    assert directives.find(page) == []
    assert directives.substitute(page, lambda p: "REPLACED") == page


def test_substitute_replaces_in_place() -> None:
    page = 'a {{ value("m.f") }} b {{ value("m.g") }}\n'
    assert directives.substitute(page, lambda p: p.name.upper()) == "a M.F b M.G\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{{ graph("x") }}', "unknown placement 'graph'"),
        ("{{ figure(name) }}", "must be literals"),
        ("{{ figure() }}", "takes one name as a string"),
        ('{{ figure("a", "b") }}', "takes one name as a string"),
        ('{{ verification("x") }}', "takes no name"),
        ('{{ figure("a" }}', "cannot read"),
    ],
)
def test_bad_placements_say_what_was_expected(text: str, message: str) -> None:
    with pytest.raises(directives.PlacementError, match=message):
        directives.find(f"line one\n{text}\n")


def test_errors_name_the_line() -> None:
    with pytest.raises(directives.PlacementError, match=r"^line 3:"):
        directives.find("a\nb\n{{ figure(1) }}\n")
