"""The SSRF guard on addresses and names, without sending anything: the classifier directly, and
vet_url with a resolver the test controls (no DNS, no traffic)."""

import ipaddress

import pytest

from storyweave.fetch.addresses import AddressPolicy, address_refusal, vet_url
from storyweave.fetch.errors import AddressRefused, RetryLater

GUARDED = AddressPolicy()


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),  # the cloud metadata service
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "shared"),  # carrier-grade NAT: not private by name, not public either
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped IPv6
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 around 10.0.0.1
    ],
)
def test_non_public_addresses_are_refused_by_kind(address, kind):
    reason = address_refusal(ipaddress.ip_address(address))
    assert reason is not None
    assert kind in reason


@pytest.mark.parametrize(
    "address", ["93.184.215.14", "1.1.1.1", "8.8.8.8", "2606:4700:4700::1111", "::ffff:1.1.1.1"]
)
def test_public_addresses_pass(address):
    assert address_refusal(ipaddress.ip_address(address)) is None


def fake_resolver(table):
    calls = []

    def resolve(host, port):
        calls.append((host, port))
        return table[host]

    resolve.calls = calls
    return resolve


def test_a_public_name_is_vetted_and_pinned_to_its_address():
    resolve = fake_resolver({"news.example": ["93.184.215.14"]})
    target = vet_url("https://News.Example/world?x=1", GUARDED, resolve)
    assert (target.host, target.port, target.address) == ("news.example", 443, "93.184.215.14")
    assert resolve.calls == [("news.example", 443)]


def test_a_name_resolving_to_a_private_address_is_refused_naming_url_and_address():
    resolve = fake_resolver({"intranet.example": ["10.0.0.7"]})
    with pytest.raises(AddressRefused) as caught:
        vet_url("http://intranet.example/feed", GUARDED, resolve)
    message = str(caught.value)
    assert "http://intranet.example/feed" in message
    assert "10.0.0.7" in message and "private" in message
    assert "--allow-private" in message


def test_one_private_answer_among_public_ones_refuses_the_url():
    # DNS rebinding hands out a public address and a private one; the guard must not pick.
    resolve = fake_resolver({"rebind.example": ["93.184.215.14", "127.0.0.1"]})
    with pytest.raises(AddressRefused, match="127.0.0.1"):
        vet_url("http://rebind.example/", GUARDED, resolve)


def test_ip_literals_are_checked_without_resolving():
    resolve = fake_resolver({})
    with pytest.raises(AddressRefused, match="loopback"):
        vet_url("http://[::ffff:127.0.0.1]:8080/", GUARDED, resolve)
    with pytest.raises(AddressRefused, match="link-local"):
        vet_url("http://169.254.169.254/latest/meta-data/", GUARDED, resolve)
    assert resolve.calls == []


def test_numeric_host_spellings_are_judged_by_what_they_resolve_to():
    # "2130706433" is 127.0.0.1 to the system resolver; the guard sees the resolved address.
    resolve = fake_resolver({"2130706433": ["127.0.0.1"]})
    with pytest.raises(AddressRefused, match="loopback"):
        vet_url("http://2130706433/", GUARDED, resolve)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://news.example/feed", "only http and https"),
        ("http://user:secret@news.example/", "user name or password"),
        ("http:///path", "no host"),
    ],
)
def test_urls_of_other_forms_are_refused(url, why):
    with pytest.raises(AddressRefused, match=why):
        vet_url(url, GUARDED, fake_resolver({}))


def test_allow_private_and_allowed_networks_let_private_addresses_through():
    resolve = fake_resolver({"intranet.example": ["10.1.2.3"], "other.example": ["10.9.9.9"]})
    assert vet_url("http://intranet.example/", AddressPolicy(allow_private=True), resolve)
    exempt = AddressPolicy(allow_networks=("10.1.2.0/24",))
    assert vet_url("http://intranet.example/", exempt, resolve).address == "10.1.2.3"
    with pytest.raises(AddressRefused):
        vet_url("http://other.example/", exempt, resolve)


def test_a_name_that_does_not_resolve_is_worth_retrying():
    def failing(host, port):
        raise OSError("Name or service not known")

    with pytest.raises(RetryLater, match="cannot resolve gone.example"):
        vet_url("http://gone.example/", GUARDED, failing)


def test_the_origin_names_scheme_host_and_port_with_ipv6_in_brackets():
    assert vet_url("http://[::1]:8080/x", AddressPolicy(allow_private=True)).origin == (
        "http://[::1]:8080"
    )
    resolve = fake_resolver({"news.example": ["93.184.215.14"]})
    assert vet_url("https://news.example/x", GUARDED, resolve).origin == "https://news.example:443"
