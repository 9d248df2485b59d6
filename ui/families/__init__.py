"""The special-families page: the registry, visits, activities and the yearly five-ones."""
