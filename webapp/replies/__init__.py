"""After the letter: "I have sent it", the MP's reply, the reminder email, and the funnel counts.

`models` holds the tables, `records` the writes, `views` the supporter pages (registered on the
public blueprint by `webapp.public`), `mail` and `reminders` the reminder email.
"""
