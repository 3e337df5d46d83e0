"""E-mail through an outbox: written in the transaction of the change, sent by a worker."""
