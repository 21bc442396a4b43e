"""Who may change the registry from the app: anyone on this machine, a signed-in person beyond it.

`coordreg app` listens on 127.0.0.1 unless told otherwise (``--host``) and
tells the app where through ``COORDREG_APP_HOST``. On localhost the person
at the keyboard owns the registry, so nothing changes for them. Served to
other machines (``0.0.0.0``, a LAN address, a container), anonymous visitors
can only read: importing files, saving and deleting queries need either

- a sign-in through Streamlit's own OIDC support, where ``[auth]`` is
  configured in ``.streamlit/secrets.toml`` (optionally only for the e-mail
  addresses listed in ``COORDREG_APP_WRITERS``), or
- the token in ``COORDREG_APP_TOKEN``, typed once per browser session.

With neither configured, writing is off. An unknown host (``streamlit run``
without ``--server.address`` listens on every interface) counts as public.
Nothing here imports Streamlit: the page passes in what it knows.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass

HOST_VARIABLE = "COORDREG_APP_HOST"
TOKEN_VARIABLE = "COORDREG_APP_TOKEN"  # noqa: S105 - the variable's name, not a token
WRITERS_VARIABLE = "COORDREG_APP_WRITERS"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: Seconds a wrong token costs, so guessing one through the form is slow.
WRONG_TOKEN_DELAY_S = 1.0


def is_local(host: str | None) -> bool:
    """True when the app listens on this machine's loopback only."""
    return bool(host) and str(host).strip().lower() in LOCAL_HOSTS


@dataclass(frozen=True)
class Policy:
    """How this server decides who may write; ``token`` is the expected secret, never shown."""

    public: bool
    oidc: bool = False
    token: str = ""
    writers: frozenset[str] = frozenset()

    @property
    def writing_possible(self) -> bool:
        """False when the app is public and no way to sign in is configured: writing is simply off."""
        return not self.public or self.oidc or bool(self.token)


def policy(env: Mapping[str, str], *, server_address: str | None = None, oidc_configured: bool = False) -> Policy:
    """The policy for this process: the host from ``COORDREG_APP_HOST``, else Streamlit's ``server.address``."""
    host = env.get(HOST_VARIABLE) or server_address
    writers = frozenset(w.strip().lower() for w in env.get(WRITERS_VARIABLE, "").split(",") if w.strip())
    return Policy(
        public=not is_local(host),
        oidc=oidc_configured,
        token=env.get(TOKEN_VARIABLE, "").strip(),
        writers=writers,
    )


def token_matches(given: str, policy: Policy) -> bool:
    """Whether ``given`` is the configured token; compared in constant time, never true without a token."""
    if not policy.token or not given:
        return False
    return hmac.compare_digest(given.strip().encode("utf-8"), policy.token.encode("utf-8"))


def oidc_writer(policy: Policy, *, logged_in: bool, email: str | None) -> bool:
    """Whether a person signed in through OIDC may write (anyone signed in, or only the listed addresses)."""
    if not policy.oidc or not logged_in:
        return False
    return not policy.writers or (email or "").strip().lower() in policy.writers


def may_write(policy: Policy, *, token_verified: bool = False, oidc_ok: bool = False) -> bool:
    """The decision every writing control asks for."""
    if not policy.public:
        return True
    return (bool(policy.token) and token_verified) or (policy.oidc and oidc_ok)
