"""Published schemas that machine-readable answers are checked against (copies in tests/data/standards)."""

from pathlib import Path

from lxml import etree

STANDARDS = Path(__file__).resolve().parent / "data" / "standards"

# OAI-PMH 2.0 responses, including the oai_dc records and set descriptions inside them.
OAI_PMH_SCHEMA = etree.XMLSchema(etree.parse(str(STANDARDS / "oai-pmh-with-oai_dc.xsd")))

OAI = "http://www.openarchives.org/OAI/2.0/"
NAMESPACES = {
    "oai": OAI,
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def valid_oai_response(content: bytes) -> etree._Element:
    """The parsed response, after checking it against the protocol's schema (fails the test if not valid)."""
    document = etree.fromstring(content)
    if not OAI_PMH_SCHEMA.validate(document):
        raise AssertionError(f"Not a valid OAI-PMH response: {OAI_PMH_SCHEMA.error_log}\n{content.decode()}")
    return document
