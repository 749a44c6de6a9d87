"""The casegraph ontology, SKOS schemes and SHACL shapes, shipped as package data."""
