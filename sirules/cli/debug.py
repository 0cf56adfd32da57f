"""sirules debug: dump a stage of the pipeline."""

from __future__ import annotations





def register(sub) -> None:
    d = sub.add_parser("debug", help="dump a stage of the pipeline (for developers)")
    d.add_argument("stage", choices=("tree", "nodes", "model", "code"))
    d.add_argument("guideline")
    d.set_defaults(run=run)


def run(args) -> int:
    from ..engine import pipeline
    source = pipeline.read_source(args.guideline)
    if args.stage == "tree":
        from ..language import build, syntax
        build.from_source(source, syntax.detect_language(source.text))     # a limit stops it before lark
        print(syntax.parse(source)[0].pretty())
    elif args.stage == "nodes":
        print(pipeline.parse(source))
    elif args.stage == "model":
        print(pipeline.analyse(source))
    else:
        print(pipeline.compile_source(source)[1])
    return 0
