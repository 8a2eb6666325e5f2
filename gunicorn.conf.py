"""gunicorn's settings for the portal: `gunicorn -c gunicorn.conf.py preschool.wsgi`.

Read from the same environment as the portal (README, "Configuration"), strictly.
"""

from preschool.env import env_bool, env_int

bind = [f"0.0.0.0:{env_int('PORT', 8000, minimum=1, maximum=65535)}"]
workers = env_int("WEB_CONCURRENCY", 3, minimum=1, maximum=64)
accesslog = "-"

# gunicorn turns X-Forwarded-Proto into the request's scheme for the proxies it trusts, and by
# default it trusts 127.0.0.1. The portal trusts the header only when TRUST_X_FORWARDED_PROTO
# says so (the same switch as Django's SECURE_PROXY_SSL_HEADER): otherwise no peer may set it,
# so a request cannot claim HTTPS and skip the redirect to it.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # From any peer, as Django then does: turn the switch on only when the proxy is the one
    # way in.
    forwarded_allow_ips = "*"
    secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
else:
    forwarded_allow_ips = ""
    secure_scheme_headers = {}
