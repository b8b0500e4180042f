"""Kansrijke Start coalition network service."""

#: the one place the version is written: the distribution's metadata and `coalition-map --version` read it
__version__ = "0.2.0"
