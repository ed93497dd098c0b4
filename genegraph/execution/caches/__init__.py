"""What is derived from a parsed document, kept across requests and found by the
document's identity (``identity``): validation results (``validation``), and through the
same cache the shapes, plans and statements of ``limits`` and ``planned``."""
