"""The member roll's screens: the list, the form and its dialogs."""
