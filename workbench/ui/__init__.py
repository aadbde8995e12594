"""The Streamlit review workbench (the only package that imports streamlit)."""
