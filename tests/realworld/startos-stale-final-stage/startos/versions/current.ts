import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '1.5.0:0',
  releaseNotes: 'Ledger 1.5',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
