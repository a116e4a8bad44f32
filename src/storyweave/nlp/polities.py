"""States and the names news uses for their governments: capitals, seats of government, demonyms.

News names a government by its capital or its seat ("Moscow said", "the Kremlin insists", "the
White House is refusing", "Kyiv rejects"): metonymy that positions must merge with the state to
list one actor's demands once. This is a general world list (no story's entities), kept small:
states that appear in international news, with their usual alternative names. Spelling variants
of capitals (Kiev/Kyiv) are listed because the entity merger only joins them inside one story.
"""

from __future__ import annotations

import re

# state | other names | demonyms | capitals | seats of government and metonyms of its executive
_TABLE = """
United States|US;U.S.;USA;U.S.A.;America|American|Washington|White House;Pentagon
Russia|Russian Federation|Russian|Moscow|Kremlin
Ukraine||Ukrainian|Kyiv;Kiev|Bankova
China|People's Republic of China;PRC|Chinese|Beijing;Peking|Zhongnanhai
United Kingdom|UK;U.K.;Britain;Great Britain|British|London|Downing Street;Number 10;No 10;Whitehall
France||French|Paris|Elysee;Élysée;Elysee Palace;Élysée Palace;Quai d'Orsay
Germany||German|Berlin|Chancellery
Italy||Italian|Rome|Palazzo Chigi
Spain||Spanish|Madrid|Moncloa
Poland||Polish|Warsaw|
Belarus||Belarusian|Minsk|
Moldova||Moldovan|Chisinau|
Georgia||Georgian|Tbilisi|
Armenia||Armenian|Yerevan|
Azerbaijan||Azerbaijani|Baku|
Turkey|Türkiye|Turkish|Ankara|
Iran||Iranian|Tehran|
Iraq||Iraqi|Baghdad|
Syria||Syrian|Damascus|
Israel||Israeli|Jerusalem;Tel Aviv|Knesset
Palestine|Palestinian territories|Palestinian|Ramallah|
Lebanon||Lebanese|Beirut|
Jordan||Jordanian|Amman|
Egypt||Egyptian|Cairo|
Saudi Arabia||Saudi|Riyadh|
United Arab Emirates|UAE;the Emirates|Emirati|Abu Dhabi|
Qatar||Qatari|Doha|
Yemen||Yemeni|Sanaa|
Afghanistan||Afghan|Kabul|
Pakistan||Pakistani|Islamabad|
India||Indian|New Delhi;Delhi|
Bangladesh||Bangladeshi|Dhaka|
Sri Lanka||Sri Lankan|Colombo|
Nepal||Nepali;Nepalese|Kathmandu|
Japan||Japanese|Tokyo|
South Korea|Republic of Korea|South Korean|Seoul|Blue House
North Korea|DPRK|North Korean|Pyongyang|
Taiwan||Taiwanese|Taipei|
Vietnam||Vietnamese|Hanoi|
Thailand||Thai|Bangkok|
Myanmar|Burma|Burmese|Naypyidaw|
Indonesia||Indonesian|Jakarta|
Philippines||Filipino;Philippine|Manila|Malacañang;Malacanang
Malaysia||Malaysian|Kuala Lumpur|
Singapore||Singaporean|Singapore|
Australia||Australian|Canberra|
New Zealand||New Zealander|Wellington|
Canada||Canadian|Ottawa|Parliament Hill
Mexico||Mexican|Mexico City|
Brazil||Brazilian|Brasilia;Brasília|Planalto
Argentina||Argentine;Argentinian|Buenos Aires|Casa Rosada
Chile||Chilean|Santiago|
Colombia||Colombian|Bogota;Bogotá|
Venezuela||Venezuelan|Caracas|Miraflores
Cuba||Cuban|Havana|
Peru||Peruvian|Lima|
South Africa||South African|Pretoria|
Nigeria||Nigerian|Abuja|
Kenya||Kenyan|Nairobi|
Ethiopia||Ethiopian|Addis Ababa|
Sudan||Sudanese|Khartoum|
Libya||Libyan|Tripoli|
Algeria||Algerian|Algiers|
Morocco||Moroccan|Rabat|
Tunisia||Tunisian|Tunis|
Netherlands|Holland|Dutch|Amsterdam;The Hague|
Belgium||Belgian|Brussels|
Switzerland||Swiss|Bern;Berne|
Austria||Austrian|Vienna|
Sweden||Swedish|Stockholm|
Norway||Norwegian|Oslo|
Finland||Finnish|Helsinki|
Denmark||Danish|Copenhagen|
Ireland||Irish|Dublin|
Portugal||Portuguese|Lisbon|
Greece||Greek|Athens|
Hungary||Hungarian|Budapest|
Czech Republic|Czechia|Czech|Prague|
Slovakia||Slovak|Bratislava|
Romania||Romanian|Bucharest|
Bulgaria||Bulgarian|Sofia|
Serbia||Serbian|Belgrade|
Croatia||Croatian|Zagreb|
Lithuania||Lithuanian|Vilnius|
Latvia||Latvian|Riga|
Estonia||Estonian|Tallinn|
Kazakhstan||Kazakh|Astana|
Uzbekistan||Uzbek|Tashkent|
"""

