"""Kansrijke Start coalition network service."""
