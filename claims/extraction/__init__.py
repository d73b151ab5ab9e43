"""Candidate extraction: propose the forward-looking statements of a source for curators.

The extractor itself (everything but admin, tasks and the Django glue) is pure Python and works
offline; see extract.py for the pipeline.
"""

from __future__ import annotations

from claims.extraction.extract import Candidate, extract_candidates

__all__ = ["Candidate", "extract_candidates"]
