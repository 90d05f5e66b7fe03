import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '0.20.0-beta:1' as const,
  releaseNotes: 'Update the node',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
