-- The spin-off, through Neovim's own code-action menu, leaves the right files on disk.
local H = dofile(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':h') .. '/helpers.lua')
local ok, err = xpcall(function()
  H.setup()
  local versions = H.workspace .. '/startos/versions'
  vim.cmd('edit ' .. versions .. '/current.ts')
  H.client()
  local title = H.code_action('start 6.58.0:0')
  H.check(title:find('v6.57.1_0.ts', 1, true), 'unexpected title: ' .. title)
  H.wait('the historical file', function()
    return H.exists(versions .. '/v6.57.1_0.ts')
  end)
  -- the edits to index.ts and the new current.ts are in buffers, as after any code action
  vim.cmd('silent wall')

  local historical = H.read(versions .. '/v6.57.1_0.ts')
  H.check(historical:find("export const v_6_57_1_0 = VersionInfo.of", 1, true), 'export not renamed:\n' .. historical)
  H.check(historical:find("version: '6.57.1:0'", 1, true), 'historical version changed:\n' .. historical)
  local current = H.read(versions .. '/current.ts')
  H.check(current:find("export const current = VersionInfo.of", 1, true), 'no fresh current.ts:\n' .. current)
  H.check(current:find("version: '6.58.0:0'", 1, true), 'fresh current.ts lacks the next version:\n' .. current)
  H.check(current:find('down: IMPOSSIBLE', 1, true), 'fresh current.ts lacks its migrations:\n' .. current)
  local index = H.read(versions .. '/index.ts')
  H.check(index:find("import { v_6_57_1_0 } from './v6.57.1_0'", 1, true), 'index.ts lacks the import:\n' .. index)
  H.check(index:find('v_6_57_1_0,', 1, true) or index:find('v_6_57_1_0 ]', 1, true) or index:find('v_6_57_1_0]', 1, true),
    'index.ts lacks the other entry:\n' .. index)

  local manifest = H.read(H.workspace .. '/startos/manifest/index.ts')
  H.check(manifest:find("dockerTag: 'ghost:6.58.0-alpine'", 1, true), 'upstream image not retagged:\n' .. manifest)

  local status, out = H.run_check()
  H.check(status == 0, 'check is not clean after the spin-off (' .. status .. '):\n' .. out)
  -- the server agrees: the new current.ts has no diagnostics
  vim.cmd('edit ' .. versions .. '/current.ts')
  H.wait('diagnostics on the new current.ts to settle', function()
    return #vim.diagnostic.get(0) == 0
  end)
end, debug.traceback)
H.finish(ok, ok and 'spin-off' or err)
