"""Extraction: one ``Doc`` per article through small stages (see ``geo.extract.pipeline``)."""
