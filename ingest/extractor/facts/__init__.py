"""Rows into candidate facts: labels to concepts, table shapes, sentences, the choice per series."""
