"""Streamlit and Plotly glue shared by the pages; the mathematics lives in logreg_core."""
