"""The server under the recorded capabilities of real clients (pytest-lsp's profiles): it must
offer only what each client can apply, in the form it accepts. pytest-lsp's own checks also
validate every response against the client's capabilities."""
import asyncio
import shutil

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from conftest import copy_fixtures, server_bin

CLIENTS = ["visual-studio-code", "neovim@v0.7.0", "neovim@v0.11.0", "emacs"]


def can_create(spec: str) -> bool:
    edit = client_capabilities(spec).workspace.workspace_edit
    ops = (edit.resource_operations or []) if edit else []
    return types.ResourceOperationKind.Create in ops


@pytest_lsp.fixture(
    params=CLIENTS,
    config=ClientServerConfig(server_command=[server_bin(), "serve"]),
)
async def client(request, lsp_client: LanguageClient):
    root = copy_fixtures("clean/ghost-startos", "violations/so007-docker-tag-mismatch")

    # what the real clients do with these requests: accept them
    @lsp_client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params):
        return None

    lsp_client.root = root
    lsp_client.spec = request.param
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(request.param),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="w")],
        )
    )
    yield
    await lsp_client.shutdown_session()
    shutil.rmtree(root, ignore_errors=True)


async def open_file(client: LanguageClient, path) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="typescript", version=1, text=path.read_text()
            )
        )
    )
    return uri


def pulls(spec: str) -> bool:
    text = client_capabilities(spec).text_document
    return text is not None and text.diagnostic is not None


async def wait_diagnostics(client: LanguageClient, uri: str, pred):
    """Pushed diagnostics, or pulled ones for a client that pulls (and is then never pushed any)."""
    if pulls(client.spec):
        for _ in range(100):
            report = await client.text_document_diagnostic_async(
                types.DocumentDiagnosticParams(text_document=types.TextDocumentIdentifier(uri=uri))
            )
            if report.kind == "full" and pred(report.items):
                assert not client.diagnostics, "a pulling client was pushed diagnostics"
                return report.items
            await asyncio.sleep(0.1)
        raise AssertionError(f"pulled diagnostics for {uri} never matched")
    for _ in range(100):
        if uri in client.diagnostics and pred(client.diagnostics[uri]):
            return client.diagnostics[uri]
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    raise AssertionError(f"diagnostics for {uri} never matched: {client.diagnostics.get(uri)}")


async def test_diagnostics_and_their_quick_fix(client: LanguageClient):
    manifest = client.root / "so007-docker-tag-mismatch/startos/manifest/index.ts"
    uri = await open_file(client, manifest)
    diags = await wait_diagnostics(client, uri, lambda d: any(x.code == "SO007" for x in d))
    d = next(x for x in diags if x.code == "SO007")
    # no link while the project names no real repository
    assert d.code_description is None
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=d.range,
            context=types.CodeActionContext(diagnostics=[d], only=[types.CodeActionKind.QuickFix]),
        )
    )
    titles = [a.title for a in actions]
    assert any(t.startswith("Set the tag") for t in titles), titles
    # as Emacs and Neovim ask: at column 0 of the line, or for the whole line, naming the diagnostic
    line = d.range.start.line
    for rng in (
        types.Range(start=types.Position(line, 0), end=types.Position(line, 0)),
        types.Range(start=types.Position(line, 0), end=types.Position(line + 1, 0)),
    ):
        actions = await client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=rng,
                context=types.CodeActionContext(diagnostics=[d]),
            )
        )
        titles = [a.title for a in actions]
        assert any(t.startswith("Set the tag") for t in titles), (rng, titles)


async def test_version_actions_fit_the_client(client: LanguageClient):
    current = client.root / "ghost-startos/startos/versions/current.ts"
    uri = await open_file(client, current)
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(3, 14), end=types.Position(3, 14)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    # a bump is text only: every client gets it
    bumps = [a for a in actions if a.title.startswith("Bump to")]
    assert bumps, [a.title for a in actions]
    # on the `version` line they are the point of the file: first group, preferred
    versions = [a for a in actions if a.title.startswith(("Bump to", "Spin off"))]
    assert all(a.kind == types.CodeActionKind.QuickFix for a in versions), [
        (a.title, a.kind) for a in versions
    ]
    assert all(a.is_preferred for a in versions if not a.disabled), [
        (a.title, a.is_preferred) for a in versions
    ]
    # the spin-off creates a file (and renames none, so no editor offers to "update imports"):
    # only for clients that can create files
    spin_offs = [a for a in actions if a.title.startswith("Spin off")]
    if can_create(client.spec):
        assert len(spin_offs) == 4, [a.title for a in actions]
        ops = spin_offs[0].edit.document_changes
        assert not any(isinstance(op, types.RenameFile) for op in ops)
        assert any(isinstance(op, types.CreateFile) for op in ops)
    else:
        # hidden, or listed greyed out with what the editor lacks
        assert all(a.disabled and "resourceOperations" in a.disabled.reason for a in spin_offs), [
            (a.title, a.disabled) for a in spin_offs
        ]
        assert all(a.edit is None for a in spin_offs)


async def test_code_lens_only_where_it_can_run(client: LanguageClient):
    current = client.root / "ghost-startos/startos/versions/current.ts"
    uri = await open_file(client, current)
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    if can_create(client.spec):
        assert [l.command.command for l in lenses] == ["manifest-lsp.spinOff"] * 4
    else:
        assert not lenses


async def test_completion_and_hover(client: LanguageClient):
    current = client.root / "ghost-startos/startos/versions/current.ts"
    uri = await open_file(client, current)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(3, 14),
        )
    )
    items = result.items if isinstance(result, types.CompletionList) else result
    assert [i.label for i in items] == ["6.57.2:0", "6.58.0:0", "7.0.0:0", "6.57.1:1"]
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(3, 14),
        )
    )
    assert "6.57.1" in hover.contents.value
