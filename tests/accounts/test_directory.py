"""Directory sign-in against a real OpenLDAP server (Debian's slapd), started here on a
free port with its own configuration and data in a temporary folder."""

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
SCHEMAS = Path("/etc/ldap/schema")
SUFFIX = "dc=tracker,dc=test"

if not (Path(SLAPD).exists() and Path(SLAPADD).exists() and SCHEMAS.exists()):
    pytest.skip(
        "Debian's slapd is not installed (bin/setup --test installs slapd and ldap-utils)",
        allow_module_level=True,
    )
pytest.importorskip("django_auth_ldap", reason="django-auth-ldap is not installed")

from django.contrib.auth import get_user_model  # noqa: E402

from accounts.directory_settings import ldap_settings  # noqa: E402
from resolutions.models import Membership  # noqa: E402
from tests.accounts.conftest import login  # noqa: E402

CONFIG = """\
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: {folder}/slapd.pid

dn: cn=module{{0}},cn=config
objectClass: olcModuleList
cn: module{{0}}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file://{schemas}/core.ldif
include: file://{schemas}/cosine.ldif
include: file://{schemas}/inetorgperson.ldif

dn: olcDatabase={{1}}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {{1}}mdb
olcSuffix: {suffix}
olcRootDN: cn=admin,{suffix}
olcRootPW: admin-secret
olcDbDirectory: {folder}/data
olcAccess: {{0}}to attrs=userPassword by anonymous auth by * none
olcAccess: {{1}}to * by * read
"""

DATA = """\
dn: {suffix}
objectClass: dcObject
objectClass: organization
dc: tracker
o: Tracker

dn: ou=people,{suffix}
objectClass: organizationalUnit
ou: people

dn: ou=groups,{suffix}
objectClass: organizationalUnit
ou: groups

dn: uid=hoa,ou=people,{suffix}
objectClass: inetOrgPerson
uid: hoa
cn: Lê Thị Hoa
sn: Lê
mail: hoa@danang.gov.vn
userPassword: Mat-khau-thu-muc-2025

dn: uid=minh,ou=people,{suffix}
objectClass: inetOrgPerson
uid: minh
cn: Phan Văn Minh
sn: Phan
userPassword: Mat-khau-thu-muc-2026

dn: cn=skhcn-chuyen-vien,ou=groups,{suffix}
objectClass: groupOfNames
cn: skhcn-chuyen-vien
member: uid=hoa,ou=people,{suffix}
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def directory():
    """A running slapd with two people and one group; its ldap:// address."""
    folder = Path(tempfile.mkdtemp(prefix="slapd-"))
    (folder / "slapd.d").mkdir()
    (folder / "data").mkdir()
    (folder / "config.ldif").write_text(
        CONFIG.format(folder=folder, schemas=SCHEMAS, suffix=SUFFIX)
    )
    (folder / "data.ldif").write_text(DATA.format(suffix=SUFFIX))
    for number, name in ((0, "config.ldif"), (1, "data.ldif")):
        subprocess.run(
            [SLAPADD, "-n", str(number), "-F", str(folder / "slapd.d"), "-l", str(folder / name)],
            check=True,
            capture_output=True,
        )
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}"
    server = subprocess.Popen(
        [SLAPD, "-d", "0", "-F", str(folder / "slapd.d"), "-h", f"{url}/"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("slapd did not start listening")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def directory_sign_in(settings, directory, unit):
    """The tracker configured as a deployment would be, from its environment."""
    environment = {
        "LDAP_SERVER_URI": directory,
        "LDAP_USER_BASE": f"ou=people,{SUFFIX}",
        "LDAP_GROUP_BASE": f"ou=groups,{SUFFIX}",
        "LDAP_GROUP_MEMBERSHIPS": f"cn=skhcn-chuyen-vien,ou=groups,{SUFFIX}|{unit.code}|staff",
    }
    for name, value in ldap_settings(environment).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "accounts.directory.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]


def test_a_directory_user_signs_in_with_the_directory_password(client, today, directory_sign_in):
    assert login(client, "hoa", "Mat-khau-thu-muc-2025").status_code == 302
    user = get_user_model().objects.get(username="hoa")
    assert (user.first_name, user.email) == ("Lê Thị Hoa", "hoa@danang.gov.vn")


def test_the_directory_group_gives_the_unit_and_role(client, today, directory_sign_in, unit):
    login(client, "hoa", "Mat-khau-thu-muc-2025")
    membership = Membership.objects.get(user__username="hoa")
    assert (membership.unit, membership.role) == (unit, Membership.Role.STAFF)


def test_a_user_in_no_mapped_group_gets_no_role(client, today, directory_sign_in):
    login(client, "minh", "Mat-khau-thu-muc-2026")
    assert not Membership.objects.filter(user__username="minh").exists()


def test_a_wrong_directory_password_is_refused_and_counted(client, today, directory_sign_in):
    from axes.models import AccessAttempt

    assert login(client, "hoa", "wrong").status_code == 200
    assert AccessAttempt.objects.filter(username="hoa").exists()


def test_local_accounts_still_sign_in_beside_the_directory(client, today, directory_sign_in, staff):
    assert login(client, "clerk").status_code == 302
