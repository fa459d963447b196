# Sourced by ./serve, tools/server.sh and bench/run: the environment of a server started on
# this machine over plain HTTP. Every value is a default; what is already set wins.

# Production settings (DEBUG off) unless ./serve --dev.
export DJANGO_DEBUG=${DJANGO_DEBUG:-false}
# A random key for this installation, made once; production sets DJANGO_SECRET_KEY itself.
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  mkdir -p var
  [ -s var/secret_key ] || (umask 077 && .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))' > var/secret_key)
  DJANGO_SECRET_KEY=$(cat var/secret_key)
  export DJANGO_SECRET_KEY
fi
# Plain HTTP on the loopback: no redirect to HTTPS, cookies not limited to HTTPS, no HSTS.
# Behind a TLS proxy, set these to true (and DJANGO_BEHIND_PROXY) as the README says.
export DJANGO_SSL_REDIRECT=${DJANGO_SSL_REDIRECT:-false}
export DJANGO_SECURE_COOKIES=${DJANGO_SECURE_COOKIES:-false}
export DJANGO_HSTS_SECONDS=${DJANGO_HSTS_SECONDS:-0}
# Passkeys over plain http://127.0.0.1, which browsers allow on the loopback.
export MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN=${MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN:-true}
# Uploaded logos and photos from var/media, with no proxy in front (README: SERVE_MEDIA).
export SERVE_MEDIA=${SERVE_MEDIA:-true}
# The demo installation: no second factor required (the start page says so).
export MFA_REQUIRED_ROLES=${MFA_REQUIRED_ROLES-}
# Sent mail (password resets, e-mail changes) is written to files, one per message.
export EMAIL_BACKEND=${EMAIL_BACKEND:-django.core.mail.backends.filebased.EmailBackend}
export EMAIL_FILE_PATH=${EMAIL_FILE_PATH:-$PWD/var/mail}
mkdir -p "$EMAIL_FILE_PATH"
