"""The demo: the City Partnership Program's story, with clearly marked sample outputs, files and lessons."""
