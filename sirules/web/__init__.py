"""The web service (``sirules serve``): the applicant's pages, the officer's desk and the JSON API.

Floor 6. Import its modules directly (``from sirules.web import app``); this package file imports
nothing. It may import every package on floors 1-5 (and Starlette, uvicorn, Jinja2, itsdangerous
and python-multipart, the ``web`` extra, inside the functions that use them). It holds no money
and no rule logic of its own: checks go through the compiled guideline as ``sirules check`` does,
the register's reads and writes through the same functions ``sirules fund`` calls.

The modules: :mod:`.catalogue` (the guidelines served, by id), :mod:`.checking` (one check
request to the JSON ``sirules check --format json`` writes), :mod:`.problems` (errors as
``application/problem+json``), :mod:`.api` and :mod:`.openapi` (``/api/v1/``), :mod:`.describe`
(a guideline as data), :mod:`.formdata` (the HTML form to an application and back, TOML),
:mod:`.pages` (the applicant's pages), :mod:`.templating` (Jinja2 with autoescape and ``tr``),
:mod:`.app` (the Starlette application).
"""
