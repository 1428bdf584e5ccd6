"""Territorial claims: triggers in each sentence, their places, holder, claimant and date (see ``find``)."""

from geo.extract.claims.find import find_claims
from geo.extract.claims.numbers import parse_number, quantity_bounds
from geo.text.sentences import sentence_index

__all__ = ["find_claims", "parse_number", "quantity_bounds", "sentence_index"]
