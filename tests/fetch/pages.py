"""Hand-made news pages and feeds for the watch tests (invented stories)."""

from html import escape

STORIES = [
    (
        "Harbour cranes fail inspection",
        [
            "Inspectors at the port of Calder found cracks in four of the seven harbour cranes "
            "on Tuesday, two weeks after one of them collapsed onto a cargo ship.",
            "The port authority said the four cranes would stay out of service until a "
            "structural engineer had examined every weld, which could take a month.",
            "Shipping lines have already diverted a third of their vessels to Almsund, where "
            "queues of container ships now stretch beyond the breakwater.",
        ],
    ),
    (
        "Union calls off strike after audit deal",
        [
            "The dockers' union called off its strike at Calder on Wednesday after the "
            "transport ministry agreed to an independent audit of every crane in the port.",
            "Union leader Renata Kvist said members would return to work on Thursday morning "
            "and that the audit findings would be published in full within six weeks.",
            "The ministry had resisted the demand for nine days, arguing that the state "
            "inspectorate was competent to check the cranes on its own.",
        ],
    ),
    (
        "Almsund port struggles with diverted ships",
        [
            "Almsund, the smaller of the two ports on the coast, handled twice its usual "
            "traffic last week as ships turned away from strike-bound Calder.",
            "Harbour master Olle Brand said his crews were working double shifts and that the "
            "port had run out of space to store empty containers.",
            "Hauliers complained that the single road to Almsund was jammed for kilometres "
            "every afternoon, delaying deliveries to supermarkets across the region.",
        ],
    ),
]


def page_html(title, paragraphs):
    body = "\n".join(f"<p>{escape(text)}</p>" for text in paragraphs)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright Coast Courier</footer></body></html>"
    ).encode()


def rss(items, title="Coast Courier"):
    """items: (guid, title, link, description, content or None)."""
    parts = []
    for guid, item_title, link, description, content in items:
        encoded = f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else ""
        parts.append(
            f"<item><guid>{guid}</guid><title>{escape(item_title)}</title><link>{link}</link>"
            f"<pubDate>Tue, 10 Mar 2026 08:00:00 GMT</pubDate>"
            f"<description>{escape(description)}</description>{encoded}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{title}</title><link>http://example.invalid/</link>"
        f"<description>News</description>{''.join(parts)}</channel></rss>"
    ).encode()
