"""Password hashing with Argon2 (pwdlib's recommended settings)."""

from pwdlib import PasswordHash

_hasher = PasswordHash.recommended()

MIN_PASSWORD_LENGTH = 10


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_PASSWORD_LENGTH} characters.")
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    """False for a user without a password (one who signs in through the proxy only)."""
    return bool(password_hash) and _hasher.verify(password, password_hash)


def spend_verification_time() -> None:
    """Hash once for nothing, so that an unknown email takes as long to refuse as a wrong password
    and the timing does not tell which addresses have accounts."""
    _hasher.verify("", _DUMMY_HASH)


_DUMMY_HASH = _hasher.hash("konspekt-timing-equaliser")
