"""Logic behind the Streamlit explorer, kept free of Streamlit so it can be tested on its own.

The pages in ``app_pages/`` only lay out widgets and call these helpers and
the registry API; everything that decides *what* is shown lives here.
"""
