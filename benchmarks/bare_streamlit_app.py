"""The floor for ui_latency.py: a Streamlit page with one button and one line of text, served and
clicked the same way as the workbench, so a click's cost in Streamlit itself is measured in the
same run as the workbench's actions."""

import streamlit as st

st.title("Bare Streamlit")
st.session_state.setdefault("presses", 0)
if st.button("Press"):
    st.session_state.presses += 1
st.write(f"Pressed {st.session_state.presses} times.")
