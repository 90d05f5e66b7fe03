-- nvim-lspconfig-style configuration for Neovim 0.11+: with `editors/neovim` on the runtime path,
-- `vim.lsp.enable('manifest_lsp')` picks this file up (override any field with
-- `vim.lsp.config('manifest_lsp', { … })`). Older versions: require('manifest_lsp').setup(opts).
local defaults = require('manifest_lsp').defaults
return {
  cmd = defaults.cmd,
  filetypes = defaults.filetypes,
  root_markers = defaults.root_markers,
  -- answered to workspace/configuration (section `manifest-lsp`)
  settings = { ['manifest-lsp'] = { rules = {} } },
  capabilities = {
    workspace = {
      workspaceEdit = { documentChanges = true, resourceOperations = { 'create', 'rename', 'delete' } },
    },
  },
}
