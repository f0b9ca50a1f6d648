"""What the document says of itself: metadata, restatement declarations, disposals."""
