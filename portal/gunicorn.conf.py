"""gunicorn's settings for Lectern: `make run` and the tests' servers start it with `-c portal/gunicorn.conf.py`.

Command-line options (--bind, --workers) still apply on top. The logs go to standard
output, one line per request, for a person or the service manager's journal:

    127.0.0.1 "GET /?q=diffusion HTTP/1.1" 200 48211 B 83 ms "Mozilla/5.0 …"

(client, request, status, bytes sent, time taken, user agent). Errors and tracebacks
come from Django's own logging (portal/settings.py LOGGING) on standard error.
"""

accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s B %(M)s ms "%(a)s"'
logger_class = "portal.logs.AccessLogger"
