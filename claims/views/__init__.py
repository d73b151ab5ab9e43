"""The dashboard: server-rendered pages for readers, one module per page."""
