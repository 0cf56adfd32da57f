"""argparse's own words, marked so that they are in the catalogue (never imported).

``sirules --help`` in a Swedish locale has argparse read them from sirules' catalogue
(``cli.main.build_parser`` binds gettext's text domain to it): its usage line, headings and
usage errors are then Swedish too.
"""

from ..language.i18n import mark

WORDS = (
    mark("usage: "),
    mark("positional arguments"),
    mark("options"),
    mark("show this help message and exit"),
    mark("argument %(argument_name)s: %(message)s"),
    mark("unrecognized arguments: %s"),
    mark("not allowed with argument %s"),
    mark("the following arguments are required: %s"),
    mark("one of the arguments %s is required"),
    mark("expected one argument"),
    mark("expected at most one argument"),
    mark("expected at least one argument"),
    mark("ambiguous option: %(option)s could match %(matches)s"),
    mark("invalid %(type)s value: %(value)r"),
    mark("invalid choice: %(value)r (choose from %(choices)s)"),
    mark("can't open '%(filename)s': %(error)s"),
)
