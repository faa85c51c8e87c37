"""In-app notifications, each also sent by e-mail through the mail queue."""
