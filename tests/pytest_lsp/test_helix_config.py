"""editors/helix/languages.toml against the keys Helix accepts (Helix can't be installed here):
its `[language-server.NAME]` and `[[language]]` keys, language names Helix defines, and servers
that are either Helix's defaults for the language or defined in the file."""
import pathlib
import tomllib

CONFIG = pathlib.Path(__file__).resolve().parents[2] / "editors/helix/languages.toml"

# helix-core's LanguageServerConfiguration and LanguageConfiguration fields (as in Helix 25.x)
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "file-types", "shebangs", "roots", "comment-token",
    "comment-tokens", "block-comment-tokens", "text-width", "soft-wrap", "auto-format",
    "formatter", "diagnostic-severity", "grammar", "injection-regex", "language-servers",
    "indent", "debugger", "auto-pairs", "rulers", "workspace-lsp-roots", "persistent-diagnostic-sources",
}
# Helix's default servers for the languages the file touches (runtime languages.toml)
DEFAULT_SERVERS = {
    "typescript": {"typescript-language-server"},
    "tsx": {"typescript-language-server"},
    "javascript": {"typescript-language-server"},
    "json": {"vscode-json-language-server"},
    "jsonc": {"vscode-json-language-server"},
    "markdown": {"marksman", "markdown-oxide"},
    "dockerfile": {"docker-langserver"},
    "toml": {"taplo"},
}


def load():
    with CONFIG.open("rb") as f:
        return tomllib.load(f)


def test_server_definition():
    config = load()
    servers = config["language-server"]
    assert set(servers) == {"manifest-lsp"}
    server = servers["manifest-lsp"]
    assert set(server) <= SERVER_KEYS, set(server) - SERVER_KEYS
    assert server["command"] == "manifest-lsp"
    assert server["args"] == ["serve"]


def test_languages_add_manifest_lsp_next_to_their_defaults():
    config = load()
    names = []
    for language in config["language"]:
        assert set(language) <= LANGUAGE_KEYS, set(language) - LANGUAGE_KEYS
        name = language["name"]
        names.append(name)
        assert name in DEFAULT_SERVERS, f"{name} is not a language this file should touch"
        listed = [s if isinstance(s, str) else s["name"] for s in language["language-servers"]]
        assert listed[-1] == "manifest-lsp", listed
        for other in listed[:-1]:
            assert other in DEFAULT_SERVERS[name], f"{other} is not Helix's default for {name}"
    assert len(names) == len(set(names))
    assert {"typescript", "json", "markdown"} <= set(names)
