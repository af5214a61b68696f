"""The ``consult`` command: run, check and draft consultation analyses.

    consult init EXPORT --id ID     draft consultations/ID.yaml from an export
    consult check CONFIG            validate a config against its data, listing every problem,
                                    then what to look at before publishing
    consult run CONFIG              run the stage notebooks and write reports/<id>/

A mistake in the input (a bad file, a config error) prints one ``consult: error: ...`` line and
exits with status 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from consult import __version__, pipeline
from consult.core import config
from consult.core.errors import ConsultError
from consult.core.files import write_text


def _run(args: argparse.Namespace) -> int:
    pipeline.run(args.config, only=args.only, start=args.start, force=args.force)
    return 0


def _check(args: argparse.Namespace) -> int:
    from consult.clean import stage as clean
    from consult.core.equality import read_population
    from consult.init.wording import drafted_values
    from consult.report import prepublish

    cfg = config.load(args.config)
    result, problems = clean.preview(cfg)
    problems = [*problems, *read_population(cfg)[1]]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.config}", file=sys.stderr)
        return 1
    print(f"{args.config}: OK ({len(cfg.questions)} questions, {len(cfg.inputs)} input file(s))")
    for line in result.filtered() if result else []:
        print(f"  {line}")
    notes = drafted_values(cfg, cfg.input_paths) + [str(item) for item in prepublish.before_publishing(cfg)]
    if notes:
        print(f"Worth a look before publishing ({len(notes)}; not errors):")
        for note in notes:
            print(f"  - {note}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from consult.init import draft

    target = Path(args.output or Path("consultations") / f"{args.id}.yaml")
    if target.exists() and not args.force:
        raise ConsultError(f"{target} already exists; choose another --id or --output, or pass --force")
    if args.previous:
        from consult.themes import carry as cycles

        write_text(target, cycles.next_config(config.load(args.previous), args.id, [args.export]))
        print(f"Wrote {target}: the settings of {args.previous} for the new export {args.export}, "
              "with last cycle's reviewed themes (if any) carried as its codebook.")
        return 0
    result = draft.draft_config(Path(args.export), args.id, args.sheet)
    print(result.decisions.to_string(index=False))
    for note in result.notes:
        print(f"Note: {note}")
    write_text(target, result.yaml)
    print(f"\nWrote {target}. It runs as drafted (consult run {target}); consult check {target} lists "
          "what to read before publishing.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help text for every command and option."""
    parser = argparse.ArgumentParser(
        prog="consult", description="Analyse a public-consultation export: clean, agreement, themes, report.")
    parser.add_argument("--version", action="version", version=f"consult {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the analysis notebooks and write reports/<id>/",
                              description="Run the stage notebooks in order (clean, agreement, themes, "
                                          "report) through papermill and write reports/<id>/.")
    run.add_argument("config", help="the consultation config, e.g. consultations/example.yaml")
    stage_names = [s.name for s in pipeline.STAGES]
    run.add_argument("--only", nargs="+", metavar="STAGE", help=f"run only these stages ({', '.join(stage_names)})")
    run.add_argument("--from", dest="start", metavar="STAGE", help="run from this stage onwards")
    run.add_argument("--force", action="store_true",
                     help="rerun every chosen stage even if its inputs, settings and code are unchanged")
    run.set_defaults(handler=_run)

    check = commands.add_parser("check", help="validate a config against its data, listing every problem",
                                description="Validate a config and its data, reporting every problem at once; "
                                            "then list what to look at before publishing (catch-all themes, "
                                            "labels as the model wrote them, placeholder text, reviewers' notes, "
                                            "stale review decisions, suppressed cells).")
    check.add_argument("config", help="the consultation config to check")
    check.set_defaults(handler=_check)

    init = commands.add_parser("init", help="draft a config from an export",
                               description="Read an export (CSV or XLSX), classify its columns and write a "
                                           "draft consultations/<id>.yaml for you to edit.")
    init.add_argument("export", help="the export file as received (CSV or XLSX)")
    init.add_argument("--id", required=True, help="an id for the consultation (letters, digits, _)")
    init.add_argument("--sheet", help="the XLSX sheet holding the responses (default the sheet with the most filled cells)")
    init.add_argument("--output", help="where to write the draft (default consultations/<id>.yaml)")
    init.add_argument("--force", action="store_true", help="overwrite an existing config")
    init.add_argument("--from", dest="previous", metavar="LAST_CONFIG",
                      help="start from last cycle's config: its settings, and its reviewed themes as a codebook")
    init.set_defaults(handler=_init)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``consult`` command; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except ConsultError as error:
        lines = str(error).splitlines() or [type(error).__name__]
        for line in lines:
            print(f"consult: error: {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        # the stage's kernel has been interrupted and shut down and its workers stopped; the notebook client's
        # unfinished cell task would be reported at exit by asyncio's logger, a page of the cell's traceback
        logging.getLogger("asyncio").setLevel(logging.CRITICAL)
        print("consult: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
