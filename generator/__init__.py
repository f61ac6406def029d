"""Familienwegweiser: a static site generator for family guides.

Data flow, one module per phase: load (``loader``, ``content``) → validate (``validate``) →
render (``render``) → build site (``site_build``) → index (``search``) → print (``print``).
"""

__version__ = "0.1.0"
