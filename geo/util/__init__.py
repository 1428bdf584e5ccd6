"""Small shared utilities: geodesic distances (``geodesy``) and precision/recall/F1 (``metrics``)."""
