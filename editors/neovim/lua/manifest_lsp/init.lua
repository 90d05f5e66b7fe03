-- manifest-lsp for Neovim 0.7 through 0.11.
--
--   require('manifest_lsp').setup({ cmd = { '/path/to/manifest-lsp' } })
--
-- 0.11 and later: registered with vim.lsp.config / vim.lsp.enable.
-- 0.8 to 0.10: started with vim.lsp.start on the FileType event.
-- 0.7: vim.lsp.start_client once per root, then vim.lsp.buf_attach_client.
local M = {}

M.defaults = {
  name = 'manifest_lsp',
  cmd = { 'manifest-lsp' },
  filetypes = {
    'typescript', 'typescriptreact', 'javascript', 'javascriptreact',
    'json', 'jsonc', 'markdown', 'dockerfile', 'toml',
  },
  -- the nearest ancestor holding one of these is the workspace root
  root_markers = {
    'manifest-lsp.toml', 'startos', 'sfdx-project.json', '.changeset', 'pnpm-workspace.yaml', '.git',
  },
  settings = {},
  init_options = nil,
  on_attach = nil,
  capabilities = nil,
}

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

-- The nearest ancestor directory of `path` that contains one of `markers`, by marker order:
-- an earlier marker wins over a nearer later one, so a package inside a git repository is
-- rooted at the package, not at the repository.
function M.find_root(path, markers)
  local start = dirname(vim.fn.fnamemodify(path, ':p'))
  for _, marker in ipairs(markers) do
    local dir = start
    while true do
      if vim.loop.fs_stat(dir .. '/' .. marker) then
        return dir
      end
      local parent = dirname(dir)
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return nil
end

-- Neovim 0.7 applies create/rename/delete in `documentChanges`; say so, so the server offers
-- the actions that need them (spin off a version file, rename a mismatched file).
local function capabilities(opts)
  local caps = vim.lsp.protocol.make_client_capabilities()
  caps.workspace = caps.workspace or {}
  caps.workspace.workspaceEdit = caps.workspace.workspaceEdit or {}
  caps.workspace.workspaceEdit.documentChanges = true
  caps.workspace.workspaceEdit.resourceOperations = { 'create', 'rename', 'delete' }
  if opts.capabilities then
    caps = vim.tbl_deep_extend('force', caps, opts.capabilities)
  end
  return caps
end

local function client_config(opts, root)
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = root and { { uri = vim.uri_from_fname(root), name = root } } or nil,
    settings = opts.settings,
    init_options = opts.init_options,
    capabilities = capabilities(opts),
    on_attach = opts.on_attach,
    -- `workspace/configuration` answers come from `settings`
    handlers = opts.handlers,
  }
end

local clients = {} -- 0.7: root -> client id

local function attach(opts, bufnr)
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == '' or vim.bo[bufnr].buftype ~= '' then
    return
  end
  local root = M.find_root(file, opts.root_markers) or dirname(file)
  if vim.lsp.start then
    vim.lsp.start(client_config(opts, root), { bufnr = bufnr })
    return
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) or vim.lsp.get_client_by_id(id).is_stopped() then
    id = vim.lsp.start_client(client_config(opts, root))
    if not id then
      vim.notify('manifest-lsp: could not start ' .. table.concat(opts.cmd, ' '), vim.log.levels.ERROR)
      return
    end
    clients[root] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
end

function M.setup(user)
  local opts = vim.tbl_deep_extend('force', M.defaults, user or {})
  if vim.fn.executable(opts.cmd[1]) ~= 1 then
    vim.notify(
      'manifest-lsp: `' .. opts.cmd[1] .. '` is not executable; build it with `cargo build --release` '
        .. 'and pass cmd = { "/path/to/target/release/manifest-lsp" } to setup()',
      vim.log.levels.WARN
    )
    return
  end
  if vim.lsp.config and vim.lsp.enable then
    local config = client_config(opts, nil)
    config.root_dir = nil
    config.workspace_folders = nil
    config.filetypes = opts.filetypes
    config.root_markers = opts.root_markers
    vim.lsp.config(opts.name, config)
    vim.lsp.enable(opts.name)
    return
  end
  local group = vim.api.nvim_create_augroup('manifest_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      attach(opts, args.buf)
    end,
  })
  -- buffers already open when setup() runs
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(opts.filetypes, vim.bo[bufnr].filetype) then
      attach(opts, bufnr)
    end
  end
end

return M
