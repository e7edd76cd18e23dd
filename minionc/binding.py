"""Which model each role of a program runs on, and why: one precedence order for
every command (`run`, `optimize`, `explain`).

A role's model is chosen by the first of these that names one:

1. the command line: `--model ROLE=SPEC` for one role, then `--local SPEC` /
   `--remote SPEC` for every role of that tier;
2. the environment: `MINIONC_LOCAL`, `MINIONC_REMOTE` (with `MINIONC_LOCAL_API_BASE`,
   `MINIONC_REMOTE_API_BASE`, `MINIONC_REMOTE_API_KEY_ENV`);
3. the config file (`--config FILE`, `$MINIONC_CONFIG`, else `minionc.toml` or the
   `[tool.minionc]` table of `pyproject.toml` in the current directory):
   `[roles.ROLE]`, then `[local]` / `[remote]`;
4. the program: `models { supervisor = remote "openai/gpt-4o" }`;
5. the defaults: the embedded models (`minionc models`).

The other settings of a role (timeout, retries, concurrency, fallback, trusted)
follow the same order, each on its own; an `api_base` goes with the model it was
given for, and one in a table that names no model serves the model the config
file or the program names for the role. Nothing is ever chosen because a provider's key lies in the
environment: a paid provider runs only when one of the above names it.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from minionc.compiler.diagnostics import did_you_mean
from minionc.compiler.plan import ModelRole, Placement, Plan, llm_calls

TIERS = ("local", "remote")
# What a config table may set, and each key's type.
_KEYS: dict[str, type | tuple[type, ...]] = {
    "model": str,
    "api_base": str,
    "timeout": (int, float),
    "retries": int,
    "concurrency": int,
    "fallback": str,
    "trusted": bool,
}


class BindingError(Exception):
    """A model choice that cannot be made; the message says what to do."""


@dataclass(frozen=True)
class ModelSettings:
    """How one role is served. `spec` is what `--local`/`--remote` take; `trusted`
    vouches for a local tier served from another machine (private data goes there)."""

    spec: str
    api_base: str | None = None
    timeout: float | None = None
    retries: int | None = None
    concurrency: int | None = None
    fallback: str | None = None
    trusted: bool = False


@dataclass(frozen=True)
class Choice:
    settings: ModelSettings
    source: str  # where the model came from, for a person


@dataclass(frozen=True)
class Binding:
    """The tiers' models (for @local, @remote and @auto) and each role's."""

    tiers: dict[str, Choice]
    roles: dict[str, tuple[str, Choice]]  # role -> (its tier, its choice)

    def lines(self) -> list[str]:
        """`supervisor -> openai/gpt-4o (remote; the program's models block)`."""
        out = []
        for role, (tier, choice) in self.roles.items():
            out.append(f"{role} -> {_shown(choice.settings)} ({tier}; {choice.source})")
        for tier in TIERS:
            choice = self.tiers[tier]
            out.append(f"@{tier} -> {_shown(choice.settings)} ({choice.source})")
        return out

    def model_for(self, placement: Placement) -> tuple[str, Choice, str | None]:
        """The model a call with `placement` runs on: (its tier, the choice, the
        role whose own model it is, or None for the tier's). As a run places it:
        `Runtime.backend_for` on the backends `open_backends` opens (a role
        whose settings are its tier's shares the tier's backend, and an
        unplaced @auto call goes remote if it may)."""
        tier = placement.tier
        if tier == "auto":
            tier = "remote" if "remote" in placement.allowed else "local"
        role = self.roles.get(placement.target)
        if role is not None:
            role_tier, choice = role
            if choice.settings != self.tiers[role_tier].settings:
                return role_tier, choice, placement.target
        return tier, self.tiers[tier], None

    def tiers_called(self, plan: Plan) -> frozenset[str]:
        """The tiers `plan`'s model calls run on, as a run places them."""
        return frozenset(self.model_for(call.placement)[0] for call in llm_calls(plan.steps))

    def to_json(self) -> dict[str, Any]:
        def one(tier: str, choice: Choice) -> dict[str, Any]:
            settings = {f.name: getattr(choice.settings, f.name) for f in fields(ModelSettings)}
            return {"tier": tier, **settings, "source": choice.source}

        return {
            "roles": {role: one(tier, choice) for role, (tier, choice) in self.roles.items()},
            "tiers": {tier: one(tier, choice) for tier, choice in self.tiers.items()},
        }


def _shown(settings: ModelSettings) -> str:
    text = settings.spec
    if settings.api_base:
        text += f" at {settings.api_base}"
    if settings.fallback:
        text += f", falling back to {settings.fallback}"
    return text


@dataclass(frozen=True)
class CommandLine:
    """The model options of a command."""

    local: str | None = None
    remote: str | None = None
    api_base: str | None = None  # the remote tier's
    local_api_base: str | None = None
    trust_local_endpoint: bool = False
    roles: dict[str, str] = field(default_factory=dict)  # --model ROLE=SPEC


@dataclass(frozen=True)
class Config:
    """A config file's model settings: per tier and per role, raw tables."""

    path: Path | None = None
    tiers: dict[str, dict[str, Any]] = field(default_factory=dict)
    roles: dict[str, dict[str, Any]] = field(default_factory=dict)


def load_config(
    explicit: str | Path | None = None,
    *,
    cwd: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """The config file: `explicit`, else `$MINIONC_CONFIG`, else `minionc.toml` or
    `pyproject.toml` (its `[tool.minionc]`) in `cwd`. None of them: an empty one."""
    env = os.environ if environ is None else environ
    here = cwd or Path.cwd()
    path: Path | None = None
    table: dict[str, Any] = {}
    named = explicit or env.get("MINIONC_CONFIG")
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise BindingError(f"config file {path} does not exist")
        data = _read_toml(path)
        table = data.get("tool", {}).get("minionc", {}) if path.name == "pyproject.toml" else data
    elif (here / "minionc.toml").is_file():
        path = here / "minionc.toml"
        table = _read_toml(path)
    elif (here / "pyproject.toml").is_file():
        data = _read_toml(here / "pyproject.toml")
        if isinstance(data.get("tool"), dict) and "minionc" in data["tool"]:
            path = here / "pyproject.toml"
            table = data["tool"]["minionc"]
    if path is None:
        return Config()
    return _parse_config(path, table)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise BindingError(f"cannot read the config file {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise BindingError(f"{path} is not valid TOML: {error}") from None


def _parse_config(path: Path, table: Any) -> Config:
    where = f"{path}"
    if not isinstance(table, dict):
        raise BindingError(f"{where}: the minionc settings must be a table")
    unknown = sorted(set(table) - {"local", "remote", "roles"})
    if unknown:
        hint = did_you_mean(unknown[0], ["local", "remote", "roles"])
        raise BindingError(
            f"{where}: unknown table [{unknown[0]}]"
            + (f" ({hint})" if hint else "")
            + "; the tables are [local], [remote] and [roles.NAME]"
        )
    tiers = {tier: _settings_table(where, tier, table[tier]) for tier in TIERS if tier in table}
    roles_table = table.get("roles", {})
    if not isinstance(roles_table, dict):
        raise BindingError(f"{where}: [roles] holds one table per role, [roles.NAME]")
    roles = {
        role: _settings_table(where, f"roles.{role}", value) for role, value in roles_table.items()
    }
    return Config(path, tiers, roles)


def _settings_table(where: str, name: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BindingError(f"{where}: [{name}] must be a table of settings")
    for key, item in value.items():
        expected = _KEYS.get(key)
        if expected is None:
            hint = did_you_mean(key, _KEYS)
            raise BindingError(
                f"{where}: [{name}] has an unknown setting {key!r}"
                + (f" ({hint})" if hint else "")
                + f"; the settings are {', '.join(_KEYS)}"
            )
        if isinstance(item, bool) != (expected is bool) or not isinstance(item, expected):
            raise BindingError(f"{where}: [{name}] {key} has the wrong type ({item!r})")
    return dict(value)


def resolve(
    roles: Mapping[str, ModelRole],
    *,
    command_line: CommandLine | None = None,
    environ: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> Binding:
    """The model of every role of `roles` (a plan's models block) and of each tier."""
    cli = command_line or CommandLine()
    env = os.environ if environ is None else environ
    cfg = config or Config()
    unknown = sorted(set(cli.roles) - set(roles))
    if unknown:
        hint = did_you_mean(unknown[0], roles)
        raise BindingError(
            f"--model {unknown[0]}=...: the program has no role {unknown[0]!r}"
            + (f" ({hint})" if hint else "")
            + f"; its roles are {', '.join(roles) or 'none'}"
        )
    tiers = {tier: _choose(tier, None, None, cli, env, cfg) for tier in TIERS}
    chosen: dict[str, tuple[str, Choice]] = {}
    for role, declared in roles.items():
        chosen[role] = (declared.tier, _choose(declared.tier, role, declared.model, cli, env, cfg))
    return Binding(tiers, chosen)


def _choose(
    tier: str,
    role: str | None,
    program_model: str | None,
    cli: CommandLine,
    env: Mapping[str, str],
    cfg: Config,
) -> Choice:
    """One role's (or, with `role` None, one tier's) settings, by precedence."""
    config_where = f"the config file {cfg.path}" if cfg.path else "the config file"
    # Candidates for the model, highest first: (source, spec, api_base, table)
    candidates: list[tuple[str, str | None, str | None, dict[str, Any]]] = []
    if role is not None:
        candidates.append((f"--model {role}=", cli.roles.get(role), None, {}))
    tier_flag = cli.local if tier == "local" else cli.remote
    tier_base = cli.local_api_base if tier == "local" else cli.api_base
    candidates.append((f"--{tier}", tier_flag, tier_base, {}))
    env_name = f"MINIONC_{tier.upper()}"
    candidates.append(
        (f"${env_name}", env.get(env_name) or None, env.get(f"{env_name}_API_BASE") or None, {})
    )
    role_table = cfg.roles.get(role, {}) if role is not None else {}
    tier_table = cfg.tiers.get(tier, {})
    where = "roles." + role if role is not None else tier
    candidates.append((f"{config_where} [{where}]", role_table.get("model"), None, role_table))
    candidates.append((f"{config_where} [{tier}]", tier_table.get("model"), None, tier_table))
    if role is not None:
        candidates.append(("the program's models block", program_model, None, {}))
    source, spec, api_base = "the default", "", None
    for name, candidate, base, table in candidates:
        if candidate:
            source, spec = name.removesuffix("="), candidate
            api_base = base if base else table.get("api_base")
            break
    if source == "the default":
        from minionc.runtime.embedded import DEFAULT_LOCAL, DEFAULT_REMOTE

        spec = f"embedded:{DEFAULT_LOCAL if tier == 'local' else DEFAULT_REMOTE}"
    elif source.startswith("--model"):
        source = f"--model {role}={spec}"
    from_file_or_program = source.startswith(config_where) or source.startswith("the program")
    if api_base is None and from_file_or_program and not _embedded(spec):
        # An endpoint set on its own (in a table that names no model) serves the
        # model the file or the program names; the command line and the
        # environment give theirs with the model.
        for table in (role_table, tier_table):
            if "api_base" in table and "model" not in table:
                api_base = table["api_base"]
                break
    settings = ModelSettings(spec=spec, api_base=api_base)
    # The other settings, each by the same order (the command line and the
    # environment set only a model, an endpoint and trust).
    for key in ("timeout", "retries", "concurrency", "fallback", "trusted"):
        for table in (role_table, tier_table):
            if key in table:
                settings = replace(settings, **{key: table[key]})
                break
    if tier == "local" and cli.trust_local_endpoint:
        settings = replace(settings, trusted=True)
    return Choice(settings, source)


@dataclass
class Backends:
    """The backends a binding opened: the tiers', and each role's that differs
    from its tier's. `close()` closes each once."""

    local: Any
    remote: Any
    roles: dict[str, Any]
    opened: list[Any]

    def close(self) -> None:
        for backend in self.opened:
            backend.close()

    def identity(self) -> str:
        return models_identity(self.local, self.remote, self.roles)


def models_identity(local: Any, remote: Any, roles: Mapping[str, Any]) -> str:
    """The models a run or a search used, by identity (content hashes and
    endpoints, not names): outcomes measured on one pair never stand for another's."""
    names = [b.identity if b is not None else "-" for b in (local, remote)]
    names += [f"{role}={b.identity}" for role, b in sorted(roles.items())]
    return ",".join(names)


def open_backends(
    binding: Binding,
    *,
    n_gpu_layers: int = 0,
    cache_dir: Path | None = None,
    tiers_called: frozenset[str] | None = None,
) -> Backends:
    """One backend per distinct choice (roles that share a model share it).
    With `tiers_called` (a plan's, `Binding.tiers_called`), a local tier no call
    runs on opens a GGUF's vocabulary only: a run still counts tokens with it (to
    split text) but loads no weights and no context. Raises RuntimeSetupError
    (from the runtime) when one cannot be set up; the ones already opened are
    closed."""
    from minionc.runtime.models import (
        FallbackBackend,
        default_local_backend,
        default_remote_backend,
    )

    # Keyed by vocab_only too: a role with settings of its own (so its calls do
    # not run on the tier's backend) may name the model of a vocabulary-only
    # local tier, and it needs the weights.
    made: dict[tuple[str, ModelSettings, bool], Any] = {}
    opened: list[Any] = []

    def build(tier: str, settings: ModelSettings, *, vocab_only: bool = False) -> Any:
        key = (tier, settings, vocab_only)
        if key in made:
            return made[key]
        if tier == "local":
            backend = default_local_backend(
                settings.spec,
                cache_dir=cache_dir,
                n_gpu_layers=n_gpu_layers,
                api_base=settings.api_base,
                trusted=settings.trusted,
                timeout=settings.timeout,
                retries=settings.retries,
                vocab_only=vocab_only,
            )
        else:
            backend = default_remote_backend(
                settings.spec,
                api_base=settings.api_base,
                cache_dir=cache_dir,
                timeout=settings.timeout,
                retries=settings.retries,
            )
        opened.append(backend)
        if settings.concurrency is not None and hasattr(backend, "max_concurrency"):
            backend.max_concurrency = settings.concurrency
        if settings.fallback:
            stand_in = build(
                tier,
                ModelSettings(spec=settings.fallback, trusted=settings.trusted),
                vocab_only=vocab_only,
            )
            backend = FallbackBackend(backend, stand_in)
        made[key] = backend
        return backend

    try:
        # Opened before the roles: a role sharing the local tier's settings shares
        # this backend, and only calls on the local tier would use its weights.
        local = build(
            "local",
            binding.tiers["local"].settings,
            vocab_only=tiers_called is not None and "local" not in tiers_called,
        )
        remote = build("remote", binding.tiers["remote"].settings)
        roles: dict[str, Any] = {}
        for role, (tier, choice) in binding.roles.items():
            if choice.settings == binding.tiers[tier].settings:
                continue  # its calls run on the tier's backend (`Binding.model_for`)
            roles[role] = build(tier, choice.settings)
    except BaseException:
        for backend in opened:
            backend.close()
        raise
    return Backends(local, remote, roles, opened)


def add_model_options(parser: Any, *, gpu: bool = True) -> None:
    """The model options every command that runs (or explains) a plan takes."""
    group = parser.add_argument_group(
        "models",
        "Which model each role runs on: --model for one role, --local/--remote for every "
        "role of a tier; else $MINIONC_LOCAL/$MINIONC_REMOTE, the config file, the "
        "program's models block, the embedded defaults (`minionc models`). A key in the "
        "environment never chooses a provider.",
    )
    group.add_argument(
        "--local",
        metavar="SPEC",
        help="the local model: embedded:NAME, a .gguf file, an MLX directory (or mlx:DIR, "
        "`mlx`), or a server you run: ollama/NAME, openai/NAME with --local-api-base",
    )
    group.add_argument(
        "--remote",
        metavar="SPEC",
        help="the remote model: a LiteLLM model string (openai/gpt-4o-mini, ...), "
        "embedded:NAME or a .gguf file (behind a loopback server)",
    )
    group.add_argument(
        "--model",
        metavar="ROLE=SPEC",
        action="append",
        default=[],
        help="the model of one role of the program's models block (repeat it)",
    )
    group.add_argument("--api-base", metavar="URL", help="the remote provider's base URL")
    group.add_argument(
        "--local-api-base", metavar="URL", help="the base URL of the local model's server"
    )
    group.add_argument(
        "--trust-local-endpoint",
        action="store_true",
        help="the local model's server is yours even though it is not on this machine "
        "(private data goes there)",
    )
    group.add_argument(
        "--config",
        metavar="FILE",
        help="a config file (default: $MINIONC_CONFIG, ./minionc.toml, or [tool.minionc] "
        "in ./pyproject.toml)",
    )
    if gpu:
        group.add_argument(
            "--gpu-layers",
            metavar="N",
            type=int,
            default=0,
            help="layers of a llama.cpp model to offload to the GPU (-1: all; needs a GPU build)",
        )


def binding_from_args(roles: Mapping[str, ModelRole], args: Any) -> Binding:
    """The binding for a command's parsed model options (BindingError if wrong)."""
    chosen: dict[str, str] = {}
    for item in getattr(args, "model", None) or []:
        role, sep, spec = item.partition("=")
        if not sep or not role.strip() or not spec.strip():
            raise BindingError(f"--model {item!r}: write ROLE=SPEC (e.g. supervisor=openai/gpt-4o)")
        chosen[role.strip()] = spec.strip()
    command_line = CommandLine(
        local=getattr(args, "local", None),
        remote=getattr(args, "remote", None),
        api_base=getattr(args, "api_base", None),
        local_api_base=getattr(args, "local_api_base", None),
        trust_local_endpoint=bool(getattr(args, "trust_local_endpoint", False)),
        roles=chosen,
    )
    return resolve(
        roles, command_line=command_line, config=load_config(getattr(args, "config", None))
    )


def _embedded(spec: str) -> bool:
    text = spec.strip().lower()
    return text in ("", "embedded", "loopback") or text.startswith("embedded:")
