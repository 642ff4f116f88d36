"""The baseline for bench_app.py: a bare Streamlit page with one slider and one small chart."""

import plotly.graph_objects as go
import streamlit as st

value = st.slider("Value", 0, 100, 50, key="value")
# the title tells the benchmark that the chart shows the new value
st.plotly_chart(go.Figure(go.Scatter(x=[0, 1, 2], y=[0, value, 2 * value]), layout=dict(title=f"value {value}")))
