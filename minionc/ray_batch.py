"""Batches on a Ray cluster: `minionc run --inputs IN --out OUT --ray ADDRESS --workers N`.

Ray Core actors rather than Ray Data: the unit of work is one input of a stateful
runner (a loaded local model, a warm KV cache, an open remote client), which is
what an actor is; Ray Data's blocks and autoscaled map tasks would reload models
and reorder results, for nothing a batch of a few thousand inputs needs.

Each `BatchActor` holds one Runtime with its own models, set up on its node from
the same binding the driver printed (the local model loads once per actor; put one
actor per machine, or per GPU, with `--ray-actor-cpus`). The driver hands inputs
out one at a time from a queue (inputs differ in cost: a fixed shard would leave
actors idle), writes each record to the one OUT file as it arrives, through the
batch's own writer, so resume works as for a local batch. When an actor dies
mid-input (a killed process, a lost node), its input goes back to the front of the
queue and a new actor takes its place: only finished inputs are written, and only
by the driver, so no result is lost or written twice. Calls the dead actor had
finished are in the call cache when actors share it (one machine, or a shared
filesystem) and run again otherwise.
"""

from __future__ import annotations

import collections
import contextlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from minionc.batch import BatchItem, record_for

# An actor that dies this many times more than there are workers means something
# is wrong with every actor (the model does not fit the node), not one bad node.
EXTRA_ACTOR_STARTS = 3


class RayBatchError(Exception):
    """The batch cannot run on Ray; the message says what to do."""


@dataclass(frozen=True)
class ActorSetup:
    """What each actor needs to build its Runtime: plain data, shipped by Ray."""

    plan_json: str
    binding: Any  # minionc.binding.Binding
    cache_dir: str | None
    use_cache: bool
    n_gpu_layers: int = 0


def _actor_class(ray: Any, cpus: float, inputs_per_actor: int) -> Any:
    # An async actor: its inputs run on one event loop, as `--workers` runs them in
    # one process (remote waits overlap, local steps take turns on its model).
    @ray.remote(num_cpus=cpus, max_restarts=0, max_task_retries=0, max_concurrency=inputs_per_actor)
    class BatchActor:
        def __init__(self, setup: ActorSetup) -> None:
            from minionc.binding import open_backends
            from minionc.compiler.plan_io import parse_plan
            from minionc.runtime.cache import CallCache
            from minionc.runtime.executor import Runtime

            self.plan = parse_plan(setup.plan_json)
            self.backends = open_backends(setup.binding, n_gpu_layers=setup.n_gpu_layers)
            cache = CallCache(setup.cache_dir) if setup.cache_dir else None
            self.runtime = Runtime(
                local=self.backends.local,
                remote=self.backends.remote,
                roles=self.backends.roles,
                cache=cache,
                use_cache=setup.use_cache,
            )

        def identities(self) -> dict[str, Any]:
            roles = {role: b.identity for role, b in sorted(self.backends.roles.items())}
            return {
                "local": getattr(self.backends.local, "identity", None),
                "remote": getattr(self.backends.remote, "identity", None),
                "roles": roles,
                "pid": os.getpid(),
            }

        async def run(
            self,
            line: int,
            inputs: dict[str, Any],
            carried: dict[str, Any],
            digest: str,
            settings: dict[str, str],
        ) -> dict[str, Any]:
            from minionc.runtime.results import RunError

            item = BatchItem(line, inputs, carried, digest)
            try:
                result = await self.runtime.arun(self.plan, **inputs)
            except RunError as error:
                failed = {"value": None, "ok": False, "error": str(error)}
                return record_for(item, failed, settings)
            return record_for(item, result.to_json(), settings)

        def close(self) -> None:
            self.runtime.close()
            self.backends.close()

    return BatchActor


class ModelIdentity:
    """A model as the batch settings know it: its identity, as an actor reported it."""

    def __init__(self, identity: str) -> None:
        self.identity = identity


