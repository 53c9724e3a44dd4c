"""A visitor's CSRF token for a page served from the page cache, drawn in one read of the
operating system's random source.

Django's `get_token` draws each of the 32 characters of a new secret, and each of the 32 of the
mask that hides it in the page, with a call of its own to `secrets.choice`: 64 calls, about
50 µs, a sixth of what the cached registration form costs to serve. `visitor_token` returns the
same token, with the same side effects on the request, from one `secrets.token_bytes` call.
The token's format is Django's (django.middleware.csrf): the 32-character mask, then the secret
enciphered with it, character by character, modulo the 62 allowed characters. Its tests check
that CsrfViewMiddleware accepts it and unmasks it to the cookie's secret, so a change of format
in a later Django fails them.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

ALPHABET_SIZE = len(CSRF_ALLOWED_CHARS)
# The largest multiple of 62 a byte can hold: bytes above it are dropped, so that every
# character stays equally likely (no modulo bias).
UNBIASED_BYTES = 256 - 256 % ALPHABET_SIZE
POSITION = {character: index for index, character in enumerate(CSRF_ALLOWED_CHARS)}


def random_indexes(count):
    """`count` independent, uniform positions in CSRF_ALLOWED_CHARS."""
    indexes = []
    while len(indexes) < count:
        # 3% of the bytes are dropped: a few spare ones make a second read rare.
        indexes += [
            byte % ALPHABET_SIZE
            for byte in secrets.token_bytes(count - len(indexes) + 8)
            if byte < UNBIASED_BYTES
        ]
    return indexes[:count]


def visitor_token(request):
    """django.middleware.csrf.get_token(request), drawn in one read of the random source.

    The secret is the visitor's CSRF cookie, or a new one when they have none (the middleware
    then sets the cookie on the response); the token hides it behind a new mask each time.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        draws = random_indexes(2 * CSRF_SECRET_LENGTH)
        secret = "".join(CSRF_ALLOWED_CHARS[index] for index in draws[CSRF_SECRET_LENGTH:])
        request.META["CSRF_COOKIE"] = secret
        mask = draws[:CSRF_SECRET_LENGTH]
    else:
        mask = random_indexes(CSRF_SECRET_LENGTH)
    # Sent again even when the visitor has it, which renews its expiry (as get_token does).
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    cipher = (
        CSRF_ALLOWED_CHARS[(POSITION[character] + shift) % ALPHABET_SIZE]
        for character, shift in zip(secret, mask, strict=True)
    )
    return "".join(CSRF_ALLOWED_CHARS[index] for index in mask) + "".join(cipher)
