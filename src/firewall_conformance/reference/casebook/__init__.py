"""The casebook dialect: the same records system behind a second, differently shaped HTTP surface.

It exists to prove the harness on an API it did not grow up with: people log in with a form
and a CSRF token and keep a session cookie, the auditor is a machine client with OAuth 2.0
tokens, every connection presents a client certificate, exports answer with the CSV itself,
persons join a matter by a second call, search takes one field at a time, the audit log is
paged by page number with nested fields, and persons cannot be deleted. Behind it the api-v1
application keeps every record, rule and fault switch; the casebook reaches it only in-process.
"""
