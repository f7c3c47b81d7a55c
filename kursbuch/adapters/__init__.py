"""Thin adapters around the core: the Jupyter widget and the Sphinx extension."""

# The MIME type by which a notebook output names its activity: ``{"id": …, "kind": "quiz"|"scenario"}``.
# The widget puts it into its MIME bundle; the Sphinx adapter turns it into an ``activity`` node.
# Here, not in either adapter, so that neither imports the other's framework for one string.
ACTIVITY_MIME_TYPE = "application/vnd.kursbuch.activity+json"
