"""Cases (ärenden): what a submitted e-service becomes, routed to a unit's queue."""
