"""OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html) for the published outputs, so that
repositories and aggregators can harvest the library's metadata in Dublin Core."""
