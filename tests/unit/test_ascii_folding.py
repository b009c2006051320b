"""ASCII text is folded by a byte translation: it must keep exactly what the rule keeps
(letters and digits, case-folded, and line breaks), for every ASCII character."""

import random
import re

from firewall_conformance.detect.normalise import fold_text, fold_value

_RULE = re.compile(r"[^\w\n]|_")


def test_every_ascii_character_folds_as_the_rule_says() -> None:
    rng = random.Random(5)
    alphabet = [chr(code) for code in range(128)]
    texts = ["".join(alphabet)] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(500)
    ]
    for text in texts:
        assert fold_text(text) == _RULE.sub("", text.casefold())


def test_a_value_with_punctuation_and_a_line_break_folds_to_its_letters_and_digits() -> None:
    assert fold_value("O'Neill-Smith,\n 07700_900123") == "oneillsmith07700900123"
