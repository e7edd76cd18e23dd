"""Which model each role runs on, and why (minionc/binding.py): one precedence
order, from the command line down to the defaults, and a config file that says
clearly what is wrong with it. Pure: nothing is loaded or called here."""

from __future__ import annotations

from pathlib import Path

import pytest
from minionc.compiler.plan import ModelRole
from repo_paths import ROOT

from minionc.binding import BindingError, CommandLine, Config, load_config, resolve

ROLES = {
    "worker": ModelRole(tier="local"),
    "supervisor": ModelRole(tier="remote", model="openai/gpt-4o"),
}


def chosen(binding: object, role: str) -> tuple[str, str]:
    _, choice = binding.roles[role]  # type: ignore[attr-defined]
    return choice.settings.spec, choice.source


def config(text: str, tmp_path: Path, name: str = "minionc.toml") -> Config:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_config(cwd=tmp_path, environ={})


def test_the_program_names_a_role_and_the_defaults_fill_the_rest() -> None:
    binding = resolve(ROLES, environ={})
    assert chosen(binding, "supervisor") == ("openai/gpt-4o", "the program's models block")
    assert chosen(binding, "worker") == ("embedded:gemma-3-270m", "the default")
    assert binding.tiers["remote"].settings.spec == "embedded:qwen2.5-coder-1.5b-instruct"


def test_a_key_in_the_environment_never_chooses_a_provider() -> None:
    binding = resolve(
        {"supervisor": ModelRole(tier="remote")},
        environ={"OPENAI_API_KEY": "sk-x", "ANTHROPIC_API_KEY": "sk-y"},
    )
    assert chosen(binding, "supervisor") == ("embedded:qwen2.5-coder-1.5b-instruct", "the default")


def test_each_source_overrides_the_ones_below_it(tmp_path: Path) -> None:
    cfg = config(
        '[remote]\nmodel = "anthropic/claude-x"\ntimeout = 30\n'
        '[roles.supervisor]\nmodel = "openai/gpt-4o-mini"\nretries = 5\n',
        tmp_path,
    )
    path = tmp_path / "minionc.toml"
    # the config file: a role's table over its tier's, both over the program
    binding = resolve(ROLES, environ={}, config=cfg)
    assert chosen(binding, "supervisor") == (
        "openai/gpt-4o-mini",
        f"the config file {path} [roles.supervisor]",
    )
    assert binding.tiers["remote"].settings.spec == "anthropic/claude-x"
    # the environment over the config file
    env = {"MINIONC_REMOTE": "groq/llama-3", "MINIONC_REMOTE_API_BASE": "http://127.0.0.1:9/v1"}
    binding = resolve(ROLES, environ=env, config=cfg)
    assert chosen(binding, "supervisor") == ("groq/llama-3", "$MINIONC_REMOTE")
    _, choice = binding.roles["supervisor"]
    assert choice.settings.api_base == "http://127.0.0.1:9/v1"
    # the command line over the environment; --model ROLE over --remote
    cli = CommandLine(
        remote="openai/o1", roles={"supervisor": "embedded:qwen2.5-coder-0.5b-instruct"}
    )
    binding = resolve(ROLES, environ=env, config=cfg, command_line=cli)
    assert chosen(binding, "supervisor") == (
        "embedded:qwen2.5-coder-0.5b-instruct",
        "--model supervisor=embedded:qwen2.5-coder-0.5b-instruct",
    )
    assert binding.tiers["remote"].settings.spec == "openai/o1"
    # the other settings by the same order, each on its own: the model came from the
    # command line, the timeout and retries from the file
    _, choice = binding.roles["supervisor"]
    assert (choice.settings.timeout, choice.settings.retries) == (30, 5)
    assert choice.settings.api_base is None  # an endpoint goes with the model it was given for


def test_the_binding_says_which_model_and_why() -> None:
    binding = resolve(
        ROLES, environ={}, command_line=CommandLine(local="embedded:qwen2.5-coder-0.5b-instruct")
    )
    assert binding.lines() == [
        "worker -> embedded:qwen2.5-coder-0.5b-instruct (local; --local)",
        "supervisor -> openai/gpt-4o (remote; the program's models block)",
        "@local -> embedded:qwen2.5-coder-0.5b-instruct (--local)",
        "@remote -> embedded:qwen2.5-coder-1.5b-instruct (the default)",
    ]
    assert binding.to_json()["roles"]["supervisor"]["source"] == "the program's models block"


def test_a_role_the_program_does_not_have_is_a_usage_error() -> None:
    with pytest.raises(BindingError, match=r"no role 'supervizor' \(did you mean 'supervisor'\?\)"):
        resolve(ROLES, environ={}, command_line=CommandLine(roles={"supervizor": "openai/x"}))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('[remot]\nmodel = "x"\n', "unknown table [remot] (did you mean 'remote'?)"),
        ('[remote]\nmodle = "x"\n', "unknown setting 'modle' (did you mean 'model'?)"),
        ('[remote]\ntimeout = "soon"\n', "timeout has the wrong type"),
        ("[local]\ntrusted = 1\n", "trusted has the wrong type"),
        ("[remote\nmodel = 1\n", "is not valid TOML"),
        ("roles = 3\n", "[roles] holds one table per role"),
    ],
)
def test_a_wrong_config_file_says_what_is_wrong(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(BindingError) as info:
        config(text, tmp_path)
    assert says in str(info.value) and str(tmp_path / "minionc.toml") in str(info.value)


def test_the_config_can_live_in_pyproject_or_be_named(tmp_path: Path) -> None:
    cfg = config('[tool.minionc.local]\nmodel = "ollama/llama3.2"\n', tmp_path, "pyproject.toml")
    assert cfg.tiers["local"]["model"] == "ollama/llama3.2"
    assert load_config(cwd=tmp_path / "nowhere", environ={}) == Config()  # none: empty
    named = tmp_path / "other.toml"
    named.write_text('[remote]\nmodel = "openai/gpt-4o-mini"\n', encoding="utf-8")
    assert load_config(environ={"MINIONC_CONFIG": str(named)}).path == named
    with pytest.raises(BindingError, match="does not exist"):
        load_config(tmp_path / "missing.toml", environ={})


@pytest.mark.parametrize(
    ("program", "tiers"),
    [
        ("remote_only", {"remote"}),
        ("local_only", {"local"}),
        ("minions", {"local", "remote"}),
    ],
)
def test_the_tiers_a_plan_calls_are_where_its_calls_run(program: str, tiers: set[str]) -> None:
    import minionc

    plan = minionc.compile_file(ROOT / "programs" / f"{program}.minion")
    assert resolve(plan.models, environ={}).tiers_called(plan) == tiers


def test_an_auto_call_counts_on_the_tier_it_would_run_on() -> None:
    import minionc

    # doc_qa's one model call is its @auto answer (retrieval is BM25): unplaced,
    # it runs remote; the shipped plan holds it remote. No local weights needed.
    plan = minionc.compile_file(ROOT / "programs" / "doc_qa.minion")
    assert resolve(plan.models, environ={}).tiers_called(plan) == {"remote"}
    shipped = minionc.load_plan(ROOT / "programs" / "optimized" / "doc_qa.frugal.json")
    assert resolve(shipped.models, environ={}).tiers_called(shipped) == {"remote"}
