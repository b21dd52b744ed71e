"""Directory sign-in: django-auth-ldap checks the password against the organisation's
LDAP or Active Directory; the directory's groups then decide the person's unit and role
(LDAP_GROUP_MEMBERSHIPS), through the one place that writes memberships."""

import logging

from django.conf import settings
from django.db import transaction
from django_auth_ldap.backend import LDAPBackend

from accounts.memberships import MAX_MEMBERSHIPS, MembershipSpec, memberships_replace
from resolutions.models import Unit

log = logging.getLogger(__name__)


def directory_memberships(group_dns: set[str]) -> list[MembershipSpec]:
    """The memberships the mapped groups among `group_dns` give, in the mapping's order."""
    held = {dn.lower() for dn in group_dns}
    mapping = getattr(settings, "LDAP_GROUP_MEMBERSHIPS", [])
    wanted = [(code, role) for dn, code, role in mapping if dn in held]
    units = Unit.objects.in_bulk([code for code, _role in wanted], field_name="code")
    for code, _role in wanted:
        if code not in units:
            log.warning("LDAP_GROUP_MEMBERSHIPS names unit %s, which does not exist", code)
    specs = [MembershipSpec(unit=units[code], role=role) for code, role in wanted if code in units]
    return specs[:MAX_MEMBERSHIPS]


class DirectoryBackend(LDAPBackend):
    """LDAPBackend that, after a successful sign-in, gives the roles of the mapped groups;
    a user in no mapped group keeps the roles given in the tracker."""

    def authenticate_ldap_user(self, ldap_user, password):
        user = super().authenticate_ldap_user(ldap_user, password)
        if user is not None:
            memberships = directory_memberships(set(ldap_user.group_dns))
            if memberships:
                with transaction.atomic():
                    memberships_replace(user=user, memberships=memberships)
        return user