# Heads that make a demonym phrase stand for the state's government: "Russian officials".
GOVERNMENT_HEADS = frozenset(
    [
        "government",
        "governments",
        "official",
        "officials",
        "authorities",
        "administration",
        "leadership",
        "leaders",
        "ministry",
        "side",
        "delegation",
        "diplomats",
        "negotiators",
        "military",
        "forces",
        "army",
        "troops",
        "state",
    ]
)


def _build() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    demonyms: dict[str, str] = {}
    for line in _TABLE.strip().splitlines():
        state, others, demonym_list, capitals, seats = (part.strip() for part in line.split("|"))
        for name in [state, *others.split(";"), *capitals.split(";"), *seats.split(";")]:
            if name:
                names.setdefault(_key(name), state)
        for demonym in demonym_list.split(";"):
            if demonym:
                demonyms[_key(demonym)] = state
    return names, demonyms


def _build_places() -> frozenset[str]:
    """Keys of the names that are places: states, their other names and capitals (not the
    seats of government, which name institutions: the Kremlin, the White House)."""
    places = set()
    for line in _TABLE.strip().splitlines():
        state, others, _, capitals, _ = (part.strip() for part in line.split("|"))
        places |= {_key(n) for n in [state, *others.split(";"), *capitals.split(";")] if n}
    return frozenset(places)


def _key(text: str) -> str:
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"^the\s+", "", text.strip())
    return re.sub(r"[.\s]+", " ", text).strip()


_NAMES, _DEMONYMS = _build()
_PLACE_NAMES = _build_places()


def is_place_name(name: str) -> bool:
    """ "Abu Dhabi", "Georgia", "U.S." are places whatever the tagger says; "the Kremlin" is not."""
    return _key(name) in _PLACE_NAMES


_MODIFIERS = re.compile(
    r"^(?:the\s+)?(?:(?:current|incoming|outgoing|new|former)\s+)+", re.IGNORECASE
)
_GOVERNMENT_PHRASE = re.compile(
    r"^(?:the\s+)?(?:(?:current|incoming|outgoing|new|senior|top|former)\s+)*"
    r"(?P<demonym>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?)\s+(?P<head>\w+)$"
)


def state_of(name: str) -> str | None:
    """The state a name stands for: "Moscow", "the Kremlin", "Kyiv", "U.S." -> the state's
    name; None for anything else (people included).

    Known failure cases: a capital that is also a city of news in its own right ("Washington
    state", "Paris Saint-Germain") and capitals shared by name with other places are read as
    the state; the list covers about ninety states.
    """
    return _NAMES.get(_key(name))


def government_of(phrase: str) -> str | None:
    """The state a phrase names as a government: the metonyms of `state_of`, plus a demonym
    with a government head ("Russian officials", "the Ukrainian government")."""
    bare = _MODIFIERS.sub("", phrase.strip())
    found = state_of(bare)
    if found:
        return found
    match = _GOVERNMENT_PHRASE.match(phrase.strip())
    if match and match.group("head").lower() in GOVERNMENT_HEADS:
        demonym = _key(match.group("demonym"))
        return _DEMONYMS.get(demonym) or _NAMES.get(demonym)
    return None


def demonym_state(word: str) -> str | None:
    """ "Russian" -> "Russia"; None when the word is not a demonym."""
    return _DEMONYMS.get(_key(word))
