"""Staff accounts: users and roles, signing in, passwords, authenticator apps, one-time links,
the sign-in throttle and the audit log."""
