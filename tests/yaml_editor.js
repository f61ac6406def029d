// Validates YAML documents the way VS Code's YAML extension does: yaml-language-server (from npm, see
// package.json) with the schemas mapped in .vscode/settings.json, YAML 1.2 as the extension's default.
// stdin: [[relative path, text], …]; stdout: {relative path: ["line: message", …]}.
const fs = require("fs");
const path = require("path");
const { getLanguageService } = require("yaml-language-server/out/server/src/languageservice/yamlLanguageService");
const { TextDocument } = require("vscode-languageserver-textdocument");

const root = process.argv[2];
const mapping = JSON.parse(fs.readFileSync(path.join(root, ".vscode", "settings.json"), "utf8"))["yaml.schemas"];
const service = getLanguageService({
  schemaRequestService: async (uri) => fs.readFileSync(new URL(uri), "utf8"),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).toString() },
});
service.configure({
  validate: true,
  yamlVersion: "1.2",
  customTags: [],
  // a mapping is one glob or a list of them; "!…" excludes (translation files beside the entries)
  schemas: Object.entries(mapping).map(([file, globs]) => ({
    uri: "file://" + path.join(root, file),
    fileMatch: [].concat(globs).map((glob) => (glob.startsWith("!") ? "!/" + glob.slice(1) : "/" + glob)),
  })),
});

(async () => {
  const result = {};
  for (const [relative, text] of JSON.parse(fs.readFileSync(0, "utf8"))) {
    const document = TextDocument.create("file:///projekt/" + relative, "yaml", 1, text);
    const found = await service.doValidation(document, false);
    result[relative] = found.map((d) => `${d.range.start.line + 1}: ${d.message}`);
  }
  process.stdout.write(JSON.stringify(result));
})();
