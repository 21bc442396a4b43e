"""Signing in to write, as the pages show it; the decision itself is ``registry.app_support.access``.

``access_panel`` (in the sidebar of every page) offers the sign-in this server
has: Streamlit's OIDC login, the editor token, or a note that editing is off.
``write_gate`` stands before every control that changes something (imports,
saving and deleting queries) and says why it is missing when it is.
"""

from __future__ import annotations

import os
import time
from typing import Any

import streamlit as st

from app_pages.common import tr
from registry.app_support import access
from registry.app_support.safe_text import md

#: Session state: this browser session typed the right token. Session state lives on the server, so a
#: visitor cannot set it other than through the token form.
TOKEN_VERIFIED = "_coordreg_token_verified"  # noqa: S105 - a session-state key, not a secret


def _auth_section() -> Any:
    """The ``[auth]`` section of the secrets, or None (no secrets file, or no section)."""
    try:
        return st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file at all: Streamlit raises its own not-found error
        return None


def current_policy() -> access.Policy:
    return access.policy(
        os.environ,
        server_address=st.get_option("server.address"),
        oidc_configured=_auth_section() is not None,
    )


def _oidc_ok(policy: access.Policy) -> bool:
    if not policy.oidc:
        return False
    return access.oidc_writer(policy, logged_in=bool(st.user.get("is_logged_in")), email=_text(st.user.get("email")))


def may_write() -> bool:
    """Whether this session may change the registry or the saved queries."""
    policy = current_policy()
    return access.may_write(policy, token_verified=bool(st.session_state.get(TOKEN_VERIFIED)), oidc_ok=_oidc_ok(policy))


def write_gate(action_key: str) -> bool:
    """True when this session may write; otherwise a note says how to (or that writing is off here)."""
    if may_write():
        return True
    action = tr(action_key)
    if current_policy().writing_possible:
        st.info(tr("write_locked", action=action), icon=":material/lock:")
    else:
        st.info(tr("write_off", action=action[:1].upper() + action[1:]), icon=":material/lock:")
    return False


def access_panel() -> None:
    """The sidebar's sign-in, shown only when the app is served beyond this machine."""
    policy = current_policy()
    if not policy.public:
        return
    st.markdown(f"**{tr('access_title')}**")
    if not policy.writing_possible:
        st.caption(tr("access_off"))
        return
    if not may_write():
        st.caption(tr("access_read_only"))
    if policy.oidc:
        _oidc_controls(policy)
    if policy.token:
        _token_controls(policy)


def _oidc_controls(policy: access.Policy) -> None:
    if st.user.get("is_logged_in"):
        who = md(_text(st.user.get("email")) or _text(st.user.get("name")))
        st.caption(tr("access_signed_in" if _oidc_ok(policy) else "access_not_a_writer", who=who))
        if st.button(tr("access_logout"), key="access_logout"):
            st.logout()
        return
    for provider in _providers():
        label = tr("access_login") if provider is None else tr("access_login_with", provider=md(provider))
        if st.button(label, key=f"access_login_{provider or 'default'}"):
            st.login(provider) if provider else st.login()


def _providers() -> list[str | None]:
    """None for the default provider (settings directly in ``[auth]``), then each named ``[auth.NAME]``."""
    section = _auth_section() or {}
    named = [str(key) for key, value in section.items() if hasattr(value, "keys")]
    return ([None] if "client_id" in section or not named else []) + named


def _token_controls(policy: access.Policy) -> None:
    if st.session_state.get(TOKEN_VERIFIED):
        st.caption(tr("access_unlocked"))
        if st.button(tr("access_lock"), key="access_lock"):
            st.session_state.pop(TOKEN_VERIFIED, None)
            st.rerun()
        return
    with st.form("access_token_form", clear_on_submit=True, border=False):
        given = st.text_input(tr("access_token"), type="password", key="access_token")
        if st.form_submit_button(tr("access_unlock")):
            if access.token_matches(given, policy):
                st.session_state[TOKEN_VERIFIED] = True
                st.rerun()
            time.sleep(access.WRONG_TOKEN_DELAY_S)  # each wrong guess costs a second
            st.error(tr("access_wrong_token"))


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""
