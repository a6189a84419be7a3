"""The practice report: one self-contained HTML file per report, from stored sessions (`voicecoach report`).

`model.py` holds the plain data a report is drawn from, `html.py` renders it (a pure function: data in, text out),
`charts.py` draws the inline SVG charts, `from_store.py` reads the store into the model.
"""
