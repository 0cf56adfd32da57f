"""Sphinx configuration for the sirules documentation.

Build with warnings as errors:  python -m sphinx -W --keep-going -b html docs docs/_build/html
"""

import os
import sys

DOCS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(DOCS)
sys.path.insert(0, ROOT)                          # document the checkout, not another installed copy
sys.path.insert(0, os.path.join(DOCS, "_ext"))

import sirules

project = "sirules"
author = "the sirules developers"
copyright = "the sirules developers, MIT licence"
release = sirules.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
    "sirules_docs",                               # docs/_ext: lexer, generated pages, sirules-run
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]
language = "en"

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

highlight_language = "sirules"
pygments_style = "friendly"
pygments_dark_style = "monokai"

autodoc_member_order = "bysource"
autodoc_typehints = "description"

html_theme = "furo"
html_title = f"sirules {release}"
html_static_path = []
html_theme_options = {
    "navigation_with_keys": True,
}

