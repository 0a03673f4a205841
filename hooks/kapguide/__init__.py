"""Plain-Python core of the KAP patient guide.

Nothing in this package imports MkDocs. The hook files in ``hooks/`` adapt
these functions to MkDocs events; tests call them directly.
"""
