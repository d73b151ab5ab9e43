"""API endpoints, one module per resource. Thin: scope the data in get_queryset(), validate with
serializers, write through claims.services, answer with one error shape (api/errors.py).

The prediction resource is one viewset (predictions.py) whose actions come in by topic:
reviews.py, criteria.py, lineage.py and annotations.py.
"""
