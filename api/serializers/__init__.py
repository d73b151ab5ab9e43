"""What the API reads and writes, one module per resource (like claims/models/).

Declared fields validate input and describe the schema; writes go through claims.services
(called from api/views/), never through serializer.save(). fields.py holds the pieces the
resources share: item URLs, null-for-blank choices and the ISO date formats.
"""
