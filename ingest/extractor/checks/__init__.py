"""The calculation model: footings, cross-references and the conflicts sums decide."""
