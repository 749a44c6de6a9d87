"""casegraph: city case-example documents in, a traceable RDF knowledge graph out."""

__version__ = "0.1.0"
