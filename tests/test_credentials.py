import pytest

from bot.credentials import looks_like_credential


@pytest.mark.parametrize(
    "text",
    ["clave: Andina2026!", "Clave:abc", "usuario admin, contraseña = x9!", "CONTRASEÑA: 1234", "password hunter2",
     "Password: secreta", "pwd=abc", "el token: xoxb-123", "PIN: 4455", "user: admin pass: 1234"],
)
def test_credentials_are_detected(text):
    assert looks_like_credential(text)


@pytest.mark.parametrize(
    "text",
    ["", None, "Usuario y clave enviados por correo al responsable", "La clave del éxito es la capacitación",
     "Se envió la contraseña por correo", "Credenciales cargadas en el CRM", "Firma electrónica instalada",
     "Passwords are managed in the CRM"],
)
def test_ordinary_notes_pass(text):
    assert not looks_like_credential(text)
