import { VersionInfo, IMPOSSIBLE } from '@start9labs/start-sdk'

export const current = VersionInfo.of({
  version: '6.57.1:0',
  releaseNotes: {
    en_US: `- Ghost → 6.57.1
- MySQL → 8.4.9`,
    es_ES: 'Ghost → 6.57.1',
  },
  migrations: {
    up: async ({ effects }) => {},
    down: async ({ effects }) => {},
  },
})
