-- Salesforce in Neovim 0.10+: in sfdx-project.json, the hover on a package's versionNumber tells
-- its parts and its ancestor; the inlay hint shows what HIGHEST resolves to; a versionNumber typed
-- as `1.19.NEXT` (unsaved) gets SF004 and its fix writes `1.19.0.NEXT` in the buffer.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/helpers.lua')
local ok, err = xpcall(function()
  H.check(vim.fn.has('nvim-0.10') == 1, 'needs Neovim 0.10 or newer, this is ' .. tostring(vim.version()))
  H.setup()
  vim.cmd('edit ' .. H.workspace .. '/sfdx-project.json')
  H.client()
  local bufnr = vim.api.nvim_get_current_buf()

  local function at(needle)
    local line = vim.fn.search(needle, 'nw')
    H.check(line > 0, needle .. ' not in the buffer')
    local col = vim.fn.getline(line):find(needle, 1, true)
    vim.api.nvim_win_set_cursor(0, { line, col })
    return vim.lsp.util.make_position_params(0, 'utf-16')
  end
  local function first(method, params)
    local answers = vim.lsp.buf_request_sync(bufnr, method, params, 20000) or {}
    for _, a in pairs(answers) do
      if a.result then
        return a.result
      end
    end
  end

  -- hover on the versionNumber
  local hover = first('textDocument/hover', at('1.3.0.NEXT'))
  local text = hover and hover.contents and hover.contents.value or ''
  H.check(text:find('major 1 · minor 3 · patch 0', 1, true), 'hover:\n' .. text)
  H.check(text:find('HIGHEST', 1, true) and text:find('1.2.0', 1, true), 'hover lacks the ancestor:\n' .. text)

  -- the inlay hint after HIGHEST
  vim.lsp.inlay_hint.enable(true, { bufnr = bufnr })
  local labels
  H.wait('the inlay hint', function()
    labels = H.inlay_labels(bufnr)
    return #labels >= 1
  end)
  H.check(table.concat(labels, ' ') == '→ 1.2.0', 'hints: ' .. table.concat(labels, ' | '))

  -- typed, not saved: SF004 with its one clear reading, fixed in the buffer
  local line = vim.fn.search('1.3.0.NEXT', 'nw')
  local old = vim.fn.getline(line)
  vim.api.nvim_buf_set_lines(bufnr, line - 1, line, false, { (old:gsub('1%.3%.0%.NEXT', '1.19.NEXT')) })
  local sf004
  H.wait('SF004 on the typed version', function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'SF004' then
        sf004 = d
        return true
      end
    end
    return false
  end)
  H.check(sf004.message:find('did you mean 1.19.0.NEXT?', 1, true), 'message: ' .. sf004.message)
  local params = at('1.19.NEXT')
  params.range = { start = params.position, ['end'] = params.position }
  params.context = { diagnostics = { sf004.user_data and sf004.user_data.lsp or {} } }
  local actions = first('textDocument/codeAction', params) or {}
  local fix
  for _, a in ipairs(actions) do
    if a.title == 'Write 1.19.0.NEXT' then
      fix = a
    end
  end
  H.check(fix, 'no SF004 fix among ' .. #actions .. ' action(s)')
  vim.lsp.util.apply_workspace_edit(fix.edit, 'utf-16')
  H.check(vim.fn.getline(line):find('"1.19.0.NEXT"', 1, true), 'after the fix: ' .. vim.fn.getline(line))
  H.wait('SF004 to go', function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'SF004' then
        return false
      end
    end
    return true
  end)
end, debug.traceback)
H.finish(ok, ok and 'salesforce' or err)
