"""The SCORM exporter: packages, manifests, package pages and data sheets from a built course.

An adapter around the core like the Sphinx extension: it reads the pages the build kept and
the validated course, and writes nothing until every package has passed its checks.
"""
