import pytest

from bot.i18n import t
from bot.ruc import InvalidRuc, RucKind, check_ruc


@pytest.mark.parametrize(
    ("text", "number", "kind", "warning"),
    [
        ("1714307103001", "1714307103001", RucKind.NATURAL, False),
        ("1760001550001", "1760001550001", RucKind.PUBLIC, False),
        ("1790085783001", "1790085783001", RucKind.COMPANY, False),
        ("1792060346001", "1792060346001", RucKind.COMPANY, False),
        (" 1790-0857-83001 ", "1790085783001", RucKind.COMPANY, False),
        # Real SRI company RUCs that fail módulo 11 (python-stdnum #497): accepted, with a warning.
        ("1793213150001", "1793213150001", RucKind.COMPANY, True),
        ("0993370026001", "0993370026001", RucKind.COMPANY, True),
    ],
)
def test_valid_rucs(text, number, kind, warning):
    check = check_ruc(text)
    assert (check.number, check.kind, check.checksum_warning) == (number, kind, warning)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("", "ruc.empty"),
        ("179008578300", "ruc.length"),
        ("17900857830011", "ruc.length"),
        ("17900857830AB", "ruc.digits"),
        ("RUC", "ruc.digits"),
        ("9990085783001", "ruc.province"),
        ("0090085783001", "ruc.province"),
        ("1770085783001", "ruc.third_digit"),
        ("1790085783000", "ruc.establishment"),
        # A natural person's RUC with a wrong cédula check digit is never accepted.
        ("1714307104001", "ruc.checksum"),
        # A public entity's RUC with a wrong check digit is not the SRI exception either.
        ("1760001540001", "ruc.checksum"),
    ],
)
def test_invalid_rucs(text, key):
    with pytest.raises(InvalidRuc) as info:
        check_ruc(text)
    assert info.value.key == key
    assert t(key)  # every reason has a message for the user
