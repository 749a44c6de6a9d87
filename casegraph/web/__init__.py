"""``casegraph serve``: a local, read-only web server over a build (the SPARQL endpoint, the
query editor, the explorer, the report and a page per case)."""
