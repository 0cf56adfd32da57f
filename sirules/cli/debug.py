"""sirules debug: dump a stage of the pipeline."""

from __future__ import annotations

from ..language.i18n import mark





def register(sub) -> None:
    d = sub.add_parser("debug", help=mark("dump a stage of the pipeline (for developers)"))
    d.add_argument("stage", choices=("tree", "nodes", "model", "code"))
    d.add_argument("guideline")
    d.set_defaults(run=run)


def run(args) -> int:
    from ..engine import pipeline
    from ..language.printable import printable
    source = pipeline.read_source(args.guideline)
    if args.stage == "tree":
        from ..language import build, syntax
        build.from_source(source, syntax.detect_language(source.text))     # a limit stops it before lark
        print(printable(str(syntax.parse(source)[0].pretty()), keep="\n\t"))
    elif args.stage == "nodes":
        print(printable(str(pipeline.parse(source)), keep="\n\t"))
    elif args.stage == "model":
        print(printable(str(pipeline.analyse(source)), keep="\n\t"))
    else:
        print(printable(str(pipeline.compile_source(source)[1]), keep="\n\t"))
    return 0
