"""The dashboard's own logic: view state ↔ URL, table filters, cached data loading and view helpers.

``dashboard.py`` composes these; everything here except ``data`` and ``panels`` is pure and Streamlit-free.
"""
