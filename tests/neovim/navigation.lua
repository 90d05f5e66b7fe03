-- Navigation in Neovim 0.10+ through its own LSP client: vim.lsp.buf.definition() jumps from a
-- graph entry to the version file, vim.lsp.buf.document_symbol() lists the graph's versions,
-- inlay hints show each entry's version, and diagnostics arrive (pulled: Neovim advertises
-- textDocument/diagnostic) as the buffer changes.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/helpers.lua')
local ok, err = xpcall(function()
  H.check(vim.fn.has('nvim-0.10') == 1, 'needs Neovim 0.10 or newer, this is ' .. tostring(vim.version()))
  H.setup()
  local versions = H.workspace .. '/startos/versions'
  local index = versions .. '/index.ts'
  vim.cmd('edit ' .. index)
  local client = H.client()
  local bufnr = vim.api.nvim_get_current_buf()

  -- inlay hints: one per graph entry, with the version it stands for
  vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  local labels
  H.wait('inlay hints', function()
    labels = H.inlay_labels(bufnr)
    return #labels == 3
  end)
  H.check(table.concat(labels, ' ') == '6.57.1:0 6.0.0:2 5.9.0-rc.1:0', 'hints: ' .. table.concat(labels, ' | '))

  -- document symbols: the graph's versions, in order, in the location list
  vim.lsp.buf.document_symbol()
  H.wait('the outline in the location list', function()
    return #vim.fn.getloclist(0) >= 3
  end)
  local items = {}
  for _, item in ipairs(vim.fn.getloclist(0)) do
    table.insert(items, item.text)
  end
  local outline = table.concat(items, '\n')
  H.check(outline:find('6.0.0:2', 1, true) and outline:find('5.9.0-rc.1:0', 1, true), 'outline:\n' .. outline)
  vim.cmd('lclose')

  -- go to definition from the `other` entry
  local line = vim.fn.search('other: \\[v_6_0_0_2', 'n')
  local col = vim.fn.getline(line):find('v_6_0_0_2', 1, true)
  vim.api.nvim_win_set_cursor(0, { line, col })
  vim.lsp.buf.definition()
  H.wait('the jump to v6.0.0_2.ts', function()
    return vim.api.nvim_buf_get_name(0):match('v6%.0%.0_2%.ts$') ~= nil
  end)
  H.check(vim.fn.getline('.'):find('export const v_6_0_0_2', 1, true), 'landed on: ' .. vim.fn.getline('.'))

  -- diagnostics as the index changes in the buffer (an entry that names nothing: SO005)
  vim.cmd('buffer ' .. bufnr)
  local pulls = client.server_capabilities.diagnosticProvider ~= nil
  local last = vim.api.nvim_buf_line_count(bufnr)
  local text = vim.api.nvim_buf_get_lines(bufnr, 0, last, false)
  for i, l in ipairs(text) do
    if l:find('other: %[') then
      vim.api.nvim_buf_set_lines(bufnr, i - 1, i, false, { (l:gsub('other: %[', 'other: [v_9_9_9_9, ')) })
    end
  end
  H.wait('SO005 on the edited index (' .. (pulls and 'pulled' or 'pushed') .. ')', function()
    return vim.tbl_contains(H.codes(bufnr), 'SO005')
  end)
end, debug.traceback)
H.finish(ok, ok and 'navigation' or err)
