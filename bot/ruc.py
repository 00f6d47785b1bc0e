"""Ecuadorian RUC checks (python-stdnum), with the SRI's real-world exception for company RUCs.

The SRI issues active company RUCs (third digit 9) whose check digit fails módulo 11
(python-stdnum issue #497): those are accepted with a warning instead of locking the client out.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from stdnum.ec import ruc as stdnum_ruc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError


class RucKind(StrEnum):
    NATURAL = "natural"
    PUBLIC = "publica"
    COMPANY = "sociedad"


@dataclass(frozen=True)
class RucCheck:
    number: str
    kind: RucKind
    checksum_warning: bool = False


class InvalidRuc(ValueError):
    """`key` is the catalog key of the explanation shown next to the RUC field."""

    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


def check_ruc(text: str) -> RucCheck:
    number = stdnum_ruc.compact(text or "")
    if not number:
        raise InvalidRuc("ruc.empty")
    try:
        stdnum_ruc.validate(number)
    except InvalidLength:
        raise InvalidRuc("ruc.length" if number.isdigit() else "ruc.digits") from None
    except InvalidFormat:
        raise InvalidRuc("ruc.digits") from None
    except InvalidChecksum:
        if number[2] == "9":
            return RucCheck(number, RucKind.COMPANY, checksum_warning=True)
        raise InvalidRuc("ruc.checksum") from None
    except InvalidComponent:
        raise InvalidRuc(_component_problem(number)) from None
    except ValidationError:
        raise InvalidRuc("ruc.invalid") from None
    return RucCheck(number, _kind(number))


def _kind(number: str) -> RucKind:
    """By the third digit: 9 private company, 6 public entity, 0–5 natural person."""
    return {"9": RucKind.COMPANY, "6": RucKind.PUBLIC}.get(number[2], RucKind.NATURAL)


def _component_problem(number: str) -> str:
    province = number[:2]
    if not ("01" <= province <= "24" or province in ("30", "50")):
        return "ruc.province"
    if number[2] in "78":
        return "ruc.third_digit"
    return "ruc.establishment"
