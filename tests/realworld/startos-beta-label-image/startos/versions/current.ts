import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '0.15.6-beta:1',
  releaseNotes: 'Update the node',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
