"""Text utilities shared by the stages: sentences."""
