"""`minionc run --inputs --out --ray ADDRESS`: the batch on Ray actors
(minionc/ray_batch.py), with the same OUT file, resume, budgets and summary as a
batch on this machine."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .common import EXIT_INTERRUPTED, CliError, model_binding

if TYPE_CHECKING:
    from minionc.compiler.plan import Plan


def run_batch_on_ray(
    args: argparse.Namespace, plan: Plan, batch: Any, stdout: TextIO, stderr: TextIO
) -> int:
    from minionc.batch import (
        BatchError,
        ResultWriter,
        batch_settings,
        open_results,
        pending,
    )
    from minionc.batch_tally import BatchTally
    from minionc.compiler.plan_io import dump_plan
    from minionc.ray_batch import ActorSetup, ModelIdentity, RayBatchError, connect, run_on_ray
    from minionc.runtime.usage import Usage

    from .run import finish_batch

    items, state, shared, budget = batch
    out = Path(args.out)
    binding = model_binding(plan, args)
    for line in binding.lines():
        stderr.write(f"minionc: model: {line} (on each Ray actor)\n")
    setup = ActorSetup(
        plan_json=dump_plan(plan),
        binding=binding,
        cache_dir=args.cache_dir,
        use_cache=not args.no_cache,
        n_gpu_layers=getattr(args, "gpu_layers", 0),
    )
    tally = BatchTally(budget)
    writer: ResultWriter | None = None
    todo: list[Any] = []

    def settings_for(identities: Any) -> dict[str, str]:
        local = ModelIdentity(identities["local"]) if identities["local"] else None
        remote = ModelIdentity(identities["remote"]) if identities["remote"] else None
        roles = {role: ModelIdentity(i) for role, i in identities["roles"].items()}
        return batch_settings(plan, shared, local, remote, roles)

    def ready(settings: dict[str, str]) -> list[Any]:
        nonlocal writer
        # The models, as the actors loaded them.
        writer = open_results(out, state, settings, redo_failed=args.redo_failed)
        todo.extend(pending(items, state))
        done = len(items) - len(todo)
        if done:
            stderr.write(f"minionc: {done} of {len(items)} inputs already done in {out}\n")
        return todo

    def on_record(record: dict[str, Any]) -> None:
        assert writer is not None
        writer.write(record)
        tally.add(record, Usage.from_json(record.get("usage") or {}))

    def on_actor_lost(line: int, why: str) -> None:
        stderr.write(
            f"minionc: a Ray actor died running input line {line} ({why}); it runs again\n"
        )

    try:
        ray = connect(args.ray)
    except RayBatchError as error:
        raise CliError(str(error)) from None
    try:
        run_on_ray(
            ray,
            setup,
            workers=args.workers,
            actor_cpus=args.ray_actor_cpus,
            inputs_per_actor=args.ray_actor_inputs,
            settings_for=settings_for,
            ready=ready,
            on_record=on_record,
            may_start=tally.may_start,
            on_actor_lost=on_actor_lost,
        )
    except (RayBatchError, BatchError) as error:
        raise CliError(str(error)) from None
    except KeyboardInterrupt:
        stderr.write(
            f"minionc: interrupted: {len(items) - len(todo) + tally.ran} of {len(items)} "
            f"inputs are saved in {out}; run the same command again to continue\n"
        )
        return EXIT_INTERRUPTED
    finally:
        if writer is not None:
            writer.close()
        ray.shutdown()
    skipped = len(items) - len(todo)
    return finish_batch(args, items, skipped, tally, stdout, stderr)
