"""Speech: quotation spans, speaker attributions, statement dates and quotes."""
