-- Shared by the headless Neovim tests. The Rust driver (tests/e2e/neovim.rs) sets
-- MANIFEST_LSP_BIN, MANIFEST_LSP_PLUGIN and MANIFEST_LSP_WORKSPACE, and reads the exit status.
local H = {}

H.bin = assert(os.getenv('MANIFEST_LSP_BIN'), 'MANIFEST_LSP_BIN is not set')
H.workspace = assert(os.getenv('MANIFEST_LSP_WORKSPACE'), 'MANIFEST_LSP_WORKSPACE is not set')
vim.opt.runtimepath:prepend(assert(os.getenv('MANIFEST_LSP_PLUGIN'), 'MANIFEST_LSP_PLUGIN is not set'))

-- `-u NONE` leaves filetype detection off; the plugin starts on FileType
vim.cmd('filetype on')

local TIMEOUT = 20000

-- Ends Neovim; the exit status is the verdict.
function H.finish(ok, message)
  io.stdout:write((ok and 'PASS' or 'FAIL') .. ': ' .. (message or '') .. '\n')
  vim.cmd('cquit ' .. (ok and 0 or 1))
end

function H.check(cond, message)
  if not cond then
    H.finish(false, message)
  end
end

-- Waits until `predicate()` is true or fails the test with `what`.
function H.wait(what, predicate)
  H.check(vim.wait(TIMEOUT, predicate, 50), 'timed out waiting for ' .. what)
end

function H.read(path)
  local f = io.open(path, 'rb')
  if not f then
    return nil
  end
  local text = f:read('*a')
  f:close()
  return text
end

function H.exists(path)
  return vim.loop.fs_stat(path) ~= nil
end

-- MANIFEST_LSP_FROM_PATH=1: the binary was unpacked from the release archive onto PATH, and the
-- plugin is set up as the README says for that, with no `cmd`.
H.from_path = os.getenv('MANIFEST_LSP_FROM_PATH') == '1'

function H.setup()
  if H.from_path then
    local found = vim.fn.exepath('manifest-lsp')
    H.check(found == H.bin, 'manifest-lsp on PATH is "' .. found .. '", not the archive\'s ' .. H.bin)
    require('manifest_lsp').setup()
  else
    require('manifest_lsp').setup({ cmd = { H.bin } })
  end
end

-- The labels of the inlay hints Neovim 0.10+ holds for `bufnr`, in order.
function H.inlay_labels(bufnr)
  local labels = {}
  for _, h in ipairs(vim.lsp.inlay_hint.get({ bufnr = bufnr })) do
    local label = h.inlay_hint.label
    if type(label) == 'table' then
      label = label[1].value
    end
    table.insert(labels, label)
  end
  return labels
end

-- The manifest-lsp client of the current buffer, once it has initialized.
function H.client()
  local found
  H.wait('manifest-lsp to attach and initialize', function()
    for _, client in pairs(vim.lsp.buf_get_clients(0)) do
      if client.name == 'manifest_lsp' and client.server_capabilities
        and client.server_capabilities.codeActionProvider then
        found = client
        if H.from_path then
          H.check(client.config.cmd[1] == 'manifest-lsp', 'not started by name: ' .. vim.inspect(client.config.cmd))
        end
        return true
      end
    end
    return false
  end)
  return found
end

-- Runs vim.lsp.buf.code_action() the way a user does, choosing in the menu the first action
-- whose title contains `needle`; fails the test, listing what was offered, when none does.
function H.code_action(needle)
  local chosen, offered = nil, nil
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    for i, item in ipairs(items) do
      local title = opts.format_item(item)
      table.insert(offered, title)
      if not chosen and title:find(needle, 1, true) then
        chosen = i
        on_choice(item, i)
      end
    end
    if not chosen then
      on_choice(nil, nil)
    end
  end
  vim.lsp.buf.code_action()
  H.wait('the code action menu', function()
    return offered ~= nil
  end)
  H.check(chosen, 'no action titled "' .. needle .. '" among: ' .. table.concat(offered, ' | '))
  return offered[chosen]
end

-- Runs `manifest-lsp check` on the workspace; returns its exit status and output.
function H.run_check()
  local out = vim.fn.system({ H.bin, 'check', H.workspace })
  return vim.v.shell_error, out
end

-- The codes of the diagnostics on buffer `bufnr`.
function H.codes(bufnr)
  local codes = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(codes, tostring(d.code))
  end
  return codes
end

return H
