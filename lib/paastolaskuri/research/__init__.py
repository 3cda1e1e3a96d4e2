"""The pseudonymised multi-year research dataset: consent, pseudonyms, disclosure control, the data package.

Only partners whose latest template says "Tutkimuskäyttö / Research use: kyllä" are exported; each is
named by an HMAC pseudonym stable across years; quasi-identifiers are generalised to k-anonymity.
"""
