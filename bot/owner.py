"""Step 2, Responsable del proyecto: the client's project owner, with a valid e-mail and Ecuadorian phone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import phonenumbers

from bot.i18n import t

NAME_MAX, ROLE_MAX, EMAIL_MAX = 200, 120, 254
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")


class OwnerField(StrEnum):
    NAME = "name"
    ROLE = "role"
    EMAIL = "email"
    PHONE = "phone"


@dataclass(frozen=True)
class Owner:
    name: str
    role: str
    email: str
    phone: str  # E.164, e.g. +593991234567


def phone_e164(text: str) -> str | None:
    """An Ecuadorian number (09XXXXXXXX, 02XXXXXXX, +593…) in E.164, or None if it is not one."""
    try:
        number = phonenumbers.parse(text, "EC")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number) or phonenumbers.region_code_for_number(number) != "EC":
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_display(e164: str) -> str:
    """'099 123 4567' for a mobile, '(02) 234-5678' for a landline: how people in Ecuador write them."""
    return phonenumbers.format_number(phonenumbers.parse(e164, "EC"), phonenumbers.PhoneNumberFormat.NATIONAL)


def validate_owner(name: str, role: str, email: str, phone: str) -> tuple[Owner | None, dict[OwnerField, str]]:
    errors: dict[OwnerField, str] = {}
    name, role, email, phone = (" ".join((v or "").split()) for v in (name, role, email, phone))
    if not name:
        errors[OwnerField.NAME] = t("owner.error.name")
    elif len(name) > NAME_MAX:
        errors[OwnerField.NAME] = t("owner.error.too_long", max=NAME_MAX)
    if not role:
        errors[OwnerField.ROLE] = t("owner.error.role")
    elif len(role) > ROLE_MAX:
        errors[OwnerField.ROLE] = t("owner.error.too_long", max=ROLE_MAX)
    if len(email) > EMAIL_MAX or not _EMAIL.match(email):
        errors[OwnerField.EMAIL] = t("owner.error.email")
    e164 = phone_e164(phone)
    if e164 is None:
        errors[OwnerField.PHONE] = t("owner.error.phone")
    if errors:
        return None, errors
    return Owner(name=name, role=role, email=email.lower(), phone=e164 or ""), {}
