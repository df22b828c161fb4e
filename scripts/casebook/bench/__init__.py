"""``casebook bench``: build a synthetic corpus of N cases and measure the site.

corpus.py writes the cases, measure.py times the build, browser.py measures a
first search in headless Chromium, baseline.py builds the same corpus with
plain Material, cli.py ties them together and prints one JSON line per run.
"""
