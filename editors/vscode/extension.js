// Starts `minionc lsp` (the language server) for .minion files. The command is
// the `minion.server.command` setting: by default `minionc lsp` from PATH; point
// it at a virtual environment's minionc (e.g. ".venv/bin/minionc") if that is
// where minionc is installed.
"use strict";

const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

async function activate(context) {
  const setting = vscode.workspace.getConfiguration("minion").get("server.command");
  const [command, ...args] = Array.isArray(setting) && setting.length ? setting : ["minionc", "lsp"];
  client = new LanguageClient(
    "minion",
    "minionc language server",
    { command, args },
    { documentSelector: [{ scheme: "file", language: "minion" }] },
  );
  context.subscriptions.push(client);
  try {
    await client.start();
  } catch (error) {
    vscode.window.showWarningMessage(
      `minionc: the language server did not start (${command} ${args.join(" ")}): ${error}. ` +
        "Install minionc with its lsp extra (pip install 'minionc[lsp]') or set " +
        "minion.server.command to the minionc of your virtual environment; highlighting works without it.",
    );
  }
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
