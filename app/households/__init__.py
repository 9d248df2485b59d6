"""Liaison households (会员联系户): the households members keep in touch with, their people and the contacts."""
