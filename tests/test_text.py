"""kgraph.text.fold, the form names are compared in, against its definition."""

from __future__ import annotations

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from kgraph.text import fold


def folded_by_definition(text: str) -> str:
    """Compatibility-decompose, drop combining marks, casefold, '&' -> 'and', drop a
    possessive "'s", then every run of anything but letters, digits and '_' is one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("&", " and ")
    text = text.replace("'s ", " ").replace("\u2019s ", " ")
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", text)).strip()


def test_examples() -> None:
    assert fold("Néstor M.") == "nestor m"
    assert fold("U.S. Department of Homeland Security") == "u s department of homeland security"
    assert fold("Bureau of Alcohol, Tobacco, Firearms & Explosives") == (
        "bureau of alcohol tobacco firearms and explosives")
    assert fold("Mexico's Attorney General") == "mexico attorney general"
    assert fold("Ｍ\u00c9XICO") == "mexico"  # fullwidth and accented forms
    assert fold("  ") == ""


def test_every_character_folds_as_defined() -> None:
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = f"a{chr(code)}'s b"
        assert fold(text) == folded_by_definition(text), hex(code)


@settings(max_examples=2000, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("aZé&'\u2019s _-.,\u0301\u0327\u00a0\ufb01\u0130\u00df"
                                        "\u0661 \t\nÅ\u212b\u2163"), max_size=16))
def test_names_fold_as_defined(text: str) -> None:
    assert fold(text) == folded_by_definition(text)
