"""How the harness logs in to a target as each account: bearer token, API key, HTTP Basic, a
login form with a session cookie, OAuth 2.0, and client certificates (mutual TLS).

`declared.resolve` loads every account's secrets before the run (a problem stops it, exit 3);
`sessions.account_session` turns one account into a ready `requests.Session`.
"""
