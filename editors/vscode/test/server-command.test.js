// How the extension chooses the command that starts the server, with a stand-in `vscode` module.
"use strict";

const assert = require("node:assert/strict");
const Module = require("node:module");
const test = require("node:test");

const state = { settings: {}, python: undefined };

const fakeVscode = {
  workspace: {
    workspaceFolders: [{ uri: { fsPath: "/site" } }],
    getConfiguration: () => ({ get: (key, fallback) => state.settings[key] ?? fallback }),
  },
  extensions: { getExtension: (id) => (id === "ms-python.python" ? state.python : undefined) },
};

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "vscode" ? "vscode" : resolve.call(this, request, ...rest);
};
require.cache.vscode = { id: "vscode", filename: "vscode", loaded: true, exports: fakeVscode };

const { serverCommand } = require("../extension.js");

function pythonExtension(executable) {
  const environments = {
    getActiveEnvironmentPath: () => ({ path: executable }),
    resolveEnvironment: async () => ({ executable: { uri: { fsPath: executable } } }),
  };
  return { isActive: true, exports: { environments } };
}

test("the path setting comes first, with lsp added", async () => {
  state.settings = { path: ["/venv/bin/mkdocs-postlint"], interpreter: "/usr/bin/python3" };
  state.python = pythonExtension("/selected/python");
  assert.deepEqual(await serverCommand(), {
    command: "/venv/bin/mkdocs-postlint",
    args: ["lsp"],
  });
});

test("then the interpreter setting", async () => {
  state.settings = { interpreter: "/usr/bin/python3" };
  state.python = pythonExtension("/selected/python");
  assert.deepEqual(await serverCommand(), {
    command: "/usr/bin/python3",
    args: ["-m", "mkdocs_postlint", "lsp"],
  });
});

test("then the Python extension's selected interpreter", async () => {
  state.settings = {};
  state.python = pythonExtension("/site/.venv/bin/python");
  assert.deepEqual(await serverCommand(), {
    command: "/site/.venv/bin/python",
    args: ["-m", "mkdocs_postlint", "lsp"],
  });
});

test("else mkdocs-postlint on the PATH", async () => {
  state.settings = {};
  state.python = undefined;
  assert.deepEqual(await serverCommand(), { command: "mkdocs-postlint", args: ["lsp"] });
});
