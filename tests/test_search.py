import pytest

from bot.search import search_key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ferretería Andina S.A.", "ferreteria andina s a"),
        ("FERRETERIA  ANDINA", "ferreteria andina"),
        ("ferretería", "ferreteria"),
        ("Compañía Ñandú & Cía.", "compania nandu cia"),
        ("  ", ""),
        ("1790085783001", "1790085783001"),
    ],
)
def test_search_key(text, key):
    assert search_key(text) == key
