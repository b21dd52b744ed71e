"""Settings of directory sign-in (django-auth-ldap) from the environment. Imported by
tracker/settings.py only when LDAP_SERVER_URI is set, so a deployment without a directory
needs neither python-ldap nor its libraries."""

from collections.abc import Mapping
from typing import Any


def group_memberships(text: str) -> list[tuple[str, str, str]]:
    """`group DN|unit code|role` entries separated by `;`, as (dn in lower case, code, role);
    the first group a user is in decides while a user holds one membership."""
    entries = []
    for entry in text.split(";"):
        if entry.strip():
            dn, unit, role = (part.strip() for part in entry.split("|"))
            entries.append((dn.lower(), unit, role))
    return entries


def ldap_settings(environment: Mapping[str, str]) -> dict[str, Any]:
    """AUTH_LDAP_* settings: bind (or anonymous), find the user under LDAP_USER_BASE by
    LDAP_USER_FILTER, read groups (groupOfNames) under LDAP_GROUP_BASE, copy the full name
    and e-mail, and map groups to units and roles (LDAP_GROUP_MEMBERSHIPS)."""
    import ldap
    from django_auth_ldap.config import GroupOfNamesType, LDAPSearch

    def value(name: str, default: str = "") -> str:
        return environment.get(name, default)

    return {
        "AUTH_LDAP_SERVER_URI": value("LDAP_SERVER_URI"),
        "AUTH_LDAP_START_TLS": value("LDAP_START_TLS", "false").lower() == "true",
        "AUTH_LDAP_BIND_DN": value("LDAP_BIND_DN"),
        "AUTH_LDAP_BIND_PASSWORD": value("LDAP_BIND_PASSWORD"),
        "AUTH_LDAP_USER_SEARCH": LDAPSearch(
            value("LDAP_USER_BASE"), ldap.SCOPE_SUBTREE, value("LDAP_USER_FILTER", "(uid=%(user)s)")
        ),
        "AUTH_LDAP_GROUP_SEARCH": LDAPSearch(
            value("LDAP_GROUP_BASE"), ldap.SCOPE_SUBTREE, "(objectClass=groupOfNames)"
        ),
        "AUTH_LDAP_GROUP_TYPE": GroupOfNamesType(),
        "AUTH_LDAP_USER_ATTR_MAP": {
            "first_name": value("LDAP_FULL_NAME_ATTRIBUTE", "cn"),
            "email": value("LDAP_EMAIL_ATTRIBUTE", "mail"),
        },
        "AUTH_LDAP_ALWAYS_UPDATE_USER": True,
        "AUTH_LDAP_CONNECTION_OPTIONS": {ldap.OPT_NETWORK_TIMEOUT: 5},
        "LDAP_GROUP_MEMBERSHIPS": group_memberships(value("LDAP_GROUP_MEMBERSHIPS")),
    }
