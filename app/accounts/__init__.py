"""Local user accounts: password hashing, signing in with lockout, and the admin's account management."""
