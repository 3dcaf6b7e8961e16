// A thin client: VS Code starts `mkdocs-postlint lsp` and shows its diagnostics and quick fixes.
// All linting happens in the server, with the settings `mkdocs-postlint check` uses.
"use strict";

const vscode = require("vscode");

let client;
let starting = Promise.resolve();

// The Python extension's selected interpreter, when that extension is installed.
async function selectedInterpreter() {
  const python = vscode.extensions.getExtension("ms-python.python");
  if (!python) {
    return undefined;
  }
  const api = python.isActive ? python.exports : await python.activate();
  const environments = api && api.environments;
  if (!environments || !environments.getActiveEnvironmentPath) {
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const active = environments.getActiveEnvironmentPath(folder && folder.uri);
  const resolved = active && (await environments.resolveEnvironment(active));
  return resolved && resolved.executable && resolved.executable.uri
    ? resolved.executable.uri.fsPath
    : active && active.path;
}

// How to start the server: the path setting, the interpreter setting, the selected
// interpreter, or `mkdocs-postlint` on the PATH, in that order.
async function serverCommand() {
  const settings = vscode.workspace.getConfiguration("mkdocsPostlint");
  const path = settings.get("path", []);
  if (Array.isArray(path) && path.length > 0) {
    return { command: path[0], args: [...path.slice(1), "lsp"] };
  }
  const python = settings.get("interpreter", "") || (await selectedInterpreter());
  if (python) {
    return { command: python, args: ["-m", "mkdocs_postlint", "lsp"] };
  }
  return { command: "mkdocs-postlint", args: ["lsp"] };
}

async function start() {
  // Loaded here, not at the top, so that `serverCommand` can be tested without VS Code.
  const { LanguageClient } = require("vscode-languageclient/node");
  const server = await serverCommand();
  const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  const options = folder ? { cwd: folder.uri.fsPath } : {};
  client = new LanguageClient(
    "mkdocsPostlint",
    "mkdocs-postlint",
    { command: server.command, args: server.args, options },
    {
      documentSelector: [
        { scheme: "file", language: "markdown" },
        { scheme: "untitled", language: "markdown" },
      ],
    },
  );
  try {
    await client.start();
  } catch (error) {
    const how = `${server.command} ${server.args.join(" ")}`;
    vscode.window.showErrorMessage(
      `mkdocs-postlint: could not start \`${how}\` (${error.message || error}). ` +
        "Install it with pip install 'mkdocs-postlint[lsp]' in the selected interpreter, " +
        "or set mkdocsPostlint.path.",
    );
  }
}

async function restart() {
  starting = starting.then(async () => {
    if (client) {
      await client.stop().catch(() => undefined);
      client = undefined;
    }
    await start();
  });
  return starting;
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("mkdocsPostlint.restart", () => restart()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (
        event.affectsConfiguration("mkdocsPostlint.path") ||
        event.affectsConfiguration("mkdocsPostlint.interpreter")
      ) {
        restart();
      }
    }),
  );
  const python = vscode.extensions.getExtension("ms-python.python");
  if (python) {
    const api = python.isActive ? python.exports : await python.activate();
    const environments = api && api.environments;
    if (environments && environments.onDidChangeActiveEnvironmentPath) {
      context.subscriptions.push(
        environments.onDidChangeActiveEnvironmentPath(() => restart()),
      );
    }
  }
  await restart();
}

async function deactivate() {
  await starting;
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate, serverCommand };
