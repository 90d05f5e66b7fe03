import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '0.2.0:0',
  releaseNotes: 'Pages 0.2',
  migrations: {
    up: async ({ effects }) => {},
    down: IMPOSSIBLE,
  },
})