def connect(address: str) -> Any:
    """`ray.init` for `--ray`: ADDRESS (host:port of a running cluster's head),
    `auto` (the cluster this machine belongs to, as `ray start` left it), or
    `local` (a private Ray on this machine, stopped at the end)."""
    try:
        import ray
    except ImportError:
        raise RayBatchError(
            "--ray needs Ray: install the `ray` extra (`pip install 'minionc[ray]'`; "
            "scripts/setup.sh installs it)"
        ) from None
    try:
        if address == "local":
            ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as error:
        raise RayBatchError(
            f"--ray {address}: cannot connect to a Ray cluster ({error}); start one with "
            "`ray start --head` and give its address, or use --ray local"
        ) from None
    return ray


def run_on_ray(
    ray: Any,
    setup: ActorSetup,
    *,
    workers: int,
    actor_cpus: float,
    inputs_per_actor: int = 1,
    settings_for: Callable[[Mapping[str, Any]], dict[str, str]],
    ready: Callable[[dict[str, str]], list[BatchItem]],
    on_record: Callable[[dict[str, Any]], None],
    may_start: Callable[[], bool] = lambda: True,
    on_actor_lost: Callable[[int, str], None] = lambda line, why: None,
) -> None:
    """Run a batch on `workers` actors, each running up to `inputs_per_actor` inputs
    at once. `settings_for(identities)` makes the batch
    settings from the models' identities as the actors report them; `ready(settings)`
    checks OUT against them and returns the inputs still to run; `on_record` hears
    each finished input's record; `on_actor_lost(line, why)` each input put back."""
    if inputs_per_actor < 1:
        raise ValueError("inputs_per_actor must be at least 1")
    actor_class = _actor_class(ray, actor_cpus, inputs_per_actor)
    exceptions = ray.exceptions

    def start_actor() -> Any:
        return actor_class.remote(setup)

    actors = [start_actor() for _ in range(max(1, workers))]
    starts = len(actors)
    try:
        try:
            identities = ray.get([actor.identities.remote() for actor in actors])
        except exceptions.RayActorError as error:
            raise RayBatchError(
                f"a Ray actor could not set up its models: {_cause(error)}"
            ) from None
        first = {k: v for k, v in identities[0].items() if k != "pid"}
        for other in identities[1:]:
            if {k: v for k, v in other.items() if k != "pid"} != first:
                raise RayBatchError(
                    "the Ray actors loaded different models (their identities differ): "
                    "give every node the same model files"
                )
        settings = settings_for(first)
        queue = collections.deque(ready(settings))
        in_flight: dict[Any, tuple[Any, BatchItem]] = {}
        idle = [actor for actor in actors for _ in range(inputs_per_actor)]  # free slots
        stopping = False
        while queue or in_flight:
            while idle and queue and not stopping:
                if not may_start():
                    stopping = True
                    break
                actor, item = idle.pop(), queue.popleft()
                reference = actor.run.remote(
                    item.line, item.inputs, item.carried, item.digest, settings
                )
                in_flight[reference] = (actor, item)
            if not in_flight:
                break
            done, _ = ray.wait(list(in_flight), num_returns=1)
            for reference in done:
                actor, item = in_flight.pop(reference)
                try:
                    record = ray.get(reference)
                except exceptions.RayActorError as error:
                    on_actor_lost(item.line, _cause(error))
                    queue.appendleft(item)  # it runs again, on another actor
                    if actor not in actors:  # replaced already (it held several inputs)
                        continue
                    actors.remove(actor)
                    idle = [free for free in idle if free is not actor]
                    if starts >= workers + EXTRA_ACTOR_STARTS:
                        raise RayBatchError(
                            f"Ray actors died {starts - workers + 1} times ({_cause(error)}); "
                            "see the Ray logs (`ray logs`); the finished inputs are saved"
                        ) from None
                    actor = start_actor()
                    starts += 1
                    actors.append(actor)
                    idle.extend([actor] * inputs_per_actor)
                    continue
                on_record(record)
                idle.append(actor)
    finally:
        # Close first (a loopback model server an actor started stops with it), then kill.
        closing = [actor.close.remote() for actor in actors]
        try:
            ray.wait(closing, num_returns=len(closing), timeout=60)
        finally:
            for actor in actors:
                with contextlib.suppress(Exception):  # an actor already gone
                    ray.kill(actor)


def _cause(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[-1] if text else type(error).__name__
